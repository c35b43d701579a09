package backtest_test

import (
	"fmt"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog/backtest"
)

// The cuts of a year's log with the defaults: the latest a 90-day
// horizon before its end, the others 45 days apart (Prophet's half a
// horizon), none in its first 30 days.
func ExampleOptions_Cutoffs() {
	first := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	for _, c := range (backtest.Options{}).Cutoffs(first, first.AddDate(1, 0, 0)) {
		fmt.Println(c.Format("2006-01-02"), c.Sub(first).Hours()/24)
	}
	// Output:
	// 2027-02-23 50
	// 2027-04-09 95
	// 2027-05-24 140
	// 2027-07-08 185
	// 2027-08-22 230
	// 2027-10-06 275
}

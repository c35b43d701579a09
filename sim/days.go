package sim

import (
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/sim/engine"
)

// Every output writes times as days since the start, and as calendar
// dates when the scenario has a start date; this file is the one home of
// both.

// Days returns virtual time t in days since the start.
func Days(t engine.Time) float64 { return float64(t) / float64(engine.Day) }

// FormatDays writes a number of days with the given decimals; with trim,
// trailing zeros and a bare point are dropped: 85.50 is "85.5", 85.00 "85".
func FormatDays(days float64, decimals int, trim bool) string {
	s := strconv.FormatFloat(days, 'f', decimals, 64)
	if trim && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Date returns the calendar time of t in layout (UTC), or "" when the
// scenario has no start date.
func (r *Result) Date(t engine.Time, layout string) string {
	if r.Start.IsZero() {
		return ""
	}
	return r.Start.Add(time.Duration(t) * time.Second).Format(layout)
}

// When describes virtual time t for people: "day 85.97", followed by the
// calendar time when the scenario has a start date: "day 85.97,
// 2027-03-31 23:20" (UTC).
func (r *Result) When(t engine.Time) string {
	s := "day " + FormatDays(Days(t), 2, false)
	if d := r.Date(t, "2006-01-02 15:04"); d != "" {
		s += ", " + d
	}
	return s
}

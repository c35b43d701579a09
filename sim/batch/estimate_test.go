package batch

import (
	"fmt"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// A sweep's largest point is found among the corners of its box, whatever
// the order of its values, and the cost counts every run of the batch.
func TestEstimateCost(t *testing.T) {
	scn := parse(t, `name: cost
duration: 365d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: pcs, count: 30, product: windows-7}]
replications: 10
sweep:
  - {path: fleet.pcs.count, values: [300, 30, 3000]}
  - {path: sample, values: [1d, 1h, 7d]}
`)
	if got := fmt.Sprint(corners(scn.Sweep)); got != "[[30 1h] [30 7d] [3000 1h] [3000 7d]]" {
		t.Errorf("corners %s", got)
	}
	c, err := EstimateCost(scn.Scenario(), 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Points != 9 || c.Runs != 90 || c.AtOnce != 2 {
		t.Errorf("points %d, runs %d, at once %d; want 9, 90, 2", c.Points, c.Runs, c.AtOnce)
	}
	if c.Largest.Fleet[0].Count != 3000 || c.MostSeries.Sample != scenarios.Hour {
		t.Errorf("largest point %d clients, most series at a sample of %s; want 3000 and 1h", c.Largest.Fleet[0].Count, c.MostSeries.Sample)
	}
	if c.Bytes < 2*c.Run.Bytes+c.Observations {
		t.Errorf("bytes %d, less than two runs at once (%d each) and the observations (%d)", c.Bytes, c.Run.Bytes, c.Observations)
	}
}

// A probability is stated with its interval, whose ends are exact when
// every replication held or none did.
func TestProbabilityString(t *testing.T) {
	for _, tc := range []struct {
		held, n int
		want    string
	}{
		{40, 40, "100%; 95% interval 91.2% to 100%"},
		{0, 40, "0%; 95% interval 0% to 8.8%"},
		{124, 200, "62%; 95% interval 55.1% to 68.4%"},
	} {
		if got := Estimate(tc.held, tc.n).String(); got != tc.want {
			t.Errorf("%d of %d: %q, want %q", tc.held, tc.n, got, tc.want)
		}
	}
}

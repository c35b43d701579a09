package seek_test

import (
	"context"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/seek"
)

// laptops is the question of the library's laptop-retirement: how many
// of its 30 laptops can be retired.
const laptops = "events[0].decommission.count"

// laptopGrid is every whole number of laptops.
var laptopGrid = seek.Grid{Lo: 0, Hi: 30, Step: 1}

// seekLaptops finds the limit of laptop-retirement.
func seekLaptops(tb testing.TB, scn *scenarios.Scenario) *seek.Result {
	tb.Helper()
	runs, err := seek.NewRuns(scn, laptops, seek.DefaultMaxReplications, 0)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := seek.Search(context.Background(), runs, seek.Options{Grid: laptopGrid, Expectations: len(scn.Expect)})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// sweepLaptops runs the exhaustive sweep: every whole number of laptops
// with 400 replications, and returns the largest number up to which
// every point holds, judged as seek judges (the lower bound of each
// expectation's 95% interval at least 95%), or −1.
func sweepLaptops(tb testing.TB, scn *scenarios.Scenario) (limit, runs int) {
	tb.Helper()
	c := scn.Clone()
	c.Replications = seek.DefaultMaxReplications
	var values []scenarios.Value
	for k := range laptopGrid.Len() {
		values = append(values, scenarios.Value(scenarios.Whole.Format(laptopGrid.At(k))))
	}
	c.Sweep = []scenarios.Parameter{{Path: laptops, Values: values}}
	v, err := scenarios.Validated(c)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := batch.Run(v, batch.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	limit = -1
	for i := range b.Points {
		for _, pr := range b.Points[i].Held() {
			if pr.Low < seek.DefaultP {
				return limit, len(b.Points) * len(b.Seeds)
			}
		}
		limit = i
	}
	return limit, len(b.Points) * len(b.Seeds)
}

// On the library's laptop-retirement, seek finds the limit an exhaustive
// sweep of every value with 400 replications finds.
func TestLaptopRetirementAgreesWithSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sweep of 12,400 runs")
	}
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	want, sweepRuns := sweepLaptops(t, scn.Scenario())
	res := seekLaptops(t, scn.Scenario())
	if res.Outcome != seek.Found || res.Limit.Value != float64(want) {
		t.Fatalf("seek: %v at %+v; the sweep's limit is %d", res.Outcome, res.Limit, want)
	}
	if res.Runs*5 > sweepRuns {
		t.Errorf("seek ran %d runs, more than a fifth of the sweep's %d", res.Runs, sweepRuns)
	}
}

// The pair of benchmarks of the issue: seek against the exhaustive sweep
// it agrees with (TestLaptopRetirementAgreesWithSweep).
func BenchmarkLaptopRetirement(b *testing.B) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("how=seek", func(b *testing.B) {
		runs := 0
		for b.Loop() {
			runs = seekLaptops(b, scn.Scenario()).Runs
		}
		b.ReportMetric(float64(runs), "runs/op")
	})
	b.Run("how=sweep", func(b *testing.B) {
		runs := 0
		for b.Loop() {
			_, runs = sweepLaptops(b, scn.Scenario())
		}
		b.ReportMetric(float64(runs), "runs/op")
	})
}

// A scenario of 10^4 clients: its limit at 95% with the interval rule.
func BenchmarkSubscription10k(b *testing.B) {
	scn, err := scenarios.Load("../../testdata/seek/subscription-10k.yaml")
	if err != nil {
		b.Fatal(err)
	}
	const path = "events[0].decommission.count"
	var res *seek.Result
	for b.Loop() {
		runs, err := seek.NewRuns(scn.Scenario(), path, seek.DefaultMaxReplications, 0)
		if err != nil {
			b.Fatal(err)
		}
		res, err = seek.Search(context.Background(), runs, seek.Options{Grid: seek.Grid{Lo: 0, Hi: 9960, Step: 1}, Rule: seek.Interval, Expectations: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	if res.Outcome != seek.Found {
		b.Fatalf("Outcome=%v", res.Outcome)
	}
	b.ReportMetric(float64(res.Runs), "runs/op")
	b.ReportMetric(res.Limit.Value, "limit")
}

package batch

import (
	"math"
	"sync/atomic"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

func TestPaired(t *testing.T) {
	for _, c := range []struct {
		name          string
		a, b          []float64
		mean, low, hi float64
		noInterval    bool
	}{
		// One replication: the exact difference, no interval.
		{name: "one", a: []float64{10}, b: []float64{13}, mean: 3, noInterval: true},
		// The same shift in every replication: no spread, so the interval
		// is the mean itself, however much the values vary.
		{name: "shift", a: []float64{10, 50, 90}, b: []float64{12, 52, 92}, mean: 2, low: 2, hi: 2},
		// Differences 1 and 3: mean 2, sd √2, t(0.975, 1) = 12.706.
		{name: "two", a: []float64{0, 0}, b: []float64{1, 3}, mean: 2, low: 2 - 12.7062047361747, hi: 2 + 12.7062047361747},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Paired(c.a, c.b)
			if math.Abs(d.Mean-c.mean) > 1e-9 {
				t.Errorf("Mean=%v, want %v", d.Mean, c.mean)
			}
			if c.noInterval {
				if !math.IsNaN(d.CILow) || !math.IsNaN(d.CIHigh) {
					t.Errorf("interval %v–%v, want none", d.CILow, d.CIHigh)
				}
				return
			}
			if math.Abs(d.CILow-c.low) > 1e-6 || math.Abs(d.CIHigh-c.hi) > 1e-6 {
				t.Errorf("interval %v–%v, want %v–%v", d.CILow, d.CIHigh, c.low, c.hi)
			}
		})
	}
}

// Options.Observe sees every run of a batch, the kept first run
// included, each with its own seed.
func TestObserveEveryRun(t *testing.T) {
	scn, err := scenarios.Parse("t.yaml", []byte(`
duration: 20d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: pcs, count: 5, product: windows-7}]
replications: 4
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, series := range []bool{true, false} { // runs kept whole, and runs lent (sim.RunView)
		seeds := make([]uint64, 4)
		var calls atomic.Int32
		b, err := Run(scn, Options{Series: series, Observe: func(point, rep int, r *sim.Result) {
			calls.Add(1)
			seeds[rep] = r.Seed
		}})
		if err != nil {
			t.Fatal(err)
		}
		if calls.Load() != 4 {
			t.Errorf("Series=%v: Observe called %d times, want 4", series, calls.Load())
		}
		for i, s := range seeds {
			if s != b.Seeds[i] {
				t.Errorf("Series=%v: replication %d observed seed %d, want %d", series, i, s, b.Seeds[i])
			}
		}
	}
}

package reports

import (
	"math"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// The share of replications in which a count has fallen steps up by one
// replication at each fall, from 0 on day 0 to the share at the end, and
// its interval is Wilson's at each step.
func TestFallSteps(t *testing.T) {
	key := batch.Key{Kind: sim.MilestoneCountBelow, Host: "kms1", Pool: "windows", Threshold: 25}
	mark := func(day float64) batch.Observation {
		return batch.Observation{Milestones: []batch.Mark{{Key: key, At: engine.Time(day * float64(engine.Day))}}}
	}
	p := &batch.Point{Observations: []batch.Observation{mark(40), {}, mark(10), {}}}
	fs := falls(p)
	if len(fs) != 1 || fs[0].Key != key || !slices.Equal(fs[0].times, []float64{10 * 86400, 40 * 86400}) {
		t.Fatalf("falls %+v", fs)
	}
	xs, mid, lo, hi := fs[0].steps(90)
	if want := []float64{0, 10, 10, 40, 40, 90}; !slices.Equal(xs, want) {
		t.Errorf("days %v, want %v", xs, want)
	}
	if want := []float64{0, 0, 0.25, 0.25, 0.5, 0.5}; !slices.Equal(mid, want) {
		t.Errorf("shares %v, want %v", mid, want)
	}
	for i := range xs {
		pr := batch.Estimate(int(mid[i]*4), 4)
		if lo[i] != pr.Low || hi[i] != pr.High || math.IsNaN(lo[i]) {
			t.Errorf("day %v: interval %v–%v, want Wilson's %v–%v", xs[i], lo[i], hi[i], pr.Low, pr.High)
		}
	}
	if got := fs[0].name(); got != "kms1 windows below 25" {
		t.Errorf("name %q", got)
	}
	if got := falls(&batch.Point{Observations: []batch.Observation{{}, {}}}); got != nil {
		t.Errorf("no fall in any replication: %v, want none (the chart is left out)", got)
	}
}

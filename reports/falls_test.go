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

// Over replications, the verdict counts replications and gives medians
// of the replications in which each came, −1 for none: a plan in which
// machines go black but no activation lapses says so, and the day to act
// is before the first black desktop, not the later fall.
func TestBatchPlanVerdict(t *testing.T) {
	day := func(d float64) engine.Time { return engine.Time(d * float64(engine.Day)) }
	obs := func(marks ...batch.Mark) batch.Observation {
		slices.SortFunc(marks, func(a, b batch.Mark) int { return batch.CompareKeys(a.Key, b.Key) })
		return batch.Observation{Milestones: marks}
	}
	black := batch.Key{Kind: sim.MilestoneFirstNotification, Product: "windows-7"}
	fall := batch.Key{Kind: batch.KindAnyBelow}
	b := &batch.Result{Seeds: []uint64{1, 2, 3, 4}, Points: []batch.Point{{Observations: []batch.Observation{
		obs(batch.Mark{Key: black, At: day(30)}, batch.Mark{Key: fall, At: day(100)}),
		obs(batch.Mark{Key: black, At: day(32)}),
		obs(batch.Mark{Key: fall, At: day(120)}),
		obs(),
	}}}}
	v := PlanOf(b)
	want := PlanVerdict{Level: Red, Lapsed: 0, FirstLapse: -1, Black: 2, FirstBlack: day(30), Falls: 2, FirstFailedRenewal: -1, ActBy: day(30), Replications: 4}
	v.Sentence = ""
	if v != want {
		t.Errorf("verdict\n%+v, want\n%+v", v, want)
	}
}

package compare

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

var below25 = batch.Key{Kind: sim.MilestoneCountBelow, Host: "kms1", Pool: scenarios.PoolWindows, Threshold: 25}

func mark(k batch.Key, day float64) batch.Mark {
	return batch.Mark{Key: k, At: engine.Time(day * float64(engine.Day))}
}

func plan(seeds []uint64, runs ...Run) *Plan {
	return &Plan{Seeds: seeds, Duration: 365 * engine.Day, Runs: runs, Named: true, Grouped: true,
		Counts: []Count{{Host: "kms1", Pool: scenarios.PoolWindows}}}
}

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		name        string
		a, b        *Plan
		days, share float64 // of below25, B−A
		interval    bool
		lapses      float64
		machines    []MachineDiff
		notes       []string // each a part of one note
	}{{
		name: "one run each: exact",
		a:    plan([]uint64{1}, Run{Milestones: []batch.Mark{mark(below25, 86)}, Lapses: 23, Lapsed: []string{"pc1", "pc2"}}),
		b:    plan([]uint64{1}, Run{Milestones: []batch.Mark{mark(below25, 100)}, Lapses: 3, Lapsed: []string{"pc2", "pc3"}}),
		days: 14, share: 0, lapses: -20,
		machines: []MachineDiff{{"pc1", 1, 0}, {"pc3", 0, 1}},
	}, {
		name: "replications: paired intervals",
		a: plan([]uint64{1, 2}, Run{Milestones: []batch.Mark{mark(below25, 80)}, Lapses: 10},
			Run{Milestones: []batch.Mark{mark(below25, 90)}, Lapses: 12}),
		b: plan([]uint64{1, 2}, Run{Milestones: []batch.Mark{mark(below25, 81)}, Lapses: 0},
			Run{Lapses: 0}),
		// Only replication 1 reached it in both: +1 day; B reached it in
		// 1 of 2, A in 2: −0.5.
		days: 1, share: -0.5, interval: true, lapses: -11,
	}, {
		name: "different seeds, lengths and hosts",
		a:    plan([]uint64{1}, Run{}),
		b: func() *Plan {
			p := plan([]uint64{7}, Run{})
			p.Duration = 200 * engine.Day
			p.Counts = append(p.Counts, Count{Host: "kms2", Pool: scenarios.PoolWindows})
			return p
		}(),
		days: math.NaN(), lapses: 0,
		notes: []string{"different seeds", "A runs 365 days and B 200 days", "kms2's windows count is in plan B only"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Compare(c.a, c.b)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Lapses.Change.Mean; got != c.lapses {
				t.Errorf("Lapses.Change=%v, want %v", got, c.lapses)
			}
			i := slices.IndexFunc(r.Milestones, func(m MilestoneDiff) bool { return m.Key == below25 })
			if math.IsNaN(c.days) {
				if i >= 0 {
					t.Errorf("below 25 compared, want no such milestone")
				}
			} else {
				if i < 0 {
					t.Fatalf("no below 25 in %v", r.Milestones)
				}
				m := r.Milestones[i]
				if math.Abs(m.Days.Mean-c.days) > 1e-9 || math.Abs(m.Share.Mean-c.share) > 1e-9 {
					t.Errorf("Days=%v Share=%v, want %v %v", m.Days.Mean, m.Share.Mean, c.days, c.share)
				}
				if got := !math.IsNaN(m.Share.CILow); got != c.interval {
					t.Errorf("share interval %v–%v, want one: %v", m.Share.CILow, m.Share.CIHigh, c.interval)
				}
			}
			if !slices.Equal(r.Machines, c.machines) {
				t.Errorf("Machines=%v, want %v", r.Machines, c.machines)
			}
			for _, n := range c.notes {
				if !slices.ContainsFunc(r.Notes, func(s string) bool { return strings.Contains(s, n) }) {
					t.Errorf("no note says %q: %q", n, r.Notes)
				}
			}
			if len(c.notes) == 0 && len(r.Notes) > 0 {
				t.Errorf("Notes=%q, want none", r.Notes)
			}
		})
	}
	if _, err := Compare(&Plan{}, plan(nil, Run{})); err != ErrNoRuns {
		t.Errorf("Compare of a plan without runs: %v, want ErrNoRuns", err)
	}
}

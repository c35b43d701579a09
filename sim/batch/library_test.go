package batch

import (
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// The library's scenarios with replications meet their expectations over
// their replications, as kmssim check judges them.
func TestLibrary(t *testing.T) {
	n := 0
	for _, name := range scenarios.Library() {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if scn.Replications < 2 {
			continue // judged by one run, in package sim
		}
		n++
		scn.Sweep = nil
		res, err := Run(scn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range Check(res) {
			if !v.Pass {
				t.Errorf("%s: %s", name, v)
			}
		}
	}
	if n == 0 {
		t.Fatal("no library scenario has replications")
	}
}

// The library's sweep answers its question. 42 machines minus k retired
// laptops cannot fall below 25 while k ≤ 17, so the count never falls at
// those points; with all 30 retired over the quarter it falls before day
// 90 in most replications. In between, the 95% standard is met up to 20
// retirements with these seeds.
func TestLaptopRetirementSweep(t *testing.T) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 16 || len(res.Seeds) != 40 {
		t.Fatalf("%d points of %d replications", len(res.Points), len(res.Seeds))
	}
	answer, failed := "", false
	for i := range res.Points {
		p := &res.Points[i]
		k := string(p.Values[0])
		below := p.Milestone(Key{Kind: KindAnyBelow})
		held := p.AllHeld()
		if i <= 8 && (below.Reached != 0 || held.Held != 40) { // k = 0, 2, …, 16
			t.Errorf("k=%s: fell below in %d replications, held in %d", k, below.Reached, held.Held)
		}
		if i >= 9 && below.Reached != 40 { // k ≥ 18: every replication falls, sooner or later
			t.Errorf("k=%s: fell below in %d of 40 replications", k, below.Reached)
		}
		if failed = failed || held.P < 0.95; !failed {
			answer = k
		}
	}
	if answer != "20" {
		t.Errorf("the last k that holds in 95%% of replications is %s, want 20", answer)
	}
	if last := res.Points[15].AllHeld(); last.P > 0.5 {
		t.Errorf("with all 30 retired the count held through day 90 in %d of 40", last.Held)
	}
}

// otherSeeds is how many seeds besides its own every library scenario is
// checked at.
const otherSeeds = 20

// A claim of the library is true, not lucky: every built-in scenario
// meets its expectations at 20 seeds besides its own, each run as kmssim
// check runs it (over its replications, when it has them).
func TestLibraryAtOtherSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the library 20 times")
	}
	for _, name := range scenarios.Library() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for i := uint64(1); i <= otherSeeds; i++ {
				scn, err := scenarios.Builtin(name)
				if err != nil {
					t.Fatal(err)
				}
				scn.Sweep = nil
				scn.Seed += i
				var verdicts []sim.Verdict
				if scn.Replications > 1 {
					res, err := Run(scn, Options{Parallel: 1})
					if err != nil {
						t.Fatal(err)
					}
					verdicts = Check(res)
				} else {
					res, err := sim.Run(scn, sim.Options{Seed: scn.Seed, Parallel: 1})
					if err != nil {
						t.Fatal(err)
					}
					verdicts = sim.Check(res, scn.Expect)
				}
				for _, v := range verdicts {
					if !v.Pass {
						t.Errorf("seed %d: %s", scn.Seed, v)
					}
				}
			}
		})
	}
}

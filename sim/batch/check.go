package batch

import (
	"fmt"
	"math"
	"strconv"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Check judges the expectations of scn over the replications of the
// first point of b: an expectation passes when it held in at least its
// Probability share of them (default: in every one). A failure names the
// seed of the first replication in which it did not hold, which kmssim
// run -seed shows on its own.
func Check(scn *scenarios.Scenario, b *Result) []sim.Verdict {
	if len(b.Points) == 0 {
		return nil
	}
	p := &b.Points[0]
	held := p.Held()
	out := make([]sim.Verdict, len(scn.Expect))
	for i := range scn.Expect {
		e := &scn.Expect[i]
		want := 1.0
		if e.Probability != nil {
			want = *e.Probability
		}
		v := sim.Verdict{Index: i, Expected: sim.Describe(scn, e), Name: e.Name, At: -1}
		if want < 1 {
			v.Expected += " in at least " + percent(want) + " of replications"
		}
		if v.Name == "" {
			v.Name = v.Expected
		}
		pr := held[i]
		v.Pass = pr.P >= want
		v.Actual = fmt.Sprintf("held in %d of %d replications (%s; 95%% interval %s to %s)", pr.Held, pr.N, percent(pr.P), percent(pr.Low), percent(pr.High))
		if !v.Pass {
			for r, o := range p.Observations {
				if !o.Held[i] {
					v.Actual += fmt.Sprintf("; first failed with seed %d", b.Seeds[r])
					break
				}
			}
		}
		out[i] = v
	}
	return out
}

// percent formats a share as a percentage: 0.95 → "95%", 0.9625 → "96.3%".
func percent(v float64) string {
	v *= 100
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

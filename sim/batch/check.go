package batch

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/sim"
)

// Check judges the expectations of b's scenario over the replications of
// the first point of b: an expectation passes when it held in at least its
// Probability share of them (default: in every one). A failure names the
// seed of the first replication in which it did not hold, which kmssim
// run -seed shows on its own. A batch of one run is judged as that run is
// (sim.Check), with the value that decided.
func Check(b *Result) []sim.Verdict {
	scn := b.Scenario
	if len(b.Points) == 0 {
		return nil
	}
	if len(b.Seeds) == 1 && b.First != nil {
		return sim.Check(b.First, scn.Expect)
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
			v.Expected += " in at least " + words.Percent(want) + " of replications"
		}
		if v.Name == "" {
			v.Name = v.Expected
		}
		pr := held[i]
		v.Pass = pr.P >= want
		v.Actual = fmt.Sprintf("held in %d of %d replications (%s)", pr.Held, pr.N, pr)
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

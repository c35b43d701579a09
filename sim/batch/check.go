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
			v.Expected += " in at least " + Percent(want) + " of replications"
		}
		if v.Name == "" {
			v.Name = v.Expected
		}
		pr := held[i]
		v.Pass = pr.P >= want
		v.Actual = fmt.Sprintf("held in %d of %d replications (%s; 95%% interval %s to %s)", pr.Held, pr.N, Percent(pr.P), Percent(pr.Low), Percent(pr.High))
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

// Percent formats a share as a percentage for people: 0.95 is "95%",
// 0.9626 "96.3%". A share is rounded to 0% or 100% only when it is
// exactly that: 199 of 200 is "99.5%", 1999 of 2000 "99.95%", never
// "100%" (a planner reads 100% as "always").
func Percent(v float64) string {
	v *= 100
	if v == math.Trunc(v) || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	for d := 1; ; d++ {
		s := strconv.FormatFloat(v, 'f', d, 64)
		r, _ := strconv.ParseFloat(s, 64)
		if (r < 100 || v >= 100) && (r > 0 || v <= 0) || d == 15 {
			return s + "%"
		}
	}
}

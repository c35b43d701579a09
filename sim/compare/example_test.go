package compare_test

import (
	"context"
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
)

// The decommissioning trap (K23) against its what-if with two more
// laptops, over 20 replications with the same seeds: how many more
// activations lapse, and how much later the count falls, if it falls.
func Example() {
	a, err := scenarios.Builtin("decommissioning-trap")
	if err != nil {
		panic(err)
	}
	b, err := scenarios.Builtin("decommissioning-trap")
	if err != nil {
		panic(err)
	}
	if err := b.Apply([]scenarios.Parameter{{Path: "fleet.laptops.count", Values: []scenarios.Value{"6"}}}); err != nil {
		panic(err)
	}
	a.Replications, b.Replications = 20, 20
	pa, _, err := compare.Simulate(context.Background(), a, batch.Options{})
	if err != nil {
		panic(err)
	}
	pb, _, err := compare.Simulate(context.Background(), b, batch.Options{})
	if err != nil {
		panic(err)
	}
	r, err := compare.Compare(pa, pb)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s vs %s, paired: %v\n", pa.Name, pb.Name, r.Paired)
	fmt.Printf("lapses: %.0f vs %.0f, change %+.0f\n", r.Lapses.A.Mean, r.Lapses.B.Mean, r.Lapses.Change.Mean)
	for _, m := range r.Milestones {
		if m.Kind == batch.KindAnyBelow {
			fmt.Printf("a count falls below its threshold: in %d vs %d of %d replications, change %+.2f (%.2f to %.2f)\n",
				m.A.Reached, m.B.Reached, m.A.N, m.Share.Mean, m.Share.CILow, m.Share.CIHigh)
			fmt.Printf("in A on day %.1f (%.1f to %.1f)\n", batch.Days(m.A.Mean), batch.Days(m.A.CILow), batch.Days(m.A.CIHigh))
		}
	}
	// Output:
	// decommissioning-trap vs decommissioning-trap+fleet.laptops.count=6, paired: true
	// lapses: 23 vs 0, change -23
	// a count falls below its threshold: in 20 vs 0 of 20 replications, change -1.00 (-1.00 to -1.00)
	// in A on day 85.8 (85.7 to 85.9)
}

package seek_test

import (
	"context"
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/seek"
)

// How many laptops can the branch of the library's laptop-retirement
// retire, with the count at 25 or more through day 90 in at least 95% of
// the cases?
func Example() {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		panic(err)
	}
	const path = "events[0].decommission.count"
	runs, err := seek.NewRuns(scn.Scenario(), path, seek.DefaultMaxReplications, 0)
	if err != nil {
		panic(err)
	}
	res, err := seek.Search(context.Background(), runs, seek.Options{
		Grid:         seek.Grid{Lo: 0, Hi: 30, Step: 1},
		Expectations: len(scn.Expect),
	})
	if err != nil {
		panic(err)
	}
	at, next := res.Limit.Probability(0), res.Next.Probability(0)
	fmt.Printf("%s: up to %v (%d of %d held, lower bound %.3f); at %v %d of %d (upper bound %.3f)\n",
		res.Outcome, res.Limit.Value, at.Held, at.N, at.Low, res.Next.Value, next.Held, next.N, next.High)
	fmt.Printf("%d probes, %d runs; a sweep of every value takes %d\n", len(res.Probes), res.Runs, 31*seek.DefaultMaxReplications)
	// Output:
	// found: up to 20 (391 of 400 held, lower bound 0.958); at 21 157 of 170 (upper bound 0.955)
	// 7 probes, 1830 runs; a sweep of every value takes 12400
}

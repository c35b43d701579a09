package batch_test

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// A sweep of how many of 10 laptops are retired from a site of 30
// machines, with 20 replications per point: the count can only fall below
// 25 once 6 or more are gone, and then does in every replication.
func ExampleRun() {
	scn, err := scenarios.Parse("sweep.yaml", []byte(`
duration: 120d
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: desktops, count: 20, product: windows-7, join: {at: 0s, over: 1d}}
  - {group: laptops, count: 10, product: windows-7, join: {at: 0s, over: 1d}}
events:
  - at: 30d
    decommission: {group: laptops, count: 0, over: 10d}
replications: 20
sweep:
  - path: events[0].decommission.count
    values: [0, 5, 6, 10]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := batch.Run(scn, batch.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Points {
		d := p.Milestone(batch.Key{Kind: sim.MilestoneCountBelow, Host: "kms1", Pool: scenarios.PoolWindows, Threshold: 25})
		fmt.Printf("retire %s: below 25 in %d of %d", p.Values[0], d.Reached, d.N)
		if d.Reached > 0 {
			fmt.Printf(", from day %.0f to day %.0f", batch.Days(d.P05), batch.Days(d.P95))
		}
		fmt.Println()
	}
	// Output:
	// retire 0: below 25 in 0 of 20
	// retire 5: below 25 in 0 of 20
	// retire 6: below 25 in 20 of 20, from day 59 to day 66
	// retire 10: below 25 in 20 of 20, from day 59 to day 66
}

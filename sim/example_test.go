package sim_test

import (
	"context"
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Five servers against one host: the fifth request brings the count to 5
// and activates that server; the others activate at their next attempt.
func ExampleRun() {
	scn, err := scenarios.Parse("servers.yaml", []byte(`
duration: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: servers, count: 5, product: windows-server-2008r2, join: {at: 0s, over: 1h}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range res.Milestones {
		if m.Host != "" {
			fmt.Printf("%s: %s %s count %d, threshold %d\n", m.Kind, m.Host, m.Pool, m.Count, m.Threshold)
		} else {
			fmt.Printf("%s: %s\n", m.Kind, m.Product)
		}
	}
	fmt.Println("licensed:", res.Products[0].Final(sim.Licensed))
	// Output:
	// count_reached: kms1 windows count 5, threshold 5
	// first_activation: windows-server-2008r2
	// licensed: 5
}

// Many runs of one scenario, each observed while it is lent, so that the
// next run fills the same series instead of allocating its own.
func ExampleRunView() {
	scn, err := scenarios.Builtin("decommissioning-trap")
	if err != nil {
		fmt.Println(err)
		return
	}
	notification := 0
	for seed := range uint64(20) {
		err := sim.RunView(context.Background(), scn, sim.Options{Seed: seed}, func(res *sim.Result) {
			for _, p := range res.Products {
				notification += p.Final(sim.Notification)
			}
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("machines in notification at the end, over 20 runs:", notification)
	// Output:
	// machines in notification at the end, over 20 runs: 460
}

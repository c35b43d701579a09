package sensitivity_test

import (
	"context"
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/sensitivity"
)

// What moves the laptops' plan most, near its limit of 20 retired?
func Example() {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		panic(err)
	}
	if err := scn.Set("events[0].decommission.count", "20"); err != nil {
		panic(err)
	}
	vars := []sensitivity.Variation{
		{Path: "fleet.desktops.count", Low: "10", High: "14"},
		{Path: "events[0].decommission.over", Low: "66d", High: "100d"},
	}
	res, err := sensitivity.Run(context.Background(), scn.Scenario(), vars, sensitivity.Outcome{Kind: sensitivity.AllHold}, sensitivity.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("as it stands: %.3f\n", res.Baseline.Mean)
	for _, e := range res.Effects {
		fmt.Printf("%s %s→%s: %.3f→%.3f (change %+.3f)\n", e.Path, e.Low, e.High, e.AtLow.Mean, e.AtHigh.Mean, e.Change.Mean)
	}
	// Output:
	// as it stands: 1.000
	// events[0].decommission.over 66d→100d: 0.625→1.000 (change +0.375)
	// fleet.desktops.count 10→14: 0.800→1.000 (change +0.200)
}

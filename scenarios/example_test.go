package scenarios_test

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
)

func ExampleParse() {
	scn, err := scenarios.Parse("branch.yaml", []byte(`
duration: 365d
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: desktops, count: 30, product: windows-7}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	g := scn.Fleet[0]
	fmt.Println(scn.Name, scn.Duration, scn.Sample)
	fmt.Println(g.Name, g.Threshold, g.Selection, scn.Hosts[0].RenewalInterval)
	// Output:
	// branch 365d 1h
	// desktops 25 weighted 7d
}

func ExampleParse_errors() {
	_, err := scenarios.Parse("branch.yaml", []byte(`duration: 365
fleet:
  - {group: desktops, count: 30, product: windows-7, rearm: 3}
`))
	fmt.Println(err)
	// Output:
	// branch.yaml:1: duration: duration "365" has no unit: write 365s, 365m, 365h, 365d or 365w
	// branch.yaml:3: fleet[0].rearm: unknown field "rearm" in a fleet group; did you mean "rearms"?
}

func ExampleParseDuration() {
	d, _ := scenarios.ParseDuration("1d12h")
	fmt.Println(int64(d), d, d.Days())
	// Output: 129600 1d12h 1.5
}

// Set changes a numeric field addressed by its path, as a sweep and
// kmssim's -set do; a wrong path is reported with the valid ones near it.
func ExampleScenario_Set() {
	scn, err := scenarios.Builtin("decommissioning-trap")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := scn.Set("events[0].decommission.count", "3"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(scn.Events[0].Decommission.Count)
	fmt.Println(scn.Set("fleet.laptop.count", "3"))
	// Output:
	// 3
	// unknown path "fleet.laptop.count": no numeric field there (nearest valid paths: fleet.laptops.count, fleet.desktops.count, fleet.laptops.join.at, fleet.laptops.rearms, fleet.laptops.join.over, fleet.desktops.join.at; kmssim paths lists them all)
}

// ParseValues reads the values of a sweep as -set writes them.
func ExampleParseValues() {
	vs, err := scenarios.ParseValues("0..30/10,45")
	fmt.Println(vs, err)
	// Output: [0 10 20 30 45] <nil>
}

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

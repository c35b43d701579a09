package reports

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// Every kind of chart is drawn, under its own name, by a library scenario
// or a batch of one; every state a chart stacks has its colour and label.
func TestTablesInStep(t *testing.T) {
	var kinds []string
	for _, k := range chartKinds {
		kinds = append(kinds, k.name)
	}
	slices.Sort(kinds)
	drawn := map[string]bool{}
	for _, name := range scenarios.Library() {
		_, res := builtin(t, name)
		for _, c := range Charts(res) {
			drawn[c.Name] = true
		}
	}

	const sweep1 = "replications: 3\nsweep:\n  - path: events[0].decommission.count\n    values: [0, 2]\n"
	// Too few desktops to activate: clients unlicensed at the end.
	const unlicensed = "replications: 3\nsweep:\n  - path: fleet.desktops.count\n    values: [20, 26]\n"
	for _, extra := range []string{"replications: 3\n", sweep1, sweep1 + "  - path: fleet.desktops.count\n    values: [23, 26]\n", unlicensed} {
		scn, err := scenarios.Parse("hostile.yaml", []byte(hostile+extra))
		if err != nil {
			t.Fatal(err)
		}
		b, err := batch.Run(scn, batch.Options{Series: len(scn.Sweep) == 0})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range BatchCharts(b) {
			drawn[c.Name] = true
		}
	}
	if got := slices.Sorted(maps.Keys(drawn)); !slices.Equal(got, kinds) {
		t.Errorf("charts drawn %v, kinds %v", got, kinds)
	}

	for s := sim.State(0); int(s) < sim.NumStates; s++ {
		if s == sim.Absent {
			continue
		}
		if _, ok := stateColors[s]; !ok {
			t.Errorf("state %s has no colour", s)
		}
		if stateLabels[s] == "" {
			t.Errorf("state %s has no label", s)
		}
	}
}

// K34, K35: the findings say how many clients AD licensed and when
// members first fell back to KMS.
func TestADFindings(t *testing.T) {
	scn, err := scenarios.Parse("ad.yaml", []byte(`
duration: 60d
hosts: [{name: kms1, keys: [windows-server-2025]}]
ad: {objects: [windows-server-2025]}
fleet:
  - {group: pcs, count: 30, product: windows-11}
  - {group: members, count: 20, product: windows-11, ad_member: true}
events:
  - {at: 30d, ad_remove: {object: windows-server-2025}}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Findings(res, nil), "\n")
	for _, want := range []string{
		// All 20 renew by AD on days 7, 14, 21 and 28, and by KMS on
		// days 35, 42, 49 and 56.
		"AD-based activation licensed up to 20 windows-11 clients on day 0, without asking a KMS host; domain members first fell back to KMS on day 35.",
		"In all, 80 attempts of domain members fell back from AD to KMS",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings:\n%s\nwant %q", got, want)
		}
	}
}

// Every data file in the outputs' tables and every chart is documented in
// docs/outputs.md (a run's) or docs/batches.md (a batch's): a new output
// is a row of a table, and its docs follow.
func TestOutputsDocumented(t *testing.T) {
	var docs []byte
	for _, f := range []string{"../docs/outputs.md", "../docs/batches.md"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data...)
	}
	var names []string
	for _, o := range slices.Concat(runOutputs, batchOutputs) {
		names = append(names, o.name)
	}
	for _, k := range chartKinds {
		names = append(names, k.name)
	}
	for _, n := range names {
		if !strings.Contains(string(docs), "`"+n) {
			t.Errorf("neither docs/outputs.md nor docs/batches.md names %s", n)
		}
	}
}

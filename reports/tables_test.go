package reports

import (
	"maps"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// Every chart has its caption and every caption its chart; every state a
// chart stacks has its colour and label.
func TestTablesInStep(t *testing.T) {
	drawn := map[string]bool{}
	for _, name := range scenarios.Library() {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(scn, sim.Options{Seed: scn.Seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range Charts(scn, res) {
			drawn[c.Name] = true
		}
	}
	if got, want := slices.Sorted(maps.Keys(drawn)), slices.Sorted(maps.Keys(captions)); !slices.Equal(got, want) {
		t.Errorf("charts %v, captions %v", got, want)
	}

	drawn = map[string]bool{}
	const sweep1 = "replications: 3\nsweep:\n  - path: events[0].decommission.count\n    values: [0, 2]\n"
	for _, extra := range []string{"replications: 3\n", sweep1, sweep1 + "  - path: fleet.desktops.count\n    values: [23, 26]\n"} {
		scn, err := scenarios.Parse("hostile.yaml", []byte(hostile+extra))
		if err != nil {
			t.Fatal(err)
		}
		b, err := batch.Run(scn, batch.Options{Series: len(scn.Sweep) == 0})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range BatchCharts(scn, b) {
			drawn[c.Name] = true
		}
	}
	if got, want := slices.Sorted(maps.Keys(drawn)), slices.Sorted(maps.Keys(batchCaptions)); !slices.Equal(got, want) {
		t.Errorf("batch charts %v, captions %v", got, want)
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

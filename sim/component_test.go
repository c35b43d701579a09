package sim

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// The branches of reference_test.go: 40 independent branches, and one
// component of the scenario's own site with the shops (its domain) and
// depots (pinned to its host).
func TestComponents(t *testing.T) {
	data, err := os.ReadFile("reference_test.go")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	src = src[strings.Index(src, "const branches = `")+len("const branches = `"):]
	src = src[:strings.Index(src, "`")]
	scn, err := scenarios.Parse("branches.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	insts := instances(scn.Scenario())
	comps := components(scn.Scenario(), insts)
	if len(insts) != 1+40+5+25 || len(comps) != 41 {
		t.Fatalf("%d instances in %d components, want 71 in 41", len(insts), len(comps))
	}
	central := comps[0]
	if len(central) != 1+5+25 || central[0].index != 0 || !strings.HasPrefix(central[1].name, "depot-") {
		t.Fatalf("first component has %d instances starting %q, %q", len(central), central[0].name, central[1].name)
	}
	for _, c := range comps[1:] {
		if len(c) != 1 || !strings.HasPrefix(c[0].name, "branch-") {
			t.Fatalf("component %v, want one branch", c)
		}
	}
}

func TestMaxProducts(t *testing.T) {
	if n := len(scenarios.Products); n > maxProducts {
		t.Fatalf("%d products, but a productSet holds %d", n, maxProducts)
	}
	if len(scenarios.Pools) != numPools {
		t.Fatalf("%d pools, but a host has %d slots", len(scenarios.Pools), numPools)
	}
}

// The counters have one set of names: JSON keys, CSV columns (reports),
// and the metrics an expectation may name (scenarios), which adds
// "failures".
func TestCounterNames(t *testing.T) {
	typ := reflect.TypeOf(Counters{})
	var tags []string
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("json"))
	}
	if !reflect.DeepEqual(tags, CounterNames) {
		t.Errorf("JSON keys %v, CounterNames %v", tags, CounterNames)
	}
	want := append(slices.Clone(CounterNames), "failures")
	got := slices.Clone(scenarios.Metrics)
	slices.Sort(want)
	slices.Sort(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scenarios.Metrics %v, want %v", got, want)
	}
	c := Counters{Requests: 7, FailNoHost: 1, FailCountLow: 2, FailUnsupported: 4, Rearms: 9}
	for name, want := range map[string]int64{"requests": 7, "failures": 7, "rearms": 9, "fail_count_low": 2} {
		if got, ok := c.Metric(name); !ok || got != want {
			t.Errorf("Metric(%q) = %d, %v; want %d", name, got, ok, want)
		}
	}
	if _, ok := c.Metric("bogus"); ok {
		t.Error("Metric(bogus) exists")
	}
}

// The client states a scenario can name are the model's, in its order,
// plus not_licensed (every state but Licensed and Absent).
func TestStateNames(t *testing.T) {
	var got []string
	for s := State(0); int(s) < NumStates; s++ {
		if s != Absent {
			got = append(got, s.String())
		}
	}
	got = append(got, "not_licensed")
	if !reflect.DeepEqual(got, scenarios.StateNames) {
		t.Errorf("sim states %v, scenarios.StateNames %v", got, scenarios.StateNames)
	}
}

package sim

import (
	"os"
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
	insts := instances(scn)
	comps := components(scn, insts)
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
}

package sim

import (
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// Every scenario of the library runs and meets its own expectations, so
// the library cannot rot: a change to the model that breaks a documented
// behaviour fails here.
func TestLibrary(t *testing.T) {
	names := scenarios.Library()
	if len(names) < 9 {
		t.Fatalf("library has %d scenarios, want at least 9", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			scn, err := scenarios.Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			if scn.Description == "" || len(scn.Expect) == 0 {
				t.Fatalf("%s needs a description and expectations", name)
			}
			if scn.Replications > 1 {
				t.Skip("judged over its replications by package batch")
			}
			res, err := Run(scn, Options{Seed: scn.Seed})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range Check(res, scn.Expect) {
				if !v.Pass {
					t.Error(v)
				}
			}
		})
	}
}

// The example inventory's scenario (testdata/inventory) runs and meets its
// expectations: a fleet built from an asset list is a fleet like any other.
func TestInventoryScenario(t *testing.T) {
	scn, err := scenarios.Load("../testdata/inventory/branch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{Seed: scn.Seed})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Check(res, scn.Expect) {
		if !v.Pass {
			t.Error(v)
		}
	}
	if res.Clients != 44 {
		t.Errorf("%d clients, want the inventory's 44", res.Clients)
	}
}

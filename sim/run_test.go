package sim

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// Same scenario and seed, same result; another seed, another result.
func TestRunDeterministic(t *testing.T) {
	scn, err := scenarios.Builtin(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := Run(scn, Options{Seed: 7})
	b, _ := Run(scn, Options{Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with seed 7 differ")
	}
	c, _ := Run(scn, Options{Seed: 8})
	if reflect.DeepEqual(a.Milestones, c.Milestones) {
		t.Fatal("seeds 7 and 8 gave the same milestones")
	}
}

// A run that fills the series of a recycled result gives the result of a
// run that allocates its own, whatever the recycled run's products were
// (these three scenarios have as many samples, and different products).
func TestRecycle(t *testing.T) {
	names := []string{"office-and-windows", "ltsc-2024-host-key", "new-branch"}
	run := func(name string) *Result {
		t.Helper()
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(scn, Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, a := range names {
		for _, b := range names {
			want := run(b)
			old := run(a)
			if len(old.Times) != len(want.Times) {
				t.Fatalf("%s and %s: %d and %d samples", a, b, len(old.Times), len(want.Times))
			}
			recycle(old)
			if old.Times != nil || old.Traffic != nil || old.Products != nil || old.Hosts != nil || old.Keys != nil {
				t.Fatalf("%s: series still set after recycle", a)
			}
			if got := run(b); !reflect.DeepEqual(got, want) {
				t.Errorf("%s after recycling %s differs from %s alone", b, a, b)
			}
		}
	}
	recycle(&Result{}) // not a run's result: nothing to keep
}

// A site template is instantiated with its own hosts, domain and random
// stream; a template may also publish to and look up a shared domain.
func TestSiteTemplates(t *testing.T) {
	res, log := runYAML(t, `
duration: 10d
sample: 1d
dns: [{name: corp.example}]
hosts:
  - {name: hq, keys: [windows-server-2008r2]}
sites:
  - name: branch
    instances: 3
    dns: [{name: "{site}.corp.example"}]
    hosts:
      - {name: kms1, keys: [windows-server-2008r2]}
    fleet:
      - {group: servers, count: 6, product: windows-server-2008r2, join: {at: 0s, over: 1d}}
      - {group: central, count: 1, product: windows-server-2008r2, domain: corp.example}
`, 1)
	var names []string
	for _, h := range res.Hosts {
		names = append(names, h.Name)
	}
	if want := []string{"hq", "branch-001/kms1", "branch-002/kms1", "branch-003/kms1"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("hosts=%v, want %v", names, want)
	}
	for _, e := range log {
		site := e.Group[:len("branch-001")]
		if e.Group[len(site)+1:] == "central" {
			if e.Host != "hq" {
				t.Fatalf("%s asked %s, want hq", e.Group, e.Host)
			}
		} else if e.Host != site+"/kms1" {
			t.Fatalf("%s asked %s, want its own site's host", e.Group, e.Host)
		}
	}
	for _, h := range res.Hosts[1:] {
		if c := h.Pools[0].Count; c[len(c)-1] != 6 {
			t.Fatalf("%s count=%d, want 6", h.Name, c[len(c)-1])
		}
	}
	if c := res.Hosts[0].Pools[0].Count; c[len(c)-1] != 3 {
		t.Fatalf("hq count=%d, want 3 (one central client per branch)", c[len(c)-1])
	}
	if res.Clients != 21 {
		t.Fatalf("Clients=%d, want 21", res.Clients)
	}
}

// Only a validated scenario runs: one built in Go is refused before it
// can become a scenarios.Valid that Run takes.
func TestRunInvalid(t *testing.T) {
	scn := &scenarios.Scenario{Name: "x"}
	_, err := scenarios.Validated(scn)
	want := "scenario: duration: is required and must be positive, such as 365d"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Validated error = %v, want it to contain %q", err, want)
	}
}

// A run's progress ends at 1 and only grows: read while it runs, it never
// goes back.
func TestProgress(t *testing.T) {
	scn, err := scenarios.Builtin("split-site")
	if err != nil {
		t.Fatal(err)
	}
	// Split into its independent worlds, and as one (the reference).
	for _, reference := range []bool{false, true} {
		var p Progress
		if p.Fraction() != 0 {
			t.Fatalf("fraction %v before the run", p.Fraction())
		}
		seen := []float64{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := Run(scn, Options{Seed: 1, Reference: reference, Progress: &p}); err != nil {
				t.Error(err)
			}
		}()
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
				seen = append(seen, p.Fraction())
			}
		}
		if !slices.IsSorted(seen) {
			t.Errorf("progress went back: %v", seen)
		}
		if got := p.Fraction(); got != 1 {
			t.Errorf("reference %v: fraction %v at the end, want 1", reference, got)
		}
	}
}

package batch

import (
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// What a batch of a scenario observed passes Verify against that
// scenario: hosts of site templates' instances, MAK keys, thresholds and
// counts included. (Refusals are tested in cmd/kmssim's merge tests.)
func TestVerifyAcceptsRealResults(t *testing.T) {
	names := scenarios.Library()
	for _, name := range names {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		scn.Replications = 2
		if len(scn.Sweep) > 0 {
			// Two points of the sweep are enough.
			for i := range scn.Sweep {
				scn.Sweep[i].Values = scn.Sweep[i].Values[:min(2, len(scn.Sweep[i].Values))]
			}
		}
		res, err := Run(scn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Verify(scn); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		marks := 0
		for _, p := range res.Points {
			for _, o := range p.Observations {
				marks += len(o.Milestones)
			}
		}
		if marks == 0 {
			t.Errorf("%s: no milestones to verify", name)
		}
	}

	// Hosts of site templates' instances are named INSTANCE/HOST.
	scn, err := scenarios.Parse("sites.yaml", []byte(`
duration: 30d
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
replications: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hosts := map[string]bool{}
	for _, m := range res.Points[0].Observations[0].Milestones {
		hosts[m.Host] = true
	}
	if !hosts["branch-002/kms1"] {
		t.Fatalf("no milestone of branch-002/kms1: %v", hosts)
	}
	if err := res.Verify(scn); err != nil {
		t.Errorf("site templates: %v", err)
	}
	for _, host := range []string{"branch-004/kms1", "branch-000/kms1", "branch-2/kms1", "branch-002/kms2", "hq/kms1"} {
		o := &res.Points[0].Observations[0]
		o.Milestones = []Mark{{Key{Kind: "count_below", Host: host, Pool: "windows", Threshold: 5}, 0}}
		if err := res.Verify(scn); err == nil || !strings.Contains(err.Error(), "is not a host of the scenario") {
			t.Errorf("host %s: %v", host, err)
		}
	}
}

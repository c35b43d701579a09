package batch

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
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
		if err := res.Verify(scn.Scenario()); err != nil {
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

	// One event of every kind and one subject of every expectation; a
	// state from an inventory.
	for _, path := range []string{"../../testdata/kinds/every-kind.yaml", "../../testdata/state/now.yaml"} {
		scn, err := scenarios.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		scn.Replications = 2
		res, err := Run(scn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Verify(scn.Scenario()); err != nil {
			t.Errorf("%s: %v", path, err)
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
	if err := res.Verify(scn.Scenario()); err != nil {
		t.Errorf("site templates: %v", err)
	}
	for _, host := range []string{"branch-004/kms1", "branch-000/kms1", "branch-2/kms1", "branch-002/kms2", "hq/kms1"} {
		o := &res.Points[0].Observations[0]
		o.Milestones = []Mark{{Key{Kind: "count_below", Host: host, Pool: "windows", Threshold: 5}, 0}}
		if err := res.Verify(scn.Scenario()); err == nil || !strings.Contains(err.Error(), "is not a host of the scenario") {
			t.Errorf("host %s: %v", host, err)
		}
	}
}

// FuzzVerify mutates one field of a valid part, as a hostile writer
// would, and checks that what Verify accepts is what a run of the
// scenario can give: structure-aware, so that every input reaches Verify.
func FuzzVerify(f *testing.F) {
	scn := parse(f, tinySrc)
	seed := smallPart(f, Shard{1, 2})
	want, err := ReadPartial("seed.json", seed)
	if err != nil {
		f.Fatal(err)
	}
	for field := range uint8(12) {
		f.Add(field, uint16(0), int64(-5), "kms9")
		f.Add(field, uint16(1), int64(math.MaxInt64), "windows-99")
	}
	f.Fuzz(func(t *testing.T, field uint8, i uint16, n int64, text string) {
		r, err := ReadPartial("seed.json", seed)
		if err != nil {
			t.Fatal(err)
		}
		o := &r.Points[0].Observations[0]
		ms := o.Milestones
		m := &ms[int(i)%len(ms)]
		switch field % 12 {
		case 0:
			m.At = engine.Time(n)
		case 1:
			m.Host = text
		case 2:
			m.Threshold = int(n)
		case 3:
			m.Product = scenarios.Product(text)
		case 4:
			m.Kind = sim.MilestoneKind(text)
		case 5:
			m.Pool = scenarios.Pool(text)
		case 6:
			m.MAKKey = text
		case 7:
			o.NotLicensed[int(i)%len(o.NotLicensed)].Clients = int(n)
		case 8:
			r.Expectations[0] = text
		case 9:
			r.Points[0].Values[0] = scenarios.Value(text)
		case 10:
			r.Parameters[0].Path = text
		case 11:
			r.Seeds[0] = uint64(n)
		}
		if r.Verify(scn.Scenario()) != nil {
			return
		}
		// Accepted: it must be what a run can give.
		if m.At < 0 || m.At > engine.Time(scn.Duration) || m.Host != "" && m.Host != "kms1" ||
			m.Threshold != 0 && m.Threshold != 5 && m.Threshold != 25 ||
			m.Product != "" && m.Product != "windows-server-2008r2" || m.MAKKey != "" {
			t.Fatalf("accepted milestone %+v", *m)
		}
		for _, l := range o.NotLicensed {
			if l.Clients < 0 || l.Clients > 6 {
				t.Fatalf("accepted %d clients not licensed of 6", l.Clients)
			}
		}
		if !slices.Equal(r.Expectations, want.Expectations) || !slices.Equal(r.Seeds, want.Seeds) ||
			r.Parameters[0].Path != want.Parameters[0].Path || !slices.Equal(r.Points[0].Values, want.Points[0].Values) {
			t.Fatalf("accepted a changed expectation, seed, path or point")
		}
	})
}

// A host's starting table brings its own thresholds, and a machine with
// a state its own count: results of such a scenario verify too.
func TestVerifyAcceptsStartingState(t *testing.T) {
	scn, err := scenarios.Parse("table.yaml", []byte(`
duration: 20d
replications: 2
hosts:
  - name: kms1
    keys: [windows-server-2022]
    tables:
      - pool: windows
        thresholds: [5, 25]
        heard:
          - {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01, ago: 29d}
          - {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a02, ago: 1d}
fleet: [{group: a, count: 6, product: windows-10}]
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Verify(scn.Scenario()); err != nil {
		t.Error(err)
	}
}

package sim_test

import (
	"bytes"
	"fmt"
	"github.com/kmssim/kmssim/sim/batch"
	"reflect"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// branches is a scenario of many site instances: some share a domain with
// the scenario's own hosts (one component), some are on their own (one
// component each), some pin clients to a central host.
const branches = `
duration: 200d
sample: 1d
start: 2027-01-04
dns: [{name: corp.example}]
hosts:
  - {name: hq1, keys: [windows-server-2008r2], srv: {priority: 0, weight: 60}}
  - {name: hq2, keys: [windows-server-2008r2, office-2010], srv: {priority: 0, weight: 40}}
fleet:
  - {group: hq-desktops, count: 60, product: windows-7, join: {at: 0d, over: 5d}}
  - {group: hq-office, count: 12, product: office-2010, join: {at: 0d, over: 5d}}
events:
  - {at: 40d, host_down: {host: hq1, for: 6d}}
sites:
  - name: branch
    instances: 40
    dns: [{name: "{site}.corp.example"}]
    hosts:
      - {name: kms, keys: [windows-server-2008r2]}
    fleet:
      - {group: pcs, count: 27, product: windows-7, join: {at: 0d, over: 7d}}
    events:
      - {at: 50d, decommission: {group: pcs, count: 3, over: 10d}}
  - name: depot
    instances: 5
    dns: [{name: "{site}.corp.example"}]
    fleet:
      - {group: servers, count: 3, product: windows-server-2008r2, kms: hq2}
  - name: shop
    instances: 25
    fleet:
      - {group: tills, count: 6, product: windows-7, join: {at: 1d, over: 2d}}
`

// The branches are independent (40 components); the depots (pinned to a
// central host) and shops (in the central domain) join the scenario's own
// site in one component.

// The fast way (independent components on the wheel, in parallel) gives
// exactly the result of the reference (one world on the 4-ary heap), and
// the same bytes in every output, for the whole library and for a
// scenario of many sites.
// realism is a fleet that comes and goes: branches with travelling
// laptops, labs re-imaged and rearmed on schedules under MAK keys of their
// own and of the head office, retirements, replacements, and a switch from
// MAK to KMS.
const realism = `
duration: 200d
sample: 1d
start: 2027-01-06
hosts: [{name: hq-kms, keys: [windows-server-2008r2]}]
mak_keys: [{name: shared, activations: 40}]
fleet:
  - group: staff
    count: 40
    product: windows-7
    join: {at: 0s, over: 3d}
    presence: {hours: {from: 7h, until: 19h}, weekdays: true}
    lifecycle: {retire: {every: 30d, count: 1}, replace: {every: 45d, count: 2}}
sites:
  - name: branch
    instances: 6
    dns: [{name: "{site}.example"}]
    hosts: [{name: kms, keys: [windows-server-2008r2]}]
    mak_keys: [{name: own, activations: 25}]
    fleet:
      - group: laptops
        count: 27
        product: windows-7
        join: {at: 0s, over: 7d}
        presence: {trips: {every: 40d, min: 3d, max: 30d}, vpn: 0.3}
      - group: lab
        count: 12
        product: windows-7
        activation: mak
        mak: own
        mak_proxy: true
        lifecycle: {reimage: {every: 50d, over: 1d}, rearm: {every: 25d}}
      - group: annex
        count: 8
        product: windows-7
        activation: mak
        mak: shared
    events:
      - {at: 20d, away: {group: laptops, count: 3, for: 35d, over: 5d}}
      - {at: 90d, switch: {group: annex, to: kms}}
      - {at: 120d, reimage: {group: lab, generalize: false}}
`

// adBranches are branch offices with hosts and domains of their own whose
// members use the head office's AD (K34): that joins them into one world,
// which must give the reference's result too.
const adBranches = `
duration: 120d
sample: 1d
seed: 3
ad: {objects: [windows-server-2025]}
hosts: [{name: hq1, keys: [windows-server-2025]}]
fleet: [{group: hq, count: 30, product: windows-11, ad_member: true}]
events:
  - {at: 40d, dc_down: {for: 10d}}
sites:
  - name: branch
    instances: 4
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms, keys: [windows-server-2025]}]
    fleet:
      - {group: pcs, count: 27, product: windows-11, ad_member: true, join: {at: 0d, over: 5d}}
    events:
      - {at: 20d, leave_domain: {group: pcs, count: 10, over: 30d}}
`

func TestFastMatchesReference(t *testing.T) {
	type named struct {
		name string
		scn  *scenarios.Scenario
	}
	var all []named
	for _, name := range scenarios.Library() {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, named{name, scn})
	}
	scn, err := scenarios.Parse("branches.yaml", []byte(branches))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, named{"branches", scn})
	scn, err = scenarios.Parse("realism.yaml", []byte(realism))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, named{"realism", scn})
	// Without the head office's key, every branch is a world of its own.
	scn, err = scenarios.Parse("realism-split.yaml", []byte(strings.ReplaceAll(realism, "mak: shared", "mak: own")))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, named{"realism-split", scn})
	scn, err = scenarios.Parse("ad-branches.yaml", []byte(adBranches))
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, named{"ad-branches", scn})

	for _, s := range all {
		for _, seed := range []uint64{s.scn.Seed, 12345} {
			ref, err := sim.Run(s.scn, sim.Options{Seed: seed, Reference: true})
			if err != nil {
				t.Fatal(err)
			}
			want := outputs(t, s.scn, ref)
			for _, parallel := range []int{1, 2} {
				fast, err := sim.Run(s.scn, sim.Options{Seed: seed, Parallel: parallel})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(fast, ref) {
					t.Errorf("%s seed %d parallel %d: result differs from the reference", s.name, seed, parallel)
					continue
				}
				if got := outputs(t, s.scn, fast); !bytes.Equal(got, want) {
					t.Errorf("%s seed %d parallel %d: outputs differ from the reference", s.name, seed, parallel)
				}
			}
		}
	}
}

// outputs renders every text output of a run into one buffer.
func outputs(t *testing.T, scn *scenarios.Scenario, res *sim.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	verdicts := sim.Check(res, scn.Expect)
	for _, write := range []func() error{
		func() error { return reports.WriteSeriesCSV(&buf, res) },
		func() error { return reports.WriteMilestonesJSON(&buf, res, verdicts) },
		func() error { return reports.WriteSummary(&buf, batch.Of(res)) },
	} {
		if err := write(); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Fprintln(&buf, reports.Findings(res, verdicts))
	return buf.Bytes()
}

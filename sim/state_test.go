package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// A run that starts from a state: a host's table as it stands and four
// machines in their own states (testdata/state). The count is 3 below 25,
// so every renewal fails (K28) and the machines lapse on their own dates.
func TestStartFromState(t *testing.T) {
	scn, err := scenarios.Load("../testdata/state/now.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// K10, K11: the table gives a count of 3 at the start; pc-04, not in
	// it, asks at 2h (4); pc-03, heard 29 days ago, ages out at day 1 (3).
	var steps []Step
	for _, h := range res.Hosts {
		steps = h.Pools[0].Steps
	}
	want := []Step{{0, 3}, {2 * hour, 4}, {1 * day, 3}}
	if len(steps) < len(want) {
		t.Fatalf("steps = %v, want %v first", steps, want)
	}
	for i, w := range want {
		if steps[i] != w {
			t.Errorf("step %d = %v, want %v", i, steps[i], w)
		}
	}
	fates := map[string]MachineFate{}
	for _, f := range res.Machines {
		fates[f.Name] = f
	}
	const never = engine.Time(-1)
	for _, tc := range []struct {
		name                        string
		start                       State
		failed, lapse, notification engine.Time
	}{
		{"pc-01.corp.example", Licensed, 3 * day, 150 * day, 180 * day},
		{"pc-02.corp.example", Licensed, 1 * hour, 20 * day, 50 * day},
		{"pc-03.corp.example", Licensed, never, 40 * day, 70 * day}, // silent: it asks no more
		{"pc-04.corp.example", Notification, never, never, never},
	} {
		f, ok := fates[tc.name]
		if !ok {
			t.Fatalf("no fate for %s in %v", tc.name, res.Machines)
		}
		if f.Start != tc.start || f.FirstFailedRenewal != tc.failed || f.Lapse != tc.lapse || f.Notification != tc.notification {
			t.Errorf("%s: start %v, failed %d, lapse %d, notification %d; want %v, %d, %d, %d",
				tc.name, f.Start, f.FirstFailedRenewal, f.Lapse, f.Notification, tc.start, tc.failed, tc.lapse, tc.notification)
		}
	}
	SortFates(res.Machines)
	var order []string
	for _, f := range res.Machines {
		order = append(order, f.Name)
	}
	// The silent pc-03 (retired or away) comes after the machines in use.
	wantOrder := []string{"pc-04.corp.example", "pc-02.corp.example", "pc-01.corp.example", "pc-03.corp.example"}
	if len(order) != 4 || order[0] != wantOrder[0] || order[1] != wantOrder[1] || order[2] != wantOrder[2] || order[3] != wantOrder[3] {
		t.Errorf("sorted = %v, want %v", order, wantOrder)
	}
	// The states at the start: three licensed, one in notification.
	p := product(t, res, scenarios.Windows11)
	if got := p.Clients[Licensed][0]; got != 3 {
		t.Errorf("licensed at 0 = %d, want 3", got)
	}
}

// A machine's group in the outputs is its inventory's, even where the
// group holds two products and so runs as two fleet groups.
func TestMachineGroupAsInventory(t *testing.T) {
	dir := t.TempDir()
	yaml := "name: groups\nstart: 2026-11-30T00:00:00Z\nduration: 10d\nhosts:\n  - name: kms1\n    keys: [windows-server-2025]\nfleet_from:\n  file: fleet.csv\n"
	csv := "name,cmid,product,group,state,until,next,host\n" +
		"a.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,windows-10,lab,licensed,150d,3d,kms1\n" +
		"b.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a02,windows-11,lab,licensed,150d,3d,kms1\n"
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(yaml), 0o644)
	os.WriteFile(filepath.Join(dir, "fleet.csv"), []byte(csv), 0o644)
	scn, err := scenarios.Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var groups []string
	for _, g := range res.Groups {
		groups = append(groups, g.Name)
	}
	if !slices.Equal(groups, []string{"lab-windows-10", "lab-windows-11"}) {
		t.Fatalf("fleet groups %v, want the two of lab", groups)
	}
	for _, m := range res.Machines {
		if m.Group != "lab" {
			t.Errorf("%s: group %q, want lab, as the inventory names it", m.Name, m.Group)
		}
	}
}

// A silent machine (retired or away: it asks no more) that lapses first
// marks no milestone: the products' first lapse and first notification
// are of the machines in use, pc-02's; the silent pc-03's are in its fate.
func TestSilentLapseIsNoMilestone(t *testing.T) {
	// pc-03 lapses on day 10, before pc-02 (day 20).
	res := runState(t, "", "kms1-silent,licensed,40d,,kms1", "kms1-silent,licensed,10d,,kms1")
	got := map[MilestoneKind]engine.Time{}
	for _, m := range res.Milestones {
		if m.Product == scenarios.Windows11 {
			got[m.Kind] = m.At
		}
	}
	for kind, want := range map[MilestoneKind]engine.Time{
		MilestoneFirstExpiry:       20 * day,  // pc-02, not pc-03 on day 10
		MilestoneLastExpiry:        150 * day, // pc-01
		MilestoneFirstNotification: 50 * day,  // pc-02, not pc-03 on day 40
	} {
		if got[kind] != want {
			t.Errorf("%s at %d, want %d", kind, got[kind], want)
		}
	}
	// Every lapse is still counted, and the silent one is in its fate.
	if res.Totals.Expiries != 3 || res.LapsesInUse() != 2 {
		t.Errorf("%d expiries, %d in use; want 3 (pc-01, pc-02 and the silent pc-03), 2", res.Totals.Expiries, res.LapsesInUse())
	}
	for _, f := range res.Machines {
		if silent := f.Name == "pc-03.corp.example"; f.Silent != silent {
			t.Errorf("%s: silent %v, want %v", f.Name, f.Silent, silent)
		}
		if f.Name == "pc-03.corp.example" && (f.Lapse != 10*day || f.Notification != 40*day || f.FleetGroup != "kms1-silent") {
			t.Errorf("pc-03: lapse %d, notification %d, fleet group %q; want %d, %d, kms1-silent", f.Lapse, f.Notification, f.FleetGroup, 10*day, 40*day)
		}
	}
}

// A silent machine that asks again (a re-image of its group on day 1)
// is silent no more: its fate says when it woke, and what comes after is
// the harm of a machine in use.
func TestSilentMachineWakes(t *testing.T) {
	res := runState(t, "events:\n  - {at: 1d, reimage: {group: kms1-silent}}\n", "", "")
	for _, f := range res.Machines {
		if f.Name != "pc-03.corp.example" {
			if f.Woke != -1 {
				t.Errorf("%s woke at %d, want never", f.Name, f.Woke)
			}
			continue
		}
		if f.Woke != 1*day || f.SilentAtEnd() || f.SilentLapse() {
			t.Errorf("pc-03: woke at %d, silent at the end %v, silent lapse %v; want day 1, false, false", f.Woke, f.SilentAtEnd(), f.SilentLapse())
		}
	}
}

// runState runs testdata/state/now.yaml with extra appended to it and
// old replaced by new in its fleet.csv, from a scratch folder.
func runState(t *testing.T, extra, old, new string) *Result {
	t.Helper()
	dir := t.TempDir()
	scn, err := os.ReadFile("../testdata/state/now.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fleet, err := os.ReadFile("../testdata/state/fleet.csv")
	if err != nil {
		t.Fatal(err)
	}
	fleet = bytes.Replace(fleet, []byte(old), []byte(new), 1)
	if err := os.WriteFile(filepath.Join(dir, "now.yaml"), append(scn, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fleet.csv"), fleet, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(filepath.Join(dir, "now.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

package reports

import (
	"github.com/kmssim/kmssim/sim/batch"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// K9, K46: the summary of the cloned lab says that its 30 machines count
// as one CMID, on the line after the heading; a fleet without clones has
// no such line.
func TestSummaryClones(t *testing.T) {
	summary := func(src string) string {
		t.Helper()
		scn, err := scenarios.Parse("clones.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		res, err := sim.Run(scn, sim.Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := WriteSummary(&b, batch.Of(res)); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const src = `
name: lab
duration: 10d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: pcs, count: 10, product: windows-11}
  - {group: lab, count: %s, product: windows-11, shared_cmid: true}
`
	// The plan's verdict, a blank line, then the run: its name, and the clones.
	got := strings.Split(summary(strings.Replace(src, "%s", "30", 1)), "\n")
	if want := "30 machines share 1 CMID: each counts once (K9, K46)"; got[3] != want {
		t.Errorf("line 4 of the summary %q, want %q", got[3], want)
	}
	if s := summary(strings.Replace(src, "%s", "1", 1)); strings.Contains(s, "share") {
		t.Errorf("a fleet without clones: the summary says\n%s", s)
	}
}

// K41: the summary counts a named host key's hosts and the reactivations
// its host replacements used and left.
func TestSummaryHostKeys(t *testing.T) {
	scn, err := scenarios.Parse("keys.yaml", []byte(`
name: keys
duration: 30d
hosts:
  - {name: kms1, keys: [windows-server-2025], key_id: corp-2025}
  - {name: kms2, keys: [windows-server-2025], key_id: corp-2025}
fleet: [{group: pcs, count: 30, product: windows-11}]
events:
  - {at: 10d, host_replace: {host: kms1}}
  - {at: 20d, host_replace: {host: kms1}}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteSummary(&b, batch.Of(res)); err != nil {
		t.Fatal(err)
	}
	want := "\n  Host key corp-2025 (windows-server-2025): on 2 of 6 hosts; host replacements used 2 reactivations, 16 left (K41)\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("summary:\n%s\nwant a line%s", b.String(), want)
	}
}

// K46: the report's findings say how many machines count as one.
func TestFindingsClones(t *testing.T) {
	scn, err := scenarios.Parse("lab.yaml", []byte(`
duration: 10d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: lab, count: 30, product: windows-11, shared_cmid: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(Findings(res, nil), "\n")
	want := "kms1 (windows) never reached 25: its count peaked at 1.\n30 machines share 1 CMID, so a host counts each once (K9, K46)"
	if !strings.Contains(all, want) {
		t.Errorf("findings:\n%s\nwant them to contain:\n%s", all, want)
	}
}

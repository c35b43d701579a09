package reports

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// machinesScenario is testdata/state/now.yaml, whose pc-03 is silent,
// with a machine in its initial grace that goes black first, and one
// machine retired on day 10.
func machinesScenario(t *testing.T) *sim.Result {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../testdata/state/now.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(src) + "events:\n  - {at: 10d, decommission: {group: kms1, count: 1}}\n"
	fleet, err := os.ReadFile("../testdata/state/fleet.csv")
	if err != nil {
		t.Fatal(err)
	}
	fleet = append(fleet, "pc-05.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a05,windows-11,kms1,initial_grace,5d,1h,kms1\n"...)
	os.WriteFile(filepath.Join(dir, "now.yaml"), []byte(yaml), 0o644)
	os.WriteFile(filepath.Join(dir, "fleet.csv"), fleet, 0o644)
	scn, err := scenarios.Load(filepath.Join(dir, "now.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// machines.csv marks a retired machine with its day, and the report's
// finding names the machine that is truly the first to lose its
// activation or go black, of all of them.
func TestMachinesRetiredAndFirst(t *testing.T) {
	res := machinesScenario(t)
	var b bytes.Buffer
	if err := WriteMachinesCSV(&b, res); err != nil {
		t.Fatal(err)
	}
	want := `name,cmid,product,group,host,state_now,silent,failing_day,failing_date,lapse_day,lapse_date,notification_day,notification_date,retired_day,retired_date
pc-04.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a04,windows-11,kms1,kms1,notification,false,,,,,,,,
pc-05.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a05,windows-11,kms1,kms1,initial_grace,false,,,,,5.0000,2026-12-05 14:03,,
pc-02.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a02,windows-11,kms1,kms1,licensed,false,0.0417,2026-11-30 15:03,20.0000,2026-12-20 14:03,50.0000,2027-01-19 14:03,,
pc-01.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,windows-11,kms1,kms1,licensed,false,3.0000,2026-12-03 14:03,,,,,10.0000,2026-12-10 14:03
pc-03.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a03,windows-11,kms1-silent,kms1,licensed,true,,,40.0000,2027-01-09 14:03,70.0000,2027-02-08 14:03,,
`
	if got := strings.ReplaceAll(b.String(), "\r\n", "\n"); got != want {
		t.Errorf("machines.csv:\n%s\nwant:\n%s", got, want)
	}
	// pc-02's activation lapses on day 20, but pc-05, never activated,
	// goes black on day 5: the first is pc-05. The silent pc-03 (retired
	// or away) is listed last, and said apart.
	finding := "Of the 5 machines the scenario names, 1 is silent, not heard for longer than the count window, so retired or away: the log cannot tell (listed last; it loses its activation within the run). Of the 4 in use, 2 are not activated at the start; within the run 1 loses its activation, 2 go into notification (a black desktop), 1 is retired; the first, pc-05.corp.example (windows-11, kms1), goes into notification on day 5 (2026-12-05)."
	if got := machinesFinding(res, res.Machines); got != finding {
		t.Errorf("finding:\n%s\nwant:\n%s", got, finding)
	}
}

// The findings say the silent machine's lapse apart from those of the
// machines in use, which it does not swell.
func TestFindingsSilentApart(t *testing.T) {
	res := machinesScenario(t)
	got := strings.Join(Findings(res, nil), "\n")
	for _, want := range []string{
		"1 windows-11 client of group kms1 loses its activation on day 20 (2026-12-20).",
		"1 silent windows-11 client of group kms1-silent loses its activation on day 40 (2027-01-09); not heard for longer than the count window, so retired or away: the log cannot tell.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the findings lack %q:\n%s", want, got)
		}
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The plan's verdict leads every output in its colour: red when machines
// lose activation, amber when a count falls but none does, green when
// neither; the checks follow apart from it (issue 25).
func TestPlanVerdictColours(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		level    string
		sentence string
	}{
		{"red", []string{"decommissioning-trap"}, "red",
			"23 machines lose activation from 2027-09-24 (day 263.93); kms1's count falls below 25 on 2027-03-30 (day 85.97); act before then"},
		// Desktops go black before the count falls: act before they do.
		{"red, black before the fall", []string{"-replications", "1", "sales-laptops"}, "red",
			"Machines go into notification (a black desktop) from 2027-02-03 (day 30.97); kms-a's count falls below 25 on 2027-05-27 (day 143.27); act before 2027-02-03 (day 30.97)"},
		{"red over replications", []string{"sales-laptops"}, "red",
			"Over the replications, machines lose activation or go into notification in 66 of 200 replications (33%, 26.9%–39.8%), the first on day 31.78 at the median of those; a count falls below its threshold in 124 of 200 replications (62%, 55.1%–68.4%), on day 126.49 at the median of those; act before day 31.78"},
		{"amber", []string{"-replications", "1", "vdi-pool"}, "amber",
			"No machine loses activation within the run, but kms1's count falls below 25 on 2027-04-03 (day 89.07); act before then"},
		{"green", []string{"-set", "fleet.laptops.count=6", "decommissioning-trap"}, "green",
			"No machine loses activation and no count falls below its threshold within the run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := kmssim(t, append([]string{"run", "-format", "json,html", "-out", out}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if want := strings.ToUpper(tt.level) + ": " + tt.sentence + ".\n"; !strings.HasPrefix(stdout, want) {
				t.Errorf("stdout starts %.160q, want %q", stdout, want)
			}
			report, err := os.ReadFile(filepath.Join(out, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			headline := `<p id="verdict" class="headline ` + tt.level + `">` + strings.ToUpper(tt.level) + ": " + strings.ReplaceAll(tt.sentence, "'", "&#39;") + ".</p>"
			if !strings.Contains(string(report), headline) {
				t.Errorf("report.html lacks the headline %s", headline)
			}
			data, err := os.ReadFile(filepath.Join(out, "milestones.json"))
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				Verdict struct{ Level, Sentence string } `json:"verdict"`
			}
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			if m.Verdict.Level != tt.level || m.Verdict.Sentence != tt.sentence {
				t.Errorf("milestones.json verdict %+v", m.Verdict)
			}
			junit := filepath.Join(t.TempDir(), "j.xml")
			kmssim(t, append([]string{"check", "-junit", junit}, tt.args...)...)
			x, err := os.ReadFile(junit)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{`<property name="plan.level" value="` + tt.level + `"></property>`, `<property name="plan.verdict" value="` + strings.ReplaceAll(tt.sentence, "'", "&#39;") + `"></property>`} {
				if !strings.Contains(string(x), p) {
					t.Errorf("JUnit lacks %s:\n%s", p, x)
				}
			}
		})
	}
}

// A what-if is named in every output, and writes beside the scenario's
// own outputs, never over them (issue 25).
func TestWhatIfNamed(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := kmssim(t, "run", "-format", "json,html", "-set", "fleet.laptops.count=6")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := filepath.Join("out", "decommissioning-trap+fleet.laptops.count=6")
	lines := strings.Split(stdout, "\n")
	if len(lines) < 5 || lines[1] != "What-if: -set fleet.laptops.count=6." || !strings.HasSuffix(lines[4], "(changed by -set fleet.laptops.count=6)") {
		t.Errorf("stdout does not name the what-if:\n%s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "milestones.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Overrides []string }
	if err := json.Unmarshal(data, &m); err != nil || len(m.Overrides) != 1 || m.Overrides[0] != "fleet.laptops.count=6" {
		t.Errorf("milestones.json overrides %v (%v)", m.Overrides, err)
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || !strings.Contains(string(report), "<dt>what-if</dt><dd>-set fleet.laptops.count=6</dd>") {
		t.Errorf("report.html does not name the what-if (%v)", err)
	}
	if _, err := os.Stat(filepath.Join("out", "decommissioning-trap")); !os.IsNotExist(err) {
		t.Errorf("the what-if wrote into the baseline's folder: %v", err)
	}
	code, _, stderr = kmssim(t, "run", "-replications", "3", "-format", "json", "-set", "fleet.laptops.count=6")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err = os.ReadFile(filepath.Join(dir, "batch.json"))
	if err != nil || !strings.Contains(string(data), `"overrides": [`) {
		t.Errorf("batch.json does not name the what-if (%v)", err)
	}
}

// The verdict on an imported fleet leads with the harm to the machines in
// use: the lab machines that never activated, because kms2's count never
// reaches 25, go black on day 25.30, long before anything lapses; the
// four laptops the logs last heard more than 30 days ago (retired or
// away) lapse too, said apart, and colour nothing.
func TestPlanVerdictOfAnImport(t *testing.T) {
	dir := t.TempDir()
	imported, out := filepath.Join(dir, "branch"), filepath.Join(dir, "out")
	if code, _, stderr := kmssim(t, "import", "-o", imported, "../../testdata/eventlog/xml/kms1.xml", "../../testdata/eventlog/xml/kms2.xml"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := kmssim(t, "run", "-format", "json,csv,html", "-out", out, filepath.Join(imported, "scenario.yaml"))
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	const sentence = "Machines go into notification (a black desktop) from 2026-11-07 (day 25.30), 6 at the end; kms2's count never reaches 25 (6 at most); act before 2026-11-07 (day 25.30); 4 silent machines (not heard for longer than the count window, so retired or away: the log cannot tell) lose activation from 2027-02-18 (day 128.59)"
	if want := "RED: " + sentence + ".\n"; !strings.HasPrefix(stdout, want) {
		t.Errorf("stdout starts %.300q, want %q", stdout, want)
	}
	data, err := os.ReadFile(filepath.Join(out, "milestones.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Verdict struct {
			Level, Sentence string
			Lapsed          int64 `json:"lapsed"`
			Black           int   `json:"notification_at_end"`
			Silent          *struct {
				Lapsed int   `json:"lapsed"`
				First  int64 `json:"first_lapse_s"`
			} `json:"silent"`
		} `json:"verdict"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	v := m.Verdict
	if v.Level != "red" || v.Sentence != sentence || v.Lapsed != 0 || v.Black != 6 || v.Silent == nil || v.Silent.Lapsed != 4 || v.Silent.First != 11110229 {
		t.Errorf("milestones.json verdict %+v (silent %+v)", v, v.Silent)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil || !strings.Contains(string(report), "sorted the same way: by when each loses its activation, the silent ones last.") {
		t.Errorf("report.html does not say the silent machines come last (%v)", err)
	}
	// compare, of the scenario and of the run's folder, counts the lapses
	// the verdict counts: none of the silent laptops'.
	for _, plan := range []string{filepath.Join(imported, "scenario.yaml"), out} {
		cmp := filepath.Join(t.TempDir(), "cmp")
		if code, _, stderr := kmssim(t, "compare", "-format", "json", "-out", cmp, plan); code != 0 {
			t.Fatalf("compare %s: exit %d: %s", plan, code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(cmp, "compare.json"))
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Lapses struct{ A struct{ Mean float64 } } `json:"lapses"`
		}
		if err := json.Unmarshal(data, &c); err != nil || c.Lapses.A.Mean != 0 {
			t.Errorf("compare %s: lapses %v (%v), want 0", plan, c.Lapses.A.Mean, err)
		}
	}
	// machines.csv lists the silent laptops last, marked.
	csv, err := os.ReadFile(filepath.Join(out, "machines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(csv), "\r\n", "\n")), "\n")
	var silent []int
	for i, l := range lines[1:] {
		if strings.Contains(l, ",true,") {
			silent = append(silent, i)
		}
	}
	if n := len(lines) - 1; len(silent) != 4 || silent[0] != n-4 || silent[3] != n-1 {
		t.Errorf("silent machines at rows %v of %d, want the last 4", silent, n)
	}
}

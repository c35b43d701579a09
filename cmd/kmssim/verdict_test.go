package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// splitByChance is split-site with 200 replications: each expectation
// holds in 197 to 199 of them, so with the default probability of 1 each
// fails, though the first replication (seed 1) passes them all.
const splitByChance = `name: split-by-chance
duration: 90d
sample: 1d
seed: 1
replications: 200
hosts:
  - {name: kms1, keys: [windows-server-2008r2], srv: {priority: 0, weight: 50}}
  - {name: kms2, keys: [windows-server-2008r2], srv: {priority: 0, weight: 50}}
fleet:
  - {group: desktops, count: 36, product: windows-7, join: {at: 0d, over: 7d}}
expect:
  - name: kms1 never reaches 25
    first_reached: {host: kms1, threshold: 25}
    never: true
  - name: kms2 never reaches 25
    first_reached: {host: kms2, threshold: 25}
    never: true
`

// With replications, stdout, the report, milestones.json and JUnit all
// give the verdict over the replications, not the first run's.
func TestOneVerdictEverywhere(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "split.yaml")
	if err := os.WriteFile(file, []byte(splitByChance), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := kmssim(t, "run", "-format", "json,html", "-out", out, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "  FAIL "); n != 2 || strings.Contains(stdout, "  PASS ") {
		t.Errorf("stdout gives %d FAIL, want 2:\n%s", n, stdout)
	}
	if !strings.Contains(stdout, "held in 198 of 200 replications (99%;") {
		t.Errorf("stdout:\n%s", stdout)
	}
	report, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0 of 2 checks hold over the replications (the scenario", "<h2>0 of 2 checks hold</h2>", "held in 198 of 200 replications", "day, of those that reached it: median (5th–95th percentile)", ">2 of 200</td>"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(report), "checks hold over") && !strings.Contains(string(report), "0 of 2 checks hold over") {
		t.Errorf("report.html says the checks hold")
	}
	data, err := os.ReadFile(filepath.Join(out, "milestones.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Expectations []struct {
			Pass bool `json:"pass"`
		} `json:"expectations"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Expectations) != 2 || m.Expectations[0].Pass || m.Expectations[1].Pass {
		t.Errorf("milestones.json expectations %+v, want 2 failed", m.Expectations)
	}
	junit := filepath.Join(dir, "junit.xml")
	code, _, _ = kmssim(t, "check", "-junit", junit, file)
	raw, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 || !strings.Contains(string(raw), `failures="2"`) {
		t.Errorf("check: exit %d, JUnit:\n%s", code, raw)
	}
}

// run with replications keeps the single-run summary of the first
// replication, then the spread and the verdicts over all.
func TestRunReplicationsSummary(t *testing.T) {
	code, stdout, stderr := kmssim(t, "run", "-format", "json", "-out", filepath.Join(t.TempDir(), "o"), "split-site")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	single := strings.Index(stdout, "split-site (seed 1): 90 days, 36 clients, 2 hosts")
	over := strings.Index(stdout, "Over 200 replications:")
	if single < 0 || over < single || strings.Contains(stdout[:over], "Expectations:") {
		t.Errorf("want the first run's summary without verdicts, then the replications':\n%s", stdout)
	}
}

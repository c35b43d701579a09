package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sweepArgs is a small sweep of the library's laptop-retirement scenario.
var sweepArgs = []string{"-replications", "4", "-set", "events[0].decommission.count=16,20,24", "-format", "csv,json,svg,html", "-progress", "never"}

// sameFiles fails unless dirs a and b hold the same files, byte for byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	fa, fb := snapshot(t, a), snapshot(t, b)
	if !slices.Equal(slices.Sorted(maps.Keys(fa)), slices.Sorted(maps.Keys(fb))) {
		t.Fatalf("%s has %v, %s has %v", a, slices.Sorted(maps.Keys(fa)), b, slices.Sorted(maps.Keys(fb)))
	}
	for name, data := range fa {
		if fb[name] != data {
			t.Errorf("%s differs between %s and %s", name, a, b)
		}
	}
}

// A batch writes the same bytes whatever the parallelism, and its shards,
// merged, write the same bytes as the whole sweep.
func TestSweepParallelAndShards(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	for _, par := range []string{"1", "2", "3"} {
		args := append([]string{"sweep", "-parallel", par, "-out", out("p" + par)}, sweepArgs...)
		if code, stdout, stderr := kmssim(t, append(args, "laptop-retirement")...); code != 0 {
			t.Fatalf("sweep -parallel %s: exit %d\n%s%s", par, code, stdout, stderr)
		}
	}
	sameFiles(t, out("p1"), out("p2"))
	sameFiles(t, out("p1"), out("p3"))
	files := snapshot(t, out("p1"))
	golden(t, "sweep-outcomes.csv", []byte(files["outcomes.csv"]))
	for _, name := range []string{"outcomes.csv", "batch.json", "report.html", "sweep-expect.svg", "sweep-below.svg"} {
		if _, ok := files[name]; !ok {
			t.Errorf("the sweep wrote no %s", name)
		}
	}

	// Three shards: two named, one from a Kubernetes Indexed Job's index.
	var parts []string
	for i, shard := range []string{"0/3", "3", "2/3"} {
		part := out("parts/part" + string(rune('0'+i)) + ".json")
		if shard == "3" {
			t.Setenv("JOB_COMPLETION_INDEX", "1")
		}
		args := append([]string{"sweep", "-shard", shard, "-out", part}, sweepArgs...)
		code, stdout, stderr := kmssim(t, append(args, "laptop-retirement")...)
		if code != 0 {
			t.Fatalf("sweep -shard %s: exit %d\n%s%s", shard, code, stdout, stderr)
		}
		if want := "Wrote shard " + []string{"0/3", "1/3", "2/3"}[i] + " (1 of 3 points)"; !strings.Contains(stdout, want) {
			t.Errorf("sweep -shard %s said %q, want %q", shard, stdout, want)
		}
		parts = append(parts, part)
	}
	slices.Reverse(parts) // in any order
	args := append([]string{"merge", "-format", "csv,json,svg,html", "-out", out("merged")}, parts...)
	if code, stdout, stderr := kmssim(t, args...); code != 0 {
		t.Fatalf("merge: exit %d\n%s%s", code, stdout, stderr)
	}
	sameFiles(t, out("p1"), out("merged"))

	// A missing shard is named.
	code, _, stderr := kmssim(t, "merge", "-out", out("bad"), parts[0], parts[1])
	if code != 1 || !strings.Contains(stderr, "shards missing: 0/3") {
		t.Errorf("merge of 2 of 3 shards: exit %d, %s", code, stderr)
	}
}

// Replications in run write the first run's outputs and their spread, the
// same whatever the parallelism.
func TestRunReplications(t *testing.T) {
	dir := t.TempDir()
	for _, par := range []string{"1", "2"} {
		code, stdout, stderr := kmssim(t, "run", "-replications", "6", "-parallel", par, "-format", "csv,json,svg", "-out", filepath.Join(dir, par), "split-site")
		if code != 0 {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "Over 6 replications") || !strings.Contains(stdout, "held in 6 of 6 replications") {
			t.Errorf("summary:\n%s", stdout)
		}
	}
	sameFiles(t, filepath.Join(dir, "1"), filepath.Join(dir, "2"))
	files := snapshot(t, filepath.Join(dir, "1"))
	for _, name := range []string{"series.csv", "milestones.json", "counts.svg", "bands.svg", "bands.csv", "outcomes.csv", "batch.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	// The first replication is the scenario's own seed: series.csv is
	// what a single run writes.
	if code, _, stderr := kmssim(t, "run", "-format", "csv", "-out", filepath.Join(dir, "single"), "split-site"); code != 0 {
		t.Fatal(stderr)
	}
	if single := snapshot(t, filepath.Join(dir, "single")); single["series.csv"] != files["series.csv"] {
		t.Error("the first replication's series.csv differs from a single run's")
	}
	var b struct {
		Replications int      `json:"replications"`
		Seeds        []uint64 `json:"seeds"`
		Complete     bool     `json:"complete"`
	}
	if err := json.Unmarshal([]byte(files["batch.json"]), &b); err != nil {
		t.Fatal(err)
	}
	if b.Replications != 6 || len(b.Seeds) != 6 || b.Seeds[0] != 1 || !b.Complete {
		t.Errorf("batch.json: %+v", b)
	}
}

func TestBatchErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sweep", "split-site"}, 2, "split-site has no sweep: add sweep: to the scenario, or vary a field with -set PATH=V1,V2"},
		{[]string{"sweep", "-set", "fleet.laptop.count=1,2", "decommissioning-trap"}, 2, `kmssim: -set fleet.laptop.count=1,2: unknown path "fleet.laptop.count": no numeric field there (nearest valid paths: fleet.laptops.count,`},
		{[]string{"sweep", "-set", "fleet.laptops.count", "decommissioning-trap"}, 2, "want path=values"},
		{[]string{"sweep", "-shard", "4", "laptop-retirement"}, 2, "which shard? write i/4, or set JOB_COMPLETION_INDEX"},
		{[]string{"sweep", "-shard", "4/4", "laptop-retirement"}, 2, "the shard index runs from 0 to 3"},
		{[]string{"sweep", "-shard", "0/2", "-set", "fleet.laptops.count=4", "decommissioning-trap"}, 2, "has no sweep"},
		{[]string{"run", "-set", "fleet.laptops.count=3,4", "decommissioning-trap"}, 2, "several values make a sweep: run it with kmssim sweep"},
		{[]string{"run", "-progress", "sometimes"}, 2, "want auto, always or never"},
		{[]string{"run", "-replications", "0", "split-site"}, 2, `invalid value "0" for flag -replications: want a whole number from 1 to 100000`},
		{[]string{"merge"}, 2, "merge needs the partial results"},
		{[]string{"run", "-replications", "-3", "split-site"}, 2, `invalid value "-3" for flag -replications`},
		{[]string{"run", "-set", "fleet.desktops.count=-5", "split-site"}, 1, "kmssim: with -set fleet.desktops.count=-5: scenarios/split-site.yaml:36: fleet[0].count: must not be negative, got -5"},
		{[]string{"sweep", "-set", "fleet.desktops.count=-5,4", "split-site"}, 1, "kmssim: with -set fleet.desktops.count=-5,4: scenarios/split-site.yaml: sweep: at fleet.desktops.count=-5: line 36: fleet[0].count: must not be negative, got -5"},
	}
	for _, tt := range tests {
		t.Setenv("JOB_COMPLETION_INDEX", "")
		code, _, stderr := kmssim(t, append(tt.args, "-out", t.TempDir())...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("kmssim %s: exit %d, %q; want exit %d and %q", strings.Join(tt.args, " "), code, stderr, tt.code, tt.want)
		}
	}
}

func TestPathsCommand(t *testing.T) {
	code, stdout, _ := kmssim(t, "paths", "decommissioning-trap")
	if code != 0 {
		t.Fatal(code)
	}
	for _, want := range []string{"fleet.laptops.count                 4\n", "events[0].decommission.count        2\n", "expect[0].until                     90d\n", "hosts.kms1.srv.weight               0\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("kmssim paths lacks %q:\n%s", want, stdout)
		}
	}
}

// A sweep shows its progress when asked, and an interrupted sweep keeps
// the points that finished, says so in its outputs, and exits 130.
func TestSweepProgressAndInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kmssim as a process")
	}
	out := filepath.Join(t.TempDir(), "out")
	cmd := exec.Command(os.Args[0], "sweep", "-progress", "always", "-parallel", "1", "-replications", "30",
		"-set", "events[0].decommission.count=0..30/1", "-format", "json,csv", "-out", out, "laptop-retirement")
	cmd.Env = append(os.Environ(), "KMSSIM_CHILD=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the progress line shows that two points (60 runs)
	// have finished.
	buf := make([]byte, 4096)
	var said string
	for done := 0; done < 60; {
		n, err := stderr.Read(buf)
		said += string(buf[:n])
		if err != nil {
			break
		}
		if i := strings.LastIndex(said, "\r"); i >= 0 {
			fmt.Sscanf(said[i+1:], "%d/", &done)
		}
	}
	cmd.Process.Signal(os.Interrupt)
	rest := make([]byte, 1<<16)
	for {
		n, err := stderr.Read(rest)
		said += string(rest[:n])
		if err != nil {
			break
		}
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130; stderr:\n%s", err, said)
	}
	for _, want := range []string{"/930 runs", "ETA", "points that finished to", "marked incomplete"} {
		if !strings.Contains(said, want) {
			t.Errorf("stderr lacks %q:\n%s", want, said)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "batch.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Complete    bool `json:"complete"`
		PointsTotal int  `json:"points_total"`
		Points      []struct {
			Index int `json:"index"`
		} `json:"points"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if b.Complete || b.PointsTotal != 31 || len(b.Points) < 2 || len(b.Points) == 31 {
		t.Fatalf("batch.json: complete %v, %d of %d points", b.Complete, len(b.Points), b.PointsTotal)
	}
	for i, p := range b.Points {
		if p.Index != i {
			t.Fatalf("point %d is number %d: finished points are the first ones", i, p.Index)
		}
	}
}

// merge reads only regular files of a part's size: /dev/zero would be read
// forever, a directory is no part.
func TestMergeReadsOnlyParts(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ file, want string }{
		{"/dev/zero", "/dev/zero: not a regular file"},
		{dir, dir + ": not a regular file"},
	} {
		code, _, stderr := kmssim(t, "merge", "-out", filepath.Join(dir, "out"), tt.file)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("merge %s: exit %d, stderr %q; want 1 and %q", tt.file, code, stderr, tt.want)
		}
	}
}

// run and sweep of one scenario write into different default
// directories: running one point does not replace the sweep's outputs.
func TestRunAndSweepDefaultDirs(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, stderr := kmssim(t, "run", "-format", "json", "-replications", "2", "new-branch"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := kmssim(t, "sweep", "-format", "json", "-progress", "never", "-replications", "2", "-set", "fleet.desktops.count=30,40", "new-branch"); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"out/new-branch/milestones.json", "out/new-branch-sweep/batch.json"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// A single run shows its share simulated, not a count of one run; a short
// one shows nothing at all.
func TestSingleRunProgress(t *testing.T) {
	if got, want := runProgressLine(0.45, 3*time.Second), "\rsimulating:  45% of the run  ETA 4s   "; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	code, _, stderr := kmssim(t, "run", "-progress", "always", "-format", "json", "-out", filepath.Join(t.TempDir(), "out"), "decommissioning-trap")
	if code != 0 || strings.Contains(stderr, "runs") || strings.Contains(stderr, "simulating") {
		t.Errorf("exit %d; a short single run printed progress: %q", code, stderr)
	}
}

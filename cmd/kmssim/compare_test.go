package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareOut runs kmssim compare into a new folder and returns it and
// stdout, the folder written as OUT.
func compareOut(t *testing.T, args ...string) (dir, stdout string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "cmp")
	code, stdout, stderr := kmssim(t, append([]string{"compare", "-out", dir}, args...)...)
	if code != 0 {
		t.Fatalf("compare %v: exit %d\n%s", args, code, stderr)
	}
	return dir, strings.ReplaceAll(stdout, dir, "OUT")
}

// The what-if of the README: two more laptops keep the count at 25. One
// run each: both verdicts lead, the differences are exact, and stdout is
// pinned byte for byte.
func TestCompareTrapWhatIf(t *testing.T) {
	dir, stdout := compareOut(t, "decommissioning-trap", "-set", "fleet.laptops.count=6")
	for _, want := range []string{
		"A RED: 23 machines lose activation from 2027-09-24 (day 263.93)",
		"B GREEN: No machine loses activation",
		"kms1 windows count below 25   ",
		"activations lapsed (K7)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	golden(t, "decommissioning-trap.compare.txt", []byte(stdout))
	for _, f := range []string{"compare.json", "compare.csv", "counts.svg", "counts.png", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("compare wrote no %s: %v", f, err)
		}
	}
}

// The outputs kmssim run wrote, compared as folders, give the same
// differences as the scenarios simulated: compare.csv byte for byte.
func TestCompareFolders(t *testing.T) {
	work := t.TempDir()
	a, b := filepath.Join(work, "trap"), filepath.Join(work, "six")
	for _, args := range [][]string{{"run", "-out", a, "decommissioning-trap"}, {"run", "-out", b, "-set", "fleet.laptops.count=6", "decommissioning-trap"}} {
		if code, _, stderr := kmssim(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	fromRuns, stdout := compareOut(t, a, b)
	if !strings.Contains(stdout, "only the totals of lapses are compared") {
		t.Errorf("stdout does not say a folder has no groups:\n%s", stdout)
	}
	// The plans are named as their runs were, what-if included, not by
	// the folders' names.
	if want := "A is decommissioning-trap (the outputs of kmssim run in " + a + "); B is decommissioning-trap+fleet.laptops.count=6 (the outputs of kmssim run in " + b + ")."; !strings.Contains(stdout, want) {
		t.Errorf("stdout does not name the plans as run:\n%s\nwant %s", stdout, want)
	}
	simulated, _ := compareOut(t, "decommissioning-trap", "-set", "fleet.laptops.count=6")
	x, err := os.ReadFile(filepath.Join(fromRuns, "compare.csv"))
	if err != nil {
		t.Fatal(err)
	}
	y, _ := os.ReadFile(filepath.Join(simulated, "compare.csv"))
	if !bytes.Equal(x, y) {
		t.Errorf("compare.csv of the folders differs from the scenarios':\n%s\n---\n%s", x, y)
	}
	// A folder against a scenario of another seed: the scenario takes
	// the folder's, and says so; the same run, the same verdict.
	_, stdout = compareOut(t, a, "decommissioning-trap", "-set", "seed=5")
	if !strings.Contains(stdout, "B ran with the seed of A, 1, not its own, 5") || !strings.Contains(stdout, "B RED: 23 machines") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// Over replications with the same seeds, the differences have
// intervals, and the outputs are the same bytes whatever the
// parallelism.
func TestCompareReplications(t *testing.T) {
	one, stdout := compareOut(t, "-parallel", "1", "-replications", "20", "decommissioning-trap", "-set", "fleet.laptops.count=6")
	if !strings.Contains(stdout, "Over 20 replications of each plan with the same seeds") || !strings.Contains(stdout, "−100 points (−100 to −100)") {
		t.Errorf("stdout:\n%s", stdout)
	}
	two, _ := compareOut(t, "-parallel", "2", "-replications", "20", "decommissioning-trap", "-set", "fleet.laptops.count=6")
	for _, f := range []string{"compare.json", "compare.csv", "counts.svg", "report.html"} {
		a, _ := os.ReadFile(filepath.Join(one, f))
		b, err := os.ReadFile(filepath.Join(two, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between -parallel 1 and 2 (%v)", f, err)
		}
	}
}

func TestCompareUsage(t *testing.T) {
	work := t.TempDir()
	folder := filepath.Join(work, "trap")
	if code, _, stderr := kmssim(t, "run", "-out", folder, "decommissioning-trap"); code != 0 {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{}, "compare takes A"},
		{[]string{"a", "b", "c"}, "compare takes A"},
		{[]string{"decommissioning-trap", folder, "-set", "fleet.laptops.count=6"}, "-set changes B"},
		{[]string{folder, "-replications", "5"}, "is the outputs of a run"},
		{[]string{"-replications", "5", "decommissioning-trap", folder}, "is the outputs of one run"},
	} {
		code, _, stderr := kmssim(t, append([]string{"compare", "-out", filepath.Join(work, "out")}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("compare %v: exit %d, %q; want %d and %q", c.args, code, stderr, exitUsage, c.want)
		}
	}
	if _, _, stderr := kmssim(t, "compare"); !strings.HasSuffix(stderr, "got none\n") {
		t.Errorf("compare with nothing: %q", stderr)
	}
}

// A folder that is not one run's outputs is refused with what to do
// instead: one without milestones.json, one of replications (whose
// milestones are its first run's, its verdict all runs'), one of a sweep.
func TestCompareFoldersNotOneRun(t *testing.T) {
	work := t.TempDir()
	reps, sweep := filepath.Join(work, "reps"), filepath.Join(work, "sweep")
	if code, _, stderr := kmssim(t, "run", "-replications", "3", "-format", "json", "-out", reps, "decommissioning-trap"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := kmssim(t, "sweep", "-replications", "2", "-format", "json", "-progress", "never", "-out", sweep, "laptop-retirement"); code != 0 {
		t.Fatal(stderr)
	}
	for _, c := range []struct{ folder, want string }{
		{work, work + " has no milestones.json: a folder kmssim run wrote with -format json (the default writes it)"},
		{reps, reps + " holds 3 replications, of which a folder keeps only the first run's milestones and counts: compare the scenarios instead (kmssim compare decommissioning-trap …), which pairs all their replications"},
		{sweep, sweep + " holds the outputs of kmssim sweep, not of one plan: compare two of its points as scenarios (kmssim compare laptop-retirement -set PATH=VALUE)"},
	} {
		code, stdout, stderr := kmssim(t, "compare", "-out", filepath.Join(work, "out"), c.folder, "decommissioning-trap")
		if code != 1 || stdout != "" || stderr != "kmssim: "+c.want+"\n" {
			t.Errorf("compare %s: exit %d, stdout %q, stderr %q; want 1 and %q", c.folder, code, stdout, stderr, c.want)
		}
	}
}

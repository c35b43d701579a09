package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/reports"

	"github.com/kmssim/kmssim/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestMain lets the test binary run as kmssim itself, for the tests that
// need a real process (signals): with KMSSIM_CHILD set it runs the
// command line after the binary's name.
func TestMain(m *testing.M) {
	if os.Getenv("KMSSIM_CHILD") != "" {
		os.Exit(run(withSignals(context.Background()), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// kmssim runs the command in-process and returns its exit code and output.
func kmssim(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// withoutFonts returns the SVG data without its embedded font block,
// which it must have: the golden copies leave it out.
func withoutFonts(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	start, end := bytes.Index(data, []byte("<defs>")), bytes.Index(data, []byte("</defs>"))
	if start < 0 || end < start || !bytes.Contains(data[start:end], []byte("@font-face")) || !bytes.Contains(data[start:end], []byte("base64,")) {
		t.Fatalf("%s does not embed its fonts", name)
	}
	return append(data[:start:start], data[end+len("</defs>"):]...)
}

// golden compares got with testdata/golden/name, or rewrites it with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/kmssim -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d); if the change is intended, run go test ./cmd/kmssim -update and review the diff", name, len(got), len(want))
	}
}

// The default scenario's outputs are pinned byte for byte, and a second
// run gives the same bytes.
func TestRunDefaultGolden(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := kmssim(t, "run", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	golden(t, "decommissioning-trap.summary.txt", []byte(strings.ReplaceAll(stdout, dir, "OUT")))
	goldenOutputs(t, "decommissioning-trap", dir)

	again := t.TempDir()
	if code, _, _ := kmssim(t, "run", "-out", again); code != 0 {
		t.Fatal("second run failed")
	}
	for _, f := range []string{"series.csv", "milestones.json", "counts.svg", "counts.png", "states.svg", "report.html"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(again, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
}

// goldenOutputs compares every file of output directory dir but the
// report (whose fonts change with the font package) with its golden copy
// NAME.FILE, and checks that each chart is a kind reports draws: a new
// chart is golden-tested without a change here.
func goldenOutputs(t *testing.T, name, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, e := range entries {
		f := e.Name()
		if f == "report.html" || strings.HasPrefix(f, ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		stem, ext, _ := strings.Cut(f, ".")
		if ext == "svg" || ext == "png" {
			charts++
			if !slices.Contains(reports.ChartNames(), stem) {
				t.Errorf("%s: a chart reports does not list", f)
			}
		}
		if ext == "svg" {
			// SVGs carry their fonts; the golden copies leave the font block out.
			data = withoutFonts(t, f, data)
		}
		golden(t, name+"."+f, data)
	}
	if charts == 0 {
		t.Errorf("%s: no chart written", dir)
	}
}

// A model's spans are read from the model: with count_window 14d, every
// output says 14 days where the default says 30 (issue 24).
func TestRunCountWindowGolden(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := kmssim(t, "run", "-set", "model.count_window=14d", "-format", "json,svg,html", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	golden(t, "count-window-14d.summary.txt", []byte(strings.ReplaceAll(stdout, dir, "OUT")))
	goldenOutputs(t, "count-window-14d", dir)
	report, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	counts, _ := os.ReadFile(filepath.Join(dir, "counts.svg"))
	for name, data := range map[string][]byte{"report.html": report, "counts.svg": counts} {
		if !bytes.Contains(data, []byte("in the last 14 days")) || bytes.Contains(data, []byte("last 30 days")) {
			t.Errorf("%s does not say the count window is 14 days", name)
		}
	}
}

func TestRunSeedAndFormat(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := kmssim(t, "run", "decommissioning-trap", "-seed", "42", "-format", "json", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "(seed 42)") {
		t.Errorf("summary does not name seed 42:\n%s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(dir, "milestones.json"))
	if err != nil || !bytes.Contains(data, []byte(`"seed": 42`)) {
		t.Errorf("milestones.json does not record seed 42: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "series.csv")); !os.IsNotExist(err) {
		t.Errorf("-format json wrote series.csv")
	}
}

// A bad scenario is reported with file, line and field, exits 1 and writes
// nothing.
func TestRunBadScenario(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("duration: 365d\nfleet:\n  - group: pcs\n    count: 10\n    product: windows-77\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := kmssim(t, "run", bad, "-out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := bad + `:5: fleet[0].product: unknown product "windows-77"`
	if !strings.Contains(stderr, want) {
		t.Fatalf("stderr=%q, want it to contain %q", stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("output directory exists after a bad scenario: %v", err)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run", "-bogus"}, 2, "unknown flag -bogus"},
		// Did you mean: commands, flags, built-in scenarios.
		{[]string{"rn"}, 2, `unknown command "rn"; did you mean "run"?`},
		{[]string{"run", "-seeed", "3"}, 2, "run: unknown flag -seeed; did you mean -seed?"},
		{[]string{"sweep", "--shards=1/2"}, 2, "sweep: unknown flag -shards; did you mean -shard?"},
		{[]string{"run", "decomissioning-trap"}, 1, `no built-in scenario "decomissioning-trap"; did you mean "decommissioning-trap"?`},
		{[]string{"run", "-seed", "-1"}, 2, "want a whole number"},
		{[]string{"run", "a.yaml", "b.yaml"}, 2, "run takes one scenario, got 2"},
		{[]string{"run", "-format", "pdf"}, 2, `unknown format "pdf"`},
		{[]string{"run", "no-such-builtin"}, 1, `no built-in scenario "no-such-builtin"`},
		{[]string{"run", "missing.yaml"}, 1, "no such file"},
		{[]string{"validate"}, 2, "validate needs at least one scenario file"},
	}
	for _, tt := range tests {
		code, _, stderr := kmssim(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("kmssim %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
}

// Help goes to stdout, for | grep and | less: every command's -h, and
// help CMD, which is the same text.
func TestHelp(t *testing.T) {
	for _, cmd := range commands {
		if cmd == "help" {
			continue
		}
		code, stdout, stderr := kmssim(t, cmd, "-h")
		if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "Usage: kmssim "+cmd) {
			t.Errorf("%s -h: exit %d, stdout %.40q, stderr %q; want 0, the usage on stdout, nothing on stderr", cmd, code, stdout, stderr)
		}
		code, again, _ := kmssim(t, "help", cmd)
		if code != 0 || again != stdout {
			t.Errorf("help %s: exit %d, stdout %.40q; want %s -h's", cmd, code, again, cmd)
		}
	}
	if code, stdout, _ := kmssim(t, "help"); code != 0 || !strings.Contains(stdout, "kmssim help COMMAND") {
		t.Errorf("help: exit %d, stdout %.60q", code, stdout)
	}
}

// A bad flag value, or a flag without its value, shows that flag's line
// under kmssim's prefix, not every flag of the command.
func TestBadFlagValueShowsItsLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-parallel", "x"}, "kmssim: invalid value \"x\" for flag -parallel: parse error\n" +
			"  -parallel int\n" +
			"    \truns, or independent parts of a scenario, to simulate at once (0: one per core)\n" +
			"Run 'kmssim run -h' for all its flags.\n"},
		{[]string{"import", "-tz"}, "kmssim: flag needs an argument: -tz\n" +
			"  -tz string\n" +
			"    \tthe time zone of the CSV exports' times: an IANA name (Europe/Berlin), Local, or an offset such as +01:00 (default \"UTC\")\n" +
			"Run 'kmssim import -h' for all its flags.\n"},
	} {
		code, stdout, stderr := kmssim(t, tc.args...)
		if code != 2 || stdout != "" || stderr != tc.want {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", tc.args, code, stdout, stderr, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join("..", "..", "scenarios", "decommissioning-trap.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("duration: 30\n"), 0o644)
	code, stdout, stderr := kmssim(t, "validate", good, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, good+": ok") {
		t.Errorf("stdout=%q, want %s: ok", stdout, good)
	}
	if !strings.Contains(stderr, bad+`:1: duration: duration "30" has no unit`) || !strings.Contains(stderr, "1 scenario invalid") {
		t.Errorf("stderr=%q", stderr)
	}
	if code, _, _ := kmssim(t, "validate", good); code != 0 {
		t.Errorf("validate of a good file: exit %d", code)
	}
}

// K9, K46: clones are valid, and validate says so on stderr, at the line
// that declares them, with exit 0.
func TestValidateWarnsOfClones(t *testing.T) {
	lab := filepath.Join("..", "..", "scenarios", "cloned-lab.yaml")
	code, stdout, stderr := kmssim(t, "validate", lab)
	if code != 0 || !strings.Contains(stdout, lab+": ok") {
		t.Fatalf("exit %d, stdout %q: want 0 and ok", code, stdout)
	}
	want := "warning: " + lab + ":36: fleet[0].shared_cmid: group lab (shared_cmid): 30 machines share 1 CMID: a host counts each once (K9, K46)"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr=%q, want %q", stderr, want)
	}
}

func TestListAndVersion(t *testing.T) {
	code, stdout, _ := kmssim(t, "list")
	if code != 0 || !strings.Contains(stdout, "decommissioning-trap") {
		t.Errorf("list: exit %d, %q", code, stdout)
	}
	code, stdout, _ = kmssim(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "kmssim ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// check runs the library by default and passes.
func TestCheckLibrary(t *testing.T) {
	code, stdout, stderr := kmssim(t, "check")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	total := 0
	for _, name := range scenarios.Library() {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		total += len(scn.Expect)
	}
	want := fmt.Sprintf("\n%d passed, 0 failed\n", total)
	if total < 40 || !strings.HasSuffix(stdout, want) || strings.Count(stdout, "  PASS ") != total {
		t.Fatalf("stdout does not end with %q and hold %d PASS lines:\n%s", want, total, stdout)
	}
}

// Editing one number in a scenario makes check fail, saying what happened
// instead, and the JUnit file records it.
func TestCheckFailureAndJUnit(t *testing.T) {
	data, err := os.ReadFile("../../scenarios/decommissioning-trap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "decommission: {group: laptops, count: 2}", "decommission: {group: laptops, count: 1}", 1)
	if edited == string(data) {
		t.Fatal("the decommission line was not found")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "trap.yaml")
	os.WriteFile(file, []byte(edited), 0o644)
	junit := filepath.Join(dir, "junit.xml")

	code, stdout, stderr := kmssim(t, "check", "-junit", junit, file)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := "  FAIL and stays at 23 for good (kms1 windows count ≤ 23 from 90d to 365d): 24 at day 90.00"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout does not contain\n%s\ngot:\n%s", want, stdout)
	}
	if !strings.Contains(stderr, "of 6 expectations failed") {
		t.Errorf("stderr=%q", stderr)
	}

	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	raw, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(raw, &suites); err != nil {
		t.Fatalf("JUnit file is not XML: %v", err)
	}
	failures := 0
	for _, c := range suites.Suites[0].Cases {
		if c.Failure != nil {
			failures++
			if c.Name == "and stays at 23 for good" && !strings.HasPrefix(c.Failure.Message, "24 at day 90.00") {
				t.Errorf("failure message %q", c.Failure.Message)
			}
		}
	}
	if suites.Tests != 6 || len(suites.Suites) != 1 || suites.Suites[0].Name != "decommissioning-trap" || suites.Failures != failures || failures == 0 {
		t.Errorf("JUnit: tests=%d failures=%d (counted %d) suites=%d", suites.Tests, suites.Failures, failures, len(suites.Suites))
	}
}

// A scenario that cannot run is an error in check's output and in JUnit.
func TestCheckInvalidScenario(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("duration: 1d\nexpect:\n  - {count: {host: nope}, at_least: 1}\n"), 0o644)
	junit := filepath.Join(dir, "junit.xml")
	code, stdout, _ := kmssim(t, "check", "-junit", junit, bad)
	if code != 1 || !strings.Contains(stdout, `ERROR `+bad+`:3: expect[0].count.host: unknown host "nope"`) {
		t.Fatalf("exit %d, stdout:\n%s", code, stdout)
	}
	raw, _ := os.ReadFile(junit)
	if !strings.Contains(string(raw), `<error message="scenario did not run"`) {
		t.Fatalf("JUnit:\n%s", raw)
	}
	// stdout counts it as JUnit does: an error, not a failed expectation.
	if !strings.Contains(stdout, "0 passed, 0 failed, 1 error\n") || !strings.Contains(string(raw), `errors="1"`) || !strings.Contains(string(raw), `failures="0"`) {
		t.Errorf("stdout and JUnit count the scenario that did not run differently:\n%s\n%s", stdout, raw)
	}
}

// kmssim schema prints the schema kept as scenarios/schema.json.
func TestSchemaCommand(t *testing.T) {
	code, stdout, _ := kmssim(t, "schema")
	want, err := os.ReadFile("../../scenarios/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || stdout != string(want) {
		t.Fatalf("exit %d; output differs from scenarios/schema.json", code)
	}
}

// -stats reports the simulation's cost on stderr; the profiles are written.
func TestRunStatsAndProfiles(t *testing.T) {
	dir, profs := t.TempDir(), t.TempDir()
	cpu, mem := filepath.Join(profs, "cpu.prof"), filepath.Join(profs, "mem.prof")
	code, _, stderr := kmssim(t, "run", "-stats", "-format", "json", "-out", dir, "-cpuprofile", cpu, "-memprofile", mem, "-parallel", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "stats: 77168 events in ") || !strings.Contains(stderr, "M events/s), 25 clients, peak memory ") {
		t.Errorf("stderr=%q", stderr)
	}
	for _, f := range []string{cpu, mem} {
		if info, err := os.Stat(f); err != nil || info.Size() == 0 {
			t.Errorf("profile %s not written: %v", f, err)
		}
	}
}

// snapshot reads every file of dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range dirNames(t, dir) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = string(data)
	}
	return m
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// The same scenario and seed give the same bytes whatever the number of
// cores: kmssim runs as a child with GOMAXPROCS=1 and with GOMAXPROCS=2,
// on a scenario of many independent sites (parallel parts).
func TestSameBytesWhateverTheCores(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kmssim twice")
	}
	parent := t.TempDir()
	scn := filepath.Join(parent, "sites.yaml")
	os.WriteFile(scn, []byte(`
duration: 120d
sample: 1d
start: 2027-01-04
sites:
  - name: branch
    instances: 60
    dns: [{name: "{site}.example"}]
    hosts: [{name: kms, keys: [windows-server-2008r2]}]
    fleet: [{group: pcs, count: 26, product: windows-7, join: {at: 0d, over: 7d}}]
    events: [{at: 30d, decommission: {group: pcs, count: 2}}]
`), 0o644)
	var outputs []map[string]string
	for _, procs := range []string{"1", "2"} {
		out := filepath.Join(parent, "out"+procs)
		cmd := exec.Command(os.Args[0], "run", "-seed", "9", "-out", out, scn)
		cmd.Env = append(os.Environ(), "KMSSIM_CHILD=1", "GOMAXPROCS="+procs)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GOMAXPROCS=%s: %v\n%s", procs, err, b)
		}
		outputs = append(outputs, snapshot(t, out))
	}
	if len(outputs[0]) < 10 {
		t.Fatalf("only %d files", len(outputs[0]))
	}
	for name, data := range outputs[0] {
		if outputs[1][name] != data {
			t.Errorf("%s differs between GOMAXPROCS=1 and 2", name)
		}
	}
}

// A scenario estimated to exceed a limit is refused before it runs, with
// the flag that lifts the limit, and nothing is written.
func TestRunLimits(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	code, _, stderr := kmssim(t, "run", "-max-memory", "10MB", "-out", out)
	if code != 1 || !strings.Contains(stderr, "more than the limit of 10MB") || !strings.Contains(stderr, "lift the limit with -max-memory") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused run wrote outputs")
	}
	if code, _, stderr := kmssim(t, "run", "-max-samples", "100", "-out", out); code != 1 || !strings.Contains(stderr, "lift the limit with -max-samples") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := kmssim(t, "run", "-max-memory", "0", "-max-samples", "0", "-format", "json", "-out", out); code != 0 {
		t.Fatal("limits of 0 did not lift them")
	}
	if code, _, stderr := kmssim(t, "run", "-max-memory", "lots"); code != 2 || !strings.Contains(stderr, "want a size with a unit") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// version names the release, or the commit a checkout's build came from.
func TestVersion(t *testing.T) {
	for _, tt := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-02T07:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"(devel) commit 0123456789ab with uncommitted changes, 2026-12-02T07:00:00Z"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel, built without version control information"},
	} {
		if got := version(tt.bi); !strings.HasPrefix(got, tt.want) {
			t.Errorf("version = %q, want %q", got, tt.want)
		}
	}
	defer func(v string) { releaseVersion = v }(releaseVersion)
	releaseVersion = "v1.3.0-2-gabcdef0"
	if got := version(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); got != releaseVersion {
		t.Errorf("with the release build's stamp, version = %q, want %q", got, releaseVersion)
	}
}

// check takes the settings run takes: -set changes the plan it judges,
// -replications and -seed the runs; a -set of several values is a sweep's.
func TestCheckSettings(t *testing.T) {
	code, stdout, _ := kmssim(t, "check", "-set", "fleet.laptops.count=6", "decommissioning-trap")
	if code != 1 || !strings.HasSuffix(stdout, "2 passed, 4 failed\n") || !strings.Contains(stdout, "FAIL the count falls below 25 a month after the retirement (kms1 windows count first falls below 25 from 83d to 90d): never fell below 25") {
		t.Errorf("check -set: exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = kmssim(t, "check", "-replications", "3", "-seed", "7", "decommissioning-trap")
	if code != 0 || !strings.HasPrefix(stdout, "scenarios/decommissioning-trap.yaml (seed 7, 3 replications)\n") || !strings.HasSuffix(stdout, "6 passed, 0 failed\n") {
		t.Errorf("check -replications: exit %d, stdout:\n%s", code, stdout)
	}
	code, _, stderr := kmssim(t, "check", "-set", "fleet.laptops.count=1,2", "decommissioning-trap")
	if code != 2 || !strings.Contains(stderr, "several values make a sweep") {
		t.Errorf("check -set with two values: exit %d, stderr %q", code, stderr)
	}
}

// An output path that cannot be written is refused before the run, not
// after it.
func TestOutputPathsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "-out", file}, "-out " + file + ": is a file, not a directory for the outputs"},
		{[]string{"run", "-out", filepath.Join(file, "sub")}, "-out " + filepath.Join(file, "sub") + ": " + file + " is a file, not a folder"},
		{[]string{"sweep", "-set", "fleet.laptops.count=3,4", "-out", file}, "-out " + file + ": is a file, not a directory for the outputs"},
		{[]string{"check", "-junit", filepath.Join(dir, "no", "such", "j.xml")}, "-junit " + filepath.Join(dir, "no", "such", "j.xml") + ": the folder " + filepath.Join(dir, "no", "such") + " does not exist"},
		{[]string{"check", "-junit", dir}, "-junit " + dir + ": is a directory, not a file"},
	}
	for _, tt := range tests {
		code, stdout, stderr := kmssim(t, tt.args...)
		if code != 2 || stdout != "" || stderr != "kmssim: "+tt.want+"\n" {
			t.Errorf("kmssim %v: exit %d, stdout %q, stderr %q; want 2 and %q, before any run", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// - reads the scenario from standard input, for run, validate and the
// other commands that take one.
func TestScenarioFromStdin(t *testing.T) {
	trap, err := os.ReadFile("../../scenarios/decommissioning-trap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		out  string
	}{
		{[]string{"validate", "-"}, "-: ok\n"},
		{[]string{"run", "-format", "json", "-out", filepath.Join(t.TempDir(), "out"), "-"}, "RED: 23 machines lose activation from 2027-09-24 (day 263.93)"},
	} {
		cmd := exec.Command(exe, tt.args...)
		cmd.Env = append(os.Environ(), "KMSSIM_CHILD=1")
		cmd.Stdin = bytes.NewReader(trap)
		out, err := cmd.Output()
		if err != nil || !strings.HasPrefix(string(out), tt.out) {
			t.Errorf("kmssim %v < trap.yaml: %v, stdout %q; want it to start %q", tt.args, err, out, tt.out)
		}
	}
}

// -series chooses series.csv's layout; auto turns long past a
// spreadsheet's columns and says so on stdout; a layout it does not know
// is a usage error.
func TestRunSeriesLayout(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := kmssim(t, "run", "decommissioning-trap", "-series", "long", "-format", "csv", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "series.csv"))
	if err != nil || !bytes.HasPrefix(data, []byte("time_s,day,date,series,value\n0,0.0000,2027-01-04 00:00,kms1.windows.count,-1\n")) {
		t.Errorf("-series long: series.csv begins %q (%v)", data[:min(len(data), 80)], err)
	}
	if strings.Contains(stdout, "series.csv is long") {
		t.Errorf("a layout asked for is explained as if chosen:\n%s", stdout)
	}

	// 5,500 offices of one host each: count, requests and answered make
	// 16,500 columns, more than 16,384.
	wide := `name: offices
duration: 2d
sample: 1d
sites:
  - name: office
    instances: 5500
    dns: [{name: "{site}.example"}]
    hosts: [{name: kms, keys: [windows-server-2022]}]
    fleet: [{group: pcs, count: 1, product: windows-11}]
`
	path := filepath.Join(t.TempDir(), "offices.yaml")
	os.WriteFile(path, []byte(wide), 0o644)
	code, stdout, stderr = kmssim(t, "run", path, "-format", "csv", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "series.csv"))
	if !bytes.HasPrefix(data, []byte("time_s,day,series,value\n")) || !strings.Contains(stdout, "series.csv is long, a row per sample and series: its 16,523 series are more columns than a spreadsheet opens (16,384); -series wide writes a column each\n") {
		t.Errorf("past 16,384 columns: series.csv begins %q, stdout:\n%s", data[:min(len(data), 40)], stdout)
	}

	code, stdout, stderr = kmssim(t, "run", "-series", "tall")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "-series: unknown layout \"tall\" (known: auto, wide, long)") {
		t.Errorf("-series tall: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

package reports

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	stdtime "time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

func TestWhen(t *testing.T) {
	res := &sim.Result{}
	if got := res.When(37*engine.Day + 14*engine.Hour); got != "day 37.58" {
		t.Errorf("When=%q, want day 37.58", got)
	}
	res.Start.Time, _ = parseDate("2027-01-04")
	if got := res.When(37*engine.Day + 14*engine.Hour); got != "day 37.58, 2027-02-10 14:00" {
		t.Errorf("When=%q", got)
	}
}

func parseDate(s string) (t stdtime.Time, err error) {
	var d scenarios.Date
	scn, err := scenarios.Parse("", []byte("duration: 1d\nfleet: [{group: a, count: 1, product: windows-7}]\nstart: "+s+"\n"))
	if err == nil {
		d = scn.Start
	}
	return d.Time, err
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		in   string
		want []Format
		err  string
	}{
		{"", Formats, ""},
		{"all", Formats, ""},
		{"json", []Format{JSON}, ""},
		{"csv, json,csv", []Format{CSV, JSON}, ""},
		{"csv,pdf", nil, `unknown format "pdf"`},
	}
	for _, tt := range tests {
		got, err := ParseFormats(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseFormats(%q) error=%v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseFormats(%q)=%v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// WriteFileAtomic replaces a file whole and leaves no temporary file.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.csv")
	for _, content := range []string{"first\n", "second\n"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != content {
			t.Fatalf("content=%q, want %q", got, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files in the directory, want 1", len(entries))
	}
	err := WriteFileAtomic(filepath.Join(dir, "missing", "x"), nil)
	if err == nil || !strings.Contains(err.Error(), "write "+filepath.Join(dir, "missing", "x")+": ") {
		t.Fatalf("writing into a missing directory: error %v", err)
	}
}

// FuzzParseFormats: any -format value gives a list of known formats or an
// error, never a panic, and "all" or a valid list round-trips.
func FuzzParseFormats(f *testing.F) {
	for _, s := range []string{"", "all", "csv", "csv,json", " svg , png ,html", "pdf", "csv,,json", ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFormats(s)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatalf("ParseFormats(%q) = no formats and no error", s)
		}
		for _, g := range got {
			if !slices.Contains(Formats, g) {
				t.Fatalf("ParseFormats(%q) gave unknown format %q", s, g)
			}
		}
	})
}

// OWASP's rule against CSV injection: text that a spreadsheet would take
// for a formula gets an apostrophe; numbers stay numbers.
func TestNeutralise(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"+cmd", "'+cmd"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-1", "-1"},
		{"+5", "+5"},
		{"-0.25", "-0.25"},
		{"kms1.windows.count", "kms1.windows.count"},
		{"", ""},
	} {
		if got := neutralise(tt.in); got != tt.want {
			t.Errorf("neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Hosts of site templates are found together: how many instances
// reached and fell below the threshold, the first of them, not six
// arbitrary instances one by one.
func TestFindingsAcrossInstances(t *testing.T) {
	_, res := simulate(t, `duration: 90d
sites:
  - name: branch
    instances: 3
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms1, keys: [windows-server-2008r2]}]
    fleet: [{group: pcs, count: 26, product: windows-7, join: {at: 0d, over: 7d}}]
    events: [{at: 20d, decommission: {group: pcs, count: 2}}]
  - name: lab
    instances: 4
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms1, keys: [windows-server-2008r2]}]
    fleet: [{group: pcs, count: 10, product: windows-7}]
`)
	got := strings.Join(Findings(res, nil), "\n")
	for _, want := range []string{
		"3 of 3 branch/kms1 hosts (windows) reached 25, the first (branch-",
		"; 3 fell below it, the first, branch-",
		"The first to fall: branch-",
		"None of 4 lab/kms1 hosts (windows) reached 25: their counts peaked at 10.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("findings lack %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "branch-00") > 4 {
		t.Errorf("findings name instances one by one:\n%s", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// A counts chart of some of many pools says which it drew: here none fell
// below, so the first to reach the threshold, earliest first.
func TestCountsTitleSaysWhatIsDrawn(t *testing.T) {
	_, res := simulate(t, `duration: 30d
sites:
  - name: branch
    instances: 12
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms1, keys: [windows-server-2008r2]}]
    fleet: [{group: pcs, count: 26, product: windows-7, join: {at: 0d, over: 7d}}]
`)
	chosen, total := choosePools(res)
	if total != 12 || len(chosen) >= total {
		t.Fatalf("chose %d of %d", len(chosen), total)
	}
	if got := chosenWhat(res); got != "the first to reach a threshold (none fell below)" {
		t.Errorf("title says %q", got)
	}
	first := engine.Time(-1)
	for _, c := range chosen {
		below, reached := firstOf(firstCrossings(res), res.Hosts[c.host].Name, c.pool.Pool, 25)
		if below != nil || reached == nil || reached.At < first {
			t.Fatalf("%s: not in order of first reaching 25", c.name(res))
		}
		first = reached.At
	}
}

// Lines that coincide stay visible: the first drawn is the widest, and
// lines that end at one value share a label there, "a = b".
func TestCoincidingLines(t *testing.T) {
	if w0, w1 := stackedWidth(0, 3), stackedWidth(2, 3); w0 <= w1 {
		t.Errorf("widths %v and %v: the first line drawn must be the widest", w0, w1)
	}
	_, res := builtin(t, "primary-standby")
	for _, c := range Charts(res) {
		if c.Name != "counts" {
			continue
		}
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{">primary-b windows = standby-a windows</text>", ">primary-a windows = standby-b windows</text>", "below threshold (in each host&#39;s colour)"} {
			if !strings.Contains(string(svg), want) {
				t.Errorf("counts chart lacks %q", want)
			}
		}
		return
	}
	t.Fatal("no counts chart")
}

// builtin runs the built-in scenario name at its own seed.
func builtin(t testing.TB, name string) (*scenarios.Scenario, *sim.Result) {
	t.Helper()
	scn, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: scn.Seed})
	if err != nil {
		t.Fatal(err)
	}
	return scn, res
}

// simulate parses src and runs it with seed 1.
func simulate(t testing.TB, src string) (*scenarios.Scenario, *sim.Result) {
	t.Helper()
	scn, err := scenarios.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return scn, res
}

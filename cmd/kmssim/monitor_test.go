package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The exit codes of kmssim import -warn, for a scheduled task: 0 when
// nothing happens within -warn, 1 when a count is or falls below its
// threshold (kms2's lab: 6 of 25) or would if its overdue machines do not
// return (the retirement log at day 35), 2 when no forecast was made: a
// -warn the forecast cannot cover, or an import that failed. -metrics
// writes the file in every case that forecasts.
var importWarnTests = []struct {
	name   string
	args   []string
	code   int
	stdout []string
	stderr string
}{
	{"quiet", []string{"-warn", "365d", samples + "evtx/kms1.evtx"}, 0, []string{"Nothing happens within -warn 365d."}, ""},
	{"quiet-week", []string{"-warn", "7d", samples + "evtx/kms1.evtx"}, 0, []string{"Nothing happens within -warn 7d."}, ""},
	{"below", []string{"-warn", "30d", samples + "evtx/kms1.evtx", samples + "evtx/kms2.evtx"}, 1,
		[]string{"Within -warn 30d:\n  kms2's windows count is 6, below its threshold 25\n  6 machines of windows-8.1 not activated now go into notification (a black desktop) within 30d, the first on 2026-11-07 06:29 UTC\n"}, "kmssim: the forecast warns: 2 warnings within 30d (exit 1)"},
	{"overdue-leave", []string{"-now", "2027-02-08", "-warn", "30d", samples + "retire/kms1.evtx"}, 1,
		[]string{"Counts with overdue machines (they missed their 7-day renewal yet are still counted):\n  kms1 windows: 8 counted, 4 overdue; falls below 5 on 2027-02-21 13:06 UTC if they do not return\n",
			"Within -warn 30d:\n  kms1's windows count falls below 5 on 2027-02-21 13:06 UTC if its 4 overdue machines do not return (the runs, which take them as coming back, see no fall within 365d)\n"},
		"kmssim: the forecast warns: 1 warning within 30d (exit 1)"},
	{"beyond-duration", []string{"-duration", "7d", "-warn", "30d", samples + "evtx/kms1.evtx"}, 2, nil, "kmssim: -warn 30d is longer than -duration 7d"},
	{"sample-beyond-duration", []string{"-duration", "12h", samples + "evtx/kms1.evtx"}, 2, nil, "kmssim: -sample 1d is longer than -duration 12h: the scenario samples its counts every -sample over -duration"},
	{"missing-log", []string{"-warn", "30d", samples + "evtx/kms9.evtx"}, 2, nil, "kms9.evtx: no such file or directory (no forecast: exit 2)"},
	{"not-a-duration", []string{"-warn", "soon", samples + "evtx/kms1.evtx"}, 2, nil, `kmssim: -warn: invalid duration "soon": expected a whole number before "soon" (units: s, m, h, d, w)`},
	{"too-long", []string{"-duration", "100000d", samples + "evtx/kms1.evtx"}, 2, nil, `kmssim: -duration: duration "100000d" is too long (at most 100 years)`},
}

func TestImportWarnExitCodes(t *testing.T) {
	for _, tt := range importWarnTests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			prom := filepath.Join(dir, "kmssim.prom")
			args := append([]string{"import", "-o", filepath.Join(dir, "imported"), "-metrics", prom}, tt.args...)
			code, stdout, stderr := kmssim(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			// Written whole by a rename: no temporary file is left, and
			// none ever ends in .prom, which the collector would read.
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			want := "imported kmssim.prom"
			if tt.code == 2 { // nothing written, no folder made
				want = ""
			}
			if got := strings.Join(names, " "); got != want {
				t.Errorf("the folder holds %q, want %q", got, want)
			}
		})
	}
}

// kmssim backtest on the two months of the samples: three cuts a week
// apart, each scored over two weeks; the six lab machines first heard on
// 2026-10-08 are new after the last cut, apart. -out writes the table,
// the CSV and the chart; a log too short for a cut and bad flags fail.
func TestBacktestCommand(t *testing.T) {
	evtx := []string{samples + "evtx/kms1.evtx", samples + "evtx/kms2.evtx"}
	out := filepath.Join(t.TempDir(), "bt")
	code, stdout, stderr := kmssim(t, append([]string{"backtest", "-horizon", "14d", "-period", "7d", "-cuts", "3", "-out", out}, evtx...)...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"Backtest of 659 requests from 2026-08-14 to 2026-10-12: 3 cuts 7d apart, each forecast 14d ahead by 10 runs (80% intervals).",
		"\n2026-09-14      2      0    0    0     0       -       -      2      0    0    0     0       -     41      0    0    0     0       -       -      0      0    0\n",
		"\n2026-09-28      2      0    0    0     0       -       -      2      0    0    0     0       -     41      0    0    0     0       -       -      0      0    6\n",
		"\nNo count fell below its threshold within the horizon of any cut: the counts show only quiet forecasts and false alarms, not whether a fall is caught.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	table, err := os.ReadFile(filepath.Join(out, "backtest.txt"))
	if err != nil || !strings.HasPrefix(stdout, string(table)) {
		t.Errorf("backtest.txt is not the table printed: %v", err)
	}
	for _, f := range []string{"backtest.csv", "backtest.svg"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{evtx, 1, "too short for a cut 30d after its start and a horizon of 90d before its end"},
		{append([]string{"-horizon", "0d"}, evtx...), 2, `kmssim: -horizon "0d": want a duration above 0, such as 90d`},
		{append([]string{"-cuts", "0"}, evtx...), 2, "kmssim: -cuts 0: want 1 or more\n"},
		{append([]string{"-replications", "0"}, evtx...), 2, "kmssim: -replications 0: want 1 or more\n"},
		{append([]string{"-interval", "1.5"}, evtx...), 2, "kmssim: -interval 1.5: want a share above 0 and at most 1, such as 0.8\n"},
		{[]string{samples + "evtx"}, 1, "evtx: is a directory: name the exports in it (" + filepath.Join(samples+"evtx", "*.evtx") + ")"},
		// Read as import reads: a file read half wrongly is refused.
		{[]string{"-tz", "Europe/Berlin", "-culture", "en-US", samples + "eventviewer-fr/kms1.csv"}, 1, "eventviewer-fr/kms1.csv: 199 of its 341 events 12290 could not be read"},
		// -out is checked before the logs are read: a missing log is not
		// reached.
		{[]string{"-out", samples + "evtx/kms1.evtx", samples + "evtx/kms9.evtx"}, 2, "kmssim: -out " + samples + "evtx/kms1.evtx: is a file, not a directory for the outputs\n"},
		{nil, 2, "backtest needs at least one export"},
	} {
		code, _, stderr := kmssim(t, append([]string{"backtest"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("backtest %q: exit %d, want %d; stderr %q, want %q", tt.args, code, tt.code, stderr, tt.stderr)
		}
	}
}

// -o and -metrics are checked before the logs are read (a missing log is
// not reached), each mistake a usage error naming its flag: exit 2, with
// or without -warn.
func TestImportOutputChecks(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "imported")
	missing := samples + "evtx/kms9.evtx"
	file := samples + "evtx/kms1.evtx"
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-o", out, "-metrics", "/nonexistent/dir/k.prom", missing}, "kmssim: -metrics /nonexistent/dir/k.prom: the folder /nonexistent/dir does not exist\n"},
		{[]string{"-o", out, "-metrics", dir, missing}, "kmssim: -metrics " + dir + ": is a directory, not a file\n"},
		{[]string{"-o", out, "-warn", "30d", "-metrics", dir, missing}, "kmssim: -metrics " + dir + ": is a directory, not a file (no forecast: exit 2)\n"},
		{[]string{"-o", file, missing}, "kmssim: -o " + file + ": is a file, not a directory for the outputs\n"},
		{[]string{"-out", file, "-warn", "30d", missing}, "kmssim: -o " + file + ": is a file, not a directory for the outputs (no forecast: exit 2)\n"},
	} {
		code, _, stderr := kmssim(t, append([]string{"import"}, tt.args...)...)
		if code != 2 || stderr != tt.stderr {
			t.Errorf("import %q: exit %d, stderr %q; want 2, %q", tt.args, code, stderr, tt.stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the checks wrote into %s: %v", dir, entries)
	}
}

// Every import prints the pessimistic forecast of a count that holds
// overdue machines, without -warn too: it needs no run. The retirement
// log at day 35: 4 of kms1's 8 servers retired, the count falls below 5
// when the 4th drops out (K11).
func TestImportPrintsOverdue(t *testing.T) {
	code, stdout, stderr := kmssim(t, "import", "-o", filepath.Join(t.TempDir(), "retire"), "-now", "2027-02-08", samples+"retire/kms1.evtx")
	want := "\nCounts with overdue machines (they missed their 7-day renewal yet are still counted):\n  kms1 windows: 8 counted, 4 overdue; falls below 5 on 2027-02-21 13:06 UTC if they do not return\n\nWrote "
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, stdout lacks %q:\n%s\n%s", code, want, stdout, stderr)
	}
}

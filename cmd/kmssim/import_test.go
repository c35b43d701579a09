package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const samples = "../../testdata/eventlog/"

// kmssim import on the samples in each form writes the golden scenario,
// warns of the clones and the skewed clock on stderr, and the scenario
// runs and writes machines.csv.
func TestImportCommand(t *testing.T) {
	for _, form := range []struct{ dir, ext string }{{"xml", "xml"}, {"powershell", "csv"}, {"eventviewer", "csv"}} {
		t.Run(form.dir, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "branch")
			code, stdout, stderr := kmssim(t, "import", "-name", "branch", "-tz", "Europe/Berlin",
				"-dlv", samples+"kms1.dlv.txt", "-dlv", "kms2="+samples+"kms2.dlv.txt", "-o", out,
				samples+form.dir+"/kms1."+form.ext, samples+form.dir+"/kms2."+form.ext)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			for _, want := range []string{"Imported 659 requests from 2 hosts (2 files), latest 2026-10-12 23:19:06 UTC.", "kms1 ", "28 windows, 7 office-ltsc-2021", "47 machine licences: 6 initial grace, 41 licensed; 4 silent", "Next: kmssim run " + filepath.Join(out, "scenario.yaml")} {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr, "was sent by 3 machines") || !strings.Contains(stderr, "clock is 5h ahead of kms1's") {
				t.Errorf("stderr lacks the warnings:\n%s", stderr)
			}
			got, err := os.ReadFile(filepath.Join(out, "fleet.csv"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(samples + "golden/fleet.csv")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("fleet.csv differs from testdata/eventlog/golden/fleet.csv")
			}
			run := filepath.Join(t.TempDir(), "run")
			if code, _, stderr := kmssim(t, "run", "-format", "csv", "-out", run, filepath.Join(out, "scenario.yaml")); code != 0 {
				t.Fatalf("run: exit %d\n%s", code, stderr)
			}
			machines, err := os.ReadFile(filepath.Join(run, "machines.csv"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(machines)), "\n")
			// The lab is not activated now; the 4 silent laptops, retired
			// or away, lapse first but are listed last.
			if len(lines) != 48 || !strings.HasPrefix(lines[1], "lab-") || !strings.Contains(lines[44], "laptops-") || !strings.Contains(lines[44], ",kms1-silent,kms1,licensed,true,,,128.") {
				t.Errorf("machines.csv:\n%s\n…\n%s", strings.Join(lines[:9], "\n"), strings.Join(lines[43:], "\n"))
			}
		})
	}
}

// A bad export is an error with its file and line, and nothing is
// written; a usage error is exit 2.
func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	notLog := filepath.Join(dir, "assets.csv")
	if err := os.WriteFile(notLog, []byte("name,product,group\npc1,windows-10,g\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", samples + "xml/kms1.xml"}, 2, "import needs -o DIR"},
		{[]string{"import", "-o", out}, 2, "import needs at least one export"},
		{[]string{"import", "-o", out, "-tz", "Mars/Olympus", samples + "xml/kms1.xml"}, 2, `-tz: unknown time zone "Mars/Olympus"`},
		{[]string{"import", "-o", out, samples + "xml/kms1.xml", notLog}, 1, notLog + ":1: not an export of the Key Management Service log"},
		{[]string{"import", "-o", out, dir}, 1, "is a directory"},
		{[]string{"import", "-o", out, "-dlv", "kms9=" + samples + "kms1.dlv.txt", samples + "xml/kms1.xml"}, 1, `/dlv of host "kms9", whose log was not given (hosts: kms1)`},
		{[]string{"import", "-o", out, "-dlv", samples + "xml/kms1.xml", samples + "xml/kms1.xml"}, 1, "an export of the event log, not the host's own figures: name it among the exports, without -dlv"},
		{[]string{"import", "-o", out, "-dlv", notLog, samples + "xml/kms1.xml"}, 1, `no "Current count:" line`},
		// The host's own figures, as PowerShell 5.1 saves them (UTF-16),
		// given as an export: -dlv takes them.
		{[]string{"import", "-o", out, samples + "kms1.service.json"}, 1, samples + "kms1.service.json: the host's own figures (SoftwareLicensingService, or slmgr /dlv), not an export of its log: give them with -dlv " + samples + "kms1.service.json, beside the log's export"},
		{[]string{"import", "-o", out, samples + "kms1.service.csv"}, 1, samples + "kms1.service.csv: the host's own figures"},
		{[]string{"import", "-o", out, samples + "kms1.dlv.txt"}, 1, samples + "kms1.dlv.txt: the host's own figures"},
		// The system's own words, once, without Go's "stat …".
		{[]string{"import", "-o", out, "-dlv", samples + "nosuch.json", samples + "xml/kms1.xml"}, 1, "kmssim: -dlv " + samples + "nosuch.json: " + notFound(t, samples+"nosuch.json") + "\n"},
		{[]string{"import", "-o", out, "-dlv", samples + "kms1.dlv.txt", "-dlv", "kms1=" + samples + "kms1.service.json", samples + "xml/kms1.xml"}, 1,
			samples + "kms1.service.json: /dlv of host kms1, whose figures " + samples + "kms1.dlv.txt gave already: give one file of each host's figures"},
	}
	for _, tt := range tests {
		code, _, stderr := kmssim(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("%v wrote %s", tt.args, out)
		}
	}
}

// A folder that takes no file is named, with the system's reason, and
// not kmssim's own test file in it.
func TestImportUnwritableFolder(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc takes no file on Linux only")
	}
	code, _, stderr := kmssim(t, "import", "-o", "/proc/kmssim-test", samples+"xml/kms1.xml")
	if want := "kmssim: -o /proc/kmssim-test: cannot write in /proc: no such file or directory\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
}

// The summary's host table stays in columns for a long host name, and
// marks a count below its clients' threshold (K28) as such.
func TestImportHostTable(t *testing.T) {
	data, err := os.ReadFile(samples + "xml/kms2.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "hq.xml")
	if err := os.WriteFile(log, []byte(strings.ReplaceAll(string(data), "kms2.corp.example", "kms-headquarters-02.corp.example")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := kmssim(t, "import", "-o", filepath.Join(dir, "out"), samples+"xml/kms1.xml", log)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "host                log                        /dlv   counts\n" +
		"kms-headquarters-02 2026-10-08 to 2026-10-12   -      6 windows (below 25)\n" +
		"kms1                2026-08-14 to 2026-10-11   -      28 windows, 7 office-ltsc-2021\n"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks\n%s\nit printed:\n%s", want, stdout)
	}
}

// notFound is the system's message for a missing path: "no such file or
// directory" on Linux, "The system cannot find the file specified." on
// Windows.
func notFound(t *testing.T, path string) string {
	t.Helper()
	_, err := os.Stat(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: %v, want a missing file", path, err)
	}
	return pe.Err.Error()
}

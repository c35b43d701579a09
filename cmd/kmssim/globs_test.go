package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Wildcards are expanded as a Unix shell would, for Windows' shells,
// which pass them on as typed; a file whose name holds one is kept.
func TestExpandFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"kms2.evtx", "kms1.evtx", "kms1.xml", "odd[1].xml"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := func(names ...string) []string {
		for i, n := range names {
			names[i] = filepath.Join(dir, n)
		}
		return names
	}
	tests := []struct {
		name string
		args []string
		want []string
		err  string
	}{
		{"no wildcard", in("kms1.xml", "missing.evtx"), in("kms1.xml", "missing.evtx"), ""},
		{"sorted matches, in place", append(in("*.evtx"), "x.xml"), append(in("kms1.evtx", "kms2.evtx"), "x.xml"), ""},
		{"? and [ ]", in("kms?.xml", "kms[2].evtx"), in("kms1.xml", "kms2.evtx"), ""},
		{"a name with brackets", in("odd[1].xml"), in("odd[1].xml"), ""},
		{"no match", in("*.csv"), nil, filepath.Join(dir, "*.csv") + ": matches no file"},
		{"bad pattern", in("kms[.xml"), nil, "syntax error in pattern"},
	}
	for _, tt := range tests {
		got, err := expandFiles(tt.args)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

// kmssim import expands a wildcard itself, as typed in PowerShell, and
// names the kind of export a folder holds when given the folder.
func TestImportWildcard(t *testing.T) {
	out := filepath.Join(t.TempDir(), "branch")
	code, _, stderr := kmssim(t, "import", "-name", "branch", "-tz", "Europe/Berlin", "-o", out, samples+"xml/kms*.xml")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(out, "fleet.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(samples + "golden/fleet.csv")
	if err != nil || string(got) != string(want) {
		t.Errorf("fleet.csv differs from testdata/eventlog/golden/fleet.csv (%v)", err)
	}
	for _, tt := range []struct {
		arg, stderr string
		code        int
	}{
		{samples + "xml/*.evtx", "kmssim: " + samples + "xml/*.evtx: matches no file\n", 2},
		{samples + "xml", "is a directory: name the exports in it (" + filepath.Join(samples+"xml", "*.xml") + ")", 1},
	} {
		code, _, stderr := kmssim(t, "import", "-o", filepath.Join(t.TempDir(), "x"), tt.arg)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("import %s: exit %d, stderr %q; want %d, %q", tt.arg, code, stderr, tt.code, tt.stderr)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Wrong input gets a clear error before anything runs.
func TestSensitivityErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown outcome", []string{"-outcome", "days", "laptop-retirement"}, 2, `kmssim: -outcome outcome "days": want all, expect[N], below or lapsed` + "\n"},
		{"no such expectation", []string{"-outcome", "expect[3]", "laptop-retirement"}, 2, "kmssim: -outcome outcome expect[3]: the scenario has 1 expectation, expect[0] to expect[0]\n"},
		{"spread of 1", []string{"-spread", "1", "laptop-retirement"}, 2, "kmssim: -spread 1: want a share above 0 and below 1, such as 0.2\n"},
		{"one value", []string{"-vary", "fleet.laptops.count=20", "laptop-retirement"}, 2, `kmssim: invalid value "fleet.laptops.count=20" for flag -vary: "fleet.laptops.count=20": want PATH=LOW,HIGH, two values, such as fleet.laptops.count=20,40`},
		{"unknown path", []string{"-vary", "fleet.tablets.count=1,2", "laptop-retirement"}, 2, `kmssim: -vary unknown path "fleet.tablets.count": no numeric field there`},
		{"value out of range", []string{"-vary", "events[0].decommission.count=10,40", "laptop-retirement"}, 1, "kmssim: events[0].decommission.count from 10 to 40: "},
		{"more shards than fields", []string{"-vary", "fleet.laptops.count=20,40", "-shard", "0/2", "laptop-retirement"}, 2, "kmssim: -shard 0/2: 2 shards of 1 field\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { refused(t, "sensitivity", tt.args, tt.code, tt.want) })
	}
}

// A sensitivity's shards merged give the very files of one, and the
// same bytes whatever the parallelism.
func TestSensitivityShards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a batch three times over; the merge, not the runs, is under test")
	}
	args := []string{"-set", "events[0].decommission.count=20", "laptop-retirement"}
	whole := t.TempDir()
	code, stdout, stderr := kmssim(t, append([]string{"sensitivity", "-parallel", "1", "-out", whole}, args...)...)
	if code != 0 {
		t.Fatal(stderr)
	}
	if !strings.Contains(stdout, "\n1     fleet.laptops.count ") {
		t.Errorf("stdout:\n%s\nwant fleet.laptops.count first", stdout)
	}
	parts := t.TempDir()
	for _, shard := range []string{"0/3", "1/3", "2/3"} {
		part := filepath.Join(parts, strings.ReplaceAll(shard, "/", "-")+".json")
		if code, _, stderr := kmssim(t, append([]string{"sensitivity", "-shard", shard, "-out", part}, args...)...); code != 0 {
			t.Fatalf("shard %s: %s", shard, stderr)
		}
	}
	merged := t.TempDir()
	code, mergedOut, stderr := kmssim(t, "merge", "-out", merged, filepath.Join(parts, "2-3.json"), filepath.Join(parts, "0-3.json"), filepath.Join(parts, "1-3.json"))
	if code != 0 {
		t.Fatalf("merge: %s", stderr)
	}
	if got, want := strings.ReplaceAll(mergedOut, merged, "OUT"), strings.ReplaceAll(stdout, whole, "OUT"); got != want {
		t.Errorf("merge printed:\n%s\nwant:\n%s", got, want)
	}
	for _, f := range []string{"sensitivity.json", "sensitivity.csv", "tornado.svg", "tornado.png", "report.html"} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, err := os.ReadFile(filepath.Join(merged, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("the merged %s differs from one sensitivity's (%v)", f, err)
		}
	}
	if code, _, stderr := kmssim(t, "merge", "-out", t.TempDir(), filepath.Join(parts, "0-3.json"), filepath.Join(parts, "0-3.json")); code != 1 || !strings.Contains(stderr, "shard 0/3 is given twice") {
		t.Errorf("merging a shard twice: exit %d, %s", code, stderr)
	}
}

// -vary takes a path and two values; a fuzzed one never panics, and one
// it accepts names two values.
func FuzzParseVary(f *testing.F) {
	for _, s := range []string{"fleet.laptops.count=20,40", "events[0].at=5d,9d", "a=1", "=1,2", "x=1..3", "p=0.1,0.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseVary(s)
		if err == nil && (v.Path == "" || v.Low == "" || v.High == "") {
			t.Errorf("%q: %+v accepted", s, v)
		}
	})
}

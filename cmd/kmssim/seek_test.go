package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Wrong input gets a clear error before anything runs: the output
// directory is not even made.
func TestSeekErrors(t *testing.T) {
	noExpect := filepath.Join(t.TempDir(), "plain.yaml")
	if err := os.WriteFile(noExpect, []byte("name: plain\nduration: 30d\nhosts: [{name: kms1, keys: [windows-server-2008r2]}]\nfleet: [{group: pcs, count: 30, product: windows-7}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const path = "events[0].decommission.count"
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no path", []string{}, 2, "kmssim: seek needs the path to seek: kmssim seek PATH [scenario] (kmssim paths lists them)\n"},
		{"unknown path", []string{"fleet.tablets.count", "laptop-retirement"}, 2,
			`kmssim: seek unknown path "fleet.tablets.count": no numeric field there (nearest valid paths: fleet.laptops.count, fleet.desktops.count`},
		{"not numeric", []string{"hosts.kms1", "laptop-retirement"}, 2,
			`kmssim: seek unknown path "hosts.kms1": no numeric field there (nearest valid paths: hosts.kms1.srv.priority, hosts.kms1.srv.weight`},
		{"above the range", []string{"-hi", "40", path, "laptop-retirement"}, 2,
			"kmssim: -hi 40: outside the range of events[0].decommission.count in laptop-retirement, 0 to 30 (at events[0].decommission.count=40: "},
		{"below the range", []string{"-lo", "-1", path, "laptop-retirement"}, 2,
			"kmssim: -lo -1: outside the range of events[0].decommission.count in laptop-retirement, 0 to 30 ("},
		{"not a value of the path", []string{"-hi", "20d", path, "laptop-retirement"}, 2,
			`kmssim: -hi 20d: events[0].decommission.count holds a whole number: want a whole number, got "20d"`},
		{"lo above hi", []string{"-lo", "20", "-hi", "10", path, "laptop-retirement"}, 2, "kmssim: -lo 20 is above -hi 10\n"},
		{"probability of 1", []string{"-p", "1", path, "laptop-retirement"}, 2, "kmssim: -p 1: want more than 0 and less than 1, such as 0.95\n"},
		{"probability of 0", []string{"-p", "0", path, "laptop-retirement"}, 2, "kmssim: -p 0: want more than 0 and less than 1, such as 0.95\n"},
		{"negative probability", []string{"-p", "-0.5", path, "laptop-retirement"}, 2, "kmssim: -p -0.5: want more than 0 and less than 1, such as 0.95\n"},
		{"no expectations", []string{"fleet.pcs.count", noExpect}, 1,
			"kmssim: plain has no expectations: seek looks for the value at which they hold; add expect: to the scenario\n"},
		{"a step of 0", []string{"-step", "0", "events[0].at", "laptop-retirement"}, 2, `kmssim: -step 0: want a duration: duration "0" has no unit`},
		{"unknown rule", []string{"-rule", "fast", path, "laptop-retirement"}, 2, `kmssim: -rule: seek: unknown rule "fast": want settled or interval` + "\n"},
		{"shard without over", []string{"-shard", "0/2", path, "laptop-retirement"}, 2,
			"kmssim: -shard splits the values of -over: a single seek is a chain of probes, each decided by the one before, and runs on one machine\n"},
		{"over the path itself", []string{"-over", path + "=1,2", path, "laptop-retirement"}, 2,
			"kmssim: -over events[0].decommission.count=1,2: a frontier varies another path than the one sought\n"},
		{"a sweep by -set", []string{"-set", "fleet.laptops.count=20,30", path, "laptop-retirement"}, 2,
			"kmssim: -set fleet.laptops.count=20,30: seek varies one field, PATH; -set takes one value here (-over varies a second)\n"},
		{"budget without over", []string{"-budget", "1000", path, "laptop-retirement"}, 2,
			"kmssim: -budget shares runs among the searches of a frontier (-over) on one machine; without -over, -max-replications bounds a seek, and shards cannot share one budget\n"},
		{"negative budget", []string{"-budget", "-1", "-over", "fleet.desktops.count=8,12", path, "laptop-retirement"}, 2,
			"kmssim: -budget -1: want a number of runs, or 0 for no limit\n"},
		{"over a value out of range", []string{"-over", "fleet.laptops.count=5,20", path, "laptop-retirement"}, 1,
			"kmssim: -over: at fleet.laptops.count=5: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { refused(t, "seek", tt.args, tt.code, tt.want) })
	}
}

// refused checks that kmssim cmd args exits with code and an error that
// starts with want, before anything runs: nothing on stdout, no output
// directory.
func refused(t *testing.T, cmd string, args []string, code int, want string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	got, stdout, stderr := kmssim(t, append([]string{cmd, "-out", out}, args...)...)
	if got != code || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d, stderr starting:\n%s", got, stderr, code, want)
	}
	if stdout != "" {
		t.Errorf("stdout=%q, want nothing", stdout)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written", out)
	}
}

// seekOut runs kmssim seek into a new directory and returns it.
func seekOut(t *testing.T, args ...string) (dir, stdout string) {
	t.Helper()
	dir = t.TempDir()
	code, stdout, stderr := kmssim(t, append([]string{"seek", "-progress", "never", "-out", dir}, args...)...)
	if code != 0 {
		t.Fatalf("kmssim seek %s: exit %d, stderr:\n%s", strings.Join(args, " "), code, stderr)
	}
	return dir, strings.ReplaceAll(stdout, dir, "OUT")
}

// The library's laptop-retirement: the limit, its outputs pinned byte
// for byte, and the same bytes whatever the parallelism.
func TestSeekLaptopRetirement(t *testing.T) {
	dir, stdout := seekOut(t, "-parallel", "1", "events[0].decommission.count", "laptop-retirement")
	if !strings.HasPrefix(stdout, "Up to events[0].decommission.count = 20, every expectation holds") {
		t.Errorf("stdout:\n%s\nwant the limit 20", stdout)
	}
	golden(t, "laptop-retirement.seek.txt", []byte(stdout))
	for _, f := range []string{"seek.json", "seek.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "laptop-retirement."+f, data)
	}
	again, _ := seekOut(t, "-parallel", "2", "events[0].decommission.count", "laptop-retirement")
	for _, f := range []string{"seek.json", "seek.csv", "seek.svg", "seek.png", "report.html"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, err := os.ReadFile(filepath.Join(again, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between -parallel 1 and 2 (%v)", f, err)
		}
	}
}

// A plan that holds at both ends of its range but not in the middle is
// reported as not monotone, with no limit.
func TestSeekNotMonotone(t *testing.T) {
	dir, stdout := seekOut(t, "-format", "json", "-lo", "0", "-hi", "20", "hosts.kms2.srv.priority", "../../testdata/seek/tied-priority.yaml")
	want := "Not monotone, so no limit: hosts.kms2.srv.priority = 10 fails"
	if !strings.HasPrefix(stdout, want) {
		t.Errorf("stdout:\n%s\nwant it to start %q", stdout, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, "seek.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"outcome": "not_monotone"`, `"limit": null`, `"conflict": [` + "\n        \"10\",\n        \"20\"\n      ]"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("seek.json does not hold %s:\n%s", s, data)
		}
	}
}

// A frontier's shards merged give the very files of one seek.
func TestSeekFrontierShards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a batch three times over; the merge, not the runs, is under test")
	}
	args := []string{"-max-replications", "100", "-over", "fleet.desktops.count=8,12,16", "events[0].decommission.count", "laptop-retirement"}
	whole, stdout := seekOut(t, args...)
	// 12 desktops and 30 laptops keep 25 up to 20 retired (as the full
	// seek finds); fewer desktops, fewer laptops.
	frontier, err := os.ReadFile(filepath.Join(whole, "frontier.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "fleet.desktops.count,outcome,limit,next,probes,runs\n8,found,13,14,7,510\n12,found,19,20,7,470\n16,found,22,23,7,540\n"
	if string(frontier) != want {
		t.Errorf("frontier.csv:\n%s\nwant:\n%s", frontier, want)
	}
	parts := t.TempDir()
	for _, shard := range []string{"0/2", "1/2"} {
		part := filepath.Join(parts, strings.ReplaceAll(shard, "/", "-")+".json")
		if code, _, stderr := kmssim(t, append([]string{"seek", "-progress", "never", "-shard", shard, "-out", part}, args...)...); code != 0 {
			t.Fatalf("shard %s: %s", shard, stderr)
		}
	}
	merged := t.TempDir()
	code, mergedOut, stderr := kmssim(t, "merge", "-out", merged, filepath.Join(parts, "1-2.json"), filepath.Join(parts, "0-2.json"))
	if code != 0 {
		t.Fatalf("merge: %s", stderr)
	}
	if got := strings.ReplaceAll(mergedOut, merged, "OUT"); got != stdout {
		t.Errorf("merge printed:\n%s\nwant what the seek printed:\n%s", got, stdout)
	}
	for _, f := range []string{"seek.json", "seek.csv", "frontier.csv", "frontier.svg", "report.html"} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, err := os.ReadFile(filepath.Join(merged, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("the merged %s differs from one seek's (%v)", f, err)
		}
	}
	if code, _, stderr := kmssim(t, "merge", "-out", t.TempDir(), filepath.Join(parts, "0-2.json")); code != 1 || !strings.Contains(stderr, "shard 1/2 is missing") {
		t.Errorf("merging one of two shards: exit %d, %s", code, stderr)
	}
}

// A frontier's budget, once spent, leaves the searches after it not
// searched: the first search (510 runs) spends a budget of 500.
func TestSeekFrontierBudget(t *testing.T) {
	dir, stdout := seekOut(t, "-format", "csv", "-budget", "500", "-max-replications", "100", "-over", "fleet.desktops.count=8,12,16", "events[0].decommission.count", "laptop-retirement")
	frontier, err := os.ReadFile(filepath.Join(dir, "frontier.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "fleet.desktops.count,outcome,limit,next,probes,runs\n8,found,13,14,7,510\n12,not_searched,,,0,0\n16,not_searched,,,0,0\n"
	if string(frontier) != want {
		t.Errorf("frontier.csv:\n%s\nwant:\n%s", frontier, want)
	}
	if !strings.Contains(stdout, "12                    not searched: the budget was spent") {
		t.Errorf("stdout:\n%s\nwant the second search not searched", stdout)
	}
}

package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bytes"
)

// A batch of more runs than -max-runs is refused at once, with its
// estimated time and what to change; run also takes a scenario's own
// replications and drops its sweep.
func TestMaxRuns(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"run", "-replications", "100000", "laptop-retirement"},
			[]string{"100000 runs (1 point × 100000 replications), more than the limit of 10000 (-max-runs)", "about ", "use fewer replications", "-max-runs 100000"}},
		{[]string{"sweep", "-replications", "1000", "laptop-retirement"},
			[]string{"16000 runs (16 points × 1000 replications), more than the limit of 10000", "fewer points"}},
		{[]string{"run", "-replications", "50", "-max-runs", "20", "laptop-retirement"},
			[]string{"50 runs (1 point × 50 replications), more than the limit of 20"}},
	}
	for _, tt := range tests {
		start := time.Now()
		code, _, stderr := kmssim(t, append(tt.args, "-out", filepath.Join(dir, "out"))...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1\n%s", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.args, stderr, w)
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%v: refused after %s, not at once", tt.args, d)
		}
	}
	if code, _, stderr := kmssim(t, "run", "-replications", "20", "-max-runs", "0", "-format", "json", "-out", filepath.Join(dir, "ok"), "laptop-retirement"); code != 0 {
		t.Errorf("-max-runs 0: exit %d\n%s", code, stderr)
	}
}

// -stats after an interrupt counts the runs that finished, although no
// point of a batch of one point finished all its replications.
func TestStatsCountInterruptedRuns(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(time.Second, cancel) // of about 5 s with one worker
	var out, errb bytes.Buffer
	run(ctx, []string{"run", "-replications", "10000", "-parallel", "1", "-stats", "-format", "json", "-out", filepath.Join(t.TempDir(), "out"), "laptop-retirement"}, &out, &errb)
	m := regexp.MustCompile(`stats: (\d+) runs`).FindStringSubmatch(errb.String())
	if m == nil {
		t.Fatalf("no stats line:\n%s", errb.String())
	}
	if n, _ := strconv.Atoi(m[1]); n == 0 || n >= 10000 {
		t.Errorf("stats counted %d runs after an interrupt; want those that finished\n%s", n, errb.String())
	}
}

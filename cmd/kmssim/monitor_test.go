package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The exit codes of kmssim import -warn, for a scheduled task: 0 when
// nothing happens within -warn, 1 when a count is or falls below its
// threshold (kms2's lab: 6 of 25), 2 for a -warn the forecast cannot
// cover. -metrics writes the file in every case that forecasts.
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
		[]string{"Within -warn 30d:\n  kms2's windows count is 6, below its threshold 25\n"}, "kmssim: the forecast warns: 1 warning within 30d (exit 1)"},
	{"beyond-duration", []string{"-duration", "90d", "-warn", "120d", samples + "evtx/kms1.evtx"}, 2, nil, `-warn "120d": want a duration such as 30d, at most -duration 90d`},
	{"not-a-duration", []string{"-warn", "soon", samples + "evtx/kms1.evtx"}, 2, nil, `-warn "soon"`},
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
			_, err := os.Stat(prom)
			if wrote := err == nil; wrote != (tt.code != 2) {
				t.Errorf("metrics written: %v, want %v", wrote, tt.code != 2)
			}
		})
	}
}

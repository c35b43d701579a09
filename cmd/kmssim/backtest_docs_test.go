package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// printsRE finds what docs/monitoring.md says a command prints: the
	// indented block after "prints".
	printsRE = regexp.MustCompile(`(?s)\bprints\n\n((?:    [^\n]*\n|\n)+)`)
	// holdsRE finds what it says a file the command wrote holds, among
	// the rest: each indented line is a line of the file.
	holdsRE = regexp.MustCompile("(?s)`([^`]+)` holds, among the rest:\n\n((?:    [^\n]*\n)+)")
)

// Every command of docs/monitoring.md that imports or backtests prints
// what the docs say it prints (the indented block after "prints", within
// its output) and writes files that hold what they say: the samples'
// warning and metrics, the retirement log's pessimistic warning and its
// backtest's table, byte for byte.
func TestDocsMonitoringOutputs(t *testing.T) {
	dir, path := docsWorkDir(t)
	checked := 0
	for _, b := range docBlocks(t) {
		if b.file != "docs/monitoring.md" || b.lang != "sh" || !strings.Contains(b.text, "kmssim import") && !strings.Contains(b.text, "kmssim backtest") {
			continue
		}
		cmd := exec.Command("bash", "-e", "-c", b.text)
		var stdout, stderr bytes.Buffer
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, append(os.Environ(), "PATH="+path), &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("%s: %v\n%s\n%s", b, err, b.text, stderr.String())
			continue
		}
		if m := printsRE.FindStringSubmatch(b.after); m != nil {
			want := dedent(m[1])
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("%s: the output lacks what the docs say it prints:\n%s\nit printed:\n%s", b, want, stdout.String())
			}
			checked++
		}
		if m := holdsRE.FindStringSubmatch(b.after); m != nil {
			data, err := os.ReadFile(filepath.Join(dir, m[1]))
			if err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			lines := strings.Split(string(data), "\n")
			for _, l := range strings.Split(strings.TrimSpace(dedent(m[2])), "\n") {
				if !slices.Contains(lines, l) {
					t.Errorf("%s: %s lacks %q", b, m[1], l)
				}
			}
			checked++
		}
	}
	if checked < 4 {
		t.Errorf("checked %d outputs of docs/monitoring.md, want 4: the samples' warning and metrics, the retirement's warning and backtest", checked)
	}
}

// dedent removes the 4 spaces of a Markdown code block from each line,
// and the blank lines at its end.
func dedent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString(strings.TrimPrefix(l, "    "))
		b.WriteByte('\n')
	}
	return b.String()
}

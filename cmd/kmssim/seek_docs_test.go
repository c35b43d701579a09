package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The answers of docs/seek.md are the program's: each command block
// followed at once (no prose between) by a plain block prints that
// block, byte for byte, when run as the docs' other commands are
// (TestDocsCommands runs them too, and checks only that they succeed).
func TestDocsSeekAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the seeks of docs/seek.md")
	}
	dir, path := docsWorkDir(t)
	blocks := docBlocks(t)
	n := 0
	for i, b := range blocks {
		if b.file != "docs/seek.md" || b.lang != "sh" || b.after != "" || i+1 == len(blocks) || blocks[i+1].file != b.file || blocks[i+1].lang != "" {
			continue
		}
		n++
		cmd := exec.Command("bash", "-e", "-c", b.text)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "PATH="+path)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("%s: %v\n%s", b, err, stderr.String())
			continue
		}
		if want := blocks[i+1].text; stdout.String() != want {
			t.Errorf("%s: %s printed:\n%s\nthe docs say:\n%s", b, strings.TrimSpace(b.text), stdout.String(), want)
		}
	}
	if n < 4 {
		t.Errorf("found %d answers in docs/seek.md, want the three questions, the frontier and the sensitivity", n)
	}
}

package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommitKind(t *testing.T) {
	for _, tt := range []struct{ subject, kind, rest string }{
		{"eventlog: read the .evtx file", "eventlog", "read the .evtx file"},
		{"sim/batch: shards", "sim/batch", "shards"},
		{"README, commands: import reads .evtx", "README, commands", "import reads .evtx"},
		{"reports tests: golden charts", "reports tests", "golden charts"},
		{"gofmt pyevtx_test", "other", "gofmt pyevtx_test"},
		{"sweep and merge write into out/NAME-sweep by default: apart from run's", "other", "sweep and merge write into out/NAME-sweep by default: apart from run's"},
		{"docs:no space", "other", "docs:no space"},
	} {
		kind, rest := commit{Subject: tt.subject}.kind()
		if kind != tt.kind || rest != tt.rest {
			t.Errorf("kind of %q = %q, %q; want %q, %q", tt.subject, kind, rest, tt.kind, tt.rest)
		}
	}
}

// The notes group the commits by kind, the groups in the order of their
// newest commit, newest first within each.
func TestFormatNotes(t *testing.T) {
	src := testSource(t)
	commits := []commit{ // newest first, as git log gives them
		{"aaa", "sim: c"},
		{"bbb", "docs: b"},
		{"ccc", "sim: a"},
		{"ddd", "typo"},
	}
	got := formatNotes(src, "v1.2.2", "", "go1.26.8", commits)
	want := `# kmssim v1.2.3

Commit 0123456789abcdef0123456789abcdef01234567 of 2027-01-04, built with go1.26.8.
4 changes since v1.2.2.

Each archive holds kmssim (kmssim.exe for Windows) and README.md; the repository has no licence file yet, so no archive holds one. Check the downloads with ` + "`sha256sum -c SHA256SUMS`" + `; the OCI image is in oci/, named by the version.

## sim

- c (aaa)
- a (ccc)

## docs

- b (bbb)

## other

- typo (ddd)
`
	if got != want {
		t.Errorf("notes:\n%s\nwant:\n%s", got, want)
	}
	if got := formatNotes(src, "", "LICENSE", "go1.26.8", nil); !strings.Contains(got, "No earlier tag: all 0 changes.") ||
		!strings.Contains(got, "README.md and LICENSE.") {
		t.Errorf("notes without a tag, with a licence:\n%s", got)
	}
}

// releaseNotes takes the commits since the last tag before HEAD: a tag
// on HEAD itself is the release being made, not the last one.
func TestReleaseNotesSinceTag(t *testing.T) {
	repo := gitRepo(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=test", "-c", "user.email=test@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("tag", "v1.0.0")
	git("commit", "-q", "--allow-empty", "-m", "sim: one")
	git("commit", "-q", "--allow-empty", "-m", "docs: two")
	git("tag", "v1.1.0")
	src, err := describe(execGit(repo))
	if err != nil {
		t.Fatal(err)
	}
	if src.Version != "v1.1.0" || src.Dirty || filepath.Base(src.Dir) != filepath.Base(repo) {
		t.Errorf("describe = %+v, want v1.1.0, clean, in %s", src, repo)
	}
	notes, err := releaseNotes(execGit(repo), src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# kmssim v1.1.0\n", "2 changes since v1.0.0.", "## docs\n\n- two (", "## sim\n\n- one ("} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "a README") {
		t.Errorf("notes hold a commit before v1.0.0:\n%s", notes)
	}
}

package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testSource is a checkout in a temporary folder with a README, as the
// archive and image writers see it.
func testSource(t *testing.T) source {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# kmssim\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return source{Dir: dir, Version: "v1.2.3", Commit: "0123456789abcdef0123456789abcdef01234567",
		Time: time.Date(2027, 1, 4, 9, 30, 0, 0, time.UTC)}
}

// fakeBinary writes a file that stands for a binary of p and returns its
// path.
func fakeBinary(t *testing.T, p platform) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), p.exe())
	if err := os.WriteFile(path, []byte("kmssim for "+p.String()+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// tree returns every file under dir, by slash-separated path, with its
// bytes; a folder's path ends in "/".
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			files[rel+"/"] = nil
			return nil
		}
		files[rel], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameTree reports the differences between two trees of files.
func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	for name, data := range a {
		other, ok := b[name]
		switch {
		case !ok:
			t.Errorf("%s: only in the first", name)
		case !bytes.Equal(data, other):
			t.Errorf("%s: differs (%d and %d bytes)", name, len(data), len(other))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: only in the second", name)
		}
	}
}

func TestParsePlatforms(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"linux/amd64", "linux/amd64"},
		{"windows/amd64, linux/arm64,windows/amd64", "windows/amd64,linux/arm64"},
		{strings.Join(platformNames(allPlatforms), ","), "windows/amd64,windows/arm64,linux/amd64,linux/arm64,darwin/amd64,darwin/arm64"},
	} {
		ps, err := parsePlatforms(tt.in)
		if got := strings.Join(platformNames(ps), ","); err != nil || got != tt.want {
			t.Errorf("parsePlatforms(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ in, err string }{
		{"linux/386", `unknown platform "linux/386"; a release is built for windows/amd64, windows/arm64, linux/amd64`},
		{"linux", `unknown platform "linux"`},
		{"linux/amd64,plan9/amd64", `unknown platform "plan9/amd64"`},
		{",", `no platform in ","`},
	} {
		if _, err := parsePlatforms(tt.in); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("parsePlatforms(%q): error %v, want %q", tt.in, err, tt.err)
		}
	}
}

// gitRepo makes a git repository with one commit of a README and returns
// its folder.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# kmssim\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "README.md"},
		{"-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "docs: a README"},
	} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// Bad input gets a clear error and writes nothing: no release folder,
// nothing beside it, not even the parent folder the release would have
// made.
func TestBadInput(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    func(out string) []string
		prepare func(t *testing.T, out string) gitFunc // nil: the real checkout
		code    int
		stderr  string
	}{
		{name: "unknown platform", code: exitUsage, stderr: `release: -platforms: unknown platform "linux/386"`,
			args: func(out string) []string { return []string{"-out", out, "-platforms", "linux/amd64,linux/386"} }},
		{name: "no -out", code: exitUsage, stderr: "release: -out DIR is required",
			args: func(string) []string { return nil }},
		{name: "existing output", code: exitUsage, stderr: "exists: name a new folder",
			args: func(out string) []string { return []string{"-out", out} },
			prepare: func(t *testing.T, out string) gitFunc {
				if err := os.MkdirAll(out, 0o755); err != nil {
					t.Fatal(err)
				}
				return nil
			}},
		{name: "changed file", code: exitFail, stderr: "has uncommitted changes (git status); commit them, or build anyway with -allow-dirty",
			args: func(out string) []string { return []string{"-out", out} },
			prepare: func(t *testing.T, out string) gitFunc {
				repo := gitRepo(t)
				if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("# changed\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return execGit(repo)
			}},
		{name: "untracked file", code: exitFail, stderr: "-dirty)",
			args: func(out string) []string { return []string{"-out", out} },
			prepare: func(t *testing.T, out string) gitFunc {
				repo := gitRepo(t)
				if err := os.WriteFile(filepath.Join(repo, "new.go"), []byte("package main\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return execGit(repo)
			}},
		{name: "not a checkout", code: exitFail, stderr: "not in a git checkout",
			args:    func(out string) []string { return []string{"-out", out} },
			prepare: func(t *testing.T, out string) gitFunc { return execGit(t.TempDir()) }},
		{name: "build fails", code: exitFail, stderr: "building kmssim for linux/amd64",
			args:    func(out string) []string { return []string{"-out", out, "-platforms", "linux/amd64"} },
			prepare: func(t *testing.T, out string) gitFunc { return execGit(gitRepo(t)) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "new", "release")
			git := execGit(".")
			if tt.prepare != nil {
				if g := tt.prepare(t, out); g != nil {
					git = g
				}
			}
			before := tree(t, parent)
			var stdout, stderr bytes.Buffer
			code := run(tt.args(out), &stdout, &stderr, git)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tt.code, tt.stderr)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			after := tree(t, parent)
			sameTree(t, before, after)
		})
	}
}

// The same commit gives the same bytes: two releases of this checkout,
// for linux/amd64 (the platform the image needs) are equal file for
// file, and the binary prints the version the release names.
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kmssim twice")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var runs []map[string][]byte
	var version string
	for _, name := range []string{"a", "b"} {
		r, err := build(options{Out: filepath.Join(dir, name), Platforms: []platform{{"linux", "amd64"}},
			AllowDirty: true, Git: execGit(repo), Log: &bytes.Buffer{}})
		if err != nil {
			t.Fatal(err)
		}
		version = r.Version
		runs = append(runs, tree(t, filepath.Join(dir, name)))
	}
	sameTree(t, runs[0], runs[1])
	archive := archiveName(version, platform{"linux", "amd64"})
	for _, want := range []string{archive, checksumsFile, notesFile, versionFile, "oci/index.json", "oci/oci-layout"} {
		if _, ok := runs[0][want]; !ok {
			t.Errorf("the release has no %s", want)
		}
	}
	if got, want := string(runs[0][checksumsFile]), sha256Hex(runs[0][archive])+"  "+archive+"\n"; got != want {
		t.Errorf("SHA256SUMS = %q, want %q", got, want)
	}
	if got := string(runs[0][versionFile]); got != version+"\n" {
		t.Errorf("VERSION = %q, want %q", got, version)
	}

	// kmssim version prints the stamped version.
	x := t.TempDir()
	if out, err := exec.Command("tar", "-C", x, "-xzf", filepath.Join(dir, "a", archive)).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	bin := filepath.Join(x, strings.TrimSuffix(archive, ".tar.gz"), "kmssim")
	out, err := exec.Command(bin, "version").Output()
	if got, want := string(out), "kmssim "+version+"\n"; err != nil || got != want {
		t.Errorf("kmssim version = %q, %v, want %q", got, err, want)
	}
}

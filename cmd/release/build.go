package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// platform is a target of the release: GOOS and GOARCH.
type platform struct{ OS, Arch string }

func (p platform) String() string { return p.OS + "/" + p.Arch }

// exe is the binary's name on the platform.
func (p platform) exe() string {
	if p.OS == "windows" {
		return "kmssim.exe"
	}
	return "kmssim"
}

// allPlatforms are the platforms a release ships, the default of
// -platforms.
var allPlatforms = []platform{
	{"windows", "amd64"}, {"windows", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
}

func platformNames(ps []platform) []string {
	var names []string
	for _, p := range ps {
		names = append(names, p.String())
	}
	return names
}

// parsePlatforms parses -platforms: OS/ARCH pairs of allPlatforms,
// separated by commas, each kept once in the order given.
func parsePlatforms(s string) ([]platform, error) {
	var ps []platform
	seen := map[platform]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		os, arch, _ := strings.Cut(f, "/")
		p := platform{os, arch}
		known := false
		for _, k := range allPlatforms {
			known = known || k == p
		}
		if !known {
			return nil, fmt.Errorf("unknown platform %q; a release is built for %s", f, strings.Join(platformNames(allPlatforms), ", "))
		}
		if !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("no platform in %q", s)
	}
	return ps, nil
}

// gitFunc runs git with args in the checkout and returns its standard
// output.
type gitFunc func(args ...string) (string, error)

// execGit returns a gitFunc that runs the git command in dir.
func execGit(dir string) gitFunc {
	return func(args ...string) (string, error) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return string(out), nil
	}
}

// source is the checkout a release is built from.
type source struct {
	Dir     string    // its top folder
	Version string    // git describe --tags --always --dirty
	Commit  string    // the full hash of HEAD
	Time    time.Time // HEAD's commit time: the time of every file written
	Dirty   bool      // git status lists changes, untracked files included
}

// describe asks git which checkout this is.
func describe(git gitFunc) (source, error) {
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return source{}, fmt.Errorf("not in a git checkout, which the release is built from: %w", err)
	}
	src := source{Dir: strings.TrimSpace(top)}
	lines, err := git("log", "-1", "--format=%H %ct")
	if err != nil {
		return source{}, fmt.Errorf("the checkout has no commit: %w", err)
	}
	hash, ct, _ := strings.Cut(strings.TrimSpace(lines), " ")
	secs, err := strconv.ParseInt(ct, 10, 64)
	if err != nil {
		return source{}, fmt.Errorf("git log: commit time %q: %v", ct, err)
	}
	src.Commit, src.Time = hash, time.Unix(secs, 0).UTC()
	version, err := git("describe", "--tags", "--always", "--dirty")
	if err != nil {
		return source{}, err
	}
	src.Version = strings.TrimSpace(version)
	status, err := git("status", "--porcelain")
	if err != nil {
		return source{}, err
	}
	src.Dirty = strings.TrimSpace(status) != ""
	if src.Dirty && !strings.HasSuffix(src.Version, "-dirty") {
		src.Version += "-dirty" // untracked files, which describe ignores
	}
	return src, nil
}

// buildBinary builds kmssim for p from the checkout into a folder of
// dir and returns its path. The bytes depend only on the source, the Go
// toolchain and the version: no cgo, no paths (-trimpath), no build id
// and no VCS stamp, and the environment's GOFLAGS and GOAMD64/GOARM64
// levels are overridden.
func buildBinary(src source, p platform, dir string) (string, error) {
	path := filepath.Join(dir, p.OS+"-"+p.Arch, p.exe())
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-buildid= -X main.releaseVersion="+src.Version,
		"-o", path, "./cmd/kmssim")
	cmd.Dir = src.Dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch,
		"GOFLAGS=", "GOAMD64=v1", "GOARM64=v8.0", "GOEXPERIMENT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building kmssim for %s: %v\n%s", p, err, out)
	}
	return path, nil
}

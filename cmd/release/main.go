// Command release builds what a kmssim release ships, from a clean
// checkout, without a Go toolchain on the users' side:
//
//	go run ./cmd/release -out out/release [-platforms windows/amd64,…] [-allow-dirty]
//
// It writes into the new folder -out, for each platform, a reproducible
// binary (CGO_ENABLED=0, -trimpath, no build id, the version stamped for
// kmssim version) packed with the README in kmssim-VERSION-OS-ARCH.zip
// (Windows) or .tar.gz; SHA256SUMS over the archives; VERSION; NOTES.md,
// the commits since the last tag grouped by their subject's prefix; and
// oci/, an OCI image layout of the Linux binaries on an empty base. The
// same commit gives the same bytes. Everything is written into a
// temporary folder beside -out and renamed to it at the end, so an error
// leaves nothing behind.
//
// Exit status: 0 on success, 1 on an error, 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, execGit(".")))
}

// usageError is an error in the command line, exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// run parses the command line, builds the release from the checkout git
// runs in and returns the exit status.
func run(args []string, stdout, stderr io.Writer, git gitFunc) int {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the release folder to write; it must not exist")
	platforms := fs.String("platforms", strings.Join(platformNames(allPlatforms), ","), "the comma-separated OS/ARCH pairs to build")
	allowDirty := fs.Bool("allow-dirty", false, "build from a checkout with uncommitted changes (the version ends in -dirty)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/release -out DIR [-platforms OS/ARCH,…] [-allow-dirty]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	err := func() error {
		if fs.NArg() > 0 {
			return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
		}
		if *out == "" {
			return &usageError{"-out DIR is required"}
		}
		ps, err := parsePlatforms(*platforms)
		if err != nil {
			return &usageError{"-platforms: " + err.Error()}
		}
		r, err := build(options{Out: *out, Platforms: ps, AllowDirty: *allowDirty, Git: git, Log: stderr})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote kmssim %s to %s:\n", r.Version, *out)
		for _, f := range r.Files {
			fmt.Fprintf(stdout, "  %s\n", f)
		}
		return nil
	}()
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "release: %v\n", err)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "release: %v\n", err)
		return exitFail
	}
}

// options is what one release build is asked to do.
type options struct {
	Out        string     // the release folder, which must not exist
	Platforms  []platform // what to build, in order
	AllowDirty bool       // build from a checkout with uncommitted changes
	Git        gitFunc    // runs git in the checkout
	Log        io.Writer  // progress, one line a step
}

// result is what a release build wrote.
type result struct {
	Version string
	Files   []string // relative to the release folder
}

// build writes the release into opts.Out: first into a temporary folder
// beside it, renamed to it once everything is written.
func build(opts options) (result, error) {
	if len(opts.Platforms) == 0 {
		return result{}, &usageError{"no platform to build"}
	}
	if _, err := os.Lstat(opts.Out); err == nil {
		return result{}, &usageError{fmt.Sprintf("%s exists: name a new folder, a release is never written over another", opts.Out)}
	} else if !errors.Is(err, os.ErrNotExist) {
		return result{}, err
	}
	src, err := describe(opts.Git)
	if err != nil {
		return result{}, err
	}
	if src.Dirty && !opts.AllowDirty {
		return result{}, fmt.Errorf("the checkout %s has uncommitted changes (git status); commit them, or build anyway with -allow-dirty (the version is then %s)", src.Dir, src.Version)
	}
	notes, err := releaseNotes(opts.Git, src)
	if err != nil {
		return result{}, err
	}

	parent := filepath.Dir(opts.Out)
	created, err := mkdirAll(parent)
	if err != nil {
		return result{}, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(opts.Out)+".partial-")
	if err != nil {
		return result{}, err
	}
	bins, err := os.MkdirTemp("", "kmssim-release-bin-")
	if err != nil {
		os.RemoveAll(tmp)
		return result{}, err
	}
	defer os.RemoveAll(bins)
	files, err := writeRelease(tmp, bins, src, notes, opts)
	if err == nil {
		if _, serr := os.Lstat(opts.Out); serr == nil {
			err = fmt.Errorf("%s appeared while the release was built; it is left as it is", opts.Out)
		} else {
			err = os.Rename(tmp, opts.Out)
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		if created != "" {
			os.RemoveAll(created)
		}
		return result{}, err
	}
	return result{Version: src.Version, Files: files}, nil
}

// writeRelease writes every file of the release into dir, building the
// binaries in bins, and returns the files' names.
func writeRelease(dir, bins string, src source, notes string, opts options) ([]string, error) {
	var archives []string
	images := map[platform]string{}
	for _, p := range opts.Platforms {
		fmt.Fprintf(opts.Log, "building %s\n", p)
		bin, err := buildBinary(src, p, bins)
		if err != nil {
			return nil, err
		}
		name, err := writeArchive(dir, src, p, bin)
		if err != nil {
			return nil, err
		}
		archives = append(archives, name)
		if p.OS == "linux" {
			images[p] = bin
		}
	}
	files := append([]string{}, archives...)
	if err := writeChecksums(filepath.Join(dir, checksumsFile), dir, archives); err != nil {
		return nil, err
	}
	files = append(files, checksumsFile)
	if len(images) > 0 {
		fmt.Fprintf(opts.Log, "writing the OCI image\n")
		if err := writeImage(filepath.Join(dir, imageDir), src, images); err != nil {
			return nil, err
		}
		files = append(files, imageDir+"/")
	} else {
		fmt.Fprintf(opts.Log, "no Linux platform: no OCI image\n")
	}
	for name, text := range map[string]string{notesFile: notes, versionFile: src.Version + "\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	files = append(files, notesFile, versionFile)
	if err := os.Chmod(dir, 0o755); err != nil { // MkdirTemp's is 0700
		return nil, err
	}
	return files, nil
}

// The release folder's files beside the archives.
const (
	checksumsFile = "SHA256SUMS"
	notesFile     = "NOTES.md"
	versionFile   = "VERSION"
	imageDir      = "oci"
)

// mkdirAll makes dir and its missing parents, and returns the topmost
// folder it made ("" if none), to remove on failure.
func mkdirAll(dir string) (string, error) {
	top := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		top = d
		if filepath.Dir(d) == d {
			break
		}
	}
	return top, os.MkdirAll(dir, 0o755)
}

package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "version", stdout, stderr)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintf(stdout, "kmssim %s\n", version(bi))
	return nil
}

// releaseVersion is the version the release build stamps into the
// binaries it ships (go run ./cmd/release: -ldflags "-X
// main.releaseVersion=v1.2.0"); empty in any other build.
var releaseVersion string

// version says which kmssim this is: the version the release build
// stamped; its module version when installed from a release (go install
// …@v1.2.0); built from a checkout, the commit it was built from, which
// the go command records (VCS build info), and whether the checkout had
// changes.
func version(bi *debug.BuildInfo) string {
	if releaseVersion != "" {
		return releaseVersion
	}
	if bi == nil {
		return "(unknown)"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, when, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "(devel, built without version control information: go build -buildvcs=true in a checkout records the commit)"
	}
	s := "(devel) commit " + rev[:min(12, len(rev))]
	if modified == "true" {
		s += " with uncommitted changes"
	}
	if when != "" {
		s += ", " + when
	}
	return s
}

package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "version", stderr)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	version := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	fmt.Fprintf(stdout, "kmssim %s\n", version)
	return nil
}

package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
)

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate scenario.yaml...", stdout, stderr)
	read := readFlags(fs)
	files, err := parseFlags(fs, args)
	if err == nil {
		files, err = expandFiles(files)
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "validate needs at least one scenario file"}
	}
	bad := 0
	for _, f := range files {
		load := read.Load
		if f == "-" {
			load = func(string) (*scenarios.Valid, error) { return stdinScenario(read) }
		}
		scn, err := load(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		printWarnings(stderr, scn)
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	if bad > 0 {
		return errors.New(words.Plural(bad, "scenario") + " invalid")
	}
	return nil
}

// printWarnings writes what in scn is valid but worth a look, such as
// machines that share a CMID (K9, K46), one line each, to stderr.
func printWarnings(stderr io.Writer, scn *scenarios.Valid) {
	for _, w := range scn.Warnings() {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
}

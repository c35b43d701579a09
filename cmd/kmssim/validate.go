package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/kmssim/kmssim/scenarios"
)

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "validate scenario.yaml...", stderr)
	read := readFlags(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "validate needs at least one scenario file"}
	}
	bad := 0
	for _, f := range files {
		if _, err := read.Load(f); err != nil {
			fmt.Fprintln(stderr, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	if bad > 0 {
		return errors.New(scenarios.Plural(bad, "scenario") + " invalid")
	}
	return nil
}

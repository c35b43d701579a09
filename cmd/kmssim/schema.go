package main

import (
	"io"

	"github.com/kmssim/kmssim/scenarios"
)

func schemaCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schema", "schema", stdout, stderr)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	_, err := stdout.Write(scenarios.Schema())
	return err
}

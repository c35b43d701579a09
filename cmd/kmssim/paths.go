package main

import (
	"fmt"
	"io"
)

func pathsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("paths", "paths [scenario.yaml | built-in name]", stdout, stderr)
	read := readFlags(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("paths", pos)
	if err != nil {
		return err
	}
	scn, err := loadScenario(name, read)
	if err != nil {
		return err
	}
	paths := scn.Paths()
	width := 0
	for _, p := range paths {
		width = max(width, len(p))
	}
	for _, p := range paths {
		v, err := scn.Get(p)
		if err != nil {
			return err
		}
		if v == "" {
			v = "(not set)"
		}
		fmt.Fprintf(stdout, "%-*s  %s\n", width, p, v)
	}
	return nil
}

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// The scenario argument of the commands: a file, or a built-in scenario
// by name.

// loadScenario reads a scenario file with the options read, or a
// built-in scenario by name when no file of that name exists and the name
// does not look like a path.
func loadScenario(name string, read *scenarios.Options) (*scenarios.Valid, error) {
	if name == "-" {
		return stdinScenario(read)
	}
	if _, err := os.Stat(name); err != nil && !strings.ContainsAny(name, `/\`) && filepath.Ext(name) == "" {
		return scenarios.Builtin(name)
	}
	return read.Load(name)
}

// readFlags registers the flags of the commands that read scenario files:
// -inventories, the folders besides a scenario's own from which its
// fleet_from may read.
func readFlags(fs *flag.FlagSet) *scenarios.Options {
	var o scenarios.Options
	fs.Func("inventories", "a folder besides the scenario's own from which its fleet_from inventory may be read (repeatable)", func(dir string) error {
		info, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
		o.Inventories = append(o.Inventories, dir)
		return nil
	})
	return &o
}

// oneScenario returns the scenario a command's positional arguments name:
// the one given, or the built-in default.
func oneScenario(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return scenarios.DefaultName, nil
	case 1:
		return pos[0], nil
	}
	return "", &usageError{msg: fmt.Sprintf("%s takes one scenario, got %d: %s", cmd, len(pos), strings.Join(pos, " "))}
}

// stdinScenario reads a scenario from standard input (the argument -),
// as a pipe gives it: kmssim run - < trap.yaml, or a generator's output.
// Its inventory, if any, is read from the working folder.
func stdinScenario(read *scenarios.Options) (*scenarios.Valid, error) {
	data, err := io.ReadAll(io.LimitReader(os.Stdin, scenarios.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	return read.Parse("stdin", data)
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// The scenario argument of the commands: a file, or a built-in scenario
// by name.

// loadScenario reads a scenario file, or a built-in scenario by name when
// no file of that name exists and the name does not look like a path.
func loadScenario(name string) (*scenarios.Scenario, error) {
	if _, err := os.Stat(name); err != nil && !strings.ContainsAny(name, `/\`) && filepath.Ext(name) == "" {
		return scenarios.Builtin(name)
	}
	return scenarios.Load(name)
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

package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

func listCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("list", "list", stdout, stderr)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	for _, name := range scenarios.Library() {
		scn, err := scenarios.Builtin(name)
		if err != nil {
			return err
		}
		desc := strings.Join(strings.Fields(scn.Description), " ")
		fmt.Fprintf(stdout, "%-28s %s\n", name, desc)
	}
	return nil
}

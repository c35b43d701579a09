package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// expandFiles expands the wildcards (*, ? and [...]) in file arguments as
// a Unix shell does, for the shells that do not: Windows' cmd and
// PowerShell hand kmssim.exe `logs\*.evtx` as typed. An argument that
// names an existing file as written is kept as it is, wildcard or not;
// one whose wildcard matches nothing is an error, as in a shell with
// failglob, rather than a file that "does not exist". The matches of
// each argument are sorted by name.
func expandFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if !strings.ContainsAny(a, "*?[") {
			out = append(out, a)
			continue
		}
		if _, err := os.Lstat(a); err == nil {
			out = append(out, a)
			continue
		}
		matches, err := filepath.Glob(a)
		if err != nil {
			return nil, &usageError{msg: fmt.Sprintf("%s: %v (a wildcard: * any characters, ? one, [abc] one of them)", a, err)}
		}
		if len(matches) == 0 {
			return nil, &usageError{msg: fmt.Sprintf("%s: matches no file", a)}
		}
		out = append(out, matches...)
	}
	return out, nil
}

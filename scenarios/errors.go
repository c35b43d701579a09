package scenarios

import (
	"errors"
	"fmt"
	"sort"
)

// FieldError is one problem with a scenario, located by file, line and
// field path. Line is 0 when the scenario did not come from a file or the
// field is missing from it altogether.
type FieldError struct {
	File string
	Line int
	// Path is the field, written as in the file: fleet[1].count,
	// sites[0].hosts[2].srv.weight. Empty for the file as a whole.
	Path string
	Msg  string
}

// Error formats the problem as file:line: path: message.
func (e *FieldError) Error() string {
	s := e.File
	if s == "" {
		s = "scenario"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + e.Msg
}

// joinSorted joins errs in order of line, then path, so that messages read
// top to bottom like the file.
func joinSorted(errs []error) error {
	sort.SliceStable(errs, func(i, j int) bool {
		a, aok := errs[i].(*FieldError)
		b, bok := errs[j].(*FieldError)
		if !aok || !bok {
			return aok && !bok
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Path < b.Path
	})
	return errors.Join(errs...)
}

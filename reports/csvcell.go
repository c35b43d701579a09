package reports

import (
	"encoding/csv"
	"io"
	"strconv"
)

// csvWriter writes CSV whose text cells a spreadsheet cannot take for
// formulas: the OWASP rule against CSV injection puts an apostrophe before
// a cell that begins with =, +, -, @, a tab or a carriage return, unless
// the cell is a number (a count of −1 stays −1). Names come from
// scenarios, which may come from anyone: an expectation's name, a
// swept value.
type csvWriter struct{ *csv.Writer }

func newCSVWriter(w io.Writer) csvWriter { return csvWriter{csv.NewWriter(w)} }

// Write writes row, its text cells neutralised in place.
func (c csvWriter) Write(row []string) error {
	for i, s := range row {
		row[i] = neutralise(s)
	}
	return c.Writer.Write(row)
}

// neutralise returns s, or s after an apostrophe when a spreadsheet would
// take it for a formula.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err != nil || s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r' {
			return "'" + s
		}
	}
	return s
}

package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// printPaths prints what was written, the report last as "Report:".
func printPaths(w io.Writer, paths []string) {
	report := ""
	for _, p := range paths {
		if filepath.Base(p) == "report.html" {
			report = p
		} else {
			fmt.Fprintf(w, "Wrote %s\n", p)
		}
	}
	if report != "" {
		fmt.Fprintf(w, "Report: %s\n", report)
	}
}

// writeBatch writes a batch's outputs and reports an incomplete batch as
// errIncomplete, after writing.
func writeBatch(dir string, scn *scenarios.Scenario, b *batch.Result, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	paths, err := reports.WriteBatchFiles(dir, scn, b, formats, force)
	if err != nil {
		return err
	}
	if len(b.Parameters) == 0 && b.First != nil {
		// The first replication is the plain run of the scenario's seed:
		// its summary, then the spread over all (whose verdicts are the
		// verdicts, judged by probability).
		if err := reports.WriteSummary(stdout, b.First, nil); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
	}
	if err := reports.WriteBatchSummary(stdout, scn, b); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	if !b.Complete {
		return errIncomplete
	}
	return nil
}

// outputFlags registers -format and -force, the flags of every command
// that writes outputs.
func outputFlags(fs *flag.FlagSet) (format *string, force *bool) {
	format = fs.String("format", "all", "outputs to write: comma-separated csv, json, svg, png, html, or all")
	force = fs.Bool("force", false, "write into an output directory that holds files kmssim did not write")
	return format, force
}

// parseFormats reads -format, whose errors are usage errors.
func parseFormats(s string) ([]reports.Format, error) {
	formats, err := reports.ParseFormats(s)
	if err != nil {
		return nil, &usageError{msg: "-format: " + err.Error()}
	}
	return formats, nil
}

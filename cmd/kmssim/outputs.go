package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/reports"
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

// writeBatch writes the outputs and summary of a batch (a single run is
// a batch of one), and returns an error
// for a batch that is incomplete, after writing.
//
// A batch stopped by a signal (ctx done) writes the points that finished,
// unless none did: dir then keeps its previous outputs. A second signal
// stops that writing, and dir keeps its previous outputs too.
func writeBatch(ctx context.Context, dir string, b *batch.Result, opts reports.Options, stdout, stderr io.Writer) error {
	write := ctx
	if ctx.Err() != nil && !b.Complete {
		if len(b.Points) == 0 {
			return unchanged(context.Cause(ctx), dir)
		}
		fmt.Fprintf(stderr, "\nkmssim: %v: writing the %s that finished to %s (interrupt again to leave it as it was)\n",
			context.Cause(ctx), words.Plural(len(b.Points), "point"), dir)
		write = again(ctx)
	} else {
		fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	}
	paths, err := reports.WriteFiles(write, dir, b, opts)
	if err != nil {
		return unchanged(err, dir)
	}
	if err := reports.WriteSummary(stdout, b); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	for _, p := range paths {
		if filepath.Base(p) != "series.csv" || b.First == nil {
			continue
		}
		if note := reports.SeriesNote(b.First, opts.Series); note != "" {
			fmt.Fprintln(stdout, note)
		}
	}
	return incomplete(ctx, b, dir)
}

// incomplete returns the error of a batch result, written to where, that
// holds only some of its points: the signal that stopped it, or, for
// parts merged from interrupted shards, what to do. It returns nil for a
// complete result.
func incomplete(ctx context.Context, b *batch.Result, where string) error {
	if b.Complete {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %s holds the %d of %d points that finished, marked incomplete", context.Cause(ctx), where, len(b.Points), b.Total)
	}
	return fmt.Errorf("%s holds %d of %d points, marked incomplete: some parts were interrupted; run their shards again and merge", where, len(b.Points), b.Total)
}

// outputFlags are the flags of every command that writes an output
// directory: -out, -format and -force. Its zero value registers nothing;
// register, then parse after the flags are parsed.
type outputFlags struct {
	dir     string               // -out, "" for the command's default
	format  string               // -format as given
	force   bool                 // -force
	formats []reports.Format     // -format, parsed by parse
	series  string               // -series as given, where registered
	layout  reports.SeriesLayout // -series, parsed by parse
}

// register registers -out, described by outHelp, -format and -force.
func (o *outputFlags) register(fs *flag.FlagSet, outHelp string) {
	fs.StringVar(&o.dir, "out", "", outHelp)
	fs.StringVar(&o.format, "format", "all", "outputs to write: comma-separated csv, json, svg, png, html, or all")
	fs.BoolVar(&o.force, "force", false, "write into an output directory that holds files kmssim did not write")
}

// registerSeries registers -series, for the commands that write a run's
// series.csv.
func (o *outputFlags) registerSeries(fs *flag.FlagSet) {
	fs.StringVar(&o.series, "series", "auto", fmt.Sprintf("series.csv's layout: wide (a column per series), long (a row per sample and series), or auto: wide up to %d columns (a spreadsheet's most), long past that", reports.WideColumns))
}

// parse reads -format and -series; their errors are usage errors.
func (o *outputFlags) parse() (err error) {
	if o.formats, err = parseFormats(o.format); err != nil {
		return err
	}
	if o.layout, err = reports.ParseSeriesLayout(o.series); err != nil {
		return &usageError{msg: "-series: " + err.Error()}
	}
	return nil
}

// options are the flags as reports.WriteFiles takes them.
func (o *outputFlags) options() reports.Options {
	return reports.Options{Formats: o.formats, Series: o.layout, Force: o.force}
}

// dirOr returns -out, or def when it was not given.
func (o *outputFlags) dirOr(def string) string {
	if o.dir == "" {
		return def
	}
	return o.dir
}

// parseFormats reads -format, whose errors are usage errors.
func parseFormats(s string) ([]reports.Format, error) {
	formats, err := reports.ParseFormats(s)
	if err != nil {
		return nil, &usageError{msg: "-format: " + err.Error()}
	}
	return formats, nil
}

// writableDir checks, before any work, that dir can hold the outputs: it
// is a directory or does not exist yet, and the nearest folder that
// exists takes a new file. A run of minutes should not end in "not a
// directory".
func writableDir(flagName, dir string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return &usageError{msg: fmt.Sprintf("%s %s: is a file, not a directory for the outputs", flagName, dir)}
	}
	return writableFolder(flagName, dir)
}

// writableFile checks, before any work, that a file can be written at
// path: its folder exists and takes a new file, and path is no directory.
func writableFile(flagName, path string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return &usageError{msg: fmt.Sprintf("%s %s: is a directory, not a file", flagName, path)}
	}
	parent := filepath.Dir(path)
	if info, err := os.Stat(parent); err != nil || !info.IsDir() {
		return &usageError{msg: fmt.Sprintf("%s %s: the folder %s does not exist", flagName, path, parent)}
	}
	return writableFolder(flagName, parent)
}

// writableFolder checks that the nearest existing folder at or above dir
// takes a new file, by creating and removing one.
func writableFolder(flagName, dir string) error {
	at := dir
	for {
		info, err := os.Stat(at)
		if err == nil {
			if !info.IsDir() {
				return &usageError{msg: fmt.Sprintf("%s %s: %s is a file, not a folder", flagName, dir, at)}
			}
			break
		}
		up := filepath.Dir(at)
		if up == at {
			break
		}
		at = up
	}
	f, err := os.CreateTemp(at, ".kmssim-write-test-*")
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		// The test file's name is kmssim's, not the user's: say the
		// folder and why.
		return fmt.Errorf("%s %s: cannot write in %s: %w", flagName, dir, at, pe.Err)
	}
	if err != nil {
		return fmt.Errorf("%s %s: cannot write there: %w", flagName, dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

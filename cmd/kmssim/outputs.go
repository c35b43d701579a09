package main

import (
	"context"
	"flag"
	"fmt"
	"io"
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
func writeBatch(ctx context.Context, dir string, b *batch.Result, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
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
	paths, err := reports.WriteFiles(write, dir, b, formats, force)
	if err != nil {
		return unchanged(err, dir)
	}
	if err := reports.WriteSummary(stdout, b); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
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
	dir     string           // -out, "" for the command's default
	format  string           // -format as given
	force   bool             // -force
	formats []reports.Format // -format, parsed by parse
}

// register registers -out, described by outHelp, -format and -force.
func (o *outputFlags) register(fs *flag.FlagSet, outHelp string) {
	fs.StringVar(&o.dir, "out", "", outHelp)
	fs.StringVar(&o.format, "format", "all", "outputs to write: comma-separated csv, json, svg, png, html, or all")
	fs.BoolVar(&o.force, "force", false, "write into an output directory that holds files kmssim did not write")
}

// parse reads -format; its errors are usage errors.
func (o *outputFlags) parse() (err error) {
	o.formats, err = parseFormats(o.format)
	return err
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

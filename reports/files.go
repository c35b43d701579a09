package reports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// Format is an output file kmssim can write.
type Format string

// The formats of WriteFiles.
const (
	CSV  Format = "csv"  // series.csv, and machines.csv for a scenario that names its machines
	JSON Format = "json" // milestones.json
	SVG  Format = "svg"  // counts.svg, states.svg, traffic.svg, fleet.svg
	PNG  Format = "png"  // the same charts as PNG
	HTML Format = "html" // report.html
)

// Formats lists every Format, the default set.
var Formats = []Format{CSV, JSON, SVG, PNG, HTML}

// ParseFormats parses a comma-separated list of formats, such as
// "csv,json" or "all".
func ParseFormats(s string) ([]Format, error) {
	if s == "" || s == "all" {
		return Formats, nil
	}
	var out []Format
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(Formats, Format(f)) {
			return nil, fmt.Errorf("unknown format %q (known: csv, json, svg, png, html, all)", f)
		}
		if !slices.Contains(out, Format(f)) {
			out = append(out, Format(f))
		}
	}
	return out, nil
}

// fileSet collects the files of one output directory, rendered in memory.
// Rendering stops when ctx is done; a nil ctx never is.
type fileSet struct {
	ctx    context.Context
	series SeriesLayout // series.csv's
	files  []outFile
}

// render renders one file.
func (fs *fileSet) render(name string, write func(w *bytes.Buffer) error) error {
	if fs.ctx != nil && fs.ctx.Err() != nil {
		return context.Cause(fs.ctx)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fs.files = append(fs.files, outFile{name: name, data: buf.Bytes()})
	return nil
}

// stream adds a file that write writes straight into the output
// directory when it is published: a data file, which may be larger than
// it is wise to hold in memory.
func (fs *fileSet) stream(name string, write func(w io.Writer) error) error {
	if fs.ctx != nil && fs.ctx.Err() != nil {
		return context.Cause(fs.ctx)
	}
	fs.files = append(fs.files, outFile{name: name, write: write})
	return nil
}

// charts renders charts in the formats asked for, SVG and PNG.
func (fs *fileSet) charts(charts []Chart, formats []Format) error {
	for _, f := range []Format{SVG, PNG} {
		if !slices.Contains(formats, f) {
			continue
		}
		for _, c := range charts {
			err := fs.render(c.Name+"."+string(f), func(b *bytes.Buffer) error {
				data, err := c.SVG()
				if f == PNG {
					data, err = c.PNG()
				}
				b.Write(data)
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// wantsCharts reports whether formats need the charts drawn.
func wantsCharts(formats []Format) bool {
	return slices.Contains(formats, SVG) || slices.Contains(formats, PNG) || slices.Contains(formats, HTML)
}

// run renders the outputs of one run; batch, if not nil, adds the section
// of the replications the run is the first of to its report.
func (fs *fileSet) run(res *sim.Result, verdicts []sim.Verdict, plan PlanVerdict, formats []Format, batch *batchReport) error {
	var charts []Chart
	if wantsCharts(formats) {
		charts = Charts(res)
	}
	o := outputOf{res: res, verdicts: verdicts, plan: plan, series: fs.series}
	if err := fs.data(runOutputs, &o, formats); err != nil {
		return err
	}
	if err := fs.charts(charts, formats); err != nil {
		return err
	}
	if slices.Contains(formats, HTML) {
		return fs.render("report.html", func(b *bytes.Buffer) error {
			d, err := runReport(res, verdicts, charts, batch)
			if err != nil {
				return err
			}
			d.Plan = &plan // one verdict everywhere: over the replications, if any
			return d.write(b)
		})
	}
	return nil
}

// output is one data file kmssim writes: its name, the format that asks
// for it, whether what was run has it, and how it is written. Like the
// charts (chartKinds), the files are rows of a table, which the writer
// and the tests iterate.
type output struct {
	name   string
	format Format
	has    func(o *outputOf) bool // nil: always
	write  func(w io.Writer, o *outputOf) error
}

// outputOf is what an output is written from: a run, with its verdicts
// and the plan's, or a batch.
type outputOf struct {
	res      *sim.Result
	verdicts []sim.Verdict
	plan     PlanVerdict
	series   SeriesLayout
	b        *batch.Result
}

// runOutputs are the data files of a run (a single run, or a batch's
// first).
var runOutputs = []output{
	{"series.csv", CSV, nil, func(w io.Writer, o *outputOf) error {
		if o.series.Of(o.res) == SeriesLong {
			return WriteSeriesLongCSV(w, o.res)
		}
		return WriteSeriesCSV(w, o.res)
	}},
	{"machines.csv", CSV, func(o *outputOf) bool { return len(o.res.Machines) > 0 },
		func(w io.Writer, o *outputOf) error { return WriteMachinesCSV(w, o.res) }},
	{"milestones.json", JSON, nil, func(w io.Writer, o *outputOf) error {
		return writeMilestonesJSON(w, o.res, o.verdicts, o.plan)
	}},
}

// batchOutputs are the data files a batch adds to its first run's.
var batchOutputs = []output{
	{OutcomesFile, CSV, nil, func(w io.Writer, o *outputOf) error { return WriteOutcomesCSV(w, o.b) }},
	{BandsFile, CSV, func(o *outputOf) bool { return o.b.Bands != nil },
		func(w io.Writer, o *outputOf) error { return WriteBandsCSV(w, o.b) }},
	{BatchFile, JSON, nil, func(w io.Writer, o *outputOf) error { return WriteBatchJSON(w, o.b) }},
}

// data adds the outputs of table that formats ask for and o has, each
// written straight into its file when published.
func (fs *fileSet) data(table []output, o *outputOf, formats []Format) error {
	for _, out := range table {
		if !slices.Contains(formats, out.format) || out.has != nil && !out.has(o) {
			continue
		}
		if err := fs.stream(out.name, func(w io.Writer) error { return out.write(w, o) }); err != nil {
			return err
		}
	}
	return nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so path holds either its old content or all of
// data, never part of it.
func WriteFileAtomic(path string, data []byte) error {
	return writeAtomic(path, outFile{data: data})
}

// writeAtomic writes f to path as WriteFileAtomic writes its data.
func writeAtomic(path string, f outFile) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if err := f.writeTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

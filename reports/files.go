package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Format is an output file kmssim can write.
type Format string

// The formats of WriteFiles.
const (
	CSV  Format = "csv"  // series.csv
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

// WriteFiles writes the outputs of a run of scn (its result and the
// verdicts of its expectations) in the given formats into dir, creating it
// if needed, and returns the paths written, the report last. Every file is
// rendered in memory first and then written under a temporary name and
// renamed, so a failure leaves no half-written file and a reader never
// sees one.
//
// The directory is replaced as a whole (see publish): a reader, or an
// interrupted run, finds either the previous complete outputs or the new
// ones, never a mix. A directory holding files kmssim did not write is
// refused unless force is set.
func WriteFiles(dir string, scn *scenarios.Scenario, res *sim.Result, verdicts []sim.Verdict, formats []Format, force bool) ([]string, error) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	var charts []Chart
	if slices.Contains(formats, SVG) || slices.Contains(formats, PNG) || slices.Contains(formats, HTML) {
		charts = Charts(scn, res)
	}
	render := func(name string, write func(w *bytes.Buffer) error) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, file{name, buf.Bytes()})
		return nil
	}
	for _, f := range Formats { // a fixed order, whatever the order asked
		if !slices.Contains(formats, f) {
			continue
		}
		var err error
		switch f {
		case CSV:
			err = render("series.csv", func(b *bytes.Buffer) error { return WriteSeriesCSV(b, res) })
		case JSON:
			err = render("milestones.json", func(b *bytes.Buffer) error { return WriteMilestonesJSON(b, res, verdicts) })
		case SVG, PNG:
			for _, c := range charts {
				err = render(c.Name+"."+string(f), func(b *bytes.Buffer) error {
					data, err := c.SVG()
					if f == PNG {
						data, err = c.PNG()
					}
					b.Write(data)
					return err
				})
				if err != nil {
					break
				}
			}
		case HTML:
			err = render("report.html", func(b *bytes.Buffer) error { return WriteHTML(b, scn, res, verdicts, charts) })
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]outFile, len(files))
	for i, f := range files {
		out[i] = outFile(f)
	}
	return publish(dir, out, force)
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so path holds either its old content or all of
// data, never part of it.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(data); err != nil {
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

package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/sim"
)

// Format is an output file kmssim can write.
type Format string

// The formats of WriteFiles.
const (
	CSV  Format = "csv"  // series.csv
	JSON Format = "json" // milestones.json
)

// Formats lists every Format, the default set.
var Formats = []Format{CSV, JSON}

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
			return nil, fmt.Errorf("unknown format %q (known: csv, json, all)", f)
		}
		if !slices.Contains(out, Format(f)) {
			out = append(out, Format(f))
		}
	}
	return out, nil
}

// WriteFiles writes the outputs of res (and the verdicts of its
// scenario's expectations) in the given formats into dir,
// creating it if needed, and returns the paths written. Each file is
// first written under a temporary name and renamed when complete, so a
// reader never sees a half-written file.
func WriteFiles(dir string, res *sim.Result, verdicts []sim.Verdict, formats []Format) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	var paths []string
	for _, f := range formats {
		var buf bytes.Buffer
		var name string
		var err error
		switch f {
		case CSV:
			name, err = "series.csv", WriteSeriesCSV(&buf, res)
		case JSON:
			name, err = "milestones.json", WriteMilestonesJSON(&buf, res, verdicts)
		default:
			return paths, fmt.Errorf("unknown format %q", f)
		}
		if err != nil {
			return paths, fmt.Errorf("%s: %w", name, err)
		}
		path := filepath.Join(dir, name)
		if err := WriteFileAtomic(path, buf.Bytes()); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
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

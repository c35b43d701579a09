package eventlog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios"
)

// ImportOptions tune Import.
type ImportOptions struct {
	Options
	// Now is the moment of the state: the requests after it are left
	// out. Zero means the latest request of the bulk of the logs (Bulk).
	Now time.Time
	// DLV names files of the hosts' own figures (ReadDLV: slmgr /dlv's
	// text, or SoftwareLicensingService as JSON or CSV), each HOST=FILE,
	// or FILE for the host named by the file (HostFromFile).
	DLV []string
}

// Import reads the exports at paths and the hosts' figures into the state of
// the fleet they tell (Fleet.State), and returns it with what it read of
// each file. Requests far from the bulk of the logs, which a wrong clock
// logged, are left out, with one warning: when there are such, the files
// are read a second time. Nothing is returned when a file cannot be read.
func Import(ctx context.Context, paths []string, o ImportOptions, warn func(Warning)) (*State, []Summary, error) {
	fleet := NewFleet(scenarios.Model{})
	if !o.Now.IsZero() {
		fleet.SetNow(o.Now)
	}
	sums, err := fleet.readAll(ctx, paths, o.Options, warn)
	if err != nil {
		return nil, nil, err
	}
	if o.Now.IsZero() {
		if from, until, outside := fleet.Bulk(); outside > 0 {
			fleet = NewFleet(scenarios.Model{})
			fleet.SetBounds(from, until)
			// The first reading warned already.
			if _, err := fleet.readAll(ctx, paths, o.Options, func(Warning) {}); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := fleet.readDLVs(o.DLV); err != nil {
		return nil, nil, err
	}
	st, err := fleet.State()
	if err != nil {
		return nil, nil, err
	}
	st.LeftOut = fleet.nOutside
	st.Warnings = append(fleet.outsideWarnings(), st.Warnings...)
	return st, sums, nil
}

// readAll reads the exports at paths into f.
func (f *Fleet) readAll(ctx context.Context, paths []string, o Options, warn func(Warning)) ([]Summary, error) {
	var sums []Summary
	f.trackFiles = true
	defer func() { f.trackFiles = false }()
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, context.Cause(ctx)
		}
		sum, err := f.ReadFile(path, o, warn)
		if err != nil {
			return nil, err
		}
		if sum.Format == FormatEventViewer {
			f.markByName(path)
		}
		sums = append(sums, sum)
	}
	err := f.checkFiles()
	f.bare = nil // needed for the check only
	return sums, err
}

// readDLVs reads the hosts' figures named as in ImportOptions.DLV.
func (f *Fleet) readDLVs(specs []string) error {
	for _, spec := range specs {
		host, file, ok := strings.Cut(spec, "=")
		if !ok {
			file = spec
			host = HostFromFile(file)
		}
		data, err := scenarios.ReadFile(file, 1<<20)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // the path is said once
		}
		if err != nil {
			return fmt.Errorf("-dlv %s: %w", file, err)
		}
		d, err := ReadDLV(bytes.NewReader(data), file)
		if err != nil {
			return err
		}
		if err := f.SetDLV(host, d, file); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// maxPartSize bounds a partial result: the largest sweep (10,000 points)
// with 100 replications holds a few hundred megabytes; a larger file is
// not a part.
const maxPartSize = 1 << 30

// readPart reads a partial result: a regular file of at most
// maxPartSize.
func readPart(name string) ([]byte, error) {
	data, err := scenarios.ReadFile(name, maxPartSize)
	var large *scenarios.TooLargeError
	switch {
	case errors.Is(err, scenarios.ErrDirectory), errors.Is(err, scenarios.ErrNotRegular):
		return nil, fmt.Errorf("%s: not a regular file: merge reads the parts kmssim sweep -shard wrote", name)
	case errors.As(err, &large):
		return nil, fmt.Errorf("%s: %d bytes, more than a part can hold (%d)", name, large.Size, maxPartSize)
	}
	return data, err
}

func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", "merge [flags] part.json... (the partial results of kmssim sweep -shard)", stdout, stderr)
	read := readFlags(fs)
	var out outputFlags
	out.register(fs, "output directory (default out/SCENARIO-NAME-sweep, as kmssim sweep's)")
	files, err := parseFlags(fs, args)
	if err == nil {
		files, err = expandFiles(files)
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "merge needs the partial results to merge: kmssim merge out/NAME-parts/*.json"}
	}
	if err := out.parse(); err != nil {
		return err
	}
	formats := out.formats
	// A part is untrusted: the file and folder its origin names choose
	// nothing. An inventory is read from the working folder or an
	// -inventories folder only, and every part is checked against the
	// scenario its origin rebuilds before it is merged.
	read.Inventories = append([]string{"."}, read.Inventories...)
	read.NotOwnFolder = true
	if handled, err := mergePlanParts(ctx, files, read, out.dir, formats, out.force, stdout, stderr); handled {
		return err
	}
	var parts []*batch.Result
	for _, f := range files {
		data, err := readPart(f)
		if err != nil {
			return err
		}
		p, err := batch.ReadPartial(f, data)
		if err != nil {
			return err
		}
		if p.Origin == nil {
			return fmt.Errorf("%s: the part does not say which scenario it ran", f)
		}
		parts = append(parts, p)
	}
	scn, err := fromOrigin(parts[0].Origin, read)
	if err != nil {
		return fmt.Errorf("%s: the scenario the part ran: %w", files[0], err)
	}
	if got := batch.Fingerprint(scn.Scenario()); got != parts[0].Fingerprint {
		return fmt.Errorf("%s: the scenario the part carries rebuilds with fingerprint %s, not the %s it ran: was it written by another version of kmssim?", files[0], got, parts[0].Fingerprint)
	}
	for i, p := range parts {
		if err := p.Verify(scn.Scenario()); err != nil {
			return fmt.Errorf("%s: refused: %w", files[i], err)
		}
	}
	merged, err := batch.Merge(parts)
	if err != nil {
		return err
	}
	merged.Origin = nil
	merged.Scenario = scn.Scenario()
	dir := out.dir
	if dir == "" {
		dir = sweepDir(scn)
	}
	return writeBatch(ctx, dir, merged, out.options(), stdout, stderr)
}

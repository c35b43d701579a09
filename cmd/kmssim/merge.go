package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kmssim/kmssim/sim/batch"
)

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", "merge [flags] part.json... (the partial results of kmssim sweep -shard)", stderr)
	out := fs.String("out", "", "output directory (default out/SCENARIO-NAME)")
	format, force := outputFlags(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "merge needs the partial results to merge: kmssim merge out/NAME-parts/*.json"}
	}
	formats, err := parseFormats(*format)
	if err != nil {
		return err
	}
	var parts []*batch.Result
	for _, f := range files {
		data, err := os.ReadFile(f)
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
	merged, err := batch.Merge(parts)
	if err != nil {
		return err
	}
	scn, err := fromOrigin(merged.Origin)
	if err != nil {
		return fmt.Errorf("the scenario the parts ran: %w", err)
	}
	if got := batch.Fingerprint(scn); got != merged.Fingerprint {
		return fmt.Errorf("the scenario the parts carry rebuilds with fingerprint %s, not the %s they ran: were they written by another version of kmssim?", got, merged.Fingerprint)
	}
	merged.Origin = nil
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", scn.Name)
	}
	return writeBatch(dir, scn, merged, formats, *force, stdout, stderr)
}

package main

// What kmssim seek and kmssim sensitivity share: their shards' parts,
// merged by kmssim merge, and the publishing of their outputs.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// planHead is what every part of a seek's frontier or of a sensitivity
// says of itself: the scenario it ran, rebuilt from its origin on merge,
// and its shard of how many searches or fields in all.
type planHead struct {
	Name        string        `json:"scenario"`
	Fingerprint string        `json:"fingerprint"`
	Origin      *batch.Origin `json:"origin"`
	Shard       batch.Shard   `json:"shard"`
	Total       int           `json:"total"`
}

// newPlanHead is the head of the part of shard of total of scn.
func newPlanHead(scn *scenarios.Valid, origin *batch.Origin, shard batch.Shard, total int) planHead {
	return planHead{Name: scn.Name, Fingerprint: batch.Fingerprint(scn.Scenario()), Origin: origin, Shard: shard, Total: total}
}

func (h *planHead) head() *planHead { return h }

// planPart is a part of a seek or a sensitivity.
type planPart interface {
	head() *planHead
	// check returns the part's format version and whether it is the one
	// this kmssim writes, with everything it needs.
	check() (version int, ok bool)
}

// readPlanParts reads the parts files, of kind what, rebuilds the
// scenario they ran and checks that they are the shards of one batch:
// the same scenario and settings, each shard once, none missing. A part
// is a file anyone could have written: nothing in it is trusted before
// these checks and the caller's own.
func readPlanParts[P any, PP interface {
	*P
	planPart
}](files []string, read *scenarios.Options, what string) ([]PP, *scenarios.Valid, error) {
	var parts []PP
	for _, f := range files {
		p := PP(new(P))
		if err := decodePart(f, p); err != nil {
			return nil, nil, err
		}
		if v, ok := p.check(); !ok || p.head().Origin == nil {
			return nil, nil, fmt.Errorf("%s: %s part format %d is not the one this kmssim writes (written by another version?)", f, what, v)
		}
		parts = append(parts, p)
	}
	first := parts[0].head()
	scn, err := rebuildPart(files[0], first.Origin, first.Fingerprint, read)
	if err != nil {
		return nil, nil, err
	}
	have := make([]bool, max(first.Shard.Count, 1))
	for i, p := range parts {
		h := p.head()
		switch {
		case h.Fingerprint != first.Fingerprint || h.Name != first.Name || !slices.Equal(h.Origin.Set, first.Origin.Set):
			return nil, nil, fmt.Errorf("%s is of another %s than %s: the scenario or a -set differs", files[i], what, files[0])
		case h.Shard.Count < 1 || h.Shard.Count != first.Shard.Count || h.Shard.Index < 0 || h.Shard.Index >= h.Shard.Count:
			return nil, nil, fmt.Errorf("%s is shard %s, %s shard %s: all parts must split the %s in as many shards", files[i], h.Shard, files[0], first.Shard, what)
		case have[h.Shard.Index]:
			return nil, nil, fmt.Errorf("shard %s is given twice", h.Shard)
		}
		have[h.Shard.Index] = true
	}
	for i, ok := range have {
		if !ok {
			return nil, nil, fmt.Errorf("shard %s is missing", batch.Shard{Index: i, Count: first.Shard.Count})
		}
	}
	return parts, scn, nil
}

// parseShardFlag reads -shard: i/n, or n alone with i from
// JOB_COMPLETION_INDEX; "" is the whole.
func parseShardFlag(s string) (batch.Shard, error) {
	if s == "" {
		return batch.Shard{}, nil
	}
	shard, err := parseShard(s, os.Getenv("JOB_COMPLETION_INDEX"))
	if err != nil {
		return shard, &usageError{msg: "-shard " + err.Error()}
	}
	return shard, nil
}

// publishPlan publishes the files of a seek or a sensitivity into dir,
// then prints its summary and the paths written.
func publishPlan(ctx context.Context, dir string, files []reports.File, force bool, stdout, stderr io.Writer, summary func() error) error {
	fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	paths, err := reports.Publish(ctx, dir, files, force)
	if err != nil {
		return unchanged(err, dir)
	}
	if err := summary(); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	return nil
}

// writePartFile writes a part of a seek or a sensitivity to path.
func writePartFile(path string, part any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(part); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return reports.WriteFileAtomic(path, buf.Bytes())
}

// decodePart reads the part file name into v, strictly.
func decodePart(name string, v any) error {
	data, err := readPart(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: not a part of kmssim seek or sensitivity: %w", name, err)
	}
	return nil
}

// rebuildPart rebuilds the scenario a part ran from its origin and checks
// its fingerprint, as merge does for a sweep.
func rebuildPart(name string, o *batch.Origin, fingerprint string, read *scenarios.Options) (*scenarios.Valid, error) {
	scn, err := fromOrigin(o, read)
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario the part ran: %w", name, err)
	}
	if got := batch.Fingerprint(scn.Scenario()); got != fingerprint {
		return nil, fmt.Errorf("%s: the scenario the part carries rebuilds with fingerprint %s, not the %s it ran", name, got, fingerprint)
	}
	return scn, nil
}

// mergePlanParts merges the parts of a seek's frontier or of a
// sensitivity, which kmssim merge hands on when its first file is one;
// handled is false for the parts of a sweep.
func mergePlanParts(ctx context.Context, files []string, read *scenarios.Options, out string, formats []reports.Format, force bool, stdout, stderr io.Writer) (handled bool, err error) {
	data, err := readPart(files[0])
	if err != nil {
		return false, nil // merge reports it
	}
	var head struct {
		Seek        int `json:"kmssim_seek_part"`
		Sensitivity int `json:"kmssim_sensitivity_part"`
	}
	if json.Unmarshal(data, &head) != nil {
		return false, nil
	}
	switch {
	case head.Seek != 0:
		return true, mergeSeek(ctx, files, read, out, formats, force, stdout, stderr)
	case head.Sensitivity != 0:
		return true, mergeSensitivity(ctx, files, read, out, formats, force, stdout, stderr)
	}
	return false, nil
}

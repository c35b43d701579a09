package batch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// partialVersion is the version of the partial result format; Merge
// refuses others.
const partialVersion = 1

type partialFile struct {
	Version int `json:"kmssim_partial"`
	*Result
}

// WritePartial writes r, typically one shard of a sweep, in the partial
// result format: JSON holding every observation, which ReadPartial reads
// back exactly and Merge combines.
func WritePartial(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(partialFile{partialVersion, r})
}

// ReadPartial reads a partial result written by WritePartial; name is for
// messages.
func ReadPartial(name string, data []byte) (*Result, error) {
	var f partialFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: not a kmssim partial result: %w", name, err)
	}
	if f.Version != partialVersion || f.Result == nil {
		return nil, fmt.Errorf("%s: partial result format %d, want %d (written by another version of kmssim?)", name, f.Version, partialVersion)
	}
	r := f.Result
	// Every field that Merge and the outputs index by is checked here,
	// before anything uses it.
	switch {
	case r.Total < 1 || r.Total > scenarios.MaxPoints:
		return nil, fmt.Errorf("%s: %d points in all; a sweep has 1 to %d", name, r.Total, scenarios.MaxPoints)
	case len(r.Seeds) < 1 || len(r.Seeds) > scenarios.MaxReplications:
		return nil, fmt.Errorf("%s: %d replications; a batch has 1 to %d", name, len(r.Seeds), scenarios.MaxReplications)
	case len(r.Parameters) > 2:
		return nil, fmt.Errorf("%s: %d swept parameters; a sweep has at most 2", name, len(r.Parameters))
	case r.Shard.Count < 0 || r.Shard.Count > r.Total:
		return nil, fmt.Errorf("%s: %d shards of %d points; a sweep splits into 1 shard or more, at most one per point", name, r.Shard.Count, r.Total)
	case r.Shard.Count > 0 && (r.Shard.Index < 0 || r.Shard.Index >= r.Shard.Count):
		return nil, fmt.Errorf("%s: shard index %d of %d shards; it runs from 0 to %d", name, r.Shard.Index, r.Shard.Count, r.Shard.Count-1)
	case len(r.Points) > r.Total:
		return nil, fmt.Errorf("%s: %d points of a sweep of %d", name, len(r.Points), r.Total)
	}
	seen := make(map[int]bool, len(r.Points))
	for _, p := range r.Points {
		if p.Index < 0 || p.Index >= r.Total || len(p.Observations) != len(r.Seeds) || len(p.Values) != len(r.Parameters) {
			return nil, fmt.Errorf("%s: point %d is malformed", name, p.Index)
		}
		if seen[p.Index] {
			return nil, fmt.Errorf("%s: point %d is listed twice", name, p.Index)
		}
		seen[p.Index] = true
		if !r.Shard.Has(p.Index) {
			return nil, fmt.Errorf("%s: point %d is not of shard %s", name, p.Index, r.Shard)
		}
		for _, o := range p.Observations {
			sorted := slices.IsSortedFunc(o.Milestones, func(a, b Mark) int { return CompareKeys(a.Key, b.Key) })
			if len(o.Held) != len(r.Expectations) || len(o.NotLicensed) != len(p.Observations[0].NotLicensed) || !sorted {
				return nil, fmt.Errorf("%s: point %d is malformed", name, p.Index)
			}
		}
	}
	return r, nil
}

// Merge combines the shards of one sweep into the result a single run of
// the whole sweep gives. Every shard must be there, once, from the same
// scenario and seeds; the merged result is incomplete if a shard is.
func Merge(parts []*Result) (*Result, error) {
	if len(parts) == 0 {
		return nil, errors.New("nothing to merge")
	}
	first := parts[0]
	if first.Shard.Count == 0 {
		return nil, errors.New("the first part is not a shard: merge takes the partial results of kmssim sweep -shard")
	}
	out := *first
	out.Shard = Shard{}
	out.Points = nil
	out.Complete = true
	have := make([]bool, first.Shard.Count)
	for i, p := range parts {
		switch {
		case p.Fingerprint != first.Fingerprint || p.Name != first.Name:
			return nil, fmt.Errorf("part %d is of another batch (scenario %s, fingerprint %s) than part 1 (%s, %s): the scenario or a -set differs", i+1, p.Name, p.Fingerprint, first.Name, first.Fingerprint)
		case !slices.Equal(p.Seeds, first.Seeds):
			return nil, fmt.Errorf("part %d ran other seeds than part 1 (-seed or -replications differ)", i+1)
		case p.Shard.Count != first.Shard.Count || p.Total != first.Total:
			return nil, fmt.Errorf("part %d is shard %s, part 1 shard %s: all parts must split the sweep in as many shards", i+1, p.Shard, first.Shard)
		case have[p.Shard.Index]:
			return nil, fmt.Errorf("shard %s is given twice", p.Shard)
		}
		have[p.Shard.Index] = true
		out.Complete = out.Complete && p.Complete
		for _, pt := range p.Points {
			if !p.Shard.Has(pt.Index) {
				return nil, fmt.Errorf("part %d (shard %s) holds point %d of another shard", i+1, p.Shard, pt.Index)
			}
			out.Points = append(out.Points, pt)
		}
	}
	var missing []string
	for i, ok := range have {
		if !ok {
			missing = append(missing, Shard{i, first.Shard.Count}.String())
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shards missing: %s", strings.Join(missing, ", "))
	}
	slices.SortFunc(out.Points, func(a, b Point) int { return a.Index - b.Index })
	return &out, nil
}

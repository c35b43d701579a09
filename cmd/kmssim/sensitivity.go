package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/sensitivity"
)

// defaultSensitivityReplications is the replications of a sensitivity of
// a scenario that names fewer than two: an interval needs several.
const defaultSensitivityReplications = 40

// varyFlag collects -vary PATH=LOW,HIGH.
type varyFlag []string

func (v *varyFlag) String() string { return strings.Join(*v, " ") }
func (v *varyFlag) Set(s string) error {
	if _, err := parseVary(s); err != nil {
		return err
	}
	*v = append(*v, s)
	return nil
}

// parseVary reads PATH=LOW,HIGH.
func parseVary(s string) (sensitivity.Variation, error) {
	p, err := scenarios.ParseParameter(s)
	if err != nil {
		return sensitivity.Variation{}, err
	}
	if len(p.Values) != 2 {
		return sensitivity.Variation{}, fmt.Errorf("%q: want PATH=LOW,HIGH, two values, such as fleet.laptops.count=20,40", s)
	}
	return sensitivity.Variation{Path: p.Path, Low: string(p.Values[0]), High: string(p.Values[1])}, nil
}

// sensitivityArgs are the flags that shape a sensitivity's result,
// recorded in its parts.
type sensitivityArgs struct {
	Vary    []string `json:"vary,omitempty"`
	Spread  float64  `json:"spread"`
	Outcome string   `json:"outcome"`
}

func sensitivityCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sensitivity", "sensitivity [flags] [scenario.yaml | built-in name]", stderr)
	read := readFlags(fs)
	var st settings
	st.register(fs, false)
	var a sensitivityArgs
	var vary varyFlag
	fs.Var(&vary, "vary", "a field to vary, PATH=LOW,HIGH (repeatable; default: every numeric field the plan chooses, -spread around its value)")
	fs.Float64Var(&a.Spread, "spread", 0.2, "without -vary: how far below and above its value each field goes, as a share (0.2: ±20%)")
	fs.StringVar(&a.Outcome, "outcome", "", "what to measure: all (the probability every expectation holds; the default), expect[N], below (the day a count first falls below its threshold) or lapsed (clients not licensed at the end)")
	shardArg := fs.String("shard", "", "run only shard i of n of the fields, written i/n, and write a partial result for kmssim merge")
	out := fs.String("out", "", "output directory (default out/SCENARIO-NAME-sensitivity); with -shard, the partial result file")
	format, force := outputFlags(fs)
	parallel := fs.Int("parallel", 0, "runs to simulate at once (0: one per core)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("sensitivity", pos)
	if err != nil {
		return err
	}
	formats, err := parseFormats(*format)
	if err != nil {
		return err
	}
	a.Vary = vary
	var shard batch.Shard
	if *shardArg != "" {
		if shard, err = parseShard(*shardArg, os.Getenv("JOB_COMPLETION_INDEX")); err != nil {
			return &usageError{msg: "-shard " + err.Error()}
		}
	}
	scn, err := loadScenario(name, read)
	if err != nil {
		return err
	}
	if err := st.apply(scn); err != nil {
		return err
	}
	if !st.replications.set && scn.Replications < 2 {
		scn.Replications = defaultSensitivityReplications
	}
	job, err := planSensitivity(scn, a)
	if err != nil {
		return err
	}
	if shard.Count > len(job.vars) {
		return &usageError{msg: fmt.Sprintf("-shard %s: %d shards of %s", *shardArg, shard.Count, scenarios.Plural(len(job.vars), "field"))}
	}
	res, err := sensitivity.Run(ctx, scn, job.vars, job.outcome, sensitivity.Options{Parallel: *parallel, Keep: shard.Has})
	if err != nil {
		return err
	}
	if shard.Count == 0 {
		dir := *out
		if dir == "" {
			dir = filepath.Join("out", scn.FolderName()+"-sensitivity")
		}
		return writeSensitivity(ctx, dir, &reports.Sensitivity{Scenario: scn, Result: res}, formats, *force, stdout, stderr)
	}
	part := sensitivityPart{Version: sensitivityPartVersion, Name: scn.Name, Fingerprint: batch.Fingerprint(scn), Origin: st.origin(scn),
		Args: a, Shard: shard, Total: len(job.vars), Result: res}
	path := *out
	if path == "" {
		path = filepath.Join("out", scn.FolderName()+"-sensitivity-parts", fmt.Sprintf("part-%d-of-%d.json", shard.Index, shard.Count))
	}
	if err := writePartFile(path, part); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote shard %s (%d of %d fields) to %s\n", shard, len(res.Effects), len(job.vars), path)
	return nil
}

// sensitivityJob is a sensitivity checked and ready to run.
type sensitivityJob struct {
	vars    []sensitivity.Variation
	outcome sensitivity.Outcome
}

// planSensitivity checks the outcome and the fields to vary of a
// sensitivity of scn before anything runs.
func planSensitivity(scn *scenarios.Scenario, a sensitivityArgs) (*sensitivityJob, error) {
	j := &sensitivityJob{}
	outcome := a.Outcome
	if outcome == "" {
		outcome = "all"
		if len(scn.Expect) == 0 {
			outcome = "below"
		}
	}
	var err error
	if j.outcome, err = sensitivity.ParseOutcome(outcome, len(scn.Expect)); err != nil {
		return nil, &usageError{msg: "-outcome " + err.Error()}
	}
	if !(a.Spread > 0 && a.Spread < 1) {
		return nil, &usageError{msg: fmt.Sprintf("-spread %v: want a share above 0 and below 1, such as 0.2", a.Spread)}
	}
	for _, s := range a.Vary {
		v, err := parseVary(s)
		if err != nil {
			return nil, &usageError{msg: "-vary " + err.Error()}
		}
		if _, err := scn.Kind(v.Path); err != nil {
			return nil, &usageError{msg: "-vary " + err.Error()}
		}
		j.vars = append(j.vars, v)
	}
	if len(a.Vary) == 0 {
		if j.vars, err = sensitivity.Candidates(scn, a.Spread); err != nil {
			return nil, err
		}
		if len(j.vars) == 0 {
			return nil, fmt.Errorf("%s has no field to vary: give -vary PATH=LOW,HIGH", scn.Name)
		}
	}
	return j, nil
}

// writeSensitivity writes a sensitivity's outputs into dir and its table
// to stdout.
func writeSensitivity(ctx context.Context, dir string, s *reports.Sensitivity, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	files, err := reports.WriteSensitivityFiles(ctx, s, formats)
	if err != nil {
		return err
	}
	return publishPlan(ctx, dir, files, force, stdout, stderr, func() error { return reports.WriteSensitivitySummary(stdout, s) })
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

// sensitivityPart is one shard of a sensitivity: the effects of its
// fields, for kmssim merge.
type sensitivityPart struct {
	Version     int                 `json:"kmssim_sensitivity_part"`
	Name        string              `json:"scenario"`
	Fingerprint string              `json:"fingerprint"`
	Origin      *batch.Origin       `json:"origin"`
	Args        sensitivityArgs     `json:"args"`
	Shard       batch.Shard         `json:"shard"`
	Total       int                 `json:"fields_total"`
	Result      *sensitivity.Result `json:"result"`
}

// sensitivityPartVersion is the version of the part format.
const sensitivityPartVersion = 1

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

// mergeSensitivity merges the shards of a sensitivity into the outputs
// of one: the parts must be of the same scenario and flags, each shard
// once, and each must hold exactly its shard's fields as planned anew
// from the flags it records.
func mergeSensitivity(ctx context.Context, files []string, read *scenarios.Options, out string, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	var parts []*sensitivityPart
	for _, f := range files {
		var p sensitivityPart
		if err := decodePart(f, &p); err != nil {
			return err
		}
		if p.Version != sensitivityPartVersion || p.Origin == nil || p.Result == nil {
			return fmt.Errorf("%s: sensitivity part format %d, want %d (written by another version of kmssim?)", f, p.Version, sensitivityPartVersion)
		}
		parts = append(parts, &p)
	}
	first := parts[0]
	scn, err := rebuildPart(files[0], first.Origin, first.Fingerprint, read)
	if err != nil {
		return err
	}
	job, err := planSensitivity(scn, first.Args)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	have := make([]bool, max(first.Shard.Count, 1))
	merged := *first.Result
	merged.Effects = nil
	seen := map[string]bool{}
	for i, p := range parts {
		switch {
		case p.Fingerprint != first.Fingerprint || !slices.Equal(p.Args.Vary, first.Args.Vary) || p.Args.Spread != first.Args.Spread ||
			p.Args.Outcome != first.Args.Outcome || !slices.Equal(p.Origin.Set, first.Origin.Set) || p.Result.Baseline != first.Result.Baseline:
			return fmt.Errorf("%s is of another sensitivity than %s: the scenario or a flag differs", files[i], files[0])
		case p.Shard.Count != first.Shard.Count || p.Shard.Count < 1 || p.Shard.Index < 0 || p.Shard.Index >= p.Shard.Count:
			return fmt.Errorf("%s is shard %s, %s shard %s: all parts must split the fields in as many shards", files[i], p.Shard, files[0], first.Shard)
		case have[p.Shard.Index]:
			return fmt.Errorf("shard %s is given twice", p.Shard)
		}
		have[p.Shard.Index] = true
		for _, e := range p.Result.Effects {
			k := slices.Index(job.vars, e.Variation)
			if k < 0 || !p.Shard.Has(k) || seen[e.Path] {
				return fmt.Errorf("%s: refused: %s is not one of shard %s's fields", files[i], e.Path, p.Shard)
			}
			seen[e.Path] = true
			merged.Effects = append(merged.Effects, e)
		}
	}
	for i, ok := range have {
		if !ok {
			return fmt.Errorf("shard %s is missing", batch.Shard{Index: i, Count: first.Shard.Count})
		}
	}
	if len(merged.Effects) != len(job.vars) {
		return fmt.Errorf("the parts hold %d of the %d fields", len(merged.Effects), len(job.vars))
	}
	// The order of one run: by the size of the change, ties in the order
	// of the fields.
	slices.SortStableFunc(merged.Effects, func(a, b sensitivity.Effect) int {
		return slices.Index(job.vars, a.Variation) - slices.Index(job.vars, b.Variation)
	})
	sensitivity.Rank(merged.Effects)
	if out == "" {
		out = filepath.Join("out", scn.FolderName()+"-sensitivity")
	}
	return writeSensitivity(ctx, out, &reports.Sensitivity{Scenario: scn, Result: &merged}, formats, force, stdout, stderr)
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
func rebuildPart(name string, o *batch.Origin, fingerprint string, read *scenarios.Options) (*scenarios.Scenario, error) {
	scn, err := fromOrigin(o, read)
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario the part ran: %w", name, err)
	}
	if got := batch.Fingerprint(scn); got != fingerprint {
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

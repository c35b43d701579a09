package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
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
	fs := newFlagSet("sensitivity", "sensitivity [flags] [scenario.yaml | built-in name]", stdout, stderr)
	read := readFlags(fs)
	var st settings
	st.register(fs, false)
	var a sensitivityArgs
	var vary varyFlag
	fs.Var(&vary, "vary", "a field to vary, PATH=LOW,HIGH (repeatable; default: every numeric field the plan chooses, -spread around its value)")
	fs.Float64Var(&a.Spread, "spread", 0.2, "without -vary: how far below and above its value each field goes, as a share (0.2: ±20%)")
	fs.StringVar(&a.Outcome, "outcome", "", "what to measure: all (the probability every expectation holds; the default), expect[N], below (the day a count first falls below its threshold) or lapsed (clients not licensed at the end)")
	shardArg := fs.String("shard", "", "run only shard i of n of the fields, written i/n, and write a partial result for kmssim merge")
	var out outputFlags
	out.register(fs, "output directory (default out/SCENARIO-NAME-sensitivity); with -shard, the partial result file")
	parallel := fs.Int("parallel", 0, "runs to simulate at once (0: one per core)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("sensitivity", pos)
	if err != nil {
		return err
	}
	if err := out.parse(); err != nil {
		return err
	}
	formats := out.formats
	a.Vary = vary
	shard, err := parseShardFlag(*shardArg)
	if err != nil {
		return err
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
		return &usageError{msg: fmt.Sprintf("-shard %s: %d shards of %s", *shardArg, shard.Count, words.Plural(len(job.vars), "field"))}
	}
	res, err := sensitivity.Run(ctx, scn.Scenario(), job.vars, job.outcome, sensitivity.Options{Parallel: *parallel, Keep: shard.Has})
	if err != nil {
		return err
	}
	if shard.Count == 0 {
		dir := out.dir
		if dir == "" {
			dir = filepath.Join("out", scn.FolderName()+"-sensitivity")
		}
		return writeSensitivity(ctx, dir, &reports.Sensitivity{Scenario: scn.Scenario(), Result: res}, formats, out.force, stdout, stderr)
	}
	part := sensitivityPart{Version: sensitivityPartVersion, planHead: newPlanHead(scn, st.origin(scn), shard, len(job.vars)), Args: a, Result: res}
	path := out.dir
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
func planSensitivity(scn *scenarios.Valid, a sensitivityArgs) (*sensitivityJob, error) {
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
		if j.vars, err = sensitivity.Candidates(scn.Scenario(), a.Spread); err != nil {
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

// sensitivityPart is one shard of a sensitivity: the effects of its
// fields, for kmssim merge.
type sensitivityPart struct {
	Version int `json:"kmssim_sensitivity_part"`
	planHead
	Args   sensitivityArgs     `json:"args"`
	Result *sensitivity.Result `json:"result"`
}

func (p *sensitivityPart) check() (version int, ok bool) {
	return p.Version, p.Version == sensitivityPartVersion && p.Result != nil
}

// sensitivityPartVersion is the version of the part format.
const sensitivityPartVersion = 1

// mergeSensitivity merges the shards of a sensitivity into the outputs
// of one: the parts must be of the same scenario and flags, each shard
// once, and each must hold exactly its shard's fields as planned anew
// from the flags it records.
func mergeSensitivity(ctx context.Context, files []string, read *scenarios.Options, out string, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	parts, scn, err := readPlanParts[sensitivityPart](files, read, "sensitivity")
	if err != nil {
		return err
	}
	first := parts[0]
	job, err := planSensitivity(scn, first.Args)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	merged := *first.Result
	merged.Effects = nil
	seen := map[string]bool{}
	for i, p := range parts {
		if !slices.Equal(p.Args.Vary, first.Args.Vary) || p.Args.Spread != first.Args.Spread ||
			p.Args.Outcome != first.Args.Outcome || p.Result.Baseline != first.Result.Baseline || p.Total != len(job.vars) {
			return fmt.Errorf("%s is of another sensitivity than %s: a flag differs", files[i], files[0])
		}
		for _, e := range p.Result.Effects {
			k := slices.Index(job.vars, e.Variation)
			if k < 0 || !p.Shard.Has(k) || seen[e.Path] {
				return fmt.Errorf("%s: refused: %s is not one of shard %s's fields", files[i], e.Path, p.Shard)
			}
			seen[e.Path] = true
			merged.Effects = append(merged.Effects, e)
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
	return writeSensitivity(ctx, out, &reports.Sensitivity{Scenario: scn.Scenario(), Result: &merged}, formats, force, stdout, stderr)
}

package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/seek"
)

// seekFlags are the flags of kmssim seek.
type seekFlags struct {
	st       settings
	p        float64
	lo, hi   string
	step     string
	smallest bool
	maxReps  int
	rule     string
	over     string
	budget   int
	shard    string
	parallel int
	show     progressFlag
}

func seekCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seek", "seek [flags] PATH [scenario.yaml | built-in name]", stdout, stderr)
	read := readFlags(fs)
	var f seekFlags
	fs.Var(&f.st.seed, "seed", "random seed (default: the scenario's seed); every probe runs the replications' seeds derived from it")
	fs.Var(&f.st.set, "set", "set a numeric field first, such as -set fleet.laptops.count=20 (repeatable, one value each)")
	fs.Float64Var(&f.p, "p", seek.DefaultP, "the probability every expectation must hold with, judged by the lower end of its 95% interval: more than 0 and less than 1")
	fs.StringVar(&f.lo, "lo", "", "the lowest value to search, as written in the YAML (default: the lowest the scenario allows)")
	fs.StringVar(&f.hi, "hi", "", "the highest value to search (default: the highest the scenario allows; a count or number at most 4 times its value, or 100 steps beyond)")
	fs.StringVar(&f.step, "step", "", "the resolution: the step between values searched (default 1, 1d for a duration, 0.01 for a number)")
	fs.BoolVar(&f.smallest, "smallest", false, "seek the smallest value that holds: the expectations get harder as PATH falls")
	fs.IntVar(&f.maxReps, "max-replications", seek.DefaultMaxReplications, "the most replications a probe runs")
	fs.StringVar(&f.rule, "rule", "settled", "when a probe stops: settled (once the verdict after -max-replications cannot change: a sweep's verdict) or interval (once the 95% interval lies on one side of -p: fewer runs)")
	fs.StringVar(&f.over, "over", "", "a frontier: seek PATH at each value of another path, OVER=V1,V2,… or OVER=FROM..TO/STEP")
	fs.IntVar(&f.budget, "budget", 0, "with -over: the most runs of all its searches together; once spent, the searches left are reported as not searched (0: no limit)")
	fs.StringVar(&f.shard, "shard", "", "with -over: run only shard i of n of its values, written i/n, and write a partial result for kmssim merge")
	var out outputFlags
	out.register(fs, "output directory (default out/SCENARIO-NAME-seek); with -shard, the partial result file (default out/SCENARIO-NAME-seek-parts/part-I-of-N.json)")
	fs.IntVar(&f.parallel, "parallel", 0, "runs to simulate at once (0: one per core)")
	f.show = "auto"
	fs.Var(&f.show, "progress", "show each probe on stderr: auto (on a terminal), always or never")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return &usageError{msg: "seek needs the path to seek: kmssim seek PATH [scenario] (kmssim paths lists them)"}
	}
	name, err := oneScenario("seek", pos[1:])
	if err != nil {
		return err
	}
	if err := out.parse(); err != nil {
		return err
	}
	formats := out.formats
	scn, err := loadScenario(name, read)
	if err != nil {
		return err
	}
	job, err := planSeek(scn, pos[0], &f)
	if err != nil {
		return err
	}
	if job.shard.Count > 0 {
		part, err := job.run(ctx, stderr)
		if err != nil {
			return err
		}
		path := out.dir
		if path == "" {
			path = filepath.Join("out", scn.FolderName()+"-seek-parts", fmt.Sprintf("part-%d-of-%d.json", job.shard.Index, job.shard.Count))
		}
		return writeSeekPart(path, part, stdout)
	}
	part, err := job.run(ctx, stderr)
	if err != nil {
		return err
	}
	dir := out.dir
	if dir == "" {
		dir = filepath.Join("out", scn.FolderName()+"-seek")
	}
	return writeSeek(ctx, dir, job.report(part.Searches), formats, out.force, stdout, stderr)
}

// seekJob is a seek checked and ready to run: every search's scenario
// and grid, made before anything runs, so that wrong input fails at
// once.
type seekJob struct {
	scn      *scenarios.Valid // the scenario with the settings applied
	origin   *batch.Origin
	path     string
	kind     scenarios.NumberKind
	over     string
	overKind scenarios.NumberKind
	tasks    []seekTask
	opts     seek.Options
	shard    batch.Shard
	parallel int
	show     progressFlag
	args     seekArgs
}

// seekTask is one search: at one value of -over, or the only one.
type seekTask struct {
	overValue string
	scn       *scenarios.Valid
	grid      seek.Grid
}

// seekArgs are the flags that shape a seek's result, recorded in its
// parts so that merge checks they agree.
type seekArgs struct {
	Path     string  `json:"path"`
	P        float64 `json:"p"`
	Lo       string  `json:"lo,omitempty"`
	Hi       string  `json:"hi,omitempty"`
	Step     string  `json:"step,omitempty"`
	Smallest bool    `json:"smallest,omitempty"`
	MaxReps  int     `json:"max_replications"`
	Rule     string  `json:"rule"`
	Over     string  `json:"over,omitempty"`
	Budget   int     `json:"budget,omitempty"`
}

// planSeek checks everything a seek of path in scn needs, in the order a
// user would fix it, and returns the job.
func planSeek(scn *scenarios.Valid, path string, f *seekFlags) (*seekJob, error) {
	for _, set := range f.st.set {
		if p, err := scenarios.ParseParameter(set); err == nil && len(p.Values) > 1 {
			return nil, &usageError{msg: fmt.Sprintf("-set %s: seek varies one field, PATH; -set takes one value here (-over varies a second)", set)}
		}
	}
	if err := f.st.apply(scn); err != nil {
		return nil, err
	}
	if len(scn.Expect) == 0 {
		return nil, fmt.Errorf("%s has no expectations: seek looks for the value at which they hold; add expect: to the scenario", scn.Name)
	}
	if !(f.p > 0 && f.p < 1) {
		return nil, &usageError{msg: fmt.Sprintf("-p %v: want more than 0 and less than 1, such as 0.95", f.p)}
	}
	if f.maxReps < 1 || f.maxReps > scenarios.MaxReplications {
		return nil, &usageError{msg: fmt.Sprintf("-max-replications %d: want 1 to %d", f.maxReps, scenarios.MaxReplications)}
	}
	rule, err := seek.ParseRule(f.rule)
	if err != nil {
		return nil, &usageError{msg: "-rule: " + err.Error()}
	}
	kind, err := scn.Kind(path)
	if err != nil {
		return nil, &usageError{msg: "seek " + err.Error()}
	}
	j := &seekJob{scn: scn, origin: f.st.origin(scn), path: path, kind: kind, parallel: f.parallel, show: f.show,
		opts: seek.Options{P: f.p, MaxReplications: f.maxReps, Rule: rule, Smallest: f.smallest, Expectations: len(scn.Expect)},
		args: seekArgs{Path: path, P: f.p, Lo: f.lo, Hi: f.hi, Step: f.step, Smallest: f.smallest, MaxReps: f.maxReps, Rule: rule.String(), Over: f.over, Budget: f.budget}}
	overs := []scenarios.Value{""}
	if f.over != "" {
		p, err := scenarios.ParseParameter(f.over)
		if err != nil {
			return nil, &usageError{msg: "-over " + err.Error()}
		}
		if p.Path == path {
			return nil, &usageError{msg: fmt.Sprintf("-over %s: a frontier varies another path than the one sought", f.over)}
		}
		if j.overKind, err = scn.Kind(p.Path); err != nil {
			return nil, &usageError{msg: "-over " + err.Error()}
		}
		j.over, overs = p.Path, p.Values
	}
	switch {
	case f.budget < 0:
		return nil, &usageError{msg: fmt.Sprintf("-budget %d: want a number of runs, or 0 for no limit", f.budget)}
	case f.budget > 0 && (f.over == "" || f.shard != ""):
		return nil, &usageError{msg: "-budget shares runs among the searches of a frontier (-over) on one machine; without -over, -max-replications bounds a seek, and shards cannot share one budget"}
	}
	if f.shard != "" {
		if f.over == "" {
			return nil, &usageError{msg: "-shard splits the values of -over: a single seek is a chain of probes, each decided by the one before, and runs on one machine"}
		}
		if j.shard, err = parseShardFlag(f.shard); err != nil {
			return nil, err
		}
		if j.shard.Count > len(overs) {
			return nil, &usageError{msg: fmt.Sprintf("-shard %s: %d shards of %s", f.shard, j.shard.Count, words.Plural(len(overs), "value"))}
		}
	}
	for _, v := range overs {
		t := seekTask{overValue: string(v), scn: scn}
		if v != "" {
			if t.scn, err = seek.At(scn.Scenario(), j.over, string(v)); err != nil {
				return nil, fmt.Errorf("-over: %w", err)
			}
		}
		if t.grid, err = seekGrid(t.scn, path, kind, f); err != nil {
			if v != "" {
				return nil, fmt.Errorf("at %s=%s: %w", j.over, v, err)
			}
			return nil, err
		}
		j.tasks = append(j.tasks, t)
	}
	return j, nil
}

// seekGrid returns the values to search: from -lo to -hi in steps of
// -step, each end by default the end of the values the scenario allows
// (a count or number no further than 4 times its value, or 100 steps,
// from it: its range may run to millions).
func seekGrid(scn *scenarios.Valid, path string, kind scenarios.NumberKind, f *seekFlags) (seek.Grid, error) {
	step, err := seekStep(kind, f.step)
	if err != nil {
		return seek.Grid{}, &usageError{msg: "-step " + err.Error()}
	}
	parse := func(flag, s string) (float64, error) {
		x, err := kind.Parse(s)
		if err != nil {
			return 0, &usageError{msg: fmt.Sprintf("-%s %s: %s holds %s: %v", flag, s, path, kind, err)}
		}
		return x, nil
	}
	cur, err := scn.Get(path)
	if err != nil {
		return seek.Grid{}, err
	}
	var from float64
	switch {
	case cur != "":
		from, err = kind.Parse(cur)
	case f.lo != "":
		from, err = parse("lo", f.lo)
	default:
		return seek.Grid{}, &usageError{msg: fmt.Sprintf("%s is not set in %s: give -lo and -hi", path, scn.Name)}
	}
	if err != nil {
		return seek.Grid{}, err
	}
	rlo, rhi, err := seek.Range(scn.Scenario(), path, kind, from, step)
	if err != nil {
		return seek.Grid{}, fmt.Errorf("-lo %s: %w", f.lo, err)
	}
	if kind != scenarios.Span {
		reach := max(3*math.Abs(from), 100*step)
		rlo, rhi = max(rlo, from-reach), min(rhi, from+reach)
	}
	g := seek.Grid{Lo: rlo, Hi: rhi, Step: step}
	for _, b := range []struct {
		flag, value string
		end         *float64
	}{{"lo", f.lo, &g.Lo}, {"hi", f.hi, &g.Hi}} {
		if b.value == "" {
			continue
		}
		x, err := parse(b.flag, b.value)
		if err != nil {
			return g, err
		}
		if _, err := seek.At(scn.Scenario(), path, kind.Format(x)); err != nil {
			return g, &usageError{msg: fmt.Sprintf("-%s %s: outside the range of %s in %s, %s to %s (%v)", b.flag, b.value, path, scn.Name, kind.Format(rlo), kind.Format(rhi), err)}
		}
		*b.end = x
	}
	if g.Hi < g.Lo {
		return g, &usageError{msg: fmt.Sprintf("-lo %s is above -hi %s", kind.Format(g.Lo), kind.Format(g.Hi))}
	}
	return g, nil
}

// seekStep reads -step for a path of kind k, or gives its default.
func seekStep(k scenarios.NumberKind, s string) (float64, error) {
	if s == "" {
		switch k {
		case scenarios.Span:
			return float64(scenarios.Day), nil
		case scenarios.Real:
			return 0.01, nil
		}
		return 1, nil
	}
	x, err := k.Parse(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s: want %s: %w", s, k, err)
	case !(x > 0):
		return 0, fmt.Errorf("%s: want a step above 0", s)
	}
	return x, nil
}

// seekPart is the result of a seek, or of one shard of a frontier: what
// kmssim merge combines.
type seekPart struct {
	Version int `json:"kmssim_seek_part"`
	planHead
	Args     seekArgs     `json:"args"`
	Searches []partSearch `json:"searches"`
}

func (p *seekPart) check() (version int, ok bool) { return p.Version, p.Version == seekPartVersion }

// partSearch is one search of a part, with its place among all.
type partSearch struct {
	Index     int          `json:"index"`
	OverValue string       `json:"over_value,omitempty"`
	Grid      seek.Grid    `json:"grid"`
	Result    *seek.Result `json:"result"`
}

// seekPartVersion is the version of the part format; merge refuses others.
const seekPartVersion = 1

// run runs the job's searches (those of its shard), one after another:
// each search is a chain of probes, and a probe's runs use every core.
func (j *seekJob) run(ctx context.Context, stderr io.Writer) (*seekPart, error) {
	part := &seekPart{Version: seekPartVersion, planHead: newPlanHead(j.scn, j.origin, j.shard, len(j.tasks)), Args: j.args}
	show := j.show.on(stderr)
	spent := 0
	for i, t := range j.tasks {
		if !j.shard.Has(i) {
			continue
		}
		if j.args.Budget > 0 && spent >= j.args.Budget {
			// Searches are whole: one that has begun ends, so the budget
			// can be passed by at most one search's runs.
			part.Searches = append(part.Searches, partSearch{Index: i, OverValue: t.overValue, Grid: t.grid, Result: &seek.Result{Outcome: seek.NotSearched, Expectation: -1}})
			continue
		}
		runs, err := seek.NewRuns(t.scn.Scenario(), j.path, j.opts.MaxReplications, j.parallel)
		if err != nil {
			return nil, err
		}
		o := j.opts
		o.Grid = t.grid
		if show {
			o.Progress = func(p seek.Probe) {
				verdict := "holds"
				if !p.Pass {
					verdict = "fails"
				}
				at := ""
				if t.overValue != "" {
					at = j.over + "=" + t.overValue + ": "
				}
				fmt.Fprintf(stderr, "%s%s=%s %s (%s)\n", at, j.path, j.kind.Format(p.Value), verdict, words.Plural(p.Runs, "run"))
			}
		}
		res, err := seek.Search(ctx, runs, o)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%w: nothing written", context.Cause(ctx))
			}
			return nil, err
		}
		spent += res.Runs
		part.Searches = append(part.Searches, partSearch{Index: i, OverValue: t.overValue, Grid: t.grid, Result: res})
	}
	return part, nil
}

// report gathers searches for the outputs.
func (j *seekJob) report(searches []partSearch) *reports.Seek {
	s := &reports.Seek{Scenario: j.scn.Scenario(), Path: j.path, Kind: j.kind, Smallest: j.opts.Smallest, P: j.opts.P, Rule: j.opts.Rule,
		MaxReplications: j.opts.MaxReplications, Over: j.over, OverKind: j.overKind, Seeds: batch.Seeds(j.scn.Seed, j.opts.MaxReplications)}
	for i := range j.scn.Expect {
		e := &j.scn.Expect[i]
		s.Expectations = append(s.Expectations, cmp.Or(e.Name, sim.Describe(j.scn.Scenario(), e)))
	}
	for _, ps := range searches {
		s.Searches = append(s.Searches, reports.SeekSearch{OverValue: ps.OverValue, Grid: ps.Grid, Result: ps.Result})
	}
	return s
}

// writeSeek writes a seek's outputs into dir and its findings to stdout.
func writeSeek(ctx context.Context, dir string, s *reports.Seek, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	files, err := reports.WriteSeekFiles(ctx, dir, s, formats)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	paths, err := reports.Publish(ctx, dir, files, force)
	if err != nil {
		return unchanged(err, dir)
	}
	if err := reports.WriteSeekSummary(stdout, s); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	return nil
}

// writeSeekPart writes a shard's part to path.
func writeSeekPart(path string, part *seekPart, stdout io.Writer) error {
	if err := writePartFile(path, part); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote shard %s (%d of %d searches) to %s\n", part.Shard, len(part.Searches), part.Total, path)
	return nil
}

// mergeSeek merges the parts of a frontier (seek -over -shard) into the
// outputs a single seek writes. The parts must be of one seek: the same
// scenario (fingerprint), flags and number of shards, each shard once.
// The scenario is rebuilt from the part, as merge does for a sweep, and
// the job planned anew from the flags the part records: a part chooses
// nothing but what a user could have typed.
func mergeSeek(ctx context.Context, files []string, read *scenarios.Options, out string, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	parts, scn, err := readPlanParts[seekPart](files, read, "seek")
	if err != nil {
		return err
	}
	a := parts[0].Args
	f := seekFlags{p: a.P, lo: a.Lo, hi: a.Hi, step: a.Step, smallest: a.Smallest, maxReps: a.MaxReps, rule: a.Rule, over: a.Over, budget: a.Budget}
	// The settings are applied already (fromOrigin).
	job, err := planSeek(scn, a.Path, &f)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	seen := map[int]bool{}
	var searches []partSearch
	for i, p := range parts {
		if p.Args != a || p.Total != len(job.tasks) {
			return fmt.Errorf("%s is of another seek than %s: a flag differs", files[i], files[0])
		}
		for _, s := range p.Searches {
			if s.Index < 0 || s.Index >= len(job.tasks) || !p.Shard.Has(s.Index) || s.Result == nil || seen[s.Index] ||
				s.OverValue != job.tasks[s.Index].overValue || s.Grid != job.tasks[s.Index].grid {
				return fmt.Errorf("%s: refused: search %d is not one of shard %s of this frontier", files[i], s.Index, p.Shard)
			}
			seen[s.Index] = true
			searches = append(searches, s)
		}
	}
	slices.SortFunc(searches, func(a, b partSearch) int { return a.Index - b.Index })
	if len(searches) != len(job.tasks) {
		return fmt.Errorf("the parts hold %d of the %d searches", len(searches), len(job.tasks))
	}
	if out == "" {
		out = filepath.Join("out", scn.FolderName()+"-seek")
	}
	return writeSeek(ctx, out, job.report(searches), formats, force, stdout, stderr)
}

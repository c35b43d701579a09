package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
)

// side is one plan of a comparison as the command line names it: a
// scenario (a file or a built-in name) or the output folder of kmssim
// run.
type side struct {
	arg     string
	scn     *scenarios.Valid // nil for a folder
	plan    *compare.Plan
	verdict reports.PlanVerdict
	from    string
}

func compareCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare", "compare [flags] A [B]  (A, B: a scenario file, a built-in name or a folder kmssim run wrote; B defaults to A)", stdout, stderr)
	var sf scenarioFlags
	var out outputFlags
	sf.register(fs, false)
	fs.Lookup("set").Usage = "set a numeric field of B only, such as -set fleet.laptops.count=6 (repeatable): the what-if to compare with A"
	out.register(fs, "output directory (default out/compare-A-vs-B, each named as kmssim run names its folder)")
	parallel := fs.Int("parallel", 0, "runs to simulate at once (0: one per core)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || len(pos) > 2 {
		got := "none"
		if len(pos) > 0 {
			got = fmt.Sprintf("%d: %s", len(pos), strings.Join(pos, " "))
		}
		return &usageError{msg: fmt.Sprintf("compare takes A and, optionally, B (default: A with -set), got %s", got)}
	}
	if err := out.parse(); err != nil {
		return err
	}
	a, b, notes, err := compareSides(pos, &sf, stderr)
	if err != nil {
		return err
	}
	dir := out.dirOr(filepath.Join("out", "compare-"+a.plan.Name+"-vs-"+b.plan.Name))
	if err := writableDir("-out", dir); err != nil {
		return err
	}
	for _, s := range []*side{a, b} {
		if err := simulateSide(ctx, s, &sf.limits, *parallel); err != nil {
			return unchanged(err, dir)
		}
	}
	res, err := compare.Compare(a.plan, b.plan)
	if err != nil {
		return err
	}
	c := &reports.Comparison{Result: res, VerdictA: a.verdict, VerdictB: b.verdict, FromA: a.from, FromB: b.from, Notes: notes, Model: modelOf(a, b)}
	files, err := reports.WriteCompareFiles(ctx, c, out.formats)
	if err != nil {
		return unchanged(err, dir)
	}
	return publishPlan(ctx, dir, files, out.force, stdout, stderr, func() error { return reports.WriteCompareSummary(stdout, c) })
}

// compareSides reads A and B as the command line names them, and gives
// the scenarios the seeds of the other side (common random numbers):
// B runs with A's seed and replications; a scenario compared with a
// folder, with the folder's seed. The notes say where a side's own
// seed was replaced.
func compareSides(pos []string, sf *scenarioFlags, stderr io.Writer) (a, b *side, notes []string, err error) {
	setB := sf.set
	sf.set = nil // -set is B's alone
	if a, err = readSide(pos[0], sf, stderr); err != nil {
		return nil, nil, nil, err
	}
	nameB := pos[len(pos)-1]
	only := scenarioFlags{read: sf.read, settings: settings{set: setB}}
	if b, err = readSide(nameB, &only, stderr); err != nil {
		return nil, nil, nil, err
	}
	if b.scn == nil && len(setB) > 0 {
		return nil, nil, nil, &usageError{msg: fmt.Sprintf("-set changes B, but B, %s, is the outputs of a run: give B as a scenario", nameB)}
	}
	if len(setB) > 0 {
		b.from += ", -set " + strings.Join(setB, ", -set ")
	}
	if a.scn == nil && (sf.seed.set || sf.replications.set) {
		return nil, nil, nil, &usageError{msg: fmt.Sprintf("-seed and -replications change A, but A, %s, is the outputs of a run, which holds one run and its seed", pos[0])}
	}
	lead, follow := a, b
	if a.scn != nil && b.scn == nil {
		lead, follow = b, a
		if a.scn.Replications > 1 {
			return nil, nil, nil, &usageError{msg: fmt.Sprintf("B, %s, is the outputs of one run: compare A with it in one run, without -replications", nameB)}
		}
	}
	if follow.scn != nil {
		seed, reps := uint64(0), 1
		if lead.scn != nil {
			seed, reps = lead.scn.Seed, max(lead.scn.Replications, 1)
		} else {
			seed, reps = lead.plan.Seeds[0], len(lead.plan.Seeds)
		}
		if follow.scn.Seed != seed {
			notes = append(notes, fmt.Sprintf("%s ran with the seed of %s, %d, not its own, %d, so that both meet the same chance (common random numbers).",
				sideName(follow == a), sideName(follow != a), seed, follow.scn.Seed))
		}
		follow.scn.Seed, follow.scn.Replications = seed, reps
	}
	return a, b, notes, nil
}

// sideName is "A" or "B".
func sideName(isA bool) string {
	if isA {
		return "A"
	}
	return "B"
}

// readSide reads one side: the outputs in a folder that kmssim run wrote,
// or a scenario with the settings of sf.
func readSide(name string, sf *scenarioFlags, stderr io.Writer) (*side, error) {
	if info, err := os.Stat(name); err == nil && info.IsDir() {
		p, v, err := reports.ReadRunFolder(name)
		if err != nil {
			return nil, err
		}
		return &side{arg: name, plan: p, verdict: v, from: "the outputs of kmssim run in " + name}, nil
	}
	scn, err := sf.load(name, stderr)
	if err != nil {
		return nil, err
	}
	if len(scn.Sweep) > 0 {
		fmt.Fprintf(stderr, "kmssim: %s has a sweep, which kmssim sweep runs; comparing the scenario as written\n", scn.Name)
		scn.Sweep = nil
	}
	from := "scenario " + name
	if _, err := os.Stat(name); err != nil {
		from = "built-in scenario"
	}
	return &side{arg: name, scn: scn, plan: &compare.Plan{Name: scn.FolderName()}, from: from}, nil
}

// simulateSide runs a scenario side within the limits and judges it; a
// folder's side is read already.
func simulateSide(ctx context.Context, s *side, lim *limits, parallel int) error {
	if s.scn == nil {
		return nil
	}
	opts := batch.Options{Parallel: parallel}
	if _, err := lim.simulation(s.scn, opts); err != nil {
		return err
	}
	p, b, err := compare.Simulate(ctx, s.scn, opts)
	if err != nil {
		return err
	}
	s.plan, s.verdict = p, reports.PlanOf(b)
	return nil
}

// modelOf is the model that names the milestones: a scenario side's, or
// the documented defaults for two folders.
func modelOf(a, b *side) scenarios.Model {
	for _, s := range []*side{a, b} {
		if s.scn != nil {
			return s.scn.Model
		}
	}
	return (&batch.Result{}).Model()
}

// Package compare sets two plans side by side: two scenarios, a scenario
// and a what-if of it, or the outputs of two earlier runs. It runs both
// with the same seeds (common random numbers), so that replication r of
// one plan and replication r of the other meet the same chance, and
// measures the difference replication by replication: when each
// milestone comes (K23: the fall of a count, the first failed renewal,
// the first lapse), how often it comes at all, how many activations
// lapse (K7) and which machines lose theirs in one plan and not the
// other. Over replications each difference has a 95% interval
// (batch.Paired); from one run each it is an exact number.
package compare

import (
	"context"
	"fmt"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// Plan is one side of a comparison: what each of its runs did, and the
// hosts' counts in its first run, for the chart.
type Plan struct {
	// Name names the plan in outputs: the scenario's name, with its
	// what-if ("decommissioning-trap+fleet.laptops.count=6"), or the
	// folder it was read from.
	Name string
	// Seeds are the runs' seeds, one per replication.
	Seeds    []uint64
	Start    scenarios.Date // zero: the scenario has no start date
	Duration engine.Time
	// Runs are what each replication did, in the order of Seeds.
	Runs []Run
	// Times are the sample times of the first run, and Counts its hosts'
	// counts at each (−1 before a host's first request, K14).
	Times  []engine.Time
	Counts []Count
	// Named is whether the plan's machines are named (an imported fleet,
	// machines.csv), so that Run.Lapsed says which machines lapsed.
	Named bool
	// Grouped is whether Run.Groups was recorded (a simulated plan; a
	// folder's outputs do not say which group a lapse was in).
	Grouped bool
}

// Run is what one run of a plan did.
type Run struct {
	// Milestones are the first time of each milestone, ordered by key
	// (batch.CompareKeys), with the site-wide first fall (KindAnyBelow).
	Milestones []batch.Mark
	// Lapses is how many activations lapsed (K7) within the run.
	Lapses int64
	// NotLicensed is how many clients were not licensed at the end.
	NotLicensed int
	// Lapsed are the named machines whose activation lapsed, sorted.
	Lapsed []string
	// Groups are the activations that lapsed in each group, by name.
	Groups map[string]int
}

// Count is one pool's count on one host over a run.
type Count struct {
	Host string
	Pool scenarios.Pool
	// Thresholds are those of the clients that asked the pool (K1).
	Thresholds []int
	Values     []int32
}

// Name is the count's name in outputs: kms1.windows.
func (c Count) Name() string { return c.Host + "." + string(c.Pool) }

// Simulate runs v's replications as one batch (the seeds derived from
// v's seed, as kmssim run's) and returns the plan they make, with the
// batch for the verdict and the other outputs. opts.Observe and
// opts.Series are Simulate's own.
func Simulate(ctx context.Context, v *scenarios.Valid, opts batch.Options) (*Plan, *batch.Result, error) {
	scn := v.Scenario()
	n := max(scn.Replications, 1)
	p := &Plan{Name: scn.FolderName(), Seeds: batch.Seeds(scn.Seed, scn.Replications), Start: scn.Start,
		Duration: engine.Time(scn.Duration), Runs: make([]Run, n), Grouped: true}
	opts.Series = false
	opts.Observe = func(point, rep int, r *sim.Result) {
		if point != 0 {
			return
		}
		p.Runs[rep] = runOf(r)
		if rep == 0 {
			p.Times, p.Counts = countsOf(r)
			p.Named = len(r.Machines) > 0
		}
	}
	b, err := batch.RunContext(ctx, v, opts)
	if err != nil {
		return nil, nil, err
	}
	if !b.Complete {
		return nil, nil, fmt.Errorf("%s: %w", scn.Name, context.Cause(ctx))
	}
	return p, b, nil
}

// runOf keeps what compare needs of one run.
func runOf(r *sim.Result) Run {
	o := batch.ObserveRun(r)
	run := Run{Milestones: o.Milestones, Lapses: r.LapsesInUse(), Groups: map[string]int{}}
	for _, l := range o.NotLicensed {
		run.NotLicensed += l.Clients
	}
	for _, g := range r.Groups {
		for _, t := range g.Transitions {
			// K7: a licensed client whose 180 days ran out falls into
			// the out-of-tolerance grace; that is the lapse Totals count.
			if t.From == sim.Licensed && t.To == sim.OutOfToleranceGrace {
				run.Groups[g.Name]++
			}
		}
	}
	for i := range r.Machines {
		m := &r.Machines[i]
		switch {
		case m.SilentLapse():
			// A machine that asks no more (retired or away): its lapse
			// is none of the plan's, as the verdict says.
			if run.Groups[m.FleetGroup]--; run.Groups[m.FleetGroup] == 0 {
				delete(run.Groups, m.FleetGroup)
			}
		case m.Lapse >= 0:
			run.Lapsed = append(run.Lapsed, m.Name)
		}
	}
	slices.Sort(run.Lapsed)
	return run
}

// countsOf copies the sample times and the hosts' counts of a run, which
// is only lent.
func countsOf(r *sim.Result) ([]engine.Time, []Count) {
	times := slices.Clone(r.Times)
	var counts []Count
	for _, h := range r.Hosts {
		for _, pl := range h.Pools {
			counts = append(counts, Count{Host: h.Name, Pool: pl.Pool, Thresholds: slices.Clone(pl.Thresholds), Values: slices.Clone(pl.Count)})
		}
	}
	return times, counts
}

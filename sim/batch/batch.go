// Package batch runs a scenario many times: replications with seeds
// derived from the scenario's, and the points of a sweep, on all cores. It
// keeps what each run observed (milestone times, clients not licensed at
// the end, whether each expectation held, and optionally the time series)
// and summarizes them as distributions: medians and percentiles, confidence
// intervals and probabilities.
//
// A batch's outputs do not depend on how many cores ran it or in which
// order its runs finished: every run has its place, fixed before it starts.
package batch

import (
	"cmp"
	"context"
	"fmt"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Options tune a batch.
type Options struct {
	// Parallel is how many runs go at once; 0 means GOMAXPROCS. The result
	// does not depend on it.
	Parallel int
	// Shard, when set, runs only its slice of the sweep's points.
	Shard Shard
	// Series keeps every run's time series, for the bands of Result.Bands
	// (a batch of one point). A sweep does not keep them.
	Series bool
	// Progress, if set, is called after each run with the number of runs
	// finished and the number in the batch, from one goroutine at a time.
	Progress func(done, total int)
	// RunProgress, if set, is advanced within the run of a batch of one
	// run (a single run), whose Progress would only say 0 and then 1.
	RunProgress *sim.Progress
	// Observe, if set, is called after each run with its point, its
	// replication and its whole result, from the goroutine that ran it:
	// for what a caller keeps of every run beyond its Observation (kmssim
	// compare keeps each run's lapses and which machines lapsed). The
	// result is lent for the call only; Observe copies what it keeps.
	Observe func(point, rep int, r *sim.Result)
}

// Result is what a batch observed, point by point.
type Result struct {
	// Scenario is the scenario the batch ran (a sweep's, before its points'
	// values), which describes the batch to its outputs; nil in a result
	// read from a part until the caller rebuilds it.
	Scenario *scenarios.Scenario `json:"-"`

	Name string `json:"scenario"`
	// Fingerprint identifies the scenario a batch ran (after any -set), so
	// that only parts of the same batch are merged.
	Fingerprint string                `json:"fingerprint"`
	Seeds       []uint64              `json:"seeds"` // one per replication, the same for every point
	Parameters  []scenarios.Parameter `json:"parameters,omitempty"`
	// Total is the number of points of the whole sweep; Points holds those
	// that ran to the end, in order.
	Total  int     `json:"points_total"`
	Points []Point `json:"points"`
	// Shard is the slice of the points this result covers; zero for all.
	Shard Shard `json:"shard"`
	// Complete is false when the batch was stopped before its last point.
	Complete bool `json:"complete"`
	// Expectations are the names of the scenario's expectations, in order.
	Expectations []string `json:"expectations,omitempty"`
	// Origin, if set by the caller, says how the scenario was made, so
	// that the parts of a sharded sweep carry what merging them needs.
	Origin *Origin `json:"origin,omitempty"`

	// First is the whole result of the first replication of the first
	// point, which uses the scenario's own seed: what kmssim run shows for
	// one run. Kept when Options.Series is set.
	First *sim.Result `json:"-"`
	// Bands summarizes the series of every replication of the first point
	// at each sample time. Kept when Options.Series is set.
	Bands *Bands `json:"-"`
}

// Origin is how the scenario of a batch was made: the file it was read
// from, its text, and the settings applied to it after parsing, in order.
type Origin struct {
	File         string   `json:"file"`
	Source       string   `json:"source"`
	Seed         *uint64  `json:"seed,omitempty"`
	Replications int      `json:"replications,omitempty"`
	Set          []string `json:"set,omitempty"` // path=values, as for scenarios.ParseParameter
}

// Point is one point of a sweep (the only one of a batch without a sweep)
// and what each of its replications observed.
type Point struct {
	Index        int               `json:"index"`
	Values       []scenarios.Value `json:"values,omitempty"`
	Observations []Observation     `json:"observations"`
	scenario     *scenarios.Valid  // the scenario the point runs, validated by At
}

// Run runs scn's replications at every point of its sweep (or of the
// shard's slice of it) and returns what they observed. scn must be valid
// (Parse validates); Run returns the validation error otherwise.
func Run(v *scenarios.Valid, opts Options) (*Result, error) {
	return RunContext(context.Background(), v, opts)
}

// RunContext is Run, stopped when ctx is done: no new run starts, the runs
// under way stop, and the points whose runs all finished are kept in a
// result marked incomplete (Result.Complete is false).
func RunContext(ctx context.Context, v *scenarios.Valid, opts Options) (*Result, error) {
	scn := v.Scenario() // validated by Parse; each point by At
	if err := opts.Shard.check(len(scn.Sweep)); err != nil {
		return nil, err
	}
	all := scn.Points()
	res := &Result{
		Scenario:    scn,
		Name:        scn.Name,
		Fingerprint: Fingerprint(scn),
		Seeds:       Seeds(scn.Seed, scn.Replications),
		Parameters:  scn.Sweep,
		Total:       len(all),
		Shard:       opts.Shard,
		Complete:    true,
	}
	for i, e := range scn.Expect {
		res.Expectations = append(res.Expectations, expectationName(scn, i, e))
	}
	for _, p := range all {
		if !opts.Shard.Has(p.Index) {
			continue
		}
		at, err := scn.At(p)
		if err != nil {
			return nil, err
		}
		res.Points = append(res.Points, Point{
			Index:        p.Index,
			Values:       p.Values,
			Observations: make([]Observation, len(res.Seeds)),
			scenario:     at,
		})
	}
	done, err := runAll(ctx, res, opts)
	if err != nil {
		return nil, err
	}
	// Keep the points whose every run finished; a stopped batch is
	// incomplete.
	kept := res.Points[:0]
	for i, p := range res.Points {
		if done[i] == len(res.Seeds) {
			p.scenario = nil
			kept = append(kept, p)
		} else {
			res.Complete = false
		}
	}
	res.Points = kept
	return res, nil
}

// runAll runs every replication of every point of res on a pool of
// workers, in point order, and returns how many runs of each point
// finished.
func runAll(ctx context.Context, res *Result, opts Options) ([]int, error) {
	total := len(res.Points) * len(res.Seeds)
	workers, inner := Workers(opts.Parallel, total)
	b := &batchRun{ctx: ctx, res: res, opts: opts, inner: inner, total: total, done: make([]int, len(res.Points))}
	if opts.Series && len(res.Points) > 0 && len(res.Seeds) > 1 {
		b.series = make([][][]int32, len(res.Seeds))
	}
	// The first point's first run is kept whole when asked, and always
	// for a batch of one run: it is what kmssim run shows.
	b.keepFirst = opts.Series || len(res.Seeds) == 1
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				b.run(j)
			}
		}()
	}
dispatch:
	for pi := range res.Points {
		for ri := range res.Seeds {
			select {
			case jobs <- job{pi, ri}:
			case <-ctx.Done():
				break dispatch
			}
		}
	}
	close(jobs)
	wg.Wait()
	if b.series != nil && b.done[0] == len(res.Seeds) {
		res.Bands = newBands(res.First, b.series)
	}
	return b.done, b.failed
}

// job is one run of a batch: replication rep of point number point.
type job struct{ point, rep int }

// batchRun is what the workers of a batch share.
type batchRun struct {
	ctx       context.Context
	res       *Result
	opts      Options
	inner     int         // the parallel of each run
	total     int         // runs in the batch
	series    [][][]int32 // per replication of the first point, for its bands; nil for none
	keepFirst bool        // keep the first point's first run whole

	mu       sync.Mutex // guards done, finished, failed, res.First and the progress calls
	done     []int      // per point, its runs finished
	finished int
	failed   error
}

// run runs job j. A run stopped leaves its point unfinished; a run that
// fails too, and its error is the batch's.
func (b *batchRun) run(j job) {
	res := b.res
	p := &res.Points[j.point]
	// The first point's runs keep their series (bands, and the first
	// run's outputs); the others are only observed, and lend their series
	// to the next run.
	keep := j.point == 0 && (b.series != nil || b.keepFirst && j.rep == 0)
	var r *sim.Result
	var err error
	so := sim.Options{Seed: res.Seeds[j.rep], Parallel: b.inner}
	if b.total == 1 {
		so.Progress = b.opts.RunProgress
	}
	if keep {
		r, err = sim.RunContext(b.ctx, p.scenario, so)
	} else {
		err = sim.RunView(b.ctx, p.scenario, so, func(v *sim.Result) {
			p.Observations[j.rep] = observe(v, p.scenario.Scenario())
			if b.opts.Observe != nil {
				b.opts.Observe(j.point, j.rep, v)
			}
		})
	}
	if keep && err == nil && b.opts.Observe != nil && b.ctx.Err() == nil {
		b.opts.Observe(j.point, j.rep, r)
	}
	if b.ctx.Err() != nil {
		return // stopped: the point stays unfinished
	}
	if err != nil {
		// scenarios.At validated the point's scenario, so this cannot
		// happen; if it does, the point stays unfinished and the error is
		// returned.
		b.mu.Lock()
		b.failed = cmp.Or(b.failed, fmt.Errorf("point %d, seed %d: %w", p.Index, res.Seeds[j.rep], err))
		b.mu.Unlock()
		return
	}
	if keep && (b.total > 1 || len(res.Parameters) > 0) {
		// A single run is judged and written from the run itself (Check,
		// First): its observation would only take memory, 10⁴ hosts'
		// marks for bench-1m.
		p.Observations[j.rep] = observe(r, p.scenario.Scenario())
		if b.series != nil {
			b.series[j.rep] = bandSeries(r) // kept, and res.First may be r
		}
	}
	b.mu.Lock()
	if keep && j.rep == 0 {
		res.First = r
	}
	b.done[j.point]++
	b.finished++
	if b.opts.Progress != nil {
		b.opts.Progress(b.finished, b.total)
	}
	b.mu.Unlock()
}

// expectationName is the name of expectation i in outputs: its own, or
// its description.
func expectationName(scn *scenarios.Scenario, i int, e scenarios.Expectation) string {
	if e.Name != "" {
		return e.Name
	}
	return sim.Describe(scn, &e)
}

// Model returns the model the batch's runs followed (K3, K7, K10, K38):
// its scenario's, or the documented defaults for a result that names no
// scenario.
func (r *Result) Model() scenarios.Model {
	if r.Scenario != nil {
		return r.Scenario.Model
	}
	return (&sim.Result{}).Model()
}

// Of returns run res as a batch of one: its scenario, its seed and what
// it observed, with res as First. The outputs of such a batch are those
// of the run (reports.WriteFiles, reports.WriteSummary).
func Of(res *sim.Result) *Result {
	scn := res.Scenario
	b := &Result{
		Scenario: scn, Name: res.Name, Fingerprint: Fingerprint(scn),
		Seeds: []uint64{res.Seed}, Total: 1, Complete: true, First: res,
		Points: []Point{{Observations: []Observation{observe(res, scn)}}},
	}
	for i, e := range scn.Expect {
		b.Expectations = append(b.Expectations, expectationName(scn, i, e))
	}
	return b
}

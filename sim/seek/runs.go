package seek

import (
	"cmp"
	"context"
	"fmt"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// Runs are the Trials of a scenario: each replication runs the scenario
// with the path set to the value probed and judges its expectations. The
// seeds are those of the scenario's batch (batch.Seeds), the same at
// every value: common random numbers, as a sweep's points share them.
// This file is the only one of the package that runs the simulator.
type Runs struct {
	scn      *scenarios.Scenario // without its sweep
	path     string
	kind     scenarios.NumberKind
	seeds    []uint64
	parallel int
	mu       sync.Mutex
	at       map[string]*scenarios.Valid // by value as written
}

// NewRuns returns the Trials of scn with path varied, for up to n
// replications, parallel at once (0: GOMAXPROCS). The scenario's own
// sweep is left out: a seek varies one field.
func NewRuns(scn *scenarios.Scenario, path string, n, parallel int) (*Runs, error) {
	kind, err := scn.Kind(path)
	if err != nil {
		return nil, err
	}
	c := scn.Clone()
	c.Sweep = nil
	return &Runs{scn: c, path: path, kind: kind, seeds: batch.Seeds(c.Seed, n), parallel: parallel,
		at: map[string]*scenarios.Valid{}}, nil
}

// Seeds returns the seeds of the replications, in order.
func (r *Runs) Seeds() []uint64 { return r.seeds }

// At returns the scenario with the path set to x, validated.
func (r *Runs) At(x float64) (*scenarios.Valid, error) {
	v := r.kind.Format(x)
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.at[v]; ok {
		return s, nil
	}
	s, err := At(r.scn, r.path, v)
	if err != nil {
		return nil, err
	}
	r.at[v] = s
	return s, nil
}

// At returns a copy of scn with path set to value and no sweep,
// validated.
func At(scn *scenarios.Scenario, path, value string) (*scenarios.Valid, error) {
	c := scn.Clone()
	c.Sweep = nil
	if err := c.Set(path, value); err != nil {
		return nil, err
	}
	v, err := scenarios.Validated(c)
	if err != nil {
		return nil, fmt.Errorf("at %s=%s: %w", path, value, err)
	}
	return v, nil
}

// Held runs replications from to to−1 at x on a pool of workers; each
// replication's place in the answer is fixed before it starts, so the
// answer does not depend on how many run at once.
func (r *Runs) Held(ctx context.Context, x float64, from, to int) ([][]bool, error) {
	scn, err := r.At(x)
	if err != nil {
		return nil, err
	}
	if from < 0 || to > len(r.seeds) || from > to {
		return nil, fmt.Errorf("seek: replications %d to %d of %d", from, to, len(r.seeds))
	}
	out := make([][]bool, to-from)
	workers, inner := batch.Workers(r.parallel, len(out))
	jobs := make(chan int)
	var mu sync.Mutex
	var failed error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				held := make([]bool, len(scn.Expect))
				err := sim.RunView(ctx, scn, sim.Options{Seed: r.seeds[from+i], Parallel: inner}, func(res *sim.Result) {
					for _, v := range sim.Check(res, scn.Expect) {
						held[v.Index] = v.Pass
					}
				})
				if err != nil {
					mu.Lock()
					failed = cmp.Or(failed, fmt.Errorf("%s=%s, seed %d: %w", r.path, r.kind.Format(x), r.seeds[from+i], err))
					mu.Unlock()
					continue
				}
				out[i] = held
			}
		}()
	}
	for i := range out {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := cmp.Or(context.Cause(ctx), ctx.Err()); err != nil {
		return nil, err
	}
	return out, failed
}

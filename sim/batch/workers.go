package batch

import "runtime"

// Workers returns how many runs to simulate at once for a batch of runs
// runs, given -parallel (0: one per core), and the parallelism each run
// is given (sim.Options.Parallel). A batch of fewer runs than twice its
// workers splits each run over the cores instead (sim simulates the
// independent parts of a scenario at once); either way the result is the
// same.
func Workers(parallel, runs int) (workers, inner int) {
	workers = parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, runs))
	inner = 1
	if runs < workers*2 {
		inner = max(parallel, 0)
	}
	return workers, inner
}

// Package sim is the KMS world on a virtual clock: clients that activate
// and renew, hosts that count them, DNS that connects them, and a fleet that
// changes. Run simulates a scenario and returns its time series and
// milestones.
//
// Each rule of the model cites its id in KMS-FACTS (K1…K41). The engine
// underneath (package engine) only orders events; everything about KMS
// lives here.
package sim

import (
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Options tune a run.
type Options struct {
	// Seed seeds every random choice. Same scenario and seed, same result.
	Seed uint64
	// Trace, if set, is called for every request a client sends, in order.
	// Tracing runs the scenario as one world on one core.
	Trace func(Exchange)
	// Reference runs the scenario the plain way, as one world on the
	// engine's plain heap (engine.NewReference), which the fast way is
	// tested against. The result
	// is the same, byte for byte; only slower.
	Reference bool
	// Parallel is how many independent parts of the scenario run at once;
	// 0 means GOMAXPROCS. The result does not depend on it.
	Parallel int
	// Progress, if set, is advanced as the run goes (see Progress).
	Progress *Progress
}

// Exchange is one request of a client to a host and what came back.
type Exchange struct {
	At       engine.Time
	Client   int    // the client's index, in order of creation
	Group    string // site-qualified group name
	Host     string
	Answered bool
	// Count is the count the host answered with (K10); 0 when it did not
	// answer or could not activate the product (Unsupported).
	Count       int
	Unsupported bool

	// What the request carries (K39): the client's CMID (the world's
	// number for it), product and threshold, and its licence state and
	// the end of that state (-1: none) as it asks.
	CMID      int32
	Product   scenarios.Product
	Threshold int
	State     State
	Deadline  engine.Time
}

// Run simulates the valid scenario v with the given options.
//
// Sites that share no host, domain or pinned host cannot influence each
// other, and each draws from its own random stream, so Run simulates each
// such component of the scenario as a world of its own, on all cores, and
// merges the results in a fixed order: 10,000 branch offices become 10,000
// small simulations whose working sets fit in a processor's cache. The
// result is exactly that of simulating everything as one world
// (Options.Reference), which the tests check.
func Run(v *scenarios.Valid, opts Options) (*Result, error) {
	return RunContext(context.Background(), v, opts)
}

// RunView runs v as RunContext does and lends the result to view. Once
// view returns, the result's series are filled by later runs of as many
// samples instead of being allocated anew: view copies what it keeps and
// keeps no reference to res. It is for batches of many short runs, whose
// garbage would otherwise keep the collector busy and two cores waiting on
// each other in its phases (the library's sweep allocates 19 KB a run this
// way, 167 KB without).
func RunView(ctx context.Context, v *scenarios.Valid, opts Options, view func(res *Result)) error {
	res, err := RunContext(ctx, v, opts)
	if err != nil {
		return err
	}
	view(res)
	recycle(res)
	return nil
}

// RunContext is Run, stopped when ctx is done: it then returns
// context.Cause(ctx) and no result. It looks at ctx between samples, so
// it returns within one sample interval of simulated time.
func RunContext(ctx context.Context, v *scenarios.Valid, opts Options) (*Result, error) {
	scn := v.Scenario() // validated once, by Parse or At: not again per run
	insts := instances(scn)
	duration, sample := engine.Time(scn.Duration), engine.Time(scn.Sample)
	first := newSums(int(numSamples(duration, sample)))
	first.times = sampleTimes(first.times[:0], duration, sample)
	times := first.times
	run := runSpec{scn: scn, opts: opts, times: times}
	if opts.Reference || opts.Trace != nil {
		opts.Progress.start([][]instance{insts}, len(times))
		res := runWorld(ctx, run, insts, nil, first)
		if res == nil {
			return nil, context.Cause(ctx)
		}
		return finish(scn, merge([]*Result{res}, []*sums{first})), nil
	}
	comps := components(scn, insts)
	opts.Progress.start(comps, len(times))
	parts := make([]*Result, len(comps))
	workers := opts.Parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	workerSums := make([]*sums, min(workers, len(comps)))
	for k := range workerSums {
		if workerSums[k] = first; k > 0 {
			workerSums[k] = newSums(len(times))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The calendar of this worker's small worlds, kept for the
			// next run: a batch runs thousands of them, each of which
			// would otherwise allocate one (16 KB and its buckets).
			small := smalls.Get().(*engine.Sim)
			defer smalls.Put(small)
			for i := range next {
				// A large world runs for seconds without blocking. The
				// scheduler preempts it every 10 ms, and another core's
				// idle thread would then take it over, leaving its caches
				// behind. Locked to its thread, it stays where its caches
				// are: a central world of 10⁶ clients took 2.62 s on two
				// cores locked, 2.71 s unlocked (medians of 6). Small
				// worlds are not locked: locking costs more than they run.
				large := worldClients(comps[i]) >= smallWorld
				if large {
					runtime.LockOSThread()
				}
				parts[i] = runWorld(ctx, run, comps[i], small, workerSums[k])
				if large {
					runtime.UnlockOSThread()
				}
			}
		}()
	}
	for i := range comps {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return finish(scn, merge(parts, workerSums)), nil
}

// finish adds to res what belongs to the whole scenario rather than to a
// part of it: the scenario itself, and the marks of its events.
func finish(scn *scenarios.Scenario, res *Result) *Result {
	res.Scenario = scn
	res.AD = scn.AD != nil || slices.ContainsFunc(scn.Sites, func(t scenarios.SiteTemplate) bool { return t.AD != nil })
	for _, m := range scn.Marks() {
		res.Marks = append(res.Marks, Mark{At: engine.Time(m.At), Label: m.Label, Phrase: m.Phrase})
	}
	return res
}

// smallWorld is the number of clients below which a world runs on the
// calendar engine (256 sorted buckets of 68 minutes, in cache) rather than
// the timing wheel (a million one-second buckets, 32 MB): a world of fewer
// clients has its events far apart, and nearly every touch of the wheel
// misses the caches. Measured on bench-1m-central, one core, ns/event:
// 10⁴ clients 80 on the calendar, 220 on the wheel; 10⁵ 65 and 75; 10⁶
// 87 and 71.
const smallWorld = 200_000

// burstyWorld is the number of machines re-imaged on a schedule from which
// a world runs on the wheel whatever its size (see build).
const burstyWorld = 256

// runSpec is what every world of one run shares: the scenario, the
// options and the times of the samples.
type runSpec struct {
	scn   *scenarios.Scenario
	opts  Options
	times []engine.Time
}

// runWorld simulates the site instances insts as one world of run and
// returns its part of the result, sampled at run.times, adding its
// run-wide series into sum. small, if not nil, is an engine to reuse if
// the world is small. It returns nil if ctx is done before the end.
func runWorld(ctx context.Context, run runSpec, insts []instance, small *engine.Sim, sum *sums) *Result {
	scn, opts := run.scn, run.opts
	w := build(scn, opts, insts, small, sum)
	res := &Result{
		Name:        scn.Name,
		Description: scn.Description,
		Seed:        opts.Seed,
		Start:       scn.Start,
		Duration:    engine.Time(scn.Duration),
		Sample:      engine.Time(scn.Sample),
	}
	w.initResult(res)
	done := ctx.Done()
	step := weight(insts)
	for i, t := range run.times {
		select {
		case <-done:
			return nil
		default:
		}
		w.eng.Run(t, w)
		w.sample(res, i)
		if run.opts.Progress != nil {
			run.opts.Progress.done.Add(step)
		}
	}
	w.finish(res)
	if w.pooled {
		wheels.Put(w.eng)
	}
	w.release()
	return res
}

// sampleTimes appends to ts the times of the samples of a run, every
// sample from 0 and the end, and returns the result.
func sampleTimes(ts []engine.Time, duration, sample engine.Time) []engine.Time {
	for t := engine.Time(0); ; t += sample {
		t = min(t, duration)
		ts = append(ts, t)
		if t == duration {
			return ts
		}
	}
}

// wheels keeps the engines of large worlds (timing wheels) for the next
// run: allocating and faulting in a wheel's 32 MB of buckets costs more than
// simulating a year of a few thousand clients, and a batch of replications
// runs one such world after another.
var wheels = sync.Pool{New: func() any { return &engine.Sim{} }}

// smalls keeps the calendars of small worlds for the next run.
var smalls = sync.Pool{New: func() any { return engine.NewSmall() }}

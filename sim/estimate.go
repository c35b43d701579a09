package sim

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"math"
	"runtime"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Estimate is what a run of a scenario will take, estimated before it
// starts, so that a scenario too large for the machine is refused at once
// instead of failing an hour in.
type Estimate struct {
	Clients      int64
	Hosts        int64
	Products     int64 // products in the fleet
	Samples      int64 // samples of the time series
	SeriesValues int64 // samples × the series of every host and product
	Events       int64 // about how many events the engine will run
	// Transitions is about how many changes of state the result keeps
	// (every one, for exact expectations) beyond the few of each machine
	// that a client's cost includes: two per re-imaging of a machine, and
	// those of retirements, replacements and rearms.
	Transitions int64
	Bytes       int64 // about how much memory the run will need at its peak
}

// Limits bounds an Estimate; a zero field is no limit.
type Limits struct {
	MaxBytes        int64
	MaxSeriesValues int64
}

// DefaultMaxSeriesValues is the default bound on Estimate.SeriesValues.
const DefaultMaxSeriesValues = 100_000_000

// Measured on the 10⁶-client benchmarks: a client costs about 180 bytes
// at the peak of a world of a million (its 64-byte record, its queue entry,
// its table slot, its state history sized for
// two transitions, and the lists that order the joins while the world is
// built: bench-1m-central, 1.1 million clients, peaks at 190 to 210 MB);
// the rest is the time series, 4 bytes a value in each
// world's part and 4 more in the merged result, and up to 12 as text in
// series.csv, which is rendered in a growing buffer before it is written
// (20 shops sampled every 5 minutes for a year: 7 million values, 158 MB
// peak RSS). A transition is 16 bytes, doubled by the growth of its slice
// and again by the collector's headroom (a group of 2,000 re-imaged every
// 15 minutes for 60 days: 23 million transitions, 1.3 GB peak RSS).
const (
	bytesPerClient     = 180
	bytesPerValue      = 4 + 4 + 12
	bytesPerTransition = 64
	bytesBase          = 50 << 20
)

// EstimateRun estimates the run of scn, which must be valid.
func EstimateRun(scn *scenarios.Scenario) Estimate {
	var e Estimate
	products := map[scenarios.Product]bool{} // each has a series per state
	end := scn.Duration
	var lifecycle int64 // events of lifecycles and trips
	count := func(s *scenarios.Site, times int64) {
		for _, g := range s.Fleet {
			e.Clients += int64(g.Count) * times
			products[g.Product] = true
			ev, tr := groupChanges(&g, end)
			lifecycle = satAdd(lifecycle, satMul(ev, times))
			e.Transitions = satAdd(e.Transitions, satMul(tr, times))
		}
		for _, ev := range s.Events {
			if ev.Add != nil {
				e.Clients += int64(ev.Add.Count) * times
			}
		}
		for _, h := range s.Hosts {
			e.Hosts += times
			e.SeriesValues += int64(len(h.Keys)+2) * times // pools, requests, answered
		}
	}
	count(&scn.Site, 1)
	for i := range scn.Sites {
		count(&scn.Sites[i].Site, int64(scn.Sites[i].Instances))
	}
	e.Products = int64(len(products))
	e.Samples = numSamples(engine.Time(scn.Duration), engine.Time(scn.Sample))
	e.SeriesValues = (e.SeriesValues + int64(len(products)*NumStates)) * e.Samples
	// A renewal a week, retries, deadlines and expiries: about 1.1 events
	// per client-week.
	e.Events = satAdd(e.Clients*(int64(scn.Duration/scenarios.Week)+2)*11/10, lifecycle)
	e.Bytes = satAdd(bytesBase+e.Clients*bytesPerClient+e.SeriesValues*bytesPerValue, satMul(e.Transitions, bytesPerTransition))
	// The worlds that run on a timing wheel (build) each have one, whose
	// buckets a long run touches in full; as many run at once as cores.
	wheels := 0
	for _, comp := range components(scn, instances(scn)) {
		reimaged := 0
		for _, in := range comp {
			reimaged += in.reimaged()
		}
		if worldClients(comp) >= smallWorld || reimaged >= burstyWorld {
			wheels++
		}
	}
	e.Bytes = satAdd(e.Bytes, satMul(int64(min(wheels, runtime.GOMAXPROCS(0))), engine.WheelBytes))
	return e
}

// satMul and satAdd multiply and add counts that are not negative,
// stopping at math.MaxInt64: a machine re-imaged every second for a
// century, times a million, is refused, not wrapped around to a small
// number.
func satMul(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// groupChanges returns about how many events the lifecycle and the trips
// of group g cause up to end, and how many changes of state. A machine
// re-imaged is an action, a request and a renewal queued, and two changes
// of state (to its grace, to licensed); a machine retired, replaced or
// rearmed, an action and a change or two; a trip, a departure and a
// return.
func groupChanges(g *scenarios.Group, end scenarios.Duration) (events, transitions int64) {
	times := func(every, from scenarios.Duration) int64 {
		if every <= 0 {
			return 0
		}
		if from == 0 {
			from = every
		}
		if from > end {
			return 0
		}
		return int64((end-from)/every) + 1 // as scenarios.Repeat, counted
	}
	n := int64(g.Count)
	add := func(k, perEvents, perTransitions int64) {
		events = satAdd(events, satMul(k, perEvents))
		transitions = satAdd(transitions, satMul(k, perTransitions))
	}
	if r := g.Reimaging(); r != nil {
		add(satMul(times(r.Every, r.From), n), 3, 2)
	}
	l := &g.Lifecycle
	for _, r := range []*scenarios.Rate{l.Retire, l.Replace} {
		if r != nil {
			add(satMul(times(r.Every, r.From), int64(r.Count)), 3, 2)
		}
	}
	if r := l.Rearm; r != nil {
		add(satMul(times(r.Every, r.From), n), 1, 1)
	}
	if p := g.Presence; p != nil && p.Trips != nil && p.Trips.Every > 0 {
		add(satMul(n, int64(end/(p.Trips.Every+p.Trips.Min))), 2, 0)
	}
	return events, transitions
}

// Check returns an error if e exceeds l, saying by how much, what to
// change, and which flag lifts the limit.
func (e Estimate) Check(scn *scenarios.Scenario, l Limits) error {
	if l.MaxSeriesValues > 0 && e.SeriesValues > l.MaxSeriesValues {
		perSample := max(e.SeriesValues/max(e.Samples, 1), 1)
		least := scenarios.RoundUp(scn.Duration/scenarios.Duration(max(l.MaxSeriesValues/perSample, 1)) + 1)
		return fmt.Errorf("%s: %d samples of %d series are %d values, more than the limit of %d: use a sample of %s or more, or lift the limit with -max-samples %d",
			scn.File, e.Samples, perSample, e.SeriesValues, l.MaxSeriesValues, least, e.SeriesValues)
	}
	if l.MaxBytes > 0 && e.Bytes > l.MaxBytes {
		// What to change: the largest part of the estimate.
		change := "simulate fewer clients"
		what := fmt.Sprintf("%d clients, %d series values", e.Clients, e.SeriesValues)
		switch series, changes := e.SeriesValues*bytesPerValue, satMul(e.Transitions, bytesPerTransition); {
		case changes > e.Clients*bytesPerClient && changes > series:
			change = "re-image, retire, replace or rearm fewer machines, or less often"
			what += fmt.Sprintf(", %d changes of state from lifecycles", e.Transitions)
		case series > e.Clients*bytesPerClient:
			change = "sample less often"
		}
		return fmt.Errorf("%s needs about %s of memory (%s), more than the limit of %s: %s, or lift the limit with -max-memory %s",
			scn.File, words.Bytes(e.Bytes), what, words.Bytes(l.MaxBytes), change, words.Bytes(satAdd(e.Bytes, e.Bytes/4)))
	}
	return nil
}

// numSamples is len(sampleTimes(duration, sample)), computed without
// building the list: the estimate must refuse a run of 100 years sampled
// every second at once, not after allocating its 3 billion times.
func numSamples(duration, sample engine.Time) int64 {
	if sample <= 0 {
		return 1
	}
	n := int64(duration/sample) + 1 // 0, sample, 2·sample, … up to duration
	if duration%sample != 0 {
		n++ // and the end
	}
	return n
}

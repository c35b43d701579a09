package batch

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"math"
	"runtime"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Cost is what a batch will take, estimated before it starts from
// the scenario alone, without building its points.
type Cost struct {
	// Run is the estimate of the largest run: the point of the sweep
	// that needs the most memory, whose scenario is Largest.
	Run     sim.Estimate
	Largest *scenarios.Scenario
	// Series is the estimate of the point with the most series values,
	// whose scenario is MostSeries.
	Series     sim.Estimate
	MostSeries *scenarios.Scenario
	Points     int64 // points of the sweep (1 without)
	Runs       int64 // points × replications
	AtOnce     int64 // runs at once
	// Observations is the memory of what the runs observed, kept until
	// the end: points × replications × one observation.
	Observations int64
	// Bands is the memory of the time series of every replication, kept
	// for the bands of a batch without a sweep.
	Bands int64
	Bytes int64 // about the peak memory of the batch
}

// A run's observation: its milestones (96 bytes each: a reach and a fall
// per host and threshold, hosts having one or two, and a few per
// product), levels and verdicts.
const (
	bytesPerMark        = 96
	bytesPerObservation = 128
)

// EstimateCost estimates scn's batch, with parallel runs at once (0:
// GOMAXPROCS, as Options.Parallel) and, with series, the time series of
// every replication kept for bands (a batch without a sweep). The largest
// run is found among the corners of the sweep (each parameter at its
// smallest or largest value), since a run's estimate only grows or only
// shrinks with each field; so a sweep of a million points is estimated
// from a few.
func EstimateCost(scn *scenarios.Scenario, parallel int, series bool) (Cost, error) {
	var e Cost
	// In floating point: a sweep of a thousand values by a thousand, with
	// a million replications, is refused, not wrapped around.
	points := 1.0
	for _, p := range scn.Sweep {
		points *= float64(len(p.Values))
	}
	runs := points * float64(max(scn.Replications, 1))
	e.Points, e.Runs = clamp(points), clamp(runs)
	for _, corner := range corners(scn.Sweep) {
		at, err := scn.At(scenarios.Point{Values: corner})
		if err != nil {
			return e, err
		}
		r := sim.EstimateRun(at)
		if e.Largest == nil || r.Bytes > e.Run.Bytes {
			e.Run, e.Largest = r, at
		}
		if e.MostSeries == nil || r.SeriesValues > e.Series.SeriesValues {
			e.Series, e.MostSeries = r, at
		}
	}
	marks := 4*float64(e.Run.Hosts) + 8*float64(e.Run.Products) + 1
	observations := runs * (bytesPerObservation + marks*bytesPerMark)
	e.Observations = clamp(observations)
	if parallel <= 0 {
		parallel = runtime.GOMAXPROCS(0)
	}
	e.AtOnce = clamp(min(float64(parallel), runs))
	bands := 0.0
	if series && len(scn.Sweep) == 0 {
		bands = runs * float64(e.Run.SeriesValues) * 4
	}
	e.Bands = clamp(bands)
	e.Bytes = clamp(float64(e.Run.Bytes)*float64(e.AtOnce) + observations + bands)
	return e, nil
}

// clamp converts a count to int64, stopping at math.MaxInt64.
func clamp(f float64) int64 {
	if f >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(f)
}

// Check returns an error if e exceeds l, as sim.Estimate.Check does,
// saying what to change.
func (e Cost) Check(scn *scenarios.Scenario, l sim.Limits) error {
	if err := e.Series.Check(e.MostSeries, sim.Limits{MaxSeriesValues: l.MaxSeriesValues}); err != nil {
		return err
	}
	if l.MaxBytes <= 0 || e.Bytes <= l.MaxBytes {
		return nil
	}
	// Named by its largest part: what to change.
	lift := words.Bytes(clamp(float64(e.Bytes) * 1.25))
	runs := clamp(float64(e.Run.Bytes) * float64(e.AtOnce))
	switch {
	case e.Observations >= runs && e.Observations >= e.Bands:
		return fmt.Errorf("%s: %d points × %d replications are %d runs, whose observations need about %s of memory (%s in all), more than the limit of %s: run fewer points or replications, or lift the limit with -max-memory %s",
			scn.File, e.Points, max(scn.Replications, 1), e.Runs, words.Bytes(e.Observations), words.Bytes(e.Bytes), words.Bytes(l.MaxBytes), lift)
	case e.Bands >= runs:
		return fmt.Errorf("%s: the time series of %d replications, kept for the bands, need about %s of memory (%s in all), more than the limit of %s: run fewer replications, sample less often, or lift the limit with -max-memory %s",
			scn.File, e.Runs, words.Bytes(e.Bands), words.Bytes(e.Bytes), words.Bytes(l.MaxBytes), lift)
	case e.AtOnce > 1:
		return fmt.Errorf("%s: %d runs at once need about %s of memory (%s each; %s in all), more than the limit of %s: run fewer at once with -parallel, or lift the limit with -max-memory %s",
			scn.File, e.AtOnce, words.Bytes(runs), words.Bytes(e.Run.Bytes), words.Bytes(e.Bytes), words.Bytes(l.MaxBytes), lift)
	}
	return e.Run.Check(e.Largest, l)
}

// corners returns the corners of a sweep's box: every combination of
// each parameter's smallest and largest value (the values are numbers or
// durations). Without a sweep, the one point of no values.
func corners(sweep []scenarios.Parameter) [][]scenarios.Value {
	out := [][]scenarios.Value{nil}
	for _, p := range sweep {
		lo, hi := extremes(p.Values)
		var next [][]scenarios.Value
		for _, c := range out {
			next = append(next, append(append([]scenarios.Value(nil), c...), lo))
			if hi != lo {
				next = append(next, append(append([]scenarios.Value(nil), c...), hi))
			}
		}
		out = next
	}
	return out
}

// extremes returns the smallest and the largest of values, as numbers or
// durations (Value.Number); if none is either, the first and the last.
func extremes(values []scenarios.Value) (lo, hi scenarios.Value) {
	lo, hi = values[0], values[len(values)-1]
	least, most := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if f, ok := v.Number(); ok {
			if f < least {
				least, lo = f, v
			}
			if f > most {
				most, hi = f, v
			}
		}
	}
	return lo, hi
}

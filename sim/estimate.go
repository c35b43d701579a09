package sim

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Estimate is what a run of a scenario will take, estimated before it
// starts, so that a scenario too large for the machine is refused at once
// instead of failing an hour in.
type Estimate struct {
	Clients      int64
	Hosts        int64
	Samples      int64 // samples of the time series
	SeriesValues int64 // samples × the series of every host and product
	Events       int64 // about how many events the engine will run
	Bytes        int64 // about how much memory the run will need at its peak
}

// Limits bounds an Estimate; a zero field is no limit.
type Limits struct {
	MaxBytes        int64
	MaxSeriesValues int64
}

// DefaultMaxSeriesValues is the default bound on Estimate.SeriesValues.
const DefaultMaxSeriesValues = 100_000_000

// Measured on the 10⁶-client benchmark: a client costs about 100 bytes
// while its world runs (record, queue entry, table slot) and 32 after (its
// state history); the rest is the time series, 4 bytes a value.
const (
	bytesPerClient = 150
	bytesPerValue  = 4
	bytesBase      = 50 << 20
)

// EstimateRun estimates the run of scn, which must be valid.
func EstimateRun(scn *scenarios.Scenario) Estimate {
	var e Estimate
	products := map[scenarios.Product]bool{} // each has a series per state
	count := func(s *scenarios.Site, times int64) {
		for _, g := range s.Fleet {
			e.Clients += int64(g.Count) * times
			products[g.Product] = true
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
	e.Samples = numSamples(engine.Time(scn.Duration), engine.Time(scn.Sample))
	e.SeriesValues = (e.SeriesValues + int64(len(products)*NumStates)) * e.Samples
	// A renewal a week, retries, deadlines and expiries: about 1.1 events
	// per client-week.
	e.Events = e.Clients * (int64(scn.Duration/scenarios.Week) + 2) * 11 / 10
	e.Bytes = bytesBase + e.Clients*bytesPerClient + e.SeriesValues*bytesPerValue
	return e
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
		return fmt.Errorf("%s needs about %s of memory (%d clients, %d series values), more than the limit of %s: simulate fewer clients or sample less often, or lift the limit with -max-memory %s",
			scn.File, bytesString(e.Bytes), e.Clients, e.SeriesValues, bytesString(l.MaxBytes), bytesString(e.Bytes*5/4))
	}
	return nil
}

func bytesString(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1fGB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%dMB", n>>20)
	}
	return fmt.Sprintf("%dB", n)
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

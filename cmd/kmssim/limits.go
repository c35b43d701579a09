package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// limits are the -max-memory, -max-samples and -max-runs flags of run,
// check and sweep.
type limits struct {
	memory  memoryFlag
	samples int64
	runs    int64
}

// defaultMaxRuns is -max-runs' default: a batch of more runs (points ×
// replications) is refused unless the limit is lifted. A run of a small
// scenario takes milliseconds, of a large one seconds: 10,000 is minutes
// to hours on a few cores.
const defaultMaxRuns = 10_000

// A core simulates about 20 M events a second (docs/performance.md: 22
// to 24 M), and each run of a batch costs about half a millisecond more
// (building its world, observing it: 100,000 runs of laptop-retirement
// take 23 s on 2 cores), for the time a batch would take.
const (
	eventsPerSecond = 20e6
	secondsPerRun   = 0.0005
)

func (l *limits) register(fs *flag.FlagSet) {
	fs.Var(&l.memory, "max-memory", "refuse a scenario estimated to need more memory than this, such as 4GB (default: this machine's memory; 0: no limit)")
	fs.Int64Var(&l.samples, "max-samples", sim.DefaultMaxSeriesValues, "refuse a scenario whose time series hold more values than this (0: no limit)")
	fs.Int64Var(&l.runs, "max-runs", defaultMaxRuns, "refuse a batch of more runs (points × replications) than this (0: no limit)")
}

// check estimates the run of scn and refuses it if it passes the limits.
// It returns the estimated peak memory.
func (l *limits) check(scn *scenarios.Scenario) (int64, error) {
	e := sim.EstimateRun(scn)
	return e.Bytes, e.Check(scn, sim.Limits{MaxBytes: l.memory.bytes(), MaxSeriesValues: l.samples})
}

// memoryFlag is -max-memory: a byteSize, or this machine's memory when not
// given. Unset, it prints as "", so that the flag's help says its default
// once, in words, not also as a number of kilobytes.
type memoryFlag struct {
	size byteSize
	set  bool
}

func (m *memoryFlag) String() string {
	if m == nil || !m.set {
		return ""
	}
	return m.size.String()
}

func (m *memoryFlag) Set(s string) error {
	m.set = true
	return m.size.Set(s)
}

// bytes returns the limit in bytes; 0 means none.
func (m *memoryFlag) bytes() int64 {
	if !m.set {
		return physicalMemory()
	}
	return int64(m.size)
}

// byteSize is a flag value of bytes written with a unit: 512MB, 4GB.
type byteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

func (b *byteSize) String() string {
	if *b == 0 {
		return "0"
	}
	return words.Bytes(int64(*b))
}

func (b *byteSize) Set(s string) error {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "0" {
		*b = 0
		return nil
	}
	for _, u := range byteUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			bytes := v * float64(u.size)
			// Not NaN, Inf, negative or past int64 ("NaNGB" parses as a float).
			if err != nil || !(bytes >= 0 && bytes < math.MaxInt64) {
				break
			}
			*b = byteSize(bytes)
			return nil
		}
	}
	return fmt.Errorf("want a size with a unit, such as 512MB or 4GB, or 0 for no limit")
}

// physicalMemory returns the machine's memory in bytes, or 0 where it is
// not known (no limit then).
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// checkBatch estimates scn's batch as opts will run it (its runs at once
// and, with Series, the series of every replication, for the bands), and
// refuses it if it passes the limits. It returns the estimated peak
// memory.
// simulation checks what scn's run, or its batch of replications or
// sweep points, would take against the limits, and returns the memory it
// is estimated to need.
func (l *limits) simulation(scn *scenarios.Scenario, opts batch.Options) (int64, error) {
	if scn.Replications > 1 || len(scn.Sweep) > 0 {
		return l.checkBatch(scn, opts)
	}
	return l.check(scn)
}

// checkBatch checks a batch of runs: their number against -max-runs, and
// their memory.
func (l *limits) checkBatch(scn *scenarios.Scenario, opts batch.Options) (int64, error) {
	c, err := batch.EstimateCost(scn, opts.Parallel, opts.Series)
	if err != nil {
		return 0, err
	}
	if err := l.checkRuns(scn, c, opts.Shard); err != nil {
		return 0, err
	}
	return c.Bytes, c.Check(scn, sim.Limits{MaxBytes: l.memory.bytes(), MaxSeriesValues: l.samples})
}

// checkRuns refuses a batch (or the shard's part of it) of more runs than
// -max-runs, with the time it would take and what to change.
func (l *limits) checkRuns(scn *scenarios.Scenario, c batch.Cost, shard batch.Shard) error {
	points := c.Points
	if shard.Count > 0 {
		points = (points + int64(shard.Count) - 1) / int64(shard.Count)
	}
	reps := int64(max(scn.Replications, 1))
	runs := points * reps
	if l.runs <= 0 || runs <= l.runs {
		return nil
	}
	cores := max(c.AtOnce, 1)
	seconds := float64(runs) * (float64(c.Run.Events)/eventsPerSecond + secondsPerRun) / float64(cores)
	took := (time.Duration(min(seconds, 1e9)) * time.Second).Round(time.Second)
	if took < time.Second {
		took = time.Second
	}
	change := "use fewer replications (-replications)"
	if points > 1 {
		change = "use fewer replications (-replications) or fewer points (sweep values), or split it with -shard"
	}
	plural := "points"
	if points == 1 {
		plural = "point"
	}
	return fmt.Errorf("%s: %d runs (%d %s × %d replications), more than the limit of %d (-max-runs), about %s on %d cores: %s, or lift the limit with -max-runs %d",
		scn.File, runs, points, plural, reps, l.runs, took, cores, change, runs)
}

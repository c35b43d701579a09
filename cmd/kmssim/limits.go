package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// limits are the -max-memory and -max-samples flags of run and check.
type limits struct {
	memory  memoryFlag
	samples int64
}

func (l *limits) register(fs *flag.FlagSet) {
	fs.Var(&l.memory, "max-memory", "refuse a scenario estimated to need more memory than this, such as 4GB (default: this machine's memory; 0: no limit)")
	fs.Int64Var(&l.samples, "max-samples", sim.DefaultMaxSeriesValues, "refuse a scenario whose time series hold more values than this (0: no limit)")
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
	for _, u := range byteUnits {
		if int64(*b)%u.size == 0 {
			return fmt.Sprintf("%d%s", int64(*b)/u.size, u.suffix)
		}
	}
	return strconv.FormatInt(int64(*b), 10)
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
func (l *limits) checkBatch(scn *scenarios.Scenario, opts batch.Options) (int64, error) {
	c, err := batch.EstimateCost(scn, opts.Parallel, opts.Series)
	if err != nil {
		return 0, err
	}
	return c.Bytes, c.Check(scn, sim.Limits{MaxBytes: l.memory.bytes(), MaxSeriesValues: l.samples})
}

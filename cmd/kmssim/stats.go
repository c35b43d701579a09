package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"
)

// profiles starts the CPU profile and arranges the heap profile that the
// -cpuprofile and -memprofile flags ask for; stop ends them.
func profiles(cpu, mem string) (stop func() error, err error) {
	var cpuFile *os.File
	if cpu != "" {
		cpuFile, err = os.Create(cpu)
		if err != nil {
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpuFile); err != nil {
			cpuFile.Close()
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
	}
	return func() error {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				return fmt.Errorf("-cpuprofile: %w", err)
			}
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err != nil {
				return fmt.Errorf("-memprofile: %w", err)
			}
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				f.Close()
				return fmt.Errorf("-memprofile: %w", err)
			}
			if err := f.Close(); err != nil {
				return fmt.Errorf("-memprofile: %w", err)
			}
		}
		return nil
	}, nil
}

// printStats writes the -stats line: what the simulation did and cost.
// printBatchStats writes the -stats line of a batch of runs.
func printBatchStats(w io.Writer, runs int, elapsed time.Duration, estimate int64) {
	fmt.Fprintf(w, "stats: %d runs in %.3f s (%.1f runs/s), peak memory %s, estimated %s\n",
		runs, elapsed.Seconds(), float64(runs)/elapsed.Seconds(), peakMemory(), words.Bytes(estimate))
}

// estimate is the peak memory the run was estimated to need.
func printStats(w io.Writer, events uint64, clients int, elapsed time.Duration, estimate int64) {
	fmt.Fprintf(w, "stats: %d events in %.3f s (%.1f M events/s), %d clients, peak memory %s, estimated %s\n",
		events, elapsed.Seconds(), float64(events)/elapsed.Seconds()/1e6, clients, peakMemory(), words.Bytes(estimate))
}

// peakMemory returns the peak resident memory of the process so far
// (VmHWM, what the system charged it at its most) where the system reports
// it, or else the memory Go obtained from the system.
func peakMemory() string {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				if err == nil {
					return words.Bytes(kb<<10) + " (peak RSS)"
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return words.Bytes(int64(ms.Sys)) + " (from the Go runtime)"
}

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run [flags] [scenario.yaml | built-in name]", stderr)
	read := readFlags(fs)
	out := fs.String("out", "", "output directory (default out/SCENARIO-NAME)")
	var st settings
	st.register(fs, false)
	show := progressFlag("auto")
	fs.Var(&show, "progress", "show a progress line for replications: auto (on a terminal), always or never")
	format, force := outputFlags(fs)
	stats := fs.Bool("stats", false, "print events (or runs) per second and peak memory of the simulation to stderr")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the run to this file")
	parallel := fs.Int("parallel", 0, "runs, or independent parts of a scenario, to simulate at once (0: one per core)")
	var lim limits
	lim.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("run", pos)
	if err != nil {
		return err
	}
	formats, err := parseFormats(*format)
	if err != nil {
		return err
	}
	scn, err := loadScenario(name, read)
	if err != nil {
		return err
	}
	printWarnings(stderr, scn)
	for _, set := range st.set {
		if p, _ := scenarios.ParseParameter(set); len(p.Values) > 1 {
			return &usageError{msg: fmt.Sprintf("-set %s: several values make a sweep: run it with kmssim sweep", set)}
		}
	}
	if err := st.apply(scn); err != nil {
		return err
	}
	if len(scn.Sweep) > 0 {
		for _, p := range scn.Sweep {
			if len(p.Values) > 1 {
				// run runs one point; the fields keep the scenario's own values.
				fmt.Fprintf(stderr, "kmssim: %s has a sweep, which kmssim sweep runs; running the scenario as written\n", scn.Name)
				break
			}
		}
		scn.Sweep = nil
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", scn.FolderName())
	}
	// A single run is a batch of one: one way to the outputs.
	opts := batch.Options{Parallel: *parallel, Series: true}
	estimate, err := lim.simulation(scn, opts)
	if err != nil {
		return err
	}
	stop, err := profiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	start := time.Now()
	b, finished, err := batchRun(ctx, scn, opts, show, stderr)
	elapsed := time.Since(start)
	if err := stop(); err != nil {
		return err
	}
	if err != nil {
		return unchanged(err, dir)
	}
	err = writeBatch(ctx, dir, b, formats, *force, stdout, stderr)
	if *stats {
		// After the outputs, which can take more memory than the run: the
		// peak is the whole command's.
		if scn.Replications > 1 {
			printBatchStats(stderr, finished, elapsed, estimate)
		} else if b.First != nil {
			printStats(stderr, b.First.Events, b.First.Clients, elapsed, estimate)
		}
	}
	return err
}

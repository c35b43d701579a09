package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// scenarioFlags are the flags of every command that loads a scenario and
// simulates it: where its inventories may be read (-inventories), the
// settings that change it (-seed, -replications, -set) and the limits it
// must keep (-max-memory, -max-samples, -max-runs).
type scenarioFlags struct {
	read *scenarios.Options
	settings
	limits
}

// register registers the flags; sweep says whether -set may vary a field
// over several values.
func (f *scenarioFlags) register(fs *flag.FlagSet, sweep bool) {
	f.read = readFlags(fs)
	f.settings.register(fs, sweep)
	f.limits.register(fs)
}

// load loads the scenario name, prints its warnings to stderr and applies
// the settings.
func (f *scenarioFlags) load(name string, stderr io.Writer) (*scenarios.Valid, error) {
	scn, err := loadScenario(name, f.read)
	if err != nil {
		return nil, err
	}
	printWarnings(stderr, scn)
	if err := f.apply(scn); err != nil {
		return nil, err
	}
	return scn, nil
}

// runFlags are the flags of kmssim run beside the scenario's and the
// outputs': how it simulates and what it reports about itself.
type runFlags struct {
	parallel               int
	show                   progressFlag
	stats                  bool
	cpuProfile, memProfile string
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.show = "auto"
	fs.Var(&f.show, "progress", "show a progress line on stderr, for replications and for a single run that takes over 2 s: auto (on a terminal), always or never")
	fs.BoolVar(&f.stats, "stats", false, "print events (or runs) per second and peak memory of the simulation to stderr")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile at the end of the run to this file")
	fs.IntVar(&f.parallel, "parallel", 0, "runs, or independent parts of a scenario, to simulate at once (0: one per core)")
}

func runCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run [flags] [scenario.yaml | built-in name]", stdout, stderr)
	var sf scenarioFlags
	var out outputFlags
	var rf runFlags
	sf.register(fs, false)
	out.register(fs, "output directory (default out/SCENARIO-NAME, or out/SCENARIO-NAME+PATH=VALUE with -set, beside the scenario's own)")
	out.registerSeries(fs)
	rf.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("run", pos)
	if err != nil {
		return err
	}
	if err := out.parse(); err != nil {
		return err
	}
	for _, set := range sf.set {
		if p, _ := scenarios.ParseParameter(set); len(p.Values) > 1 {
			return &usageError{msg: fmt.Sprintf("-set %s: several values make a sweep: run it with kmssim sweep", set)}
		}
	}
	scn, err := sf.load(name, stderr)
	if err != nil {
		return err
	}
	for _, p := range scn.Sweep {
		if len(p.Values) > 1 {
			// run runs one point; the fields keep the scenario's own values.
			fmt.Fprintf(stderr, "kmssim: %s has a sweep, which kmssim sweep runs; running the scenario as written\n", scn.Name)
			break
		}
	}
	scn.Sweep = nil
	return simulate(ctx, scn, &sf.limits, &rf, out.dirOr(filepath.Join("out", scn.FolderName())), &out, stdout, stderr)
}

// simulate runs scn, a single run being a batch of one, within the
// limits, and writes its outputs into dir and its summary to stdout.
func simulate(ctx context.Context, scn *scenarios.Valid, lim *limits, rf *runFlags, dir string, out *outputFlags, stdout, stderr io.Writer) error {
	if err := writableDir("-out", dir); err != nil {
		return err
	}
	opts := batch.Options{Parallel: rf.parallel, Series: true}
	estimate, err := lim.simulation(scn, opts)
	if err != nil {
		return err
	}
	stop, err := profiles(rf.cpuProfile, rf.memProfile)
	if err != nil {
		return err
	}
	start := time.Now()
	b, finished, err := batchRun(ctx, scn, opts, rf.show, stderr)
	elapsed := time.Since(start)
	if err := stop(); err != nil {
		return err
	}
	if err != nil {
		return unchanged(err, dir)
	}
	err = writeBatch(ctx, dir, b, out.options(), stdout, stderr)
	if rf.stats {
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

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// seedFlag is a -seed value that remembers whether it was given.
type seedFlag struct {
	v   uint64
	set bool
}

func (s *seedFlag) String() string { return strconv.FormatUint(s.v, 10) }
func (s *seedFlag) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number, 0 or more")
	}
	s.v, s.set = n, true
	return nil
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "run [flags] [scenario.yaml | built-in name]", stderr)
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
	scn, err := loadScenario(name)
	if err != nil {
		return err
	}
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
		dir = filepath.Join("out", scn.Name)
	}
	if scn.Replications > 1 {
		if err := lim.checkBatch(scn, *parallel); err != nil {
			return err
		}
		start := time.Now()
		b, err := batchRun(scn, batch.Options{Parallel: *parallel, Series: true}, show, stderr)
		if err != nil {
			return err
		}
		if *stats {
			elapsed := time.Since(start)
			runs := len(b.Seeds) * len(b.Points)
			fmt.Fprintf(stderr, "stats: %d runs in %.3f s (%.1f runs/s), peak memory %s\n", runs, elapsed.Seconds(), float64(runs)/elapsed.Seconds(), peakMemory())
		}
		return writeBatch(dir, scn, b, formats, *force, stdout, stderr)
	}
	if err := lim.check(scn); err != nil {
		return err
	}
	// Ctrl-C or a TERM signal stops the run; outputs are then either the
	// previous complete ones or none (reports.Interrupt).
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		if _, ok := <-signals; ok {
			reports.Interrupt()
			fmt.Fprintln(stderr, "kmssim: interrupted; no outputs were changed")
			os.Exit(exitInterrupted)
		}
	}()
	stop, err := profiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := sim.Run(scn, sim.Options{Seed: scn.Seed, Parallel: *parallel})
	elapsed := time.Since(start)
	if err := stop(); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	if *stats {
		printStats(stderr, res.Events, res.Clients, elapsed)
	}
	verdicts := sim.Check(res, scn.Expect)
	fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	paths, err := reports.WriteFiles(dir, scn, res, verdicts, formats, *force)
	if err != nil {
		return err
	}
	if err := reports.WriteSummary(stdout, res, verdicts); err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	return nil
}

// loadScenario reads a scenario file, or a built-in scenario by name when
// no file of that name exists and the name does not look like a path.
func loadScenario(name string) (*scenarios.Scenario, error) {
	if _, err := os.Stat(name); err != nil && !strings.ContainsAny(name, `/\`) && filepath.Ext(name) == "" {
		return scenarios.Builtin(name)
	}
	return scenarios.Load(name)
}

// oneScenario returns the scenario a command's positional arguments name:
// the one given, or the built-in default.
func oneScenario(cmd string, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return scenarios.DefaultName, nil
	case 1:
		return pos[0], nil
	}
	return "", &usageError{msg: fmt.Sprintf("%s takes one scenario, got %d: %s", cmd, len(pos), strings.Join(pos, " "))}
}

// outputFlags registers -format and -force, the flags of every command
// that writes outputs.
func outputFlags(fs *flag.FlagSet) (format *string, force *bool) {
	format = fs.String("format", "all", "outputs to write: comma-separated csv, json, svg, png, html, or all")
	force = fs.Bool("force", false, "write into an output directory that holds files kmssim did not write")
	return format, force
}

// parseFormats reads -format, whose errors are usage errors.
func parseFormats(s string) ([]reports.Format, error) {
	formats, err := reports.ParseFormats(s)
	if err != nil {
		return nil, &usageError{msg: "-format: " + err.Error()}
	}
	return formats, nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// settings are the flags that change a scenario after it is read: -seed,
// -replications and -set. They travel with the parts of a sharded sweep,
// so that kmssim merge rebuilds the same scenario.
type settings struct {
	seed         seedFlag
	replications int
	set          setFlag
}

// setFlag collects -set path=values flags.
type setFlag []string

func (s *setFlag) String() string { return strings.Join(*s, " ") }
func (s *setFlag) Set(v string) error {
	if _, err := scenarios.ParseParameter(v); err != nil {
		return err
	}
	*s = append(*s, v)
	return nil
}

func (st *settings) register(fs *flag.FlagSet, sweep bool) {
	fs.Var(&st.seed, "seed", "random seed (default: the scenario's seed); replications derive theirs from it")
	fs.IntVar(&st.replications, "replications", 0, "runs with seeds derived from the seed (default: the scenario's replications, else 1)")
	what := "set a numeric field for this run, such as -set fleet.laptops.count=20 (repeatable; kmssim paths lists the fields)"
	if sweep {
		what = "vary a numeric field over values, such as -set fleet.laptops.count=0..30/5 or =0,5,10 (one or two; they replace the scenario's sweep; one value just sets the field)"
	}
	fs.Var(&st.set, "set", what)
}

// apply applies the settings to scn and validates the result.
func (st *settings) apply(scn *scenarios.Scenario) error {
	if st.seed.set {
		scn.Seed = st.seed.v
	}
	if st.replications != 0 {
		scn.Replications = st.replications
	}
	params := make([]scenarios.Parameter, len(st.set))
	for i, s := range st.set {
		p, err := scenarios.ParseParameter(s)
		if err != nil {
			return err
		}
		params[i] = p
	}
	if err := scn.Apply(params); err != nil {
		return fmt.Errorf("%s: %w", scn.File, err)
	}
	return nil
}

// origin records scn's text and the settings, for the parts of a sweep.
func (st *settings) origin(scn *scenarios.Scenario) *batch.Origin {
	o := &batch.Origin{File: scn.File, Source: string(scn.Source), Replications: st.replications, Set: st.set}
	if st.seed.set {
		o.Seed = &st.seed.v
	}
	return o
}

// fromOrigin rebuilds the scenario a part of a sweep ran.
func fromOrigin(o *batch.Origin) (*scenarios.Scenario, error) {
	scn, err := scenarios.Parse(o.File, []byte(o.Source))
	if err != nil {
		return nil, err
	}
	st := settings{replications: o.Replications, set: o.Set}
	if o.Seed != nil {
		st.seed = seedFlag{*o.Seed, true}
	}
	return scn, st.apply(scn)
}

// progressFlag is -progress: auto (on a terminal), always or never.
type progressFlag string

func (p *progressFlag) String() string { return string(*p) }
func (p *progressFlag) Set(v string) error {
	switch v {
	case "auto", "always", "never":
		*p = progressFlag(v)
		return nil
	}
	return fmt.Errorf("want auto, always or never")
}

// on reports whether to show progress on w.
func (p progressFlag) on(w io.Writer) bool {
	switch p {
	case "always":
		return true
	case "never":
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress prints a line on stderr, rewritten in place: runs done of
// total, rate and time left. It prints at most a few times a second.
type progress struct {
	w     io.Writer
	start time.Time
	last  time.Time
	shown bool
}

func (p *progress) update(done, total int) {
	now := time.Now()
	if done < total && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	eta := "--"
	if done > 0 {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%d/%d runs  %.1f runs/s  ETA %s   ", done, total, rate, eta)
	p.shown = true
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}

// batchRun runs scn's batch with a progress line and Ctrl-C handling: the
// first interrupt stops starting runs and keeps the points that finished
// (the result is then incomplete); a second one quits at once, leaving the
// outputs as they were.
func batchRun(scn *scenarios.Scenario, opts batch.Options, show progressFlag, stderr io.Writer) (*batch.Result, error) {
	stop := make(chan struct{})
	opts.Stop = stop
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	var once sync.Once
	go func() {
		for range signals {
			stopped := false
			once.Do(func() {
				stopped = true
				// Say it before stopping: once stop is closed, the batch
				// may end and kmssim exit before this goroutine runs again.
				fmt.Fprintln(stderr, "\nkmssim: interrupted; finishing the runs under way and keeping the finished points (interrupt again to quit at once)")
				close(stop)
			})
			if !stopped {
				reports.Interrupt()
				fmt.Fprintln(stderr, "kmssim: interrupted; no outputs were changed")
				os.Exit(exitInterrupted)
			}
		}
	}()
	if show.on(stderr) {
		p := &progress{w: stderr, start: time.Now()}
		opts.Progress = p.update
		defer p.finish()
	}
	return batch.Run(scn, opts)
}

// errIncomplete reports a batch stopped by an interrupt: its outputs are
// written, marked incomplete, and kmssim exits with 130.
var errIncomplete = errors.New("interrupted: the outputs hold the points that finished, marked incomplete")

// checkBatch estimates every point of scn's batch, with as many runs
// at once as parallel allows and, for the bands of a batch without a
// sweep, the series of every replication.
func (l *limits) checkBatch(scn *scenarios.Scenario, parallel int) error {
	if parallel <= 0 {
		parallel = runtime.GOMAXPROCS(0)
	}
	points := scn.Points()
	for _, p := range points {
		at, err := scn.At(p)
		if err != nil {
			return err
		}
		e := sim.EstimateRun(at)
		e.Bytes *= int64(min(parallel, at.Replications*len(points)))
		if len(scn.Sweep) == 0 && at.Replications > 1 {
			e.Bytes += int64(at.Replications) * e.SeriesValues * 4
		}
		if err := e.Check(at, sim.Limits{MaxBytes: int64(l.memory), MaxSeriesValues: l.samples}); err != nil {
			return err
		}
	}
	return nil
}

// printBatchSummary prints the outcome of a batch in a few lines.
func printBatchSummary(w io.Writer, scn *scenarios.Scenario, b *batch.Result) {
	n := len(b.Seeds)
	if !b.Complete {
		fmt.Fprintf(w, "INCOMPLETE: %d of %d points finished\n", len(b.Points), b.Total)
	}
	if len(b.Parameters) == 0 {
		if len(b.Points) == 0 {
			return
		}
		p := &b.Points[0]
		below := p.Milestone(batch.Key{Kind: batch.KindAnyBelow})
		fmt.Fprintf(w, "Over %d replications: a count fell below its threshold in %d", n, below.Reached)
		if below.Reached > 0 {
			fmt.Fprintf(w, " (median day %s)", dayOrNever(below.Median))
		}
		fmt.Fprintln(w)
		for _, v := range batch.Check(scn, b) {
			fmt.Fprintf(w, "  %s\n", v)
		}
		return
	}
	fmt.Fprintf(w, "Sweep of %d points, %d replications each:\n", b.Total, n)
	for i := range b.Points {
		p := &b.Points[i]
		vals := make([]string, len(p.Values))
		for j, v := range p.Values {
			vals[j] = b.Parameters[j].Path + "=" + string(v)
		}
		line := "  " + strings.Join(vals, " ")
		if len(b.Expectations) > 0 {
			all := p.AllHeld()
			line += fmt.Sprintf("  expectations held in %d of %d", all.Held, all.N)
		}
		below := p.Milestone(batch.Key{Kind: batch.KindAnyBelow})
		line += fmt.Sprintf("  below threshold in %d of %d", below.Reached, below.N)
		if below.Reached > 0 {
			line += " (median day " + dayOrNever(below.Median) + ")"
		}
		fmt.Fprintln(w, line)
	}
}

// dayOrNever formats a time in seconds as a day, or "never" for +Inf (a
// milestone later than the run).
func dayOrNever(s float64) string {
	if math.IsInf(s, 1) {
		return "never"
	}
	return strconv.FormatFloat(batch.Days(s), 'f', 1, 64)
}

// printPaths prints what was written, the report last as "Report:".
func printPaths(w io.Writer, paths []string) {
	report := ""
	for _, p := range paths {
		if filepath.Base(p) == "report.html" {
			report = p
		} else {
			fmt.Fprintf(w, "Wrote %s\n", p)
		}
	}
	if report != "" {
		fmt.Fprintf(w, "Report: %s\n", report)
	}
}

// writeBatch writes a batch's outputs and reports an incomplete batch as
// errIncomplete, after writing.
func writeBatch(dir string, scn *scenarios.Scenario, b *batch.Result, formats []reports.Format, force bool, stdout, stderr io.Writer) error {
	fmt.Fprintf(stderr, "kmssim: writing %s\n", dir)
	paths, err := reports.WriteBatchFiles(dir, scn, b, formats, force)
	if err != nil {
		return err
	}
	printBatchSummary(stdout, scn, b)
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	if !b.Complete {
		return errIncomplete
	}
	return nil
}

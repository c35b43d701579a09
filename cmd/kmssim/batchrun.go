package main

// Running a batch of replications or sweep points from the command line,
// with a progress line on stderr.

import (
	"context"
	"fmt"
	"github.com/kmssim/kmssim/sim"
	"io"
	"os"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

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

// batchRun runs scn's batch with a progress line. When ctx is done (the
// first interrupt), the runs stop and the points that finished are kept:
// the result is then incomplete (see writeBatch). It also returns how
// many runs finished, those of unfinished points included, for -stats.
func batchRun(ctx context.Context, scn *scenarios.Valid, opts batch.Options, show progressFlag, stderr io.Writer) (*batch.Result, int, error) {
	finished := 0
	opts.Progress = func(done, total int) { finished = done } // called from one goroutine at a time
	switch {
	case !show.on(stderr):
	case scn.Replications <= 1 && len(scn.Sweep) == 0:
		// A single run: its share simulated, shown once it has taken
		// long enough for someone to wonder (a count of runs would say
		// 0 of 1 until the end).
		opts.RunProgress = &sim.Progress{}
		stop := runProgress(stderr, opts.RunProgress, 2*time.Second)
		defer stop()
	default:
		p := &progress{w: stderr, start: time.Now()}
		opts.Progress = func(done, total int) {
			finished = done
			p.update(done, total)
		}
		defer p.finish()
	}
	res, err := batch.RunContext(ctx, scn, opts)
	return res, finished, err
}

// runProgress shows, from after wait on, the share of a single run
// simulated and the time left, rewritten in place a few times a second
// until stop is called.
func runProgress(w io.Writer, p *sim.Progress, wait time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprintln(w)
				}
				return
			case now := <-tick.C:
				elapsed := now.Sub(start)
				f := p.Fraction()
				if elapsed < wait || f <= 0 {
					continue
				}
				fmt.Fprint(w, runProgressLine(f, elapsed))
				shown = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// runProgressLine is the progress line of a single run that has
// simulated the share f of its time in elapsed: "\rsimulating:  45% of
// the run  ETA 4s", rewritten in place.
func runProgressLine(f float64, elapsed time.Duration) string {
	left := time.Duration(float64(elapsed) * (1 - f) / f).Round(time.Second)
	return fmt.Sprintf("\rsimulating: %3.0f%% of the run  ETA %s   ", 100*f, left)
}

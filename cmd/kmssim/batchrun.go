package main

// Running a batch of replications or sweep points from the command line:
// the progress line on stderr and the handling of interrupts.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/kmssim/kmssim/reports"
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

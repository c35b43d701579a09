package main

// Interrupts: SIGINT (Ctrl-C) and SIGTERM become the cancellation of a
// context that main hands down to the simulation and the writers.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// interrupted is the cause of a context cancelled by a signal. kmssim
// exits with 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM,
// as a shell reports a command the signal stopped.
type interrupted struct{ sig syscall.Signal }

func (e interrupted) Error() string {
	if e.sig == syscall.SIGTERM {
		return "terminated (SIGTERM)"
	}
	return "interrupted (SIGINT)"
}

// exitStatus is the status kmssim exits with when e stopped it.
func (e interrupted) exitStatus() int { return 128 + int(e.sig) }

// interruptStatus returns the exit status of err if it is, or wraps, a
// signal's interruption, else 0.
func interruptStatus(err error) int {
	var e interrupted
	if errors.As(err, &e) {
		return e.exitStatus()
	}
	return 0
}

// againKey is the context key of the context done at the second signal.
type againKey struct{}

// withSignals returns a context that is done at the first SIGINT or
// SIGTERM, with an interrupted cause, and that carries (see again) one
// done at the second.
//
// The handlers stay installed until the process exits, so that no signal
// kills kmssim in the middle of writing its outputs: the writers look at
// the context and leave the previous outputs in place. It does what
// signal.NotifyContext does, and also keeps which signal came, for the
// exit status, and counts them.
func withSignals(parent context.Context) context.Context {
	first, stopFirst := context.WithCancelCause(parent)
	second, stopSecond := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		n := 0
		for s := range ch {
			n++
			sig, _ := s.(syscall.Signal)
			if n == 1 {
				stopFirst(interrupted{sig})
			} else {
				stopSecond(interrupted{sig})
			}
		}
	}()
	return context.WithValue(first, againKey{}, second)
}

// again returns the context that is done at the second signal, for the
// work that the first one asks for (writing the finished points of an
// interrupted batch), or a context never done where ctx has none.
func again(ctx context.Context) context.Context {
	if c, ok := ctx.Value(againKey{}).(context.Context); ok {
		return c
	}
	return context.WithoutCancel(ctx)
}

// unchanged wraps err, the cause of a stop before outputs were published,
// with what the user needs to know: dir is as it was.
func unchanged(err error, dir string) error {
	if interruptStatus(err) != 0 {
		return fmt.Errorf("%w; %s was not changed", err, dir)
	}
	return err
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

var signalTrials = flag.Int("signal-trials", 50, "how many signals TestSignalsAtRandomMoments sends")

// signalScenario is a scenario whose run and outputs take a few tenths of
// a second, the outputs a good part of it: 100 hosts sampled every 4
// hours for a year.
var signalScenario = shops(100, 2, "4h")

// A signal at any moment of kmssim's life leaves in its output directory
// either the previous complete outputs or the new complete ones, never a
// mix, and nothing beside it; kmssim exits 0 when the new ones are in
// place and 128 + the signal otherwise (130 for SIGINT, 143 for SIGTERM).
//
// Each trial runs a child kmssim over the outputs the previous trial
// left, with the other seed, and sends it SIGINT or SIGTERM at a random
// moment from its start to half as long again as the longest run; every other
// trial runs a batch of replications. -signal-trials sets how many.
func TestSignalsAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kmssim many times")
	}
	parent := t.TempDir()
	scn := filepath.Join(parent, "shop.yaml")
	if err := os.WriteFile(scn, []byte(signalScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(parent, "out")
	command := func(batch bool, seed int) *exec.Cmd {
		args := []string{"run", "-format", "csv,json", "-seed", fmt.Sprint(seed), "-out", out, scn}
		if batch {
			args = append(args, "-replications", "3")
		}
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "KMSSIM_CHILD=1")
		return cmd
	}
	type kind struct {
		batch bool
		seed  int
	}
	kinds := []kind{{false, 1}, {true, 1}, {false, 2}, {true, 2}}
	// The outputs of each kind, and how long the longest run takes.
	want := map[kind]map[string]string{}
	var longest time.Duration
	for _, k := range kinds {
		start := time.Now()
		if b, err := command(k.batch, k.seed).CombinedOutput(); err != nil {
			t.Fatalf("%+v: %v\n%s", k, err, b)
		}
		longest = max(longest, time.Since(start))
		want[k] = snapshot(t, out)
	}

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	previous := want[kinds[len(kinds)-1]]
	outcomes := map[string]int{}
	for trial := range *signalTrials {
		k := kinds[trial%len(kinds)] // never the kind the directory holds
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[rng.IntN(2)]
		delay := time.Duration(rng.Int64N(int64(longest) * 3 / 2))
		cmd := command(k.batch, k.seed)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(sig) // an error if it has exited: then it finished
		err := cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				// The signal came before the Go runtime took it over: a
				// shell reports 128 + the signal too.
				code = 128 + int(ws.Signal())
			}
		} else if err != nil {
			t.Fatal(err)
		}

		now := snapshot(t, out)
		what := fmt.Sprintf("moments seed %d, trial %d (%+v, %v at +%v, exit %d)", seed, trial, k, sig, delay.Round(time.Millisecond), code)
		switch {
		case reflect.DeepEqual(now, want[k]) && code == 0:
			outcomes["new"]++
		case reflect.DeepEqual(now, previous) && code == 128+int(sig):
			outcomes["previous"]++
		default:
			sizes := map[string]int{}
			for name, data := range now {
				sizes[name] = len(data)
			}
			t.Fatalf("%s: %s holds %v (name: bytes), neither the previous outputs with exit %d nor the new ones with exit 0; stderr:\n%s",
				what, out, sizes, 128+int(sig), stderr.String())
		}
		if names := dirNames(t, parent); !reflect.DeepEqual(names, []string{"out", "shop.yaml"}) {
			t.Fatalf("%s: left beside the outputs: %v", what, names)
		}
		previous = now
	}
	t.Logf("%d trials, longest run %v: %v", *signalTrials, longest.Round(time.Millisecond), outcomes)
	if *signalTrials >= 20 && (outcomes["previous"] == 0 || outcomes["new"] == 0) {
		t.Errorf("outcomes %v: the moments did not cover both sides of publishing", outcomes)
	}
}

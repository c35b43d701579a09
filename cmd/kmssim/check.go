package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// errFailed reports failed expectations: exit 1, and the details are
// already printed.
type errFailed struct{ failed, total, errors int }

func (e *errFailed) Error() string {
	var parts []string
	if e.failed > 0 {
		parts = append(parts, fmt.Sprintf("%d of %s failed", e.failed, words.Plural(e.total, "expectation")))
	}
	if e.errors > 0 {
		parts = append(parts, words.Plural(e.errors, "scenario")+" could not run")
	}
	return strings.Join(parts, "; ")
}

func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "check [flags] [scenario.yaml | built-in name]... (default: every built-in scenario)", stdout, stderr)
	var sf scenarioFlags
	sf.register(fs, false)
	junit := fs.String("junit", "", "also write the results as JUnit XML to this file")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	for _, set := range sf.set {
		if p, _ := scenarios.ParseParameter(set); len(p.Values) > 1 {
			return &usageError{msg: fmt.Sprintf("-set %s: several values make a sweep: check judges one value; run the sweep with kmssim sweep", set)}
		}
	}
	if *junit != "" {
		if err := writableFile("-junit", *junit); err != nil {
			return err
		}
	}
	if len(names) == 0 {
		names = scenarios.Library()
	}
	var checks []reports.Checked
	failed, total, errors := 0, 0, 0
	for _, name := range names {
		c := checkOne(ctx, name, &sf)
		if ctx.Err() != nil {
			if *junit != "" {
				return fmt.Errorf("%w; %s was not written", context.Cause(ctx), *junit)
			}
			return context.Cause(ctx)
		}
		checks = append(checks, c)
		if c.Err != nil {
			// Counted as JUnit counts it: an error, not a failed
			// expectation.
			fmt.Fprintf(stdout, "ERROR %s\n", c.Err)
			errors++
			continue
		}
		if c.Replications > 1 {
			fmt.Fprintf(stdout, "%s (seed %d, %d replications)\n", c.File, c.Seed, c.Replications)
		} else {
			fmt.Fprintf(stdout, "%s (seed %d)\n", c.File, c.Seed)
		}
		if c.Plan != nil {
			fmt.Fprintf(stdout, "  plan %s: %s.\n", c.Plan.Label(), c.Plan.Sentence)
		}
		if len(c.Verdicts) == 0 {
			fmt.Fprintln(stdout, "  (no expectations)")
		}
		for _, v := range c.Verdicts {
			fmt.Fprintf(stdout, "  %s\n", v)
		}
		failed += c.Failed()
		total += len(c.Verdicts)
	}
	if errors > 0 {
		fmt.Fprintf(stdout, "%d passed, %d failed, %s\n", total-failed, failed, words.Plural(errors, "error"))
	} else {
		fmt.Fprintf(stdout, "%d passed, %d failed\n", total-failed, failed)
	}
	if *junit != "" {
		var buf bytes.Buffer
		if err := reports.WriteJUnit(&buf, checks); err != nil {
			return err
		}
		if err := reports.WriteFileAtomic(*junit, buf.Bytes()); err != nil {
			return err
		}
	}
	if failed > 0 || errors > 0 {
		return &errFailed{failed, total, errors}
	}
	return nil
}

// checkOne loads one scenario, applies the settings of sf (-seed,
// -replications, -set), runs it and checks it.
func checkOne(ctx context.Context, name string, sf *scenarioFlags) reports.Checked {
	c := reports.Checked{Scenario: name, File: name}
	scn, err := loadScenario(name, sf.read)
	if err != nil {
		c.Err = err
		return c
	}
	c.Scenario, c.File = scn.Name, scn.File
	// A sweep is for kmssim sweep; check judges the scenario as written.
	scn.Sweep = nil
	if err := sf.apply(scn); err != nil {
		c.Err = fmt.Errorf("%s: %w", name, err)
		return c
	}
	c.Seed = scn.Seed
	var opts batch.Options
	if _, err := sf.simulation(scn, opts); err != nil {
		c.Err = err
		return c
	}
	b, err := batch.RunContext(ctx, scn, opts)
	if err != nil {
		c.Err = err
		return c
	}
	c.Verdicts = batch.Check(b)
	if len(b.Points) > 0 {
		plan := reports.PlanOf(b)
		c.Plan = &plan
	}
	if scn.Replications > 1 {
		c.Replications = scn.Replications
	}
	return c
}

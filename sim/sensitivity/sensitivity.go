// Package sensitivity ranks the numeric fields of a scenario by how much
// they move an outcome: each field is set to a low and a high value in
// turn, the others staying as they are, and the outcome's change between
// the two is measured over replications with the same seeds (common
// random numbers), so that the change comes from the field, not from
// chance. The ranked changes are what a tornado chart shows.
package sensitivity

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/seek"
)

// Outcome is what a sensitivity measures in each replication.
type Outcome struct {
	Kind OutcomeKind
	// Expectation is, for Expectation, its position in the scenario's
	// list.
	Expectation int
}

// OutcomeKind is the kind of an Outcome.
type OutcomeKind string

// The outcomes.
const (
	// AllHold is 1 in a replication in which every expectation held, else
	// 0: its mean is the probability that the plan holds.
	AllHold OutcomeKind = "all"
	// Expectation is 1 where expectation Outcome.Expectation held.
	Expectation OutcomeKind = "expect"
	// Below is the day a host's count first fell below a threshold; a
	// replication in which none fell counts as falling at the run's end.
	Below OutcomeKind = "below"
	// Lapsed is the number of clients not licensed at the end of the run.
	Lapsed OutcomeKind = "lapsed"
)

// ParseOutcome reads an outcome: all, expect[N], below or lapsed, for a
// scenario of expectations expectations.
func ParseOutcome(s string, expectations int) (Outcome, error) {
	switch s {
	case "all":
		if expectations == 0 {
			return Outcome{}, fmt.Errorf("outcome all: the scenario has no expectations; measure below or lapsed")
		}
		return Outcome{Kind: AllHold}, nil
	case "below":
		return Outcome{Kind: Below}, nil
	case "lapsed":
		return Outcome{Kind: Lapsed}, nil
	}
	if n, ok := strings.CutPrefix(s, "expect["); ok {
		i, err := strconv.Atoi(strings.TrimSuffix(n, "]"))
		if err == nil && strings.HasSuffix(n, "]") && i >= 0 && i < expectations {
			return Outcome{Kind: Expectation, Expectation: i}, nil
		}
		return Outcome{}, fmt.Errorf("outcome %s: the scenario has %s, expect[0] to expect[%d]", s, words.Plural(expectations, "expectation"), expectations-1)
	}
	return Outcome{}, fmt.Errorf("outcome %q: want all, expect[N], below or lapsed", s)
}

// String writes o as ParseOutcome reads it.
func (o Outcome) String() string {
	if o.Kind == Expectation {
		return fmt.Sprintf("expect[%d]", o.Expectation)
	}
	return string(o.Kind)
}

// Probability reports whether o is a probability (its mean is the share
// of replications in which something held).
func (o Outcome) Probability() bool { return o.Kind == AllHold || o.Kind == Expectation }

// value is o in one replication of a run of endDays days.
func (o Outcome) value(obs batch.Observation, endDays float64) float64 {
	switch o.Kind {
	case AllHold:
		return b2f(!slices.Contains(obs.Held, false))
	case Expectation:
		return b2f(obs.Held[o.Expectation])
	case Below:
		for _, m := range obs.Milestones {
			if m.Kind == batch.KindAnyBelow {
				return batch.Days(float64(m.At))
			}
		}
		return endDays
	}
	n := 0
	for _, l := range obs.NotLicensed {
		n += l.Clients
	}
	return float64(n)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Variation is a field set low and high: values as written in the YAML.
type Variation struct {
	Path      string
	Low, High string
}

// Candidates returns a Variation of every numeric field of scn that a
// plan chooses, set spread below and above its value (0.2: ±20%),
// within what the scenario allows, rounded as the field's kind is
// written. Left out: the run's frame (duration, sample, seed,
// replications), the model's constants and the products' thresholds
// (the rules of KMS-FACTS, not choices), the expectations (the judge,
// not the plan), fields not set, and fields at 0 (±20% of nothing).
func Candidates(scn *scenarios.Scenario, spread float64) ([]Variation, error) {
	var out []Variation
	for _, path := range scn.Paths() {
		if !chosen(path) {
			continue
		}
		v, err := scn.Get(path)
		if err != nil || v == "" {
			continue
		}
		kind, err := scn.Kind(path)
		if err != nil {
			return nil, err
		}
		x, err := kind.Parse(v)
		if err != nil || x == 0 {
			continue
		}
		step := 1.0
		if kind == scenarios.Real {
			step = 1e-6
		}
		lo, hi, err := seek.Range(scn, path, kind, x, step)
		if err != nil {
			continue
		}
		low := kind.Format(round(kind, max(lo, x*(1-spread))))
		high := kind.Format(round(kind, min(hi, x*(1+spread))))
		if low == v && high == v {
			continue
		}
		out = append(out, Variation{Path: path, Low: low, High: high})
	}
	return out, nil
}

// round rounds a duration as people write it: to the hour from a day
// on, else to the minute (7d ± 20% is 5d14h and 8d10h, not 5d14h24m).
func round(kind scenarios.NumberKind, x float64) float64 {
	if kind != scenarios.Span {
		return x
	}
	unit := float64(scenarios.Minute)
	if x >= float64(scenarios.Day) {
		unit = float64(scenarios.Hour)
	}
	return math.Round(x/unit) * unit
}

// chosen reports whether path is a field a plan chooses.
func chosen(path string) bool {
	switch path {
	case "duration", "sample", "seed", "replications":
		return false
	}
	return !strings.HasPrefix(path, "model.") && !strings.HasPrefix(path, "expect[") && !strings.HasSuffix(path, ".threshold")
}

// Estimate is the mean of an outcome over replications with its 95%
// interval: Wilson's for a probability, Student's t otherwise (NaN with
// fewer than two replications).
type Estimate struct {
	Mean, Low, High float64
}

// Effect is what setting one field low and high did to the outcome.
type Effect struct {
	Variation
	// AtLow and AtHigh are the outcome with the field low and high.
	AtLow, AtHigh Estimate
	// Change is the mean of high minus low, replication by replication
	// (paired: both ran the same seed), with its 95% interval.
	Change Estimate
}

// Result is a sensitivity: the outcome as the scenario stands, and each
// field's effect, the largest change first.
type Result struct {
	Outcome      Outcome
	Replications int
	Baseline     Estimate
	Effects      []Effect
}

// Options tune Run.
type Options struct {
	// Parallel is how many runs go at once; 0 means GOMAXPROCS.
	Parallel int
	// Keep, if set, says which variations (by position) this run
	// measures: a shard's. Nil measures all.
	Keep func(i int) bool
}

// Run measures the outcome with each variation of vars, each field low
// and high, and ranks the effects by the size of their change. Every
// variation is checked before the first run: a value the scenario does
// not allow is an error naming it.
func Run(ctx context.Context, scn *scenarios.Scenario, vars []Variation, o Outcome, opts Options) (*Result, error) {
	c := scn.Clone()
	c.Sweep = nil
	base, err := scenarios.Validated(c)
	if err != nil {
		return nil, err
	}
	batches := make([]*scenarios.Valid, len(vars))
	for i, v := range vars {
		c := base.Clone()
		c.Sweep = []scenarios.Parameter{{Path: v.Path, Values: []scenarios.Value{scenarios.Value(v.Low), scenarios.Value(v.High)}}}
		if batches[i], err = scenarios.Validated(c); err != nil {
			return nil, fmt.Errorf("%s from %s to %s: %w", v.Path, v.Low, v.High, err)
		}
	}
	res := &Result{Outcome: o, Replications: base.Replications}
	end := base.Duration.Days()
	b, err := batch.RunContext(ctx, base, batch.Options{Parallel: opts.Parallel})
	if err != nil {
		return nil, err
	}
	if err := stopped(ctx, b); err != nil {
		return nil, err
	}
	res.Baseline = o.estimate(o.values(b.Points[0], end))
	for i, c := range batches {
		if opts.Keep != nil && !opts.Keep(i) {
			continue
		}
		b, err := batch.RunContext(ctx, c, batch.Options{Parallel: opts.Parallel})
		if err != nil {
			return nil, err
		}
		if err := stopped(ctx, b); err != nil {
			return nil, err
		}
		low, high := o.values(b.Points[0], end), o.values(b.Points[1], end)
		d := batch.Paired(low, high)
		res.Effects = append(res.Effects, Effect{Variation: vars[i], AtLow: o.estimate(low), AtHigh: o.estimate(high),
			Change: Estimate{d.Mean, d.CILow, d.CIHigh}})
	}
	Rank(res.Effects)
	return res, nil
}

// Rank orders effects by the size of their change, the largest first;
// equal changes keep their order.
func Rank(effects []Effect) {
	slices.SortStableFunc(effects, func(a, b Effect) int {
		return cmp.Compare(math.Abs(b.Change.Mean), math.Abs(a.Change.Mean))
	})
}

// stopped returns the cause when ctx stopped a batch before its end.
func stopped(ctx context.Context, b *batch.Result) error {
	if !b.Complete {
		return fmt.Errorf("%w: nothing written", context.Cause(ctx))
	}
	return nil
}

// values returns o in each replication of p.
func (o Outcome) values(p batch.Point, end float64) []float64 {
	out := make([]float64, len(p.Observations))
	for r, obs := range p.Observations {
		out[r] = o.value(obs, end)
	}
	return out
}

// estimate summarizes o's values over the replications.
func (o Outcome) estimate(vs []float64) Estimate {
	if o.Probability() {
		held := 0
		for _, v := range vs {
			held += int(v)
		}
		p := batch.Estimate(held, len(vs))
		return Estimate{p.P, p.Low, p.High}
	}
	d := batch.Summarize(vs, len(vs))
	return Estimate{d.Mean, d.CILow, d.CIHigh}
}

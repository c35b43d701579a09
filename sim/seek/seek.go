// Package seek finds the limit of a plan: the largest value of one numeric
// field of a scenario (or the smallest) at which every expectation holds
// with at least a given probability, judged by the lower end of the 95%
// interval of that probability.
//
// The search is a bisection over a grid of values (whole numbers, or
// durations and numbers to a resolution), which assumes that the
// expectations get harder to meet as the value grows (as it falls, when
// seeking the smallest). Every probe runs its replications with the same
// seeds (common random numbers), so that the differences between probes
// come from the value, not from chance, and stops as soon as its verdict
// is settled. A probe that contradicts the order stops the search: the
// result says so, with the two probes, rather than give a wrong limit.
package seek

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/kmssim/kmssim/sim/batch"
)

// Rule is how a probe decides that it has run enough replications.
type Rule int

const (
	// Settled stops a probe once its verdict after MaxReplications can no
	// longer change, whatever the replications not run yet would show
	// (curtailed sampling). The verdict is exactly the one a batch of
	// MaxReplications runs gives, so a seek agrees with a sweep of that
	// many replications, with fewer runs.
	Settled Rule = iota
	// Interval stops a probe as soon as the 95% interval of every
	// expectation's probability lies at or above P, or one lies below P.
	// It takes far fewer runs where the answer is clear, but a verdict
	// read off an interval looked at again and again is a little less
	// strict than one of a fixed number of runs.
	Interval
)

// ParseRule reads a Rule by its name, "settled" or "interval".
func ParseRule(s string) (Rule, error) {
	switch s {
	case "settled":
		return Settled, nil
	case "interval":
		return Interval, nil
	}
	return 0, fmt.Errorf("seek: unknown rule %q: want settled or interval", s)
}

// String names r as ParseRule reads it.
func (r Rule) String() string {
	if r == Interval {
		return "interval"
	}
	return "settled"
}

// Grid is the values a search may probe: Lo, Lo+Step, Lo+2·Step, … and
// Hi, the last, even where Hi−Lo is no multiple of Step.
type Grid struct {
	Lo, Hi, Step float64
}

// Len returns the number of values of g.
func (g Grid) Len() int {
	if g.Hi <= g.Lo {
		return 1
	}
	return int(math.Ceil((g.Hi-g.Lo)/g.Step-1e-9)) + 1
}

// At returns the k-th value of g, from 0. Values are rounded to 12
// significant digits, so that 0.1+0.2 is written 0.3.
func (g Grid) At(k int) float64 {
	if k >= g.Len()-1 {
		return g.Hi
	}
	v := g.Lo + float64(k)*g.Step
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// Trials runs the replications of a probe.
type Trials interface {
	// Held runs replications from to to−1 (positions in the seeds that
	// every probe shares) at value x, and reports for each whether each
	// expectation held: held[r−from][e].
	Held(ctx context.Context, x float64, from, to int) ([][]bool, error)
}

// Options tune a search.
type Options struct {
	Grid Grid
	// Smallest seeks the smallest value that holds rather than the
	// largest: the expectations get harder to meet as the value falls.
	Smallest bool
	// P is the probability every expectation must hold with; 0 means
	// 0.95.
	P float64
	// MaxReplications caps the runs of one probe; 0 means 400.
	MaxReplications int
	// Look is how many replications run between two looks at a probe's
	// verdict; 0 means 10. Looks fall at fixed counts, so the result does
	// not depend on how many runs go at once.
	Look int
	Rule Rule
	// Expectations is how many expectations each replication judges.
	Expectations int
	// Progress, if set, is called after each probe.
	Progress func(Probe)
}

// Defaults of Options.
const (
	DefaultP               = 0.95
	DefaultMaxReplications = 400
	DefaultLook            = 10
)

// Probe is what the replications at one value showed.
type Probe struct {
	Index int     // position on the grid
	Value float64 // the value probed
	Runs  int     // replications run
	// Held counts, per expectation, the replications in which it held;
	// AllHeld those in which every expectation held at once.
	Held    []int
	AllHeld int
	// Pass is the verdict: every expectation's probability has a lower
	// 95% bound of at least P.
	Pass bool
	// Early is set when the probe stopped before MaxReplications because
	// its verdict was settled.
	Early bool
}

// Probability returns how often expectation e held at the probe, with
// its 95% interval.
func (p Probe) Probability(e int) batch.Probability { return batch.Estimate(p.Held[e], p.Runs) }

// Weakest returns the expectation with the lowest lower bound at the
// probe: the one that decides its verdict.
func (p Probe) Weakest() int {
	w := 0
	for e := range p.Held {
		if p.Probability(e).Low < p.Probability(w).Low {
			w = e
		}
	}
	return w
}

// Outcome is how a search ended.
type Outcome string

// The outcomes of a search.
const (
	// Found: the limit holds, and the next value beyond it does not.
	Found Outcome = "found"
	// AllHold: every value up to the far end of the grid holds.
	AllHold Outcome = "all_hold"
	// NoneHold: even the first value, the easiest, does not hold.
	NoneHold Outcome = "none_hold"
	// NotMonotone: two probes contradict the order the search assumes;
	// Result.Conflict names them.
	NotMonotone Outcome = "not_monotone"
	// NotSearched: the search did not run, because the budget of runs of
	// a frontier was spent before it. Search never returns it.
	NotSearched Outcome = "not_searched"
)

// Result is what a search found.
type Result struct {
	Outcome Outcome
	// Limit is the probe at the limit (Found, AllHold); Next the probe one
	// step beyond it (Found) or the first value (NoneHold). Either is nil
	// where there is none.
	Limit, Next *Probe
	// Conflict holds, when the outcome is NotMonotone, the probe that
	// should have been the easier of the two (nearer the start of the
	// search) and the one that contradicts it.
	Conflict []Probe
	// Expectation is, for NotMonotone, the expectation whose probability
	// went the wrong way, or −1 when the verdicts themselves did.
	Expectation int
	// Probes are every probe, in the order they ran.
	Probes []Probe
	// Runs is the number of replications of all probes together.
	Runs int
}

// Search finds the limit with the replications of t.
func Search(ctx context.Context, t Trials, o Options) (*Result, error) {
	o.setDefaults()
	if err := o.check(); err != nil {
		return nil, err
	}
	s := &search{t: t, o: o, byIndex: map[int]int{}}
	res, err := s.run(ctx)
	if err != nil {
		return nil, err
	}
	res.Probes = s.probes
	for _, p := range s.probes {
		res.Runs += p.Runs
	}
	return res, nil
}

func (o *Options) setDefaults() {
	if o.P == 0 {
		o.P = DefaultP
	}
	if o.MaxReplications == 0 {
		o.MaxReplications = DefaultMaxReplications
	}
	if o.Look == 0 {
		o.Look = DefaultLook
	}
}

func (o *Options) check() error {
	switch {
	case !(o.P > 0 && o.P < 1):
		return fmt.Errorf("seek: probability %v: want more than 0 and less than 1, such as 0.95", o.P)
	case o.MaxReplications < 1:
		return fmt.Errorf("seek: %d replications: want 1 or more", o.MaxReplications)
	case o.Look < 1:
		return fmt.Errorf("seek: looks every %d replications: want 1 or more", o.Look)
	case !(o.Grid.Step > 0) || math.IsNaN(o.Grid.Lo) || math.IsNaN(o.Grid.Hi) || o.Grid.Hi < o.Grid.Lo:
		return fmt.Errorf("seek: grid %v to %v by %v: want a step above 0 and the low end at most the high end", o.Grid.Lo, o.Grid.Hi, o.Grid.Step)
	case o.Expectations < 1:
		return errors.New("seek: nothing to judge: the scenario has no expectations")
	}
	return nil
}

type search struct {
	t       Trials
	o       Options
	probes  []Probe
	byIndex map[int]int // grid position → index in probes
}

// at maps a step j of the search, counted from its easy end, to a
// position on the grid: the two are the same when seeking the largest
// value, mirrored when seeking the smallest.
func (s *search) at(j int) int {
	if s.o.Smallest {
		return s.o.Grid.Len() - 1 - j
	}
	return j
}

// run probes the easy end, the far end and the middle, then bisects
// between the last step that held and the first that did not. The three
// first probes are also a first test of the order: a far end that holds
// where the easy end fails says the plan runs the other way (-smallest),
// and a middle that fails between two ends that hold is the commonest
// shape of a plan that is not monotone (two hosts balanced only at the
// extremes).
func (s *search) run(ctx context.Context) (*Result, error) {
	last := s.o.Grid.Len() - 1
	good, bad := -1, last+1 // steps known to hold, and not to hold
	// visit probes step j and narrows good and bad; a conflict ends the
	// search.
	visit := func(j int) (*Result, error) {
		p, err := s.probe(ctx, j)
		if err != nil {
			return nil, err
		}
		if p.Pass {
			good = max(good, j)
		} else {
			bad = min(bad, j)
		}
		return s.conflict(), nil
	}
	for i, j := range []int{0, last, last / 2} {
		if s.has(j) || i == 2 && good < 0 {
			continue // probed already, or both ends failed
		}
		if r, err := visit(j); r != nil || err != nil {
			return r, err
		}
	}
	for bad-good > 1 && good >= 0 {
		if r, err := visit(good + (bad-good)/2); r != nil || err != nil {
			return r, err
		}
	}
	res := &Result{Expectation: -1}
	switch {
	case good < 0:
		res.Outcome = NoneHold
		res.Next = s.get(0)
	case bad > last:
		res.Outcome = AllHold
		res.Limit = s.get(good)
	default:
		res.Outcome = Found
		res.Limit, res.Next = s.get(good), s.get(bad)
	}
	return res, nil
}

// has reports whether step j has been probed.
func (s *search) has(j int) bool {
	_, ok := s.byIndex[s.at(j)]
	return ok
}

// get returns a copy of the probe of step j.
func (s *search) get(j int) *Probe {
	p := s.probes[s.byIndex[s.at(j)]]
	return &p
}

// probe runs the replications at step j until its verdict is settled.
func (s *search) probe(ctx context.Context, j int) (Probe, error) {
	k := s.at(j)
	p := Probe{Index: k, Value: s.o.Grid.At(k), Held: make([]int, s.o.Expectations)}
	n := s.o.MaxReplications
	for p.Runs < n {
		to := min(p.Runs+s.o.Look, n)
		held, err := s.t.Held(ctx, p.Value, p.Runs, to)
		if err != nil {
			return p, err
		}
		if len(held) != to-p.Runs {
			return p, fmt.Errorf("seek: %d replications asked, %d reported", to-p.Runs, len(held))
		}
		for _, h := range held {
			if len(h) != s.o.Expectations {
				return p, fmt.Errorf("seek: %d expectations judged, want %d", len(h), s.o.Expectations)
			}
			all := true
			for e, ok := range h {
				if ok {
					p.Held[e]++
				} else {
					all = false
				}
			}
			if all {
				p.AllHeld++
			}
		}
		p.Runs = to
		if pass, settled := s.verdict(p); settled {
			p.Pass, p.Early = pass, p.Runs < n
			break
		}
	}
	s.byIndex[k] = len(s.probes)
	s.probes = append(s.probes, p)
	if s.o.Progress != nil {
		s.o.Progress(p)
	}
	return p, nil
}

// verdict says whether p holds, and whether that is settled.
func (s *search) verdict(p Probe) (pass, settled bool) {
	n, want := s.o.MaxReplications, s.o.P
	if p.Runs >= n {
		for _, h := range p.Held {
			if batch.Estimate(h, n).Low < want {
				return false, true
			}
		}
		return true, true
	}
	sure := true
	for _, h := range p.Held {
		switch s.o.Rule {
		case Settled:
			// The verdict after n runs: fails even if every run still to
			// come holds; holds even if every one fails.
			if batch.Estimate(h+n-p.Runs, n).Low < want {
				return false, true
			}
			sure = sure && batch.Estimate(h, n).Low >= want
		case Interval:
			pr := batch.Estimate(h, p.Runs)
			if pr.High < want {
				return false, true
			}
			sure = sure && pr.Low >= want
		}
	}
	return true, sure
}

// conflict returns a NotMonotone result when two probes contradict the
// order: a step that fails before one that holds, or an expectation whose
// probability is clearly (the 95% intervals apart) higher at the harder of
// two steps.
func (s *search) conflict() *Result {
	n := len(s.probes)
	last := s.probes[n-1]
	for _, q := range s.probes[:n-1] {
		easy, hard := q, last
		if s.easier(last, q) {
			easy, hard = last, q
		}
		if !easy.Pass && hard.Pass {
			return &Result{Outcome: NotMonotone, Conflict: []Probe{easy, hard}, Expectation: -1}
		}
		for e := range easy.Held {
			if easy.Probability(e).High < hard.Probability(e).Low {
				return &Result{Outcome: NotMonotone, Conflict: []Probe{easy, hard}, Expectation: e}
			}
		}
	}
	return nil
}

// easier reports whether a comes before b in the order of the search.
func (s *search) easier(a, b Probe) bool {
	if s.o.Smallest {
		return a.Index > b.Index
	}
	return a.Index < b.Index
}

package sim

import (
	"cmp"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"math"
	"slices"
	"strconv"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Verdict is the outcome of one expectation of a scenario.
type Verdict struct {
	Index    int    // position in the scenario's expect list
	Name     string // the expectation's name, or else Expected
	Expected string // what was expected, in words
	Actual   string // what happened: the value that decided, and when
	Pass     bool
	// At is when Actual happened, or −1 when no single time applies (a
	// total over a window).
	At engine.Time
}

// String formats v as one line: "PASS name: actual".
func (v Verdict) String() string {
	word := "FAIL"
	if v.Pass {
		word = "PASS"
	}
	s := word + " " + v.Name
	if v.Name != v.Expected {
		s += " (" + v.Expected + ")"
	}
	return s + ": " + v.Actual
}

// Check evaluates the expectations exps (those of the scenario res came
// from) against res. Counts and client states are judged on their exact
// histories: the value after every event of a second, at every second of
// the window where it changed. Totals and peak rates are judged on the
// sample grid.
func Check(res *Result, exps []scenarios.Expectation) []Verdict {
	out := make([]Verdict, 0, len(exps))
	for i := range exps {
		e := &exps[i]
		v := Verdict{Index: i, Expected: describe(res, e), At: -1}
		v.Pass, v.Actual, v.At = evaluate(res, e)
		v.Name = e.Name
		if v.Name == "" {
			v.Name = v.Expected
		}
		out = append(out, v)
	}
	return out
}

// window returns the closed window of e on the run's clock.
func window(res *Result, e *scenarios.Expectation) (from, until engine.Time) {
	f, u := e.Window(scenarios.Duration(res.Duration))
	return engine.Time(f), engine.Time(u)
}

// evaluate judges e on res: the model's one place for each kind of
// expectation subject (scenarios.Subject).
func evaluate(res *Result, e *scenarios.Expectation) (bool, string, engine.Time) {
	from, until := window(res, e)
	s, _ := e.Subject()
	switch s := s.(type) {
	case *scenarios.CountSubject:
		pool := findPool(res, s)
		if pool == nil {
			return false, fmt.Sprintf("host %s has no %s pool", s.Host, s.Pool), -1
		}
		return bounds(res, countPoints(pool), from, until, e.AtLeast, e.AtMost)
	case *scenarios.FirstBelow:
		return crossing(res, e, s.Count(), true, from, until)
	case *scenarios.FirstReached:
		return crossing(res, e, s.Count(), false, from, until)
	case *scenarios.ClientsSubject:
		return bounds(res, clientPoints(res, s, false), from, until, e.AtLeast, e.AtMost)
	case *scenarios.LicensedFraction:
		return bounds(res, clientPoints(res, s.Clients(), true), from, until, e.AtLeast, e.AtMost)
	case *scenarios.TotalSubject:
		return total(res, e, s, from, until)
	case *scenarios.PeakSubject:
		return peak(res, e, s, from, until)
	case *scenarios.ESUSubject:
		return esuFigure(res, e, s)
	}
	return false, "no subject the model knows", -1
}

// point is a value from time at on. NaN means undefined (a fraction of no
// clients).
type point struct {
	at engine.Time
	v  float64
}

// push appends (at, v), replacing a point at the same second: only the
// value after every event of a second counts.
func push(pts []point, at engine.Time, v float64) []point {
	if n := len(pts); n > 0 && pts[n-1].at == at {
		pts[n-1].v = v
		return pts
	}
	return append(pts, point{at, v})
}

func countPoints(p *PoolSeries) []point {
	pts := []point{{0, -1}}
	for _, s := range p.Steps {
		pts = push(pts, s.At, float64(s.Value))
	}
	return pts
}

// clientPoints returns the number of the subject's clients in its state
// over time, or with fraction the share of present clients that are
// Licensed.
func clientPoints(res *Result, s *scenarios.ClientsSubject, fraction bool) []point {
	var ts []Transition
	for _, g := range res.Groups {
		if (s.Group == "" || g.Name == s.Group) && (s.Product == "" || g.Product == s.Product) {
			ts = append(ts, g.Transitions...)
		}
	}
	slices.SortStableFunc(ts, func(a, b Transition) int { return cmp.Compare(a.At, b.At) })
	in := func(st State) bool {
		switch {
		case fraction:
			return st == Licensed
		case s.State == "not_licensed":
			return st != Licensed && st != Absent
		}
		return st.String() == s.State
	}
	value := func(n, present int) float64 {
		if !fraction {
			return float64(n)
		}
		if present == 0 {
			return math.NaN()
		}
		return float64(n) / float64(present)
	}
	n, present := 0, 0
	pts := []point{{0, value(0, 0)}}
	for _, t := range ts {
		if in(t.From) {
			n--
		}
		if in(t.To) {
			n++
		}
		if t.From == Absent {
			present++
		}
		if t.To == Absent {
			present--
		}
		pts = push(pts, t.At, value(n, present))
	}
	return pts
}

// bounds checks that the series stays within [atLeast, atMost] at every
// moment of [from, until]. It reports the first moment it left them, or
// else the extreme it came closest at.
func bounds(res *Result, pts []point, from, until engine.Time, atLeast, atMost *float64) (bool, string, engine.Time) {
	// The value at from (left by the last change at or before it), then
	// every change in (from, until].
	i, _ := slices.BinarySearchFunc(pts, from, func(p point, t engine.Time) int { return cmp.Compare(p.at, t+1) })
	var lo, hi *point
	start := point{from, pts[max(i-1, 0)].v}
	for k := i - 1; k < len(pts); k++ {
		p := &start
		if k >= i {
			p = &pts[k]
		}
		if p.at > until {
			break
		}
		if math.IsNaN(p.v) {
			continue
		}
		if atLeast != nil && p.v < *atLeast {
			return false, fmt.Sprintf("%s at %s", num(p.v), res.When(p.at)), p.at
		}
		if atMost != nil && p.v > *atMost {
			return false, fmt.Sprintf("%s at %s", num(p.v), res.When(p.at)), p.at
		}
		if lo == nil || p.v < lo.v {
			lo = p
		}
		if hi == nil || p.v > hi.v {
			hi = p
		}
	}
	if lo == nil {
		return false, "no clients present", -1
	}
	if from == until {
		return true, fmt.Sprintf("%s at %s", num(lo.v), res.When(lo.at)), lo.at
	}
	closest := lo
	word := "lowest"
	if atLeast == nil {
		closest, word = hi, "highest"
	}
	return true, fmt.Sprintf("%s %s at %s", word, num(closest.v), res.When(closest.at)), closest.at
}

// crossing checks when the count subj first fell below (or reached) a
// threshold.
func crossing(res *Result, e *scenarios.Expectation, subj *scenarios.CountSubject, below bool, from, until engine.Time) (bool, string, engine.Time) {
	verb := "reached"
	if below {
		verb = "fell below"
	}
	pool := findPool(res, subj)
	if pool == nil {
		return false, fmt.Sprintf("host %s has no %s pool", subj.Host, subj.Pool), -1
	}
	t := threshold(pool, subj)
	first := engine.Time(-1)
	prev := -1.0
	// From −1 before the start: a count that reaches the threshold in
	// second 0 crosses it there (its first point is at second 0).
	for _, p := range countPoints(pool) {
		if t > 0 && ((below && prev >= float64(t) && p.v < float64(t)) || (!below && prev < float64(t) && p.v >= float64(t))) {
			if first < 0 {
				first = p.at
			}
			if e.Never && p.at >= from && p.at <= until {
				return false, fmt.Sprintf("%s %d at %s (count %s)", verb, t, res.When(p.at), num(p.v)), p.at
			}
		}
		prev = p.v
	}
	switch {
	case e.Never:
		return true, "never " + verb + " " + strconv.Itoa(t) + " in the window", -1
	case first < 0:
		return false, "never " + verb + " " + strconv.Itoa(t), -1
	case first < from:
		return false, fmt.Sprintf("first %s %d at %s, before the window", verb, t, res.When(first)), first
	case first > until:
		return false, fmt.Sprintf("first %s %d at %s, after the window", verb, t, res.When(first)), first
	}
	return true, fmt.Sprintf("%s %d at %s", verb, t, res.When(first)), first
}

// threshold returns the subject's threshold, or the highest threshold of
// the clients that asked the pool.
func threshold(pool *PoolSeries, s *scenarios.CountSubject) int {
	if s.Threshold > 0 {
		return s.Threshold
	}
	if n := len(pool.Thresholds); n > 0 {
		return pool.Thresholds[n-1]
	}
	return 0
}

// rows returns the sample rows whose interval meets [from, until]: row i
// covers (Times[i-1], Times[i]], row 0 the instant 0.
func rows(res *Result, from, until engine.Time) (first, last int) {
	first, last = len(res.Times), -1
	for i, t := range res.Times {
		start := engine.Time(0)
		if i > 0 {
			start = res.Times[i-1]
		}
		if t >= from && (start < until || (i == 0 && from == 0)) {
			first, last = min(first, i), i
		}
	}
	return first, last
}

func total(res *Result, e *scenarios.Expectation, s *scenarios.TotalSubject, from, until engine.Time) (bool, string, engine.Time) {
	value := func(i int) int64 {
		v, _ := res.Traffic[i].Metric(s.Metric) // validated: it exists
		return v
	}
	if name := s.Host; name != "" {
		h := findHost(res, name)
		if h == nil {
			return false, "no host " + name, -1
		}
		series := h.Requests
		if s.Metric == "answered" {
			series = h.Answered
		}
		value = func(i int) int64 { return int64(series[i]) }
	}
	first, last := rows(res, from, until)
	var sum int64
	for i := first; i <= last; i++ {
		sum += value(i)
	}
	v := float64(sum)
	ok := (e.AtLeast == nil || v >= *e.AtLeast) && (e.AtMost == nil || v <= *e.AtMost)
	return ok, num(v), -1
}

// peak finds the highest request rate per hour of any sample interval in
// the window. The requests at time 0 count toward the first interval.
func peak(res *Result, e *scenarios.Expectation, s *scenarios.PeakSubject, from, until engine.Time) (bool, string, engine.Time) {
	requests := func(i int) int64 { return res.Traffic[i].Requests }
	if name := s.Host; name != "" {
		h := findHost(res, name)
		if h == nil {
			return false, "no host " + name, -1
		}
		requests = func(i int) int64 { return int64(h.Requests[i]) }
	}
	first, last := rows(res, from, until)
	best, bestAt := -1.0, engine.Time(-1)
	// Rates are rounded to 2 decimals after the comparison below, which
	// uses the exact value.
	for i := max(first, 1); i <= last; i++ {
		n := requests(i)
		if i == 1 {
			n += requests(0)
		}
		rate := float64(n) * float64(engine.Hour) / float64(res.Times[i]-res.Times[i-1])
		if rate > best {
			best, bestAt = rate, res.Times[i]
		}
	}
	if bestAt < 0 {
		return false, "no sample interval in the window", -1
	}
	ok := (e.AtLeast == nil || best >= *e.AtLeast) && (e.AtMost == nil || best <= *e.AtMost)
	best = math.Round(best*100) / 100
	return ok, fmt.Sprintf("%s requests/hour in the interval ending %s", num(best), res.When(bestAt)), bestAt
}

func findHost(res *Result, name string) *HostSeries {
	for i := range res.Hosts {
		if res.Hosts[i].Name == name {
			return &res.Hosts[i]
		}
	}
	return nil
}

func findPool(res *Result, s *scenarios.CountSubject) *PoolSeries {
	h := findHost(res, s.Host)
	if h == nil {
		return nil
	}
	for i := range h.Pools {
		if h.Pools[i].Pool == s.Pool {
			return &h.Pools[i]
		}
	}
	return nil
}

// num formats a value without needless decimals: 25, 0.92, 1234.5.
func num(v float64) string { return words.Number(v) }

// Describe words expectation e of scn for people, as Verdict.Expected
// does, without a run: a crossing of the default threshold is "its
// threshold".
func Describe(scn *scenarios.Scenario, e *scenarios.Expectation) string {
	return e.Describe(scn.Duration, "its threshold")
}

// describe words e; the pools of res supply a default threshold.
func describe(res *Result, e *scenarios.Expectation) string {
	t := "its threshold"
	s, _ := e.Subject()
	if c, ok := s.(interface {
		Count() *scenarios.CountSubject
	}); ok && s.Crossing() {
		subj := c.Count()
		if pool := findPool(res, subj); pool != nil && threshold(pool, subj) > 0 {
			t = strconv.Itoa(threshold(pool, subj))
		}
	}
	return e.Describe(scenarios.Duration(res.Duration), t)
}

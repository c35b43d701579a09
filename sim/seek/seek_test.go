package seek

import (
	"context"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/sim"
)

// capacity is a plan whose replication r holds at x while x is at most
// its own capacity, drawn once per replication: monotone in x, with the
// same draws at every x, as common random numbers make a real scenario.
// Capacities are spread evenly from lo to hi.
type capacity struct {
	lo, hi float64
	floor  bool // hold while x is at least the capacity instead
	ran    int
}

func (c *capacity) holds(x float64, r int) bool {
	if c.floor {
		return x >= c.cap(r)
	}
	return x <= c.cap(r)
}

func (c *capacity) cap(r int) float64 {
	u := float64(sim.SplitMix(uint64(r))>>11) / (1 << 53)
	return c.lo + u*(c.hi-c.lo)
}

func (c *capacity) Held(_ context.Context, x float64, from, to int) ([][]bool, error) {
	out := make([][]bool, to-from)
	for i := range out {
		out[i] = []bool{c.holds(x, from+i)}
	}
	c.ran += to - from
	return out, nil
}

// exhaustive is what a sweep of every value with n replications finds:
// the largest value up to which every value holds by the lower bound (the
// smallest down to which, for a floor).
func exhaustive(c *capacity, g Grid, n int, p float64) (limit float64, found bool) {
	for k := range g.Len() {
		if c.floor {
			k = g.Len() - 1 - k
		}
		x := g.At(k)
		held := 0
		for r := range n {
			if c.holds(x, r) {
				held++
			}
		}
		s := &search{o: Options{MaxReplications: n, P: p}}
		if pass, _ := s.verdict(Probe{Runs: n, Held: []int{held}}); !pass {
			return limit, found
		}
		limit, found = x, true
	}
	return limit, found
}

func TestSearch(t *testing.T) {
	const day = 86400
	tests := []struct {
		name     string
		c        capacity
		o        Options
		outcome  Outcome
		maxShare float64 // runs at most this share of a sweep's
	}{
		{"largest", capacity{lo: 20, hi: 40}, Options{Grid: Grid{0, 60, 1}}, Found, 0.2},
		{"smallest", capacity{lo: 20, hi: 40, floor: true}, Options{Grid: Grid{0, 60, 1}, Smallest: true}, Found, 0.2},
		{"whole range", capacity{lo: 50, hi: 90}, Options{Grid: Grid{0, 40, 1}}, AllHold, 1},
		{"none", capacity{lo: -10, hi: -5}, Options{Grid: Grid{0, 40, 1}}, NoneHold, 0.1},
		{"durations to a resolution", capacity{lo: 30 * day, hi: 90 * day}, Options{Grid: Grid{0, 365 * day, day}}, Found, 0.05},
		{"fractions", capacity{lo: 0.3, hi: 0.9}, Options{Grid: Grid{0, 1, 0.01}}, Found, 0.1},
		{"interval rule", capacity{lo: 20, hi: 40}, Options{Grid: Grid{0, 60, 1}, Rule: Interval}, Found, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Expectations = 1
			res, err := Search(context.Background(), &tt.c, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tt.outcome {
				t.Fatalf("Outcome=%v, want %v (probes %+v)", res.Outcome, tt.outcome, res.Probes)
			}
			want, _ := exhaustive(&capacity{lo: tt.c.lo, hi: tt.c.hi, floor: tt.c.floor}, tt.o.Grid, DefaultMaxReplications, DefaultP)
			if tt.outcome == Found || tt.outcome == AllHold {
				if res.Limit == nil || res.Limit.Value != want || !res.Limit.Pass {
					t.Errorf("Limit=%+v, want %v, holding", res.Limit, want)
				}
			}
			step := 1
			if tt.o.Smallest {
				step = -1
			}
			if tt.outcome == Found && (res.Next == nil || res.Next.Index-res.Limit.Index != step || res.Next.Pass) {
				t.Errorf("Next=%+v, want the next step, failing", res.Next)
			}
			if res.Runs != tt.c.ran {
				t.Errorf("Runs=%d, but %d replications ran", res.Runs, tt.c.ran)
			}
			sweep := tt.o.Grid.Len() * DefaultMaxReplications
			if share := float64(res.Runs) / float64(sweep); share > tt.maxShare {
				t.Errorf("%d runs, %.2f of a sweep's %d; want at most %.2f", res.Runs, share, sweep, tt.maxShare)
			}
		})
	}
}

// The settled rule gives the verdict of MaxReplications runs: a search
// finds the very limit an exhaustive sweep with as many replications
// finds, wherever the capacities fall.
func TestSearchAgreesWithSweep(t *testing.T) {
	for i := range 20 {
		c := &capacity{lo: float64(i), hi: float64(10 + 3*i)}
		g := Grid{0, 50, 1}
		want, found := exhaustive(c, g, 400, 0.95)
		res, err := Search(context.Background(), c, Options{Grid: g, Expectations: 1})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !found && res.Outcome != NoneHold:
			t.Errorf("capacities %v–%v: Outcome=%v, want none_hold", c.lo, c.hi, res.Outcome)
		case found && (res.Limit == nil || res.Limit.Value != want):
			t.Errorf("capacities %v–%v: Limit=%+v, want %v", c.lo, c.hi, res.Limit, want)
		}
	}
}

// twoEnds holds at both ends of its range and nowhere between, as two
// hosts split a site except when one has all the weight.
type twoEnds struct{}

func (twoEnds) Held(_ context.Context, x float64, from, to int) ([][]bool, error) {
	out := make([][]bool, to-from)
	for i := range out {
		out[i] = []bool{x <= 10 || x >= 90}
	}
	return out, nil
}

// wrongWay holds more often as x grows: the wrong way for the largest.
type wrongWay struct{}

func (wrongWay) Held(_ context.Context, x float64, from, to int) ([][]bool, error) {
	out := make([][]bool, to-from)
	for i := range out {
		out[i] = []bool{float64((from+i)%100) < x}
	}
	return out, nil
}

// rising has a second expectation that holds in 97.5% of the
// replications at 0 and in all at 100: every verdict holds, but the
// probability clearly rises.
type rising struct{}

func (rising) Held(_ context.Context, x float64, from, to int) ([][]bool, error) {
	out := make([][]bool, to-from)
	for i := range out {
		out[i] = []bool{true, (from+i)%200 < 195+int(x/20)}
	}
	return out, nil
}

func TestSearchNotMonotone(t *testing.T) {
	tests := []struct {
		name        string
		t           Trials
		o           Options
		expectation int
	}{
		{"both ends hold", twoEnds{}, Options{Expectations: 1}, -1},
		{"the far end holds", wrongWay{}, Options{Expectations: 1}, -1},
		{"the smallest of a plan for the largest", &capacity{lo: 20, hi: 40}, Options{Expectations: 1, Smallest: true}, -1},
		{"a probability rises", rising{}, Options{Expectations: 2, MaxReplications: 2000}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Grid = Grid{0, 100, 1}
			res, err := Search(context.Background(), tt.t, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != NotMonotone || len(res.Conflict) != 2 {
				t.Fatalf("Outcome=%v, Conflict=%+v, want not_monotone with two probes", res.Outcome, res.Conflict)
			}
			if res.Expectation != tt.expectation {
				t.Errorf("Expectation=%d, want %d", res.Expectation, tt.expectation)
			}
			if res.Limit != nil {
				t.Errorf("Limit=%+v, want none", res.Limit)
			}
		})
	}
}

func TestSearchBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"p above 1", Options{P: 1.5, Expectations: 1, Grid: Grid{0, 1, 1}}, "seek: probability 1.5: want more than 0 and less than 1, such as 0.95"},
		{"p of 1", Options{P: 1, Expectations: 1, Grid: Grid{0, 1, 1}}, "seek: probability 1: want more than 0 and less than 1, such as 0.95"},
		{"no expectation", Options{Grid: Grid{0, 1, 1}}, "seek: nothing to judge: the scenario has no expectations"},
		{"reversed grid", Options{Expectations: 1, Grid: Grid{5, 1, 1}}, "seek: grid 5 to 1 by 1: want a step above 0 and the low end at most the high end"},
		{"no step", Options{Expectations: 1, Grid: Grid{0, 1, 0}}, "seek: grid 0 to 1 by 0: want a step above 0 and the low end at most the high end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Search(context.Background(), twoEnds{}, tt.o)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err=%v, want %q", err, tt.want)
			}
		})
	}
}

func TestGrid(t *testing.T) {
	tests := []struct {
		g    Grid
		want []float64
	}{
		{Grid{0, 3, 1}, []float64{0, 1, 2, 3}},
		{Grid{0, 1, 0.3}, []float64{0, 0.3, 0.6, 0.9, 1}},
		{Grid{0.1, 0.4, 0.1}, []float64{0.1, 0.2, 0.3, 0.4}},
		{Grid{7, 7, 1}, []float64{7}},
	}
	for _, tt := range tests {
		var got []float64
		for k := range tt.g.Len() {
			got = append(got, tt.g.At(k))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: values %v, want %v", tt.g, got, tt.want)
		}
	}
}

package sim

import (
	"slices"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// sums are the series of a run that add up over its parts: the traffic of
// each interval, and the clients of each product in each state. A worker
// adds every world it runs into its own sums; integer sums do not depend
// on order, so neither does the result on how the work was shared.
type sums struct {
	samples  int
	times    []engine.Time // the run's sample times, in the first worker's sums
	traffic  []Counters
	products []*[productRows][]int32 // by index in scenarios.Products; nil if none
	spare    []*[productRows][]int32 // cleared series of an earlier run, for product
	series   [][]int32               // empty series of hosts and keys of an earlier run, for newSeries
	trans    [][]Transition          // empty lists of transitions of an earlier run, for newTransitions
}

// productRows are the series of a product in sums: one per state, then
// the clients in their expiry warning (K38).
const (
	productRows = NumStates + 2
	expiringRow = NumStates
	adRow       = NumStates + 1 // licensed by AD (K34)
)

// newSums returns empty sums of the given number of samples: those of a
// recycled result if there are some of that length (recycle).
func newSums(samples int) *sums {
	if s, _ := recycled.Get().(*sums); s != nil && s.samples == samples {
		s.times = s.times[:0]
		clear(s.traffic)
		for pi, p := range s.products {
			if p != nil {
				s.spare = append(s.spare, p)
				s.products[pi] = nil // a product of this run has series; others none
			}
		}
		for _, p := range s.spare {
			for st := range p {
				clear(p[st])
			}
		}
		return s
	}
	return &sums{samples: samples, traffic: make([]Counters, samples), products: make([]*[productRows][]int32, len(scenarios.Products))}
}

// recycled holds the sums of results handed back by recycle.
var recycled sync.Pool

// recycle hands the series of res (Times, Traffic, and those of Hosts,
// Keys, Products and Groups) back for a later run of as many samples to
// fill instead of allocating its own (see RunView). res, and anything
// that shares its series, must not be used afterwards: its series are set
// to nil, so that a mistake shows.
func recycle(res *Result) {
	n := len(res.Times)
	if n == 0 || len(res.Traffic) != n {
		return // not a run's result
	}
	s := &sums{samples: n, times: res.Times, traffic: res.Traffic, products: make([]*[productRows][]int32, len(scenarios.Products))}
	for _, p := range res.Products {
		rows := new([productRows][]int32)
		copy(rows[:], p.Clients[:])
		rows[expiringRow], rows[adRow] = p.Expiring, p.LicensedAD
		if !slices.ContainsFunc(rows[:], func(r []int32) bool { return len(r) != n }) {
			s.spare = append(s.spare, rows)
		}
	}
	keep := func(series []int32) {
		if cap(series) == n {
			s.series = append(s.series, series[:0])
		}
	}
	for _, h := range res.Hosts {
		keep(h.Requests)
		keep(h.Answered)
		for _, p := range h.Pools {
			keep(p.Count)
		}
	}
	for _, k := range res.Keys {
		keep(k.Remaining)
	}
	for _, g := range res.Groups {
		if cap(g.Transitions) > 0 {
			s.trans = append(s.trans, g.Transitions[:0])
		}
	}
	res.Times, res.Traffic, res.Products, res.Hosts, res.Keys, res.Groups = nil, nil, nil, nil, nil, nil
	recycled.Put(s)
}

// newSeries returns an empty series with room for every sample.
func (s *sums) newSeries() []int32 {
	if n := len(s.series); n > 0 {
		out := s.series[n-1]
		s.series = s.series[:n-1]
		return out
	}
	return make([]int32, 0, s.samples)
}

// newTransitions returns an empty list of transitions, nil if sums have
// none from an earlier run.
func (s *sums) newTransitions() []Transition {
	n := len(s.trans)
	if n == 0 {
		return nil
	}
	out := s.trans[n-1]
	s.trans = s.trans[:n-1]
	return out
}

// product returns the series of product number pi, created if needed.
func (s *sums) product(pi int) *[productRows][]int32 {
	if s.products[pi] == nil {
		if n := len(s.spare); n > 0 {
			s.products[pi], s.spare = s.spare[n-1], s.spare[:n-1]
		} else {
			p := new([productRows][]int32)
			for st := range p {
				p[st] = make([]int32, s.samples)
			}
			s.products[pi] = p
		}
	}
	return s.products[pi]
}

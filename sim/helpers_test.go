package sim

import (
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

const (
	hour = engine.Hour
	day  = engine.Day
)

// runYAML parses a scenario and runs it with seed, returning the result
// and every exchange in order.
func runYAML(t *testing.T, src string, seed uint64) (*Result, []Exchange) {
	t.Helper()
	scn, err := scenarios.Parse(t.Name()+".yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var log []Exchange
	res, err := Run(scn, Options{Seed: seed, Trace: func(e Exchange) { log = append(log, e) }})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res, log
}

// milestones returns the milestones of kind, in time order.
func milestones(res *Result, kind MilestoneKind) []Milestone {
	var out []Milestone
	for _, m := range res.Milestones {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// product returns the series of p.
func product(t *testing.T, res *Result, p scenarios.Product) *ProductSeries {
	t.Helper()
	for i := range res.Products {
		if res.Products[i].Product == p {
			return &res.Products[i]
		}
	}
	t.Fatalf("no series for product %s", p)
	return nil
}

// poolCount returns the count series of host's pool.
func poolCount(t *testing.T, res *Result, host string, p scenarios.Pool) []int32 {
	t.Helper()
	for _, h := range res.Hosts {
		if h.Name != host {
			continue
		}
		for _, ps := range h.Pools {
			if ps.Pool == p {
				return ps.Count
			}
		}
	}
	t.Fatalf("no pool %s on host %s", p, host)
	return nil
}

// byClient groups exchanges by client.
func byClient(log []Exchange) map[int][]Exchange {
	m := map[int][]Exchange{}
	for _, e := range log {
		m[e.Client] = append(m[e.Client], e)
	}
	return m
}

// stateAt returns the number of p's clients in state s at the sample
// nearest before or at t.
func stateAt(t *testing.T, res *Result, p scenarios.Product, s State, at engine.Time) int {
	t.Helper()
	ps := product(t, res, p)
	i := int(at / res.Sample)
	if i >= len(res.Times) {
		i = len(res.Times) - 1
	}
	return int(ps.Clients[s][i])
}

func stringsReplace(s, old, new string) string { return strings.ReplaceAll(s, old, new) }

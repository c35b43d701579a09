package batch

import (
	"cmp"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// Observation is what one run of a batch observed: the first time of each
// milestone, the clients of each product not licensed at the end, and
// whether each expectation held.
type Observation struct {
	Milestones  []Mark  `json:"milestones"`   // ordered by Key
	NotLicensed []Level `json:"not_licensed"` // per product, in the order of scenarios.Products
	Held        []bool  `json:"held"`         // per expectation of the scenario
}

// Key names a milestone across runs: a crossing of a host's threshold, or
// a first or last transition of a product's clients. KindAnyBelow is the
// first time any host's count fell below any threshold.
type Key struct {
	Kind      sim.MilestoneKind `json:"kind"`
	Host      string            `json:"host,omitempty"`
	Pool      scenarios.Pool    `json:"pool,omitempty"`
	Threshold int               `json:"threshold,omitempty"`
	Product   scenarios.Product `json:"product,omitempty"`
	MAKKey    string            `json:"key,omitempty"`
}

// KindAnyBelow is the milestone of the first time any host's count fell
// below any of its thresholds: the moment a site starts to fail.
const KindAnyBelow sim.MilestoneKind = "any_below"

// Mark is the first time of a milestone in a run, in seconds.
type Mark struct {
	Key
	At engine.Time `json:"at_s"`
}

// Level is the number of clients of a product in some condition.
type Level struct {
	Product scenarios.Product `json:"product"`
	Clients int               `json:"clients"`
}

// CompareKeys orders keys: the site-wide milestone first, then by kind,
// host, pool, threshold and product.
func CompareKeys(a, b Key) int {
	if (a.Kind == KindAnyBelow) != (b.Kind == KindAnyBelow) {
		if a.Kind == KindAnyBelow {
			return -1
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Host, b.Host),
		cmp.Compare(a.Pool, b.Pool),
		cmp.Compare(a.Threshold, b.Threshold),
		cmp.Compare(a.Product, b.Product),
		cmp.Compare(a.MAKKey, b.MAKKey),
	)
}

// ObserveRun reduces the result of one run to the Observation a batch
// keeps of it, its expectations judged against its own scenario.
func ObserveRun(r *sim.Result) Observation { return observe(r, r.Scenario) }

// observe reduces the result of one run to an Observation.
func observe(r *sim.Result, scn *scenarios.Scenario) Observation {
	var o Observation
	seen := map[Key]bool{}
	for _, m := range r.Milestones { // in time order: the first of each key comes first
		k := Key{Kind: m.Kind, Host: m.Host, Pool: m.Pool, Threshold: m.Threshold, Product: m.Product, MAKKey: m.Key}
		if m.Kind == sim.MilestoneCountBelow && !seen[Key{Kind: KindAnyBelow}] {
			seen[Key{Kind: KindAnyBelow}] = true
			o.Milestones = append(o.Milestones, Mark{Key{Kind: KindAnyBelow}, m.At})
		}
		if !seen[k] {
			seen[k] = true
			o.Milestones = append(o.Milestones, Mark{k, m.At})
		}
	}
	slices.SortFunc(o.Milestones, func(a, b Mark) int { return CompareKeys(a.Key, b.Key) })
	for _, p := range r.Products {
		present := 0
		for s := sim.State(0); int(s) < sim.NumStates; s++ {
			if s != sim.Absent {
				present += p.Final(s)
			}
		}
		o.NotLicensed = append(o.NotLicensed, Level{p.Product, present - p.Final(sim.Licensed)})
	}
	for _, v := range sim.Check(r, scn.Expect) {
		o.Held = append(o.Held, v.Pass)
	}
	return o
}

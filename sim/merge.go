package sim

import (
	"cmp"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
)

// merge combines the results of the parts of a run, and the sums of the
// workers that ran them, into one result, in an order that does not
// depend on how the scenario was split: hosts and groups in the order of
// their site instances, first and last milestones by time, and milestones
// in a canonical order.
//
// The first worker's sums hold the run's sample times and become the
// run's own; those of the others are added to them.
func merge(parts []*Result, workerSums []*sums) *Result {
	first := parts[0]
	res := &Result{
		Name: first.Name, Description: first.Description, Seed: first.Seed, Start: first.Start,
		Duration: first.Duration, Sample: first.Sample,
		Times: workerSums[0].times,
	}
	marks := productMarks{}
	risk := map[scenarios.Product]*AtRisk{}
	for _, p := range parts {
		res.Hosts = append(res.Hosts, p.Hosts...)
		res.Groups = append(res.Groups, p.Groups...)
		res.Keys = append(res.Keys, p.Keys...)
		mergeESU(res, p.ESU)
		res.Machines = append(res.Machines, p.Machines...)
		res.Totals.add(p.Totals)
		res.Clients += p.Clients
		res.Events += p.Events
		for _, m := range p.Milestones {
			switch m.Kind {
			case MilestoneCountBelow, MilestoneCountReached, MilestoneMAKExhausted, MilestoneESUShort:
				res.Milestones = append(res.Milestones, m)
			default:
				marks.note(m)
			}
		}
		for _, r := range p.AtRisk {
			acc := risk[r.Product]
			if acc == nil {
				r := r
				risk[r.Product] = &r
				continue
			}
			acc.Clients += r.Clients
			acc.FirstExpiry = min(acc.FirstExpiry, r.FirstExpiry)
			acc.LastExpiry = max(acc.LastExpiry, r.LastExpiry)
		}
	}
	// The first worker's sums become the run's: the others are added to
	// them, and recycled.
	total := workerSums[0]
	for _, s := range workerSums[1:] {
		for i, c := range s.traffic {
			total.traffic[i].add(c)
		}
		for pi, p := range s.products {
			if p == nil {
				continue
			}
			acc := total.product(pi)
			for st := range p {
				for i, v := range p[st] {
					acc[st][i] += v
				}
			}
		}
		recycled.Put(s)
	}
	res.Traffic = total.traffic
	slices.SortStableFunc(res.Hosts, func(a, b HostSeries) int { return cmp.Compare(a.inst, b.inst) })
	slices.SortStableFunc(res.Groups, func(a, b GroupHistory) int { return cmp.Compare(a.inst, b.inst) })
	slices.SortStableFunc(res.Keys, func(a, b KeySeries) int { return cmp.Compare(a.inst, b.inst) })
	for pi, p := range scenarios.Products {
		if total.products[pi] != nil {
			ps := ProductSeries{Product: p, Expiring: total.products[pi][expiringRow], LicensedAD: total.products[pi][adRow]}
			copy(ps.Clients[:], total.products[pi][:NumStates])
			res.Products = append(res.Products, ps)
		}
		if r := risk[p]; r != nil {
			res.AtRisk = append(res.AtRisk, *r)
		}
	}
	res.Milestones = marks.appendTo(res.Milestones)
	sortMilestones(res)
	return res
}

// productMilestones are the milestones of a product, in the order they are
// listed when they happen at the same second.
var productMilestones = []MilestoneKind{MilestoneFirstActivation, MilestoneFirstADFallback, MilestoneFirstFailedRenewal, MilestoneFirstExpiryWarning, MilestoneFirstExpiry, MilestoneLastExpiry, MilestoneFirstNotification}

// sortMilestones puts the milestones in time order. At the same second,
// count crossings come first, by host (in the result's order) and pool,
// keeping the order in which one pool's crossings happened; then the
// products' milestones, by product and kind.
func sortMilestones(res *Result) {
	hostIndex := map[string]int{}
	for i, h := range res.Hosts {
		hostIndex[h.Name] = i
	}
	keyIndex := map[string]int{}
	for i, k := range res.Keys {
		keyIndex[k.Name] = i
	}
	key := func(m Milestone) (class, a, b int) {
		switch m.Kind {
		case MilestoneCountBelow, MilestoneCountReached:
			return 0, hostIndex[m.Host], slices.Index(scenarios.Pools, m.Pool)
		case MilestoneMAKExhausted:
			return 2, keyIndex[m.Key], 0
		}
		return 1, slices.Index(scenarios.Products, m.Product), slices.Index(productMilestones, m.Kind)
	}
	slices.SortStableFunc(res.Milestones, func(x, y Milestone) int {
		if c := cmp.Compare(x.At, y.At); c != 0 {
			return c
		}
		xc, xa, xb := key(x)
		yc, ya, yb := key(y)
		return cmp.Or(cmp.Compare(xc, yc), cmp.Compare(xa, ya), cmp.Compare(xb, yb))
	})
}

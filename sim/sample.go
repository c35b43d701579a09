package sim

import (
	"slices"

	"github.com/kmssim/kmssim/scenarios"
)

// initResult lays out the series of res: one per host pool and one per
// product present in the fleet.
//
// Every series gets its final capacity at once, the number of samples of
// w.sums: growing thousands of series by appending would allocate several
// times their size.
func (w *world) initResult(res *Result) {
	series := w.sums.newSeries
	for _, k := range w.keys {
		res.Keys = append(res.Keys, KeySeries{Name: k.name, Activations: int(k.capacity), Remaining: series(), inst: w.sites[k.site].index})
	}
	for _, h := range w.hosts {
		hs := HostSeries{Name: h.name, Site: w.sites[h.site].name, inst: w.sites[h.site].index, Requests: series(), Answered: series()}
		for _, pi := range h.pools {
			if pi >= 0 {
				hs.Pools = append(hs.Pools, PoolSeries{Pool: w.pools[pi].kind, Count: series()})
			}
		}
		res.Hosts = append(res.Hosts, hs)
	}
	w.productGroups = make([][]int32, len(scenarios.Products))
	for pi, p := range scenarios.Products {
		for gi := range w.groups {
			if w.groups[gi].prod == p {
				w.productGroups[pi] = append(w.productGroups[pi], int32(gi))
			}
		}
	}
}

// sample records the state of the world at sample number i: its hosts'
// series into res, the run-wide sums into w.sums. Its cost depends on the
// number of hosts and groups, not of clients.
func (w *world) sample(res *Result, i int) {
	for hi := range w.hosts {
		h := &w.hosts[hi]
		hs := &res.Hosts[hi]
		k := 0
		for _, pi := range h.pools {
			if pi >= 0 {
				hs.Pools[k].Count = append(hs.Pools[k].Count, int32(w.pools[pi].count))
				k++
			}
		}
		hs.Requests = append(hs.Requests, h.traffic.requests)
		hs.Answered = append(hs.Answered, h.traffic.answered)
		h.traffic = hostTraffic{}
	}
	for pi, groups := range w.productGroups {
		if len(groups) == 0 {
			continue
		}
		clients := w.sums.product(pi)
		for _, gi := range groups {
			g := &w.groups[gi]
			for s := range g.counts {
				clients[s][i] += g.counts[s]
			}
			clients[expiringRow][i] += g.expiring
			clients[adRow][i] += g.adLicensed
		}
	}
	w.keySamples(res)
	if w.travel != nil {
		w.sampleAway(w.eng.Now())
	}
	w.sums.traffic[i].add(w.metrics.interval)
	res.Totals.add(w.metrics.interval)
	w.metrics.interval = Counters{}
}

// finish completes res at the end of the run.
func (w *world) finish(res *Result) {
	for hi := range w.hosts {
		k := 0
		for _, pi := range w.hosts[hi].pools {
			if pi >= 0 {
				res.Hosts[hi].Pools[k].Thresholds = slices.Clone(w.pools[pi].thresholds)
				res.Hosts[hi].Pools[k].Steps = w.pools[pi].steps
				k++
			}
		}
	}
	for i := range w.keys {
		res.Keys[i].Steps = w.keys[i].steps
	}
	for _, g := range w.groups {
		res.Groups = append(res.Groups, GroupHistory{Name: g.name, Product: g.prod, Transitions: g.transitions, Away: g.away, inst: w.sites[g.site].index})
	}
	res.Milestones = w.metrics.products.appendTo(w.metrics.milestones) // merge puts them in order
	res.AtRisk = w.atRisk()
	res.ESU = append([]ESUYear(nil), w.esu...)
	res.Machines = w.machineFates()
	res.Clients = len(w.clients)
	res.Events = w.eng.Processed()
}

// atRisk finds, per product, the licensed clients whose last attempt
// failed, and when their activations will lapse.
func (w *world) atRisk() []AtRisk {
	byProduct := map[scenarios.Product]*AtRisk{}
	for i := range w.clients {
		c := &w.clients[i]
		if c.state != Licensed || !c.failing {
			continue
		}
		p := w.groups[c.group].prod
		r := byProduct[p]
		if r == nil {
			r = &AtRisk{Product: p, FirstExpiry: c.deadlineAt, LastExpiry: c.deadlineAt}
			byProduct[p] = r
		}
		r.Clients++
		r.FirstExpiry = min(r.FirstExpiry, c.deadlineAt)
		r.LastExpiry = max(r.LastExpiry, c.deadlineAt)
	}
	var out []AtRisk
	for _, p := range scenarios.Products {
		if r := byProduct[p]; r != nil {
			out = append(out, *r)
		}
	}
	return out
}

package sim

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// instance is one site instance of a scenario: the scenario's own site
// (index 0) or an instance of a template. Its index numbers its random
// stream.
type instance struct {
	index    int32
	name     string
	site     *scenarios.Site
	template bool
}

// expand returns domain d as this instance sees it: {site} becomes its
// name.
func (in instance) expand(d string) string {
	return strings.ReplaceAll(d, scenarios.SitePlaceholder, in.name)
}

func (in instance) clients() int {
	n := 0
	for _, g := range in.site.Fleet {
		n += g.Count
	}
	return n
}

// worldClients returns how many clients the initial fleets of insts hold.
func worldClients(insts []instance) int {
	n := 0
	for _, in := range insts {
		n += in.clients()
	}
	return n
}

// reimaged returns how many machines of the instance's initial fleet are
// re-imaged on a schedule (lifecycle or pool refreshes).
func (in instance) reimaged() int {
	n := 0
	for _, g := range in.site.Fleet {
		if g.Reimaging() != nil {
			n += g.Count
		}
	}
	return n
}

// instances lists the site instances of scn in order.
func instances(scn *scenarios.Scenario) []instance {
	out := []instance{{index: 0, site: &scn.Site}}
	for ti := range scn.Sites {
		t := &scn.Sites[ti]
		for i := 1; i <= t.Instances; i++ {
			out = append(out, instance{index: int32(len(out)), name: t.InstanceName(i), site: &t.Site, template: true})
		}
	}
	return out
}

// components splits the instances into sets that cannot influence each
// other: two instances are in one set when they use a common DNS domain
// (publishing or looking up records) or one pins clients to a host of the
// other (only the scenario's own hosts can be pinned from elsewhere). The
// sets come in the order of their first instance, each in instance order.
func components(scn *scenarios.Scenario, insts []instance) [][]instance {
	l := newInstanceLinks(len(insts))
	for _, in := range insts {
		l.link(in)
	}
	byRoot := map[int32]int{}
	var out [][]instance
	for _, in := range insts {
		r := l.find(in.index)
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], in)
	}
	return out
}

// instanceLinks are the links between site instances found so far, as a
// union-find: instances with one root are in one component.
type instanceLinks struct {
	parent []int32
	owner  map[string]int32 // domain → the first instance that uses it
}

// newInstanceLinks returns n instances, none linked yet.
func newInstanceLinks(n int) *instanceLinks {
	l := &instanceLinks{parent: make([]int32, n), owner: map[string]int32{}}
	for i := range l.parent {
		l.parent[i] = int32(i)
	}
	return l
}

// find returns the root of instance i's component.
func (l *instanceLinks) find(i int32) int32 {
	for l.parent[i] != i {
		l.parent[i] = l.parent[l.parent[i]]
		i = l.parent[i]
	}
	return i
}

// union puts instances a and b in one component, whose root is the lower.
func (l *instanceLinks) union(a, b int32) {
	ra, rb := l.find(a), l.find(b)
	if ra != rb {
		l.parent[max(ra, rb)] = min(ra, rb)
	}
}

// use links instance in to the other instances that use domain, as it
// sees the domain: they share its records (K19).
func (l *instanceLinks) use(in instance, domain string) {
	d := in.expand(domain)
	if o, ok := l.owner[d]; ok {
		l.union(in.index, o)
	} else {
		l.owner[d] = in.index
	}
}

// link links instance in to those it shares a domain with, and a template
// instance to the scenario's own site where it uses its hosts, MAK keys
// (K25) or AD (K34).
func (l *instanceLinks) link(in instance) {
	s := in.site
	for _, d := range s.DNS {
		l.use(in, d.Name)
	}
	for _, h := range s.Hosts {
		for _, d := range *h.Publish {
			l.use(in, d)
		}
	}
	usesTopKey := func(k string) bool {
		return k != "" && in.template && !slices.ContainsFunc(s.MAKKeys, func(m scenarios.MAKKey) bool { return m.Name == k })
	}
	for _, g := range s.Fleet {
		if usesTopKey(g.MAK) || g.ESU != nil && slices.ContainsFunc(g.ESU.Keys, usesTopKey) {
			l.union(in.index, 0) // its activations come from a key of the scenario's own site
		}
		if g.KMS == "" {
			l.use(in, g.Domain)
		} else if in.template && !slices.ContainsFunc(s.Hosts, func(h scenarios.Host) bool { return h.Name == g.KMS }) {
			l.union(in.index, 0) // pinned to a host of the scenario's own site
		}
	}
	// K34: a template without an AD of its own uses the scenario's.
	usesTopAD := in.template && s.AD == nil
	for _, g := range s.Fleet {
		if usesTopAD && g.ADMember {
			l.union(in.index, 0)
		}
	}
	for i := range s.Events {
		domain, key, ad := links(&s.Events[i])
		if usesTopKey(key) || usesTopAD && ad {
			l.union(in.index, 0)
		}
		if domain != "" {
			l.use(in, domain)
		}
	}
}

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

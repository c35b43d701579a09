package sim

import (
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// build creates the world of the site instances insts of scn, with their
// domains, hosts, clients and scheduled events, which adds its run-wide
// series into sum.
func build(scn *scenarios.Scenario, opts Options, insts []instance, small *engine.Sim, sum *sums) *world {
	m := scn.Model
	st := storages.Get().(*storage)
	w := &world{
		storage:     st,
		clients:     st.clients[:0],
		sums:        sum,
		onTrace:     opts.Trace,
		grace:       engine.Time(m.Grace),
		ootGrace:    engine.Time(m.OutOfToleranceGrace),
		validity:    engine.Time(m.Validity),
		window:      engine.Time(m.CountWindow),
		warning:     engine.Time(m.ExpiryWarning),
		cacheFactor: m.CacheFactor,
	}
	w.metrics = metrics{w: w, products: productMarks{}}
	clients, reimaged := worldClients(insts), 0
	for _, in := range insts {
		reimaged += in.reimaged()
	}
	// A re-imaging wave puts a whole group's events into one stretch of
	// time, ahead of the renewals already queued there: the calendar's
	// sorted buckets would shift thousands of events for each (a group
	// of 2,000 re-imaged every 15 minutes ran at 0.7 M events/s); the
	// wheel's are FIFO.
	switch {
	case opts.Reference:
		w.eng = engine.NewReference()
	case clients < smallWorld && reimaged < burstyWorld && small != nil:
		small.Reset()
		w.eng = small
	case clients < smallWorld && reimaged < burstyWorld:
		w.eng = engine.NewSmall()
	default:
		w.eng = wheels.Get().(*engine.Sim)
		w.eng.Reset()
		w.pooled = true
	}
	w.epoch = epoch(scn, insts)
	b := builder{w: w, scn: scn, domainIndex: map[string]int32{}, topAD: -1, cmids: map[string]int32{}, joins: st.joins[:0]}
	var top map[string]int32
	for _, in := range insts {
		hosts := b.site(in, top, opts.Seed)
		if in.index == 0 {
			top = hosts
		}
	}
	b.installFleet()
	w.scheduleESU(&scn.Model, scn.Start, engine.Time(scn.Duration))
	w.startFates()
	return w
}

// joinKey is a machine of the initial fleet, to be created once the join
// times of all are known: the time it joins and its group, packed so that
// the keys of all sort in the order installFleet needs. Times and groups
// each fit in 32 bits (a scenario is at most 100 years).
func joinKey(at engine.Time, group int32) uint64 {
	return uint64(at)<<32 | uint64(uint32(group))
}

// installFleet creates the clients of the initial fleet numbered in the
// order of their first event, and schedules their first attempts. Clients that act
// one after another in virtual time then sit next to each other in
// memory, week after week, which is worth more than any other
// optimisation of a large run: the engine and the model walk their
// records in order instead of at random.
//
// It also sizes the world's lists for the machines to come (the initial
// fleet and those that fleet changes add): a list of a million records
// that grows by doubling leaves copies behind it for the collector and,
// in the middle of a run, copies 80 MB at once.
func (b *builder) installFleet() {
	w := b.w
	// Sort by time, ties in the order of the list, as a stable sort
	// would. The joins are listed group by group, in the order of the
	// groups, and the joins of one group at one time are alike: so keys
	// that pack the time and the group (joinKey) sort them in that order,
	// with a plain sort of integers, several times faster than a stable
	// sort of records, and say all there is to say of each join.
	st := w.storage
	keys := b.joins
	st.sort = sortKeys(keys, st.sort)
	w.clients = grow(w.clients, len(b.joins)+int(b.added))
	if w.travel != nil {
		w.travel = grow(w.travel, len(b.joins)+int(b.added))
	}
	if w.rearm != nil {
		w.rearm = grow(w.rearm, len(b.joins)+int(b.added))
	}
	for gi := range w.groups {
		g := &w.groups[gi]
		n := 0
		if gi < len(b.members) {
			n = int(b.members[gi])
		}
		g.present = grow(g.present, n)
		if g.transitions == nil {
			g.transitions = w.sums.newTransitions()
		}
		g.transitions = grow(g.transitions, 2*n+n/8) // K3, K6: a grace, then licensed
	}
	for _, k := range keys {
		at, gi := engine.Time(k>>32), int32(uint32(k))
		ci := w.newClient(gi)
		w.clients[ci].attemptAt = at // the first attempt installs it
		w.eng.Schedule(at, evAttempt, ci)
	}
	st.joins = keys[:0]
	b.joins = nil
}

// storage is the memory of a world that its result does not hold: its
// client table and the lists that order its joins. A world takes the
// storage of one that has ended, and gives its own back when it ends, so
// that the worlds of a batch reuse it: allocating it anew, and clearing
// it, was most of the cost of a replication of a site of 10,000 clients
// besides simulating it.
type storage struct {
	clients     []client
	joins, sort []uint64
}

// storages holds the storage of the worlds that have ended.
var storages = sync.Pool{New: func() any { return new(storage) }}

// release gives w's storage back, for the next world. w must not be used
// afterwards.
func (w *world) release() {
	w.storage.clients = w.clients[:0]
	storages.Put(w.storage)
	w.storage, w.clients = nil, nil
}

// grow returns s with room for n more elements, like slices.Grow but
// without clearing the new memory in one call. slices.Grow (append)
// clears it with a single call that cannot be preempted: for the 70 MB
// of a million clients on pages new to the process, a quarter of a
// second during which the collector, which must stop the goroutine to
// scan its stack, keeps the other core spinning. make leaves fresh pages
// to the kernel, which gives them zeroed, and clears reused memory a
// chunk at a time. Like append, it at least doubles the capacity of a
// list that holds something, so that a list grown group by group is
// copied O(log n) times, not once a group; an empty one, such as a client
// table reused from a smaller world, gets what is asked.
func grow[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	c := len(s) + n
	if len(s) > 0 {
		c = max(c, 2*cap(s))
	}
	t := make([]T, len(s), c)
	copy(t, s)
	return t
}

// expect notes that n more machines join group gi, initially or later.
func (b *builder) expect(gi int32, n int) {
	for int(gi) >= len(b.members) {
		b.members = append(b.members, 0)
	}
	b.members[gi] += int64(n)
}

// adds notes that n new machines join group gi during the run, so that
// the world's lists are sized for them (installFleet).
func (b *builder) adds(gi int32, n int) {
	b.added += int64(n)
	b.expect(gi, n)
}

// builder carries what building a world needs across site instances.
type builder struct {
	w           *world
	scn         *scenarios.Scenario
	domainIndex map[string]int32
	joins       []uint64         // joinKey of each machine of the initial fleet
	added       int64            // machines that fleet changes add
	members     []int64          // per group: machines that join it, initially or added
	topKeys     map[string]int32 // the MAK keys of the scenario's own site
	topAD       int32            // the AD of the scenario's own site, or -1
	cmids       map[string]int32 // the CMIDs the scenario names
}

// site builds the site instance in and returns its host names, which the
// instances of templates may refer to. The instance draws from random
// stream number in.index, whatever else the world holds.
func (b *builder) site(in instance, top map[string]int32, seed uint64) map[string]int32 {
	w := b.w
	si := int32(len(w.sites))
	w.sites = append(w.sites, site{name: in.name, rng: newRand(seed, uint64(in.index)), index: in.index})
	ns := &siteNames{b: b, in: in, site: si, top: top, hosts: map[string]int32{}, groups: map[string]int32{}, keys: map[string]int32{}}
	s := in.site
	b.domains(ns)
	for hIndex := range s.Hosts {
		b.host(ns, &s.Hosts[hIndex])
	}
	b.makKeys(ns)
	b.directory(ns)
	for _, g := range s.Fleet {
		b.fleetGroup(ns, &g)
	}
	for i := range s.Events {
		b.scheduleEvent(ns, &s.Events[i])
	}
	return ns.hosts
}

// qualify returns the world's name of the site's host, group or key n:
// the instances of a template would otherwise share their names.
func (ns *siteNames) qualify(n string) string {
	if ns.in.name == "" {
		return n
	}
	return ns.in.name + "/" + n
}

// domains adds the DNS domains the site declares. A domain is the world's
// once, whichever instance declares it first: instances publish to and
// look up the same records (K19).
func (b *builder) domains(ns *siteNames) {
	w := b.w
	for _, d := range ns.in.site.DNS {
		n := ns.in.expand(d.Name)
		if _, ok := b.domainIndex[n]; !ok {
			b.domainIndex[n] = int32(len(w.domains))
			w.domains = append(w.domains, domain{name: n, propagation: int64(d.Propagation)})
		}
	}
}

// host adds KMS host h of the site with a pool per product pool its keys
// activate (K16), publishes its records (K19) and schedules its outages.
func (b *builder) host(ns *siteNames, h *scenarios.Host) {
	w := b.w
	hi := int32(len(w.hosts))
	ns.hosts[h.Name] = hi
	w.hosts = append(w.hosts, host{
		name:               ns.qualify(h.Name),
		site:               ns.site,
		serves:             keySet(h.Keys),
		up:                 true,
		pools:              noPools,
		activationInterval: interval(h.ActivationInterval),
		renewalInterval:    interval(h.RenewalInterval),
		srv:                h.SRV,
	})
	for _, k := range h.Keys {
		for _, p := range scenarios.Pools {
			slot := &w.hosts[hi].pools[poolIndex(p)]
			if *slot < 0 && servesPool(k, p) {
				*slot = int32(len(w.pools))
				w.pools = append(w.pools, newPool(hi, p))
			}
		}
	}
	// K19: the host registers its record in each domain of its
	// publish list before the scenario starts.
	for _, d := range *h.Publish {
		w.domains[ns.domain(d)].set(record{host: hi, priority: h.SRV.Priority, weight: h.SRV.Weight})
	}
	for _, o := range h.Outages {
		w.schedule(engine.Time(o.At), action{kind: actHostDown, host: hi})
		w.schedule(engine.Time(o.At+o.For), action{kind: actHostUp, host: hi})
	}
	b.tables(hi, h)
}

// makKeys adds the site's MAK keys (K25). The scenario's own site's keys
// are also those of every template instance that names a key it lacks.
func (b *builder) makKeys(ns *siteNames) {
	w := b.w
	for _, k := range ns.in.site.MAKKeys {
		ns.keys[k.Name] = int32(len(w.keys))
		w.keys = append(w.keys, makKey{name: ns.qualify(k.Name), site: ns.site, capacity: int32(k.Activations), store: map[int32]bool{}})
	}
	if ns.in.index == 0 {
		b.topKeys = ns.keys
	}
}

// directory sets the AD the site's groups activate against (K34): the
// site's own, or else the scenario's own site's.
func (b *builder) directory(ns *siteNames) {
	w := b.w
	ns.ad = b.topAD
	if ns.in.site.AD != nil {
		ns.ad = int32(len(w.ads))
		w.ads = append(w.ads, newAD(ns.in.site.AD))
	}
	if ns.in.index == 0 {
		b.topAD = ns.ad
	}
}

// fleetGroup adds fleet group g of the site: the group, its machines that
// stand somewhere at the start, the joins of the others and its
// lifecycle.
func (b *builder) fleetGroup(ns *siteNames, g *scenarios.Group) {
	w := b.w
	gi := int32(len(w.groups))
	ns.groups[g.Name] = gi
	w.groups = append(w.groups, b.group(ns, g))
	if g.Rearms > 0 {
		b.needRearm()
	}
	b.machines(gi, g, ns)
	b.joins = grow(b.joins, g.Count-len(g.Machines))
	for range g.Count - len(g.Machines) {
		b.joins = append(b.joins, joinKey(spread(w.sites[ns.site].rng, engine.Time(g.Join.At), engine.Time(g.Join.Over)), gi))
	}
	b.expect(gi, g.Count)
	b.lifecycle(gi, &g.Lifecycle, g.Reimaging(), b.scn.Duration)
}

// group returns the world's group for fleet group g: its product, how it
// finds a host and activates (K20, K29, K34, K35), and its CMIDs where
// its machines are clones (K9, K37).
func (b *builder) group(ns *siteNames, g *scenarios.Group) group {
	w := b.w
	grp := group{
		name:               ns.qualify(g.Name),
		site:               ns.site,
		prod:               g.Product,
		product:            productBit(g.Product),
		poolIndex:          uint8(poolIndex(g.Product.Pool())),
		threshold:          g.Threshold,
		random:             g.Selection == scenarios.SelectRandom,
		domain:             ns.domain(g.Domain),
		pinned:             -1,
		caching:            *g.HostCaching,
		shared:             -1,
		image:              -1,
		rearms:             uint16(g.Rearms),
		maxRearms:          uint16(g.Product.MaxRearms()),
		activationInterval: interval(g.ActivationInterval),
		renewalInterval:    interval(g.RenewalInterval),
	}
	if g.KMS != "" {
		grp.pinned = ns.host(g.KMS)
	}
	grp.method, grp.mak, grp.proxy = g.Activation, ns.key(g.MAK), g.MAKProxy
	grp.kms = g.Activation == scenarios.MethodKMS
	grp.ad, grp.actType, grp.adMember = ns.ad, g.ActType, g.ADMember
	grp.adTries = ns.ad >= 0 && g.ActType != scenarios.ActKMS && (g.Product.AD() || g.ActType == scenarios.ActAD)
	if g.Presence != nil {
		grp.presence = newPresence(g.Presence, b.scn.Start)
		grp.travels = g.Presence.Trips != nil
		b.needTravel()
	}
	if g.SharedCMID {
		// K9: clones without sysprep /generalize share one CMID.
		grp.shared = w.nextCMID
		w.nextCMID++
	}
	if p := g.Pooled; p != nil && !g.Reimaging().Generalizes() {
		// K9, K37: a pool refreshed from an image that is not
		// generalized is clones of it, with its one CMID, always.
		grp.shared, grp.image = w.nextCMID, w.nextCMID
		w.nextCMID++
	}
	grp.esu = newESUGroup(g.ESU, ns)
	return grp
}

// needTravel gives every client, now and later, a travel record: the world
// has a group with a presence, or machines that go away.
func (b *builder) needTravel() {
	if b.w.travel == nil {
		b.w.travel = make([]travel, len(b.w.clients))
		for i := range b.w.travel {
			b.w.travel[i].vpnDay = -1
		}
	}
}

// needRearm gives every client, now and later, its count of rearms (K4):
// the world has a group that rearms, when its grace runs out or by an
// event or a lifecycle.
func (b *builder) needRearm() {
	w := b.w
	if w.rearm == nil {
		w.rearm = make([]rearmCount, len(w.clients))
		for ci := range w.rearm {
			w.rearm[ci].left = w.groups[w.clients[ci].group].rearms
		}
	}
}

// servesPool reports whether key k activates some product of pool p.
func servesPool(k scenarios.KeyGroup, p scenarios.Pool) bool {
	return keyProducts[k]&poolProducts[p] != 0
}

// noPools is a host's pools before its keys are installed.
var noPools = func() (p [numPools]int32) {
	for i := range p {
		p[i] = -1
	}
	return p
}()

// siteNames resolves the names a site instance's scenario uses to indexes
// of the world: its own hosts, groups, MAK keys and domains first, then the
// scenario's own site's (top).
type siteNames struct {
	b      *builder
	in     instance
	site   int32
	top    map[string]int32 // the hosts of the scenario's own site
	hosts  map[string]int32
	groups map[string]int32
	keys   map[string]int32
	ad     int32 // the AD its groups use, or -1
}

func (ns *siteNames) host(n string) int32 {
	if hi, ok := ns.hosts[n]; ok {
		return hi
	}
	return ns.top[n]
}

func (ns *siteNames) group(n string) int32 { return ns.groups[n] }

// key returns the index of MAK key n, or -1 for none.
func (ns *siteNames) key(n string) int32 {
	if n == "" {
		return -1
	}
	if ki, ok := ns.keys[n]; ok {
		return ki
	}
	return ns.b.topKeys[n]
}

// domain returns the index of domain d as the instance sees it ({site}
// expanded).
func (ns *siteNames) domain(d string) int32 { return ns.b.domainIndex[ns.in.expand(d)] }

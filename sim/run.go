// Package sim is the KMS world on a virtual clock: clients that activate
// and renew, hosts that count them, DNS that connects them, and a fleet that
// changes. Run simulates a scenario and returns its time series and
// milestones.
//
// Each rule of the model cites its id in KMS-FACTS (K1…K30). The engine
// underneath (package engine) only orders events; everything about KMS
// lives here.
package sim

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Options tune a run.
type Options struct {
	// Seed seeds every random choice. Same scenario and seed, same result.
	Seed uint64
	// Trace, if set, is called for every request a client sends, in order.
	// Tracing runs the scenario as one world on one core.
	Trace func(Exchange)
	// Reference runs the scenario the plain way, as one world on the
	// engine's plain heap (engine.NewReference), which the fast way is
	// tested against. The result
	// is the same, byte for byte; only slower.
	Reference bool
	// Parallel is how many independent parts of the scenario run at once;
	// 0 means GOMAXPROCS. The result does not depend on it.
	Parallel int
}

// Exchange is one request of a client to a host and what came back.
type Exchange struct {
	At       engine.Time
	Client   int    // the client's index, in order of creation
	Group    string // site-qualified group name
	Host     string
	Answered bool
	// Count is the count the host answered with (K10); 0 when it did not
	// answer or could not activate the product (Unsupported).
	Count       int
	Unsupported bool
}

// Event kinds of the KMS world.
const (
	evAttempt engine.Kind = iota
	evDeadline
	evPoolExpiry
	evAction
)

// world is the state of one run.
type world struct {
	eng     *engine.Sim
	clients []client
	groups  []group
	hosts   []host
	pools   []pool
	domains []domain
	sites   []site
	actions []action
	scratch []record
	metrics metrics

	productGroups [maxProducts][]int32 // per product, in the order of scenarios.Products, its groups
	sums          *sums                // where the run-wide series are added up
	onTrace       func(Exchange)

	nextCMID int32
	nextHW   int32
	pooled   bool // eng came from wheels and goes back when the run ends

	keys   []makKey // K25
	travel []travel // per client, when some group has a presence or goes away; else nil

	// The model's constants (K3, K7, K10, K13).
	grace, ootGrace, validity, window engine.Time
	cacheFactor                       int
}

// site is one instance of a site, with its own random stream.
type site struct {
	name  string
	rng   *rand.Rand
	index int32 // its number among all instances of the scenario
}

// Run simulates scn with the given options. scn must have been parsed or
// given its defaults (scenarios.Scenario.SetDefaults); Run validates it
// and returns the validation error if it is not runnable.
//
// Sites that share no host, domain or pinned host cannot influence each
// other, and each draws from its own random stream, so Run simulates each
// such component of the scenario as a world of its own, on all cores, and
// merges the results in a fixed order: 10,000 branch offices become 10,000
// small simulations whose working sets fit in a processor's cache. The
// result is exactly that of simulating everything as one world
// (Options.Reference), which the tests check.
func Run(scn *scenarios.Scenario, opts Options) (*Result, error) {
	if err := scn.Validate(); err != nil {
		return nil, err
	}
	insts := instances(scn)
	times := sampleTimes(engine.Time(scn.Duration), engine.Time(scn.Sample))
	if opts.Reference || opts.Trace != nil {
		sum := newSums(len(times))
		return merge([]*Result{runWorld(scn, opts, insts, times, nil, sum)}, []*sums{sum}), nil
	}
	comps := components(scn, insts)
	parts := make([]*Result, len(comps))
	workers := opts.Parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	workerSums := make([]*sums, min(workers, len(comps)))
	for k := range workerSums {
		workerSums[k] = newSums(len(times))
		wg.Add(1)
		go func() {
			defer wg.Done()
			small := engine.NewSmall() // reused by this worker's small worlds
			for i := range next {
				parts[i] = runWorld(scn, opts, comps[i], times, small, workerSums[k])
			}
		}()
	}
	for i := range comps {
		next <- i
	}
	close(next)
	wg.Wait()
	return merge(parts, workerSums), nil
}

// smallWorld is the number of clients below which a world runs on the
// calendar engine: its few events fit in cache, and the wheel's 8 MB of
// buckets would cost more to set up than they save. Above it, a calendar
// bucket would hold dozens of events, and an event out of order shifts
// them: the wheel's buckets are FIFO and never shift.
const smallWorld = 5_000

// runWorld simulates the site instances insts as one world and returns its
// part of the result, sampled at times, adding its run-wide series into
// sum. small, if not nil, is an engine to reuse if the world is small.
func runWorld(scn *scenarios.Scenario, opts Options, insts []instance, times []engine.Time, small *engine.Sim, sum *sums) *Result {
	w := build(scn, opts, insts, small)
	res := &Result{
		Name:        scn.Name,
		Description: scn.Description,
		Seed:        opts.Seed,
		Start:       scn.Start,
		Duration:    engine.Time(scn.Duration),
		Sample:      engine.Time(scn.Sample),
	}
	w.sums = sum
	w.initResult(res, len(times))
	for i, t := range times {
		w.eng.Run(t, w)
		w.sample(res, i)
	}
	w.finish(res)
	if w.pooled {
		wheels.Put(w.eng)
	}
	return res
}

// sampleTimes returns the times of the samples of a run: every sample
// from 0, and the end.
func sampleTimes(duration, sample engine.Time) []engine.Time {
	var ts []engine.Time
	for t := engine.Time(0); ; t += sample {
		t = min(t, duration)
		ts = append(ts, t)
		if t == duration {
			return ts
		}
	}
}

// Handle dispatches one event of the engine to the model.
func (w *world) Handle(ev engine.Event) {
	switch ev.Kind {
	case evAttempt:
		w.attempt(ev.Arg, ev.At)
	case evDeadline:
		w.deadline(ev.Arg, ev.At)
	case evPoolExpiry:
		w.expire(ev.Arg, ev.At)
	case evAction:
		w.act(ev.Arg)
	}
}

// trace reports one exchange to Options.Trace, which must be set.
func (w *world) trace(ci, hi int32, answered bool, count int, c cause) {
	w.onTrace(Exchange{
		At:          w.eng.Now(),
		Client:      int(ci),
		Group:       w.groups[w.clients[ci].group].name,
		Host:        w.hosts[hi].name,
		Answered:    answered,
		Count:       count,
		Unsupported: c == causeUnsupported,
	})
}

// wheels keeps the engines of large worlds (timing wheels) for the next
// run: allocating and faulting in a wheel's 8 MB of buckets costs more than
// simulating a year of a few thousand clients, and a batch of replications
// runs one such world after another.
var wheels = sync.Pool{New: func() any { return &engine.Sim{} }}

// build creates the world of the site instances insts of scn, with their
// domains, hosts, clients and scheduled events.
func build(scn *scenarios.Scenario, opts Options, insts []instance, small *engine.Sim) *world {
	m := scn.Model
	w := &world{
		onTrace:     opts.Trace,
		grace:       engine.Time(m.Grace),
		ootGrace:    engine.Time(m.OutOfToleranceGrace),
		validity:    engine.Time(m.Validity),
		window:      engine.Time(m.CountWindow),
		cacheFactor: m.CacheFactor,
	}
	w.metrics = metrics{w: w, products: productMarks{}}
	clients := 0
	for _, in := range insts {
		clients += in.clients()
	}
	switch {
	case opts.Reference:
		w.eng = engine.NewReference()
	case clients < smallWorld && small != nil:
		small.Reset()
		w.eng = small
	case clients < smallWorld:
		w.eng = engine.NewSmall()
	default:
		w.eng = wheels.Get().(*engine.Sim)
		w.eng.Reset()
		w.pooled = true
	}
	b := builder{w: w, scn: scn, domainIndex: map[string]int32{}}
	var top map[string]int32
	for _, in := range insts {
		hosts := b.site(in, top, opts.Seed)
		if in.index == 0 {
			top = hosts
		}
	}
	b.installFleet()
	return w
}

// pendingJoin is a machine of the initial fleet, to be created once the
// join times of all are known.
type pendingJoin struct {
	at    engine.Time
	group int32
}

// installFleet creates the clients of the initial fleet numbered in the
// order of their first event, and schedules their first attempts. Clients that act
// one after another in virtual time then sit next to each other in
// memory, week after week, which is worth more than any other
// optimisation of a large run: the engine and the model walk their
// records in order instead of at random.
func (b *builder) installFleet() {
	slices.SortStableFunc(b.joins, func(x, y pendingJoin) int { return cmp.Compare(x.at, y.at) })
	b.w.clients = slices.Grow(b.w.clients, len(b.joins))
	for _, j := range b.joins {
		ci := b.w.newClient(j.group)
		b.w.clients[ci].attemptAt = j.at // the first attempt installs it
		b.w.eng.Schedule(j.at, evAttempt, ci)
	}
	b.joins = nil
}

// builder carries what building a world needs across site instances.
type builder struct {
	w           *world
	scn         *scenarios.Scenario
	domainIndex map[string]int32
	joins       []pendingJoin
	topKeys     map[string]int32 // the MAK keys of the scenario's own site
}

// site builds the site instance in and returns its host names, which the
// instances of templates may refer to. The instance draws from random
// stream number in.index, whatever else the world holds.
func (b *builder) site(in instance, top map[string]int32, seed uint64) map[string]int32 {
	w := b.w
	name, s := in.name, in.site
	si := int32(len(w.sites))
	w.sites = append(w.sites, site{name: name, rng: newRand(seed, uint64(in.index)), index: in.index})
	qualify := func(n string) string {
		if name == "" {
			return n
		}
		return name + "/" + n
	}
	domainOf := func(d string) int32 { return b.domainIndex[in.expand(d)] }

	for _, d := range s.DNS {
		n := in.expand(d.Name)
		if _, ok := b.domainIndex[n]; !ok {
			b.domainIndex[n] = int32(len(w.domains))
			w.domains = append(w.domains, domain{name: n, propagation: int64(d.Propagation)})
		}
	}

	hosts := map[string]int32{}
	for _, h := range s.Hosts {
		hi := int32(len(w.hosts))
		hosts[h.Name] = hi
		w.hosts = append(w.hosts, host{
			name:               qualify(h.Name),
			site:               si,
			serves:             keySet(h.Keys),
			up:                 true,
			pools:              [2]int32{-1, -1},
			activationInterval: engine.Time(h.ActivationInterval),
			renewalInterval:    engine.Time(h.RenewalInterval),
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
			w.domains[domainOf(d)].set(record{host: hi, priority: h.SRV.Priority, weight: h.SRV.Weight})
		}
		for _, o := range h.Outages {
			w.schedule(engine.Time(o.At), action{kind: actHostDown, host: hi})
			w.schedule(engine.Time(o.At+o.For), action{kind: actHostUp, host: hi})
		}
	}
	hostOf := func(n string) int32 {
		if hi, ok := hosts[n]; ok {
			return hi
		}
		return top[n]
	}

	keys := map[string]int32{}
	for _, k := range s.MAKKeys {
		keys[k.Name] = int32(len(w.keys))
		w.keys = append(w.keys, makKey{name: qualify(k.Name), site: si, capacity: int32(k.Activations), store: map[int32]bool{}})
	}
	if in.index == 0 {
		b.topKeys = keys
	}
	keyOf := func(n string) int32 {
		if n == "" {
			return -1
		}
		if ki, ok := keys[n]; ok {
			return ki
		}
		return b.topKeys[n]
	}

	groups := map[string]int32{}
	for _, g := range s.Fleet {
		gi := int32(len(w.groups))
		groups[g.Name] = gi
		grp := group{
			name:               qualify(g.Name),
			site:               si,
			prod:               g.Product,
			product:            productBit(g.Product),
			poolIndex:          uint8(poolIndex(g.Product.Pool())),
			threshold:          g.Threshold,
			random:             g.Selection == scenarios.SelectRandom,
			domain:             domainOf(g.Domain),
			pinned:             -1,
			caching:            *g.HostCaching,
			shared:             -1,
			rearms:             uint8(g.Rearms),
			activationInterval: engine.Time(g.ActivationInterval),
			renewalInterval:    engine.Time(g.RenewalInterval),
		}
		if g.KMS != "" {
			grp.pinned = hostOf(g.KMS)
		}
		grp.method, grp.mak, grp.proxy = g.Activation, keyOf(g.MAK), g.MAKProxy
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
		w.groups = append(w.groups, grp)
		for range g.Count {
			b.joins = append(b.joins, pendingJoin{spread(w.sites[si].rng, engine.Time(g.Join.At), engine.Time(g.Join.Over)), gi})
		}
		b.lifecycle(gi, &g.Lifecycle, b.scn.Duration)
	}

	for _, e := range s.Events {
		at := engine.Time(e.At)
		switch {
		case e.Decommission != nil:
			b.fleetChange(si, at, actRemove, groups[e.Decommission.Group], e.Decommission)
		case e.Add != nil:
			b.fleetChange(si, at, actAdd, groups[e.Add.Group], e.Add)
		case e.HostDown != nil:
			hi := hosts[e.HostDown.Host]
			w.schedule(at, action{kind: actHostDown, host: hi})
			if e.HostDown.For > 0 {
				w.schedule(at+engine.Time(e.HostDown.For), action{kind: actHostUp, host: hi})
			}
		case e.HostUp != nil:
			w.schedule(at, action{kind: actHostUp, host: hosts[e.HostUp.Host]})
		case e.HostReplace != nil:
			w.schedule(at, action{kind: actHostReplace, host: hosts[e.HostReplace.Host]})
		case e.Away != nil:
			b.needTravel()
			a := e.Away
			w.groups[groups[a.Group]].travels = true
			for range a.Count {
				w.schedule(spread(w.sites[si].rng, at, engine.Time(a.Over)), action{kind: actAway, group: groups[a.Group], span: engine.Time(a.For)})
			}
		case e.Replace != nil:
			b.fleetChange(si, at, actReplace, groups[e.Replace.Group], e.Replace)
		case e.Reimage != nil:
			r := e.Reimage
			w.schedule(at, action{kind: actReimage, group: groups[r.Group], span: engine.Time(r.Over), generalize: r.Generalizes()})
		case e.Rearm != nil:
			w.schedule(at, action{kind: actRearm, group: groups[e.Rearm.Group]})
		case e.Switch != nil:
			sw := e.Switch
			w.schedule(at, action{kind: actSwitch, group: groups[sw.Group], method: sw.To, mak: keyOf(sw.MAK)})
		default:
			kind, c := actSRVAdd, e.SRVAdd
			if e.SRVChange != nil {
				kind, c = actSRVChange, e.SRVChange
			} else if e.SRVRemove != nil {
				kind, c = actSRVRemove, e.SRVRemove
			}
			di := domainOf(c.Domain)
			// K22: the change reaches the clients' DNS servers only after
			// the domain's propagation delay.
			w.schedule(at+engine.Time(w.domains[di].propagation), action{
				kind: kind, host: hosts[c.Host], domain: di, priority: c.Priority, weight: c.Weight,
			})
		}
	}
	return hosts
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

// fleetChange schedules a change of f.Count machines, each at a random
// time of the window.
func (b *builder) fleetChange(si int32, at engine.Time, kind actionKind, gi int32, f *scenarios.FleetChange) {
	for range f.Count {
		b.w.schedule(spread(b.w.sites[si].rng, at, engine.Time(f.Over)), action{kind: kind, group: gi})
	}
}

// servesPool reports whether key k activates some product of pool p.
func servesPool(k scenarios.KeyGroup, p scenarios.Pool) bool {
	for _, prod := range scenarios.Products {
		if prod.Pool() == p && k.Activates(prod) {
			return true
		}
	}
	return false
}

// newRand returns the random stream number stream of a run with the given
// seed. Both are mixed with SplitMix64 so that nearby seeds and streams
// give unrelated sequences.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(SplitMix(seed), SplitMix(seed^SplitMix(stream+1))))
}

// SplitMix returns x mixed by SplitMix64's finalizer: nearby inputs give
// unrelated outputs, so seeds 1, 2, 3 start unrelated random streams.
func SplitMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// initResult lays out the series of res: one per host pool and one per
// product present in the fleet.
//
// Every series gets its final capacity at once: the number of samples is
// known, and growing thousands of series by appending would allocate
// several times their size.
func (w *world) initResult(res *Result, n int) {
	series := func() []int32 { return make([]int32, 0, n) }
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
			for s := range clients {
				clients[s][i] += w.groups[gi].counts[s]
			}
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

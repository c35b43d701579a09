package sim

import (
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// host is a KMS host: its key groups, whether it answers, the intervals it
// hands to clients, and one count table (pool) per kind of host key.
//
// The fields a request reads come first, so that they share a cache line:
// a large run touches thousands of hosts at random.
type host struct {
	up     bool
	serves productSet      // K16, K32: the products its keys activate
	pools  [numPools]int32 // by poolIndex; -1 when no installed key serves the pool

	// K27: every response carries the host's own intervals.
	activationInterval interval
	renewalInterval    interval

	traffic hostTraffic // counters since the last sample

	name string
	site int32
	srv  scenarios.SRV
}

// productSet is a set of products, a bit each in the order of
// scenarios.Products: whether a host serves a request is one AND.
type productSet uint64

// maxProducts is how many products a productSet can hold; a test keeps
// scenarios.Products within it.
const maxProducts = 64

// numPools is the number of scenarios.Pools, the size of host.pools; a
// test keeps the two equal.
const numPools = 7

// productBit returns the set holding only p.
func productBit(p scenarios.Product) productSet {
	return 1 << slices.Index(scenarios.Products, p)
}

// keySet returns the products that the host keys activate (K16).
func keySet(keys []scenarios.KeyGroup) productSet {
	var s productSet
	for _, k := range keys {
		s |= keyProducts[k]
	}
	return s
}

// keyProducts and poolProducts are the activation matrix (K16, K32, K33)
// and the pools (K12, K33) as product sets, computed once: a world of
// 10,000 branch hosts looks them up for every host.
var keyProducts, poolProducts = func() (map[scenarios.KeyGroup]productSet, map[scenarios.Pool]productSet) {
	keys, pools := map[scenarios.KeyGroup]productSet{}, map[scenarios.Pool]productSet{}
	for _, p := range scenarios.Products {
		pools[p.Pool()] |= productBit(p)
		for _, k := range scenarios.KeyGroups {
			if k.Activates(p) {
				keys[k] |= productBit(p)
			}
		}
	}
	return keys, pools
}()

// slot is one row of a host's table: a client machine id, when the host
// last heard from it (in seconds since the world's epoch, which fit 32
// bits: a run and the tables it starts from span at most 100 years), and
// its neighbours in the order of hearing. 16 bytes, so a
// 50-entry table is 13 cache lines.
type slot struct {
	heard      uint32
	cmid       int32 // -1 when the slot is free
	prev, next int32 // -1 at the ends
}

// pool is one count of a host (K12): the Windows count that clients and
// servers share, or the Office count.
//
// Its table is a set of slots, at most capacity, whose entries form a list
// from the least recently heard (oldest) to the most recently heard
// (newest). Requests arrive in time order, so moving a refreshed entry to
// the newest end keeps the list ordered by time heard (K11), and the
// oldest entry is both the next to age out and the one evicted when the
// table is full (K13). Every operation is O(1) given the slot, and a
// client remembers the slot it was last given, so a renewal never
// searches.
type pool struct {
	// What a request reads, first.
	expiryAt       engine.Time
	slots          []slot
	count          int   // K14: −1 until the first request
	capacity       int   // K13: 2 × the highest threshold seen, never shrinks
	oldest, newest int32 // -1 when empty
	free           int32 // free slots, chained through next; -1 if none
	host           int32

	kind       scenarios.Pool
	thresholds []int  // thresholds of the clients that asked, ascending
	steps      []Step // every change of count, for exact expectations
}

func newPool(hostIndex int32, kind scenarios.Pool) pool {
	return pool{host: hostIndex, kind: kind, count: -1, expiryAt: never, oldest: -1, newest: -1, free: -1}
}

// poolIndex maps a Pool to its slot in host.pools.
func poolIndex(p scenarios.Pool) int { return slices.Index(scenarios.Pools, p) }

// unlink takes slot i out of the list of entries.
func (p *pool) unlink(i int32) {
	slots := p.slots // read once: the stores below cannot change it
	prev, next := slots[i].prev, slots[i].next
	if prev >= 0 {
		slots[prev].next = next
	} else {
		p.oldest = next
	}
	if next >= 0 {
		slots[next].prev = prev
	} else {
		p.newest = prev
	}
}

// pushNewest links slot i at the newest end.
func (p *pool) pushNewest(i int32) {
	slots := p.slots
	newest := p.newest
	slots[i].prev, slots[i].next = newest, -1
	if newest >= 0 {
		slots[newest].next = i
	} else {
		p.oldest = i
	}
	p.newest = i
}

// release frees slot i, which must be unlinked.
func (p *pool) release(i int32) {
	p.slots[i] = slot{cmid: -1, next: p.free, prev: -1}
	p.free = i
}

// slotHint is what a client remembers of its last request: the pool and
// the slot it was given. Before its first request the pool is -1, or
// inNoTable when its CMID is new (a machine created or re-imaged by the
// run), which no host can have heard yet.
type slotHint struct {
	pool, slot int32
}

// inNoTable is the pool of the hint of a client whose CMID no host has
// heard.
const inNoTable = -2

// newHint is the hint of a client whose CMID is new if fresh, and may be
// in the tables a scenario starts from if not.
func newHint(fresh bool) slotHint {
	if fresh {
		return slotHint{pool: inNoTable, slot: -1}
	}
	return slotHint{pool: -1, slot: -1}
}

// find returns the slot of pool pi holding cmid, or -1.
//
// A CMID occurs at most once in a table (K10: the host counts distinct
// CMIDs), and an entry never moves to another slot while it lives, so: if
// the hinted slot holds cmid, that is the entry; and if the hint is for
// this pool and cmid is the client's own (no clone shares it, K9), a
// hinted slot that no longer holds it means the entry was evicted or aged
// out, with no need to search. A CMID of its own that no host has heard
// is in no table either: the first request of each machine does not
// search. Otherwise the table is scanned.
func (p *pool) find(pi, cmid int32, h slotHint, own bool) int32 {
	if h.slot >= 0 && int(h.slot) < len(p.slots) && p.slots[h.slot].cmid == cmid {
		return h.slot
	}
	if own && (h.pool == pi || h.pool == inNoTable) {
		return -1
	}
	for i := range p.slots {
		if p.slots[i].cmid == cmid {
			return int32(i)
		}
	}
	return -1
}

// request records a request from cmid with the given threshold at now and
// returns the count the host answers with (K10): the distinct CMIDs heard
// in the last window, the asker included. hint is the client's slot hint,
// updated to the slot it now has; own says that no other client shares
// the CMID (K9).
//
// K18: a host answers any number of clients; only its table is bounded
// (K13). K18's limit of 6 hosts per host key is not enforced: a scenario
// of 500 branch offices stands for an organisation that obtained more
// host activations.
func (w *world) request(pi int32, cmid int32, threshold int, hint *slotHint, own bool) int {
	p := &w.pools[pi]
	now := w.eng.Now()
	// The expiry event removes entries at the second they age out; only
	// if it is due now and not yet run (queued after this request) can an
	// entry be stale. The check reads the pool's header, not its table.
	if p.expiryAt <= now {
		w.prune(pi)
	}
	old := max(p.count, 0) // −1 before the first request (K14)
	w.noteThreshold(p, threshold)
	n := old
	i := p.find(pi, cmid, *hint, own)
	switch {
	case i >= 0:
		// K11: a client that asks again has its old record removed and
		// starts a fresh window at the newest end.
		p.unlink(i)
	case p.free >= 0:
		i = p.free
		p.free = p.slots[i].next
		n++
	case len(p.slots) < p.capacity:
		i = int32(len(p.slots))
		p.slots = append(p.slots, slot{})
		n++
	default:
		// K13: the table is full: the entry heard from longest ago makes
		// room (least recently used, inferred). The count never exceeds
		// the cache size.
		i = p.oldest
		p.unlink(i)
	}
	p.slots[i].cmid, p.slots[i].heard = cmid, w.stamp(now)
	p.pushNewest(i)
	*hint = slotHint{pool: pi, slot: i}
	p.count = n
	if n != old {
		w.crossings(pi, old, n)
	}
	if p.expiryAt == never {
		p.expiryAt = w.heard(p.oldest, p) + w.window
		w.eng.Schedule(p.expiryAt, evPoolExpiry, pi)
	}
	return p.count
}

// noteThreshold records that a client with threshold t asked. K13: the
// cache grows to cacheFactor × the highest threshold seen and never shrinks:
// 10 while only servers asked, 50 once a Windows client does.
//
// Nearly every request brings the highest threshold already seen, so that
// case returns at once, inlined at the caller.
func (w *world) noteThreshold(p *pool, t int) {
	if th := p.thresholds; len(th) == 0 || th[len(th)-1] != t {
		w.addThreshold(p, t)
	}
}

// addThreshold is noteThreshold for a threshold other than the highest
// seen.
func (w *world) addThreshold(p *pool, t int) {
	if c := w.cacheFactor * t; c > p.capacity {
		p.capacity = c
	}
	if i, found := slices.BinarySearch(p.thresholds, t); !found {
		p.thresholds = slices.Insert(p.thresholds, i, t)
	}
}

// prune drops the entries that have not been heard from for a whole count
// window (K11): a CMID heard at t counts until t+window, not at it.
func (w *world) prune(pi int32) {
	p := &w.pools[pi]
	limit := w.eng.Now() - w.window
	old := p.count
	for p.oldest >= 0 && w.heard(p.oldest, p) <= limit {
		i := p.oldest
		p.unlink(i)
		p.release(i)
		p.count--
	}
	w.crossings(pi, old, p.count)
}

// expire handles the pool's expiry event: the moment its oldest entry ages
// out. There is at most one pending expiry per pool; an event whose time is
// no longer the pool's expiryAt is stale and ignored.
func (w *world) expire(pi int32, at engine.Time) {
	p := &w.pools[pi]
	if at != p.expiryAt {
		return
	}
	w.prune(pi)
	p.expiryAt = never
	if p.oldest >= 0 {
		p.expiryAt = w.heard(p.oldest, p) + w.window
		w.eng.Schedule(p.expiryAt, evPoolExpiry, pi)
	}
}

// stamp returns time t as a slot stores it: seconds since the world's
// epoch, which is before 0 when the run starts from tables heard earlier.
func (w *world) stamp(t engine.Time) uint32 { return uint32(t - w.epoch) }

// heard returns when pool p last heard the entry in slot i.
func (w *world) heard(i int32, p *pool) engine.Time {
	return engine.Time(p.slots[i].heard) + w.epoch
}

// replacePool empties the pool as a new host would have it (K15): count
// −1, no table, cache size not yet set.
func (w *world) replacePool(pi int32) {
	p := &w.pools[pi]
	old := p.count
	p.slots = p.slots[:0]
	p.oldest, p.newest, p.free = -1, -1, -1
	p.count = -1
	w.crossings(pi, old, -1)
	p.capacity = 0
	p.thresholds = nil
	p.expiryAt = never
}

// crossings records the change of count from old to new, and a milestone
// for every threshold the count passed.
func (w *world) crossings(pi int32, old, new int) {
	if old == new {
		return
	}
	p := &w.pools[pi]
	p.steps = append(p.steps, Step{At: w.eng.Now(), Value: int32(new)})
	for _, t := range p.thresholds {
		switch {
		case old >= t && new < t:
			w.metrics.crossing(w.eng.Now(), pi, MilestoneCountBelow, t, new)
		case old < t && new >= t:
			w.metrics.crossing(w.eng.Now(), pi, MilestoneCountReached, t, new)
		}
	}
}

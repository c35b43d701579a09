package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// host is a KMS host: its key groups, whether it answers, the intervals it
// hands to clients, and one count table (pool) per kind of host key.
type host struct {
	name  string
	site  int32
	keys  []scenarios.KeyGroup
	up    bool
	pools [2]int32 // by poolIndex; -1 when no installed key serves the pool

	// K27: every response carries the host's own intervals.
	activationInterval engine.Time
	renewalInterval    engine.Time
	srv                scenarios.SRV

	traffic hostTraffic // counters since the last sample
}

// activates reports whether one of the host's keys can activate p (K16).
func (h *host) activates(p scenarios.Product) bool {
	for _, k := range h.keys {
		if k.Activates(p) {
			return true
		}
	}
	return false
}

// cmidEntry is one row of a host's table: a client machine id and when the
// host last heard from it.
type cmidEntry struct {
	cmid  int32
	heard engine.Time
}

// pool is one count of a host (K12): the Windows count that clients and
// servers share, or the Office count.
type pool struct {
	host int32
	kind scenarios.Pool

	// entries are the CMIDs heard in the last count window, oldest first.
	// Requests arrive in time order, so appending on every request keeps
	// the slice ordered by heard time, and the head is the least recently
	// heard: the one that ages out (K11) or is evicted (K13) first.
	entries    []cmidEntry
	capacity   int   // K13: 2 × the highest threshold seen, never shrinks
	count      int   // K14: −1 until the first request
	thresholds []int // thresholds of the clients that asked, ascending
	expiryAt   engine.Time
	steps      []Step // every change of count, for exact expectations
}

func newPool(hostIndex int32, kind scenarios.Pool) pool {
	return pool{host: hostIndex, kind: kind, count: -1, expiryAt: never}
}

// poolIndex maps a Pool to its slot in host.pools.
func poolIndex(p scenarios.Pool) int {
	if p == scenarios.PoolOffice {
		return 1
	}
	return 0
}

// request records a request from cmid with the given threshold at now and
// returns the count the host answers with (K10): the distinct CMIDs heard
// in the last window, the asker included.
func (w *world) request(pi int32, cmid int32, threshold int) int {
	p := &w.pools[pi]
	now := w.eng.Now()
	w.prune(pi)
	old := p.count
	if old < 0 {
		old = 0
	}
	w.noteThreshold(p, threshold)
	// K11: a client that asks again has its old record removed and starts
	// a fresh window at the tail.
	found := false
	for i := range p.entries {
		if p.entries[i].cmid == cmid {
			p.entries = append(p.entries[:i], p.entries[i+1:]...)
			found = true
			break
		}
	}
	// K13: when the table is full, the entry heard from longest ago makes
	// room (least recently used, inferred). The count never exceeds the
	// cache size.
	if !found && len(p.entries) >= p.capacity {
		p.entries = append(p.entries[:0], p.entries[1:]...)
	}
	p.entries = append(p.entries, cmidEntry{cmid: cmid, heard: now})
	p.count = len(p.entries)
	w.crossings(pi, old, p.count)
	if p.expiryAt == never {
		p.expiryAt = p.entries[0].heard + w.window
		w.eng.Schedule(p.expiryAt, evPoolExpiry, pi)
	}
	return p.count
}

// noteThreshold records that a client with threshold t asked. K13: the
// cache grows to cacheFactor × the highest threshold seen and never shrinks:
// 10 while only servers asked, 50 once a Windows client does.
func (w *world) noteThreshold(p *pool, t int) {
	if c := w.cacheFactor * t; c > p.capacity {
		p.capacity = c
	}
	for i, seen := range p.thresholds {
		if seen == t {
			return
		}
		if seen > t {
			p.thresholds = append(p.thresholds[:i], append([]int{t}, p.thresholds[i:]...)...)
			return
		}
	}
	p.thresholds = append(p.thresholds, t)
}

// prune drops the entries that have not been heard from for a whole count
// window (K11): a CMID heard at t counts until t+window, not at it.
func (w *world) prune(pi int32) {
	p := &w.pools[pi]
	limit := w.eng.Now() - w.window
	n := 0
	for n < len(p.entries) && p.entries[n].heard <= limit {
		n++
	}
	if n == 0 {
		return
	}
	old := p.count
	p.entries = append(p.entries[:0], p.entries[n:]...)
	p.count = len(p.entries)
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
	if len(p.entries) > 0 {
		p.expiryAt = p.entries[0].heard + w.window
		w.eng.Schedule(p.expiryAt, evPoolExpiry, pi)
	}
}

// replace empties the pool as a new host would have it (K15): count −1,
// no table, cache size not yet set.
func (w *world) replacePool(pi int32) {
	p := &w.pools[pi]
	old := p.count
	p.entries = p.entries[:0]
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

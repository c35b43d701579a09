package sim

import (
	"math/rand/v2"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// group is one fleet group of one site instance: alike clients that find
// hosts the same way.
//
// The fields an attempt reads come first, so that they share a cache line:
// a large run touches thousands of groups at random.
type group struct {
	threshold int
	site      int32
	domain    int32      // the domain the clients query (K19)
	pinned    int32      // the host the clients are pinned to, or -1 (K19)
	shared    int32      // the CMID all clients share (K9), or -1
	product   productSet // the one product of the clients
	poolIndex uint8      // the host pool its requests join (K12)
	random    bool       // K20: uniform selection among SRV records
	caching   bool       // K29
	kms       bool       // K25: the machines activate by KMS (method is kms)
	adTries   bool       // K34, K35: its domain members try AD first

	name        string
	prod        scenarios.Product
	counts      [NumStates]int32 // clients by state, kept on every transition
	expiring    int32            // Licensed clients in their expiry warning (K38)
	adLicensed  int32            // Licensed clients activated by AD (K34)
	present     []int32          // the clients installed and not removed
	pending     []int32          // clients still to join, once a decommission needed them; else nil
	transitions []Transition     // every change of state, for exact expectations

	activationInterval interval
	renewalInterval    interval

	// How the machines activate (K25): by KMS, or with MAK key mak (an
	// index of world.keys) through a proxy or not, or OEM or token.
	method   scenarios.Method
	mak      int32
	proxy    bool
	presence *presence // nil: always on

	image int32 // the CMID of a pool's image that is not generalized (K9, K37), or -1

	// K4: the rearms of each machine when its grace runs out, and the
	// most its product allows per installation (3 for Vista and 7, 1000
	// for Windows 8 and later).
	rearms, maxRearms uint16

	// K34, K35: the AD its domain members use (-1: none) and their
	// act_type; adTries above says whether they try AD at all (a product
	// AD activates, act_type not kms).
	ad       int32
	actType  scenarios.ActType
	adMember bool      // its machines join as members
	travels  bool      // its machines go on trips or are sent away
	away     []int32   // if travels, its machines away at each sample
	esu      *esuGroup // K42: the ESU years it takes, or nil
}

// newClient creates a client of group gi, not yet installed, and returns
// its index.
func (w *world) newClient(gi int32) int32 {
	cmid := w.groups[gi].shared
	fresh := cmid < 0
	if fresh {
		cmid = w.nextCMID
		w.nextCMID++
	}
	return w.newClientWith(gi, cmid, fresh)
}

// newClientWith creates a client of group gi with CMID cmid, not yet
// installed, and returns its index. fresh says that cmid was just made,
// so that no host table holds it (newHint).
func (w *world) newClientWith(gi, cmid int32, fresh bool) int32 {
	g := &w.groups[gi]
	ci := int32(len(w.clients))
	if w.travel != nil {
		w.travel = append(w.travel, travel{vpnDay: -1})
	}
	if w.rearm != nil {
		w.rearm = append(w.rearm, rearmCount{left: g.rearms})
	}
	w.nextHW++
	w.clients = append(w.clients, client{
		hw:                 w.nextHW,
		attemptAt:          never,
		deadlineAt:         never,
		deadlineEvent:      never,
		cmid:               cmid,
		group:              gi,
		cached:             -1,
		hint:               newHint(fresh),
		activationInterval: g.activationInterval,
		renewalInterval:    g.renewalInterval,
		adMember:           g.adMember,
	})
	g.counts[Absent]++
	return ci
}

// decommission removes one client of group gi, chosen at random among
// those present, and reports whether one was. With none present yet, it
// removes one still to join, which then never joins: a retirement planned
// before the machines arrive is not dropped.
func (w *world) decommission(gi int32) bool {
	g := &w.groups[gi]
	if len(g.present) == 0 {
		return w.cancelJoin(gi)
	}
	i := w.sites[g.site].rng.IntN(len(g.present))
	ci := g.present[i]
	last := len(g.present) - 1
	g.present[i] = g.present[last]
	g.present = g.present[:last]
	w.remove(ci)
	return true
}

// cancelJoin removes a client of group gi that has not joined yet, chosen
// at random, and reports whether there was one. The group's clients still
// to join are found once, when first needed, and dropped from the list as
// they join.
func (w *world) cancelJoin(gi int32) bool {
	g := &w.groups[gi]
	if g.pending == nil {
		g.pending = []int32{}
		for ci := range w.clients {
			if c := &w.clients[ci]; c.group == gi && c.state == Absent && c.attemptAt != never {
				g.pending = append(g.pending, int32(ci))
			}
		}
	}
	rng := w.sites[g.site].rng
	for len(g.pending) > 0 {
		i := rng.IntN(len(g.pending))
		ci := g.pending[i]
		last := len(g.pending) - 1
		g.pending[i] = g.pending[last]
		g.pending = g.pending[:last]
		if c := &w.clients[ci]; c.state == Absent && c.attemptAt != never {
			w.remove(ci) // its pending first attempt is now stale
			return true
		}
	}
	return false
}

// spread returns a time drawn uniformly from [at, at+over), or at when over
// is 0. Machines are switched on, retired or added at random moments of a
// window: evenly spaced times would fall on the 2-hour retry grid and move
// whole groups in lockstep.
func spread(r *rand.Rand, at, over engine.Time) engine.Time {
	if over <= 0 {
		return at
	}
	return at + engine.Time(r.Int64N(int64(over)))
}

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
	rearms    uint8      // K4
	kms       bool       // K25: the machines activate by KMS (method is kms)
	adTries   bool       // K34, K35: its domain members try AD first

	name        string
	prod        scenarios.Product
	counts      [NumStates]int32 // clients by state, kept on every transition
	expiring    int32            // Licensed clients in their expiry warning (K38)
	adLicensed  int32            // Licensed clients activated by AD (K34)
	present     []int32          // the clients installed and not removed
	transitions []Transition     // every change of state, for exact expectations

	activationInterval engine.Time
	renewalInterval    engine.Time

	// How the machines activate (K25): by KMS, or with MAK key mak (an
	// index of world.keys) through a proxy or not, or OEM or token.
	method   scenarios.Method
	mak      int32
	proxy    bool
	presence *presence // nil: always on

	image int32 // the CMID of a pool's image that is not generalized (K9, K37), or -1

	// K34, K35: the AD its domain members use (-1: none) and their
	// act_type; adTries above says whether they try AD at all (a product
	// AD activates, act_type not kms).
	ad       int32
	actType  scenarios.ActType
	adMember bool    // its machines join as members
	travels  bool    // its machines go on trips or are sent away
	away     []int32 // if travels, its machines away at each sample
}

// newClient creates a client of group gi, not yet installed, and returns
// its index.
func (w *world) newClient(gi int32) int32 {
	g := &w.groups[gi]
	cmid := g.shared
	if cmid < 0 {
		cmid = w.nextCMID
		w.nextCMID++
	}
	ci := int32(len(w.clients))
	if w.travel != nil {
		w.travel = append(w.travel, travel{vpnDay: -1})
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
		hint:               slotHint{pool: -1, slot: -1},
		activationInterval: g.activationInterval,
		renewalInterval:    g.renewalInterval,
		rearms:             g.rearms,
		adMember:           g.adMember,
	})
	g.counts[Absent]++
	return ci
}

// decommission removes one client of group gi, chosen at random among
// those present, and reports whether one was.
func (w *world) decommission(gi int32) bool {
	g := &w.groups[gi]
	if len(g.present) == 0 {
		return false
	}
	i := w.sites[g.site].rng.IntN(len(g.present))
	ci := g.present[i]
	last := len(g.present) - 1
	g.present[i] = g.present[last]
	g.present = g.present[:last]
	w.remove(ci)
	return true
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

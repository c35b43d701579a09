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

	name        string
	prod        scenarios.Product
	counts      [NumStates]int32 // clients by state, kept on every transition
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
	travels  bool      // its machines go on trips or are sent away
	away     []int32   // if travels, its machines away at each sample
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

// actionKind is what a scheduled scenario event does.
type actionKind uint8

const (
	actRemove actionKind = iota
	actAdd
	actHostDown
	actHostUp
	actHostReplace
	actSRVAdd
	actSRVChange
	actSRVRemove
	actAway
	actReplace
	actReimage
	actReimageOne
	actRearm
	actSwitch
)

// action is one scheduled change of the world, from the scenario's events
// and host outages. A fleet change of N machines becomes N actions.
type action struct {
	kind     actionKind
	group    int32
	host     int32
	domain   int32
	priority *int
	weight   *int

	span       engine.Time // away: how long; reimage: the window of the machines' re-imaging
	client     int32       // reimage one machine
	cmid       int32       // reimage without generalize: the clones' shared CMID; else −1
	generalize bool
	method     scenarios.Method // switch: the new method
	mak        int32            // switch to mak: the key
}

func (w *world) schedule(at engine.Time, a action) {
	w.actions = append(w.actions, a)
	w.eng.Schedule(at, evAction, int32(len(w.actions)-1))
}

// act carries out action ai.
func (w *world) act(ai int32) {
	a := w.actions[ai]
	switch a.kind {
	case actRemove:
		w.decommission(a.group)
	case actAdd:
		w.join(w.newClient(a.group))
	case actAway:
		w.sendAway(a.group, a.span)
	case actReplace:
		// A new machine takes a retired one's place: new hardware, new
		// CMID, fresh grace, and under MAK a new activation (K25).
		if w.decommission(a.group) {
			w.join(w.newClient(a.group))
		}
	case actReimage:
		w.reimageGroup(a)
	case actReimageOne:
		w.reimage(a.client, a.cmid)
	case actRearm:
		w.rearmGroup(a.group)
	case actSwitch:
		w.switchMethod(a.group, a.method, a.mak)
	case actHostDown:
		w.hosts[a.host].up = false
	case actHostUp:
		w.hosts[a.host].up = true
	case actHostReplace:
		// K15: the new host starts from nothing.
		for _, pi := range w.hosts[a.host].pools {
			if pi >= 0 {
				w.replacePool(pi)
			}
		}
		w.hosts[a.host].up = true
	case actSRVAdd, actSRVChange:
		// K22: the change has reached the clients' DNS servers by now.
		d := &w.domains[a.domain]
		r := record{host: a.host, priority: w.hosts[a.host].srv.Priority, weight: w.hosts[a.host].srv.Weight}
		if i := d.index(a.host); i >= 0 {
			r = d.visible[i]
		} else if a.kind == actSRVChange {
			return // nothing to change: the record is not (yet) visible
		}
		if a.priority != nil {
			r.priority = *a.priority
		}
		if a.weight != nil {
			r.weight = *a.weight
		}
		d.set(r)
	case actSRVRemove:
		w.domains[a.domain].remove(a.host)
	}
}

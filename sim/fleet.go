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
	w.clients = append(w.clients, client{
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
// those present. It does nothing if none is.
func (w *world) decommission(gi int32) {
	g := &w.groups[gi]
	if len(g.present) == 0 {
		return
	}
	i := w.sites[g.site].rng.IntN(len(g.present))
	ci := g.present[i]
	last := len(g.present) - 1
	g.present[i] = g.present[last]
	g.present = g.present[:last]
	w.remove(ci)
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

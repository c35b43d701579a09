package sim

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// This file is the model's place for each kind of scenario event
// (scenarios.Action): how the builder schedules it (scheduleEvent), what
// it does when its time comes (act), and what it connects across site
// instances (links).

// actionKind is what a scheduled change of the world does.
type actionKind uint8

const (
	actHostDown actionKind = iota
	actHostUp
	actHostReplace
	actSRVAdd
	actSRVChange
	actSRVRemove
	actAway
	actReimage
	actReimageOne
	actRearm
	actSwitch
	actADAdd
	actADRemove
	actDCDown
	actDCUp
	actESUYear

	numActionKinds // the number of kinds: act has a case for each below it
)

// action is one scheduled change of the world, from the scenario's events,
// host outages and lifecycles. A fleet change of N machines becomes N
// actions.
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
	year       int8             // ESU: the year that starts, or minus the year that ends (K42)
	method     scenarios.Method // switch: the new method
	mak        int32            // switch to mak: the key
	ad         int32            // AD actions: the AD (K34)
	object     scenarios.KeyGroup
}

// schedule runs action a at time at. The action waits in a slot of
// w.actions that is free again once it has run: a group re-imaged every
// 15 minutes for a year schedules 35,040 actions per machine, which must
// not all stay in memory.
func (w *world) schedule(at engine.Time, a action) {
	var ai int32
	if n := len(w.freeActions); n > 0 {
		ai = w.freeActions[n-1]
		w.freeActions = w.freeActions[:n-1]
		w.actions[ai] = a
	} else {
		ai = int32(len(w.actions))
		w.actions = append(w.actions, a)
	}
	w.eng.Schedule(at, evAction, ai)
}

// scheduleEvent schedules the actions of event e of a site instance whose
// names ns resolves, and reports whether the model knows e's kind.
func (b *builder) scheduleEvent(ns *siteNames, e *scenarios.Event) bool {
	w := b.w
	at := engine.Time(e.At)
	rng := w.sites[ns.site].rng
	fleet := func(kind engine.Kind, f *scenarios.FleetChange) { b.fleet(ns, at, kind, f) }
	srv := func(kind actionKind, r *scenarios.SRVRecord) {
		di := ns.domain(r.Domain)
		// K22: the change reaches the clients' DNS servers only after
		// the domain's propagation delay.
		w.schedule(at+engine.Time(w.domains[di].propagation), action{
			kind: kind, host: ns.host(r.Host), domain: di, priority: r.Priority, weight: r.Weight,
		})
	}
	a, _ := e.Action()
	switch a := a.(type) {
	case *scenarios.Decommission:
		fleet(evRemove, (*scenarios.FleetChange)(a))
	case *scenarios.Add:
		fleet(evAdd, (*scenarios.FleetChange)(a))
	case *scenarios.Replace:
		fleet(evReplace, (*scenarios.FleetChange)(a))
	case *scenarios.HostDown:
		hi := ns.host(a.Host)
		w.schedule(at, action{kind: actHostDown, host: hi})
		if a.For > 0 {
			w.schedule(at+engine.Time(a.For), action{kind: actHostUp, host: hi})
		}
	case *scenarios.HostUp:
		w.schedule(at, action{kind: actHostUp, host: ns.host(a.Host)})
	case *scenarios.HostReplace:
		w.schedule(at, action{kind: actHostReplace, host: ns.host(a.Host)})
	case *scenarios.SRVAdd:
		srv(actSRVAdd, a.Record())
	case *scenarios.SRVChange:
		srv(actSRVChange, a.Record())
	case *scenarios.SRVRemove:
		srv(actSRVRemove, a.Record())
	case *scenarios.Away:
		b.needTravel()
		gi := ns.group(a.Group)
		w.groups[gi].travels = true
		for range a.Count {
			w.schedule(spread(rng, at, engine.Time(a.Over)), action{kind: actAway, group: gi, span: engine.Time(a.For)})
		}
	case *scenarios.ReimageGroup:
		w.schedule(at, action{kind: actReimage, group: ns.group(a.Group), span: engine.Time(a.Over), generalize: a.Generalizes()})
	case *scenarios.RearmGroup:
		b.needRearm()
		w.schedule(at, action{kind: actRearm, group: ns.group(a.Group)})
	case *scenarios.Switch:
		w.schedule(at, action{kind: actSwitch, group: ns.group(a.Group), method: a.To, mak: ns.key(a.MAK)})
	default:
		return b.scheduleAD(ns, at, a)
	}
	return true
}

// fleet schedules a change of f.Count machines (an event of kind evRemove,
// evAdd or evReplace each), each at a random time of the window.
func (b *builder) fleet(ns *siteNames, at engine.Time, kind engine.Kind, f *scenarios.FleetChange) {
	rng := b.w.sites[ns.site].rng
	gi := ns.group(f.Group)
	if kind == evAdd || kind == evReplace {
		b.adds(gi, f.Count)
	}
	for range f.Count {
		b.w.eng.Schedule(spread(rng, at, engine.Time(f.Over)), kind, gi)
	}
}

// changeFleet changes one machine of group gi: kind evRemove retires one,
// evAdd installs a new one, evReplace does both, as new hardware takes a
// retired machine's place: new CMID, fresh grace, and under MAK a new
// activation (K25); evLeaveDomain and evJoinDomain change its membership
// of the domain (K34, K35).
func (w *world) changeFleet(kind engine.Kind, gi int32) {
	switch kind {
	case evRemove:
		w.decommission(gi)
	case evAdd:
		w.join(w.newClient(gi))
	case evReplace:
		if w.decommission(gi) {
			w.join(w.newClient(gi))
		}
	case evLeaveDomain, evJoinDomain:
		w.setMembership(gi, kind == evJoinDomain)
	}
}

// links returns what event e connects its site instance to beyond its own
// hosts and groups: a DNS domain whose records it changes, a MAK key it
// activates with, an AD it changes or whose membership it changes (which
// is the scenario's own site's for a template without an AD).
func links(e *scenarios.Event) (domain, makKey string, ad bool) {
	a, _ := e.Action()
	switch a := a.(type) {
	case scenarios.SRVEvent:
		return a.Record().Domain, "", false
	case *scenarios.Switch:
		return "", a.MAK, false
	case *scenarios.ADAdd, *scenarios.ADRemove, *scenarios.DCDown, *scenarios.LeaveDomain, *scenarios.JoinDomain:
		return "", "", true
	}
	return "", "", false
}

// act carries out action ai.
func (w *world) act(ai int32) {
	a := w.actions[ai]
	w.freeActions = append(w.freeActions, ai)
	switch a.kind {
	case actAway:
		w.sendAway(a.group, a.span)
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
	case actADAdd, actADRemove, actDCDown, actDCUp:
		w.adAction(a)
	case actESUYear:
		w.esuYear(a.year)
	default:
		// A kind without a case would be scheduled and silently do
		// nothing: a model that ignores part of the scenario.
		panic(fmt.Sprintf("sim: action kind %d has no case in act", a.kind))
	}
}

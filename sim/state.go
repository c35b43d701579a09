package sim

import (
	"cmp"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// A run can start from a state: hosts' tables as they stand and machines
// already installed, each in its own licence state (scenarios.Table,
// scenarios.Machine). This file places them; from then on they are hosts
// and clients like any other.

// MachineFate is what a run did to one named machine of the scenario (a
// machine installed at the start in a known state): where it stood at
// the start and the first time after it of each change that a planner
// acts on. A time that did not come within the run is -1.
type MachineFate struct {
	Name    string
	CMID    string
	Product scenarios.Product
	// Group is its group as the inventory names it (scenarios.Machine);
	// FleetGroup the fleet group it runs in, the GroupHistory's name.
	Group, FleetGroup string
	// Host is the host the machine reached last: at the end of the run,
	// or as the scenario gave it when it reached none since.
	Host string
	// Start is its state at the start.
	Start State
	// FirstFailedRenewal is the first renewal that failed while it was
	// licensed (K8: it stays activated and logs errors).
	FirstFailedRenewal engine.Time
	// Lapse is when its activation lapsed (K7).
	Lapse engine.Time
	// Notification is when it went into notification (K3).
	Notification engine.Time
	// Retired is when the scenario retired it (a decommission or a
	// replacement), −1 if it stayed: a retired machine asks no more and
	// its later states are no one's concern.
	Retired engine.Time
	// Silent is set when the scenario placed it asking no more (its log
	// last heard it longer ago than the count window: retired or away,
	// scenarios.Machine.Silent). While it asks no more, its lapse and
	// notification are not the products' milestones, which are the harm
	// of the machines in use. Woke is when it asked a host again (a
	// re-image, say), −1 if it never did.
	Silent bool
	Woke   engine.Time
	// End is its state at the end of the run.
	End State
}

// SilentLapse reports whether f's activation lapsed while it asked no
// more: a lapse that is no milestone.
func (f *MachineFate) SilentLapse() bool {
	return f.Silent && f.Lapse >= 0 && (f.Woke < 0 || f.Lapse < f.Woke)
}

// LapsesInUse returns the activations that lapsed within the run (K7)
// of machines in use: Totals.Expiries less the lapses of machines placed
// silent, while they asked no more (MachineFate.SilentLapse).
func (r *Result) LapsesInUse() int64 {
	n := r.Totals.Expiries
	for i := range r.Machines {
		if r.Machines[i].SilentLapse() {
			n--
		}
	}
	return n
}

// SilentAtEnd reports whether f still asks no more at the end.
func (f *MachineFate) SilentAtEnd() bool { return f.Silent && f.Woke < 0 }

// fate is what the world records of a named client as it runs.
type fate struct {
	failed, lapse, notification, retired, woke engine.Time
}

// epoch returns the earliest time the tables of scn hold, ≤ 0: the world
// stores the times of its tables' entries from it.
func epoch(scn *scenarios.Scenario, insts []instance) engine.Time {
	var e engine.Time
	for _, in := range insts {
		for _, h := range in.site.Hosts {
			for _, t := range h.Tables {
				for _, entry := range t.Heard {
					e = min(e, -engine.Time(entry.Ago))
				}
			}
		}
	}
	return e
}

// cmid returns the world's number for a CMID a scenario names, the same
// for every mention of it.
func (b *builder) cmid(s string) int32 {
	if n, ok := b.cmids[s]; ok {
		return n
	}
	n := b.w.nextCMID
	b.w.nextCMID++
	b.cmids[s] = n
	return n
}

// tables fills the pools of host hi with the tables scenario host h
// starts from (K10, K11, K13), oldest entry first, and records the count
// they give as its count at the start.
func (b *builder) tables(hi int32, h *scenarios.Host) {
	w := b.w
	for _, t := range h.Tables {
		pi := w.hosts[hi].pools[poolIndex(t.Pool)]
		p := &w.pools[pi]
		for _, n := range t.Thresholds {
			w.noteThreshold(p, n) // K13: the cache follows the highest
		}
		for _, e := range t.Heard {
			i := int32(len(p.slots))
			p.slots = append(p.slots, slot{cmid: b.cmid(e.CMID), heard: w.stamp(-engine.Time(e.Ago))})
			p.pushNewest(i)
		}
		if len(t.Heard) == 0 {
			continue
		}
		old := p.count
		p.count = len(t.Heard)
		w.crossings(pi, old, p.count)
		p.expiryAt = w.heard(p.oldest, p) + w.window
		w.eng.Schedule(p.expiryAt, evPoolExpiry, pi)
	}
}

// stateOf maps the names of scenarios.MachineStates to states.
var stateOf = map[string]State{
	"initial_grace":          InitialGrace,
	"licensed":               Licensed,
	"out_of_tolerance_grace": OutOfToleranceGrace,
	"notification":           Notification,
}

// machines installs the machines of group gi that the scenario places at
// the start, each in its own state, and schedules what each does next.
func (b *builder) machines(gi int32, g *scenarios.Group, ns *siteNames) {
	w := b.w
	for i := range g.Machines {
		m := &g.Machines[i]
		ci := w.newClientWith(gi, b.cmid(m.CMID), false) // its CMID may be in a starting table
		w.names = append(w.names, named{client: ci, machine: m})
		host := int32(-1)
		if m.Host != "" {
			host = ns.host(m.Host)
		}
		w.place(ci, stateOf[m.State], m, host)
	}
}

// named is a client the scenario names, with the machine it stands for.
type named struct {
	client  int32
	machine *scenarios.Machine
}

// place puts client ci in state s at the start, as machine m says, with
// host as the host it reached last (-1: none).
func (w *world) place(ci int32, s State, m *scenarios.Machine, host int32) {
	c := &w.clients[ci]
	g := &w.groups[c.group]
	g.present = append(g.present, ci)
	g.counts[Absent]--
	g.counts[s]++
	g.transitions = append(g.transitions, Transition{At: 0, From: Absent, To: s})
	c.state = s
	c.deadlineAt = never
	if s != Notification {
		c.deadlineAt = engine.Time(m.Until)
	}
	if s == Licensed && c.deadlineAt-w.warning <= 0 {
		c.warned = true // K38: warned already
		g.expiring++
	}
	if host >= 0 {
		// K21, K27: it keeps the host that answered, and that host's
		// intervals.
		if g.caching {
			c.cached = host
		}
		c.activationInterval = w.hosts[host].activationInterval
		c.renewalInterval = w.hosts[host].renewalInterval
	}
	c.silent = m.Silent
	if !m.Silent {
		c.attemptAt = engine.Time(m.Next)
		w.eng.Schedule(c.attemptAt, evAttempt, ci)
	}
	w.watchDeadline(ci)
}

// noteWoke records that named client ci, placed silent, asked again.
func (w *world) noteWoke(ci int32) {
	if int(ci) < len(w.fates) && w.fates[ci].woke == never {
		w.fates[ci].woke = w.eng.Now()
	}
}

// noteFailedRenewal records that named client ci's renewal failed while
// it was licensed (K8).
func (w *world) noteFailedRenewal(ci int32) {
	if int(ci) < len(w.fates) && w.fates[ci].failed == never {
		w.fates[ci].failed = w.eng.Now()
	}
}

// noteState records the first lapse (K7) and the first notification (K3)
// of named client ci, as it moves from state from to state to.
func (w *world) noteState(ci int32, from, to State) {
	if int(ci) >= len(w.fates) {
		return
	}
	f := &w.fates[ci]
	switch {
	case from == Licensed && to == OutOfToleranceGrace && f.lapse == never:
		f.lapse = w.eng.Now()
	case to == Notification && f.notification == never:
		f.notification = w.eng.Now()
	case to == Absent && from != Absent && f.retired == never:
		f.retired = w.eng.Now()
	}
}

// startFates begins recording the fates of the named clients, which are
// the first clients of the world.
func (w *world) startFates() {
	if len(w.names) == 0 {
		return
	}
	n := 0
	for _, nm := range w.names {
		n = max(n, int(nm.client)+1)
	}
	w.fates = make([]fate, n)
	for i := range w.fates {
		w.fates[i] = fate{failed: never, lapse: never, notification: never, retired: never, woke: never}
	}
}

// machineFates returns the fates of the named clients, in the order of
// the scenario.
func (w *world) machineFates() []MachineFate {
	if len(w.names) == 0 {
		return nil
	}
	out := make([]MachineFate, 0, len(w.names))
	for _, nm := range w.names {
		c := &w.clients[nm.client]
		g := &w.groups[c.group]
		f := w.fates[nm.client]
		host := nm.machine.Host
		group := cmp.Or(nm.machine.Group, g.name) // as the inventory names it
		if c.cached >= 0 {
			host = w.hosts[c.cached].name
		}
		out = append(out, MachineFate{
			Name:               nm.machine.Name,
			CMID:               nm.machine.CMID,
			Product:            g.prod,
			Group:              group,
			FleetGroup:         g.name,
			Host:               host,
			Start:              stateOf[nm.machine.State],
			FirstFailedRenewal: f.failed,
			Lapse:              f.lapse,
			Notification:       f.notification,
			Retired:            f.retired,
			Silent:             nm.machine.Silent,
			Woke:               f.woke,
			End:                c.state,
		})
	}
	return out
}

// SortFates orders fates as a planner reads them: the machines in use
// before the silent ones (retired or away), each by when the machine
// loses its activation (K7), those not licensed at the start first and
// those that keep it last; then by when it goes into notification, then
// by name.
func SortFates(fates []MachineFate) {
	const later = engine.Time(1<<62 - 1)
	lapse := func(f MachineFate) engine.Time {
		switch {
		case f.Start != Licensed:
			return -1 // lost already
		case f.Lapse < 0:
			return later
		}
		return f.Lapse
	}
	notification := func(f MachineFate) engine.Time {
		switch {
		case f.Start == Notification:
			return -1
		case f.Notification < 0:
			return later
		}
		return f.Notification
	}
	silent := func(f MachineFate) int {
		if f.SilentAtEnd() {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(fates, func(a, b MachineFate) int {
		return cmp.Or(
			cmp.Compare(silent(a), silent(b)),
			cmp.Compare(lapse(a), lapse(b)),
			cmp.Compare(notification(a), notification(b)),
			cmp.Compare(a.Name, b.Name),
		)
	})
}

package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// reimageGroup re-images every machine present in group a.group, each at
// a random time of [now, now+a.span). Without generalize the images are
// clones of one image and share one CMID, drawn here (K9).
func (w *world) reimageGroup(a action) {
	g := &w.groups[a.group]
	cmid := int32(-1)
	switch {
	case !a.generalize && g.image >= 0:
		cmid = g.image // K37: a pool refreshed from its image
	case !a.generalize:
		cmid = w.nextCMID
		w.nextCMID++
	}
	rng := w.sites[g.site].rng
	now := w.eng.Now()
	for _, ci := range g.present {
		w.schedule(spread(rng, now, a.span), action{kind: actReimageOne, group: a.group, client: ci, cmid: cmid})
	}
}

// reimage installs client ci anew on its hardware: a new CMID (or the
// clones' shared cmid, K9), no activation, a fresh grace (K3) and its
// rearms back; it asks for activation at once. Its old CMID stays in the
// host tables until it ages out (K11). A client removed meanwhile is left
// alone.
func (w *world) reimage(ci, cmid int32) {
	c := &w.clients[ci]
	if c.state == Absent {
		return
	}
	g := &w.groups[c.group]
	if cmid < 0 {
		w.newCMID(c)
	} else {
		c.cmid, c.hint = cmid, newHint(false)
	}
	c.cached = -1
	c.activationInterval, c.renewalInterval = g.activationInterval, g.renewalInterval
	if w.rearm != nil {
		w.rearm[ci] = rearmCount{left: g.rearms} // K4: per installation
	}
	c.failing = false
	w.setState(ci, InitialGrace)
	c.deadlineAt = w.eng.Now() + w.grace
	c.attemptAt = w.eng.Now()
	w.attempt(ci, c.attemptAt)
}

// newCMID gives client c a CMID of its own that no host has heard: the
// machine was generalized, rearmed or given a new product key (K37, K9).
// A clone that shared its image's CMID has one of its own from now on.
// Its old CMID stays in the host tables until it ages out (K11).
func (w *world) newCMID(c *client) {
	c.cmid = w.nextCMID
	w.nextCMID++
	c.hint = newHint(true)
}

// rearmCount is one client's rearms (K4): those left of its group's
// rearms when its grace runs out, and those used since its installation,
// automatic or not.
type rearmCount struct {
	left, used uint16
}

// rearmGroup rearms every machine present in group gi that is not
// activated (slmgr -rearm): its grace starts again for 30 days, at most 3
// times per installation on Vista and 7, 1000 on Windows 8 and later (K4
// revised), and it has a new CMID (K4, K9, K37): a
// clone has one of its own from now on, and its next attempt counts anew
// while its old CMID ages out of the host tables (K11). An activated
// machine is left alone.
func (w *world) rearmGroup(gi int32) {
	g := &w.groups[gi]
	for _, ci := range g.present {
		c := &w.clients[ci]
		r := &w.rearm[ci]
		if c.state == Licensed || r.used >= g.maxRearms {
			continue
		}
		r.used++
		w.metrics.interval.Rearms++
		w.newCMID(c) // K37: a rearm resets the CMID
		w.setState(ci, InitialGrace)
		c.deadlineAt = w.eng.Now() + w.grace
		w.watchDeadline(ci)
	}
}

// switchMethod moves group gi to activation method m (with MAK key mak):
// every present machine gets the new product key, which gives it a new
// CMID (K37) and leaves it not activated in a fresh grace (K3; inferred)
// until the new method activates it, and it asks at once. A machine that
// switches away from KMS and back asks with a new CMID while the host
// still counts its old one (K11). Machines that join later use m too.
func (w *world) switchMethod(gi int32, m scenarios.Method, mak int32) {
	g := &w.groups[gi]
	g.method, g.kms = m, m == scenarios.MethodKMS
	if mak >= 0 {
		g.mak = mak
	}
	now := w.eng.Now()
	for _, ci := range g.present {
		c := &w.clients[ci]
		w.newCMID(c) // K37: a new product key, a new CMID
		c.failing = false
		w.setState(ci, InitialGrace)
		c.deadlineAt = now + w.grace
		c.attemptAt = now
		w.attempt(ci, now)
	}
}

// lifecycle schedules group gi's recurring changes until the end: those
// of its lifecycle l, and reimage, its re-imaging by lifecycle or pool
// (K37).
func (b *builder) lifecycle(gi int32, l *scenarios.Lifecycle, reimage *scenarios.Reimage, end scenarios.Duration) {
	every := func(e, from scenarios.Duration, act func(at engine.Time)) {
		for at := range scenarios.Repeat(e, from, end) {
			act(engine.Time(at))
		}
	}
	w := b.w
	if r := l.Retire; r != nil {
		every(r.Every, r.From, func(at engine.Time) {
			for range r.Count {
				w.eng.Schedule(at, evRemove, gi)
			}
		})
	}
	if r := l.Replace; r != nil {
		every(r.Every, r.From, func(at engine.Time) {
			b.adds(gi, r.Count)
			for range r.Count {
				w.eng.Schedule(at, evReplace, gi)
			}
		})
	}
	if r := reimage; r != nil {
		every(r.Every, r.From, func(at engine.Time) {
			w.schedule(at, action{kind: actReimage, group: gi, span: engine.Time(r.Over), generalize: r.Generalizes()})
		})
	}
	if r := l.Rearm; r != nil {
		b.needRearm()
		every(r.Every, r.From, func(at engine.Time) {
			w.schedule(at, action{kind: actRearm, group: gi})
		})
	}
}

package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// adState is a site's Active Directory as it serves activation (K34): the
// products its activation objects activate, and whether a domain
// controller answers.
type adState struct {
	objects map[scenarios.KeyGroup]bool
	serves  productSet
	up      bool
}

func newAD(a *scenarios.AD) adState {
	s := adState{objects: map[scenarios.KeyGroup]bool{}, up: true}
	for _, k := range a.Objects {
		s.objects[k] = true
	}
	s.update()
	return s
}

// update recomputes the products the objects activate: what their host
// keys activate (K34, K32, K33).
func (s *adState) update() {
	var keys []scenarios.KeyGroup
	for k := range s.objects {
		keys = append(keys, k)
	}
	s.serves = keySet(keys)
	// K34: only Windows 8.1 and later, Server 2012 and later and Office
	// 2013 and later activate through AD.
	for _, p := range scenarios.Products {
		if !p.AD() {
			s.serves &^= productBit(p)
		}
	}
}

// adAttempt is client ci's try of AD-based activation, first of all for a
// domain member (K35), and the only one for a machine restricted to AD
// (act_type ad), member or not. It reports whether AD activated or
// renewed the client; if not, the client falls back to KMS unless it is
// restricted to AD, in which case the attempt failed.
func (w *world) adAttempt(ci int32) (activated, failed bool) {
	c := &w.clients[ci]
	g := &w.groups[c.group]
	a := &w.ads[g.ad]
	now := w.eng.Now()
	if !c.adMember || !a.up || a.serves&g.product == 0 {
		if g.actType == scenarios.ActAD {
			// K35: restricted to AD, it cannot fall back to KMS, not even
			// out of the domain (where no domain controller serves it):
			// try again after one activation interval.
			w.metrics.interval.FailAD++
			c.failing = true
			c.attemptAt = now + engine.Time(c.activationInterval)
			return false, true
		}
		// K35: no object fits or no domain controller answers: KMS next.
		w.metrics.interval.ADFallbacks++
		w.metrics.product(now, MilestoneFirstADFallback, g.prod)
		return false, false
	}
	// K34: an AD activation lasts 180 days and is renewed every 7 days
	// while the machine reaches the domain. It sends no KMS request, so it
	// counts on no host (K35, inferred).
	w.license(ci, c, g, true, engine.Time(g.renewalInterval))
	return true, false
}

// setByAD records whether Licensed client ci was activated by AD, keeping
// its group's count of AD-activated clients.
func (w *world) setByAD(ci int32, byAD bool) {
	c := &w.clients[ci]
	if c.byAD == byAD {
		return
	}
	c.byAD = byAD
	if byAD {
		w.groups[c.group].adLicensed++
	} else {
		w.groups[c.group].adLicensed--
	}
}

// setMembership takes one machine of group gi, chosen at random among
// those that are (not) members of the domain, out of it (or into it)
// (K34, K35); it tries AD, or KMS, from its next attempt.
func (w *world) setMembership(gi int32, member bool) {
	g := &w.groups[gi]
	var candidates []int32
	for _, ci := range g.present {
		if w.clients[ci].adMember != member {
			candidates = append(candidates, ci)
		}
	}
	if len(candidates) == 0 {
		return
	}
	ci := candidates[w.sites[g.site].rng.IntN(len(candidates))]
	w.clients[ci].adMember = member
}

// adAction carries out an action on AD number ai: an object created or
// deleted, the domain controllers down or up.
func (w *world) adAction(a action) {
	s := &w.ads[a.ad]
	switch a.kind {
	case actADAdd:
		s.objects[a.object] = true
		s.update()
	case actADRemove:
		delete(s.objects, a.object)
		s.update()
	case actDCDown:
		s.up = false
	case actDCUp:
		s.up = true
	}
}

// scheduleAD schedules the actions of an AD event, and reports whether e
// is one.
func (b *builder) scheduleAD(ns *siteNames, at engine.Time, a scenarios.Action) bool {
	w := b.w
	switch a := a.(type) {
	case *scenarios.ADAdd:
		w.schedule(at, action{kind: actADAdd, ad: ns.ad, object: a.Object})
	case *scenarios.ADRemove:
		w.schedule(at, action{kind: actADRemove, ad: ns.ad, object: a.Object})
	case *scenarios.DCDown:
		w.schedule(at, action{kind: actDCDown, ad: ns.ad})
		w.schedule(at+engine.Time(a.For), action{kind: actDCUp, ad: ns.ad})
	case *scenarios.LeaveDomain:
		b.fleet(ns, at, evLeaveDomain, (*scenarios.FleetChange)(a))
	case *scenarios.JoinDomain:
		b.fleet(ns, at, evJoinDomain, (*scenarios.FleetChange)(a))
	default:
		return false
	}
	return true
}

package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// presence is a group's scenarios.Presence in engine time: when its
// machines are switched on and can reach a host. While a machine is off or
// away its retries and renewals (K5, K6) wait, and its CMID ages out of
// the host tables 30 days after its last request (K10, K11): K23's trap,
// with laptops on the road instead of retired ones.
type presence struct {
	hoursFrom, hoursUntil engine.Time // the daily window; 0 and a day for all day
	weekdays              bool
	weekday0              int // the weekday of day 0, 0 for Monday

	tripEvery, tripMin, tripMax engine.Time // tripEvery 0: no trips
	vpn                         float64
}

// newPresence compiles p; start gives day 0 its weekday.
func newPresence(p *scenarios.Presence, start scenarios.Date) *presence {
	pr := &presence{hoursUntil: engine.Day, weekdays: p.Weekdays, vpn: p.VPN}
	if h := p.Hours; h != nil {
		pr.hoursFrom, pr.hoursUntil = engine.Time(h.From), engine.Time(h.Until)
	}
	if !start.IsZero() {
		pr.weekday0 = (int(start.Weekday()) + 6) % 7 // time.Sunday is 0
	}
	if t := p.Trips; t != nil {
		pr.tripEvery, pr.tripMin, pr.tripMax = engine.Time(t.Every), engine.Time(t.Min), engine.Time(t.Max)
	}
	return pr
}

// nextOn returns the first moment at or after t within the daily window
// and, with weekdays, on a weekday.
func (p *presence) nextOn(t engine.Time) engine.Time {
	for {
		day, tod := t/engine.Day, t%engine.Day
		switch {
		case p.weekdays && (p.weekday0+int(day%7))%7 >= 5:
			t = (day+1)*engine.Day + p.hoursFrom
		case tod < p.hoursFrom:
			return day*engine.Day + p.hoursFrom
		case tod >= p.hoursUntil:
			t = (day+1)*engine.Day + p.hoursFrom
		default:
			return t
		}
	}
}

// travel is where one client is: its current or next trip, an away event,
// and whether it connects by VPN on the day last asked.
type travel struct {
	tripFrom, tripUntil engine.Time // the current or next trip; tripUntil 0: none drawn yet
	awayUntil           engine.Time // an away event keeps it away until then
	vpnDay              engine.Time // the day (index) vpnOn was drawn for; −1: none
	vpnOn               bool
}

// nextOnline returns the first moment at or after t, now, at which client
// ci is on and can reach a host: t itself for a client of a group without
// presence that is not away. A next trip that would start before that
// moment is not known yet: the attempt then due looks again.
func (w *world) nextOnline(ci int32, t engine.Time) engine.Time {
	if w.travel == nil {
		return t
	}
	p := w.groups[w.clients[ci].group].presence
	tr := &w.travel[ci]
	trips := p != nil && p.tripEvery > 0
	if trips {
		// Only up to now: the trip after the current one is drawn when
		// the client next acts, so that the state of a client is where it
		// is now, which is what the samples of machines away read.
		w.drawTrip(ci, p, t)
	}
	for {
		t0 := t
		t = max(t, tr.awayUntil)
		if trips && t >= tr.tripFrom && t < tr.tripUntil && !w.vpnConnected(ci, p, t) {
			t = min(tr.tripUntil, (t/engine.Day+1)*engine.Day)
		}
		if p != nil {
			t = p.nextOn(t)
		}
		if t == t0 {
			return t
		}
	}
}

// drawTrip makes client ci's trip the current or next one at t: trips
// follow each other with exponential gaps of mean tripEvery, each lasting a
// time drawn uniformly from [tripMin, tripMax]. The draws come from the
// site's random stream as the client needs them, in the order of events.
func (w *world) drawTrip(ci int32, p *presence, t engine.Time) {
	tr := &w.travel[ci]
	for tr.tripUntil <= t {
		base := tr.tripUntil
		if base == 0 {
			base = t // the first trip: a gap from now
		}
		rng := w.sites[w.groups[w.clients[ci].group].site].rng
		tr.tripFrom = base + 1 + engine.Time(rng.ExpFloat64()*float64(p.tripEvery))
		tr.tripUntil = tr.tripFrom + spread(rng, p.tripMin, p.tripMax-p.tripMin+1)
	}
}

// vpnConnected reports whether client ci, away at t, connects by VPN on
// t's day: each day away it does with probability vpn.
func (w *world) vpnConnected(ci int32, p *presence, t engine.Time) bool {
	if p.vpn <= 0 {
		return false
	}
	tr := &w.travel[ci]
	if day := t / engine.Day; tr.vpnDay != day {
		tr.vpnDay = day
		tr.vpnOn = w.sites[w.groups[w.clients[ci].group].site].rng.Float64() < p.vpn
	}
	return tr.vpnOn
}

// sendAway sends a random present client of group gi away for span (K23:
// machines "taken on the road").
func (w *world) sendAway(gi int32, span engine.Time) {
	g := &w.groups[gi]
	if len(g.present) == 0 {
		return
	}
	ci := g.present[w.sites[g.site].rng.IntN(len(g.present))]
	tr := &w.travel[ci]
	tr.awayUntil = max(tr.awayUntil, w.eng.Now()+span)
}

// isAway reports whether client ci is away from the site at t: sent away,
// or on a trip (VPN days included: it is still away).
func (w *world) isAway(ci int32, t engine.Time) bool {
	tr := &w.travel[ci]
	return t < tr.awayUntil || tr.tripUntil > 0 && t >= tr.tripFrom && t < tr.tripUntil
}

// sampleAway records the machines of each group that travels away at t.
func (w *world) sampleAway(t engine.Time) {
	for gi := range w.groups {
		g := &w.groups[gi]
		if !g.travels {
			continue
		}
		n := int32(0)
		for _, ci := range g.present {
			if w.isAway(ci, t) {
				n++
			}
		}
		g.away = append(g.away, n)
	}
}

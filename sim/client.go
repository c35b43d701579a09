package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// State is where a client stands in its licensing life.
type State uint8

// The client states. A client is installed into InitialGrace; an activation
// makes it Licensed; a lapsed activation puts it in OutOfToleranceGrace; a
// grace that runs out puts it in Notification (black desktop, reminders,
// still working). A successful activation from any state makes it Licensed.
const (
	// Absent: not installed yet, or removed from the fleet.
	Absent State = iota
	// InitialGrace: a fresh install, working without activation (K3).
	InitialGrace
	// Licensed: activated, valid until 180 days after the last success (K7).
	Licensed
	// OutOfToleranceGrace: the activation lapsed; a second grace (K7).
	OutOfToleranceGrace
	// Notification: grace ran out; the desktop goes black (K3).
	Notification

	// NumStates is the number of states, Absent included: the size of an
	// array indexed by State.
	NumStates = int(Notification) + 1
)

// States lists the states a present client can be in, in a fixed order.
var States = []State{InitialGrace, Licensed, OutOfToleranceGrace, Notification}

var stateNames = [...]string{"absent", "initial_grace", "licensed", "out_of_tolerance_grace", "notification"}

// String returns the state's name as written in outputs, such as
// "initial_grace".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// never marks a time that is not set: no pending event, no deadline.
const never engine.Time = -1

// client is one simulated machine. It is plain data, driven by the world's
// event handler: at most one pending attempt event and one pending
// deadline event at a time.
type client struct {
	attemptAt     engine.Time // the pending attempt; never if none
	deadlineAt    engine.Time // end of the current grace or activation
	deadlineEvent engine.Time // time of the pending deadline event; never if none

	cmid   int32
	hw     int32 // the hardware: a re-image keeps it, a replacement does not (K26)
	group  int32
	cached int32    // K21: the host that answered last; -1 if none
	hint   slotHint // where its entry was in the last host table it asked

	// K27: the client's intervals: its own until a host answers, then the
	// host's.
	activationInterval interval
	renewalInterval    interval

	state   State
	failing bool // the last attempt failed
	warned  bool // K38: Licensed, and warned that the activation lapses soon

	adMember bool // K34: a member of its site's AD domain
	byAD     bool // K34: Licensed by AD-based activation

	// silent: a machine the scenario places asking no more (its log last
	// heard it longer ago than the count window, K11): retired or away,
	// the log cannot tell. Its lapse is no product's milestone, so that
	// a plan's harm is the harm of the machines still in use; until it
	// asks again.
	silent bool
}

// interval is an interval of K27 in seconds: at most 30 days, so that 32
// bits hold it and a client's record fills one cache line (64 bytes, not
// 72), which a run of a million clients reads 50 million times.
type interval int32

// join installs client ci now, and it asks for activation at once.
func (w *world) join(ci int32) {
	c := &w.clients[ci]
	c.attemptAt = w.eng.Now()
	w.attempt(ci, c.attemptAt)
}

// install makes client ci a fresh install in its initial grace (K3). A
// client of the initial fleet is installed by its first attempt, scheduled
// at its join time, which saves an event per client.
func (w *world) install(ci int32) {
	c := &w.clients[ci]
	g := &w.groups[c.group]
	g.present = append(g.present, ci)
	w.setState(ci, InitialGrace)
	c.deadlineAt = w.eng.Now() + w.grace
	if g.esu != nil {
		w.esuInstalled(g) // K42
	}
}

// remove takes client ci out of the fleet: it asks no host again, so its
// CMID ages out of the host tables (K11, K23).
func (w *world) remove(ci int32) {
	c := &w.clients[ci]
	w.setState(ci, Absent)
	c.attemptAt = never
	c.deadlineAt = never
	c.deadlineEvent = never
}

// attempt is one activation or renewal attempt of client ci, due at at.
func (w *world) attempt(ci int32, at engine.Time) {
	c := &w.clients[ci]
	if at != c.attemptAt {
		return // stale: the client was removed or rescheduled
	}
	if c.silent {
		c.silent = false // it asks again
		w.noteWoke(ci)
	}
	if c.state == Absent {
		w.install(ci) // its first attempt: removed clients have no attempts
	}
	// An offline client sends nothing: the attempt waits until it is
	// back, as a missed scheduled task does, while its CMID ages out of
	// the host tables (K11).
	if next := w.nextOnline(ci, at); next > at {
		c.attemptAt = next
		w.watchDeadline(ci)
		w.eng.Schedule(next, evAttempt, ci)
		return
	}
	g := &w.groups[c.group]
	if !g.kms {
		w.activateOffline(ci)
		return
	}
	now := w.eng.Now()
	// K35: a domain member tries AD first; KMS only when no object fits or
	// no domain controller answers. A machine restricted to AD (act_type
	// ad) tries AD alone, a member or not: out of the domain, it fails.
	if g.adTries && (c.adMember || g.actType == scenarios.ActAD) {
		if done, failed := w.adAttempt(ci); done || failed {
			w.watchDeadline(ci)
			w.eng.Schedule(c.attemptAt, evAttempt, ci)
			return
		}
	}
	o := w.discover(ci, c, g)
	// K28: the host returns a count; the client decides.
	if o.host >= 0 && o.count >= g.threshold {
		w.license(ci, c, g, false, engine.Time(c.renewalInterval))
	} else {
		if o.host >= 0 {
			o.cause = causeCountLow // K28: 0xC004F038
		}
		w.metrics.fail(o.cause)
		if c.state == Licensed {
			if o.cause == causeCountLow {
				// K23: the host logs 0xC004F038 for a machine still
				// activated (K8): the trap can be seen from here.
				w.metrics.product(now, MilestoneFirstFailedRenewal, g.prod)
			}
			if w.fates != nil {
				w.noteFailedRenewal(ci)
			}
		}
		c.failing = true
		// K5, K6, K30: not activated, a failed renewal, or no host at all:
		// try again after one activation interval. K8: an activated client
		// stays activated meanwhile.
		c.attemptAt = now + engine.Time(c.activationInterval)
	}
	w.watchDeadline(ci) // before the attempt: at the same second, it runs first
	w.eng.Schedule(c.attemptAt, evAttempt, ci)
}

// license makes client ci Licensed now, by AD-based activation or by KMS:
// a renewal when the same means had licensed it, an activation otherwise
// (a machine moving between AD and KMS is activated anew, K35). K6, K34: a
// success restarts the 180-day validity, and the next renewal is due after
// renewal.
func (w *world) license(ci int32, c *client, g *group, byAD bool, renewal engine.Time) {
	now := w.eng.Now()
	renews := c.state == Licensed && c.byAD == byAD
	switch {
	case renews && byAD:
		w.metrics.interval.ADRenewals++
	case renews:
		w.metrics.interval.Renewals++
	case byAD:
		w.metrics.interval.ADActivations++
	default:
		w.metrics.interval.Activations++
	}
	if c.state != Licensed {
		w.metrics.product(now, MilestoneFirstActivation, g.prod)
		w.setState(ci, Licensed)
	}
	w.setByAD(ci, byAD)
	w.unwarn(ci)
	c.failing = false
	c.deadlineAt = now + w.validity
	c.attemptAt = now + renewal
}

// watchDeadline makes sure the client's deadline (the end of its grace,
// K3, or of its activation, K7) is reached on time. A client attempts at least every renewal
// interval, and every attempt comes back here, so a deadline event is
// needed only when the next attempt comes at or after the deadline: a
// client that renews every week carries no deadline event at all, and the
// event of a client whose renewals fail is scheduled in its last retry
// before the deadline. A pending event earlier than the deadline (it was
// renewed since) stays; when it fires, it looks again.
//
// A Licensed client is warned before its deadline (K38): until it is, the
// moment watched is the warning's, by the same rule.
func (w *world) watchDeadline(ci int32) {
	// The common case, inlined at the callers: the next attempt comes
	// before the warning, which is never later than the moment watched.
	if c := &w.clients[ci]; c.attemptAt == never || c.attemptAt >= c.deadlineAt-w.warning {
		w.scheduleDeadline(ci)
	}
}

// scheduleDeadline is watchDeadline past its common case.
func (w *world) scheduleDeadline(ci int32) {
	c := &w.clients[ci]
	if c.deadlineAt == never {
		return
	}
	due := c.deadlineAt
	if c.state == Licensed && !c.warned {
		due = max(due-w.warning, w.eng.Now())
	}
	if c.attemptAt < due && c.attemptAt != never {
		return
	}
	if c.deadlineEvent == never || c.deadlineEvent > due {
		c.deadlineEvent = due
		w.eng.Schedule(due, evDeadline, ci)
	}
}

// warn warns Licensed client ci that its activation lapses soon (K38:
// Windows warns 30 days before a KMS activation's 180 days run out).
func (w *world) warn(ci int32) {
	c := &w.clients[ci]
	if c.state != Licensed || c.warned {
		return
	}
	c.warned = true
	g := &w.groups[c.group]
	g.expiring++
	if !c.silent {
		w.metrics.product(w.eng.Now(), MilestoneFirstExpiryWarning, g.prod)
	}
}

// unwarn ends client ci's expiry warning, if it has one: a good renewal,
// a lapse, a new installation.
func (w *world) unwarn(ci int32) {
	c := &w.clients[ci]
	if c.warned {
		c.warned = false
		w.groups[c.group].expiring--
	}
}

// deadline handles client ci's deadline event at at.
func (w *world) deadline(ci int32, at engine.Time) {
	c := &w.clients[ci]
	if at != c.deadlineEvent {
		return // stale
	}
	c.deadlineEvent = never
	if c.state == Licensed && !c.warned && at >= c.deadlineAt-w.warning && at < c.deadlineAt {
		w.warn(ci) // K38
		w.watchDeadline(ci)
		return
	}
	if at < c.deadlineAt {
		w.watchDeadline(ci) // renewed meanwhile
		return
	}
	now := w.eng.Now()
	switch c.state {
	case Licensed:
		// K7: 180 days without a good renewal: the activation lapses and
		// the client goes through grace again (30 days, inferred).
		w.setState(ci, OutOfToleranceGrace)
		c.deadlineAt = now + w.ootGrace
		w.watchDeadline(ci)
	case InitialGrace, OutOfToleranceGrace:
		if g := &w.groups[c.group]; g.rearms > 0 {
			if r := &w.rearm[ci]; r.left > 0 && r.used < g.maxRearms {
				// K4: slmgr -rearm resets the grace to 30 days, as many
				// times as the product allows, and the CMID (K9, K37).
				r.left--
				r.used++
				w.metrics.interval.Rearms++
				w.newCMID(c)
				c.deadlineAt = now + w.grace
				w.watchDeadline(ci)
				return
			}
		}
		// K3: grace ran out: notification mode.
		c.deadlineAt = never
		w.setState(ci, Notification)
	}
}

// setState moves client ci to state s, keeping the per-group state counts
// and the milestones up to date.
func (w *world) setState(ci int32, s State) {
	c := &w.clients[ci]
	if c.state == s {
		return
	}
	if s != Licensed {
		w.unwarn(ci)
		w.setByAD(ci, false)
	}
	g := &w.groups[c.group]
	g.counts[c.state]--
	g.counts[s]++
	now := w.eng.Now()
	g.transitions = append(g.transitions, Transition{At: now, From: c.state, To: s})
	switch {
	case c.state == Licensed && s == OutOfToleranceGrace:
		w.metrics.interval.Expiries++
		if !c.silent {
			w.metrics.product(now, MilestoneFirstExpiry, g.prod)
			w.metrics.product(now, MilestoneLastExpiry, g.prod)
		}
	case s == Notification && !c.silent:
		w.metrics.product(now, MilestoneFirstNotification, g.prod)
	}
	if w.fates != nil {
		w.noteState(ci, c.state, s)
	}
	c.state = s
}

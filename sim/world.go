package sim

import (
	"math/rand/v2"

	"github.com/kmssim/kmssim/sim/engine"
)

// Event kinds of the KMS world.
const (
	evAttempt engine.Kind = iota
	evDeadline
	evPoolExpiry
	evAction
	// The changes of one machine of group Arg: the most numerous changes
	// (a wave of 100,000 new desktops is 100,000 events), so they are
	// events of their own, with no action to keep (action.go).
	evRemove
	evAdd
	evReplace
	evLeaveDomain
	evJoinDomain
)

// world is the state of one run.
type world struct {
	eng     *engine.Sim
	clients []client
	groups  []group
	hosts   []host
	pools   []pool
	domains []domain
	sites   []site
	actions []action
	// freeActions are the slots of actions that have run (schedule).
	freeActions []int32
	scratch     []record
	metrics     metrics

	productGroups [][]int32 // per product, in the order of scenarios.Products, its groups
	sums          *sums     // where the run-wide series are added up
	onTrace       func(Exchange)

	nextCMID int32
	nextHW   int32
	epoch    engine.Time // the earliest time a host table holds, ≤ 0: see stamp

	names  []named // the clients the scenario names (scenarios.Machine)
	fates  []fate  // per named client (the first clients), what happened to it
	pooled bool    // eng came from wheels and goes back when the run ends

	storage *storage // where clients came from, and goes back when the run ends

	keys   []makKey     // K25
	ads    []adState    // K34: the ADs of the site instances that have one
	travel []travel     // per client, when some group has a presence or goes away; else nil
	rearm  []rearmCount // per client, when some group rearms (K4); else nil
	esu    []ESUYear    // K42: the ESU years of the run some group takes
	esuNow int8         // K42: the ESU year under way, 0 for none

	// The model's constants (K3, K7, K10, K13).
	grace, ootGrace, validity, window, warning engine.Time
	cacheFactor                                int
}

// site is one instance of a site, with its own random stream.
type site struct {
	name  string
	rng   *rand.Rand
	index int32 // its number among all instances of the scenario
}

// Handle dispatches one event of the engine to the model.
func (w *world) Handle(ev engine.Event) {
	switch ev.Kind {
	case evAttempt:
		w.attempt(ev.Arg, ev.At)
	case evDeadline:
		w.deadline(ev.Arg, ev.At)
	case evPoolExpiry:
		w.expire(ev.Arg, ev.At)
	case evAction:
		w.act(ev.Arg)
	case evRemove, evAdd, evReplace, evLeaveDomain, evJoinDomain:
		w.changeFleet(ev.Kind, ev.Arg)
	}
}

// trace reports one exchange to Options.Trace, which must be set.
func (w *world) trace(ci, hi int32, answered bool, count int, c cause) {
	cl := &w.clients[ci]
	g := &w.groups[cl.group]
	w.onTrace(Exchange{
		At:          w.eng.Now(),
		Client:      int(ci),
		Group:       g.name,
		Host:        w.hosts[hi].name,
		Answered:    answered,
		Count:       count,
		Unsupported: c == causeUnsupported,
		CMID:        cl.cmid,
		Product:     g.prod,
		Threshold:   g.threshold,
		State:       cl.state,
		Deadline:    cl.deadlineAt,
	})
}

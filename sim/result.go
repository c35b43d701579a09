package sim

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Result is what a run produced: time series sampled at the scenario's
// interval, exact milestones and totals. Series values at Times[i] describe
// the world after every event at or before Times[i]; counters at Times[i]
// cover the interval (Times[i-1], Times[i]] (for i = 0, events at time 0).
type Result struct {
	// Scenario is the scenario the run simulated, as it ran: defaults set,
	// -set overrides applied, validated. It describes the run to its
	// outputs (the model's timings in Scenario.Model, the inputs, the
	// clones and host keys), which read it and never change it.
	Scenario *scenarios.Scenario

	Name        string
	Description string
	Seed        uint64
	Start       scenarios.Date
	Duration    engine.Time
	Sample      engine.Time

	Times    []engine.Time
	Hosts    []HostSeries
	Products []ProductSeries
	Groups   []GroupHistory
	Keys     []KeySeries // MAK keys (K25)
	// ESU are the Windows 10 ESU years within the run that some group
	// takes, in order, with their MAK add-on activations (K42).
	ESU     []ESUYear
	Traffic []Counters // per interval

	// Marks are the scenario's events, outages and re-imagings that
	// charts draw, in time order.
	Marks []Mark
	// AD: some site of the scenario has an Active Directory for
	// activation (K34), so the outputs show AD-activated clients apart.
	AD bool

	Totals     Counters
	Milestones []Milestone // in time order
	AtRisk     []AtRisk    // per product, clients whose activation is running out
	// Machines are the machines the scenario names (placed at the start
	// in a known state, as kmssim import writes them), in its order.
	Machines []MachineFate
	Clients  int    // clients installed at any time during the run
	Events   uint64 // engine events processed
}

// Mark is a moment of the scenario that charts draw as a vertical line
// (scenarios.Mark, on the run's clock).
type Mark struct {
	At     engine.Time
	Label  string // on the chart: "−2 laptops"
	Phrase string // in findings: "2 machines of group laptops were retired"
}

// AtRisk describes the clients of a product that are still licensed at the
// end of the run but whose last attempt failed (K8): unless an attempt
// succeeds first, their activations lapse (K7) between FirstExpiry and
// LastExpiry, which may lie beyond the end of the run.
type AtRisk struct {
	Product     scenarios.Product
	Clients     int
	FirstExpiry engine.Time
	LastExpiry  engine.Time
}

// HostSeries is one host's time series.
type HostSeries struct {
	Name  string // site-qualified: kms1, branch-007/kms1
	Site  string // "" for the scenario's own site
	Pools []PoolSeries
	// Requests and Answered count the requests sent to the host in each
	// interval, and those it answered.
	Requests []int32
	Answered []int32

	inst int32 // the site instance, for merging the parts of a run
}

// PoolSeries is the count of one pool of a host (K12) at each sample: −1
// before the first request (K14).
type PoolSeries struct {
	Pool scenarios.Pool
	// Thresholds are the thresholds of the clients that asked by the end
	// of the run, ascending.
	Thresholds []int
	Count      []int32
	// Steps is every change of the count at its exact time, in order; the
	// count is −1 before the first step.
	Steps []Step
}

// Step is a change of a value: from At on, the value is Value.
type Step struct {
	At    engine.Time
	Value int32
}

// GroupHistory is every change of state of the clients of one group
// (site-qualified name), at its exact time.
type GroupHistory struct {
	Name        string
	Product     scenarios.Product
	Transitions []Transition
	// Away is the number of the group's machines away from the site (on
	// a trip or sent away) at each sample; nil when no machine of the
	// scenario travels.
	Away []int32

	inst int32 // the site instance, for merging the parts of a run
}

// Transition is one client moving from one state to another. Installing a
// client is a transition from Absent; removing it, one to Absent.
type Transition struct {
	At       engine.Time
	From, To State
}

// ProductSeries counts the clients of one product in each state.
type ProductSeries struct {
	Product scenarios.Product
	// Clients[s][i] is the number of clients in state s at Times[i].
	Clients [NumStates][]int32
	// Expiring[i] is the number of Licensed clients at Times[i] whose
	// activation lapses within the expiry warning (K38): their renewals
	// have failed for 150 days.
	Expiring []int32
	// LicensedAD[i] is the number of Licensed clients at Times[i] that AD
	// activated (K34), counted in Clients[Licensed] too.
	LicensedAD []int32
}

// Final returns the number of clients of the product in state s at the
// end of the run.
func (p *ProductSeries) Final(s State) int {
	v := p.Clients[s]
	if len(v) == 0 {
		return 0
	}
	return int(v[len(v)-1])
}

// Clones returns how many machines share how many CMIDs when the run
// starts (scenarios.Scenario.Clones): a host counts each CMID once (K9,
// K46).
func (r *Result) Clones() (machines, cmids int) {
	if r.Scenario == nil {
		return 0, 0
	}
	return scenarios.CloneTotals(r.Scenario.Clones())
}

// HostKeys returns the scenario's named host keys and their use (K41).
func (r *Result) HostKeys() []scenarios.HostKeyUse {
	if r.Scenario == nil {
		return nil
	}
	return r.Scenario.HostKeys()
}

// Model returns the model the run followed: its grace, validity, count
// window and expiry warning (K3, K7, K10, K38). A result that names no
// scenario followed the documented defaults.
func (r *Result) Model() scenarios.Model {
	if r.Scenario != nil {
		return r.Scenario.Model
	}
	var s scenarios.Scenario
	s.SetDefaults()
	return s.Model
}

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
	Name        string
	Description string
	Seed        uint64
	Start       scenarios.Date
	Duration    engine.Time
	Sample      engine.Time

	Times    []engine.Time
	Hosts    []HostSeries
	Products []ProductSeries
	Traffic  []Counters // per interval

	Totals     Counters
	Milestones []Milestone // in time order
	Clients    int         // clients installed at any time during the run
	Events     uint64      // engine events processed
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
}

// PoolSeries is the count of one pool of a host (K12) at each sample: −1
// before the first request (K14).
type PoolSeries struct {
	Pool scenarios.Pool
	// Thresholds are the thresholds of the clients that asked by the end
	// of the run, ascending.
	Thresholds []int
	Count      []int32
}

// ProductSeries counts the clients of one product in each state.
type ProductSeries struct {
	Product scenarios.Product
	// Clients[s][i] is the number of clients in state s at Times[i].
	Clients [NumStates][]int32
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

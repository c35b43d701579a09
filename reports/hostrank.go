package reports

import (
	"image/color"
	"slices"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// poolRef is one pool of one host of a result.
type poolRef struct {
	host int
	pool *sim.PoolSeries
}

func (r poolRef) name(res *sim.Result) string {
	return res.Hosts[r.host].Name + " " + string(r.pool.Pool)
}

func topThreshold(p *sim.PoolSeries) int {
	if n := len(p.Thresholds); n > 0 {
		return p.Thresholds[n-1]
	}
	return 0
}

// choosePools picks the pools to draw: those whose count fell below a
// threshold, earliest first, then those that reached one, earliest first,
// then the rest, in the result's order. It says which kinds it drew, for
// the chart's title.
func choosePools(res *sim.Result) (chosen []poolRef, total int) {
	firstBelow := map[string]engine.Time{}
	firstReached := map[string]engine.Time{}
	for _, m := range res.Milestones {
		key := m.Host + " " + string(m.Pool)
		if _, seen := firstBelow[key]; m.Kind == sim.MilestoneCountBelow && !seen {
			firstBelow[key] = m.At
		}
		if _, seen := firstReached[key]; m.Kind == sim.MilestoneCountReached && !seen {
			firstReached[key] = m.At
		}
	}
	var all []poolRef
	for hi := range res.Hosts {
		for pi := range res.Hosts[hi].Pools {
			if len(res.Hosts[hi].Pools[pi].Steps) > 0 {
				all = append(all, poolRef{hi, &res.Hosts[hi].Pools[pi]})
			}
		}
	}
	rank := func(r poolRef) (int, engine.Time) {
		if at, ok := firstBelow[r.name(res)]; ok {
			return 0, at
		}
		if at, ok := firstReached[r.name(res)]; ok {
			return 1, at
		}
		return 2, 0
	}
	slices.SortStableFunc(all, func(a, b poolRef) int {
		ra, ta := rank(a)
		rb, tb := rank(b)
		if ra != rb {
			return ra - rb
		}
		return int(ta - tb)
	})
	return all[:min(len(all), MaxChartLines)], len(all)
}

// hostColors gives each host drawn in any chart one colour for all charts.
type hostColors map[int]color.NRGBA

// assignHostColors gives the hosts drawn, in the order they first appear
// (the counts chart's, then the traffic chart's), the palette's colours in
// turn, so that the lines of one chart have distinct colours as far as the
// palette goes, and a host keeps its colour from chart to chart.
func assignHostColors(chosen []poolRef, busiest []int) hostColors {
	colors := hostColors{}
	add := func(hi int) {
		if _, ok := colors[hi]; !ok {
			colors[hi] = hostColor(len(colors))
		}
	}
	for _, r := range chosen {
		add(r.host)
	}
	for _, hi := range busiest {
		add(hi)
	}
	return colors
}

// busiestHosts returns the hosts that received the most requests, at most
// MaxChartLines, in the result's order.
func busiestHosts(res *sim.Result) []int {
	order := make([]int, len(res.Hosts))
	totals := make([]int64, len(res.Hosts))
	for hi, h := range res.Hosts {
		order[hi] = hi
		for _, n := range h.Requests {
			totals[hi] += int64(n)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(totals[b] - totals[a]) })
	order = order[:min(len(order), MaxChartLines)]
	slices.Sort(order)
	return order
}

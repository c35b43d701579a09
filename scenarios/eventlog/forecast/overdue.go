package forecast

import (
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
)

// Pools returns the counts of st, one per host and pool in the order of
// its hosts and their tables, with what the log says of them at its
// moment: the count (K10), the threshold (K13, K28), the CMIDs of it
// whose machines are overdue, and when the count falls below the
// threshold if those never ask again (IfOverdueLeave). Below is left
// empty: only the runs of Run fill it.
//
// The runs take an overdue machine (it missed its renewal, K6, yet was
// heard within the count window, K10) as off for now and asking once
// back, as the import writes it. If it was retired instead, its CMID
// drops out of the count a count window after its latest request (K11),
// and the runs see that fall only once it has happened: IfOverdueLeave
// is the pessimistic forecast that sees it ahead. The cost is one pass
// over the tables and machines.
func Pools(st *eventlog.State) []Pool {
	// K11: a CMID stays counted only if a machine that still asks on
	// time asks this host with it. An overdue or silent machine, one
	// that last reached another host (K21: it keeps that one), and a
	// CMID no machine uses any more (a rearm gives a new one, K4) drop
	// out a count window after the host last heard them.
	type key struct {
		host, cmid string
		pool       scenarios.Pool
	}
	asking := map[key]bool{}
	for _, m := range st.Machines {
		if !m.Silent && m.Next > 0 {
			asking[key{m.Host, m.CMID, m.Product.Pool()}] = true
		}
	}
	var pools []Pool
	for _, h := range st.Hosts {
		for _, t := range h.Tables {
			p := Pool{Host: h.Name, Pool: t.Pool, Count: len(t.Heard), Threshold: t.Thresholds[len(t.Thresholds)-1]}
			var drops []int64
			for _, e := range t.Heard {
				if !asking[key{h.Name, e.CMID, t.Pool}] {
					drops = append(drops, int64(scenarios.DefaultCountWindow-e.Ago))
				}
			}
			p.Overdue = len(drops)
			p.IfOverdueLeave = fallAt(drops, p.Count, p.Threshold)
			pools = append(pools, p)
		}
	}
	return pools
}

// fallAt returns when a count of count falls below threshold as the
// CMIDs drop out at drops (seconds from the moment): 0 when it is below
// already, else at the (count − threshold + 1)-th drop, Never when fewer
// drop.
func fallAt(drops []int64, count, threshold int) int64 {
	if count < threshold {
		return 0
	}
	k := count - threshold // the drops the count can take and stay at threshold
	if k >= len(drops) {
		return Never
	}
	slices.Sort(drops)
	return max(drops[k], 0)
}

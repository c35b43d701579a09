package backtest

import (
	"container/heap"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// truth is what the whole log shows, indexed once for every cut: each
// host's counted requests by pool, and each machine licence's successes.
type truth struct {
	pools    map[poolKey][]heardAt
	machines map[machineKey]*machineLog
	end      int64 // the latest request, in Unix seconds
}

type poolKey struct {
	host string // short name, as the import names hosts
	pool scenarios.Pool
}

type machineKey struct {
	name string
	pool scenarios.Pool
}

// heardAt is a counted request: when, and whose CMID (its position in
// Log.strs).
type heardAt struct {
	at   int64 // Unix seconds
	cmid int32
}

// machineLog is what the log shows of a machine licence: its first and
// latest request and the moments of its successes, in order.
type machineLog struct {
	first, last int64
	oks         []int64
}

// shows indexes what the whole of l shows.
func (l *Log) shows() *truth {
	t := &truth{pools: map[poolKey][]heardAt{}, machines: map[machineKey]*machineLog{}, end: l.entries[len(l.entries)-1].at / 1e9}
	hosts := map[int32]string{}
	for i := range l.entries {
		e := &l.entries[i]
		p, ok := eventlog.ProductOf(l.strs[e.actID])
		if !ok {
			continue // K12: an unknown id counts apart; the import leaves it out
		}
		at := e.at / 1e9
		host, ok := hosts[e.host]
		if !ok {
			host = eventlog.ShortName(l.strs[e.host])
			hosts[e.host] = host
		}
		// K10: a request whose count was too low counts all the same;
		// one the host refused (K16) or a wrong clock does not.
		if e.result == eventlog.ResultOK || e.result == eventlog.ResultCountLow {
			k := poolKey{host, p.Pool()}
			t.pools[k] = append(t.pools[k], heardAt{at, e.cmid})
		}
		mk := machineKey{l.strs[e.machine], p.Pool()}
		m := t.machines[mk]
		if m == nil {
			m = &machineLog{first: at}
			t.machines[mk] = m
		}
		m.last = at
		if e.result == eventlog.ResultOK {
			m.oks = append(m.oks, at)
		}
	}
	return t
}

// below returns when the log shows the count of pool k first below n,
// in seconds after the cut, within horizon: Never when it does not. The
// count at a moment is the CMIDs heard within the count window before it
// (K10, K11: a CMID drops out when the window has passed since its latest
// request); it can fall below n only when a CMID drops out, and only the
// value after every request and drop of a second counts. The cache (K13)
// holds at least 2 × n, so it never decides a fall below n.
func (t *truth) below(k poolKey, cut, horizon, window int64, n int) int64 {
	reqs := t.pools[k]
	from, _ := slices.BinarySearchFunc(reqs, cut-window, func(h heardAt, at int64) int {
		if h.at <= at {
			return -1
		}
		return 1
	})
	last := map[int32]int64{}
	var drops dropHeap
	hear := func(h heardAt) {
		last[h.cmid] = h.at
		heap.Push(&drops, heardAt{h.at + window, h.cmid})
	}
	i := from
	for ; i < len(reqs) && reqs[i].at <= cut; i++ {
		hear(reqs[i])
	}
	for {
		next := cut + horizon + 1
		if i < len(reqs) {
			next = min(next, reqs[i].at)
		}
		if len(drops) > 0 {
			next = min(next, drops[0].at)
		}
		if next > cut+horizon {
			return forecast.Never
		}
		// The drops of the second first, then its requests: a CMID that
		// asks again as it drops out stays counted.
		for len(drops) > 0 && drops[0].at == next {
			d := heap.Pop(&drops).(heardAt)
			if at, ok := last[d.cmid]; ok && at+window == d.at {
				delete(last, d.cmid)
			}
		}
		for ; i < len(reqs) && reqs[i].at == next; i++ {
			hear(reqs[i])
		}
		if next > cut && len(last) < n {
			return next - cut
		}
	}
}

// lapse returns when the log shows machine k's activation lapse, in
// seconds after the cut, within horizon, for a machine licensed until
// until (seconds after the cut) as the import of the cut reconstructed
// it: every later success before the activation runs out renews it for
// validity (K6, K7). Never when it does not lapse within the horizon.
func (t *truth) lapse(k machineKey, cut, until, horizon, validity int64) int64 {
	end := cut + until
	if m := t.machines[k]; m != nil {
		for _, ok := range m.oks {
			if ok <= cut {
				continue
			}
			if ok >= end || ok > cut+horizon {
				break
			}
			end = ok + validity
		}
	}
	if end > cut+horizon {
		return forecast.Never
	}
	return end - cut
}

// unseen reports whether the log cannot show machine k's lapse at
// seconds after the cut: its latest request came before the lapse and
// longer than the count window before the log's end. Retired, or away
// with its activation running out, the log cannot tell (K11).
func (t *truth) unseen(k machineKey, cut, lapse, window int64) bool {
	m := t.machines[k]
	return m != nil && m.last < cut+lapse && m.last < t.end-window
}

// dropHeap orders the moments CMIDs drop out of a count, earliest first.
type dropHeap []heardAt

func (h dropHeap) Len() int { return len(h) }
func (h dropHeap) Less(i, j int) bool {
	return h[i].at < h[j].at || h[i].at == h[j].at && h[i].cmid < h[j].cmid
}
func (h dropHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *dropHeap) Push(x any)   { *h = append(*h, x.(heardAt)) }
func (h *dropHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

package sim

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// naiveTable is the host table as KMS-FACTS states it, with no cleverness:
// a list of (CMID, heard) in the order heard (K10, K11, K13).
type naiveTable struct {
	entries  []cmidHeard
	capacity int
}

type cmidHeard struct {
	cmid  int32
	heard engine.Time
}

func (n *naiveTable) request(now, window engine.Time, cmid int32, threshold, factor int) int {
	n.entries = slices.DeleteFunc(n.entries, func(e cmidHeard) bool { return e.heard <= now-window })
	n.capacity = max(n.capacity, factor*threshold)
	if i := slices.IndexFunc(n.entries, func(e cmidHeard) bool { return e.cmid == cmid }); i >= 0 {
		n.entries = slices.Delete(n.entries, i, i+1)
	} else if len(n.entries) >= n.capacity {
		n.entries = n.entries[1:]
	}
	n.entries = append(n.entries, cmidHeard{cmid, now})
	return len(n.entries)
}

// The slot table returns the same count as the naive table for every
// request: clients with their own CMID and clones sharing one, clients
// that alternate between two hosts (so their hint points at the other
// table), tables that overflow, age out, change capacity and are
// replaced.
func TestPoolMatchesNaiveTable(t *testing.T) {
	const window = 30 * day
	for seed := range uint64(10) {
		r := rand.New(rand.NewPCG(seed, 7))
		w := &world{eng: &engine.Sim{}, window: window, cacheFactor: 2}
		w.metrics = metrics{w: w, products: productMarks{}}
		w.hosts = []host{{name: "a"}, {name: "b"}}
		w.pools = []pool{newPool(0, scenarios.PoolWindows), newPool(1, scenarios.PoolWindows)}
		naive := []naiveTable{{}, {}}

		type client struct {
			cmid      int32
			own       bool
			threshold int
			hint      slotHint
		}
		var clients []client
		for i := range 150 {
			c := client{cmid: int32(i), own: true, threshold: 25, hint: slotHint{-1, -1}}
			if i%10 == 0 {
				c.threshold = 5
			}
			if i >= 130 { // clones of client 130
				c.cmid, c.own = 130, false
			}
			clients = append(clients, c)
		}
		requests, mismatches := 0, 0
		h := engine.HandlerFunc(func(ev engine.Event) {
			switch ev.Kind {
			case evPoolExpiry:
				w.expire(ev.Arg, ev.At)
			case 100: // a request from client Arg
				c := &clients[ev.Arg]
				pi := int32(r.IntN(2))
				if r.IntN(500) == 0 {
					w.replacePool(pi)
					naive[pi] = naiveTable{}
				}
				got := w.request(pi, c.cmid, c.threshold, &c.hint, c.own)
				want := naive[pi].request(ev.At, window, c.cmid, c.threshold, 2)
				requests++
				if got != want {
					mismatches++
					if mismatches < 5 {
						t.Errorf("seed %d, request %d at %d: count %d, naive table %d", seed, requests, ev.At, got, want)
					}
				}
				// Ask again after a while: mostly within the window,
				// sometimes after it.
				next := engine.Time(r.Int64N(int64(10 * day)))
				if r.IntN(10) == 0 {
					next += 40 * day
				}
				w.eng.Schedule(ev.At+next, 100, ev.Arg)
			}
		})
		for i := range clients {
			w.eng.Schedule(engine.Time(r.Int64N(int64(day))), 100, int32(i))
		}
		w.eng.Run(600*day, h)
		if requests < 5000 {
			t.Fatalf("only %d requests", requests)
		}
	}
}

package sim

import (
	"github.com/kmssim/kmssim/scenarios"
)

// makKey is a Multiple Activation Key (K25) and, for the groups that use a
// VAMT proxy, the proxy's store of confirmation ids (K26).
type makKey struct {
	name     string // site-qualified
	site     int32
	capacity int32
	used     int32
	store    map[int32]bool // machines (hardware) with a CID in the store
	steps    []Step         // the activations left after each use
	esuShort uint8          // K42: the ESU years (bit y-1) a machine found it used up
}

// activateOffline activates client ci without a KMS host: with its
// group's MAK key (K25, K26), or at once for OEM, token, subscription
// (K36) and pay-as-you-go (K43) activation. An
// activation that needs no host lasts: no renewals, no deadline.
func (w *world) activateOffline(ci int32) {
	c := &w.clients[ci]
	g := &w.groups[c.group]
	if g.method == scenarios.MethodMAK {
		k := &w.keys[g.mak]
		switch {
		case g.proxy && k.store[c.hw]:
			// K26: re-activated from the proxy's store, no activation used.
			w.metrics.interval.MAKFromStore++
		case k.used < k.capacity:
			k.used++
			w.metrics.interval.MAKActivations++
			k.steps = append(k.steps, Step{At: w.eng.Now(), Value: k.capacity - k.used})
			if g.proxy {
				k.store[c.hw] = true
			}
			if k.used == k.capacity {
				w.metrics.milestones = append(w.metrics.milestones, Milestone{At: w.eng.Now(), Kind: MilestoneMAKExhausted, Key: k.name})
			}
		default:
			// K25: activation number capacity+1 fails; the machine stays
			// in its grace, then notification. Nothing it can do changes
			// the key, so it does not try again.
			w.metrics.interval.FailMAK++
			c.failing = true
			c.attemptAt = never
			w.watchDeadline(ci)
			return
		}
	}
	w.metrics.product(w.eng.Now(), MilestoneFirstActivation, g.prod)
	w.setState(ci, Licensed)
	c.failing = false
	c.attemptAt = never
	c.deadlineAt = never
}

// KeySeries is one MAK key over a run (K25).
type KeySeries struct {
	Name        string // site-qualified: lab-mak, branch-007/lab-mak
	Activations int    // the key's activations in all
	// Remaining is the activations left at each sample; Steps every
	// change at its exact time (the value before the first step is
	// Activations).
	Remaining []int32
	Steps     []Step

	inst int32 // the site instance, for merging the parts of a run
}

// keySamples records the activations left of every key at sample i.
func (w *world) keySamples(res *Result) {
	for i := range w.keys {
		k := &w.keys[i]
		res.Keys[i].Remaining = append(res.Keys[i].Remaining, k.capacity-k.used)
	}
}

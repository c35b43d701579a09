package sim

import (
	"math/rand/v2"
	"slices"
)

// record is a _vlmcs._tcp SRV record: a host with its priority and weight.
type record struct {
	host     int32
	priority int
	weight   int
}

// domain is a DNS domain as the clients see it. Record changes reach the
// visible set only after the domain's propagation delay (K22), so a removed
// record is still served for a while and a new one is missing for a while.
type domain struct {
	name        string
	propagation int64
	visible     []record
}

// index returns the position of host h's record, or -1.
func (d *domain) index(h int32) int {
	return slices.IndexFunc(d.visible, func(r record) bool { return r.host == h })
}

// set adds or updates the record of r.host.
func (d *domain) set(r record) {
	if i := d.index(r.host); i >= 0 {
		d.visible[i] = r
	} else {
		d.visible = append(d.visible, r)
	}
}

// remove withdraws the record of host h, if present.
func (d *domain) remove(h int32) {
	if i := d.index(h); i >= 0 {
		d.visible = slices.Delete(d.visible, i, i+1)
	}
}

// pick chooses the record to try next from recs, which must not be empty,
// and returns its index.
//
// K20: Windows 7 and Server 2008 R2 clients follow RFC 2782: only records of
// the lowest priority present are candidates, and among them each is chosen
// with probability weight/sum. Records of weight 0 are chosen only when
// every candidate has weight 0, and then uniformly. (RFC 2782 draws from
// [0, sum] inclusive, which gives the first record an extra 1/(sum+1) and a
// weight-0 record the same; like Go's net.LookupSRV we draw from [0, sum)
// so shares equal weight shares exactly.) Older clients pick uniformly among
// all records, ignoring priority and weight.
func pick(recs []record, random bool, r *rand.Rand) int {
	if random || len(recs) == 1 {
		return r.IntN(len(recs))
	}
	lowest := recs[0].priority
	for _, rec := range recs[1:] {
		lowest = min(lowest, rec.priority)
	}
	sum, n := 0, 0
	for _, rec := range recs {
		if rec.priority == lowest {
			sum += rec.weight
			n++
		}
	}
	if sum == 0 {
		k := r.IntN(n)
		for i, rec := range recs {
			if rec.priority == lowest {
				if k == 0 {
					return i
				}
				k--
			}
		}
	}
	x := r.IntN(sum)
	running := 0
	for i, rec := range recs {
		if rec.priority != lowest {
			continue
		}
		running += rec.weight
		if running > x {
			return i
		}
	}
	panic("unreachable: running sum must exceed a draw below the total")
}

// Bytes on the wire of one exchange (K17): about 250 each way.
const (
	requestBytes  = 250
	responseBytes = 250
)

// outcome is what one attempt of a client got: a count from a host, or the
// cause of its failure.
type outcome struct {
	host  int32 // the host that answered with a count; -1 if none did
	count int
	cause cause
}

// cause is why an attempt failed.
type cause uint8

const (
	causeNone        cause = iota
	causeUnreachable       // K30: no host could be contacted (0xC004F074)
	causeCountLow          // K28: the count is below the threshold (0xC004F038)
	causeUnsupported       // K16: no host could activate the product
)

// discover finds a host for client ci and asks it, failing over as a real
// client does (K19–K21, K29, K30).
func (w *world) discover(ci int32, c *client, g *group) outcome {
	// K19: a client pinned with slmgr -skms asks that host and no other.
	if g.pinned >= 0 {
		return w.ask(ci, c, g, g.pinned)
	}
	exclude := int32(-1)
	// K21, K29: with host caching on, the host that answered last is asked
	// first; only if it fails does the client query DNS again.
	if g.caching && c.cached >= 0 {
		if o := w.ask(ci, c, g, c.cached); o.host >= 0 {
			return o
		}
		exclude = c.cached
		c.cached = -1
	}
	// K19: query DNS for the SRV records as the clients' DNS server has
	// them now (K22).
	recs := w.scratch[:0]
	for _, r := range w.domains[g.domain].visible {
		if r.host != exclude {
			recs = append(recs, r)
		}
	}
	rng := w.sites[g.site].rng
	failure := causeUnreachable
	for len(recs) > 0 {
		// K20: choose by priority and weight, or at random.
		i := pick(recs, g.random, rng)
		o := w.ask(ci, c, g, recs[i].host)
		if o.host >= 0 {
			if g.caching {
				// K21: stick to the host that answered. K24 follows: with two
				// hosts of equal weight, each keeps about half of a site's
				// clients, and neither may reach the threshold.
				c.cached = o.host
			}
			w.scratch = recs[:0]
			return o
		}
		if o.cause == causeUnsupported {
			failure = causeUnsupported
		}
		// K21: a host that does not answer is removed from the list and
		// another is picked from what remains.
		recs = append(recs[:i], recs[i+1:]...)
	}
	w.scratch = recs[:0]
	// K30: every host failed; the next attempt starts again from DNS.
	return outcome{host: -1, cause: failure}
}

// ask sends client ci's request to host hi and returns what came back.
// c and g are the client and its group.
func (w *world) ask(ci int32, c *client, g *group, hi int32) outcome {
	h := &w.hosts[hi]
	w.metrics.interval.Requests++
	w.metrics.interval.BytesOut += requestBytes
	h.traffic.requests++
	if !h.up {
		if w.onTrace != nil {
			w.trace(ci, hi, false, 0, causeUnreachable)
		}
		return outcome{host: -1, cause: causeUnreachable}
	}
	w.metrics.interval.Answered++
	w.metrics.interval.BytesIn += responseBytes
	h.traffic.answered++
	// K16: a host whose keys do not cover the product answers with an
	// error and does not count the request.
	if h.serves&g.product == 0 {
		if w.onTrace != nil {
			w.trace(ci, hi, true, 0, causeUnsupported)
		}
		return outcome{host: -1, cause: causeUnsupported}
	}
	count := w.request(h.pools[g.poolIndex], c.cmid, g.threshold, &c.hint, g.shared < 0)
	// K27: the response carries the host's intervals; the client uses them
	// from now on.
	c.activationInterval = h.activationInterval
	c.renewalInterval = h.renewalInterval
	if w.onTrace != nil {
		w.trace(ci, hi, true, count, causeNone)
	}
	return outcome{host: hi, count: count}
}

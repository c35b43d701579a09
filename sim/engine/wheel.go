package engine

import "math/bits"

// wheelBits sets the wheel's span: 2^20 one-second buckets, about 12 days,
// longer than the 7-day renewal interval, so that nearly every event of a
// KMS run goes straight into its bucket. A wheel shorter than the renewal
// period would send most events through the overflow heap.
const (
	wheelBits = 20
	wheelSize = 1 << wheelBits
	wheelMask = wheelSize - 1
)

// wheel is the fast future event set: a timing wheel with one bucket per
// second of [base, base+wheelSize), each bucket a FIFO list of events, and
// a heap (far) for events further ahead, moved into the wheel as the base
// advances.
//
// Order. Events in a bucket all happen at the same second. An event goes
// into its bucket either when it is scheduled (if it is within the span) or
// when the base advances close enough to it (from far, in (time, seq)
// order). Every event migrated from far into bucket T was scheduled before
// any event scheduled directly into T, because direct scheduling into T
// is possible only once T is within the span, and migration happens the
// moment it is. So FIFO order within a bucket is scheduling order, and the
// wheel runs events in exactly the order of the reference heap.
type wheel struct {
	base    Time     // the earliest second the wheel holds
	buckets []bucket // per second of the span
	used    []uint64
	nodes   []node // storage of queued events; free ones are chained
	free    int32  // first free node, or -1
	count   int    // events in the buckets
	far     queue  // events at or after base+wheelSize
}

// bucket is the FIFO list of one second's events. Its first event is
// kept in the bucket itself, the others in a list of nodes (head and tail,
// or -1). The buckets are read in order as the wheel turns, which the
// processor foresees, while the nodes lie where the free list put them:
// most seconds of a large run hold one or two events, and keeping the
// first in the bucket saves most reads of a node, each a miss of the
// caches.
type bucket struct {
	head, tail int32 // the events after the first, or -1
	arg        int32 // the first event's
	kind       Kind  // the first event's
	full       bool  // the bucket holds an event: !full means head and tail are -1
}

type node struct {
	next int32
	arg  int32
	kind Kind
}

func (w *wheel) init() {
	w.buckets = make([]bucket, wheelSize)
	for i := range w.buckets {
		w.buckets[i] = bucket{head: -1, tail: -1}
	}
	w.used = make([]uint64, wheelSize/64)
	w.free = -1
}

// reset empties the wheel and sets its base back to 0, keeping its
// storage: only the buckets still in use are cleared, so a reset costs
// what is left queued, not the wheel's 16 MB.
func (w *wheel) reset() {
	for i, word := range w.used {
		for word != 0 {
			b := i<<6 | bits.TrailingZeros64(word)
			w.buckets[b] = bucket{head: -1, tail: -1}
			word &= word - 1
		}
		w.used[i] = 0
	}
	w.nodes = w.nodes[:0]
	w.free = -1
	w.count = 0
	w.base = 0
	w.far.items = w.far.items[:0]
}

func (w *wheel) len() int { return w.count + w.far.Len() }

// push queues ev, whose time is at or after base.
func (w *wheel) push(ev Event) {
	if w.buckets == nil {
		w.init()
	}
	if ev.At-w.base >= wheelSize {
		w.far.Push(ev)
		return
	}
	w.append(ev.At, ev.Kind, ev.Arg)
}

func (w *wheel) append(at Time, kind Kind, arg int32) {
	b := int(at) & wheelMask
	bk := &w.buckets[b]
	w.count++
	if !bk.full {
		bk.arg, bk.kind, bk.full = arg, kind, true
		w.used[b>>6] |= 1 << (b & 63)
		return
	}
	n := w.free
	if n >= 0 {
		w.free = w.nodes[n].next
		w.nodes[n] = node{next: -1, arg: arg, kind: kind}
	} else {
		n = int32(len(w.nodes))
		w.nodes = append(w.nodes, node{next: -1, arg: arg, kind: kind})
	}
	if bk.tail >= 0 {
		w.nodes[bk.tail].next = n
	} else {
		bk.head = n
	}
	bk.tail = n
}

// popAt removes and returns the first event of the bucket of second t,
// which must be base, if it has one.
func (w *wheel) popAt(t Time) (Kind, int32, bool) {
	if w.buckets == nil {
		return 0, 0, false
	}
	b := int(t) & wheelMask
	bk := &w.buckets[b]
	if !bk.full {
		return 0, 0, false
	}
	kind, arg := bk.kind, bk.arg
	if n := bk.head; n >= 0 {
		// The next event moves into the bucket.
		nd := w.nodes[n]
		bk.kind, bk.arg, bk.head = nd.kind, nd.arg, nd.next
		if nd.next < 0 {
			bk.tail = -1
		}
		w.nodes[n].next = w.free
		w.free = n
	} else {
		bk.full = false
		w.used[b>>6] &^= 1 << (b & 63)
	}
	w.count--
	return kind, arg, true
}

// advance moves the base to the next second that has an event, or to
// limit if that comes first, and returns the new base. The bucket at the
// old base must be empty.
//
// If the wheel holds events, the next of them comes before every event of
// far (which are all at or after old base + wheelSize); otherwise far's
// first is next. After the jump, every event of far now within the span
// moves into its bucket: nothing can have been scheduled directly into
// those buckets yet, as they were out of the span until now.
func (w *wheel) advance(limit Time) Time {
	next := limit
	switch {
	case w.count > 0:
		next = min(next, w.nextUsed())
	case w.far.Len() > 0:
		next = min(next, w.far.Peek().At)
	}
	w.base = max(w.base, next)
	for w.far.Len() > 0 && w.far.Peek().At-w.base < wheelSize {
		ev := w.far.Pop()
		w.append(ev.At, ev.Kind, ev.Arg)
	}
	return w.base
}

// nextUsed returns the first second at or after base whose bucket holds an
// event. The wheel must hold at least one.
func (w *wheel) nextUsed() Time {
	start := int(w.base) & wheelMask
	word := start >> 6
	bitsw := w.used[word] &^ (1<<(start&63) - 1)
	for i := 0; ; i++ {
		if bitsw != 0 {
			b := word<<6 | bits.TrailingZeros64(bitsw)
			return w.base + Time((b-start)&wheelMask)
		}
		word = (word + 1) & (len(w.used) - 1)
		bitsw = w.used[word]
		if i > len(w.used) {
			panic("engine: wheel count and occupancy disagree")
		}
	}
}

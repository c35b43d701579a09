package engine

import (
	"math/bits"
	"unsafe"
)

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
	nodes   []node // storage of queued events; nodes[0] is unused, free ones are chained
	free    int32  // first free node, or 0
	count   int    // events in the buckets
	ahead   uint8  // where the loads of runWheel's read-ahead go
	far     queue  // events at or after base+wheelSize
}

// WheelBytes is the memory of a timing wheel's buckets and of their
// occupancy bits, all of which a run of more than 12 days touches.
const WheelBytes = wheelSize*int64(unsafe.Sizeof(bucket{})) + wheelSize/8

// readAhead is how many seconds ahead of the one it runs the wheel reads
// a bucket (runWheel).
const readAhead = 64

// inline is the number of events a bucket keeps in itself.
const inline = 4

// bucket is the FIFO list of one second's events. Its first inline events
// are kept in the bucket itself, in args and kinds [read:n], the others in a list
// of nodes (head and tail, or 0). The buckets are read in order as the
// wheel turns, which the processor foresees, while the nodes lie where
// the free list put them, so that reading one is nearly always a miss of
// the caches. A large run holds about two events a second: keeping four
// in the bucket (32 bytes, two to a cache line) sends only about 3% of
// them to the nodes, against 54% when a bucket kept one.
type bucket struct {
	args       [inline]int32
	kinds      [inline]Kind
	read, n    uint8 // args and kinds [read:n] are queued
	head, tail int32 // the events after the inline ones, or 0
}

// node is an event queued after a bucket's inline ones.
type node struct {
	next int32
	arg  int32
	kind Kind
}

// init allocates the wheel. Its zero buckets are empty and need no
// writing, so a wheel costs only the pages it touches.
func (w *wheel) init() {
	w.buckets = make([]bucket, wheelSize)
	w.used = make([]uint64, wheelSize/64)
	w.nodes = make([]node, 1)
}

// reset empties the wheel and sets its base back to 0, keeping its
// storage: only the buckets still in use are cleared, so a reset costs
// what is left queued, not the wheel's 32 MB.
func (w *wheel) reset() {
	for i, word := range w.used {
		for word != 0 {
			b := i<<6 | bits.TrailingZeros64(word)
			w.buckets[b] = bucket{}
			word &= word - 1
		}
		w.used[i] = 0
	}
	if w.nodes != nil {
		w.nodes = w.nodes[:1]
	}
	w.free = 0
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
	if bk.n < inline {
		// Room inside: no node is queued yet, so this is the last event.
		if bk.n == 0 {
			w.used[b>>6] |= 1 << (b & 63)
		}
		bk.args[bk.n], bk.kinds[bk.n] = arg, kind
		bk.n++
		return
	}
	n := w.free
	if n != 0 {
		w.free = w.nodes[n].next
		w.nodes[n] = node{arg: arg, kind: kind}
	} else {
		n = int32(len(w.nodes))
		w.nodes = append(w.nodes, node{arg: arg, kind: kind})
	}
	if bk.tail != 0 {
		w.nodes[bk.tail].next = n
	} else {
		bk.head = n
	}
	bk.tail = n
}

// runWheel is Run on the wheel: every event up to until, a second at a
// time. The events kept in a bucket, nearly all of them, are taken here
// rather than in a call.
func (s *Sim) runWheel(until Time, h Handler) {
	w := &s.wheel
	if w.buckets == nil {
		// Nothing was ever scheduled (push allocates the wheel): the
		// base moves on as if the wheel had turned.
		w.base = max(w.base, until)
		return
	}
	for w.base <= until {
		// Every event of this second, including those its handlers
		// schedule at it.
		b := int(w.base) & wheelMask
		s.now = w.base
		// The buckets are read in order, each a week after it was
		// written, long out of the caches. Reading the bucket 64 seconds
		// (32 cache lines) ahead starts that load while this second's
		// events run, so that it has arrived when the wheel gets there:
		// bench-1m-central took 2.77 s instead of 2.93 on one core
		// (medians of 5; 32 or 128 ahead did less well).
		w.ahead += w.buckets[(b+readAhead)&wheelMask].n
	events:
		for {
			var kind Kind
			var arg int32
			bk := &w.buckets[b]
			switch {
			case bk.read < bk.n:
				kind, arg = bk.kinds[bk.read], bk.args[bk.read]
				bk.read++
			case bk.head != 0:
				kind, arg = w.popNode(bk)
			default:
				break events
			}
			w.count--
			s.processed++
			h.Handle(Event{At: w.base, Kind: kind, Arg: arg})
		}
		// Empty: the bucket starts over, for the turn of the wheel 12
		// days on.
		w.buckets[b].read, w.buckets[b].n = 0, 0
		w.used[b>>6] &^= 1 << (b & 63)
		if w.base == until {
			break
		}
		w.advance(until)
	}
}

// popNode removes and returns the first event of bk's nodes, which it
// must have: an event queued after the bucket's inline ones.
func (w *wheel) popNode(bk *bucket) (Kind, int32) {
	n := bk.head
	nd := w.nodes[n]
	bk.head = nd.next
	if nd.next == 0 {
		bk.tail = 0
	}
	w.nodes[n].next = w.free
	w.free = n
	return nd.kind, nd.arg
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

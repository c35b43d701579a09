package engine

import (
	"cmp"
	"slices"
)

// queue is a future event set as a 4-ary min-heap: the reference engine,
// and the one for small worlds. Four children per node halve the depth of
// a binary heap and sit in one or two cache lines.
//
// An item's key packs its time (high 32 bits) and its sequence number (low
// 32 bits), so that ordering by (At, seq) is one integer comparison. Time
// fits: scenarios last at most 100 years, 3.2·10⁹ seconds. The sequence
// number would wrap after 2³² events; before it does, Sim renumbers the
// queued events in order (renumber).
type queue struct {
	items []item
}

type item struct {
	key  uint64
	arg  int32
	kind Kind
}

const maxTime = 1<<32 - 1

func (it item) event() Event {
	return Event{At: Time(it.key >> 32), Kind: it.kind, Arg: it.arg, seq: it.key & (1<<32 - 1)}
}

// Len returns the number of queued events.
func (q *queue) Len() int { return len(q.items) }

// Peek returns the earliest event without removing it. The queue must not be
// empty.
func (q *queue) Peek() Event { return q.items[0].event() }

// Push adds ev, whose seq must be below 2³². The complexity is O(log n).
func (q *queue) Push(ev Event) { q.push(itemOf(ev)) }

// Pop removes and returns the earliest event. The queue must not be empty.
// The complexity is O(log n).
func (q *queue) Pop() Event { return q.pop().event() }

func itemOf(ev Event) item {
	return item{key: uint64(ev.At)<<32 | ev.seq, arg: ev.Arg, kind: ev.Kind}
}

// push adds it.
func (q *queue) push(it item) {
	q.items = append(q.items, it)
	items := q.items
	i := len(items) - 1
	for i > 0 {
		p := (i - 1) / 4
		if it.key >= items[p].key {
			break
		}
		items[i] = items[p]
		i = p
	}
	items[i] = it
}

// pop removes and returns the earliest item.
func (q *queue) pop() item {
	items := q.items
	top := items[0]
	n := len(items) - 1
	last := items[n]
	q.items = items[:n]
	items = items[:n]
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < min(c+4, n); k++ {
			if items[k].key < items[m].key {
				m = k
			}
		}
		if items[m].key >= last.key {
			break
		}
		items[i] = items[m]
		i = m
	}
	if n > 0 {
		items[i] = last
	}
	return top
}

// renumber gives the queued events the sequence numbers 0, 1, 2, … in
// their order, and returns the next free one. A sorted slice is a heap.
func (q *queue) renumber() uint64 {
	slices.SortFunc(q.items, func(a, b item) int { return cmp.Compare(a.key, b.key) })
	for i := range q.items {
		q.items[i].key = q.items[i].key&^(1<<32-1) | uint64(i)
	}
	return uint64(len(q.items))
}

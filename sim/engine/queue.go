package engine

// queue is the future event set: a binary min-heap ordered by (At, seq).
// It sits behind this small type so that a faster structure (a calendar
// queue, a timing wheel) can replace it without touching the callers.
type queue struct {
	items []Event
}

func less(a, b Event) bool {
	if a.At != b.At {
		return a.At < b.At
	}
	return a.seq < b.seq
}

// Len returns the number of queued events.
func (q *queue) Len() int { return len(q.items) }

// Peek returns the earliest event without removing it. The queue must not be
// empty.
func (q *queue) Peek() Event { return q.items[0] }

// Push adds ev. The complexity is O(log n).
func (q *queue) Push(ev Event) {
	q.items = append(q.items, ev)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(q.items[i], q.items[p]) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

// Pop removes and returns the earliest event. The queue must not be empty.
// The complexity is O(log n).
func (q *queue) Pop() Event {
	items := q.items
	top := items[0]
	n := len(items) - 1
	items[0] = items[n]
	q.items = items[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && less(items[r], items[l]) {
			m = r
		}
		if !less(items[m], items[i]) {
			break
		}
		items[i], items[m] = items[m], items[i]
		i = m
	}
	return top
}

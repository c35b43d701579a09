package engine

// calendar is the future event set of small worlds: one bucket per hour of
// a span of about 10 days, each bucket sorted by key (time and sequence
// packed as in queue), and a heap (far) for events further ahead, moved
// into their buckets as the span advances.
//
// A small world (one branch office of a large run) has a few hundred
// pending events, mostly renewals within the week and retries within
// hours: about one per bucket. Pushing into a bucket and popping its
// earliest event are then nearly free, where a heap pays log n unpredictable
// comparisons per pop. Order is exact whatever the bucket size, because
// each bucket is sorted by the full key.
type calendar struct {
	base    Time     // start of the earliest bucket's hour
	buckets [][]item // sorted by key, the earliest last
	count   int      // events in the buckets
	far     queue    // events at or after base+calendarSpan
}

const (
	calendarWidth = Hour
	calendarBits  = 8 // 256 hours, 10.7 days: more than a renewal interval
	calendarSize  = 1 << calendarBits
	calendarSpan  = calendarSize * calendarWidth
)

func (c *calendar) len() int { return c.count + c.far.Len() }

func (c *calendar) bucket(at Time) *[]item {
	return &c.buckets[int(at/calendarWidth)&(calendarSize-1)]
}

// push queues it, whose time is at or after base.
func (c *calendar) push(it item) {
	if c.buckets == nil {
		c.buckets = make([][]item, calendarSize)
	}
	at := Time(it.key >> 32)
	if at-c.base >= calendarSpan {
		c.far.Push(it.event())
		return
	}
	b := c.bucket(at)
	// Insert keeping the bucket sorted, the earliest last. A new event is
	// usually the latest in its bucket, so search from the front.
	items := append(*b, item{})
	i := 0
	for i < len(items)-1 && items[i].key > it.key {
		i++
	}
	copy(items[i+1:], items[i:len(items)-1])
	items[i] = it
	*b = items
	c.count++
}

// peek returns the earliest queued event at or before until, moving the
// span forward as needed; ok is false if there is none.
func (c *calendar) peek(until Time) (it item, ok bool) {
	for {
		if c.count > 0 {
			b := c.bucket(c.base)
			if n := len(*b); n > 0 {
				it = (*b)[n-1]
				return it, Time(it.key>>32) <= until
			}
		}
		// The bucket of base is empty: move to the next hour, or jump to
		// far's first event when the buckets are all empty.
		next := c.base + calendarWidth
		if c.count == 0 {
			if c.far.Len() == 0 {
				return item{}, false
			}
			next = max(next, c.far.Peek().At/calendarWidth*calendarWidth)
		}
		if next > until {
			return item{}, false
		}
		c.base = next
		for c.far.Len() > 0 && c.far.Peek().At-c.base < calendarSpan {
			ev := c.far.Pop()
			c.push(item{key: uint64(ev.At)<<32 | ev.seq, arg: ev.Arg, kind: ev.Kind})
		}
	}
}

// pop removes the event peek returned.
func (c *calendar) pop() {
	b := c.bucket(c.base)
	*b = (*b)[:len(*b)-1]
	c.count--
}

// renumber gives the queued events the sequence numbers 0, 1, 2, … in
// their order and returns the next free one (see queue).
func (c *calendar) renumber() uint64 {
	all := c.far.items
	for i := range c.buckets {
		all = append(all, c.buckets[i]...)
		c.buckets[i] = c.buckets[i][:0]
	}
	q := queue{items: all}
	next := q.renumber()
	c.far, c.count = queue{}, 0
	for _, it := range q.items {
		if Time(it.key>>32)-c.base >= calendarSpan {
			c.far.items = append(c.far.items, it) // sorted: a heap
		} else {
			c.push(it)
		}
	}
	return next
}

// reset empties the calendar, keeping its buckets' storage.
func (c *calendar) reset() {
	for i := range c.buckets {
		c.buckets[i] = c.buckets[i][:0]
	}
	c.far.items = c.far.items[:0]
	c.base, c.count = 0, 0
}

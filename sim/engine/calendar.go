package engine

import "math/bits"

// calendar is the future event set of small worlds: one bucket per 4096
// seconds (68 minutes) of a span of about 12 days, each bucket sorted by
// key (time and sequence packed as in queue), and a heap (far) for events
// further ahead, moved into their buckets as the span advances.
//
// A small world (one branch office of a large run) has a few hundred
// pending events, mostly renewals within the week and retries within
// hours: about one per bucket. Pushing into a bucket and popping its
// earliest event are then nearly free, where a heap pays log n unpredictable
// comparisons per pop. Order is exact whatever the bucket size, because
// each bucket is sorted by the full key.
type calendar struct {
	base    Time                // start of the earliest bucket's interval
	buckets [][]item            // sorted by key, the earliest first
	heads   [calendarSize]int32 // per bucket, how many events were popped
	used    [calendarSize / 64]uint64
	count   int   // events in the buckets
	far     queue // events at or after base+calendarSpan
}

const (
	calendarShift = 12 // buckets of 4096 s: a shift, not a division
	calendarWidth = 1 << calendarShift
	calendarBits  = 8 // 256 buckets, 12.1 days: more than a renewal interval
	calendarSize  = 1 << calendarBits
	calendarSpan  = calendarSize * calendarWidth
)

func (c *calendar) len() int { return c.count + c.far.Len() }

func index(at Time) int { return int(at>>calendarShift) & (calendarSize - 1) }

// push queues it, whose time is at or after base.
func (c *calendar) push(it item) {
	if c.buckets == nil {
		// All buckets start in one arena of 4 items each, 16 KB that stay
		// in the processor's first-level cache; a bucket that outgrows its
		// share moves out on its own.
		arena := make([]item, calendarSize*4)
		c.buckets = make([][]item, calendarSize)
		for i := range c.buckets {
			c.buckets[i] = arena[i*4 : i*4 : i*4+4]
		}
	}
	at := Time(it.key >> 32)
	if at-c.base >= calendarSpan {
		c.far.push(it)
		return
	}
	i0 := index(at)
	c.used[i0>>6] |= 1 << (i0 & 63)
	b := &c.buckets[i0]
	// Insert keeping the bucket sorted. A new event is usually the latest
	// in its bucket: then it is a plain append.
	items := append(*b, it)
	j := len(items) - 1
	for j > int(c.heads[i0]) && items[j-1].key > it.key {
		items[j] = items[j-1]
		j--
	}
	items[j] = it
	*b = items
	c.count++
}

// next removes and returns the earliest queued event if it is at or
// before until, moving the span forward as needed; ok is false if there is
// none.
func (c *calendar) next(until Time) (it item, ok bool) {
	for {
		if c.count > 0 {
			i := index(c.base)
			b := &c.buckets[i]
			if h := c.heads[i]; int(h) < len(*b) {
				it = (*b)[h]
				if Time(it.key>>32) > until {
					return it, false
				}
				if int(h)+1 == len(*b) {
					*b = (*b)[:0]
					c.heads[i] = 0
					c.used[i>>6] &^= 1 << (i & 63)
				} else {
					c.heads[i] = h + 1
				}
				c.count--
				return it, true
			}
		}
		// The bucket of base is empty: move to the next bucket that holds
		// an event, or to far's first event when the buckets are all
		// empty, but no further than the point where far's first event
		// enters the span.
		var next Time
		if c.count > 0 {
			next = c.nextUsed()
		} else if c.far.Len() == 0 {
			return item{}, false
		} else {
			next = c.far.Peek().At &^ (calendarWidth - 1)
		}
		if c.far.Len() > 0 {
			next = min(next, max(c.base+calendarWidth, (c.far.Peek().At-calendarSpan+calendarWidth)&^(calendarWidth-1)))
		}
		if next > until {
			return item{}, false
		}
		c.base = next
		for c.far.Len() > 0 && c.far.Peek().At-c.base < calendarSpan {
			c.push(c.far.pop())
		}
	}
}

// nextUsed returns the start of the first bucket after base's that holds
// an event. The calendar must hold one.
func (c *calendar) nextUsed() Time {
	start := index(c.base)
	for d := 1; d < calendarSize; {
		i := (start + d) & (calendarSize - 1)
		word := c.used[i>>6] >> (i & 63)
		if word != 0 {
			d += bits.TrailingZeros64(word)
			return c.base + Time(d)*calendarWidth
		}
		d += 64 - i&63
	}
	panic("engine: calendar count and occupancy disagree")
}

// renumber gives the queued events the sequence numbers 0, 1, 2, … in
// their order and returns the next free one (see queue).
func (c *calendar) renumber() uint64 {
	all := c.far.items
	for i := range c.buckets {
		all = append(all, c.buckets[i][c.heads[i]:]...)
		c.buckets[i] = c.buckets[i][:0]
	}
	c.heads = [calendarSize]int32{}
	c.used = [calendarSize / 64]uint64{}
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
	c.heads = [calendarSize]int32{}
	c.used = [calendarSize / 64]uint64{}
	c.far.items = c.far.items[:0]
	c.base, c.count = 0, 0
}

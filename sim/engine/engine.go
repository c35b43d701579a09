// Package engine is a small discrete-event core: a virtual clock, a future
// event set and a loop that runs events in order until a horizon.
//
// The engine knows nothing about KMS. An Event carries a Kind and an
// argument whose meaning belongs to the caller; the loop hands each event to
// one Handler. Events are plain values, so scheduling one allocates nothing
// beyond the queue's own storage, and there is no goroutine per simulated
// process.
//
// Ordering: events run by time, and events at the same time run in the order
// they were scheduled (a sequence number breaks ties). Every run of the same
// program therefore processes the same events in the same order.
package engine

import "fmt"

// Time is virtual time in whole seconds since the start of a simulation.
type Time int64

// Common durations in virtual time.
const (
	Second Time = 1
	Minute      = 60 * Second
	Hour        = 60 * Minute
	Day         = 24 * Hour
	Week        = 7 * Day
)

// Kind says what an event means. Its values are defined by the caller.
type Kind uint8

// Event is one entry of the future event set: at time At, hand (Kind, Arg)
// to the handler.
type Event struct {
	At   Time
	Kind Kind
	Arg  int32
	seq  uint64 // insertion order, the tie-breaker for equal At
}

// Handler receives the events of a simulation one at a time, in order.
// It may schedule new events, at the current time or later.
type Handler interface {
	Handle(ev Event)
}

// HandlerFunc adapts an ordinary function to a Handler.
type HandlerFunc func(ev Event)

// Handle calls f(ev).
func (f HandlerFunc) Handle(ev Event) { f(ev) }

// Sim is a virtual clock with its future event set. The zero value is an
// empty simulation at time 0, ready to use, whose future event set is a
// timing wheel, for large worlds; NewSmall returns one with a calendar of
// sorted buckets, for small worlds, and NewReference one with a plain
// heap, which serves to check the others: all three run events in exactly
// the same order.
type Sim struct {
	now       Time
	seq       uint64
	mode      mode
	heap      queue    // the reference future event set
	wheel     wheel    // for large worlds
	cal       calendar // for small worlds
	processed uint64
}

// mode selects a Sim's future event set.
type mode uint8

const (
	modeWheel mode = iota
	modeHeap
	modeCalendar
)

// NewReference returns an empty simulation whose future event set is a
// plain heap: slower, obviously correct, and the reference the fast
// engines are tested against.
func NewReference() *Sim { return &Sim{mode: modeHeap} }

// NewSmall returns an empty simulation for worlds of at most a few
// thousand pending events: its future event set is a calendar of hour
// buckets, faster than the wheel or a heap at that size.
func NewSmall() *Sim { return &Sim{mode: modeCalendar} }

// Reset empties s and sets its clock back to 0, keeping its storage (and
// its kind of future event set), so that one Sim can run many small
// simulations without allocating again.
func (s *Sim) Reset() {
	s.now, s.seq, s.processed = 0, 0, 0
	s.heap.items = s.heap.items[:0]
	s.cal.reset()
	s.wheel.reset()
}

// Now returns the current virtual time: the time of the event being handled,
// or the horizon of the last Run once it has returned.
func (s *Sim) Now() Time { return s.now }

// Pending returns the number of events scheduled but not yet run.
func (s *Sim) Pending() int {
	switch s.mode {
	case modeHeap:
		return s.heap.Len()
	case modeCalendar:
		return s.cal.len()
	}
	return s.wheel.len()
}

// Processed returns the number of events run so far.
func (s *Sim) Processed() uint64 { return s.processed }

// Schedule adds an event at time at. Scheduling in the past, or more than
// 2³² seconds (136 years) after the start, is a programming error and
// panics: the model must never do it, whatever the input.
// The complexity is O(1) for events less than about 12 days ahead, and
// O(log n) for later ones, where n is the number of those.
func (s *Sim) Schedule(at Time, kind Kind, arg int32) {
	if at < s.now || at > maxTime {
		panic(fmt.Sprintf("engine: event kind %d scheduled at %d, before now (%d) or after 2^32 s", kind, at, s.now))
	}
	if s.seq > maxTime {
		s.renumber()
	}
	ev := Event{At: at, Kind: kind, Arg: arg, seq: s.seq}
	s.seq++
	switch s.mode {
	case modeHeap:
		s.heap.Push(ev)
	case modeCalendar:
		s.cal.push(itemOf(ev))
	default:
		s.wheel.push(ev)
	}
}

// renumber gives the queued events fresh sequence numbers in their order,
// before the counter would pass 32 bits (see queue).
func (s *Sim) renumber() {
	switch s.mode {
	case modeHeap:
		s.seq = s.heap.renumber()
	case modeCalendar:
		s.seq = s.cal.renumber()
	default:
		s.seq = s.wheel.far.renumber() // the buckets keep order without numbers
	}
}

// Run hands every event with At <= until to h, in (At, scheduling order),
// including events that handlers schedule while it runs. The horizon is
// inclusive: an event exactly at until runs. Events after until stay queued,
// so Run can be called again with a later horizon to continue. When Run
// returns, Now is until (if until is not before the current time).
func (s *Sim) Run(until Time, h Handler) {
	switch s.mode {
	case modeHeap:
		for s.heap.Len() > 0 && s.heap.Peek().At <= until {
			ev := s.heap.Pop()
			s.now = ev.At
			s.processed++
			h.Handle(ev)
		}
	case modeCalendar:
		for {
			it, ok := s.cal.next(until)
			if !ok {
				break
			}
			ev := it.event()
			s.now = ev.At
			s.processed++
			h.Handle(ev)
		}
	default:
		s.runWheel(until, h)
	}
	if until > s.now {
		s.now = until
	}
}

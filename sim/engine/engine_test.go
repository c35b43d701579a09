package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

type logEntry struct {
	At   Time
	Kind Kind
	Arg  int32
}

// engines are the three future event sets (timing wheel, 4-ary heap,
// calendar); every test runs on each.
var engines = []struct {
	name string
	new  func() *Sim
}{
	{"wheel", func() *Sim { return &Sim{} }},
	{"heap", NewReference},
	{"calendar", NewSmall},
}

func forEngines(t *testing.T, f func(t *testing.T, s *Sim)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { f(t, e.new()) })
	}
}

func recorder(log *[]logEntry) Handler {
	return HandlerFunc(func(ev Event) { *log = append(*log, logEntry{ev.At, ev.Kind, ev.Arg}) })
}

func TestRunOrder(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		// Scheduled out of time order, with ties at 5 and 10.
		s.Schedule(10, 0, 1)
		s.Schedule(5, 0, 2)
		s.Schedule(10, 0, 3)
		s.Schedule(0, 0, 4)
		s.Schedule(5, 0, 5)
		var log []logEntry
		s.Run(100, recorder(&log))
		want := []logEntry{{0, 0, 4}, {5, 0, 2}, {5, 0, 5}, {10, 0, 1}, {10, 0, 3}}
		if !slices.Equal(log, want) {
			t.Fatalf("log=%v, want %v", log, want)
		}
		if s.Now() != 100 {
			t.Fatalf("Now()=%d after Run(100), want 100", s.Now())
		}
	})
}

func TestRunHorizonInclusive(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		for _, at := range []Time{9, 10, 11} {
			s.Schedule(at, 0, int32(at))
		}
		var log []logEntry
		s.Run(10, recorder(&log))
		if len(log) != 2 || log[1].At != 10 {
			t.Fatalf("Run(10) ran %v, want events at 9 and 10: the horizon is inclusive", log)
		}
		if s.Pending() != 1 {
			t.Fatalf("Pending()=%d, want 1", s.Pending())
		}
		s.Run(20, recorder(&log))
		if len(log) != 3 || log[2].At != 11 {
			t.Fatalf("second Run ran %v, want the event at 11 too", log)
		}
		if s.Processed() != 3 || s.Pending() != 0 {
			t.Fatalf("Processed()=%d Pending()=%d, want 3 and 0", s.Processed(), s.Pending())
		}
	})
}

// Events scheduled by a handler at the current time run after those already
// queued for that time, and within the same Run.
func TestScheduleFromHandler(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		s.Schedule(0, 1, 0)
		s.Schedule(0, 2, 0)
		var log []Kind
		s.Run(0, HandlerFunc(func(ev Event) {
			log = append(log, ev.Kind)
			if ev.Kind == 1 {
				s.Schedule(s.Now(), 3, 0)
			}
		}))
		if !slices.Equal(log, []Kind{1, 2, 3}) {
			t.Fatalf("log=%v, want [1 2 3]", log)
		}
	})
}

func TestSchedulePastPanics(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		s.Schedule(10, 0, 0)
		s.Run(10, HandlerFunc(func(Event) {}))
		defer func() {
			if recover() == nil {
				t.Fatal("Schedule before Now did not panic")
			}
		}()
		s.Schedule(9, 0, 0)
	})
}

// Both engines agree with a stable sort by time on any input, including
// events far beyond the wheel's span.
func TestMatchesStableSort(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		r := rand.New(rand.NewPCG(1, 2))
		var want []logEntry
		for i := range 5000 {
			at := Time(r.IntN(300))
			if i%3 == 0 {
				at = Time(r.Int64N(int64(60 * Day)))
			}
			s.Schedule(at, 0, int32(i))
			want = append(want, logEntry{at, 0, int32(i)})
		}
		slices.SortStableFunc(want, func(a, b logEntry) int { return int(a.At - b.At) })
		var got []logEntry
		s.Run(100*Day, recorder(&got))
		if !slices.Equal(got, want) {
			t.Fatal("events did not run in (time, scheduling order)")
		}
	})
}

// The wheel and the calendar run exactly the events of the reference heap
// in exactly its order, whatever handlers schedule: ties at the same
// second, events near, at and beyond their spans, runs resumed at many
// horizons.
func TestMatchesReference(t *testing.T) {
	for seed := range uint64(20) {
		run := func(s *Sim) []logEntry {
			r := rand.New(rand.NewPCG(seed, 99))
			var log []logEntry
			h := HandlerFunc(func(ev Event) {
				log = append(log, logEntry{ev.At, ev.Kind, ev.Arg})
				if len(log) > 20_000 {
					return
				}
				for range 1 + r.IntN(2) {
					var d Time
					switch r.IntN(7) {
					case 5:
						d = calendarSpan - 1 + Time(r.IntN(3)) // the calendar's edge
					case 0:
						d = 0
					case 1:
						d = Time(r.IntN(10))
					case 2:
						d = 2 * Hour
					case 3:
						d = Week + Time(r.IntN(100))
					case 4:
						d = wheelSize - 1 + Time(r.IntN(3)) // at the edge of the span
					default:
						d = Time(r.Int64N(int64(200 * Day)))
					}
					s.Schedule(ev.At+d, Kind(r.IntN(4)), ev.Arg+1)
				}
			})
			for i := range 50 {
				s.Schedule(Time(r.IntN(int(Day))), 0, int32(i*1000))
			}
			for until := Time(0); until <= 400*Day; until += Time(1 + r.Int64N(int64(3*Day))) {
				s.Run(until, h)
				if s.Now() != until {
					t.Fatalf("Now()=%d after Run(%d)", s.Now(), until)
				}
			}
			return log
		}
		want := run(NewReference())
		if len(want) < 1000 {
			t.Fatalf("seed %d: only %d events", seed, len(want))
		}
		for _, e := range engines[:3] {
			got := run(e.new())
			if !slices.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("seed %d: %s and heap differ at event %d of %d/%d", seed, e.name, i, len(got), len(want))
			}
		}
	}
}

// A second that holds more events than a wheel's bucket keeps in itself
// runs them in scheduling order, including events that its own handlers
// add at that second while it is read, before and after the bucket's
// inline events are used up; and the bucket serves again a turn of the
// wheel later. Checked against the heap, for bursts of 1 to 12 events.
func TestBursts(t *testing.T) {
	for burst := 1; burst <= 12; burst++ {
		run := func(s *Sim) []logEntry {
			var log []logEntry
			h := HandlerFunc(func(ev Event) {
				log = append(log, logEntry{ev.At, ev.Kind, ev.Arg})
				switch {
				case ev.Kind == 0 && ev.Arg%3 == 0:
					s.Schedule(ev.At, 1, ev.Arg+100) // at this second, while it runs
				case ev.Kind == 0 && ev.Arg%3 == 1 && ev.At < 3*wheelSize:
					s.Schedule(ev.At+wheelSize, 0, ev.Arg) // the same bucket, a turn later
				}
			})
			for second := range Time(3) {
				for i := range burst {
					s.Schedule(10+second, 0, int32(i))
				}
			}
			s.Run(4*wheelSize, h)
			return log
		}
		want := run(NewReference())
		for _, e := range engines {
			if got := run(e.new()); !slices.Equal(got, want) {
				t.Errorf("burst of %d: %s ran\n%v\nwant\n%v", burst, e.name, got, want)
			}
		}
	}
}

// A simulation with nothing scheduled runs to its horizon without
// allocating a wheel, and events scheduled afterwards run at their times.
func TestRunEmpty(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		s.Run(20*Day, recorder(new([]logEntry)))
		if s.Now() != 20*Day {
			t.Fatalf("Now()=%d after an empty Run(20 days)", s.Now())
		}
		if s.wheel.buckets != nil {
			t.Fatal("an empty run allocated the wheel")
		}
		var log []logEntry
		s.Schedule(20*Day+5, 1, 7)
		s.Schedule(40*Day, 2, 8) // beyond the wheel's span from the horizon
		s.Run(50*Day, recorder(&log))
		want := []logEntry{{20*Day + 5, 1, 7}, {40 * Day, 2, 8}}
		if !slices.Equal(log, want) {
			t.Fatalf("ran %v, want %v", log, want)
		}
	})
}

// BenchmarkEngine measures the future event set alone in a steady state of
// 10⁶ pending events, each rescheduling itself a week and a bit later, as
// renewing clients do (5% retry after 2 hours). The calendar is left out:
// it is for small worlds (BenchmarkSmall), and with 10⁶ events its sorted
// buckets would hold thousands each.
func BenchmarkEngine(b *testing.B) {
	for _, e := range engines[:2] {
		b.Run(e.name, func(b *testing.B) {
			const pending = 1_000_000
			s := e.new()
			r := rand.New(rand.NewPCG(1, 1))
			for i := range pending {
				s.Schedule(Time(r.IntN(int(Week))), 0, int32(i))
			}
			h := HandlerFunc(func(ev Event) {
				if ev.Arg%20 == 0 {
					s.Schedule(ev.At+2*Hour, 0, ev.Arg+1)
				} else {
					s.Schedule(ev.At+Week+Time(ev.Arg%7200), 0, ev.Arg+1)
				}
			})
			b.ReportAllocs()
			b.ResetTimer()
			start := s.Processed()
			for s.Processed()-start < uint64(b.N) {
				s.Run(s.Now()+Hour, h)
			}
			b.ReportMetric(float64(s.Processed()-start)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// Sequence numbers are 32 bits in the heap's keys; when the counter is
// about to pass that, the queued events are renumbered in order, and ties
// keep running in scheduling order.
func TestSequenceWrap(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		s.seq = maxTime - 2
		var want []logEntry
		for i := range 10 {
			at := Time(100)
			if i%2 == 1 {
				at = 40 * Day // beyond the wheel's span: in its heap
			}
			s.Schedule(at, 0, int32(i))
			want = append(want, logEntry{at, 0, int32(i)})
		}
		if s.seq > 20 {
			t.Fatalf("seq=%d after the wrap, want renumbered", s.seq)
		}
		slices.SortStableFunc(want, func(a, b logEntry) int { return int(a.At - b.At) })
		var got []logEntry
		s.Run(50*Day, recorder(&got))
		if !slices.Equal(got, want) {
			t.Fatalf("order after renumbering %v, want %v", got, want)
		}
	})
}

// A Sim that is Reset runs a new simulation exactly like a new Sim, even
// when the old one left events pending, near and far (beyond the wheel's
// span).
func TestReset(t *testing.T) {
	forEngines(t, func(t *testing.T, s *Sim) {
		fill := func(s *Sim, until Time) []logEntry {
			for i := range 100 {
				s.Schedule(Time(i%7)*Day+Time(i), 1, int32(i))
				if i%10 == 0 {
					s.Schedule(30*Day+Time(i)*Hour, 2, int32(i))
				}
			}
			var log []logEntry
			s.Run(until, recorder(&log))
			return log
		}
		first := fill(s, 3*Day)
		s.Reset()
		if s.Now() != 0 || s.Pending() != 0 || s.Processed() != 0 {
			t.Fatalf("after Reset: Now=%d Pending=%d Processed=%d", s.Now(), s.Pending(), s.Processed())
		}
		if again := fill(s, 3*Day); !slices.Equal(again, first) {
			t.Fatal("a Reset Sim ran differently")
		}
		s.Reset()
		fresh := &Sim{mode: s.mode}
		if got, want := fill(s, 40*Day), fill(fresh, 40*Day); !slices.Equal(got, want) || len(got) != 110 {
			t.Fatalf("a Reset Sim ran %d events differently from a new one's %d", len(got), len(want))
		}
	})
}

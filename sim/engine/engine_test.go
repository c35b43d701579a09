package engine

import (
	"math/rand/v2"
	"slices"
	"testing"
)

type logEntry struct {
	At  Time
	Arg int32
}

func TestRunOrder(t *testing.T) {
	var s Sim
	// Scheduled out of time order, with ties at 5 and 10.
	s.Schedule(10, 0, 1)
	s.Schedule(5, 0, 2)
	s.Schedule(10, 0, 3)
	s.Schedule(0, 0, 4)
	s.Schedule(5, 0, 5)
	var log []logEntry
	s.Run(100, HandlerFunc(func(ev Event) { log = append(log, logEntry{ev.At, ev.Arg}) }))
	want := []logEntry{{0, 4}, {5, 2}, {5, 5}, {10, 1}, {10, 3}}
	if !slices.Equal(log, want) {
		t.Fatalf("log=%v, want %v", log, want)
	}
	if s.Now() != 100 {
		t.Fatalf("Now()=%d after Run(100), want 100", s.Now())
	}
}

func TestRunHorizonInclusive(t *testing.T) {
	var s Sim
	for _, at := range []Time{9, 10, 11} {
		s.Schedule(at, 0, int32(at))
	}
	var got []Time
	h := HandlerFunc(func(ev Event) { got = append(got, ev.At) })
	s.Run(10, h)
	if !slices.Equal(got, []Time{9, 10}) {
		t.Fatalf("Run(10) ran %v, want [9 10]: the horizon is inclusive", got)
	}
	if s.Pending() != 1 {
		t.Fatalf("Pending()=%d, want 1", s.Pending())
	}
	s.Run(20, h)
	if !slices.Equal(got, []Time{9, 10, 11}) {
		t.Fatalf("second Run ran %v, want [9 10 11]", got)
	}
	if s.Processed() != 3 {
		t.Fatalf("Processed()=%d, want 3", s.Processed())
	}
}

// Events scheduled by a handler at the current time run after those already
// queued for that time, and within the same Run.
func TestScheduleFromHandler(t *testing.T) {
	var s Sim
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
}

func TestSchedulePastPanics(t *testing.T) {
	var s Sim
	s.Schedule(10, 0, 0)
	s.Run(10, HandlerFunc(func(Event) {}))
	defer func() {
		if recover() == nil {
			t.Fatal("Schedule before Now did not panic")
		}
	}()
	s.Schedule(9, 0, 0)
}

// The heap must agree with a stable sort by time on any input.
func TestQueueMatchesStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s Sim
	var want []logEntry
	for i := range 5000 {
		at := Time(r.IntN(300))
		s.Schedule(at, 0, int32(i))
		want = append(want, logEntry{at, int32(i)})
	}
	slices.SortStableFunc(want, func(a, b logEntry) int { return int(a.At - b.At) })
	var got []logEntry
	s.Run(1000, HandlerFunc(func(ev Event) { got = append(got, logEntry{ev.At, ev.Arg}) }))
	if !slices.Equal(got, want) {
		t.Fatal("events did not run in (time, scheduling order)")
	}
}

func BenchmarkEngine(b *testing.B) {
	// A steady state of 10⁵ pending events, each rescheduling itself a
	// pseudo-random time later, as clients renewing do.
	const pending = 100_000
	var s Sim
	r := rand.New(rand.NewPCG(1, 1))
	for i := range pending {
		s.Schedule(Time(r.IntN(int(Week))), 0, int32(i))
	}
	h := HandlerFunc(func(ev Event) { s.Schedule(ev.At+Week+Time(ev.Arg%7200), 0, ev.Arg) })
	b.ResetTimer()
	for s.Processed() < uint64(b.N) {
		s.Run(s.Now()+Hour, h)
	}
	b.ReportMetric(float64(s.Processed())/b.Elapsed().Seconds(), "events/s")
}

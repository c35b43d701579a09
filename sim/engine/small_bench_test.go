package engine

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSmallHeap measures the heap with 256 pending events, the size
// of one component of a large run: renewals a week and a bit ahead, 5%
// retries after 2 hours. The simulation starts over every 50 virtual
// years, outside the timer, to stay within the engine's 2³² seconds.
func BenchmarkSmallHeap(b *testing.B) {
	var s *Sim
	var h Handler
	start := func() {
		s = NewReference()
		r := rand.New(rand.NewPCG(1, 1))
		for i := range 256 {
			s.Schedule(Time(r.IntN(int(Week))), 0, int32(i))
		}
		h = HandlerFunc(func(ev Event) {
			if ev.Arg%20 == 0 {
				s.Schedule(ev.At+2*Hour, 0, ev.Arg+1)
			} else {
				s.Schedule(ev.At+Week+Time(ev.Arg%7200), 0, ev.Arg+1)
			}
		})
	}
	start()
	done := uint64(0)
	b.ResetTimer()
	for done < uint64(b.N) {
		if s.Now() > 50*365*Day {
			b.StopTimer()
			start()
			b.StartTimer()
		}
		before := s.Processed()
		s.Run(s.Now()+Day, h)
		done += s.Processed() - before
	}
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "events/s")
}

package engine

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSmall measures the engines with 256 pending events, the size
// of one component of a large run: renewals a week and a bit ahead, 5%
// retries after 2 hours. The simulation starts over every 50 virtual
// years, outside the timer, to stay within the engine's 2³² seconds.
func BenchmarkSmall(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { benchSmall(b, e.new) })
	}
}

func benchSmall(b *testing.B, newSim func() *Sim) {
	var s *Sim
	var h Handler
	start := func() {
		s = newSim()
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

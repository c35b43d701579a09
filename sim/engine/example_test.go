package engine_test

import (
	"fmt"

	"github.com/kmssim/kmssim/sim/engine"
)

// A process that wakes every 2 hours, run until a 6-hour horizon. The event
// exactly at the horizon runs.
func ExampleSim_Run() {
	var s engine.Sim
	s.Schedule(0, 0, 0)
	s.Run(6*engine.Hour, engine.HandlerFunc(func(ev engine.Event) {
		fmt.Println("wake at", ev.At/engine.Hour, "h")
		s.Schedule(ev.At+2*engine.Hour, 0, 0)
	}))
	// Output:
	// wake at 0 h
	// wake at 2 h
	// wake at 4 h
	// wake at 6 h
}

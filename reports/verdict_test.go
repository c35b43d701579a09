package reports

import (
	"testing"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// The red verdict leads with the earliest harm, names a count that never
// reached its threshold when none fell, and says the silent machines
// apart, colouring nothing with them.
func TestPlanVerdictSentences(t *testing.T) {
	const day = engine.Time(86400)
	lapse := func(at engine.Time) sim.Milestone {
		return sim.Milestone{At: at, Kind: sim.MilestoneFirstExpiry, Product: "windows-10"}
	}
	blackAt := func(at engine.Time) sim.Milestone {
		return sim.Milestone{At: at, Kind: sim.MilestoneFirstNotification, Product: "windows-10"}
	}
	pool := func(peak int32, thresholds ...int) []sim.PoolSeries {
		return []sim.PoolSeries{{Pool: "windows", Thresholds: thresholds, Steps: []sim.Step{{At: 0, Value: peak}}}}
	}
	black := func(n int) []sim.ProductSeries { // n in notification at the end
		var ps sim.ProductSeries
		ps.Clients[sim.Notification] = []int32{int32(n)}
		return []sim.ProductSeries{ps}
	}
	silent := []sim.MachineFate{
		{Name: "a", Silent: true, Woke: -1, Lapse: 3 * day, Notification: 33 * day, Retired: -1, End: sim.Notification},
		{Name: "b", Silent: true, Woke: -1, Lapse: 4 * day, Notification: -1, Retired: -1, End: sim.OutOfToleranceGrace},
		{Name: "c", Woke: -1, Lapse: 10 * day, Notification: -1, Retired: -1, End: sim.OutOfToleranceGrace},
		// Silent, black from the start, retired: its black desktop is not
		// at the end; and one woken by a re-image before it lapsed.
		{Name: "d", Silent: true, Woke: -1, Start: sim.Notification, Lapse: -1, Notification: -1, Retired: 5 * day, End: sim.Absent},
		{Name: "e", Silent: true, Woke: 1 * day, Lapse: 181 * day, Notification: -1, Retired: -1, End: sim.OutOfToleranceGrace},
	}
	tests := []struct {
		name  string
		res   sim.Result
		level Level
		want  string
		black int // notification_at_end: machines in use
	}{
		{"lapses", sim.Result{Totals: sim.Counters{Expiries: 3}, Milestones: []sim.Milestone{lapse(10 * day)}}, Red,
			"3 machines lose activation from day 10.00; no count falls below its threshold; act before day 10.00", 0},
		{"lapse before black", sim.Result{Totals: sim.Counters{Expiries: 1}, Milestones: []sim.Milestone{lapse(10 * day), blackAt(40 * day)}}, Red,
			"1 machine loses its activation from day 10.00; no count falls below its threshold; act before day 10.00", 0},
		{"black before lapses", sim.Result{Totals: sim.Counters{Expiries: 2}, Milestones: []sim.Milestone{blackAt(5 * day), lapse(10 * day)},
			Hosts: []sim.HostSeries{{Name: "kms2", Pools: pool(6, 5, 25)}, {Name: "kms3", Pools: pool(2, 25)}}}, Red,
			"Machines go into notification (a black desktop) from day 5.00, and 2 machines lose activation from day 10.00; kms2's count never reaches 25 (6 at most) (and 1 other count); act before day 5.00", 0},
		{"a count nobody asked", sim.Result{Milestones: []sim.Milestone{blackAt(5 * day)}, Hosts: []sim.HostSeries{{Name: "kms2", Pools: pool(0)}}}, Red,
			"Machines go into notification (a black desktop) from day 5.00; no count falls below its threshold; act before day 5.00", 0},
		{"silent only", sim.Result{Totals: sim.Counters{Expiries: 2}, Machines: silent[:2], Products: black(1)}, Green,
			"No machine in use loses activation and no count falls below its threshold within the run; 2 silent machines (not heard for longer than the count window, so retired or away: the log cannot tell) lose activation from day 3.00", 0},
		// e woke on day 1 (a re-image) and lapsed in use: its lapse counts.
		{"silent and in use", sim.Result{Totals: sim.Counters{Expiries: 4}, Machines: silent, Products: black(1), Milestones: []sim.Milestone{lapse(10 * day)}}, Red,
			"2 machines lose activation from day 10.00; no count falls below its threshold; act before day 10.00; 2 silent machines (not heard for longer than the count window, so retired or away: the log cannot tell) lose activation from day 3.00", 0},
	}
	for _, tt := range tests {
		v := planVerdict(&tt.res)
		if v.Level != tt.level || v.Sentence != tt.want || v.Black != tt.black {
			t.Errorf("%s: %s: %s (%d black at the end)\nwant %s: %s (%d)", tt.name, v.Level, v.Sentence, v.Black, tt.level, tt.want, tt.black)
		}
	}
}

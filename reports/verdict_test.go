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
	black := func(at engine.Time) sim.Milestone {
		return sim.Milestone{At: at, Kind: sim.MilestoneFirstNotification, Product: "windows-10"}
	}
	pool := func(peak int32) []sim.PoolSeries {
		return []sim.PoolSeries{{Pool: "windows", Thresholds: []int{25}, Steps: []sim.Step{{At: 0, Value: peak}}}}
	}
	silent := []sim.MachineFate{
		{Name: "a", Silent: true, Lapse: 3 * day, Notification: 33 * day, Retired: -1},
		{Name: "b", Silent: true, Lapse: 4 * day, Notification: -1, Retired: -1},
		{Name: "c", Lapse: 10 * day, Notification: -1, Retired: -1},
	}
	tests := []struct {
		name  string
		res   sim.Result
		level Level
		want  string
	}{
		{"lapses", sim.Result{Totals: sim.Counters{Expiries: 3}, Milestones: []sim.Milestone{lapse(10 * day)}}, Red,
			"3 machines lose activation from day 10.00; no count falls below its threshold; act before day 10.00"},
		{"lapse before black", sim.Result{Totals: sim.Counters{Expiries: 1}, Milestones: []sim.Milestone{lapse(10 * day), black(40 * day)}}, Red,
			"1 machine loses its activation from day 10.00; no count falls below its threshold; act before day 10.00"},
		{"black before lapses", sim.Result{Totals: sim.Counters{Expiries: 2}, Milestones: []sim.Milestone{black(5 * day), lapse(10 * day)},
			Hosts: []sim.HostSeries{{Name: "kms2", Pools: pool(6)}, {Name: "kms3", Pools: pool(2)}}}, Red,
			"Machines go into notification (a black desktop) from day 5.00, and 2 machines lose activation from day 10.00; kms2's count never reaches 25 (6 at most) (and 1 other count); act before day 5.00"},
		{"a count nobody asked", sim.Result{Milestones: []sim.Milestone{black(5 * day)}, Hosts: []sim.HostSeries{{Name: "kms2", Pools: pool(0)}}}, Red,
			"Machines go into notification (a black desktop) from day 5.00; no count falls below its threshold; act before day 5.00"},
		{"silent only", sim.Result{Totals: sim.Counters{Expiries: 2}, Machines: silent[:2]}, Green,
			"No machine loses activation and no count falls below its threshold within the run; 2 silent machines not heard for longer than the count window (retired or away) lose activation from day 3.00"},
		{"silent and in use", sim.Result{Totals: sim.Counters{Expiries: 3}, Machines: silent, Milestones: []sim.Milestone{lapse(10 * day)}}, Red,
			"1 machine loses its activation from day 10.00; no count falls below its threshold; act before day 10.00; 2 silent machines not heard for longer than the count window (retired or away) lose activation from day 3.00"},
	}
	for _, tt := range tests {
		v := planVerdict(&tt.res)
		if v.Level != tt.level || v.Sentence != tt.want {
			t.Errorf("%s: %s: %s\nwant %s: %s", tt.name, v.Level, v.Sentence, tt.level, tt.want)
		}
	}
}

// Package forecast simulates the fleet that the hosts' logs tell
// (eventlog.State) forward from its moment and says, per host count and
// per machine, when the next thing a planner must act on happens: the
// count falls below its threshold (K23, K28), the activation lapses (K7).
// Beside the runs, which take an overdue machine as coming back, it reads
// a pessimistic forecast off the state (Pools): when each count falls if
// its overdue machines never return (K6, K11). It writes the forecast as
// Prometheus metrics for node_exporter's textfile collector (metrics.go),
// and the backtest scores it against what a log went on to show.
package forecast

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// Never is the time of an event that did not happen within the horizon.
const Never = -1

// Options tune Run.
type Options struct {
	// Horizon is how far the forecast looks from the state's moment.
	// Default 365d.
	Horizon scenarios.Duration
	// Replications is how many runs make the forecast, each with its own
	// seed (batch.Seeds); default 1.
	Replications int
	// Seed is the first run's seed; default 1, as kmssim import writes.
	Seed uint64
}

// Forecast is what the runs of a fleet's state say will happen within
// the horizon.
type Forecast struct {
	// At is the moment the forecast starts from: the state's.
	At      time.Time
	Horizon scenarios.Duration
	Seeds   []uint64 // one per replication
	Pools   []Pool
	// Machines are the machine licences of the state, in its order.
	Machines []Machine
}

// Pool is one count of one host (K12): where it stands at the moment and
// when each run saw it fall below its threshold.
type Pool struct {
	Host string
	Pool scenarios.Pool
	// Count is the count at the moment (K10): the CMIDs the host heard
	// within the count window, 0 when none did. (A pool no client asked
	// for, K14's -1, has no table and so no Pool.)
	Count int
	// Threshold is the highest minimum count its clients asked for: the
	// one below which the clients that need most fail (K13, K28).
	Threshold int
	// Below is, per run, when the count is first below Threshold, in
	// seconds from At: 0 when it is below already, Never when it stays
	// at or above it through the horizon.
	Below Times
	// Overdue counts the CMIDs of the count that no machine asking on
	// time asks this host with: machines overdue for their renewal (K6)
	// yet heard within the count window (K10), which the runs take as
	// coming back.
	Overdue int
	// IfOverdueLeave is the pessimistic forecast: when the count falls
	// below Threshold if the Overdue never ask again, each dropping out
	// a count window after its latest request (K11), in seconds from At;
	// 0 when it is below already, Never when it stays at or above it.
	// It needs no run: Pools reads it off the state.
	IfOverdueLeave int64
}

// Machine is one machine licence: its state at the moment and when each
// run saw its activation lapse.
type Machine struct {
	Name    string
	Product scenarios.Product
	Host    string
	State   string // at the moment, one of scenarios.MachineStates
	// Silent: the log last heard it longer ago than the count window; it
	// asks no more (retired or away, the log cannot tell).
	Silent bool
	// Lapse is, per run, when its activation lapses (K7) in seconds from
	// At, Never when it does not within the horizon or it is not
	// licensed at the moment.
	Lapse Times
	// Black is, per run, when a machine not activated at the moment (in
	// a grace) goes into notification, a black desktop (K3), in seconds
	// from At; Never when it does not within the horizon, or it is
	// licensed (its Lapse comes first) or in notification already.
	Black Times
}

// Run simulates st forward over o.Horizon, o.Replications times, and
// returns what happened to each count and machine licence. It writes the
// scenario of st as kmssim import does into a scratch directory and
// loads it from there, so the runs are those kmssim run makes of the
// import.
func Run(ctx context.Context, st *eventlog.State, o Options) (*Forecast, error) {
	o.Horizon = cmp.Or(o.Horizon, 365*scenarios.Day)
	o.Replications = max(o.Replications, 1)
	o.Seed = cmp.Or(o.Seed, 1)
	scn, err := Scenario(st, o.Horizon)
	if err != nil {
		return nil, err
	}
	f := &Forecast{At: st.At, Horizon: o.Horizon, Seeds: batch.Seeds(o.Seed, o.Replications)}
	f.Pools = Pools(st)
	poolIndex := map[[2]string]int{}
	for i, p := range f.Pools {
		poolIndex[[2]string{p.Host, string(p.Pool)}] = i
	}
	machineIndex := map[[2]string]int{}
	for _, m := range st.Machines {
		machineIndex[[2]string{m.Name, string(m.Product)}] = len(f.Machines)
		f.Machines = append(f.Machines, Machine{Name: m.Name, Product: m.Product, Host: m.Host, State: m.State, Silent: m.Silent})
	}
	for k, seed := range f.Seeds {
		res, err := sim.RunContext(ctx, scn, sim.Options{Seed: seed})
		if err != nil {
			return nil, fmt.Errorf("forecast: run %d of %d: %w", k+1, len(f.Seeds), err)
		}
		for i := range f.Pools {
			f.Pools[i].Below = append(f.Pools[i].Below, Never)
		}
		for i := range f.Machines {
			f.Machines[i].Lapse = append(f.Machines[i].Lapse, Never)
			f.Machines[i].Black = append(f.Machines[i].Black, Never)
		}
		for _, h := range res.Hosts {
			for _, p := range h.Pools {
				i, ok := poolIndex[[2]string{h.Name, string(p.Pool)}]
				if !ok {
					continue
				}
				f.Pools[i].Below[k] = below(&p, f.Pools[i].Count, f.Pools[i].Threshold)
			}
		}
		for _, m := range res.Machines {
			i, ok := machineIndex[[2]string{m.Name, string(m.Product)}]
			if !ok {
				continue
			}
			switch state := f.Machines[i].State; {
			case m.Lapse >= 0 && state == "licensed":
				f.Machines[i].Lapse[k] = int64(m.Lapse)
			case m.Notification >= 0 && state != "licensed" && state != "notification":
				f.Machines[i].Black[k] = int64(m.Notification)
			}
		}
	}
	return f, nil
}

// below returns when the count of p is first below threshold: 0 when the
// count at the start (start) is, else the first step under it, or Never.
// Only the value after every event of a second counts, as for sim.Check.
func below(p *sim.PoolSeries, start, threshold int) int64 {
	if start < threshold {
		return 0
	}
	for i, s := range p.Steps {
		if s.Value >= int32(threshold) || i+1 < len(p.Steps) && p.Steps[i+1].At == s.At {
			continue
		}
		if s.At <= 0 {
			return 0
		}
		return int64(s.At)
	}
	return Never
}

// Scenario returns st as the scenario kmssim import writes, forecasting
// over horizon: written with eventlog.WriteScenario and WriteFleet into a
// scratch directory and loaded from there, as kmssim run loads it.
func Scenario(st *eventlog.State, horizon scenarios.Duration) (*scenarios.Valid, error) {
	dir, err := os.MkdirTemp("", "kmssim-forecast-")
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	defer os.RemoveAll(dir)
	write := func(name string, fn func(*os.File) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	sample := min(scenarios.Day, horizon)
	if err := write("scenario.yaml", func(f *os.File) error {
		return eventlog.WriteScenario(f, st, eventlog.ScenarioOptions{Name: "forecast", Duration: horizon, Sample: sample})
	}); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	if err := write(eventlog.FleetFile, func(f *os.File) error { return eventlog.WriteFleet(f, st) }); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	scn, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		return nil, fmt.Errorf("forecast: the imported scenario does not load: %w", err)
	}
	return scn, nil
}

// Times are the times of one event in each run of a forecast, in seconds
// from its moment, Never where it did not happen within the horizon.
type Times []int64

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of t by the nearest rank,
// a Never counting as later than every time: Never when that rank did not
// see the event.
func (t Times) Quantile(q float64) int64 {
	if len(t) == 0 {
		return Never
	}
	s := slices.Clone(t)
	slices.SortFunc(s, compareTimes)
	i := int(q*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// Median returns the median of t (Quantile 0.5).
func (t Times) Median() int64 { return t.Quantile(0.5) }

// Interval returns the central share of t (0.8: from the 10th to the
// 90th percentile), each end Never when that rank did not see the event.
func (t Times) Interval(share float64) (lo, hi int64) {
	return t.Quantile((1 - share) / 2), t.Quantile((1 + share) / 2)
}

// Within reports whether the median run saw the event within d of the
// moment.
func (t Times) Within(d scenarios.Duration) bool {
	m := t.Median()
	return m != Never && m <= int64(d)
}

// compareTimes orders times with Never last.
func compareTimes(a, b int64) int {
	switch {
	case a == b:
		return 0
	case a == Never:
		return 1
	case b == Never:
		return -1
	}
	return cmp.Compare(a, b)
}

// Later reports whether a is later than b, Never being later than every
// time.
func Later(a, b int64) bool { return compareTimes(a, b) > 0 }

// Warnings return what the forecast sees happen within d: each count
// that is below its threshold already or falls below it, on the earlier
// of the median run's time and the pessimistic one (Pool.IfOverdueLeave),
// saying which; each product's licensed machines that lapse by the
// median run; and each product's machines not activated now that go
// into notification (a black desktop) by it. Silent machines are left
// out (the log says they are gone: K11). Empty when nothing does.
func (f *Forecast) Warnings(d scenarios.Duration) []string {
	var out []string
	for _, p := range f.Pools {
		if w := f.poolWarning(p, d); w != "" {
			out = append(out, w)
		}
	}
	out = append(out, f.machineWarnings(d, func(m *Machine) Times { return m.Lapse }, "loses its activation", "lose their activation")...)
	return append(out, f.machineWarnings(d, func(m *Machine) Times { return m.Black }, "not activated now goes into notification (a black desktop)", "not activated now go into notification (a black desktop)")...)
}

// machineWarnings says, per product, how many machines in use the median
// run sees do what (one, many) within d, by the times of each that when
// gives, and the first when.
func (f *Forecast) machineWarnings(d scenarios.Duration, when func(*Machine) Times, one, many string) []string {
	n := map[scenarios.Product]int{}
	first := map[scenarios.Product]int64{}
	for i := range f.Machines {
		m := &f.Machines[i]
		if m.Silent || !when(m).Within(d) {
			continue
		}
		t := when(m).Median()
		if n[m.Product] == 0 || t < first[m.Product] {
			first[m.Product] = t
		}
		n[m.Product]++
	}
	var out []string
	for _, p := range scenarios.Products {
		if n[p] > 0 {
			out = append(out, fmt.Sprintf("%s of %s %s within %s, the first on %s", words.Plural(n[p], "machine"), p, words.Choose(n[p], one, many), d, f.date(first[p])))
		}
	}
	return out
}

// poolWarning returns the warning of count p within d, or "".
func (f *Forecast) poolWarning(p Pool, d scenarios.Duration) string {
	name := fmt.Sprintf("%s's %s count", p.Host, p.Pool)
	sim, pes := p.Below.Median(), p.IfOverdueLeave
	if p.Overdue == 0 {
		pes = Never
	}
	switch {
	case p.Count < p.Threshold || sim == 0:
		return fmt.Sprintf("%s is %d, below its threshold %d", name, p.Count, p.Threshold)
	case pes != Never && pes <= int64(d) && Later(sim, pes):
		runs := "no fall within " + f.Horizon.String()
		if sim != Never {
			runs = "the fall on " + f.date(sim)
		}
		return fmt.Sprintf("%s falls below %d on %s if its %s do not return (the runs, which take them as coming back, see %s)",
			name, p.Threshold, f.date(pes), words.Plural(p.Overdue, "overdue machine"), runs)
	case p.Below.Within(d) && p.Overdue > 0:
		return fmt.Sprintf("%s falls below %d on %s by the runs, its %s returning", name, p.Threshold, f.date(sim), words.Plural(p.Overdue, "overdue machine"))
	case p.Below.Within(d):
		return fmt.Sprintf("%s falls below %d on %s by the runs", name, p.Threshold, f.date(sim))
	}
	return ""
}

// IfOverdueLeave returns a line per count that has overdue machines
// (Pool.Overdue): the count, how many are overdue, and what the
// pessimistic forecast (Pool.IfOverdueLeave) says if they do not return.
func (f *Forecast) IfOverdueLeave() []string {
	var out []string
	for _, p := range f.Pools {
		if p.Overdue == 0 {
			continue
		}
		line := fmt.Sprintf("%s %s: %d counted, %d overdue; ", p.Host, p.Pool, p.Count, p.Overdue)
		switch t := p.IfOverdueLeave; t {
		case 0:
			line += fmt.Sprintf("below %d already", p.Threshold)
		case Never:
			line += fmt.Sprintf("stays at or above %d even if they do not return", p.Threshold)
		default:
			line += fmt.Sprintf("falls below %d on %s if they do not return", p.Threshold, f.date(t))
		}
		out = append(out, line)
	}
	return out
}

// date names the moment t seconds after f's.
func (f *Forecast) date(t int64) string {
	return f.At.Add(time.Duration(t) * time.Second).UTC().Format("2006-01-02 15:04 UTC")
}

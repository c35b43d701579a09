package sim

import (
	"cmp"
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// This file is the model of Windows 10 Extended Security Updates (K42):
// the machines of a group that takes an ESU year each use one activation
// of that year's MAK add-on key (K25), once at the year's start (or the
// run's, when it starts during the year) and once when installed during
// it. The work happens at year boundaries and installs, never per request;
// the add-on changes neither the machine's KMS activation nor any count.

// ESUYear is one ESU year of a run: the MAK add-on activations its
// machines needed and got (K42).
type ESUYear struct {
	Year int // 1 to 3
	// From and Until bound the year on the run's clock (Until exclusive);
	// From is negative for a year under way when the run starts.
	From, Until engine.Time
	// Needed counts the activations the machines of groups with a key
	// needed: one per machine present at the year's start (or the run's)
	// and one per machine installed during the year, a replacement too
	// (K25: new hardware, a new activation).
	Needed int
	// Used counts the activations the keys gave; Without the machines
	// left without ESU for the year because the key had none left.
	Used, Without int
	// Azure counts the machines of Azure groups, which get ESU at no
	// cost with no key (K42).
	Azure int
}

// MilestoneESUShort: the first machine of an ESU year found the year's key
// with no activations left and stays without ESU for the year (K42, K25). Key
// names the key, ESUYear the year.
const MilestoneESUShort MilestoneKind = "esu_short"

// esuGroup is a group's ESU (K42): the years it takes (bit y-1 for year
// y) and each year's key, an index of world.keys, or -1 for Azure
// machines.
type esuGroup struct {
	years uint8
	keys  [scenarios.ESUYears]int32
	azure bool
}

// takes reports whether the group takes ESU year y.
func (e *esuGroup) takes(y int8) bool { return y > 0 && e.years&(1<<(y-1)) != 0 }

// newESUGroup returns the ESU of a group, with its keys resolved by ns.
func newESUGroup(e *scenarios.ESU, ns *siteNames) *esuGroup {
	if e == nil {
		return nil
	}
	out := &esuGroup{azure: e.Azure, keys: [scenarios.ESUYears]int32{-1, -1, -1}}
	for i, y := range e.Years {
		out.years |= 1 << (y - 1)
		if !e.Azure && i < len(e.Keys) {
			out.keys[y-1] = ns.key(e.Keys[i])
		}
	}
	return out
}

// scheduleESU schedules the start and end of every ESU year some group
// takes within the run, at model m's dates, on the clock of a scenario
// that starts on start. A year under way when the run starts starts at
// time 0.
func (w *world) scheduleESU(m *scenarios.Model, start scenarios.Date, duration engine.Time) {
	var taken uint8
	for gi := range w.groups {
		if e := w.groups[gi].esu; e != nil {
			taken |= e.years
		}
	}
	if taken == 0 || start.IsZero() {
		return
	}
	for y := int8(1); y <= scenarios.ESUYears; y++ {
		from, until := m.ESUYear(start, int(y))
		f, u := engine.Time(from), engine.Time(until)
		if taken&(1<<(y-1)) == 0 || u <= 0 || f > duration {
			continue
		}
		w.esu = append(w.esu, ESUYear{Year: int(y), From: f, Until: u})
		w.schedule(max(f, 0), action{kind: actESUYear, year: y})
		if u <= duration {
			w.schedule(u, action{kind: actESUYear, year: -y})
		}
	}
}

// esuYear starts ESU year y (y > 0), and every machine present of a
// group that takes it uses an activation of its key; or ends year -y.
func (w *world) esuYear(y int8) {
	if y < 0 {
		if w.esuNow == -y {
			w.esuNow = 0
		}
		return
	}
	w.esuNow = y
	for gi := range w.groups {
		g := &w.groups[gi]
		if g.esu == nil || !g.esu.takes(y) {
			continue
		}
		for range g.present {
			w.esuActivate(g, y)
		}
	}
}

// esuInstalled gives client ci, just installed, the current ESU year's
// add-on, if its group takes the year.
func (w *world) esuInstalled(g *group) {
	if w.esuNow > 0 && g.esu.takes(w.esuNow) {
		w.esuActivate(g, w.esuNow)
	}
}

// esuActivate uses an activation of year y's key for one machine of g
// (K42, K25).
func (w *world) esuActivate(g *group, y int8) {
	st := w.esuStats(y)
	if g.esu.azure {
		st.Azure++
		return
	}
	st.Needed++
	k := &w.keys[g.esu.keys[y-1]]
	if k.used >= k.capacity {
		if k.esuShort&(1<<(y-1)) == 0 {
			k.esuShort |= 1 << (y - 1)
			w.metrics.milestones = append(w.metrics.milestones, Milestone{At: w.eng.Now(), Kind: MilestoneESUShort, Key: k.name, ESUYear: int(y)})
		}
		st.Without++
		return
	}
	k.used++
	st.Used++
	k.steps = append(k.steps, Step{At: w.eng.Now(), Value: k.capacity - k.used})
	if k.used == k.capacity {
		w.metrics.milestones = append(w.metrics.milestones, Milestone{At: w.eng.Now(), Kind: MilestoneMAKExhausted, Key: k.name, ESUYear: int(y)})
	}
}

// esuStats returns the figures of ESU year y.
func (w *world) esuStats(y int8) *ESUYear {
	for i := range w.esu {
		if w.esu[i].Year == int(y) {
			return &w.esu[i]
		}
	}
	panic("sim: ESU year not scheduled")
}

// mergeESU adds the ESU figures of a part of a run to those of res.
func mergeESU(res *Result, part []ESUYear) {
	for _, p := range part {
		found := false
		for i := range res.ESU {
			if e := &res.ESU[i]; e.Year == p.Year {
				e.Needed += p.Needed
				e.Used += p.Used
				e.Without += p.Without
				e.Azure += p.Azure
				found = true
			}
		}
		if !found {
			res.ESU = append(res.ESU, p)
		}
	}
	slices.SortFunc(res.ESU, func(a, b ESUYear) int { return cmp.Compare(a.Year, b.Year) })
}

// esuFigure judges an expectation on a figure of an ESU year (K42). A
// year outside the run, or that no group takes, has every figure 0.
func esuFigure(res *Result, e *scenarios.Expectation, s *scenarios.ESUSubject) (bool, string, engine.Time) {
	v := 0
	for _, y := range res.ESU {
		if y.Year == s.Year {
			switch s.Figure {
			case "needed":
				v = y.Needed
			case "used":
				v = y.Used
			case "without":
				v = y.Without
			case "azure":
				v = y.Azure
			}
		}
	}
	f := float64(v)
	ok := (e.AtLeast == nil || f >= *e.AtLeast) && (e.AtMost == nil || f <= *e.AtMost)
	return ok, num(f), -1
}

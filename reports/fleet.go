package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// fleetFigure shows the machines in the fleet per group over time; groups
// of site instances are added up per template (branch/pcs over 500
// branches).
func fleetFigure(res *sim.Result, marks []sim.Mark) *figure {
	f := &figure{name: "fleet", title: "Fleet", legend: newLegend(), height: chartHeight}
	p := basePlot(res, "Machines in the fleet", "machines")
	f.plots = []*plot.Plot{p}
	type series struct {
		name          string
		joins, leaves []engine.Time // the times machines joined and left the fleet
		sites         int
	}
	var groups []*series
	byName := map[string]*series{}
	for _, g := range res.Groups {
		name := templateName(g.Name)
		s := byName[name]
		if s == nil {
			s = &series{name: name}
			byName[name] = s
			groups = append(groups, s)
		}
		// Only joins and leaves change the fleet.
		for _, t := range g.Transitions {
			switch {
			case t.From == sim.Absent:
				s.joins = append(s.joins, t.At)
			case t.To == sim.Absent:
				s.leaves = append(s.leaves, t.At)
			}
		}
		s.sites++
	}
	slices.SortStableFunc(groups, func(a, b *series) int {
		return len(b.joins) + len(b.leaves) - len(a.joins) - len(a.leaves)
	})
	groups = groups[:min(len(groups), MaxChartLines)]
	top := 1.0
	for gi, g := range groups {
		// Times alone, sorted as numbers: a million joins of 10,000
		// branches sort in a fraction of the time of their transitions.
		slices.Sort(g.joins)
		slices.Sort(g.leaves)
		steps := fleetSteps(g.joins, g.leaves)
		for _, s := range steps {
			top = max(top, float64(s.Value))
		}
		l := line(stepLine(0, steps, res.Duration), groupColor(gi), 1.8)
		p.Add(l)
		name := g.name
		if g.sites > 1 {
			name += fmt.Sprintf(" (%d sites)", g.sites)
		}
		f.add(name, l)
	}
	yTop := math.Ceil(top*1.2) + 1
	addMarkers(p, res, marks, 0, yTop)
	fixX(p, res)
	p.Y.Min, p.Y.Max = 0, yTop

	colorOf := map[string]color.Color{}
	for gi, g := range groups {
		colorOf[g.name] = groupColor(gi)
	}
	if ap := awayPanel(res, colorOf); ap != nil {
		f.plots = append(f.plots, ap)
	}
	if kp := keysPanel(f, res); kp != nil {
		f.plots = append(f.plots, kp)
	}
	if n := len(f.plots); n > 1 {
		f.height = chartHeight + vg.Length(n-1)*panelHeight
	}
	return f
}

// awayPanel draws the machines away from their site per group (added up
// over a template's sites), for the groups that travel; nil if none does.
func awayPanel(res *sim.Result, colorOf map[string]color.Color) *plot.Plot {
	var t perTemplate
	for _, g := range res.Groups {
		if g.Away != nil {
			t.add(g.Name, g.Away)
		}
	}
	if len(t.names) == 0 {
		return nil
	}
	p := basePlot(res, "Machines away from their site (trips, time on the road)", "machines")
	top := 1.0
	for _, name := range t.names[:min(len(t.names), MaxChartLines)] {
		c, ok := colorOf[name]
		if !ok {
			c = grey
		}
		p.Add(sampleLine(res, t.sums[name], c))
		top = max(top, slices.Max(t.sums[name]))
	}
	fixX(p, res)
	p.Y.Min, p.Y.Max = 0, math.Ceil(top*1.2)+1
	return p
}

// keysPanel draws the activations left on each MAK key (added up over a
// template's sites, K25); nil if the scenario has none.
func keysPanel(f *figure, res *sim.Result) *plot.Plot {
	if len(res.Keys) == 0 {
		return nil
	}
	var t perTemplate
	for _, k := range res.Keys {
		t.add(k.Name, k.Remaining)
	}
	p := basePlot(res, "MAK activations left", "activations")
	top := 1.0
	for i, name := range t.names[:min(len(t.names), MaxChartLines)] {
		l := sampleLine(res, t.sums[name], makColor(i))
		l.Dashes = []vg.Length{6, 2}
		p.Add(l)
		f.add("MAK "+name, l)
		top = max(top, slices.Max(t.sums[name]))
	}
	fixX(p, res)
	p.Y.Min, p.Y.Max = 0, math.Ceil(top*1.1)+1
	return p
}

// perTemplate adds up series sampled at the result's times per name with
// the site instance left out (branch-007/lab and branch-008/lab are lab),
// keeping the names in the order they first come.
type perTemplate struct {
	names []string
	sums  map[string][]float64
}

func (t *perTemplate) add(name string, v []int32) {
	name = templateName(name)
	if t.sums == nil {
		t.sums = map[string][]float64{}
	}
	if t.sums[name] == nil {
		t.sums[name] = make([]float64, len(v))
		t.names = append(t.names, name)
	}
	for i, x := range v {
		t.sums[name][i] += float64(x)
	}
}

// templateName turns the name of a site instance's group (branch-007/pcs)
// into its template's (branch/pcs).
func templateName(name string) string {
	site, local, ok := strings.Cut(name, "/")
	if !ok {
		return name
	}
	if i := strings.LastIndexByte(site, '-'); i > 0 {
		if _, err := strconv.Atoi(site[i+1:]); err == nil {
			site = site[:i]
		}
	}
	return site + "/" + local
}

// fleetSteps returns the machines in the fleet after each moment some
// joined or left, from the sorted times of the joins and of the leaves:
// only the count after all of a moment's changes is a step.
func fleetSteps(joins, leaves []engine.Time) []sim.Step {
	var steps []sim.Step
	n := int32(0)
	i, j := 0, 0
	for i < len(joins) || j < len(leaves) {
		at := engine.Time(math.MaxInt64)
		if i < len(joins) {
			at = joins[i]
		}
		if j < len(leaves) {
			at = min(at, leaves[j])
		}
		for ; i < len(joins) && joins[i] == at; i++ {
			n++
		}
		for ; j < len(leaves) && leaves[j] == at; j++ {
			n--
		}
		steps = append(steps, sim.Step{At: at, Value: n})
	}
	return steps
}

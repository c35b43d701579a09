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
// branches) at each sample time.
func fleetFigure(res *sim.Result, marks []sim.Mark) *figure {
	f := &figure{name: "fleet", title: "Fleet", legend: newLegend(), height: chartHeight}
	p := basePlot(res, "Machines in the fleet", "machines")
	f.plots = []*plot.Plot{p}
	groups := fleetSeries(res)
	slices.SortStableFunc(groups, func(a, b *fleetLine) int { return b.changes - a.changes })
	groups = groups[:min(len(groups), MaxChartLines)]
	top := 1.0
	for gi, g := range groups {
		steps := g.steps(res.Times)
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

// fleetLine is one line of the fleet chart: a group, or a template's
// groups added up over its sites.
type fleetLine struct {
	name    string
	sites   int
	changes int // joins and leaves, by which the lines that matter most are chosen
	// A single site's group: the exact times machines joined and left.
	joins, leaves []engine.Time
	// A template's groups: the machines that joined less those that
	// left, up to each sample time. Ten thousand branches' million joins
	// are counted per sample, not sorted (bench-1m).
	perSample []int32
}

// fleetSeries returns a line per group, or per template over its sites,
// in the order of res.Groups.
func fleetSeries(res *sim.Result) []*fleetLine {
	var lines []*fleetLine
	byName := map[string]*fleetLine{}
	for _, g := range res.Groups {
		name := templateName(g.Name)
		l := byName[name]
		if l == nil {
			l = &fleetLine{name: name}
			byName[name] = l
			lines = append(lines, l)
		}
		l.sites++
	}
	for _, g := range res.Groups {
		l := byName[templateName(g.Name)]
		if l.sites > 1 && l.perSample == nil {
			l.perSample = make([]int32, len(res.Times))
		}
		// Only joins and leaves change the fleet.
		for _, t := range g.Transitions {
			d := int32(0)
			switch {
			case t.From == sim.Absent:
				d = 1
			case t.To == sim.Absent:
				d = -1
			default:
				continue
			}
			l.changes++
			switch {
			case l.perSample != nil:
				if i, _ := slices.BinarySearch(res.Times, t.At); i < len(l.perSample) {
					l.perSample[i] += d
				}
			case d > 0:
				l.joins = append(l.joins, t.At)
			default:
				l.leaves = append(l.leaves, t.At)
			}
		}
	}
	return lines
}

// steps returns the machines in the line's fleet after each change: at
// each moment of a single site's group, at each sample of a template's.
func (l *fleetLine) steps(times []engine.Time) []sim.Step {
	if l.perSample == nil {
		// The order of a moment's joins and leaves does not matter: only
		// the count after all of them is a step.
		slices.Sort(l.joins)
		slices.Sort(l.leaves)
		return fleetSteps(l.joins, l.leaves)
	}
	var steps []sim.Step
	n := int32(0)
	for i, d := range l.perSample {
		if d != 0 {
			n += d
			steps = append(steps, sim.Step{At: times[i], Value: n})
		}
	}
	return steps
}

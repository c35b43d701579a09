package reports

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// MaxChartLines is how many hosts or groups a chart draws; a scenario with
// more (500 branch offices) shows those that matter most: the hosts whose
// count fell below a threshold first, the busiest hosts, the largest groups.
const MaxChartLines = 8

// Chart is one planning chart of a run.
type Chart struct {
	Name  string // file stem: counts, states, traffic, fleet
	Title string
	fig   *figure
}

// SVG renders the chart as SVG with its fonts embedded.
func (c Chart) SVG() ([]byte, error) { return c.fig.svg(true) }

// PNG renders the chart as PNG.
func (c Chart) PNG() ([]byte, error) { return c.fig.png() }

// Charts returns the charts of res, whose scenario is scn: the hosts'
// counts (the headline), client states, traffic, and the fleet.
func Charts(scn *scenarios.Scenario, res *sim.Result) []Chart {
	marks := res.Marks
	chosen, total := choosePools(res)
	busiest := busiestHosts(res)
	colors := assignHostColors(chosen, busiest)
	figs := []*figure{
		countsFigure(res, marks, chosen, total, colors),
		statesFigure(res),
		trafficFigure(res, busiest, colors),
		fleetFigure(res, marks),
	}
	charts := make([]Chart, len(figs))
	for i, f := range figs {
		charts[i] = Chart{Name: f.name, Title: f.title, fig: f}
	}
	return charts
}

func days(t engine.Time) float64 { return float64(t) / float64(engine.Day) }

// basePlot returns a plot with the time axis of res and a light grid.
func basePlot(res *sim.Result, title, ylabel string) *plot.Plot {
	xlabel := "days since the start"
	if !res.Start.IsZero() {
		xlabel = "date (UTC)"
	}
	p := newPlot(title, xlabel, ylabel)
	p.X.Tick.Marker = timeTicker{start: res.Start.Time}
	addGrid(p)
	return p
}

// newPlot returns a plot in the charts' style, with 1-2-5 ticks.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(11)
	p.Title.Padding = 6
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	p.X.Tick.Marker = niceTicker{}
	p.Y.Tick.Marker = niceTicker{}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(10)
		a.Tick.Label.Font = sans(9)
	}
	return p
}

// addGrid adds a light grid under what is drawn next.
func addGrid(p *plot.Plot) {
	grid := plotter.NewGrid()
	grid.Vertical.Color = gridGrey
	grid.Horizontal.Color = gridGrey
	p.Add(grid)
}

// fixX makes the time axis span the whole run.
func fixX(p *plot.Plot, res *sim.Result) {
	p.X.Min = 0
	p.X.Max = days(res.Duration)
}

func line(xys plotter.XYs, c color.Color, width vg.Length, dashes ...vg.Length) *plotter.Line {
	l, err := plotter.NewLine(xys)
	if err != nil {
		panic("reports: " + err.Error()) // only for NaN or Inf, which the series never hold
	}
	l.Color = c
	l.Width = width
	l.Dashes = dashes
	return l
}

func label(x, y float64, s string, c color.Color, align text.XAlignment, offset vg.Point) *plotter.Labels {
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{s}})
	if err != nil {
		panic("reports: " + err.Error())
	}
	l.TextStyle[0].Font = sans(small)
	l.TextStyle[0].Color = c
	l.TextStyle[0].XAlign = align
	l.Offset = offset
	return l
}

// stepLine draws a value that changes at exact times: flat between steps,
// vertical at them.
func stepLine(initial float64, steps []sim.Step, end engine.Time) plotter.XYs {
	xys := plotter.XYs{{X: 0, Y: initial}}
	v := initial
	for _, s := range steps {
		x := days(s.At)
		xys = append(xys, plotter.XY{X: x, Y: v}, plotter.XY{X: x, Y: float64(s.Value)})
		v = float64(s.Value)
	}
	return append(xys, plotter.XY{X: days(end), Y: v})
}

// addMarkers draws the markers as dotted vertical lines from y0 to y1,
// labelled near the top. Markers at the same moment share one label;
// labels that would collide move down a row (three rows at most; a marker
// that still finds no room keeps its line but not its label).
func addMarkers(p *plot.Plot, res *sim.Result, ms []sim.Mark, y0, y1 float64) {
	// About how many days one point of text covers on a chart.
	daysPerPoint := days(res.Duration) / (chartWidth - 2.5*vg.Inch).Points()
	const rows = 3
	var rowEnd [rows]float64
	for i := range rowEnd {
		rowEnd[i] = math.Inf(-1)
	}
	end := days(res.Duration)
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].At == ms[i].At {
			j++
		}
		// Events of one moment share a label; more than two are counted.
		text1 := ms[i].Label
		switch n := j - i; {
		case n == 2:
			text1 += ", " + ms[i+1].Label
		case n > 2:
			text1 += fmt.Sprintf(", %s +%d", ms[i+1].Label, n-2)
		}
		x := days(ms[i].At)
		p.Add(line(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}}, lightGrey, 1, 2, 2))
		width := markerStyle.Width(text1).Points() * daysPerPoint
		// A label that would run past the end of the axis goes to the
		// left of its line, so that it does not squeeze the plot.
		from, align, dx := x, text.XLeft, vg.Length(2)
		if x+width*1.1 > end {
			from, align, dx = x-width*1.1, text.XRight, -2
		}
		for r := range rows {
			if from > rowEnd[r] {
				rowEnd[r] = from + width*1.1
				p.Add(label(x, y1, text1, grey, align, vg.Point{X: dx, Y: vg.Length(-10 - 10*r)}))
				break
			}
		}
		i = j
	}
}

var markerStyle = text.Style{Font: sans(small), Handler: plot.DefaultTextHandler}

// poolRef is one pool of one host of a result.
type poolRef struct {
	host int
	pool *sim.PoolSeries
}

func (r poolRef) name(res *sim.Result) string {
	return res.Hosts[r.host].Name + " " + string(r.pool.Pool)
}

func topThreshold(p *sim.PoolSeries) int {
	if n := len(p.Thresholds); n > 0 {
		return p.Thresholds[n-1]
	}
	return 0
}

// choosePools picks the pools to draw: those whose count fell below a
// threshold, earliest first, then those that reached one, then the rest,
// in the result's order.
func choosePools(res *sim.Result) (chosen []poolRef, total int) {
	firstBelow := map[string]engine.Time{}
	reached := map[string]bool{}
	for _, m := range res.Milestones {
		key := m.Host + " " + string(m.Pool)
		if _, seen := firstBelow[key]; m.Kind == sim.MilestoneCountBelow && !seen {
			firstBelow[key] = m.At
		}
		if m.Kind == sim.MilestoneCountReached {
			reached[key] = true
		}
	}
	var all []poolRef
	for hi := range res.Hosts {
		for pi := range res.Hosts[hi].Pools {
			if len(res.Hosts[hi].Pools[pi].Steps) > 0 {
				all = append(all, poolRef{hi, &res.Hosts[hi].Pools[pi]})
			}
		}
	}
	rank := func(r poolRef) (int, engine.Time) {
		if at, ok := firstBelow[r.name(res)]; ok {
			return 0, at
		}
		if reached[r.name(res)] {
			return 1, 0
		}
		return 2, 0
	}
	slices.SortStableFunc(all, func(a, b poolRef) int {
		ra, ta := rank(a)
		rb, tb := rank(b)
		if ra != rb {
			return ra - rb
		}
		return int(ta - tb)
	})
	return all[:min(len(all), MaxChartLines)], len(all)
}

// hostColors gives each host drawn in any chart one colour for all charts.
type hostColors map[int]color.NRGBA

// assignHostColors gives the hosts drawn, in the order they first appear
// (the counts chart's, then the traffic chart's), the palette's colours in
// turn, so that the lines of one chart have distinct colours as far as the
// palette goes, and a host keeps its colour from chart to chart.
func assignHostColors(chosen []poolRef, busiest []int) hostColors {
	colors := hostColors{}
	add := func(hi int) {
		if _, ok := colors[hi]; !ok {
			colors[hi] = hostColor(len(colors))
		}
	}
	for _, r := range chosen {
		add(r.host)
	}
	for _, hi := range busiest {
		add(hi)
	}
	return colors
}

// countsFigure is the headline chart: each host's count per pool, a dashed
// line at each threshold of the clients it serves, shading where a count
// has fallen below its highest threshold, and the first such fall labelled.
func countsFigure(res *sim.Result, marks []sim.Mark, chosen []poolRef, total int, colors hostColors) *figure {
	f := &figure{name: "counts", title: "Host counts", legend: newLegend(), height: chartHeight}
	title := "KMS host counts (distinct clients heard in the last 30 days)"
	if total > len(chosen) {
		title = fmt.Sprintf("KMS host counts: %d of %d pools, those that fell below first", len(chosen), total)
	}
	p := basePlot(res, title, "count")
	f.plots = []*plot.Plot{p}
	if len(chosen) == 0 {
		p.Title.Text += " — no host was asked"
		fixX(p, res)
		return f
	}

	top := 1.0
	var thresholds []int
	for _, r := range chosen {
		for _, s := range r.pool.Steps {
			top = max(top, float64(s.Value))
		}
		for _, t := range r.pool.Thresholds {
			top = max(top, float64(t))
			if !slices.Contains(thresholds, t) {
				thresholds = append(thresholds, t)
			}
		}
	}
	slices.Sort(thresholds)
	yTop := math.Ceil(top*1.2) + 1

	// Shading first, under everything else; fainter when several pools
	// are shaded, so that overlapping spans stay readable.
	alpha := uint8(0x30)
	if n := len(belowSpansAny(res, chosen)); n > 3 {
		alpha = 0x0c
	} else if n > 1 {
		alpha = 0x1c
	}
	for _, r := range chosen {
		t := topThreshold(r.pool)
		for _, span := range belowSpans(res, res.Hosts[r.host].Name, r.pool.Pool, t) {
			x0, x1 := days(span[0]), days(span[1])
			poly, _ := plotter.NewPolygon(plotter.XYs{{X: x0, Y: -1}, {X: x1, Y: -1}, {X: x1, Y: yTop}, {X: x0, Y: yTop}})
			poly.Color = translucent(colors[r.host], alpha)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
	for _, t := range thresholds {
		l := line(plotter.XYs{{X: 0, Y: float64(t)}, {X: days(res.Duration), Y: float64(t)}}, grey, 1.2, 6, 4)
		p.Add(l)
		f.add(fmt.Sprintf("threshold %d", t), l)
	}
	addMarkers(p, res, marks, -1, yTop)
	for _, r := range chosen {
		dashes := []vg.Length(nil)
		if r.pool.Pool == scenarios.PoolOffice {
			dashes = []vg.Length{2, 2}
		}
		l := line(stepLine(-1, r.pool.Steps, res.Duration), colors[r.host], 1.8, dashes...)
		p.Add(l)
		f.add(r.name(res), l)
	}
	if len(belowSpansAny(res, chosen)) > 0 {
		swatch, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		swatch.Color = translucent(grey, 0x30)
		swatch.LineStyle.Width = 0
		f.add("below threshold", swatch)
	}

	// Label the first fall below a threshold, or else the first time a
	// threshold was reached.
	if m, ok := firstCrossing(res, chosen); ok {
		x, y := days(m.At), float64(m.Threshold)
		dot, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		dot.GlyphStyle.Shape = draw.RingGlyph{}
		dot.GlyphStyle.Radius = 4
		dot.GlyphStyle.Color = black
		p.Add(dot)
		verb := "fell below"
		if m.Kind == sim.MilestoneCountReached {
			verb = "reached"
		}
		text1 := fmt.Sprintf("%s %s %d: %s", m.Host, verb, m.Threshold, res.When(m.At))
		align, off := text.XLeft, vg.Point{X: 6, Y: 6}
		if x > 0.6*days(res.Duration) {
			align, off = text.XRight, vg.Point{X: -6, Y: 6}
		}
		p.Add(label(x, y, text1, black, align, off))
	}
	fixX(p, res)
	p.Y.Min, p.Y.Max = -1, yTop
	return f
}

// belowSpans returns the spans in which the count of (host, pool) was
// below t after having been at or above it.
func belowSpans(res *sim.Result, host string, pool scenarios.Pool, t int) [][2]engine.Time {
	var spans [][2]engine.Time
	open := engine.Time(-1)
	for _, m := range res.Milestones {
		if m.Host != host || m.Pool != pool || m.Threshold != t {
			continue
		}
		switch {
		case m.Kind == sim.MilestoneCountBelow && open < 0:
			open = m.At
		case m.Kind == sim.MilestoneCountReached && open >= 0:
			spans = append(spans, [2]engine.Time{open, m.At})
			open = -1
		}
	}
	if open >= 0 {
		spans = append(spans, [2]engine.Time{open, res.Duration})
	}
	return spans
}

func belowSpansAny(res *sim.Result, chosen []poolRef) [][2]engine.Time {
	var all [][2]engine.Time
	for _, r := range chosen {
		all = append(all, belowSpans(res, res.Hosts[r.host].Name, r.pool.Pool, topThreshold(r.pool))...)
	}
	return all
}

func firstCrossing(res *sim.Result, chosen []poolRef) (sim.Milestone, bool) {
	var reached *sim.Milestone
	for i, m := range res.Milestones {
		for _, r := range chosen {
			if m.Host != res.Hosts[r.host].Name || m.Pool != r.pool.Pool || m.Threshold != topThreshold(r.pool) {
				continue
			}
			if m.Kind == sim.MilestoneCountBelow {
				return m, true
			}
			if reached == nil {
				reached = &res.Milestones[i]
			}
		}
	}
	if reached != nil {
		return *reached, true
	}
	return sim.Milestone{}, false
}

// statesFigure stacks, per product, the clients in each state over time,
// licensed at the bottom and notification on top, so that the wave of
// expiries months after a count drop stands out.
func statesFigure(res *sim.Result) *figure {
	f := &figure{name: "states", title: "Client states", legend: newLegend()}
	order := []sim.State{sim.Licensed, sim.InitialGrace, sim.OutOfToleranceGrace, sim.Notification}
	for _, s := range order {
		swatch, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		swatch.Color = stateColors[s]
		swatch.LineStyle.Width = 0
		f.add(stateLabels[s], swatch)
	}
	for pi := range res.Products {
		ps := &res.Products[pi]
		p := basePlot(res, "Clients of "+string(ps.Product)+" by state", "clients")
		lower := make([]float64, len(res.Times))
		for _, s := range order {
			upper := make([]float64, len(res.Times))
			any := false
			for i := range res.Times {
				upper[i] = lower[i] + float64(ps.Clients[s][i])
				any = any || ps.Clients[s][i] > 0
			}
			if any {
				xys := make(plotter.XYs, 0, 2*len(res.Times))
				for i, t := range res.Times {
					xys = append(xys, plotter.XY{X: days(t), Y: upper[i]})
				}
				for i := len(res.Times) - 1; i >= 0; i-- {
					xys = append(xys, plotter.XY{X: days(res.Times[i]), Y: lower[i]})
				}
				poly, _ := plotter.NewPolygon(xys)
				poly.Color = stateColors[s]
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
			lower = upper
		}
		fixX(p, res)
		p.Y.Min = 0
		f.plots = append(f.plots, p)
	}
	if len(f.plots) == 0 {
		p := basePlot(res, "Client states — no clients", "clients")
		fixX(p, res)
		f.plots = []*plot.Plot{p}
	}
	f.height = max(chartHeight, vg.Length(len(f.plots))*panelHeight+0.4*vg.Inch)
	return f
}

// trafficFigure shows requests per hour per host, failed attempts per hour
// by cause, and marks the peak.
func trafficFigure(res *sim.Result, busiest []int, colors hostColors) *figure {
	f := &figure{name: "traffic", title: "Traffic", legend: newLegend(), height: chartHeight}
	p := basePlot(res, "Requests per hour (per sample interval)", "per hour")
	f.plots = []*plot.Plot{p}
	// rate turns interval counts into per-hour rates; the requests at time
	// 0 count toward the first interval.
	rate := func(v func(i int) float64) plotter.XYs {
		xys := plotter.XYs{}
		for i := 1; i < len(res.Times); i++ {
			n := v(i)
			if i == 1 {
				n += v(0)
			}
			xys = append(xys, plotter.XY{X: days(res.Times[i]), Y: n * float64(engine.Hour) / float64(res.Times[i]-res.Times[i-1])})
		}
		return xys
	}
	all := rate(func(i int) float64 { return float64(res.Traffic[i].Requests) })
	if len(res.Hosts) > 1 {
		// Under the hosts' lines, so it does not hide them.
		l := line(all, lightGrey, 2.5)
		p.Add(l)
		f.add("all hosts", l)
	}
	for _, hi := range busiest {
		h := &res.Hosts[hi]
		l := line(rate(func(i int) float64 { return float64(h.Requests[i]) }), colors[hi], 1.2)
		p.Add(l)
		f.add(h.Name+" requests", l)
	}
	causes := []struct {
		name   string
		get    func(c sim.Counters) int64
		dashes []vg.Length
	}{
		{"failed: count too low", func(c sim.Counters) int64 { return c.FailCountLow }, []vg.Length{5, 3}},
		{"failed: no host", func(c sim.Counters) int64 { return c.FailNoHost }, []vg.Length{2, 2}},
		{"failed: not supported", func(c sim.Counters) int64 { return c.FailUnsupported }, []vg.Length{8, 2, 2, 2}},
	}
	for _, c := range causes {
		var sum int64
		for _, t := range res.Traffic {
			sum += c.get(t)
		}
		if sum == 0 {
			continue
		}
		l := line(rate(func(i int) float64 { return float64(c.get(res.Traffic[i])) }), black, 1, c.dashes...)
		p.Add(l)
		f.add(c.name, l)
	}
	peak := -1
	for i, xy := range all {
		if peak < 0 || xy.Y > all[peak].Y {
			peak = i
		}
	}
	if peak >= 0 && all[peak].Y > 0 {
		x, y := all[peak].X, all[peak].Y
		dot, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		dot.GlyphStyle.Shape = draw.RingGlyph{}
		dot.GlyphStyle.Radius = 4
		p.Add(dot)
		align, off := text.XLeft, vg.Point{X: 6, Y: 6} // above the line it labels
		if x > 0.6*days(res.Duration) {
			align, off = text.XRight, vg.Point{X: -6, Y: 6}
		}
		at := engine.Time(math.Round(x * float64(engine.Day)))
		p.Add(label(x, y, "peak "+strconv.FormatFloat(math.Round(y*10)/10, 'f', -1, 64)+"/h, interval ending "+res.When(at), black, align, off))
		p.Y.Max = y * 1.2
	}
	fixX(p, res)
	p.Y.Min = 0
	return f
}

// busiestHosts returns the hosts that received the most requests, at most
// MaxChartLines, in the result's order.
func busiestHosts(res *sim.Result) []int {
	order := make([]int, len(res.Hosts))
	totals := make([]int64, len(res.Hosts))
	for hi, h := range res.Hosts {
		order[hi] = hi
		for _, n := range h.Requests {
			totals[hi] += int64(n)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(totals[b] - totals[a]) })
	order = order[:min(len(order), MaxChartLines)]
	slices.Sort(order)
	return order
}

// fleetFigure shows the machines in the fleet per group over time; groups
// of site instances are added up per template (branch/pcs over 500
// branches).
func fleetFigure(res *sim.Result, marks []sim.Mark) *figure {
	f := &figure{name: "fleet", title: "Fleet", legend: newLegend(), height: chartHeight}
	p := basePlot(res, "Machines in the fleet", "machines")
	f.plots = []*plot.Plot{p}
	type series struct {
		name  string
		trans []sim.Transition
		sites int
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
		s.trans = append(s.trans, g.Transitions...)
		s.sites++
	}
	slices.SortStableFunc(groups, func(a, b *series) int { return len(b.trans) - len(a.trans) })
	groups = groups[:min(len(groups), MaxChartLines)]
	top := 1.0
	for gi, g := range groups {
		slices.SortStableFunc(g.trans, func(a, b sim.Transition) int { return int(a.At - b.At) })
		var steps []sim.Step
		n := int32(0)
		for _, t := range g.trans {
			switch {
			case t.From == sim.Absent:
				n++
			case t.To == sim.Absent:
				n--
			default:
				continue
			}
			if k := len(steps); k > 0 && steps[k-1].At == t.At {
				steps[k-1].Value = n
			} else {
				steps = append(steps, sim.Step{At: t.At, Value: n})
			}
			top = max(top, float64(n))
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

// sampleLine draws a series sampled at res.Times.
func sampleLine(res *sim.Result, v []float64, c color.Color) *plotter.Line {
	return line(xysOf(dayXs(res.Times), v), c, 1.8)
}

// dayXs returns times as positions on a time axis, in days.
func dayXs(times []engine.Time) []float64 {
	xs := make([]float64, len(times))
	for i, t := range times {
		xs[i] = days(t)
	}
	return xs
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

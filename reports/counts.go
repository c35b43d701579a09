package reports

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// countsFigure is the headline chart: each host's count per pool, a dashed
// line at each threshold of the clients it serves, shading where a count
// has fallen below its highest threshold, and the first such fall labelled.
func countsFigure(res *sim.Result, marks []sim.Mark, chosen []poolRef, total int, colors hostColors) *figure {
	f := &figure{name: "counts", title: "Host counts", legend: newLegend(), height: chartHeight}
	title := fmt.Sprintf("KMS host counts (distinct clients heard in the last %s)", words.Days(int64(res.Model().CountWindow)))
	if total > len(chosen) {
		title = fmt.Sprintf("KMS host counts: %d of %d pools, %s", len(chosen), total, chosenWhat(res))
	}
	p := basePlot(res, title, "count")
	f.plots = []*plot.Plot{p}
	if len(chosen) == 0 {
		p.Title.Text += " — no host was asked"
		fixX(p, res)
		return f
	}

	thresholds, yTop := countsScale(chosen)
	alpha := shadeBelow(p, res, chosen, colors, yTop)
	addThresholds(f, p, res, thresholds)
	addMarkers(p, res, marks, -1, yTop)
	countLines(f, p, res, chosen, colors, yTop)
	if shaded := shadedHosts(res, chosen); len(shaded) > 0 {
		// The legend shows the shading as drawn: in the host's colour.
		swatch, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
		swatch.Color = translucent(colors[shaded[0]], alpha)
		swatch.LineStyle.Width = 0
		name := "below threshold"
		if len(shaded) > 1 {
			name += " (in each host's colour)"
		}
		f.add(name, swatch)
	}
	labelFirstCrossing(p, res, chosen)
	fixX(p, res)
	p.Y.Min, p.Y.Max = -1, yTop
	p.Y.Tick.Marker = countTicker{}
	return f
}

// noRequest is how the count axis writes −1: the count of a host that no
// client has asked yet (K14), not a number below zero.
const noRequest = "no request yet"

// countTicker is the ticker of a count axis: whole numbers from 0, and
// −1 written as noRequest.
type countTicker struct{}

// Ticks returns integer ticks in [max(lo, 0), hi] and, when lo is −1, the
// tick of noRequest. On an axis of more than countCrowded, the rows of
// −1 and 0 lie closer than a line of text: 0 keeps its mark and the
// grid, without its label.
func (countTicker) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	if lo <= -1 {
		ticks = append(ticks, plot.Tick{Value: -1, Label: noRequest})
	}
	for _, t := range integerTicks.Ticks(max(lo, 0), hi) {
		if t.Value == 0 && lo <= -1 && hi-lo > countCrowded {
			t.Label = ""
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// countCrowded is the span of a count axis beyond which its 0 goes
// unlabelled, next to noRequest.
const countCrowded = 16

// splitNoRequest splits a count's line at its first request: before, the
// span at −1 while no client had asked (nil when there is none), and
// after, the count from the first request on. Drawn apart, the count never
// dips from −1 to its first value; a count that no client ever asked
// stays on the noRequest row.
func splitNoRequest(xys plotter.XYs) (before, after plotter.XYs) {
	i := 0
	for i < len(xys) && xys[i].Y <= -1 {
		i++
	}
	switch {
	case i == len(xys):
		return nil, xys
	case i == 0:
		return nil, xys
	case i == 1:
		return nil, xys[i:]
	}
	before = xys[:i]
	after = xys[i:]
	// A step line is at −1 up to the time of its first request: the
	// count starts there, not at the row below.
	if before[len(before)-1].X == after[0].X && len(before) == 2 && before[0].X == before[1].X {
		before = nil
	}
	return before, after
}

// thresholdDashes are the dashes of a chart's thresholds, one per
// threshold in increasing order, so that 5 and 25 are told apart in the
// legend and on the chart.
var thresholdDashes = [][]vg.Length{{6, 4}, {2, 3}, {10, 3, 2, 3}, {12, 6}, {1, 4}}

// addThresholds draws a dashed grey line at each threshold, each with
// its own dash, and names it in the legend.
func addThresholds(f *figure, p *plot.Plot, res *sim.Result, thresholds []int) {
	for i, t := range thresholds {
		l := line(plotter.XYs{{X: 0, Y: float64(t)}, {X: sim.Days(res.Duration), Y: float64(t)}}, grey, 1.2, thresholdDashes[i%len(thresholdDashes)]...)
		p.Add(l)
		f.add(fmt.Sprintf("threshold %d", t), l)
	}
}

// countsScale returns the thresholds of the chosen pools, in order, and
// the top of the y axis: room above the highest count or threshold.
func countsScale(chosen []poolRef) (thresholds []int, yTop float64) {
	top := 1.0
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
	return thresholds, math.Ceil(top*1.2) + 1
}

// shadeBelow shades the spans in which a chosen count was below its
// threshold, under everything else, and returns the shade's alpha:
// fainter when several pools are shaded, so that overlapping spans stay
// readable.
func shadeBelow(p *plot.Plot, res *sim.Result, chosen []poolRef, colors hostColors, yTop float64) uint8 {
	alpha := uint8(0x30)
	if n := len(belowSpansAny(res, chosen)); n > 3 {
		alpha = 0x0c
	} else if n > 1 {
		alpha = 0x1c
	}
	for _, r := range chosen {
		t := topThreshold(r.pool)
		for _, span := range belowSpans(res, res.Hosts[r.host].Name, r.pool.Pool, t) {
			x0, x1 := sim.Days(span[0]), sim.Days(span[1])
			poly, _ := plotter.NewPolygon(plotter.XYs{{X: x0, Y: -1}, {X: x1, Y: -1}, {X: x1, Y: yTop}, {X: x0, Y: yTop}})
			poly.Color = translucent(colors[r.host], alpha)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
	return alpha
}

// countLines draws each chosen pool's count, Office's dashed, with its
// final value labelled at the right when there are several.
func countLines(f *figure, p *plot.Plot, res *sim.Result, chosen []poolRef, colors hostColors, yTop float64) {
	var ends []endLabel
	for i, r := range chosen {
		dashes := []vg.Length(nil)
		if r.pool.Pool != scenarios.PoolWindows { // Office counts dashed
			dashes = []vg.Length{2, 2}
		}
		before, after := splitNoRequest(stepLine(-1, r.pool.Steps, res.Duration))
		l := line(after, colors[r.host], stackedWidth(i, len(chosen)), dashes...)
		if len(before) > 1 {
			p.Add(line(before, colors[r.host], 1, 1, 2))
		}
		p.Add(l)
		f.add(r.name(res), l)
		final := -1.0
		if n := len(r.pool.Steps); n > 0 {
			final = float64(r.pool.Steps[n-1].Value)
		}
		ends = append(ends, endLabel{r.name(res), final, colors[r.host], res.Hosts[r.host].Name})
	}
	if len(chosen) > 1 {
		addEndLabels(p, sim.Days(res.Duration), ends)
	}
}

// labelFirstCrossing rings and labels the first fall below a threshold,
// or else the first time a threshold was reached.
func labelFirstCrossing(p *plot.Plot, res *sim.Result, chosen []poolRef) {
	m, ok := firstCrossing(res, chosen)
	if !ok {
		return
	}
	x, y := sim.Days(m.At), float64(m.Threshold)
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
	l := newLabel(x, y, text1, black, around(x <= 0.6*sim.Days(res.Duration), 6, 8, 120))
	// Among many events' lines, the day alone (the milestones table
	// has the date), or else the fact alone, the ring and the axis
	// saying when (a narrow chart).
	l.fewer = []string{
		fmt.Sprintf("%s %s %d: day %s", m.Host, verb, m.Threshold, sim.FormatDays(sim.Days(m.At), 2, false)),
		fmt.Sprintf("%s %s %d", m.Host, verb, m.Threshold),
	}
	p.Add(l)
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

// shadedHosts returns the hosts of the chosen pools whose counts fell
// below their threshold, in the order drawn, each once.
func shadedHosts(res *sim.Result, chosen []poolRef) []int {
	var hosts []int
	for _, r := range chosen {
		if len(belowSpans(res, res.Hosts[r.host].Name, r.pool.Pool, topThreshold(r.pool))) > 0 && !slices.Contains(hosts, r.host) {
			hosts = append(hosts, r.host)
		}
	}
	return hosts
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

// chosenWhat says which pools a chart of some of them drew, as
// choosePools chose them: the first to fall below a threshold, else the
// first to reach one.
func chosenWhat(res *sim.Result) string {
	for _, m := range res.Milestones {
		if m.Kind == sim.MilestoneCountBelow {
			return "the first to fall below a threshold"
		}
	}
	for _, m := range res.Milestones {
		if m.Kind == sim.MilestoneCountReached {
			return "the first to reach a threshold (none fell below)"
		}
	}
	return "none of which reached a threshold"
}

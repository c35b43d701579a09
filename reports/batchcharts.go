package reports

import (
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	plotpalette "gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// PlanningProbability is the probability the charts and findings of a
// sweep hold up as the planning standard: "holds in at least 95% of the
// replications".
const PlanningProbability = 0.95

// BatchCharts returns the charts of a batch: for the replications of one
// point, the counts' median and 5–95% band over time; for a sweep of one
// parameter, its outcomes against the parameter's values (probability of
// the expectations, day the first count falls below its threshold,
// clients not licensed at the end), each with its uncertainty band; for a
// sweep of two, heat maps of the first two.
func BatchCharts(scn *scenarios.Scenario, b *batch.Result) []Chart {
	var figs []*figure
	switch len(b.Parameters) {
	case 0:
		if b.Bands != nil && b.First != nil {
			figs = append(figs, bandsFigure(b))
		}
	case 1:
		if len(b.Expectations) > 0 {
			figs = append(figs, sweepExpectFigure(b))
		}
		figs = append(figs, sweepBelowFigure(scn, b), sweepUnlicensedFigure(b))
	default:
		if len(b.Expectations) > 0 {
			figs = append(figs, heatFigure(b, "heat-expect", "Probability that every expectation holds",
				"probability", func(p *batch.Point) float64 { return p.AllHeld().P }, 0, 1, 2))
		}
		end := days(engine.Time(scn.Duration))
		figs = append(figs, heatFigure(b, "heat-below",
			fmt.Sprintf("Median day a count first falls below its threshold (%.0f: not within the run)", end),
			"day", func(p *batch.Point) float64 {
				return min(batch.Days(p.Milestone(batch.Key{Kind: batch.KindAnyBelow}).Median), end)
			}, 0, end, 0))
	}
	charts := make([]Chart, len(figs))
	for i, f := range figs {
		charts[i] = Chart{Name: f.name, Title: f.title, fig: f}
	}
	return charts
}

// band returns the polygon between lo and hi over xs.
func band(xs, lo, hi []float64, c color.NRGBA) *plotter.Polygon {
	var xys plotter.XYs
	for i := range xs {
		xys = append(xys, plotter.XY{X: xs[i], Y: lo[i]})
	}
	for i := len(xs) - 1; i >= 0; i-- {
		xys = append(xys, plotter.XY{X: xs[i], Y: hi[i]})
	}
	poly, err := plotter.NewPolygon(xys)
	if err != nil {
		panic("reports: " + err.Error()) // only for NaN or Inf, which callers clip
	}
	poly.Color = translucent(c, 0x38)
	poly.LineStyle.Width = 0
	return poly
}

func xysOf(xs, ys []float64) plotter.XYs {
	xys := make(plotter.XYs, len(xs))
	for i := range xs {
		xys[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	return xys
}

// bandsFigure draws the counts of the replications of one point: each
// pool's median count over time and the band between the 5th and 95th
// percentiles, with the thresholds, on the time axis of the first run.
func bandsFigure(b *batch.Result) *figure {
	res := b.First
	n := len(b.Seeds)
	f := &figure{name: "bands", title: "Host counts over the replications", legend: newLegend(), height: chartHeight}
	p := basePlot(res, fmt.Sprintf("KMS host counts over %d replications: median and 5–95%% band", n), "count")
	f.plots = []*plot.Plot{p}
	chosen, _ := choosePools(res)
	colors := assignHostColors(chosen, busiestHosts(res))
	xs := dayXs(b.Bands.Times)
	top := 1.0
	thresholds := map[int]bool{}
	for _, r := range chosen {
		s := bandOf(b.Bands, res.Hosts[r.host].Name, r.pool.Pool)
		if s == nil {
			continue
		}
		for _, v := range s.P95 {
			top = max(top, v)
		}
		if s.Threshold > 0 {
			thresholds[s.Threshold] = true
			top = max(top, float64(s.Threshold))
		}
	}
	for _, t := range slices.Sorted(maps.Keys(thresholds)) {
		l := line(plotter.XYs{{X: 0, Y: float64(t)}, {X: days(res.Duration), Y: float64(t)}}, grey, 1.2, 6, 4)
		p.Add(l)
		f.add(fmt.Sprintf("threshold %d", t), l)
	}
	addMarkers(p, res, nil, -1, math.Ceil(top*1.2)+1)
	for _, r := range chosen {
		s := bandOf(b.Bands, res.Hosts[r.host].Name, r.pool.Pool)
		if s == nil {
			continue
		}
		c := colors[r.host]
		p.Add(band(xs, s.P05, s.P95, c))
		l := line(xysOf(xs, s.Median), c, 1.8)
		p.Add(l)
		f.add(r.name(res)+" median", l)
	}
	swatch := band([]float64{0, 1}, []float64{0, 0}, []float64{1, 1}, grey)
	f.add("5–95% of replications", swatch)
	fixX(p, res)
	p.Y.Min, p.Y.Max = -1, math.Ceil(top*1.2)+1

	// Below, on the same time axis, the licensed clients of each product.
	lp := basePlot(res, "Licensed clients: median and 5–95% band", "clients")
	most := 1.0
	k := 0
	for i := range b.Bands.Series {
		s := &b.Bands.Series[i]
		if s.Product == "" {
			continue
		}
		c := groupColor(k)
		k++
		lp.Add(band(xs, s.P05, s.P95, c))
		l := line(xysOf(xs, s.Median), c, 1.8)
		lp.Add(l)
		f.add(string(s.Product)+" licensed", l)
		for _, v := range s.P95 {
			most = max(most, v)
		}
	}
	fixX(lp, res)
	lp.Y.Min, lp.Y.Max = 0, math.Ceil(most*1.1)
	f.plots = append(f.plots, lp)
	f.height = chartHeight + panelHeight
	return f
}

// bandOf finds the band of a host's pool.
func bandOf(b *batch.Bands, host string, pool scenarios.Pool) *batch.Band {
	for i := range b.Series {
		if s := &b.Series[i]; s.Host == host && s.Pool == pool {
			return s
		}
	}
	return nil
}

// paramValue is the position of a parameter value on a chart's axis:
// the number, or a duration in days.
func paramValue(v scenarios.Value) float64 {
	if f, err := strconv.ParseFloat(string(v), 64); err == nil {
		return f
	}
	if d, err := scenarios.ParseDuration(string(v)); err == nil {
		return days(engine.Time(d))
	}
	return math.NaN() // Validate accepts only numbers and durations
}

// sweepPlot returns a plot whose x axis is the sweep's parameter.
func sweepPlot(b *batch.Result, title, ylabel string) *plot.Plot {
	xlabel := b.Parameters[0].Path
	if _, err := strconv.ParseFloat(string(b.Parameters[0].Values[0]), 64); err != nil {
		xlabel += " (days)"
	}
	p := newPlot(title, xlabel, ylabel)
	addGrid(p)
	return p
}

// sweepXs returns the x of each finished point.
func sweepXs(b *batch.Result) []float64 {
	xs := make([]float64, len(b.Points))
	for i, p := range b.Points {
		xs[i] = paramValue(p.Values[0])
	}
	return xs
}

// addSeries draws one outcome over the points: the median (or
// probability) as a line with dots, and its band.
func addSeries(f *figure, p *plot.Plot, xs, mid, lo, hi []float64, c color.NRGBA, name string) {
	if len(xs) == 0 {
		return
	}
	p.Add(band(xs, lo, hi, c))
	l := line(xysOf(xs, mid), c, 1.8)
	dots, _ := plotter.NewScatter(xysOf(xs, mid))
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = 2.5
	dots.GlyphStyle.Color = c
	p.Add(l, dots)
	f.add(name, l, dots)
}

func sweepExpectFigure(b *batch.Result) *figure {
	f := &figure{name: "sweep-expect", title: "Probability that the expectations hold", legend: newLegend(), height: chartHeight}
	p := sweepPlot(b, fmt.Sprintf("Probability that the expectations hold (%d replications per point, 95%% intervals)", len(b.Seeds)), "probability")
	f.plots = []*plot.Plot{p}
	xs := sweepXs(b)
	if len(xs) > 0 {
		ref := line(plotter.XYs{{X: xs[0], Y: PlanningProbability}, {X: xs[len(xs)-1], Y: PlanningProbability}}, grey, 1, 6, 4)
		p.Add(ref)
		f.add(fmt.Sprintf("%.0f%%", PlanningProbability*100), ref)
	}
	probs := func(get func(*batch.Point) batch.Probability) (mid, lo, hi []float64) {
		for i := range b.Points {
			pr := get(&b.Points[i])
			mid, lo, hi = append(mid, pr.P), append(lo, pr.Low), append(hi, pr.High)
		}
		return
	}
	for i, name := range b.Expectations {
		if i == MaxChartLines {
			break
		}
		mid, lo, hi := probs(func(p *batch.Point) batch.Probability { return p.Held()[i] })
		addSeries(f, p, xs, mid, lo, hi, hostColor(i), name)
	}
	if len(b.Expectations) > 1 {
		mid, lo, hi := probs((*batch.Point).AllHeld)
		addSeries(f, p, xs, mid, lo, hi, black, "every expectation at once")
	}
	p.Y.Min, p.Y.Max = 0, 1.02
	return f
}

func sweepBelowFigure(scn *scenarios.Scenario, b *batch.Result) *figure {
	f := &figure{name: "sweep-below", title: "When a count first falls below its threshold", legend: newLegend(), height: chartHeight}
	p := sweepPlot(b, "Day a host's count first falls below its threshold: median and 5–95% of replications", "day")
	f.plots = []*plot.Plot{p}
	end := days(engine.Time(scn.Duration))
	xs := sweepXs(b)
	var mid, lo, hi []float64
	for i := range b.Points {
		d := b.Points[i].Milestone(batch.Key{Kind: batch.KindAnyBelow})
		// Never within the run is drawn at the run's end, which the
		// dashed line marks.
		mid = append(mid, min(batch.Days(d.Median), end))
		lo = append(lo, min(batch.Days(d.P05), end))
		hi = append(hi, min(batch.Days(d.P95), end))
	}
	if len(xs) > 0 {
		ref := line(plotter.XYs{{X: xs[0], Y: end}, {X: xs[len(xs)-1], Y: end}}, grey, 1, 6, 4)
		p.Add(ref)
		f.add("end of run: never below", ref)
	}
	addSeries(f, p, xs, mid, lo, hi, hostColor(2), "first fall below a threshold")
	p.Y.Min, p.Y.Max = 0, end*1.05
	return f
}

func sweepUnlicensedFigure(b *batch.Result) *figure {
	f := &figure{name: "sweep-unlicensed", title: "Clients not licensed at the end", legend: newLegend(), height: chartHeight}
	p := sweepPlot(b, "Clients not licensed at the end of the run: median and 5–95% of replications", "clients")
	f.plots = []*plot.Plot{p}
	xs := sweepXs(b)
	var products []scenarios.Product
	if len(b.Points) > 0 {
		for _, l := range b.Points[0].NotLicensed() {
			products = append(products, l.Product)
		}
	}
	top := 1.0
	for k, prod := range products {
		var mid, lo, hi []float64
		for i := range b.Points {
			d := b.Points[i].NotLicensed()[k].Distribution
			mid, lo, hi = append(mid, d.Median), append(lo, d.P05), append(hi, d.P95)
			top = max(top, d.P95)
		}
		addSeries(f, p, xs, mid, lo, hi, groupColor(k), string(prod))
	}
	p.Y.Min, p.Y.Max = 0, math.Ceil(top*1.1)
	return f
}

// grid is a sweep of two parameters as a heat map: column c is the c-th
// value of the first parameter, row r the r-th of the second.
type grid struct {
	cols, rows int
	z          []float64 // NaN where the point did not finish
}

func (g grid) Dims() (c, r int)        { return g.cols, g.rows }
func (g grid) Z(c, r int) float64      { return g.z[c*g.rows+r] }
func (g grid) X(c int) float64         { return float64(c) }
func (g grid) Y(r int) float64         { return float64(r) }
func (g grid) index(c, r int) *float64 { return &g.z[c*g.rows+r] }

// heatFigure draws value(point) over the first two parameters, each cell
// labelled with its value, red for lo and green for hi.
func heatFigure(b *batch.Result, name, title, what string, value func(*batch.Point) float64, lo, hi float64, decimals int) *figure {
	f := &figure{name: name, title: title, legend: newLegend(), height: chartHeight}
	p1, p2 := b.Parameters[0], b.Parameters[1]
	g := grid{cols: len(p1.Values), rows: len(p2.Values), z: make([]float64, len(p1.Values)*len(p2.Values))}
	for i := range g.z {
		g.z[i] = math.NaN()
	}
	for i := range b.Points {
		pt := &b.Points[i]
		// Points are numbered with the first parameter varying slowest.
		*g.index(pt.Index/g.rows, pt.Index%g.rows) = value(pt)
	}
	pal := heatPalette()
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = lo, max(hi, lo+1e-9)
	h.NaN = gridGrey
	p := newPlot(title, p1.Path, p2.Path)
	p.Add(h)
	var labels plotter.XYLabels
	for c := range g.cols {
		for r := range g.rows {
			if z := g.Z(c, r); !math.IsNaN(z) {
				labels.XYs = append(labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
				labels.Labels = append(labels.Labels, strconv.FormatFloat(z, 'f', decimals, 64))
			}
		}
	}
	if len(labels.XYs) > 0 && g.cols*g.rows <= 400 {
		l, err := plotter.NewLabels(labels)
		if err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].Font = sans(small)
				l.TextStyle[i].XAlign = text.XCenter
				l.TextStyle[i].YAlign = text.YCenter
				// White on the palette's dark ends, black on its light middle.
				if f := (g.Z(int(labels.XYs[i].X), int(labels.XYs[i].Y)) - lo) / (hi - lo); f < 0.2 || f > 0.8 {
					l.TextStyle[i].Color = color.White
				}
			}
			p.Add(l)
		}
	}
	names := func(vs []scenarios.Value) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = string(v)
		}
		return out
	}
	p.NominalX(names(p1.Values)...)
	p.NominalY(names(p2.Values)...)
	f.plots = []*plot.Plot{p}
	// The legend is the colour scale, in five steps.
	colors := pal.Colors()
	for k := range 5 {
		v := lo + (hi-lo)*float64(k)/4
		sw, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}})
		sw.Color = colors[min(len(colors)-1, k*(len(colors)-1)/4)]
		sw.LineStyle.Width = 0
		f.add(fmt.Sprintf("%s %s", what, strconv.FormatFloat(v, 'f', decimals, 64)), sw)
	}
	if len(b.Points) < g.cols*g.rows {
		sw, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}})
		sw.Color = gridGrey
		sw.LineStyle.Width = 0
		f.add("not run (batch stopped)", sw)
	}
	return f
}

// heatPalette runs from red (bad: low probability, an early fall) through
// yellow to green: ColorBrewer's RdYlGn, which stays readable in grey.
func heatPalette() plotpalette.Palette {
	p, err := brewer.GetPalette(brewer.TypeDiverging, "RdYlGn", 11)
	if err != nil {
		panic("reports: " + err.Error()) // a fixed, existing palette
	}
	return p
}

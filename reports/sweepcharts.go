package reports

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// paramValue is the position of a parameter value on a chart's axis:
// the number, or a duration in days.
func paramValue(v scenarios.Value) float64 {
	if f, ok := v.Number(); ok {
		return f
	}
	return math.NaN() // Validate accepts only numbers and durations
}

// sweepPlot returns a plot whose x axis is the sweep's parameter.
func sweepPlot(b *batch.Result, title, ylabel string) *plot.Plot {
	xlabel := b.Parameters[0].Name()
	if _, err := strconv.ParseFloat(string(b.Parameters[0].Values[0]), 64); err != nil {
		xlabel += " (days)"
	}
	p := newPlot(title, xlabel, ylabel)
	if integral(sweepXs(b)) {
		p.X.Tick.Marker = integerTicks // a sweep over 1, 2, 3 servers has no tick at 1.5
	}
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
// probability) as a line with dots, and its band. A NaN in mid is a
// point without a value (a median of never): the line breaks there
// rather than joining its neighbours through a value nobody measured.
func addSeries(f *figure, p *plot.Plot, xs, mid, lo, hi []float64, c color.NRGBA, name string) {
	if len(xs) == 0 {
		return
	}
	p.Add(band(xs, lo, hi, c))
	runs := finiteRuns(xs, mid)
	var all plotter.XYs
	for _, run := range runs {
		p.Add(line(run, c, 1.8))
		all = append(all, run...)
	}
	dots, _ := plotter.NewScatter(all)
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = 2.5
	dots.GlyphStyle.Color = c
	p.Add(dots)
	f.add(name, line(nil, c, 1.8), dots)
}

// finiteRuns splits the points (xs, ys) at each NaN y into runs of
// consecutive points, each to be drawn as a line of its own.
func finiteRuns(xs, ys []float64) []plotter.XYs {
	var runs []plotter.XYs
	var run plotter.XYs
	for i, y := range ys {
		if math.IsNaN(y) {
			if len(run) > 0 {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		run = append(run, plotter.XY{X: xs[i], Y: y})
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
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

func sweepBelowFigure(b *batch.Result) *figure {
	scn := b.Scenario
	f := &figure{name: "sweep-below", title: "When a count first falls below its threshold", legend: newLegend(), height: chartHeight}
	p := sweepPlot(b, "Day a host's count first falls below its threshold: median and 5–95% of replications", "day")
	f.plots = []*plot.Plot{p}
	end := scn.Duration.Days()
	xs := sweepXs(b)
	var mid, lo, hi []float64
	var never plotter.XYs
	for i := range b.Points {
		d := b.Points[i].Milestone(batch.Key{Kind: batch.KindAnyBelow})
		// Never within the run is drawn at the run's end, which the
		// dashed line marks: in the band as its edge, and a median of
		// never as its own mark, not a fall on the last day that the
		// median line would join to its neighbours.
		m := batch.Days(d.Median)
		if math.IsInf(m, 1) {
			never = append(never, plotter.XY{X: xs[i], Y: end})
			m = math.NaN()
		}
		mid = append(mid, m)
		lo = append(lo, min(batch.Days(d.P05), end))
		hi = append(hi, min(batch.Days(d.P95), end))
	}
	if len(xs) > 0 {
		ref := line(plotter.XYs{{X: xs[0], Y: end}, {X: xs[len(xs)-1], Y: end}}, grey, 1, 6, 4)
		p.Add(ref)
		f.add("end of run: never below", ref)
	}
	addSeries(f, p, xs, mid, lo, hi, hostColor(2), "first fall below a threshold")
	if len(never) > 0 {
		sc := blackMarks(never, draw.PyramidGlyph{}, 5)
		p.Add(sc)
		f.add("median: never below within the run", sc)
	}
	p.Y.Min, p.Y.Max = 0, end*1.05
	return f
}

func sweepUnlicensedFigure(b *batch.Result) *figure {
	f := &figure{name: "sweep-unlicensed", title: "Clients not licensed at the end", legend: newLegend(), height: chartHeight}
	p := sweepPlot(b, "Clients not licensed at the end of the run: median and 5–95% of replications", "clients")
	p.Y.Tick.Marker = integerTicks
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

// integral reports whether every x is a whole number.
func integral(xs []float64) bool {
	for _, x := range xs {
		if x != math.Trunc(x) {
			return false
		}
	}
	return true
}

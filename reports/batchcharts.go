package reports

import (
	"image/color"

	"gonum.org/v1/plot/plotter"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
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
		end := scn.Duration.Days()
		figs = append(figs, heatFigure(b, "heat-below",
			"Median day a count first falls below its threshold",
			"day", func(p *batch.Point) float64 {
				return batch.Days(p.Milestone(batch.Key{Kind: batch.KindAnyBelow}).Median) // +Inf: never
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
	keep := keepIndexes(xs, [][]float64{lo, hi}, lineColumns)
	for _, i := range keep {
		xys = append(xys, plotter.XY{X: xs[i], Y: lo[i]})
	}
	for k := len(keep) - 1; k >= 0; k-- {
		i := keep[k]
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

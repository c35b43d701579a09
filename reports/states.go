package reports

import (
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/sim"
)

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
	adLine := false
	for pi := range res.Products {
		ps := &res.Products[pi]
		p := basePlot(res, "Clients of "+string(ps.Product)+" by state", "clients")
		// The bands stack: one set of sample indexes, which keeps each
		// state's extremes per pixel column, serves all of them.
		var counts [][]float64
		for _, s := range order {
			c := make([]float64, len(res.Times))
			for i := range c {
				c[i] = float64(ps.Clients[s][i])
			}
			counts = append(counts, c)
		}
		keep := keepIndexes(dayXs(res.Times), counts, lineColumns)
		lower := make([]float64, len(res.Times))
		for si, s := range order {
			upper := make([]float64, len(res.Times))
			any := false
			for i := range res.Times {
				upper[i] = lower[i] + counts[si][i]
				any = any || ps.Clients[s][i] > 0
			}
			if any {
				xys := make(plotter.XYs, 0, 2*len(keep))
				for _, i := range keep {
					xys = append(xys, plotter.XY{X: sim.Days(res.Times[i]), Y: upper[i]})
				}
				for k := len(keep) - 1; k >= 0; k-- {
					i := keep[k]
					xys = append(xys, plotter.XY{X: sim.Days(res.Times[i]), Y: lower[i]})
				}
				poly, _ := plotter.NewPolygon(xys)
				poly.Color = stateColors[s]
				poly.LineStyle.Width = 0
				p.Add(poly)
			}
			lower = upper
		}
		// K34: the clients AD licensed, a part of the licensed band.
		if res.AD && slices.ContainsFunc(ps.LicensedAD, func(v int32) bool { return v > 0 }) {
			xys := make(plotter.XYs, len(res.Times))
			for i, t := range res.Times {
				xys[i] = plotter.XY{X: sim.Days(t), Y: float64(ps.LicensedAD[i])}
			}
			p.Add(line(xys, adColor, 1.5, 4, 2))
			adLine = true
		}
		fixX(p, res)
		p.Y.Min = 0
		f.plots = append(f.plots, p)
	}
	if adLine {
		f.add("of them, licensed by AD", line(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}}, adColor, 1.5, 4, 2))
	}
	if len(f.plots) == 0 {
		p := basePlot(res, "Client states — no clients", "clients")
		fixX(p, res)
		f.plots = []*plot.Plot{p}
	}
	f.height = max(chartHeight, vg.Length(len(f.plots))*panelHeight+0.4*vg.Inch)
	return f
}

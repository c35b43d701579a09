package reports

import (
	"image/color"

	"gonum.org/v1/plot/plotter"
)

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

package reports

import (
	"fmt"
	"image/color"
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
)

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
// labelled with its value, light for lo and dark for hi. A value of +Inf
// (a milestone never reached within the run) is its own colour, beyond
// the scale, labelled "never".
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
	h.Overflow = neverColor
	p := newPlot(title, p1.Name(), p2.Name())
	p.Add(h)
	var labels plotter.XYLabels
	for c := range g.cols {
		for r := range g.rows {
			if z := g.Z(c, r); !math.IsNaN(z) {
				labels.XYs = append(labels.XYs, plotter.XY{X: float64(c), Y: float64(r)})
				s := strconv.FormatFloat(z, 'f', decimals, 64)
				if math.IsInf(z, 1) {
					s = "never"
				}
				labels.Labels = append(labels.Labels, s)
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
				// White on the palette's dark end, black on its light one.
				if f := (g.Z(int(labels.XYs[i].X), int(labels.XYs[i].Y)) - lo) / (hi - lo); f > 0.6 {
					l.TextStyle[i].Color = color.White
				}
			}
			p.Add(cellLabels{l})
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
	if slices.ContainsFunc(g.z, func(z float64) bool { return math.IsInf(z, 1) }) {
		sw, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}})
		sw.Color = neverColor
		sw.LineStyle.Width = 0
		f.add("never within the run", sw)
	}
	if len(b.Points) < g.cols*g.rows {
		sw, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}})
		sw.Color = gridGrey
		sw.LineStyle.Width = 0
		f.add("not run (batch stopped)", sw)
	}
	return f
}

// heatPalette runs from light (bad: a low probability, an early fall) to
// dark blue (good): ColorBrewer's single-hue Blues, which reads the same to
// every eye and in grey, unlike red against green.
func heatPalette() plotpalette.Palette {
	p, err := brewer.GetPalette(brewer.TypeSequential, "Blues", 9)
	if err != nil {
		panic("reports: " + err.Error()) // a fixed, existing palette
	}
	return p
}

// neverColor is a heat map's colour for "never within the run": darker
// than the scale's darkest blue, and not a blue.
var neverColor = color.NRGBA{0x1a, 0x1a, 0x40, 0xff}

// cellLabels are a heat map's values in its cells: at the annotations'
// size, which a narrow chart raises (see figure.narrow).
type cellLabels struct{ *plotter.Labels }

// Plot draws the labels, at the placing canvas' size of text when it has
// one.
func (l cellLabels) Plot(c draw.Canvas, p *plot.Plot) {
	if pl := placingOf(c.Canvas); pl != nil && pl.textSize > 0 {
		big := *l.Labels
		big.TextStyle = slices.Clone(l.TextStyle)
		for i := range big.TextStyle {
			big.TextStyle[i].Font.Size = pl.textSize
		}
		big.Plot(c, p)
		return
	}
	l.Labels.Plot(c, p)
}

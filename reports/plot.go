package reports

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

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
	p.X.Max = sim.Days(res.Duration)
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
		x := sim.Days(s.At)
		xys = append(xys, plotter.XY{X: x, Y: v}, plotter.XY{X: x, Y: float64(s.Value)})
		v = float64(s.Value)
	}
	return append(xys, plotter.XY{X: sim.Days(end), Y: v})
}

// sampleLine draws a series sampled at res.Times.
func sampleLine(res *sim.Result, v []float64, c color.Color) *plotter.Line {
	return line(xysOf(dayXs(res.Times), v), c, 1.8)
}

// dayXs returns times as positions on a time axis, in days.
func dayXs(times []engine.Time) []float64 {
	xs := make([]float64, len(times))
	for i, t := range times {
		xs[i] = sim.Days(t)
	}
	return xs
}

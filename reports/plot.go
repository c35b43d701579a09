package reports

import (
	"cmp"
	"image/color"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// basePlot returns a plot with the time axis of res, a light grid, and a
// value axis of whole numbers (counts, clients, machines); a chart of
// rates sets its own ticker.
func basePlot(res *sim.Result, title, ylabel string) *plot.Plot {
	xlabel := "days since the start"
	if !res.Start.IsZero() {
		xlabel = "date (UTC)"
	}
	p := newPlot(title, xlabel, ylabel)
	p.X.Tick.Marker = timeTicker{start: res.Start.Time}
	p.Y.Tick.Marker = integerTicks
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

// line draws xys as a line of colour c, width and dashes. A series of
// more points than the chart has pixel columns is decimated first (see
// decimate), and drawn in pieces (seriesLine): the rasterizer of PNG
// charts slows down with the square of one stroke's length.
func line(xys plotter.XYs, c color.Color, width vg.Length, dashes ...vg.Length) seriesLine {
	l, err := plotter.NewLine(decimate(xys, lineColumns))
	if err != nil {
		panic("reports: " + err.Error()) // only for NaN or Inf, which the series never hold
	}
	l.Color = c
	l.Width = width
	l.Dashes = dashes
	return seriesLine{l}
}

// lineColumns is how many columns decimate keeps a line's extremes in:
// about the pixel columns of a chart's plotting area in a PNG.
const lineColumns = 1000

// decimate returns xys (in increasing X) with at most four points per
// column of n equal columns across its X range: the first, the lowest, the
// highest and the last of each, in their order. Every extreme and every
// jump (a step of a count across its threshold is a jump) stays exact;
// only points that no pixel could show apart go. A short series comes back
// as it is.
func decimate(xys plotter.XYs, n int) plotter.XYs {
	if len(xys) <= 4*n {
		return xys
	}
	x0, x1 := xys[0].X, xys[len(xys)-1].X
	if x1 <= x0 {
		return xys
	}
	out := make(plotter.XYs, 0, 4*n)
	col := func(x float64) int { return min(int((x-x0)/(x1-x0)*float64(n)), n-1) }
	for i := 0; i < len(xys); {
		c := col(xys[i].X)
		j, lo, hi := i, i, i
		for j < len(xys) && col(xys[j].X) == c {
			if xys[j].Y < xys[lo].Y {
				lo = j
			}
			if xys[j].Y > xys[hi].Y {
				hi = j
			}
			j++
		}
		keep := []int{i, lo, hi, j - 1}
		slices.Sort(keep)
		for k, idx := range keep {
			if k == 0 || idx != keep[k-1] {
				out = append(out, xys[idx])
			}
		}
		i = j
	}
	return out
}

// seriesLine is a line drawn in pieces of at most linePiece points, which
// keeps drawing a long series linear in its length.
type seriesLine struct{ *plotter.Line }

// linePiece is the most points one stroke of a seriesLine holds.
const linePiece = 256

// Plot draws the line piece by piece, each piece sharing its first point
// with the last of the one before.
func (l seriesLine) Plot(c draw.Canvas, p *plot.Plot) {
	all := l.XYs
	defer func() { l.XYs = all }()
	for start := 0; start == 0 || start < len(all)-1; start += linePiece {
		l.XYs = all[start:min(start+linePiece+1, len(all))]
		l.Line.Plot(c, p)
	}
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
func sampleLine(res *sim.Result, v []float64, c color.Color) seriesLine {
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

// stackedWidth is the width of the i-th of n lines that may lie on one
// another: the first drawn is the widest, so that a line drawn later on top
// of it leaves it showing on both sides, and coinciding lines stay visible.
func stackedWidth(i, n int) vg.Length {
	return 1.8 + 1.3*vg.Length(min(n-1-i, 3))
}

// endLabel is a line's name at its right end.
type endLabel struct {
	name  string
	y     float64
	c     color.Color
	short string // the name in fewer words, or ""
}

// addEndLabels writes each line's name at its end, at x; lines that end
// at one value share a label, "kms2 = kms1", so that a reader knows both
// are there though one hides the other. Each label takes the nearest
// place to its line's end that no line crosses (see placedLabel).
func addEndLabels(p *plot.Plot, x float64, labels []endLabel) {
	// A short name shared by two lines (a host's Windows and Office
	// counts) would not tell them apart.
	seen := map[string]int{}
	for _, l := range labels {
		seen[l.short]++
	}
	for i := range labels {
		if seen[labels[i].short] > 1 {
			labels[i].short = ""
		}
	}
	slices.SortStableFunc(labels, func(a, b endLabel) int { return cmp.Compare(a.y, b.y) })
	var groups [][]endLabel
	for _, l := range labels {
		if n := len(groups); n > 0 && groups[n-1][0].y == l.y {
			groups[n-1] = append(groups[n-1], l)
			continue
		}
		groups = append(groups, []endLabel{l})
	}
	for _, g := range groups {
		names := make([]string, len(g))
		for i, l := range g {
			names[i] = l.name
		}
		c := g[0].c
		if len(g) > 1 {
			c = black
		}
		// Left of the line's end, above it or else below, stepping out
		// until no line crosses it.
		var spots []spot
		for back := vg.Length(4); back <= 124; back += 30 {
			for d := vg.Length(0); d <= 60; d += 6 {
				spots = append(spots, spot{text.XRight, vg.Point{X: -back, Y: 3 + d}}, spot{text.XRight, vg.Point{X: -back, Y: -13 - d}})
			}
		}
		l := newLabel(x, g[0].y, strings.Join(names, " = "), c, spots)
		// Where no place is free, the hosts' names alone: "kms2" for
		// "kms2 windows".
		short := make([]string, len(g))
		for i, e := range g {
			short[i] = e.short
		}
		if !slices.Contains(short, "") {
			l.fewer = []string{strings.Join(short, " = ")}
		}
		p.Add(l)
	}
}

// keepIndexes returns the indexes of xs (increasing) that stacked series
// drawn over it keep: for each of n equal columns of the X range, the
// first and last index, and the index of each series' lowest and highest
// value there. Stacked areas share one set, so that they still stack; a
// short axis keeps every index.
func keepIndexes(xs []float64, series [][]float64, n int) []int {
	all := make([]int, len(xs))
	for i := range all {
		all[i] = i
	}
	if len(xs) <= 4*n || xs[len(xs)-1] <= xs[0] {
		return all
	}
	x0, x1 := xs[0], xs[len(xs)-1]
	col := func(x float64) int { return min(int((x-x0)/(x1-x0)*float64(n)), n-1) }
	var keep []int
	for i := 0; i < len(xs); {
		c := col(xs[i])
		j := i
		for j < len(xs) && col(xs[j]) == c {
			j++
		}
		mark := []int{i, j - 1}
		for _, s := range series {
			lo, hi := i, i
			for k := i; k < j; k++ {
				if s[k] < s[lo] {
					lo = k
				}
				if s[k] > s[hi] {
					hi = k
				}
			}
			mark = append(mark, lo, hi)
		}
		slices.Sort(mark)
		keep = append(keep, slices.Compact(mark)...)
		i = j
	}
	return keep
}

// blackMarks returns black glyphs of a shape and radius at xys: the marks
// a chart sets beside its lines (a pyramid for "never within the run", a
// triangle for "the end of the range holds").
func blackMarks(xys plotter.XYs, shape draw.GlyphDrawer, radius vg.Length) *plotter.Scatter {
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		panic("reports: " + err.Error()) // only for NaN or Inf, which callers leave out
	}
	sc.GlyphStyle.Shape = shape
	sc.GlyphStyle.Radius = radius
	sc.GlyphStyle.Color = black
	return sc
}

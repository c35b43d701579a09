package backtest

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"github.com/kmssim/kmssim/scenarios/words"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The two kinds' colours, as the report's counts and lapses are drawn.
var (
	countColor = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	lapseColor = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	// pessimisticColor draws the counts by the pessimistic forecast.
	pessimisticColor = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
)

// ChartSVG draws every scored forecast against its horizon: a hit at the
// days after its cut the log saw it and the median run's time less the
// log's; a miss (the runs saw none) at the log's day along the top edge,
// infinitely late; a false alarm at the median run's day along the
// bottom edge, infinitely early; and the mean absolute error of each
// horizon bucket (BucketWidth) as a line. Counts are drawn twice, by the
// runs and by the pessimistic forecast (Cut.IfOverdueLeave). Only what
// is drawn has a legend entry. The fonts are not embedded, so the same
// result gives the same bytes.
func (r *Result) ChartSVG() ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Forecast error against horizon (%s)", words.Plural(len(r.Cuts), "cut"))
	p.X.Label.Text = "days after the cut"
	p.Y.Label.Text = "error, days (+ late, − early)"
	p.X.Min, p.X.Max = 0, float64(r.Options.Horizon)/86400
	p.Add(plotter.NewGrid())
	kinds := []chartKind{
		{"counts below threshold, by the runs", countColor, draw.SquareGlyph{}, func(c Cut) []Item { return c.Counts }, r.Buckets(true)},
		{"the same if overdue do not return", pessimisticColor, draw.TriangleGlyph{}, func(c Cut) []Item { return c.IfOverdueLeave }, nil},
		{"activations lapsing", lapseColor, draw.CircleGlyph{}, func(c Cut) []Item { return c.Lapses }, r.Buckets(false)},
	}
	// The edges: a little beyond the largest error of a hit, a day at
	// least.
	edge := 1.0
	for _, k := range kinds {
		for _, it := range allItems(r, k.items) {
			if e := it.ErrorDays(); !math.IsNaN(e) {
				edge = max(edge, math.Abs(e))
			}
		}
	}
	edge *= 1.2
	p.Y.Min, p.Y.Max = -edge*1.1, edge*1.1
	for _, kind := range kinds {
		if err := r.drawKind(p, kind, edge); err != nil {
			return nil, err
		}
	}
	// The legend goes below the plot, where it hides no miss.
	legend := p.Legend
	p.Legend = plot.NewLegend()
	legend.Top, legend.Left = true, true
	pad := vg.Points(8)
	lh := legend.Rectangle(draw.New(vgsvg.New(vg.Inch, vg.Inch))).Size().Y + 2*pad
	w, h := 7*vg.Inch, 4*vg.Inch
	c := vgsvg.NewWith(vgsvg.UseWH(w, h+lh), vgsvg.EmbedFonts(false))
	dc := draw.New(c)
	p.Draw(draw.Crop(dc, 0, 0, lh, 0))
	legend.Draw(draw.Crop(dc, pad, 0, pad, -h-pad))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("backtest chart: %w", err)
	}
	return buf.Bytes(), nil
}

// chartKind is one kind of forecast the chart draws.
type chartKind struct {
	name    string
	c       color.Color
	shape   draw.GlyphDrawer
	items   func(Cut) []Item
	buckets [][]Item // by horizon, for the mean |error| line; nil for none
}

// drawKind adds kind's hits, misses (at edge) and false alarms (at
// -edge) to p, with the mean absolute error by month as a line, and a
// legend entry for each that is drawn: the first carries the kind's
// summary.
func (r *Result) drawKind(p *plot.Plot, kind chartKind, edge float64) error {
	var hits, misses, alarms plotter.XYs
	for _, it := range allItems(r, kind.items) {
		switch it.Outcome() {
		case Hit:
			hits = append(hits, plotter.XY{X: float64(it.Truth) / 86400, Y: it.ErrorDays()})
		case Missed:
			misses = append(misses, plotter.XY{X: float64(it.Truth) / 86400, Y: edge})
		case FalseAlarm:
			alarms = append(alarms, plotter.XY{X: float64(it.Forecast.Median()) / 86400, Y: -edge})
		}
	}
	s := Score(allItems(r, kind.items), r.Options.Interval)
	summary := fmt.Sprintf("%s: %s of %d", kind.name, words.Plural(s.Hits, "hit"), s.N)
	if len(kind.buckets) > 0 {
		summary += ", " + covered(s) + " covered"
	}
	summarised := false
	for _, g := range []struct {
		pts   plotter.XYs
		label string
		style draw.GlyphStyle
	}{
		{hits, summary, draw.GlyphStyle{Color: kind.c, Radius: vg.Points(2.5), Shape: kind.shape}},
		{misses, fmt.Sprintf("  %d %s (along the top edge)", s.Missed, words.Choose(s.Missed, "miss", "misses")), draw.GlyphStyle{Color: kind.c, Radius: vg.Points(3), Shape: draw.CrossGlyph{}}},
		{alarms, fmt.Sprintf("  %s (along the bottom edge)", words.Plural(s.FalseAlarms, "false alarm")), draw.GlyphStyle{Color: kind.c, Radius: vg.Points(3), Shape: draw.PlusGlyph{}}},
	} {
		if len(g.pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(g.pts)
		if err != nil {
			return fmt.Errorf("backtest chart: %w", err)
		}
		sc.GlyphStyle = g.style
		p.Add(sc)
		if !summarised && g.label != summary {
			g.label = summary + ";" + g.label // the kind's summary goes with the first thing drawn
		}
		summarised = true
		p.Legend.Add(g.label, sc)
	}
	var mae plotter.XYs
	for i, b := range kind.buckets {
		if s := Score(b, r.Options.Interval); !math.IsNaN(s.MeanAbsErrorDays) {
			mae = append(mae, plotter.XY{X: (float64(i) + 0.5) * float64(BucketWidth) / 86400, Y: s.MeanAbsErrorDays})
		}
	}
	if len(mae) > 0 {
		l, err := plotter.NewLine(mae)
		if err != nil {
			return fmt.Errorf("backtest chart: %w", err)
		}
		l.Color, l.Dashes = kind.c, []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(l)
		p.Legend.Add("  mean |error| by month of horizon", l)
	}
	return nil
}

// allItems returns the items of every cut that items picks.
func allItems(r *Result, items func(Cut) []Item) []Item {
	var out []Item
	for _, c := range r.Cuts {
		out = append(out, items(c)...)
	}
	return out
}

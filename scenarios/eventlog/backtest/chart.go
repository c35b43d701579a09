package backtest

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

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
)

// ChartSVG draws the error of every hit against its horizon: a point per
// count and per machine (days after its cut the log saw it, and the
// median run's time less the log's), and the mean absolute error of each
// horizon bucket (BucketWidth) as a line. The fonts are not embedded, so
// the same result gives the same bytes.
func (r *Result) ChartSVG() ([]byte, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Forecast error against horizon (%d cuts)", len(r.Cuts))
	p.X.Label.Text = "days after the cut"
	p.Y.Label.Text = "error, days (+ late, − early)"
	p.X.Min, p.X.Max = 0, float64(r.Options.Horizon)/86400
	p.Add(plotter.NewGrid())
	buckets := [2][][]Item{r.Buckets(true), r.Buckets(false)}
	for k, kind := range []struct {
		name  string
		c     color.Color
		shape draw.GlyphDrawer
		items func(Cut) []Item
	}{
		{"counts below threshold", countColor, draw.SquareGlyph{}, func(c Cut) []Item { return c.Counts }},
		{"activations lapsing", lapseColor, draw.CircleGlyph{}, func(c Cut) []Item { return c.Lapses }},
	} {
		var pts plotter.XYs
		for _, c := range r.Cuts {
			for _, it := range kind.items(c) {
				if it.Outcome() == Hit {
					pts = append(pts, plotter.XY{X: float64(it.Truth) / 86400, Y: it.ErrorDays()})
				}
			}
		}
		var mae plotter.XYs
		for i, b := range buckets[k] {
			if s := Score(b, r.Options.Interval); !math.IsNaN(s.MeanAbsErrorDays) {
				mae = append(mae, plotter.XY{X: (float64(i) + 0.5) * float64(BucketWidth) / 86400, Y: s.MeanAbsErrorDays})
			}
		}
		s := Score(allItems(r, kind.items), r.Options.Interval)
		label := fmt.Sprintf("%s: %d hits of %d, %s covered", kind.name, s.Hits, s.N, covered(s))
		if len(pts) > 0 {
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("backtest chart: %w", err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: kind.c, Radius: vg.Points(2.5), Shape: kind.shape}
			p.Add(sc)
			p.Legend.Add(label, sc)
		} else {
			p.Legend.Add(label + " (no hits)")
		}
		if len(mae) > 0 {
			l, err := plotter.NewLine(mae)
			if err != nil {
				return nil, fmt.Errorf("backtest chart: %w", err)
			}
			l.Color, l.Dashes = kind.c, []vg.Length{vg.Points(4), vg.Points(2)}
			p.Add(l)
			p.Legend.Add("  mean |error| by month of horizon", l)
		}
	}
	p.Legend.Top = true
	c := vgsvg.NewWith(vgsvg.UseWH(7*vg.Inch, 4*vg.Inch), vgsvg.EmbedFonts(false))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("backtest chart: %w", err)
	}
	return buf.Bytes(), nil
}

// allItems returns the items of every cut that items picks.
func allItems(r *Result, items func(Cut) []Item) []Item {
	var out []Item
	for _, c := range r.Cuts {
		out = append(out, items(c)...)
	}
	return out
}

package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart sizes. PNGs are rendered at pngDPI.
const (
	chartWidth  = 9 * vg.Inch
	chartHeight = 4.5 * vg.Inch
	panelHeight = 2.4 * vg.Inch
	pngDPI      = 110
)

// figure is one chart: plots stacked vertically that share the time axis,
// and a legend in a column of its own to their right (below them in its
// narrow form), so that the legend never covers data.
type figure struct {
	name   string // file stem: counts, states, traffic, fleet
	title  string
	plots  []*plot.Plot
	legend plot.Legend
	height vg.Length

	legendNames []string // the legend's entries, to size its column

	// Set in the narrow form only (see narrow).
	width      vg.Length   // 0: chartWidth
	below      bool        // the legend goes below the plots
	annotation font.Length // the size of placed labels; 0: small
}

// The narrow form of a chart, for a phone: narrowWidth wide, so that on
// a 390 px screen (about 364 px for the chart) its smallest text, of
// narrowText, is drawn at 12 px, above WCAG's and the report's 11.
const (
	narrowWidth = 300
	narrowText  = font.Length(10)
)

// narrow returns the figure drawn for a phone: narrowWidth wide, its text
// at narrowText or more, titles wrapped to the width, the legend below
// the plots. It shares the plots' data with f; only their styles are
// copies.
func (f *figure) narrow() *figure {
	g := *f
	g.width, g.below, g.annotation = narrowWidth, true, narrowText
	g.legend.TextStyle.Font.Size = narrowText
	g.plots = make([]*plot.Plot, len(f.plots))
	for i, p := range f.plots {
		q := *p
		q.Title.TextStyle.Font.Size = narrowText + 1
		q.Title.Text = wrapText(q.Title.Text, q.Title.TextStyle, narrowWidth-20)
		if tt, ok := q.X.Tick.Marker.(timeTicker); ok {
			tt.most = narrowMajorTicks
			q.X.Tick.Marker = tt
		}
		for _, a := range []*plot.Axis{&q.X, &q.Y} {
			a.Label.TextStyle.Font.Size = narrowText
			a.Tick.Label.Font.Size = narrowText
		}
		g.plots[i] = &q
	}
	// The plots keep about the shape they have on a desktop; the legend
	// adds its rows.
	g.height = f.height*0.85 + vg.Length(len(f.legendNames))*(narrowText*1.2+g.legend.Padding) + 8
	return &g
}

// wrapText breaks s into lines no wider than width in style sty, at
// spaces.
func wrapText(s string, sty text.Style, width vg.Length) string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for _, w := range words {
		if line != "" && sty.Width(line+" "+w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// size returns the figure's width and height.
func (f *figure) size() (vg.Length, vg.Length) {
	if f.width > 0 {
		return f.width, f.height
	}
	return chartWidth, f.height
}

func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = sans(9)
	l.Top = true
	l.Left = true
	l.ThumbnailWidth = 0.35 * vg.Inch
	l.Padding = 2
	return l
}

// legendWidth returns the width the legend column needs.
func (f *figure) legendWidth() vg.Length {
	w := vg.Length(0)
	for _, name := range f.legendNames {
		w = max(w, f.legend.TextStyle.Width(name))
	}
	if w == 0 {
		return 0
	}
	return w + f.legend.ThumbnailWidth + 0.3*vg.Inch
}

// render draws the figure on vc, of width w and height h, twice: first
// onto a recorder, to learn where its lines and texts are, then for real,
// with its annotations placed clear of them.
func (f *figure) render(vc vg.Canvas, w, h vg.Length) {
	rec := newRecorder()
	f.draw(draw.NewCanvas(rec, w, h))
	pl := &placing{Canvas: vc, segs: rec.segs, textSize: f.annotation}
	for _, t := range rec.texts {
		pl.taken = append(pl.taken, t.box)
	}
	f.draw(draw.NewCanvas(pl, w, h))
}

// draw draws the figure on c, white background included.
func (f *figure) draw(c draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(color.White, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
	const margin = 6
	c = draw.Crop(c, margin, -margin, margin, -margin)
	lw := f.legendWidth()
	area := draw.Crop(c, 0, -lw, 0, 0)
	lh := vg.Length(0)
	if f.below {
		lw = 0
		lh = vg.Length(len(f.legendNames)) * (f.legend.TextStyle.Font.Size*1.2 + f.legend.Padding)
		area = draw.Crop(c, 0, 0, lh+0.1*vg.Inch, 0)
	}
	if len(f.plots) == 1 {
		f.plots[0].Draw(area)
	} else {
		grid := make([][]*plot.Plot, len(f.plots))
		for i, p := range f.plots {
			grid[i] = []*plot.Plot{p}
		}
		tiles := draw.Tiles{Rows: len(f.plots), Cols: 1, PadY: 0.15 * vg.Inch}
		canvases := plot.Align(grid, tiles, area)
		for i, p := range f.plots {
			p.Draw(canvases[i][0])
		}
	}
	switch {
	case f.below && lh > 0:
		lc := draw.Crop(c, 0.1*vg.Inch, 0, 0, -(c.Max.Y - c.Min.Y - lh))
		f.legend.Draw(lc)
	case lw > 0:
		lc := draw.Crop(c, c.Max.X-c.Min.X-lw+0.15*vg.Inch, 0, -0.3*vg.Inch, 0)
		f.legend.Draw(lc)
	}
}

// svg renders the figure as SVG; with embedFonts the fonts travel inside
// the file, so it renders the same everywhere.
func (f *figure) svg(embedFonts bool) ([]byte, error) {
	w, h := f.size()
	c := vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(embedFonts))
	f.render(c, w, h)
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("%s chart: %w", f.name, err)
	}
	return buf.Bytes(), nil
}

// png renders the figure as PNG.
func (f *figure) png() ([]byte, error) {
	w, h := f.size()
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI))
	f.render(c, w, h)
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("%s chart: %w", f.name, err)
	}
	return buf.Bytes(), nil
}

// add adds a legend entry.
func (f *figure) add(name string, thumbs ...plot.Thumbnailer) {
	f.legend.Add(name, thumbs...)
	f.legendNames = append(f.legendNames, name)
}

// small is the font size of annotations.
const small = font.Length(8)

package reports

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A figure is drawn twice: first onto a recorder, which draws nothing and
// keeps every stroked segment and every string in the figure's
// coordinates; then for real, onto a placing canvas that knows them, so
// that each annotation (a placedLabel) takes the first of its candidate
// places that no line crosses and no other text covers.

// segment is a stroked straight piece of a path, in the figure's points,
// with the width it was stroked at.
type segment struct {
	a, b  vg.Point
	width vg.Length
	grid  bool // a grid line, which text may lie on
}

// textBox is a string as drawn: its box in the figure's points.
type textBox struct {
	text string
	box  vg.Rectangle
	c    color.Color
}

// affine is a 2-D transform: x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then returns m followed, in the drawing's own coordinates, by n: the
// transform after a Translate, Rotate or Scale of n.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// recorder is a vg.Canvas that draws nothing and records what would be
// drawn: stroked segments and strings.
type recorder struct {
	state
	stack     []state
	segs      []segment
	texts     []textBox
	knockouts []knockout
}

// knockout is an opaque white fill: it hides the segments stroked before
// it, the first segs of them.
type knockout struct {
	box  vg.Rectangle
	segs int
}

// hidden reports whether segment number i lies under a later knockout
// wherever it could cross box.
func (r *recorder) hidden(i int, box vg.Rectangle) bool {
	for _, k := range r.knockouts {
		if i < k.segs && inside(box, k.box) {
			return true
		}
	}
	return false
}

type state struct {
	m     affine
	width vg.Length
	c     color.Color
}

func newRecorder() *recorder { return &recorder{state: state{m: identity, width: 1, c: black}} }

func (r *recorder) SetLineWidth(w vg.Length)           { r.width = w }
func (r *recorder) SetLineDash([]vg.Length, vg.Length) {}
func (r *recorder) SetColor(c color.Color) {
	if c == nil {
		c = black
	}
	r.c = c
}
func (r *recorder) Rotate(rad float64) {
	s, c := math.Sincos(rad)
	r.m = r.m.then(affine{a: c, b: s, c: -s, d: c})
}
func (r *recorder) Translate(p vg.Point) {
	r.m = r.m.then(affine{a: 1, d: 1, e: float64(p.X), f: float64(p.Y)})
}
func (r *recorder) Scale(x, y float64) { r.m = r.m.then(affine{a: x, d: y}) }
func (r *recorder) Push()              { r.stack = append(r.stack, r.state) }
func (r *recorder) Pop() {
	r.state = r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
}

// Fill records an opaque white fill as a knockout; other fills draw
// areas, not lines, and are not kept.
func (r *recorder) Fill(path vg.Path) {
	if !colorEq(r.c, color.White) || len(path) == 0 {
		return
	}
	b := vg.Rectangle{Min: r.m.apply(path[0].Pos), Max: r.m.apply(path[0].Pos)}
	for _, comp := range path {
		p := r.m.apply(comp.Pos)
		b.Min.X, b.Min.Y = min(b.Min.X, p.X), min(b.Min.Y, p.Y)
		b.Max.X, b.Max.Y = max(b.Max.X, p.X), max(b.Max.Y, p.Y)
	}
	r.knockouts = append(r.knockouts, knockout{box: b, segs: len(r.segs)})
}
func (r *recorder) DrawImage(vg.Rectangle, image.Image) {}

// Stroke records the path's straight pieces; arcs and curves go in short
// chords.
func (r *recorder) Stroke(path vg.Path) {
	if r.width <= 0 {
		return
	}
	_, _, _, a := r.c.RGBA()
	if a == 0 {
		return
	}
	grid := colorEq(r.c, gridGrey)
	var start, at vg.Point
	add := func(p vg.Point) {
		r.segs = append(r.segs, segment{a: r.m.apply(at), b: r.m.apply(p), width: r.width, grid: grid})
		at = p
	}
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp:
			start, at = comp.Pos, comp.Pos
		case vg.LineComp:
			add(comp.Pos)
		case vg.ArcComp:
			const n = 16
			for i := 0; i <= n; i++ {
				angle := comp.Start + comp.Angle*float64(i)/n
				s, c := math.Sincos(angle)
				p := comp.Pos.Add(vg.Point{X: comp.Radius * vg.Length(c), Y: comp.Radius * vg.Length(s)})
				if i == 0 {
					at = p
					continue
				}
				add(p)
			}
		case vg.CurveComp:
			for _, p := range comp.Control {
				add(p)
			}
			add(comp.Pos)
		case vg.CloseComp:
			add(start)
		}
	}
}

// FillString records the string's box: its advance wide, from the
// font's descent below the baseline to the top of its capitals and
// ascenders above (see stringBox).
func (r *recorder) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 || s == "" {
		return
	}
	box := stringBox(f, pt, s)
	// The box's corners through the transform; its bounds hold a rotated
	// string.
	corners := []vg.Point{box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}}
	out := vg.Rectangle{Min: vg.Point{X: math.MaxFloat32, Y: math.MaxFloat32}, Max: vg.Point{X: -math.MaxFloat32, Y: -math.MaxFloat32}}
	for _, c := range corners {
		p := r.m.apply(c)
		out.Min.X, out.Min.Y = min(out.Min.X, p.X), min(out.Min.Y, p.Y)
		out.Max.X, out.Max.Y = max(out.Max.X, p.X), max(out.Max.Y, p.Y)
	}
	r.texts = append(r.texts, textBox{text: s, box: out, c: r.c})
}

// inkAscent is how far above the baseline the ink of Liberation Sans
// reaches, in ems: its capitals, digits and ascenders (0.73–0.74); the
// font's ascent (0.905) also holds room for accents on capitals, which
// the charts do not write.
const inkAscent = 0.76

// stringBox is the box of the ink of s drawn by FillString at baseline
// point pt: its advance wide, from the font's descent below the baseline
// to inkAscent above it.
func stringBox(f font.Face, pt vg.Point, s string) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: pt.X, Y: pt.Y - f.Extents().Descent}, Max: vg.Point{X: pt.X + f.Width(s), Y: pt.Y + inkAscent*f.Font.Size}}
}

// labelPad is the room a placed label keeps around its box.
const labelPad = 1.5

func colorEq(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// crosses reports whether segment s, widened by half its stroke on each
// side, passes through box. Strokes end square with their ends (butt
// caps): a level or upright segment does not widen along itself.
func (s segment) crosses(box vg.Rectangle) bool {
	hx, hy := s.width/2, s.width/2
	switch {
	case s.a.Y == s.b.Y:
		hx = 0
	case s.a.X == s.b.X:
		hy = 0
	}
	box = vg.Rectangle{Min: vg.Point{X: box.Min.X - hx, Y: box.Min.Y - hy}, Max: vg.Point{X: box.Max.X + hx, Y: box.Max.Y + hy}}
	// Liang–Barsky: clip the segment to the box.
	x0, y0 := float64(s.a.X), float64(s.a.Y)
	dx, dy := float64(s.b.X-s.a.X), float64(s.b.Y-s.a.Y)
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{
		{-dx, x0 - float64(box.Min.X)}, {dx, float64(box.Max.X) - x0},
		{-dy, y0 - float64(box.Min.Y)}, {dy, float64(box.Max.Y) - y0},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// placing is the canvas of a figure's second drawing: the real one, with
// what the first drawing recorded.
type placing struct {
	vg.Canvas
	segs     []segment
	taken    []vg.Rectangle // boxes of text, recorded and placed
	textSize font.Length    // the labels' size; 0: as made
}

// free reports whether box crosses no line but the grid and covers no
// other text.
func (pl *placing) free(box vg.Rectangle) bool {
	for _, s := range pl.segs {
		if !s.grid && s.crosses(box) {
			return false
		}
	}
	for _, t := range pl.taken {
		if overlaps(box, t) {
			return false
		}
	}
	return true
}

// spot is a candidate place of a label: its alignment and its offset from
// the point it labels.
type spot struct {
	align text.XAlignment
	off   vg.Point
}

// placedLabel is an annotation at a point of a plot's data: drawn at the
// first of its spots where its box lies in the plot, crosses no line and
// covers no other text. When no spot is free for its text, its shorter
// forms (fewer) are tried in turn. An optional label (an event's name)
// with no free spot is left out; any other takes the spot that the fewest
// lines cross.
type placedLabel struct {
	x, y     float64
	text     string
	fewer    []string
	style    text.Style
	spots    []spot
	optional bool
}

// newLabel returns a label of s at (x, y) in the annotations' style, in a
// shade of c dark enough to read on white.
func newLabel(x, y float64, s string, c color.Color, spots []spot) *placedLabel {
	return &placedLabel{x: x, y: y, text: s, spots: spots,
		style: text.Style{Font: sans(small), Color: readable(c), Handler: plot.DefaultTextHandler}}
}

// box returns where the label is drawn at spot sp, from canvas point pt,
// and the point to draw it from.
func (l *placedLabel) box(pt vg.Point, sp spot) (vg.Rectangle, vg.Point) {
	return l.boxOf(l.measure(), pt, sp)
}

// extent is what a label's box takes from its font: the widest line, the
// number of lines, the font's ascent and descent.
type extent struct {
	width, ascent, descent vg.Length
	lines                  int
}

// measure returns the label's extent; it costs a pass over the text's
// glyphs, so a search of many spots measures once.
func (l *placedLabel) measure() extent {
	face := font.DefaultCache.Lookup(l.style.Font, l.style.Font.Size)
	lines := strings.Split(l.text, "\n")
	e := extent{ascent: face.Extents().Ascent, descent: face.Extents().Descent, lines: len(lines)}
	for _, line := range lines {
		e.width = max(e.width, face.Width(line))
	}
	return e
}

// boxOf is box for a label of extent e.
func (l *placedLabel) boxOf(e extent, pt vg.Point, sp spot) (vg.Rectangle, vg.Point) {
	at := pt.Add(sp.off)
	x := at.X + vg.Length(sp.align)*e.width
	// As text.Plain draws lines at YBottom: the last line's baseline is
	// the font's size less its ascent above the point, and each line
	// above it one size higher.
	size := l.style.Font.Size
	base := at.Y - e.ascent + size
	top := base + vg.Length(e.lines-1)*size
	b := vg.Rectangle{Min: vg.Point{X: x, Y: base - e.descent}, Max: vg.Point{X: x + e.width, Y: top + inkAscent*size}}
	b.Min.X, b.Min.Y, b.Max.X, b.Max.Y = b.Min.X-labelPad, b.Min.Y-labelPad, b.Max.X+labelPad, b.Max.Y+labelPad
	return b, at
}

// forms returns the texts a label may take, most preferred first: its
// text, then each of its shorter forms, each on one line and then broken
// in two at the space nearest its middle.
func (l *placedLabel) forms() []string {
	var out []string
	for _, s := range append([]string{l.text}, l.fewer...) {
		out = append(out, s)
		best := -1
		for i, r := range s {
			if r == ' ' && (best < 0 || abs(i-len(s)/2) < abs(best-len(s)/2)) {
				best = i
			}
		}
		if best > 0 {
			out = append(out, s[:best]+"\n"+s[best+1:])
		}
	}
	return out
}

func abs(i int) int { return max(i, -i) }

// Plot draws the label on the second drawing; on the first it draws
// nothing.
func (l *placedLabel) Plot(c draw.Canvas, p *plot.Plot) {
	pl := placingOf(c.Canvas)
	if pl == nil {
		return
	}
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(l.x), Y: trY(l.y)}
	if pl.textSize > 0 {
		big := *l
		big.style.Font.Size = pl.textSize
		l = &big
	}
	type choice struct {
		text string
		spot spot
	}
	var best *choice
	bestN := math.MaxInt
	for _, s := range l.forms() {
		l := *l
		l.text = s
		e := l.measure()
		for _, sp := range l.spots {
			box, _ := l.boxOf(e, pt, sp)
			if !inside(box, c.Rectangle) {
				continue
			}
			if pl.free(box) {
				l.draw(c, pl, pt, sp)
				return
			}
			if n, texts := pl.crossings(box); !l.optional && texts == 0 && n < bestN {
				best, bestN = &choice{s, sp}, n
			}
		}
	}
	if best != nil {
		// No place is free (a narrow chart among many events' lines):
		// the label goes where the fewest lines cross, on a white
		// ground that interrupts them, as a map's names interrupt its
		// roads.
		l := *l
		l.text = best.text
		box, _ := l.box(pt, best.spot)
		c.SetColor(color.White)
		c.Fill(box.Path())
		l.draw(c, pl, pt, best.spot)
	}
}

// draw draws the label at spot sp of canvas point pt, and takes its room.
func (l *placedLabel) draw(c draw.Canvas, pl *placing, pt vg.Point, sp spot) {
	box, at := l.box(pt, sp)
	pl.taken = append(pl.taken, box)
	sty := l.style
	sty.XAlign = sp.align
	c.FillText(sty, at, l.text)
}

// placingOf returns the placing canvas under vc (gonum/plot nests
// draw.Canvases in one another), or nil on the first drawing.
func placingOf(vc vg.Canvas) *placing {
	for {
		switch c := vc.(type) {
		case *placing:
			return c
		case draw.Canvas:
			vc = c.Canvas
		case *draw.Canvas:
			vc = c.Canvas
		default:
			return nil
		}
	}
}

// crossings counts the lines that cross box and the texts it covers.
func (pl *placing) crossings(box vg.Rectangle) (lines, texts int) {
	for _, s := range pl.segs {
		if !s.grid && s.crosses(box) {
			lines++
		}
	}
	for _, t := range pl.taken {
		if overlaps(box, t) {
			texts++
		}
	}
	return lines, texts
}

func inside(in, out vg.Rectangle) bool {
	return in.Min.X >= out.Min.X && in.Max.X <= out.Max.X && in.Min.Y >= out.Min.Y && in.Max.Y <= out.Max.Y
}

// around returns spots around a point, nearest first: beside it on the
// side first preferred (right when right is true), then the other, above
// and then below, stepping out by step up to reach; then, for a point
// among many lines, farther along the axis too, nearest first, up to
// the chart's width.
func around(right bool, dx, step, reach vg.Length) []spot {
	sides := []spot{{text.XLeft, vg.Point{X: dx}}, {text.XRight, vg.Point{X: -dx}}}
	if !right {
		sides[0], sides[1] = sides[1], sides[0]
	}
	var out []spot
	for d := vg.Length(0); d <= reach; d += step {
		for _, dy := range []vg.Length{d + dx, -d - dx - 10} {
			for _, s := range sides {
				out = append(out, spot{s.align, vg.Point{X: s.off.X, Y: dy}})
			}
		}
	}
	var far []spot
	for x := vg.Length(-chartWidth); x <= chartWidth; x += 2 * step {
		for y := -4 * reach; y <= 4*reach; y += step {
			for _, s := range sides {
				far = append(far, spot{s.align, vg.Point{X: s.off.X + x, Y: s.off.Y + y}})
			}
		}
	}
	dist := func(p vg.Point) vg.Length { return p.X*p.X/4 + p.Y*p.Y } // along the axis is cheaper
	slices.SortStableFunc(far, func(a, b spot) int { return cmp.Compare(dist(a.off), dist(b.off)) })
	return append(out, far...)
}

// relativeLuminance is WCAG 2's relative luminance of c.
func relativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrastOnWhite is WCAG 2's contrast ratio of c against white.
func contrastOnWhite(c color.Color) float64 { return 1.05 / (relativeLuminance(c) + 0.05) }

// readable returns c, darkened until it has WCAG AA's contrast for text,
// 4.5:1, on a chart's white background: orange and yellow lines keep
// their hue in their labels without fading into the page.
func readable(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xff
	for contrastOnWhite(n) < 4.6 {
		n.R, n.G, n.B = uint8(float64(n.R)*0.92), uint8(float64(n.G)*0.92), uint8(float64(n.B)*0.92)
	}
	return n
}

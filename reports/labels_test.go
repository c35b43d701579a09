package reports

import (
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/scenarios"
)

// No line crosses a chart's text: on every chart of every library
// scenario, drawn as in its files, the box of each string (from the
// font's advance, ascent and descent) is crossed by no stroked segment
// but the grid's, the strokes' widths included.
func TestLabelsClearOfLines(t *testing.T) {
	for _, name := range scenarios.Library() {
		_, res := builtin(t, name)
		for _, c := range Charts(res) {
			rec := newRecorder()
			c.fig.render(rec, chartWidth, c.fig.height)
			if len(rec.texts) == 0 || len(rec.segs) == 0 {
				t.Errorf("%s %s: recorded %d strings and %d segments", name, c.Name, len(rec.texts), len(rec.segs))
			}
			for _, tb := range rec.texts {
				for _, s := range rec.segs {
					if !s.grid && s.crosses(tb.box) {
						t.Errorf("%s %s: %q at %v is crossed by the line %v–%v", name, c.Name, tb.text, tb.box, s.a, s.b)
						break
					}
				}
			}
		}
	}
}

// The segment test behind TestLabelsClearOfLines, on lines that cross a
// box, touch it and pass it by.
func TestSegmentCrosses(t *testing.T) {
	box := vg.Rectangle{Min: vg.Point{X: 10, Y: 10}, Max: vg.Point{X: 20, Y: 14}}
	for _, tt := range []struct {
		a, b vg.Point
		want bool
	}{
		{vg.Point{X: 0, Y: 12}, vg.Point{X: 30, Y: 12}, true},  // straight through
		{vg.Point{X: 15, Y: 0}, vg.Point{X: 15, Y: 30}, true},  // down through
		{vg.Point{X: 0, Y: 0}, vg.Point{X: 30, Y: 30}, true},   // across a corner
		{vg.Point{X: 12, Y: 11}, vg.Point{X: 13, Y: 12}, true}, // inside
		{vg.Point{X: 0, Y: 16}, vg.Point{X: 30, Y: 16}, false}, // above
		{vg.Point{X: 0, Y: 0}, vg.Point{X: 9, Y: 30}, false},   // left of it
		{vg.Point{X: 21, Y: 0}, vg.Point{X: 21, Y: 30}, false}, // right of it
	} {
		if got := (segment{a: tt.a, b: tt.b}).crosses(box); got != tt.want {
			t.Errorf("segment %v–%v crosses %v = %v, want %v", tt.a, tt.b, box, got, tt.want)
		}
	}
}

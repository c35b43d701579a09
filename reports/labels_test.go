package reports

import (
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// No line crosses a chart's text: on every chart of every library
// scenario, and the batch charts of those with replications or a sweep,
// in its wide form (its files, the report on a desktop and on paper) and
// its narrow one (the report on a phone), the box of each string (from
// the font's advance, descent and the ink's ascent) is crossed by no
// stroked segment but the grid's, the strokes' widths included, unless a
// white ground drawn after it hides it there. And the counts chart's
// label of its first crossing, which the report's readers look for, is
// drawn in both.
func TestLabelsClearOfLines(t *testing.T) {
	for _, name := range scenarios.Library() {
		scn, res := builtin(t, name)
		charts := Charts(res)
		if scn.Replications > 1 || len(scn.Sweep) > 0 {
			b, err := batch.Run(scn, batch.Options{Series: len(scn.Sweep) == 0})
			if err != nil {
				t.Fatal(err)
			}
			charts = append(charts, BatchCharts(b)...)
		}
		d := runDrawing(res)
		for _, c := range charts {
			for _, f := range []*figure{c.fig, c.fig.narrow()} {
				form := "wide"
				if f.below {
					form = "narrow"
				}
				rec := newRecorder()
				w, h := f.size()
				f.render(rec, w, h)
				if len(rec.texts) == 0 || len(rec.segs) == 0 {
					t.Errorf("%s %s (%s): recorded %d strings and %d segments", name, c.Name, form, len(rec.texts), len(rec.segs))
				}
				for _, tb := range rec.texts {
					for i, s := range rec.segs {
						if !s.grid && s.crosses(tb.box) && !rec.hidden(i, tb.box) {
							t.Errorf("%s %s (%s): %q at %v is crossed by the line %v–%v", name, c.Name, form, tb.text, tb.box, s.a, s.b)
							break
						}
					}
				}
				if m, ok := firstCrossing(res, d.chosen); ok && c.Name == "counts" {
					prefix := m.Host + " reached "
					if m.Kind == sim.MilestoneCountBelow {
						prefix = m.Host + " fell below "
					}
					// A label broken in two lines is two strings.
					var all []string
					for _, tb := range rec.texts {
						all = append(all, tb.text)
					}
					if !strings.Contains(strings.Join(all, " "), prefix) {
						t.Errorf("%s counts (%s): no label %q…", name, form, prefix)
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

// Thresholds drawn on one chart (5 for Office, 25 for Windows) are told
// apart by their dashes.
func TestThresholdDashesDiffer(t *testing.T) {
	for i, a := range thresholdDashes {
		for _, b := range thresholdDashes[i+1:] {
			if slices.Equal(a, b) {
				t.Errorf("two thresholds share the dash %v", a)
			}
		}
	}
}

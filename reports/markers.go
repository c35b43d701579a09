package reports

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/sim"
)

// addMarkers draws the markers as dotted vertical lines from y0 to y1,
// labelled near the top. Markers at the same moment share one label,
// which takes the highest of six rows where no line crosses it and no
// other label lies, right of its line or else left; a marker that finds
// no room keeps its line but not its label.
func addMarkers(p *plot.Plot, res *sim.Result, ms []sim.Mark, y0, y1 float64) {
	const rows = 6
	var labels []plot.Plotter
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].At == ms[i].At {
			j++
		}
		// Events of one moment share a label; more than two are counted.
		// Where that does not fit, the first and how many more.
		text1 := ms[i].Label
		var fewer []string
		switch n := j - i; {
		case n == 2:
			text1 += ", " + ms[i+1].Label
			fewer = []string{ms[i].Label + " +1"}
		case n > 2:
			text1 += fmt.Sprintf(", %s +%d", ms[i+1].Label, n-2)
			fewer = []string{fmt.Sprintf("%s +%d", ms[i].Label, n-1)}
		}
		x := sim.Days(ms[i].At)
		p.Add(line(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}}, lightGrey, 1, 2, 2))
		var spots []spot
		for r := range rows {
			dy := vg.Length(-12 - 11*r)
			spots = append(spots, spot{text.XLeft, vg.Point{X: 4, Y: dy}}, spot{text.XRight, vg.Point{X: -4, Y: dy}})
		}
		l := newLabel(x, y1, text1, markerText, spots)
		l.optional = true
		l.fewer = fewer
		labels = append(labels, l)
		i = j
	}
	// The labels go on after every line, so that each is placed knowing
	// them all.
	p.Add(labels...)
}

// markerText is the colour of events' labels: a grey with WCAG AA's
// contrast on white (7:1), lighter than data labels' black.
var markerText = color.NRGBA{0x59, 0x59, 0x59, 0xff}

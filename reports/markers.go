package reports

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/sim"
)

// addMarkers draws the markers as dotted vertical lines from y0 to y1,
// labelled near the top. Markers at the same moment share one label;
// labels that would collide move down a row (three rows at most; a marker
// that still finds no room keeps its line but not its label).
func addMarkers(p *plot.Plot, res *sim.Result, ms []sim.Mark, y0, y1 float64) {
	// About how many days one point of text covers on a chart.
	daysPerPoint := sim.Days(res.Duration) / (chartWidth - 2.5*vg.Inch).Points()
	const rows = 3
	var rowEnd [rows]float64
	for i := range rowEnd {
		rowEnd[i] = math.Inf(-1)
	}
	end := sim.Days(res.Duration)
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].At == ms[i].At {
			j++
		}
		// Events of one moment share a label; more than two are counted.
		text1 := ms[i].Label
		switch n := j - i; {
		case n == 2:
			text1 += ", " + ms[i+1].Label
		case n > 2:
			text1 += fmt.Sprintf(", %s +%d", ms[i+1].Label, n-2)
		}
		x := sim.Days(ms[i].At)
		p.Add(line(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}}, lightGrey, 1, 2, 2))
		width := markerStyle.Width(text1).Points() * daysPerPoint
		// A label that would run past the end of the axis goes to the
		// left of its line, so that it does not squeeze the plot.
		from, align, dx := x, text.XLeft, vg.Length(2)
		if x+width*1.1 > end {
			from, align, dx = x-width*1.1, text.XRight, -2
		}
		for r := range rows {
			if from > rowEnd[r] {
				rowEnd[r] = from + width*1.1
				p.Add(label(x, y1, text1, grey, align, vg.Point{X: dx, Y: vg.Length(-10 - 10*r)}))
				break
			}
		}
		i = j
	}
}

var markerStyle = text.Style{Font: sans(small), Handler: plot.DefaultTextHandler}

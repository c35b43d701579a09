package reports

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// trafficFigure shows requests per hour per host, failed attempts per hour
// by cause, and marks the peak.
func trafficFigure(res *sim.Result, busiest []int, colors hostColors) *figure {
	f := &figure{name: "traffic", title: "Traffic", legend: newLegend(), height: chartHeight}
	p := basePlot(res, "Requests per hour (per sample interval)", "per hour")
	p.Y.Tick.Marker = niceTicker{} // rates: 0.5/h is a real value
	f.plots = []*plot.Plot{p}
	// rate turns interval counts into per-hour rates; the requests at time
	// 0 count toward the first interval.
	rate := func(v func(i int) float64) plotter.XYs {
		xys := plotter.XYs{}
		for i := 1; i < len(res.Times); i++ {
			n := v(i)
			if i == 1 {
				n += v(0)
			}
			xys = append(xys, plotter.XY{X: sim.Days(res.Times[i]), Y: n * float64(engine.Hour) / float64(res.Times[i]-res.Times[i-1])})
		}
		return xys
	}
	all := rate(func(i int) float64 { return float64(res.Traffic[i].Requests) })
	if len(res.Hosts) > 1 {
		// Under the hosts' lines, so it does not hide them.
		l := line(all, lightGrey, 2.5)
		p.Add(l)
		f.add("all hosts", l)
	}
	for _, hi := range busiest {
		h := &res.Hosts[hi]
		l := line(rate(func(i int) float64 { return float64(h.Requests[i]) }), colors[hi], 1.2)
		p.Add(l)
		f.add(h.Name+" requests", l)
	}
	causes := []struct {
		name   string
		get    func(c sim.Counters) int64
		dashes []vg.Length
	}{
		{"failed: count too low", func(c sim.Counters) int64 { return c.FailCountLow }, []vg.Length{5, 3}},
		{"failed: no host", func(c sim.Counters) int64 { return c.FailNoHost }, []vg.Length{2, 2}},
		{"failed: not supported", func(c sim.Counters) int64 { return c.FailUnsupported }, []vg.Length{8, 2, 2, 2}},
	}
	for _, c := range causes {
		var sum int64
		for _, t := range res.Traffic {
			sum += c.get(t)
		}
		if sum == 0 {
			continue
		}
		l := line(rate(func(i int) float64 { return float64(c.get(res.Traffic[i])) }), black, 1, c.dashes...)
		p.Add(l)
		f.add(c.name, l)
	}
	peak := -1
	for i, xy := range all {
		if peak < 0 || xy.Y > all[peak].Y {
			peak = i
		}
	}
	if peak >= 0 && all[peak].Y > 0 {
		x, y := all[peak].X, all[peak].Y
		dot, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
		dot.GlyphStyle.Shape = draw.RingGlyph{}
		dot.GlyphStyle.Radius = 4
		p.Add(dot)
		at := engine.Time(math.Round(x * float64(engine.Day)))
		peak := "peak " + strconv.FormatFloat(math.Round(y*10)/10, 'f', -1, 64) + "/h"
		l := newLabel(x, y, peak+", interval ending "+res.When(at), black, around(x <= 0.6*sim.Days(res.Duration), 6, 8, 120))
		// Where that does not fit (a narrow chart), the day, then the
		// rate alone.
		l.fewer = []string{peak + ", day " + sim.FormatDays(x, 2, false), peak}
		p.Add(l)
		p.Y.Max = y * 1.2
	}
	fixX(p, res)
	p.Y.Min = 0
	return f
}

package reports

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/plot"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// bandsFigure draws the counts of the replications of one point: each
// pool's median count over time and the band between the 5th and 95th
// percentiles, with the thresholds, on the time axis of the first run.
func bandsFigure(b *batch.Result) *figure {
	res := b.First
	n := len(b.Seeds)
	f := &figure{name: "bands", title: "Host counts over the replications", legend: newLegend(), height: chartHeight}
	p := basePlot(res, fmt.Sprintf("KMS host counts over %d replications: median and 5–95%% band", n), "count")
	f.plots = []*plot.Plot{p}
	chosen, _ := choosePools(res)
	colors := assignHostColors(chosen, busiestHosts(res))
	xs := dayXs(b.Bands.Times)
	top := 1.0
	thresholds := map[int]bool{}
	for _, r := range chosen {
		s := bandOf(b.Bands, res.Hosts[r.host].Name, r.pool.Pool)
		if s == nil {
			continue
		}
		for _, v := range s.P95 {
			top = max(top, v)
		}
		if s.Threshold > 0 {
			thresholds[s.Threshold] = true
			top = max(top, float64(s.Threshold))
		}
	}
	addThresholds(f, p, res, slices.Sorted(maps.Keys(thresholds)))
	addMarkers(p, res, nil, -1, math.Ceil(top*1.2)+1)
	var ends []endLabel
	for i, r := range chosen {
		s := bandOf(b.Bands, res.Hosts[r.host].Name, r.pool.Pool)
		if s == nil {
			continue
		}
		c := colors[r.host]
		p.Add(band(xs, s.P05, s.P95, c))
		before, after := splitNoRequest(xysOf(xs, s.Median))
		if len(before) > 1 {
			p.Add(line(before, c, 1, 1, 2))
		}
		l := line(after, c, stackedWidth(i, len(chosen)))
		p.Add(l)
		f.add(r.name(res)+" median", l)
		if n := len(s.Median); n > 0 {
			ends = append(ends, endLabel{r.name(res), s.Median[n-1], c, res.Hosts[r.host].Name})
		}
	}
	if len(ends) > 1 {
		addEndLabels(p, sim.Days(res.Duration), ends)
	}
	// The legend shows the bands as drawn: in the host's colour.
	if len(chosen) > 0 {
		swatch := band([]float64{0, 1}, []float64{0, 0}, []float64{1, 1}, colors[chosen[0].host])
		name := "5–95% of replications"
		if len(chosen) > 1 {
			name += " (in each host's colour)"
		}
		f.add(name, swatch)
	}
	fixX(p, res)
	p.Y.Min, p.Y.Max = -1, math.Ceil(top*1.2)+1
	p.Y.Tick.Marker = countTicker{}
	f.plots = append(f.plots, licensedBandsPlot(f, b, xs))
	f.height = chartHeight + panelHeight
	return f
}

// licensedBandsPlot is the panel below the counts, on the same time axis:
// the licensed clients of each product, median and 5–95% band.
func licensedBandsPlot(f *figure, b *batch.Result, xs []float64) *plot.Plot {
	res := b.First
	lp := basePlot(res, "Licensed clients: median and 5–95% band", "clients")
	most := 1.0
	k := 0
	for i := range b.Bands.Series {
		s := &b.Bands.Series[i]
		if s.Product == "" {
			continue
		}
		c := groupColor(k)
		k++
		lp.Add(band(xs, s.P05, s.P95, c))
		l := line(xysOf(xs, s.Median), c, 1.8)
		lp.Add(l)
		f.add(string(s.Product)+" licensed", l)
		for _, v := range s.P95 {
			most = max(most, v)
		}
	}
	fixX(lp, res)
	lp.Y.Min, lp.Y.Max = 0, math.Ceil(most*1.1)
	return lp
}

// bandOf finds the band of a host's pool.
func bandOf(b *batch.Bands, host string, pool scenarios.Pool) *batch.Band {
	for i := range b.Series {
		if s := &b.Series[i]; s.Host == host && s.Pool == pool {
			return s
		}
	}
	return nil
}

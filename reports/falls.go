package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"

	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// fall is a host's count falling below one of its thresholds (K1) over
// the replications of a point: the first time in each replication that
// it fell, earliest first.
type fall struct {
	batch.Key
	times []float64 // seconds
	n     int       // replications
}

// falls returns the counts that fell below a threshold in some
// replication of p, the likeliest first.
func falls(p *batch.Point) []fall {
	var out []fall
	for _, m := range p.Milestones() {
		if m.Kind == sim.MilestoneCountBelow {
			out = append(out, fall{m.Key, p.Reached(m.Key), len(p.Observations)})
		}
	}
	slices.SortStableFunc(out, func(a, b fall) int { return cmp.Compare(len(b.times), len(a.times)) })
	return out
}

// name is the fall as a legend names it: "kms-a windows below 25".
func (f fall) name() string {
	return fmt.Sprintf("%s %s below %d", f.Host, f.Pool, f.Threshold)
}

// share is the estimated probability that the count has fallen by the
// end of the run, with its interval.
func (f fall) share() batch.Probability { return batch.Estimate(len(f.times), f.n) }

// fallsFigure draws, for each count that fell in some replication, the
// share of the replications in which it has fallen by each day, with its
// 95% interval: the probability the bands cannot show, since a short dip
// that comes at different times in different years seldom takes 5% of
// them below the threshold at any one moment. It is nil when no count
// fell.
func fallsFigure(b *batch.Result) *figure {
	if len(b.Points) == 0 || b.First == nil {
		return nil
	}
	fs := falls(&b.Points[0])
	if len(fs) == 0 {
		return nil
	}
	res := b.First
	f := &figure{name: "falls", title: "Probability that a count has fallen below its threshold", legend: newLegend(), height: chartHeight}
	p := basePlot(res, fmt.Sprintf("Share of %d replications in which each count has fallen below its threshold, by day", len(b.Seeds)), "share of replications")
	p.Y.Tick.Marker = niceTicker{}
	f.plots = []*plot.Plot{p}
	chosen, _ := choosePools(res)
	colors := assignHostColors(chosen, busiestHosts(res))
	end := sim.Days(res.Duration)
	var ends []endLabel
	var swatch color.NRGBA // the first line's, for the legend's interval
	for i, fl := range fs[:min(len(fs), MaxChartLines)] {
		// The host's colour on the other charts, where it has one.
		c := hostColor(i)
		if k := slices.IndexFunc(res.Hosts, func(h sim.HostSeries) bool { return h.Name == fl.Host }); k >= 0 {
			if hc, ok := colors[k]; ok {
				c = hc
			}
		}
		if i == 0 {
			swatch = c
		}
		xs, mid, lo, hi := fl.steps(end)
		p.Add(band(xs, lo, hi, c))
		l := line(xysOf(xs, mid), c, stackedWidth(i, len(fs)))
		p.Add(l)
		f.add(fl.name(), l)
		ends = append(ends, endLabel{fl.name() + ": " + words.Percent(fl.share().P), mid[len(mid)-1], c, fl.Host})
	}
	f.add("95% interval (in each line's colour)", band([]float64{0, 1}, []float64{0, 0}, []float64{1, 1}, swatch))
	addEndLabels(p, end, ends)
	addMarkers(p, res, res.Marks, 0, 1.02)
	fixX(p, res)
	p.Y.Min, p.Y.Max = 0, 1.02
	return f
}

// steps returns the share of replications in which the count has fallen
// by each day, as a step line from day 0 to end, and the 95% interval of
// each step.
func (f fall) steps(end float64) (xs, mid, lo, hi []float64) {
	add := func(x float64, k int) {
		pr := batch.Estimate(k, f.n)
		xs, mid, lo, hi = append(xs, x), append(mid, pr.P), append(lo, pr.Low), append(hi, pr.High)
	}
	add(0, 0)
	for k, t := range f.times {
		d := batch.Days(t)
		add(d, k)
		add(d, k+1)
	}
	add(end, len(f.times))
	return xs, mid, lo, hi
}

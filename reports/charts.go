package reports

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// MaxChartLines is how many hosts or groups a chart draws; a scenario with
// more (500 branch offices) shows those that matter most: the hosts whose
// count fell below a threshold first, the busiest hosts, the largest groups.
const MaxChartLines = 8

// PlanningProbability is the probability the charts and findings of a
// sweep hold up as the planning standard: "holds in at least 95% of the
// replications".
const PlanningProbability = 0.95

// Chart is one planning chart of a run or a batch.
type Chart struct {
	Name    string // file stem: counts, states, traffic, fleet, bands, sweep-…, heat-…
	Title   string
	Caption string // what the report says under it, in the run's model
	fig     *figure
}

// SVG renders the chart as SVG with its fonts embedded.
func (c Chart) SVG() ([]byte, error) { return c.fig.svg(true) }

// PNG renders the chart as PNG.
func (c Chart) PNG() ([]byte, error) { return c.fig.png() }

// chartKind is one chart kmssim draws: the file stem it is written as,
// the caption under it in the report, and how it is drawn. draw returns
// nil when the chart does not apply to what was run (a sweep's chart for
// a single run).
type chartKind struct {
	name    string
	caption func(m scenarios.Model) string
	draw    func(d *drawing) *figure
}

// chartKinds are every chart, in the order the outputs show them: a run's
// (the first replication's, for a batch), then a batch's.
var chartKinds = []chartKind{
	{"counts", func(m scenarios.Model) string {
		return fmt.Sprintf("Each host's count: the distinct clients it heard from in the last %s. Dashed lines are the thresholds of the clients it serves; shading marks where a count has fallen below its threshold; dotted lines are the scenario's events.", words.Days(int64(m.CountWindow)))
	}, func(d *drawing) *figure {
		return countsFigure(d.res, d.res.Marks, d.chosen, d.total, d.colors)
	}},
	{"states", func(m scenarios.Model) string {
		return fmt.Sprintf("Clients by state over time. Activations lapse %s after the last good renewal, so the wave of expiries comes months after a count drops.", words.Days(int64(m.Validity)))
	}, func(d *drawing) *figure { return statesFigure(d.res) }},
	{"traffic", fixed("Requests per hour to each host, averaged over each sample interval, and failed attempts per hour by cause. The ring marks the peak."),
		func(d *drawing) *figure { return trafficFigure(d.res, d.busiest, d.colors) }},
	{"fleet", fixed("Machines in the fleet per group, with the scenario's events (retirements, re-imaging, switches), on the same time axis as the counts; below, when the scenario has them, the machines away from their site and the activations left on each MAK key."),
		func(d *drawing) *figure { return fleetFigure(d.res, d.res.Marks) }},
	{"bands", fixed("Above, each host's count; below, the licensed clients of each product. The line is the median over the replications at each moment; the band holds 90% of them at that moment (5th to 95th percentile). A short dip that comes at different times in different replications seldom reaches the band, however often it comes: the chart of falls (at the top of the report) gives the share of replications in which each count has fallen by each day."),
		func(d *drawing) *figure {
			if d.b == nil || len(d.b.Parameters) > 0 || d.b.Bands == nil || d.b.First == nil {
				return nil
			}
			return bandsFigure(d.b)
		}},
	{"falls", fixed("For each count that fell below its threshold in some replication, the share of the replications in which it has fallen by each day (at least once), with its 95% interval (Wilson), and at the right the share by the end of the run. Absent when no count fell in any replication."),
		func(d *drawing) *figure {
			if d.b == nil || len(d.b.Parameters) > 0 {
				return nil
			}
			return fallsFigure(d.b)
		}},
	{"sweep-expect", fixed("The share of replications in which each expectation held, with its 95% interval (Wilson). The dashed line is the planning standard of 95%."),
		func(d *drawing) *figure {
			if d.sweep() != 1 || len(d.b.Expectations) == 0 {
				return nil
			}
			return sweepExpectFigure(d.b)
		}},
	{"sweep-below", fixed("The day a host's count first fell below its threshold: median and 5–95% of the replications. The dashed line is the run's end; a triangle on it marks a median of never (not within the run). Left out when no count fell at any point."),
		func(d *drawing) *figure {
			if d.sweep() != 1 || !anyFall(d.b) {
				return nil
			}
			return sweepBelowFigure(d.b)
		}},
	{"sweep-unlicensed", fixed("Clients not licensed at the end of the run, per product: median and 5–95% of the replications. Left out when every client of every replication ends licensed."),
		func(d *drawing) *figure {
			if d.sweep() != 1 || !anyNotLicensed(d.b) {
				return nil
			}
			return sweepUnlicensedFigure(d.b)
		}},
	{"heat-expect", fixed("The share of replications in which every expectation held, at each combination of the two parameters. Grey cells did not run."),
		func(d *drawing) *figure {
			if d.sweep() < 2 || len(d.b.Expectations) == 0 {
				return nil
			}
			return heatFigure(d.b, "heat-expect", "Probability that every expectation holds",
				"probability", func(p *batch.Point) float64 { return p.AllHeld().P }, 0, 1, 2)
		}},
	{"heat-below", fixed("The median day a host's count first fell below its threshold, at each combination of the two parameters; \"never\", in its own colour, means it did not fall within the run in at least half of the replications. Left out when no count fell at any point."),
		func(d *drawing) *figure {
			if d.sweep() < 2 || !anyFall(d.b) {
				return nil
			}
			return heatFigure(d.b, "heat-below", "Median day a count first falls below its threshold",
				"day", func(p *batch.Point) float64 {
					return batch.Days(p.Milestone(batch.Key{Kind: batch.KindAnyBelow}).Median) // +Inf: never
				}, 0, d.b.Scenario.Duration.Days(), 0)
		}},
}

// ChartNames returns the file stems of every chart kmssim draws, in the
// order the outputs show them.
func ChartNames() []string {
	names := make([]string, len(chartKinds))
	for i, k := range chartKinds {
		names[i] = k.name
	}
	return names
}

// fixed is the caption of a chart whose words do not depend on the model.
func fixed(caption string) func(scenarios.Model) string {
	return func(scenarios.Model) string { return caption }
}

// drawing is what the charts of one output directory share: the run (a
// single run, or a batch's first replication) and the batch, either of
// which may be nil, and the choices of pools and colours every chart of
// the run follows.
type drawing struct {
	res     *sim.Result
	b       *batch.Result
	chosen  []poolRef
	total   int
	busiest []int
	colors  hostColors
}

// sweep returns the number of a batch's parameters, 0 without a batch.
func (d *drawing) sweep() int {
	if d.b == nil {
		return 0
	}
	return len(d.b.Parameters)
}

// draw returns the charts of kinds that apply, each with its caption in
// model m.
func (d *drawing) draw(kinds []chartKind, m scenarios.Model) []Chart {
	var out []Chart
	for _, k := range kinds {
		f := k.draw(d)
		if f == nil {
			continue
		}
		out = append(out, Chart{Name: f.name, Title: f.title, Caption: k.caption(m), fig: f})
	}
	return out
}

// runKinds are the charts of one run: the hosts' counts (the headline),
// client states, traffic, and the fleet.
var runKinds = chartKinds[:4]

// batchKinds are the charts a batch adds to its first run's.
var batchKinds = chartKinds[4:]

// Charts returns the charts of a run: the hosts' counts (the headline),
// client states, traffic, and the fleet.
func Charts(res *sim.Result) []Chart {
	return runDrawing(res).draw(runKinds, res.Model())
}

// runDrawing returns the drawing of run res.
func runDrawing(res *sim.Result) *drawing {
	d := &drawing{res: res}
	d.chosen, d.total = choosePools(res)
	d.busiest = busiestHosts(res)
	d.colors = assignHostColors(d.chosen, d.busiest)
	return d
}

// BatchCharts returns the charts of a batch: for the replications of one
// point, the counts' median and 5–95% band over time; for a sweep of one
// parameter, its outcomes against the parameter's values (probability of
// the expectations, day the first count falls below its threshold,
// clients not licensed at the end), each with its uncertainty band; for a
// sweep of two, heat maps of the first two.
func BatchCharts(b *batch.Result) []Chart {
	return (&drawing{b: b}).draw(batchKinds, b.Model())
}

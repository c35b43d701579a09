package reports

import (
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// MaxChartLines is how many hosts or groups a chart draws; a scenario with
// more (500 branch offices) shows those that matter most: the hosts whose
// count fell below a threshold first, the busiest hosts, the largest groups.
const MaxChartLines = 8

// Chart is one planning chart of a run.
type Chart struct {
	Name  string // file stem: counts, states, traffic, fleet
	Title string
	fig   *figure
}

// SVG renders the chart as SVG with its fonts embedded.
func (c Chart) SVG() ([]byte, error) { return c.fig.svg(true) }

// PNG renders the chart as PNG.
func (c Chart) PNG() ([]byte, error) { return c.fig.png() }

// Charts returns the charts of res, whose scenario is scn: the hosts'
// counts (the headline), client states, traffic, and the fleet.
func Charts(scn *scenarios.Scenario, res *sim.Result) []Chart {
	marks := res.Marks
	chosen, total := choosePools(res)
	busiest := busiestHosts(res)
	colors := assignHostColors(chosen, busiest)
	figs := []*figure{
		countsFigure(res, marks, chosen, total, colors),
		statesFigure(res),
		trafficFigure(res, busiest, colors),
		fleetFigure(res, marks),
	}
	charts := make([]Chart, len(figs))
	for i, f := range figs {
		charts[i] = Chart{Name: f.name, Title: f.title, fig: f}
	}
	return charts
}

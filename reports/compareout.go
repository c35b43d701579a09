package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
	"github.com/kmssim/kmssim/sim/engine"
)

// distJSON is a distribution in compare.json: how many of N it holds
// for, its mean and the mean's 95% interval (null where undefined).
type distJSON struct {
	N    int        `json:"n"`
	Mean *float64   `json:"mean"`
	CI95 []*float64 `json:"ci95"`
}

// distOf writes d, its values divided by unit (engine.Day for days, 1
// for counts).
func distOf(d batch.Distribution, unit float64, decimals int) distJSON {
	return distJSON{N: d.Reached, Mean: finite(d.Mean/unit, decimals), CI95: []*float64{finite(d.CILow/unit, decimals), finite(d.CIHigh/unit, decimals)}}
}

type planJSON struct {
	Name    string      `json:"name"`
	From    string      `json:"from"`
	Seeds   []uint64    `json:"seeds"`
	Start   string      `json:"start,omitempty"`
	Days    float64     `json:"duration_days"`
	Verdict PlanVerdict `json:"verdict"`
}

func planOf(p *compare.Plan, from string, v PlanVerdict) planJSON {
	return planJSON{p.Name, from, p.Seeds, p.Start.String(), Days(p.Duration), v}
}

func (c *Comparison) writeJSON(w *bytes.Buffer) error {
	type milestone struct {
		batch.Key
		A       distJSON `json:"a_day"`
		B       distJSON `json:"b_day"`
		Days    distJSON `json:"days_change"`
		Reached distJSON `json:"reached_change"`
	}
	type diff struct {
		A      distJSON `json:"a"`
		B      distJSON `json:"b"`
		Change distJSON `json:"change"`
	}
	diffOf := func(d compare.Diff) diff { return diff{distOf(d.A, 1, 4), distOf(d.B, 1, 4), distOf(d.Change, 1, 4)} }
	type group struct {
		Group string `json:"group"`
		diff
	}
	j := struct {
		A            planJSON              `json:"a"`
		B            planJSON              `json:"b"`
		Replications int                   `json:"replications"`
		Paired       bool                  `json:"same_seeds"`
		Notes        []string              `json:"notes"`
		Milestones   []milestone           `json:"milestones"`
		Lapses       diff                  `json:"lapses"`
		NotLicensed  diff                  `json:"not_licensed_at_end"`
		Machines     []compare.MachineDiff `json:"machines,omitempty"`
		Groups       []group               `json:"groups,omitempty"`
	}{A: planOf(c.A, c.FromA, c.VerdictA), B: planOf(c.B, c.FromB, c.VerdictB), Replications: c.Replications, Paired: c.Paired,
		Notes: append([]string{}, c.allNotes()...), Milestones: []milestone{}, Lapses: diffOf(c.Lapses), NotLicensed: diffOf(c.NotLicensed), Machines: c.Machines}
	day := float64(engine.Day)
	for _, m := range c.Milestones {
		j.Milestones = append(j.Milestones, milestone{m.Key, distOf(m.A, day, 4), distOf(m.B, day, 4), distOf(m.Days, 1, 4), distOf(m.Share, 1, 4)})
	}
	for _, g := range c.Groups {
		j.Groups = append(j.Groups, group{g.Group, diffOf(g.Diff)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

func (c *Comparison) writeCSV(w *bytes.Buffer) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"milestone", "kind", "host", "pool", "threshold", "product", "key", "replications", "a_reached", "b_reached",
		"a_mean_day", "b_mean_day", "both_reached", "days_change", "days_change_ci95_low", "days_change_ci95_high",
		"reached_change", "reached_change_ci95_low", "reached_change_ci95_high"}); err != nil {
		return err
	}
	day := float64(engine.Day)
	for _, m := range c.Milestones {
		threshold := ""
		if m.Threshold > 0 {
			threshold = strconv.Itoa(m.Threshold)
		}
		row := []string{describeKey(m.Key, c.Model), string(m.Kind), m.Host, string(m.Pool), threshold, string(m.Product), m.MAKKey,
			strconv.Itoa(c.Replications), strconv.Itoa(m.A.Reached), strconv.Itoa(m.B.Reached),
			cell(m.A.Mean/day, 4), cell(m.B.Mean/day, 4), strconv.Itoa(m.Days.N),
			cell(m.Days.Mean, 4), cell(m.Days.CILow, 4), cell(m.Days.CIHigh, 4),
			cell(m.Share.Mean, 4), cell(m.Share.CILow, 4), cell(m.Share.CIHigh, 4)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// countsFigure draws the hosts' counts of both plans' first runs on one
// time axis, by day of the run: A solid, B dashed, a host in the same
// colour in both, and a grey line at each threshold.
func (c *Comparison) countsFigure() *figure {
	f := &figure{name: "counts", title: "Host counts, A and B", legend: newLegend(), height: chartHeight}
	start := c.A.Start
	if start != c.B.Start {
		start = scenarios.Date{}
	}
	long := max(c.A.Duration, c.B.Duration)
	frame := &sim.Result{Start: start, Duration: long}
	title := fmt.Sprintf("KMS host counts: A solid, B dashed (%s)", runWords(c.Replications))
	p := basePlot(frame, title, "count")
	f.plots = []*plot.Plot{p}
	var names []string
	var thresholds []int
	top := 1.0
	for _, pl := range []*compare.Plan{c.A, c.B} {
		for _, k := range pl.Counts {
			if !slices.Contains(names, k.Name()) {
				names = append(names, k.Name())
			}
			for _, t := range k.Thresholds {
				top = max(top, float64(t))
				if !slices.Contains(thresholds, t) {
					thresholds = append(thresholds, t)
				}
			}
			for _, v := range k.Values {
				top = max(top, float64(v))
			}
		}
	}
	slices.Sort(thresholds)
	addThresholds(f, p, frame, thresholds)
	if len(names) > MaxChartLines {
		p.Title.Text = fmt.Sprintf("KMS host counts: %d of %d pools, A solid, B dashed", MaxChartLines, len(names))
		names = names[:MaxChartLines]
	}
	for i, name := range names {
		for side, pl := range []*compare.Plan{c.A, c.B} {
			k := slices.IndexFunc(pl.Counts, func(x compare.Count) bool { return x.Name() == name })
			if k < 0 {
				continue
			}
			var dashes []vg.Length
			if side == 1 {
				dashes = []vg.Length{6, 3}
			}
			_, after := splitNoRequest(countXYs(pl.Times, pl.Counts[k].Values))
			l := line(after, hostColor(i), stackedWidth(side, 2), dashes...)
			p.Add(l)
			f.add(name+" "+[]string{"A", "B"}[side], l)
		}
	}
	p.X.Min, p.X.Max = 0, sim.Days(long)
	p.Y.Min, p.Y.Max = -1, float64(int(top*1.2)+1)
	p.Y.Tick.Marker = countTicker{}
	return f
}

// runWords says which runs the chart draws.
func runWords(n int) string {
	if n == 1 {
		return "one run each"
	}
	return "replication 1 of " + strconv.Itoa(n) + " each"
}

// countXYs is a sampled count as points by day.
func countXYs(times []engine.Time, values []int32) plotter.XYs {
	xys := make(plotter.XYs, min(len(times), len(values)))
	for i := range xys {
		xys[i] = plotter.XY{X: sim.Days(times[i]), Y: float64(values[i])}
	}
	return xys
}

// writeReport writes the comparison's page: both verdicts as its
// headline, in their colours, the counts of both on one chart, the
// milestones side by side, the totals and what lapses in one plan only.
func (c *Comparison) writeReport(w *bytes.Buffer, charts []Chart) error {
	rep := &batchReport{Title: "A and B side by side", Intro: c.how(), Findings: c.allNotes()}
	var err error
	if rep.Charts, err = inlineCharts(charts); err != nil {
		return err
	}
	for i := range rep.Charts {
		rep.Charts[i].Caption = "Each host's count in A (solid) and B (dashed), a host in the same colour in both, by day of the run; grey dashed lines are the thresholds."
		if c.Replications > 1 {
			rep.Charts[i].Caption += " The counts are of replication 1, which ran with the same seed in both; the tables are over all replications."
		}
	}
	rows := c.milestoneRows(true)
	rep.Tables = append(rep.Tables, inputTable{Title: "Milestones", Header: rows[0], Rows: rows[1:]})
	rep.Tables = append(rep.Tables, inputTable{Title: "Lapses", Header: []string{"", "A", "B", "B − A"}, Rows: c.totalRows()})
	if t := c.lapseTable(); len(t.Rows) > 0 {
		rep.Tables = append(rep.Tables, t)
	} else if c.A.Named || c.B.Named {
		rep.Findings = append(rep.Findings, "No named machine loses its activation in one plan and not the other.")
	}
	d := &reportData{
		Name:        c.A.Name + " vs " + c.B.Name,
		Description: fmt.Sprintf("A is %s (%s); B is %s (%s).", c.A.Name, c.FromA, c.B.Name, c.FromB),
		Sources:     fmt.Sprintf("%s (A) and %s (B), both run with seed %d", c.A.Name, c.B.Name, c.A.Seeds[0]),
		Seed:        c.A.Seeds[0],
		Sides:       []sideVerdict{{"A", c.VerdictA}, {"B", c.VerdictB}},
		Batch:       rep,
	}
	if c.Replications > 1 {
		d.Sources += " and the replications' seeds derived from it"
	}
	runs := "one run each"
	if c.Replications > 1 {
		runs = fmt.Sprintf("%d replications each", c.Replications)
		if c.Paired {
			runs += ", paired by seed"
		}
	}
	d.Facts = []labelValue{{"A", c.A.Name}, {"B", c.B.Name}, {"runs", runs}}
	if c.Paired {
		d.Facts = append(d.Facts, labelValue{"seeds", seedsWords(c.A.Seeds[:c.Replications])})
	}
	return d.write(w)
}

// sideVerdict is the verdict on one side of a comparison, as the page's
// headline shows it.
type sideVerdict struct {
	Side string
	PlanVerdict
}

// seedsWords names the seeds of a comparison's runs.
func seedsWords(seeds []uint64) string {
	if len(seeds) == 1 {
		return strconv.FormatUint(seeds[0], 10) + ", in both"
	}
	return fmt.Sprintf("the same %s in both, derived from %d (in compare.json)", words.Plural(len(seeds), "seed"), seeds[0])
}

package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/sensitivity"
)

// The files of a sensitivity (kmssim sensitivity):
//
//	sensitivity.json   the outcome as the scenario stands, and every field's effect
//	sensitivity.csv    one row per field, the largest change first
//	tornado.svg/png    the effects as a tornado chart
const (
	SensitivityFile    = "sensitivity.json"
	SensitivityCSVFile = "sensitivity.csv"
)

// MaxTornadoBars bounds the bars of the tornado chart; the table holds
// every field.
const MaxTornadoBars = 15

// Sensitivity is a sensitivity of a scenario, as its outputs show it.
type Sensitivity struct {
	Scenario *scenarios.Scenario
	*sensitivity.Result
}

// words names the outcome for people, with its unit.
func (s *Sensitivity) words() (what, unit string) {
	switch s.Outcome.Kind {
	case sensitivity.AllHold:
		return "the probability that every expectation holds", "probability"
	case sensitivity.Expectation:
		e := &s.Scenario.Expect[s.Outcome.Expectation]
		name := e.Name
		if name == "" {
			name = "expectation " + s.Outcome.String()
		}
		return "the probability that “" + name + "” holds", "probability"
	case sensitivity.Below:
		return "the day a host's count first falls below its threshold (the run's end where none does)", "day"
	}
	return "the clients not licensed at the end of the run", "clients"
}

// format writes a value of the outcome.
func (s *Sensitivity) format(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if s.Outcome.Probability() {
		return words.Percent(math.Round(v*1e9) / 1e9)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// interval writes an estimate with its interval.
func (s *Sensitivity) interval(e sensitivity.Estimate) string {
	if math.IsNaN(e.Low) {
		return s.format(e.Mean)
	}
	return fmt.Sprintf("%s (%s to %s)", s.format(e.Mean), s.format(e.Low), s.format(e.High))
}

// change writes a change of the outcome, signed, in points for a
// probability.
func (s *Sensitivity) change(e sensitivity.Estimate) string {
	f := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		if s.Outcome.Probability() {
			v *= 100
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	unit := ""
	if s.Outcome.Probability() {
		unit = " points"
	}
	if math.IsNaN(e.Low) {
		return signed(f(e.Mean)) + unit
	}
	return fmt.Sprintf("%s%s (%s to %s)", signed(f(e.Mean)), unit, f(e.Low), f(e.High))
}

func signed(s string) string {
	if !strings.HasPrefix(s, "-") && s != "–" && s != "0.0" {
		return "+" + s
	}
	return s
}

// WriteSensitivitySummary writes the ranked effects for people.
func WriteSensitivitySummary(w io.Writer, s *Sensitivity) error {
	what, _ := s.words()
	var b bytes.Buffer
	fmt.Fprintf(&b, "Outcome: %s, over %s with the same seeds at every value: %s as the scenario stands.\n\n",
		what, words.Plural(s.Replications, "replication"), s.interval(s.Baseline))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tfield\tlow\thigh\tat low\tat high\tchange, high minus low (95% interval)")
	for i, e := range s.Effects {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, e.Path, e.Low, e.High, s.format(e.AtLow.Mean), s.format(e.AtHigh.Mean), s.change(e.Change))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteSensitivityFiles renders the outputs of s, as WriteSeekFiles does.
func WriteSensitivityFiles(ctx context.Context, s *Sensitivity, formats []Format) ([]File, error) {
	o := planOutput{json: []namedWriter{{SensitivityFile, s.writeJSON}}, csv: []namedWriter{{SensitivityCSVFile, s.writeCSV}},
		charts: oneChart(s.tornado), page: s.writeReport}
	return o.render(ctx, formats)
}

type estimateJSON struct {
	Mean *float64   `json:"mean"`
	CI95 []*float64 `json:"ci95"`
}

func estimateOf(e sensitivity.Estimate) estimateJSON {
	return estimateJSON{finite(e.Mean, 4), []*float64{finite(e.Low, 4), finite(e.High, 4)}}
}

func (s *Sensitivity) writeJSON(w *bytes.Buffer) error {
	type effect struct {
		Path   string       `json:"path"`
		Low    string       `json:"low"`
		High   string       `json:"high"`
		AtLow  estimateJSON `json:"at_low"`
		AtHigh estimateJSON `json:"at_high"`
		Change estimateJSON `json:"change"`
	}
	j := struct {
		Scenario     string       `json:"scenario"`
		Seed         uint64       `json:"seed"`
		Seeds        []uint64     `json:"seeds"`
		Outcome      string       `json:"outcome"`
		Replications int          `json:"replications"`
		Baseline     estimateJSON `json:"baseline"`
		Effects      []effect     `json:"effects"`
	}{s.Scenario.Name, s.Scenario.Seed, batch.Seeds(s.Scenario.Seed, s.Replications), s.Outcome.String(), s.Replications, estimateOf(s.Baseline), []effect{}}
	for _, e := range s.Effects {
		j.Effects = append(j.Effects, effect{e.Path, e.Low, e.High, estimateOf(e.AtLow), estimateOf(e.AtHigh), estimateOf(e.Change)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

func (s *Sensitivity) writeCSV(w *bytes.Buffer) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"rank", "path", "low", "high", "outcome", "at_low", "at_low_ci95_low", "at_low_ci95_high",
		"at_high", "at_high_ci95_low", "at_high_ci95_high", "change", "change_ci95_low", "change_ci95_high"}); err != nil {
		return err
	}
	for i, e := range s.Effects {
		row := []string{strconv.Itoa(i + 1), e.Path, e.Low, e.High, s.Outcome.String()}
		for _, est := range []sensitivity.Estimate{e.AtLow, e.AtHigh, e.Change} {
			row = append(row, cell(est.Mean, 4), cell(est.Low, 4), cell(est.High, 4))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// tornado draws the effects as horizontal bars from the outcome as the
// scenario stands to the outcome with each field low and high, the
// largest change on top, each end with its 95% interval.
func (s *Sensitivity) tornado() *figure {
	what, unit := s.words()
	n := min(len(s.Effects), MaxTornadoBars)
	f := &figure{name: "tornado", title: "What moves the outcome most", legend: newLegend(),
		height: max(chartHeight, vg.Length(n)*0.32*vg.Inch+1.2*vg.Inch)}
	p := newPlot("Effect of each field, low and high, on "+shorten(what), unit, "")
	f.plots = []*plot.Plot{p}
	base := s.Baseline.Mean
	var ticks []plot.Tick
	lowColor, highColor := hostColor(0), hostColor(1)
	for i, e := range s.Effects[:n] {
		y := float64(n - 1 - i)
		ticks = append(ticks, plot.Tick{Value: y, Label: fmt.Sprintf("%s (%s / %s)", e.Path, e.Low, e.High)})
		for k, est := range []sensitivity.Estimate{e.AtLow, e.AtHigh} {
			c := lowColor
			dy := -0.18
			if k == 1 {
				c, dy = highColor, 0.18
			}
			if math.IsNaN(est.Mean) {
				continue
			}
			bar, err := plotter.NewPolygon(plotter.XYs{{X: base, Y: y + dy - 0.17}, {X: est.Mean, Y: y + dy - 0.17}, {X: est.Mean, Y: y + dy + 0.17}, {X: base, Y: y + dy + 0.17}})
			if err != nil {
				continue
			}
			bar.Color = translucent(c, 0xc0)
			bar.LineStyle.Width = 0
			p.Add(bar)
			if !math.IsNaN(est.Low) {
				p.Add(line(plotter.XYs{{X: est.Low, Y: y + dy}, {X: est.High, Y: y + dy}}, black, 1))
			}
		}
	}
	ref := line(plotter.XYs{{X: base, Y: -0.6}, {X: base, Y: float64(n) - 0.4}}, grey, 1, 6, 4)
	p.Add(ref)
	lowKey, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
	lowKey.Color, lowKey.LineStyle.Width = translucent(lowColor, 0xc0), 0
	highKey, _ := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}})
	highKey.Color, highKey.LineStyle.Width = translucent(highColor, 0xc0), 0
	f.add("field low", lowKey)
	f.add("field high", highKey)
	f.add("as it stands: "+s.format(base), ref)
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	if s.Outcome.Probability() {
		p.X.Min, p.X.Max = 0, 1.02
	}
	return f
}

// shorten cuts a title's words at the first parenthesis.
func shorten(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}

func (s *Sensitivity) writeReport(w *bytes.Buffer, charts []Chart) error {
	what, _ := s.words()
	rep := &batchReport{Title: "Sensitivity: what moves the outcome most",
		Intro: fmt.Sprintf("Each field is set low and high in turn, the others as they stand, over %s with the same seeds; the outcome is %s. As the scenario stands it is %s.",
			words.Plural(s.Replications, "replication"), what, s.interval(s.Baseline))}
	if len(s.Effects) > 0 {
		e := s.Effects[0]
		rep.Findings = append(rep.Findings, fmt.Sprintf("%s moves it most: from %s at %s to %s at %s, a change of %s.",
			e.Path, s.interval(e.AtLow), e.Low, s.interval(e.AtHigh), e.High, s.change(e.Change)))
	}
	var err error
	if rep.Charts, err = inlineCharts(charts); err != nil {
		return err
	}
	for i := range rep.Charts {
		rep.Charts[i].Caption = "Each bar runs from the outcome as the scenario stands (dashed) to the outcome with the field low (lower bar) or high (upper bar); the black lines are their 95% intervals. The largest change is on top."
	}
	t := inputTable{Title: "Every field, the largest change first", Header: []string{"rank", "field", "low", "high", "at low", "at high", "change (95% interval)"}}
	for i, e := range s.Effects {
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), e.Path, e.Low, e.High, s.interval(e.AtLow), s.interval(e.AtHigh), s.change(e.Change)})
	}
	rep.Tables = []inputTable{t}
	return planPage(s.Scenario, rep).write(w)
}

package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// The files of a batch, beside those of its first run:
//
//	outcomes.csv   one row per point and outcome: distributions and probabilities
//	batch.json     the same, with the seeds and parameters
//	bands.csv      replications of one point: percentiles of each series over time
//	bands.svg/png  the counts' median and 5–95% band over time
//	sweep-*.svg/png, heat-*.svg/png   a sweep's outcomes against its parameters
const (
	OutcomesFile = "outcomes.csv"
	BatchFile    = "batch.json"
	BandsFile    = "bands.csv"
)

// Options say which outputs WriteFiles writes, and how. The zero value
// writes every format, series.csv in the layout that fits a spreadsheet,
// into a directory that holds nothing kmssim did not write.
type Options struct {
	Formats []Format     // the formats to write; nil for every one (Formats)
	Series  SeriesLayout // series.csv's layout
	// Force writes into a directory that holds files kmssim did not
	// write, beside them.
	Force bool
}

// WriteFiles writes the outputs of b in the formats of opts into dir,
// creating it if needed, and returns the paths written, the report last.
// A single run (a batch of one) writes its series, milestones, charts and
// report. Replications of one point write the files of the first (the
// scenario's own seed: what a single run writes) and add the
// distributions over all of them (outcomes.csv, bands, batch.json); a
// sweep writes its table, charts and report. An incomplete batch says so
// in every file.
//
// Every file is written under a temporary name first (rendered in memory,
// or for the data files straight into the file) and then renamed, so a
// failure leaves no half-written file and a reader never sees one. The directory is replaced as a whole (see
// publish): a reader, or an interrupted run, finds either the previous
// complete outputs or the new ones, never a mix. A directory holding
// files kmssim did not write is refused unless opts.Force is set.
//
// When ctx is done before the new outputs take the place of the previous
// ones, WriteFiles stops, leaves dir as it was and returns
// context.Cause(ctx).
func WriteFiles(ctx context.Context, dir string, b *batch.Result, opts Options) ([]string, error) {
	formats := opts.Formats
	if formats == nil {
		formats = Formats
	}
	fs := fileSet{ctx: ctx, series: opts.Series}
	if err := fs.batch(b, formats); err != nil {
		return nil, err
	}
	return publish(ctx, dir, fs.files, opts.Force)
}

func (fs *fileSet) batch(b *batch.Result, formats []Format) error {
	scn := b.Scenario
	// A batch of one run is that run: its files, and nothing of a batch.
	sweep, many := len(b.Parameters) > 0, len(b.Seeds) > 1
	var charts []Chart
	var rep *batchReport
	if sweep || many {
		if wantsCharts(formats) {
			charts = BatchCharts(b)
		}
		if slices.Contains(formats, HTML) {
			var err error
			if rep, err = newBatchReport(b, charts); err != nil {
				return err
			}
		}
	}
	if !sweep && b.First != nil {
		// One verdict everywhere: the report, milestones.json, stdout
		// and JUnit judge an expectation over the replications, by its
		// probability, not by the first run alone.
		if err := fs.run(b.First, batch.Check(b), PlanOf(b), formats, rep); err != nil {
			return err
		}
	}
	if !sweep && !many {
		return nil
	}
	if err := fs.data(batchOutputs, &outputOf{b: b}, formats); err != nil {
		return err
	}
	if err := fs.charts(charts, formats); err != nil {
		return err
	}
	if sweep && rep != nil {
		return fs.render("report.html", func(w *bytes.Buffer) error {
			d := planPage(scn, rep)
			d.Facts = rep.Facts
			return d.write(w)
		})
	}
	return nil
}

// pointColumns returns the columns that name a point: its index and the
// value of each parameter.
func pointColumns(b *batch.Result) []string {
	cols := []string{"point"}
	for _, p := range b.Parameters {
		cols = append(cols, p.Path)
	}
	return cols
}

// cell formats a statistic for CSV: "never" for a time beyond the run,
// empty when undefined.
func cell(v float64, decimals int) string {
	switch {
	case math.IsInf(v, 1):
		return "never"
	case math.IsNaN(v):
		return ""
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// outcome is one row of outcomes.csv and of a point in batch.json.
type outcome struct {
	Outcome string `json:"outcome"` // expectation, all_expectations, milestone_day, days_after_window, not_licensed_at_end
	Subject string `json:"subject"`
	// N is how many replications held (probabilities), reached the
	// milestone, or were counted (levels).
	N int `json:"n"`
	// Mean is a probability, a day or a number of clients; CI95 its 95%
	// interval (Wilson for probabilities, Student's t for means).
	Mean *float64   `json:"mean"`
	CI95 []*float64 `json:"ci95"`
	// Median, P05 and P95 are null for probabilities; for a milestone,
	// null means not within the run (see Never). Never is null but for a
	// milestone. Null, as documented, where outcomes.csv's cell is empty
	// or says never: every outcome has every key.
	Median *float64 `json:"median"`
	P05    *float64 `json:"p05"`
	P95    *float64 `json:"p95"`
	Never  *int     `json:"never"`

	isProbability bool
	decimals      int
}

func finite(v float64, decimals int) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	// Round as the CSV does, so both files carry the same numbers.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
	return &r
}

func probabilityOutcome(kind, subject string, p batch.Probability) outcome {
	return outcome{Outcome: kind, Subject: subject, N: p.Held, Mean: finite(p.P, 4),
		CI95: []*float64{finite(p.Low, 4), finite(p.High, 4)}, isProbability: true, decimals: 4}
}

func distributionOutcome(kind, subject string, d batch.Distribution, scale float64, decimals int) outcome {
	o := outcome{Outcome: kind, Subject: subject, N: d.Reached, decimals: decimals,
		Mean:   finite(d.Mean*scale, decimals),
		CI95:   []*float64{finite(d.CILow*scale, decimals), finite(d.CIHigh*scale, decimals)},
		Median: finite(d.Median*scale, decimals), P05: finite(d.P05*scale, decimals), P95: finite(d.P95*scale, decimals)}
	if kind == "milestone_day" || kind == "days_after_window" {
		never := d.Never()
		o.Never = &never
	}
	return o
}

// outcomes lists the outcomes of point p: the probability of each
// expectation and of all together, the day of each milestone, and the
// clients not licensed at the end.
func outcomes(b *batch.Result, p *batch.Point) []outcome {
	var out []outcome
	for i, pr := range p.Held() {
		out = append(out, probabilityOutcome("expectation", b.Expectations[i], pr))
	}
	if len(b.Expectations) > 1 {
		out = append(out, probabilityOutcome("all_expectations", "every expectation at once", p.AllHeld()))
	}
	for _, m := range p.Milestones() {
		out = append(out, distributionOutcome("milestone_day", describeKey(m.Key, b.Model()), m.Distribution, 1/float64(engine.Day), 3))
	}
	if end, ok := expectWindow(b.Scenario); ok {
		// How far past the expectations' window a count still falls, as
		// the sweep's answer says it.
		subject := fmt.Sprintf("any count below its threshold after the expectations' window (day %s)", sim.FormatDays(end.Days(), 1, false))
		out = append(out, distributionOutcome("days_after_window", subject, batch.Summarize(afterWindow(p, end), len(p.Observations)), 1/float64(engine.Day), 3))
	}
	for _, l := range p.NotLicensed() {
		out = append(out, distributionOutcome("not_licensed_at_end", string(l.Product), l.Distribution, 1, 1))
	}
	return out
}

// describeKey words a milestone for tables.
func describeKey(k batch.Key, model scenarios.Model) string {
	switch k.Kind {
	case batch.KindAnyBelow:
		return "any count below its threshold"
	case sim.MilestoneCountBelow:
		return fmt.Sprintf("%s %s count below %d", k.Host, k.Pool, k.Threshold)
	case sim.MilestoneCountReached:
		return fmt.Sprintf("%s %s count reached %d", k.Host, k.Pool, k.Threshold)
	}
	return describeMilestone(sim.Milestone{Kind: k.Kind, Product: k.Product, Key: k.MAKKey}, model)
}

func (o outcome) cells() []string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', o.decimals, 64)
	}
	never := func(p *float64) string {
		if p == nil && o.Never != nil {
			return "never"
		}
		return f(p)
	}
	row := []string{o.Outcome, o.Subject, strconv.Itoa(o.N), "", f(o.Mean), f(o.CI95[0]), f(o.CI95[1])}
	if o.Never != nil {
		row[3] = strconv.Itoa(*o.Never)
	}
	if o.isProbability {
		return append(row, "", "", "")
	}
	return append(row, never(o.Median), never(o.P05), never(o.P95))
}

// WriteOutcomesCSV writes one row per point and outcome:
//
//	point, PARAMETER…        the point and its parameter values
//	replications             runs at the point
//	outcome, subject         what is measured (see below)
//	n                        replications that held, reached, or were counted
//	never                    for a milestone, replications that did not reach it
//	mean, ci95_low, ci95_high   the mean and its 95% interval
//	median, p05, p95         empirical percentiles
//
// Outcomes: expectation and all_expectations are probabilities (mean) with
// Wilson intervals; milestone_day is the day a milestone first happened, of
// the n replications that reached it for the mean, and "never" in a
// percentile means later than the run; not_licensed_at_end counts clients.
func WriteOutcomesCSV(w io.Writer, b *batch.Result) error {
	cw := newCSVWriter(w)
	header := append(pointColumns(b), "replications", "outcome", "subject", "n", "never", "mean", "ci95_low", "ci95_high", "median", "p05", "p95")
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range b.Points {
		p := &b.Points[i]
		lead := []string{strconv.Itoa(p.Index)}
		for _, v := range p.Values {
			lead = append(lead, string(v))
		}
		lead = append(lead, strconv.Itoa(len(p.Observations)))
		for _, o := range outcomes(b, p) {
			if err := cw.Write(append(slices.Clone(lead), o.cells()...)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteBandsCSV writes the percentiles over the replications of each
// series at each sample: time_s, day, series (HOST.POOL.count or
// PRODUCT.licensed), median, p05, p95.
func WriteBandsCSV(w io.Writer, b *batch.Result) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{"time_s", "day", "series", "median", "p05", "p95"}); err != nil {
		return err
	}
	for _, s := range b.Bands.Series {
		name := string(s.Product) + ".licensed"
		if s.Host != "" {
			name = s.Host + "." + string(s.Pool) + ".count"
		}
		for i, t := range b.Bands.Times {
			row := []string{strconv.FormatInt(int64(t), 10), Day(t), name, cell(s.Median[i], 0), cell(s.P05[i], 0), cell(s.P95[i], 0)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// batchFile is the layout of batch.json.
type batchFile struct {
	Scenario     string                `json:"scenario"`
	Overrides    []string              `json:"overrides,omitempty"` // -set PATH=VALUE: a what-if
	Fingerprint  string                `json:"fingerprint"`
	Complete     bool                  `json:"complete"`
	Replications int                   `json:"replications"`
	Seeds        []uint64              `json:"seeds"`
	Parameters   []scenarios.Parameter `json:"parameters,omitempty"`
	PointsTotal  int                   `json:"points_total"`
	Points       []pointJSON           `json:"points"`
}

type pointJSON struct {
	Index    int               `json:"index"`
	Values   []scenarios.Value `json:"values,omitempty"`
	Outcomes []outcome         `json:"outcomes"`
}

// WriteBatchJSON writes the batch's seeds and parameters and, per point
// that finished, the outcomes of outcomes.csv; complete is false when the
// batch was stopped before its end, and points then lists only those
// whose every replication finished.
func WriteBatchJSON(w io.Writer, b *batch.Result) error {
	f := batchFile{
		Scenario: b.Name, Overrides: overridesOf(b.Scenario), Fingerprint: b.Fingerprint, Complete: b.Complete,
		Replications: len(b.Seeds), Seeds: b.Seeds, Parameters: b.Parameters, PointsTotal: b.Total,
		Points: []pointJSON{},
	}
	for i := range b.Points {
		p := &b.Points[i]
		f.Points = append(f.Points, pointJSON{Index: p.Index, Values: p.Values, Outcomes: outcomes(b, p)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

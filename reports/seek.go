package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/seek"
)

// The files of a seek (kmssim seek):
//
//	seek.json         the settings, every search and every probe
//	seek.csv          one row per probe and expectation
//	frontier.csv      with -over: one row per value of the other path
//	seek.svg/png      the probability at each probe, with its interval
//	frontier.svg/png  with -over: the limit at each value of the other path
const (
	SeekFile     = "seek.json"
	ProbesFile   = "seek.csv"
	FrontierFile = "frontier.csv"
)

// Seek is a search for the limit of a plan, or a frontier of such
// searches (one per value of another path), as its outputs show it.
type Seek struct {
	Scenario *scenarios.Scenario
	Path     string
	Kind     scenarios.NumberKind
	Smallest bool
	P        float64
	Rule     seek.Rule
	// MaxReplications caps the runs of a probe.
	MaxReplications int
	Expectations    []string
	// Seeds are the seeds of the replications, the same at every probe:
	// a probe of n runs ran the first n.
	Seeds []uint64
	// Over is the path of a frontier, "" for one search; OverKind its kind.
	Over     string
	OverKind scenarios.NumberKind
	Searches []SeekSearch
}

// SeekSearch is one search of a Seek: at Over's value OverValue (as
// written in the YAML), or the only one.
type SeekSearch struct {
	OverValue string
	// Grid is the values the search could probe.
	Grid seek.Grid
	*seek.Result
}

// Value writes a value of the sought path as the YAML does.
func (s *Seek) Value(x float64) string { return s.Kind.Format(x) }

// WriteSeekFiles renders the outputs of s, for Publish.
func WriteSeekFiles(ctx context.Context, dir string, s *Seek, formats []Format) ([]File, error) {
	o := planOutput{json: []namedWriter{{SeekFile, s.writeJSON}}, csv: []namedWriter{{ProbesFile, s.writeProbesCSV}},
		charts: s.charts, page: s.writeReport}
	if s.Over != "" {
		o.csv = append(o.csv, namedWriter{FrontierFile, s.writeFrontierCSV})
	}
	return o.render(ctx, formats)
}

// oneChart is the charts of a planOutput that has one, drawn by draw
// when the formats need it.
func oneChart(draw func() *figure) func() []Chart {
	return func() []Chart {
		f := draw()
		return []Chart{{Name: f.name, Title: f.title, fig: f}}
	}
}

// namedWriter writes the file name.
type namedWriter struct {
	name  string
	write func(w *bytes.Buffer) error
}

// planOutput is the outputs of a seek or a sensitivity: tables in JSON
// and CSV, charts, and a page that shows the charts.
type planOutput struct {
	json, csv []namedWriter
	charts    func() []Chart
	page      func(w *bytes.Buffer, charts []Chart) error
}

// render renders the outputs in the formats asked for, in memory.
func (o planOutput) render(ctx context.Context, formats []Format) ([]File, error) {
	fs := fileSet{ctx: ctx}
	for _, f := range []struct {
		format  Format
		writers []namedWriter
	}{{JSON, o.json}, {CSV, o.csv}} {
		if !slices.Contains(formats, f.format) {
			continue
		}
		for _, w := range f.writers {
			if err := fs.render(w.name, w.write); err != nil {
				return nil, err
			}
		}
	}
	var charts []Chart
	if wantsCharts(formats) {
		charts = o.charts()
	}
	if err := fs.charts(charts, formats); err != nil {
		return nil, err
	}
	if slices.Contains(formats, HTML) {
		if err := fs.render("report.html", func(w *bytes.Buffer) error { return o.page(w, charts) }); err != nil {
			return nil, err
		}
	}
	out := make([]File, len(fs.files))
	for i, f := range fs.files {
		out[i] = File{f.name, f.data} // rendered, never streamed: render is all planOutput uses
	}
	return out, nil
}

// WriteSeekSummary writes what s found for people: a paragraph per
// search.
func WriteSeekSummary(w io.Writer, s *Seek) error {
	if s.Over != "" {
		return writeFrontierSummary(w, s)
	}
	var b strings.Builder
	for i, r := range s.Searches {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, line := range s.Sentences(r) {
			b.WriteString(line + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFrontierSummary writes a frontier as a table: one row per value
// of the other path (the sentences of each are in the report).
func writeFrontierSummary(w io.Writer, s *Seek) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "The %s of %s at which every expectation holds in at least %s of the replications (the lower end of its 95%% interval), at each %s:\n\n",
		map[bool]string{false: "largest value", true: "smallest value"}[s.Smallest], s.Path, words.Percent(s.P), s.Over)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tlimit\tat the limit (95%% interval)\tnext\tat the next\tprobes\truns\n", s.Over)
	runs := 0
	for _, r := range s.Searches {
		limit, atLimit, next, atNext := "–", "", "", ""
		switch r.Outcome {
		case seek.Found, seek.AllHold:
			limit, atLimit = s.Value(r.Limit.Value), short(r.Limit.Probability(r.Limit.Weakest()))
			if r.Outcome == seek.AllHold {
				limit += " (the end searched)"
			} else {
				next, atNext = s.Value(r.Next.Value), short(r.Next.Probability(r.Next.Weakest()))
			}
		case seek.NoneHold:
			limit = "none: even " + s.Value(r.Next.Value) + " fails"
		case seek.NotMonotone:
			limit = "not monotone"
		case seek.NotSearched:
			limit = "not searched: the budget was spent"
		}
		runs += r.Runs
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\n", r.OverValue, limit, atLimit, next, atNext, len(r.Probes), r.Runs)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\n%s, %s in all; rule %s, up to %d replications a probe.\n", fmt.Sprintf("%d %s", len(s.Searches), words.Choose(len(s.Searches), "search", "searches")), words.Plural(runs, "run"), s.Rule, s.MaxReplications)
	_, err := w.Write(b.Bytes())
	return err
}

// Sentences words what search r found: the limit, the weakest
// expectation at the limit and at the next step, and the work it took.
func (s *Seek) Sentences(r SeekSearch) []string {
	at := ""
	if s.Over != "" {
		at = fmt.Sprintf("With %s = %s: ", s.Over, r.OverValue)
	}
	want := words.Percent(s.P)
	var out []string
	stop := ""
	switch r.Outcome {
	case seek.NotSearched:
		return []string{at + "Not searched: the budget of runs was spent before this search (-budget)."}
	case seek.Found, seek.AllHold:
		dir := "Up to"
		if s.Smallest {
			dir = "Down to"
		}
		out = append(out, fmt.Sprintf("%s%s %s = %s, every expectation holds in at least %s of the replications, judged by the lower end of its 95%% interval: %s.",
			at, dir, s.Path, s.Value(r.Limit.Value), want, s.weakest(*r.Limit)))
		if r.Outcome == seek.AllHold {
			out = append(out, fmt.Sprintf("That is the end of the range searched: the limit may lie beyond %s (give -%s to search further).", s.Value(r.Limit.Value), map[bool]string{false: "hi", true: "lo"}[s.Smallest]))
		} else {
			out = append(out, fmt.Sprintf("At %s, one step further, %s.", s.Value(r.Next.Value), s.weakest(*r.Next)))
		}
	case seek.NoneHold:
		out = append(out, fmt.Sprintf("%sEven at %s = %s, the easiest value searched, not every expectation holds in %s: %s.",
			at, s.Path, s.Value(r.Next.Value), want, s.weakest(*r.Next)))
	case seek.NotMonotone:
		easy, hard := r.Conflict[0], r.Conflict[1]
		if r.Expectation < 0 {
			out = append(out, fmt.Sprintf("%sNot monotone, so no limit: %s = %s fails (%s), but %s, which should be harder, holds (%s). The expectations do not get steadily harder as %s %s%s.",
				at, s.Path, s.Value(easy.Value), s.weakest(easy), s.Value(hard.Value), s.weakest(hard), s.Path, s.direction(), s.hint(r, easy, hard)))
		} else {
			name := s.Expectations[r.Expectation]
			out = append(out, fmt.Sprintf("%sNot monotone, so no limit: “%s” holds more often at %s = %s (%s) than at %s (%s), where it should be easier. The expectations do not get steadily harder as %s %s%s.",
				at, name, s.Path, s.Value(hard.Value), hard.Probability(r.Expectation).String(), s.Value(easy.Value), easy.Probability(r.Expectation).String(), s.Path, s.direction(), s.hint(r, easy, hard)))
		}
	}
	switch r.Outcome {
	case seek.Found:
		stop = "the limit is found to a resolution of " + s.Value(r.Grid.Step)
	case seek.AllHold:
		stop = "every value up to the far end holds"
	case seek.NoneHold:
		stop = "the easiest value fails"
	case seek.NotMonotone:
		stop = "two probes contradict the order"
	}
	sweep := r.Grid.Len() * s.MaxReplications
	out = append(out, fmt.Sprintf("Stopped because %s: %s, %s (an exhaustive sweep of the %s from %s to %s with %d replications each: %d runs); rule %s.",
		stop, words.Plural(len(r.Probes), "probe"), words.Plural(r.Runs, "run"), words.Plural(r.Grid.Len(), "value"),
		s.Value(r.Grid.Lo), s.Value(r.Grid.Hi), s.MaxReplications, sweep, s.Rule))
	return out
}

// direction words the way the search assumes the plan gets harder.
func (s *Seek) direction() string {
	if s.Smallest {
		return "falls"
	}
	return "grows"
}

// hint says what to try when a plan runs the other way from the search.
func (s *Seek) hint(r SeekSearch, easy, hard seek.Probe) string {
	last := r.Grid.Len() - 1
	if easy.Index == 0 && hard.Index == last || easy.Index == last && hard.Index == 0 {
		if s.Smallest {
			return " (seek the largest instead, without -smallest?)"
		}
		return " (seek the smallest instead, with -smallest?)"
	}
	return ""
}

// weakest words the expectation that decides probe p's verdict.
func (s *Seek) weakest(p seek.Probe) string {
	e := p.Weakest()
	pr := p.Probability(e)
	name := "it"
	if len(s.Expectations) > 1 {
		name = "the weakest, “" + s.Expectations[e] + "”,"
	} else if len(s.Expectations) == 1 {
		name = "“" + s.Expectations[0] + "”"
	}
	what := "holds"
	if !p.Pass {
		what = "fails"
	}
	early := ""
	if p.Early {
		early = ", settled early"
	}
	return fmt.Sprintf("%s held in %d of %d replications (%s): %s%s", name, pr.Held, pr.N, pr, what, early)
}

// short writes a probability with its interval in few characters:
// "98% (93.0–99.4%)".
func short(p batch.Probability) string {
	bare := func(v float64) string { return strings.TrimSuffix(words.Percent(v), "%") }
	return fmt.Sprintf("%s (%s–%s%%)", words.Percent(p.P), bare(p.Low), bare(p.High))
}

type seekJSON struct {
	Scenario        string       `json:"scenario"`
	Seed            uint64       `json:"seed"`
	Seeds           []uint64     `json:"seeds"`
	Path            string       `json:"path"`
	Smallest        bool         `json:"smallest"`
	Probability     float64      `json:"probability"`
	Rule            string       `json:"rule"`
	MaxReplications int          `json:"max_replications"`
	Expectations    []string     `json:"expectations"`
	Over            string       `json:"over,omitempty"`
	Searches        []searchJSON `json:"searches"`
}

type searchJSON struct {
	OverValue string      `json:"over_value,omitempty"`
	Lo        string      `json:"lo"`
	Hi        string      `json:"hi"`
	Step      string      `json:"step"`
	Outcome   string      `json:"outcome"`
	Limit     *string     `json:"limit"`
	Next      *string     `json:"next"`
	Conflict  []string    `json:"conflict,omitempty"`
	Runs      int         `json:"runs"`
	Probes    []probeJSON `json:"probes"`
}

type probeJSON struct {
	Value        string     `json:"value"`
	Runs         int        `json:"runs"`
	Holds        bool       `json:"holds"`
	Early        bool       `json:"settled_early"`
	AllHeld      int        `json:"all_held"`
	Expectations []heldJSON `json:"expectations"`
}

type heldJSON struct {
	Held        int        `json:"held"`
	Probability *float64   `json:"probability"`
	CI95        []*float64 `json:"ci95"`
}

func (s *Seek) writeJSON(w *bytes.Buffer) error {
	j := seekJSON{Scenario: s.Scenario.Name, Seed: s.Scenario.Seed, Seeds: s.Seeds, Path: s.Path, Smallest: s.Smallest, Probability: s.P,
		Rule: s.Rule.String(), MaxReplications: s.MaxReplications, Expectations: s.Expectations, Over: s.Over, Searches: []searchJSON{}}
	value := func(p *seek.Probe) *string {
		if p == nil {
			return nil
		}
		v := s.Value(p.Value)
		return &v
	}
	for _, r := range s.Searches {
		sj := searchJSON{OverValue: r.OverValue, Lo: s.Value(r.Grid.Lo), Hi: s.Value(r.Grid.Hi), Step: s.Value(r.Grid.Step),
			Outcome: string(r.Outcome), Runs: r.Runs, Probes: []probeJSON{}}
		if r.Outcome != seek.NoneHold {
			sj.Limit, sj.Next = value(r.Limit), value(r.Next)
		}
		for _, c := range r.Conflict {
			sj.Conflict = append(sj.Conflict, s.Value(c.Value))
		}
		for _, p := range r.Probes {
			pj := probeJSON{Value: s.Value(p.Value), Runs: p.Runs, Holds: p.Pass, Early: p.Early, AllHeld: p.AllHeld}
			for e := range p.Held {
				pr := p.Probability(e)
				pj.Expectations = append(pj.Expectations, heldJSON{Held: pr.Held, Probability: finite(pr.P, 4),
					CI95: []*float64{finite(pr.Low, 4), finite(pr.High, 4)}})
			}
			sj.Probes = append(sj.Probes, pj)
		}
		j.Searches = append(j.Searches, sj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}

// overColumns are the first columns of a row of a frontier's tables.
func (s *Seek) overColumns(r SeekSearch) []string {
	if s.Over == "" {
		return nil
	}
	return []string{r.OverValue}
}

func (s *Seek) writeProbesCSV(w *bytes.Buffer) error {
	cw := newCSVWriter(w)
	head := []string{"probe", s.Path, "runs", "verdict", "settled_early", "expectation", "held", "probability", "ci95_low", "ci95_high"}
	if s.Over != "" {
		head = append([]string{s.Over}, head...)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range s.Searches {
		for i, p := range r.Probes {
			verdict := "holds"
			if !p.Pass {
				verdict = "fails"
			}
			for e := range p.Held {
				pr := p.Probability(e)
				row := append(s.overColumns(r), strconv.Itoa(i+1), s.Value(p.Value), strconv.Itoa(p.Runs), verdict,
					strconv.FormatBool(p.Early), s.Expectations[e], strconv.Itoa(pr.Held), cell(pr.P, 4), cell(pr.Low, 4), cell(pr.High, 4))
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func (s *Seek) writeFrontierCSV(w *bytes.Buffer) error {
	cw := newCSVWriter(w)
	if err := cw.Write([]string{s.Over, "outcome", "limit", "next", "probes", "runs"}); err != nil {
		return err
	}
	for _, r := range s.Searches {
		limit, next := "", ""
		if r.Limit != nil {
			limit = s.Value(r.Limit.Value)
		}
		if r.Next != nil && r.Outcome == seek.Found {
			next = s.Value(r.Next.Value)
		}
		row := []string{r.OverValue, string(r.Outcome), limit, next, strconv.Itoa(len(r.Probes)), strconv.Itoa(r.Runs)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// axis returns a value on a chart's axis of kind k: days for a duration.
func axis(k scenarios.NumberKind, x float64) float64 {
	if k == scenarios.Span {
		return x / float64(scenarios.Day)
	}
	return x
}

// axisLabel is the label of an axis of path, of kind k.
func axisLabel(path string, k scenarios.NumberKind) string {
	if k == scenarios.Span {
		return path + " (days)"
	}
	return path
}

func (s *Seek) charts() []Chart {
	var figs []*figure
	if s.Over == "" {
		figs = append(figs, s.probesFigure())
	} else {
		figs = append(figs, s.frontierFigure())
	}
	charts := make([]Chart, len(figs))
	for i, f := range figs {
		charts[i] = Chart{Name: f.name, Title: f.title, fig: f}
	}
	return charts
}

// probesFigure shows every probe of the one search: the probability of
// each expectation with its interval, the line of P and the limit.
func (s *Seek) probesFigure() *figure {
	r := s.Searches[0]
	f := &figure{name: "seek", title: "Probability at each probe", legend: newLegend(), height: chartHeight}
	p := newPlot(fmt.Sprintf("Probability at each probe (95%% intervals, up to %d runs each)", s.MaxReplications),
		axisLabel(s.Path, s.Kind), "probability")
	addGrid(p)
	f.plots = []*plot.Plot{p}
	lo, hi := axis(s.Kind, r.Grid.Lo), axis(s.Kind, r.Grid.Hi)
	ref := line(plotter.XYs{{X: lo, Y: s.P}, {X: hi, Y: s.P}}, grey, 1, 6, 4)
	p.Add(ref)
	f.add(words.Percent(s.P), ref)
	probes := slices.Clone(r.Probes)
	slices.SortFunc(probes, func(a, b seek.Probe) int { return a.Index - b.Index })
	for e, name := range s.Expectations {
		if e == MaxChartLines {
			break
		}
		var xs, mid, low, high []float64
		for _, q := range probes {
			pr := q.Probability(e)
			xs, mid, low, high = append(xs, axis(s.Kind, q.Value)), append(mid, pr.P), append(low, pr.Low), append(high, pr.High)
		}
		c := hostColor(e)
		bars, err := plotter.NewYErrorBars(errorBars{xysOf(xs, mid), low, high})
		if err == nil {
			bars.LineStyle.Color = c
			p.Add(bars)
		}
		dots := dotsOf(xysOf(xs, mid), c)
		p.Add(dots)
		f.add(name, dots)
	}
	if r.Limit != nil {
		x := axis(s.Kind, r.Limit.Value)
		l := line(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1.02}}, black, 1, 2, 3)
		p.Add(l)
		f.add("limit "+s.Value(r.Limit.Value), l)
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = 0, 1.02
	return f
}

// frontierFigure shows the limit at each value of the frontier's path.
func (s *Seek) frontierFigure() *figure {
	f := &figure{name: "frontier", title: "The limit at each value of " + s.Over, legend: newLegend(), height: chartHeight}
	p := newPlot(fmt.Sprintf("The limit, where every expectation holds in %s", words.Percent(s.P)),
		axisLabel(s.Over, s.OverKind), axisLabel(s.Path, s.Kind))
	addGrid(p)
	f.plots = []*plot.Plot{p}
	var found, beyond plotter.XYs
	for _, r := range s.Searches {
		p.Y.Min = min(p.Y.Min, axis(s.Kind, r.Grid.Lo))
		p.Y.Max = max(p.Y.Max, axis(s.Kind, r.Grid.Hi))
		x, err := s.OverKind.Parse(r.OverValue)
		if err != nil || r.Limit == nil {
			continue
		}
		xy := plotter.XY{X: axis(s.OverKind, x), Y: axis(s.Kind, r.Limit.Value)}
		found = append(found, xy)
		if r.Outcome == seek.AllHold {
			beyond = append(beyond, xy)
		}
	}
	if len(found) > 0 {
		l := line(found, hostColor(0), 1.8)
		dots := dotsOf(found, hostColor(0))
		p.Add(l, dots)
		f.add("limit", l, dots)
	}
	if len(beyond) > 0 {
		tri := blackMarks(beyond, draw.TriangleGlyph{}, 4)
		p.Add(tri)
		f.add("the end of the range holds", tri)
	}
	return f
}

// dotsOf returns a dot of colour c at each of xys, as the sweep charts
// draw their points.
func dotsOf(xys plotter.XYs, c color.NRGBA) *plotter.Scatter {
	dots, _ := plotter.NewScatter(xys) // only NaN or Inf fail, which no caller gives
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = 2.5
	dots.GlyphStyle.Color = c
	return dots
}

// errorBars are the intervals of points, for plotter.YErrorBars.
type errorBars struct {
	plotter.XYs
	low, high []float64
}

// YError returns the distances from point i down to its low end and up
// to its high end.
func (e errorBars) YError(i int) (float64, float64) {
	return e.XYs[i].Y - e.low[i], e.high[i] - e.XYs[i].Y
}

var seekCaptions = map[string]string{
	"seek":     "Each probe of the search: the share of its replications in which each expectation held, with its 95% interval (Wilson). A probe holds when every lower end is at or above the dashed line; the dotted line is the limit found.",
	"frontier": "The limit found at each value of the other path: a triangle marks a limit at the end of the range searched (it may lie beyond); a value without a point has no limit (even the easiest value fails, or the plan is not monotone there).",
}

func (s *Seek) writeReport(w *bytes.Buffer, charts []Chart) error {
	rep := &batchReport{Title: "Seek: " + s.Path}
	if s.Over != "" {
		rep.Title = fmt.Sprintf("Frontier: %s at each %s", s.Path, s.Over)
	}
	g := s.Searches[0].Grid
	rep.Intro = fmt.Sprintf("The %s of %s at which every expectation holds in at least %s of the replications, judged by the lower end of its 95%% interval, between %s and %s to a step of %s; each probe runs up to %d replications with the same seeds (rule %s).",
		map[bool]string{false: "largest value", true: "smallest value"}[s.Smallest], s.Path, words.Percent(s.P),
		s.Value(g.Lo), s.Value(g.Hi), s.Value(g.Step), s.MaxReplications, s.Rule)
	for _, r := range s.Searches {
		rep.Findings = append(rep.Findings, strings.Join(s.Sentences(r), " "))
	}
	var err error
	if rep.Charts, err = inlineCharts(charts); err != nil {
		return err
	}
	for i := range rep.Charts {
		rep.Charts[i].Caption = seekCaptions[rep.Charts[i].Name]
	}
	for _, r := range s.Searches {
		t := inputTable{Title: "Probes", Header: []string{"probe", s.Path, "runs", "verdict", "weakest expectation", "held", "probability (95% interval)"}}
		if s.Over != "" {
			t.Title = fmt.Sprintf("Probes at %s = %s", s.Over, r.OverValue)
		}
		for i, p := range r.Probes {
			e := p.Weakest()
			pr := p.Probability(e)
			verdict := "holds"
			if !p.Pass {
				verdict = "fails"
			}
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), s.Value(p.Value), strconv.Itoa(p.Runs), verdict, s.Expectations[e],
				strconv.Itoa(pr.Held), pr.String()})
		}
		rep.Tables = append(rep.Tables, t)
	}
	return planPage(s.Scenario, rep).write(w)
}

// planPage is the page of a sweep, a seek or a sensitivity of scn: the
// report's header, the section rep and the scenario's inputs.
func planPage(scn *scenarios.Scenario, rep *batchReport) *reportData {
	d := &reportData{
		Name:        scn.Name,
		Description: strings.Join(strings.Fields(scn.Description), " "),
		File:        scn.File,
		Seed:        scn.Seed,
		Inputs:      inputTables(scn),
		Batch:       rep,
	}
	if d.File == "" {
		d.File = "(built in)"
	}
	return d
}

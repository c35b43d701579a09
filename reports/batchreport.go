package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// batchReport is the section of the report that describes a batch: the
// replications of a run, or a sweep.
type batchReport struct {
	Title        string
	Replications int // of each point
	Intro        string
	Incomplete   string
	Findings     []string
	Facts        []labelValue // the header of a sweep's page
	Charts       []reportChart
	Tables       []inputTable
}

// newBatchReport gathers the batch section of the report.
func newBatchReport(b *batch.Result, charts []Chart) (*batchReport, error) {
	scn := b.Scenario
	n := len(b.Seeds)
	r := &batchReport{Replications: n}
	var err error
	if r.Charts, err = inlineCharts(charts); err != nil {
		return nil, err
	}
	if !b.Complete {
		r.Incomplete = fmt.Sprintf("This batch was stopped: %d of %d points finished, and only those are shown.", len(b.Points), b.Total)
	}
	seeds := fmt.Sprintf("%d, derived from the scenario's seed %d (all in batch.json)", n, scn.Seed)
	if len(b.Parameters) == 0 {
		r.Title = fmt.Sprintf("Over %d replications", n)
		r.Intro = fmt.Sprintf("The run above is the first of %d replications, each with its own seed. What follows is what all of them show (summed up in the findings at the top): how likely each outcome is, and how much it varies.", n)
		if len(b.Points) == 1 {
			p := &b.Points[0]
			r.Findings = replicationFindings(b, p)
			r.Tables = pointTables(b, p)
		}
		return r, nil
	}
	label := make([]string, len(b.Parameters))
	for i, p := range b.Parameters {
		vs := make([]string, len(p.Values))
		for j, v := range p.Values {
			vs[j] = string(v)
		}
		label[i] = p.Name() + " = " + strings.Join(vs, ", ")
	}
	r.Title = "Sweep"
	r.Intro = fmt.Sprintf("Each point of the sweep ran %d replications with the same seeds, so that differences between points come from the parameters, not from chance.", n)
	r.Facts = []labelValue{{"swept", strings.Join(label, "; ")}, {"points", strconv.Itoa(b.Total)}, {"replications per point", seeds}}
	if len(b.Parameters) == 1 {
		r.Findings = sweepFindings(b)
	}
	r.Tables = []inputTable{sweepTable(b)}
	return r, nil
}

// pct formats a probability as a percentage with its interval.
func pct(p batch.Probability) string {
	return fmt.Sprintf("%s (95%% interval %s–%s)", words.Percent(p.P), words.Percent(p.Low), words.Percent(p.High))
}

// replicationFindings says what the replications of one point show, in
// the order a planner asks: whether activations lapse and desktops go
// black (K3, K7), which counts fall below their thresholds (K1), how
// likely and when, which never do, and how often each check held.
func replicationFindings(b *batch.Result, p *batch.Point) []string {
	out := planFindings(p)
	for i, pr := range p.Held() {
		out = append(out, fmt.Sprintf("“%s” held in %d of %d replications: %s.", b.Expectations[i], pr.Held, len(p.Observations), pct(pr)))
	}
	return out
}

// planFindings are the findings of replicationFindings about the plan,
// before its checks.
func planFindings(p *batch.Point) []string {
	n := len(p.Observations)
	var out []string
	for _, m := range p.Milestones() {
		var what string
		switch m.Kind {
		case sim.MilestoneFirstExpiry:
			what = fmt.Sprintf("Activations of %s clients lapse", m.Product)
		case sim.MilestoneFirstNotification:
			what = fmt.Sprintf("%s clients go into notification (a black desktop)", m.Product)
		default:
			continue
		}
		out = append(out, fmt.Sprintf("%s in %s; the first %s", what, shareWords(m.Reached, n), amongWords(p.Reached(m.Key))))
	}
	fs := falls(p)
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s's %s count falls below %d in %s; the first fall %s", f.Host, f.Pool, f.Threshold, shareWords(len(f.times), n), amongWords(f.times)))
	}
	fell := map[batch.Key]bool{}
	for _, f := range fs {
		fell[f.Key] = true
	}
	for _, m := range p.Milestones() {
		below := m.Key
		below.Kind = sim.MilestoneCountBelow
		if m.Kind != sim.MilestoneCountReached || fell[below] {
			continue
		}
		// K1: reached in some replication and never lost in any: the
		// interval says how rare a fall could still be.
		out = append(out, fmt.Sprintf("%s's %s count never falls below %d once reached, in any of the %d replications (so a fall in at most %s of them, at 95%% confidence).",
			m.Host, m.Pool, m.Threshold, n, words.Percent(batch.Estimate(0, n).High)))
	}
	if len(fs) == 0 {
		out = append(out, fmt.Sprintf("In none of the %d replications does a count fall below its threshold.", n))
	}
	for _, l := range p.NotLicensed() {
		if d := l.Distribution; d.P95 > 0 {
			out = append(out, fmt.Sprintf("At the end, %s clients not licensed: %s at the median, %s to %s in 90%% of the replications.", l.Product, cell(d.Median, 0), cell(d.P05, 0), cell(d.P95, 0)))
		}
	}
	return out
}

// shareWords writes how often something happened over n replications:
// "124 of 200 replications (62%, 55.1%–68.4%)", with the 95% interval.
func shareWords(k, n int) string {
	p := batch.Estimate(k, n)
	return fmt.Sprintf("%d of %d replications (%s, %s–%s)", k, n, words.Percent(p.P), words.Percent(p.Low), words.Percent(p.High))
}

// amongWords writes when something happened in the replications in which
// it did (times in seconds): "comes on day 126.5 at the median of those
// (5–95%: day 43.1 to 301.2)." The median is of those replications only,
// as the verdict's is, not of all with "never" for the rest.
func amongWords(times []float64) string { return "comes on " + amongDays(times) + "." }

// amongDays writes the days on which something happened in the
// replications in which it did: "day 126.5 at the median of those (5–95%:
// day 43.1 to 301.2)".
func amongDays(times []float64) string {
	d := batch.Summarize(times, len(times))
	if len(times) == 1 {
		return fmt.Sprintf("day %s, in the one replication it came in", dayOrNever(d.Median))
	}
	return fmt.Sprintf("day %s at the median of those (5–95%%: day %s to %s)", dayOrNever(d.Median), dayOrNever(d.P05), dayOrNever(d.P95))
}

func pointTables(b *batch.Result, p *batch.Point) []inputTable {
	var tables []inputTable
	if len(b.Expectations) > 0 {
		t := inputTable{Title: "Expectations", Header: []string{"expectation", "held in", "probability"}}
		for i, pr := range p.Held() {
			t.Rows = append(t.Rows, []string{b.Expectations[i], fmt.Sprintf("%d of %d", pr.Held, pr.N), pct(pr)})
		}
		tables = append(tables, t)
	}
	// Two medians, each named: of the replications that reached the
	// milestone (the verdict's and the findings'), and of all of them,
	// in which one that never reached it counts as later than the run
	// (outcomes.csv's).
	t := inputTable{Title: "Milestones", Header: []string{"milestone", "reached in",
		"day, of those that reached it: median (5th–95th percentile)", "their mean (95% interval)",
		"day, over all replications: median (5th–95th percentile; never: not within the run)"}}
	for _, m := range p.Milestones() {
		d := m.Distribution
		among := batch.Summarize(p.Reached(m.Key), d.Reached)
		mean := ""
		if !math.IsNaN(d.Mean) {
			mean = cell(batch.Days(d.Mean), 1)
			if !math.IsNaN(d.CILow) {
				mean += fmt.Sprintf(" (%s–%s)", cell(batch.Days(d.CILow), 1), cell(batch.Days(d.CIHigh), 1))
			}
		}
		days := func(d batch.Distribution) string {
			return fmt.Sprintf("%s (%s – %s)", cell(batch.Days(d.Median), 1), cell(batch.Days(d.P05), 1), cell(batch.Days(d.P95), 1))
		}
		t.Rows = append(t.Rows, []string{describeKey(m.Key, b.Model()), fmt.Sprintf("%d of %d", d.Reached, d.N), days(among), mean, days(d)})
	}
	tables = append(tables, t)
	t = inputTable{Title: "Clients not licensed at the end", Header: []string{"product", "median", "5th–95th percentile", "mean"}}
	for _, l := range p.NotLicensed() {
		d := l.Distribution
		t.Rows = append(t.Rows, []string{string(l.Product), cell(d.Median, 0), cell(d.P05, 0) + " – " + cell(d.P95, 0), cell(d.Mean, 1)})
	}
	return append(tables, t)
}

// sweepFindings answers the question a one-parameter sweep asks: up to
// which value the expectations hold with the planning probability, and
// how the first fall below a threshold moves.
func sweepFindings(b *batch.Result) []string {
	var out []string
	path := b.Parameters[0].Name()
	if len(b.Expectations) > 0 && len(b.Points) > 0 {
		what := "every expectation holds"
		if len(b.Expectations) == 1 {
			what = "“" + b.Expectations[0] + "” holds"
		}
		last := -1
		for i := range b.Points {
			if b.Points[i].AllHeld().P < PlanningProbability {
				break
			}
			last = i
		}
		switch {
		case last == len(b.Points)-1:
			out = append(out, fmt.Sprintf("At every point of the sweep, %s in at least %s of the replications.", what, words.Percent(PlanningProbability)))
		case last < 0:
			p := &b.Points[0]
			out = append(out, fmt.Sprintf("Already at %s = %s, %s in only %s of the replications.", path, p.Values[0], what, pct(p.AllHeld())))
		default:
			ok, bad := &b.Points[last], &b.Points[last+1]
			out = append(out, fmt.Sprintf("Up to %s = %s, %s in at least %s of the replications: %s. At %s it holds in %s.",
				path, ok.Values[0], what, words.Percent(PlanningProbability), pct(ok.AllHeld()), bad.Values[0], pct(bad.AllHeld())))
			if s := unsettled(ok, bad, len(b.Seeds)); s != "" {
				out = append(out, s)
			}
		}
	}
	for i := range b.Points {
		p := &b.Points[i]
		if d := p.Milestone(batch.Key{Kind: batch.KindAnyBelow}); d.Reached > 0 {
			out = append(out, fmt.Sprintf("The first point at which a count falls below its threshold in some replication is %s = %s: in %s; the first fall %s",
				path, p.Values[0], shareWords(d.Reached, d.N), amongWords(p.Reached(batch.Key{Kind: batch.KindAnyBelow}))))
			break
		}
	}
	if s := pastWindow(b); s != "" {
		out = append(out, s)
	}
	return append(out, emptyOutcomes(b)...)
}

// unsettled says when the replications cannot settle the limit between
// the last point that holds (ok) and the next (bad): an interval that
// reaches across the planning probability leaves either side possible.
func unsettled(ok, bad *batch.Point, n int) string {
	var why []string
	if p := ok.AllHeld(); p.Low < PlanningProbability {
		why = append(why, fmt.Sprintf("at %s it may hold in less than %s (its interval reaches down to %s)", ok.Values[0], words.Percent(PlanningProbability), words.Percent(p.Low)))
	}
	if p := bad.AllHeld(); p.High >= PlanningProbability {
		why = append(why, fmt.Sprintf("at %s in %s or more (its interval reaches up to %s)", bad.Values[0], words.Percent(PlanningProbability), words.Percent(p.High)))
	}
	if len(why) == 0 {
		return ""
	}
	return fmt.Sprintf("%d replications do not settle this limit: %s. More replications (-replications 400), or kmssim seek, settle it.", n, strings.Join(why, "; "))
}

// expectWindow returns when the scenario's expectations stop looking, if
// all of them stop before the run ends: the latest until (or at) of
// them. A count that falls after it breaks no expectation, yet falls.
func expectWindow(scn *scenarios.Scenario) (end scenarios.Duration, ok bool) {
	if scn == nil || len(scn.Expect) == 0 {
		return 0, false
	}
	for _, e := range scn.Expect {
		w := e.Until
		if e.At != nil {
			w = e.At
		}
		if w == nil || *w >= scn.Duration {
			return 0, false
		}
		end = max(end, *w)
	}
	return end, true
}

// pastWindow says, for each point at which the expectations hold with
// the planning probability, whether a count falls below its threshold
// after their window, and how far past it: the sweep's answer (up to
// which value the expectations hold) is true, and blind to what comes
// next.
func pastWindow(b *batch.Result) string {
	end, ok := expectWindow(b.Scenario)
	if !ok {
		return ""
	}
	var parts []string
	for i := range b.Points {
		p := &b.Points[i]
		if len(b.Expectations) > 0 && p.AllHeld().P < PlanningProbability {
			continue
		}
		if w := afterWindowWords(p, end); w != "" {
			parts = append(parts, fmt.Sprintf("at %s, %s", p.Values[0], w))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("Where the expectations hold, a count still falls below its threshold after their window, which ends on day %s: %s.", sim.FormatDays(end.Days(), 1, false), strings.Join(parts, "; "))
}

// afterWindowWords says in how many replications of p a count first
// falls below its threshold after end, and how long after at the median
// of those: "in 40 of 40 replications, 21.67 days after it (day 111.7)";
// "" when in none.
func afterWindowWords(p *batch.Point, end scenarios.Duration) string {
	after, by := fallsAfter(p, end)
	if after == 0 {
		return ""
	}
	return fmt.Sprintf("in %d of %d replications, %s after it at the median of those (day %s)",
		after, len(p.Observations), words.Days(int64(by)), dayOrNever(float64(end)+by))
}

// fallsAfter counts the replications of p in which a count first falls
// below its threshold after end, and by how long after at the median of
// them, in seconds.
func fallsAfter(p *batch.Point, end scenarios.Duration) (n int, by float64) {
	after := afterWindow(p, end)
	if len(after) == 0 {
		return 0, 0
	}
	return len(after), batch.Summarize(after, len(after)).Median
}

// afterWindow returns, for each replication of p in which a count first
// falls below its threshold after end, how long after, in seconds,
// earliest first.
func afterWindow(p *batch.Point, end scenarios.Duration) []float64 {
	times := p.Reached(batch.Key{Kind: batch.KindAnyBelow})
	after := slices.Clone(times[sort.SearchFloat64s(times, float64(end)+0.5):]) // after the window's last second
	for i := range after {
		after[i] -= float64(end)
	}
	return after
}

// emptyOutcomes says which of the sweep's outcomes nothing reached at any
// point, whose charts are left out: no count fell, or no client was left
// without a licence at the end (with why, when the run is too short for
// an activation to lapse, K7).
func emptyOutcomes(b *batch.Result) []string {
	var out []string
	if !anyFall(b) {
		out = append(out, fmt.Sprintf("At no point, in none of the %d replications, does a count that reached its threshold fall below it.", len(b.Seeds)))
	}
	if !anyNotLicensed(b) {
		s := "At no point is a client left without a licence at the end, in any replication"
		if m := b.Model(); b.Scenario != nil && b.Scenario.Duration < m.Validity {
			s += fmt.Sprintf(": the run ends on day %s, before an activation can lapse (%s after its last good renewal, K7)", sim.FormatDays(b.Scenario.Duration.Days(), 0, false), words.Days(int64(m.Validity)))
		}
		out = append(out, s+".")
	}
	return out
}

// anyFall reports whether a count fell below its threshold in some
// replication of some point.
func anyFall(b *batch.Result) bool {
	for i := range b.Points {
		if b.Points[i].Milestone(batch.Key{Kind: batch.KindAnyBelow}).Reached > 0 {
			return true
		}
	}
	return false
}

// anyNotLicensed reports whether some replication of some point ended
// with a client not licensed.
func anyNotLicensed(b *batch.Result) bool {
	for i := range b.Points {
		for _, o := range b.Points[i].Observations {
			for _, l := range o.NotLicensed {
				if l.Clients > 0 {
					return true
				}
			}
		}
	}
	return false
}

func sweepTable(b *batch.Result) inputTable {
	t := inputTable{Title: "Points"}
	for _, p := range b.Parameters {
		t.Header = append(t.Header, p.Name())
	}
	if len(b.Expectations) > 0 {
		t.Header = append(t.Header, "every expectation holds")
	}
	t.Header = append(t.Header, "a count falls below its threshold")
	end, window := expectWindow(b.Scenario)
	if window {
		t.Header = append(t.Header, fmt.Sprintf("of which after the expectations' window (day %s)", sim.FormatDays(end.Days(), 1, false)))
	}
	t.Header = append(t.Header, "not licensed at the end (median)")
	for i := range b.Points {
		p := &b.Points[i]
		var row []string
		for _, v := range p.Values {
			row = append(row, string(v))
		}
		if len(b.Expectations) > 0 {
			row = append(row, pct(p.AllHeld()))
		}
		if times := p.Reached(batch.Key{Kind: batch.KindAnyBelow}); len(times) == 0 {
			row = append(row, fmt.Sprintf("in none of %d", len(p.Observations)))
		} else {
			row = append(row, fmt.Sprintf("in %d of %d; %s", len(times), len(p.Observations), amongDays(times)))
		}
		if window {
			row = append(row, cmp.Or(afterWindowWords(p, end), "in none"))
		}
		var nl []string
		for _, l := range p.NotLicensed() {
			nl = append(nl, fmt.Sprintf("%s %s", l.Product, cell(l.Median, 0)))
		}
		t.Rows = append(t.Rows, append(row, strings.Join(nl, ", ")))
	}
	return t
}

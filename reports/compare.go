package reports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
)

// The files of a comparison (kmssim compare):
//
//	compare.json       both verdicts and every difference, B minus A
//	compare.csv        one row per milestone, with its difference in days
//	counts.svg/png     the hosts' counts of both plans on one chart
const (
	CompareFile    = "compare.json"
	CompareCSVFile = "compare.csv"
)

// Comparison is a comparison of two plans as its outputs show it.
type Comparison struct {
	*compare.Result
	// VerdictA and VerdictB are the verdicts on each plan, judged as
	// kmssim run judges it.
	VerdictA, VerdictB PlanVerdict
	// FromA and FromB say where each plan comes from: "built-in
	// scenario", "scenario trap.yaml, -set fleet.laptops.count=6", "the
	// outputs in out/trap".
	FromA, FromB string
	// Notes are what the command adds to the comparison's own notes,
	// such as B running with A's seeds instead of its own.
	Notes []string
	// Model is the model whose timings name the milestones (K38's
	// warning): A's scenario's, or the documented defaults.
	Model scenarios.Model
}

// WriteCompareFiles renders the outputs of c in the formats asked for,
// for Publish.
func WriteCompareFiles(ctx context.Context, c *Comparison, formats []Format) ([]File, error) {
	o := planOutput{json: []namedWriter{{CompareFile, c.writeJSON}}, csv: []namedWriter{{CompareCSVFile, c.writeCSV}},
		charts: oneChart(c.countsFigure), page: c.writeReport}
	return o.render(ctx, formats)
}

// allNotes are the comparison's notes and the command's.
func (c *Comparison) allNotes() []string {
	return append(append([]string(nil), c.Notes...), c.Result.Notes...)
}

// how says in a sentence how the differences were measured.
func (c *Comparison) how() string {
	n := c.Replications
	switch {
	case n == 1 && c.Paired:
		return fmt.Sprintf("One run of each plan with the same seed, %d: every difference is exact, B minus A, with no interval.", c.A.Seeds[0])
	case n == 1:
		return "One run of each plan: every difference is exact, B minus A, with no interval."
	case c.Paired:
		return fmt.Sprintf("Over %d replications of each plan with the same seeds (common random numbers): each difference is B minus A, replication by replication, with its 95%% interval.", n)
	}
	return fmt.Sprintf("Over %d replications of each plan: each difference is B minus A, replication by replication, with its 95%% interval.", n)
}

// dayOf writes when a milestone came in a plan: its day (and date) in
// one run, else its mean day over the replications that reached it,
// with its interval and how many did.
func (c *Comparison) dayOf(p *compare.Plan, d batch.Distribution) string {
	if d.Reached == 0 {
		if d.N == 1 {
			return "—"
		}
		return fmt.Sprintf("in none of %d", d.N)
	}
	if d.N == 1 {
		s := "day " + sim.FormatDays(batch.Days(d.Mean), 2, false)
		if !p.Start.IsZero() {
			s += " (" + p.Start.Add(time.Duration(d.Mean)*time.Second).Format(time.DateOnly) + ")"
		}
		return s
	}
	s := "day " + sim.FormatDays(batch.Days(d.Mean), 1, false)
	if !math.IsNaN(d.CILow) {
		s += fmt.Sprintf(" (%s–%s)", sim.FormatDays(batch.Days(d.CILow), 1, false), sim.FormatDays(batch.Days(d.CIHigh), 1, false))
	}
	return s + fmt.Sprintf(", in %d of %d", d.Reached, d.N)
}

// dayChange writes how much later (+) or earlier (−) a milestone came in
// B: exact from one run each, else the paired mean with its interval
// over the replications in which both reached it.
func dayChange(m compare.MilestoneDiff) string {
	switch {
	case m.Days.N == 0 && m.A.Reached > 0 && m.B.Reached == 0:
		return "only in A"
	case m.Days.N == 0 && m.B.Reached > 0 && m.A.Reached == 0:
		return "only in B"
	case m.Days.N == 0:
		return "never in both at once"
	}
	s := signedDays(m.Days.Mean, m.A.N > 1)
	if !math.IsNaN(m.Days.CILow) {
		s += fmt.Sprintf(" (%s to %s)", signedNumber(m.Days.CILow, 1), signedNumber(m.Days.CIHigh, 1))
	}
	if m.Days.N < m.A.N {
		s += fmt.Sprintf(", over the %d in which both reached it", m.Days.N)
	}
	return s
}

// shareChange writes the change in the share of replications that
// reached a milestone, in percentage points with its interval.
func shareChange(m compare.MilestoneDiff) string {
	s := signedNumber(m.Share.Mean*100, 0) + " points"
	if !math.IsNaN(m.Share.CILow) {
		s += fmt.Sprintf(" (%s to %s)", signedNumber(m.Share.CILow*100, 0), signedNumber(m.Share.CIHigh*100, 0))
	}
	return s
}

// signedDays writes a number of days with its sign: "+14.00 days".
func signedDays(d float64, many bool) string {
	decimals := 2
	if many {
		decimals = 1
	}
	return signedNumber(d, decimals) + " days"
}

// signedNumber writes v with its sign, "+" for more, "−" for less, and
// no sign for zero.
func signedNumber(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	if v > 0 {
		return "+" + s
	}
	return "−" + strings.TrimPrefix(s, "-")
}

// number writes a count in a plan: exact from one run, else the mean.
func number(d batch.Distribution) string {
	if d.N == 1 {
		return strconv.FormatFloat(d.Mean, 'f', 0, 64)
	}
	return strconv.FormatFloat(d.Mean, 'f', 1, 64) + " (mean)"
}

// change writes a paired difference of a count, with its interval.
func change(d batch.Distribution) string {
	if math.IsNaN(d.CILow) {
		return signedNumber(d.Mean, 0)
	}
	return fmt.Sprintf("%s (%s to %s)", signedNumber(d.Mean, 1), signedNumber(d.CILow, 1), signedNumber(d.CIHigh, 1))
}

// lapsedIn writes how often a machine lapsed in a plan.
func lapsedIn(k, n int) string {
	if n == 1 {
		if k == 1 {
			return "loses it"
		}
		return "keeps it"
	}
	return fmt.Sprintf("in %d of %d (%s)", k, n, words.Percent(float64(k)/float64(n)))
}

// WriteCompareSummary writes the comparison for people: the two
// verdicts first, then the milestones side by side and what lapses.
func WriteCompareSummary(w io.Writer, c *Comparison) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "A %s: %s.\n", c.VerdictA.Label(), c.VerdictA.Sentence)
	fmt.Fprintf(&b, "B %s: %s.\n", c.VerdictB.Label(), c.VerdictB.Sentence)
	fmt.Fprintf(&b, "A is %s (%s); B is %s (%s).\n", c.A.Name, c.FromA, c.B.Name, c.FromB)
	fmt.Fprintln(&b, c.how())
	for _, n := range c.allNotes() {
		fmt.Fprintln(&b, "Note: "+n)
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, row := range c.milestoneRows(false) {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	fmt.Fprintln(tw, "\t\t\t")
	for _, row := range c.totalRows() {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if t := c.lapseTable(); len(t.Rows) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", t.Title)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  "+strings.Join(t.Header, "\t"))
		for _, row := range t.Rows {
			fmt.Fprintln(tw, "  "+strings.Join(row, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := w.Write(trimLines(b.Bytes()))
	return err
}

// trimLines removes the spaces a tabwriter leaves at the ends of lines.
func trimLines(text []byte) []byte {
	lines := bytes.Split(text, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimRight(l, " ")
	}
	return bytes.Join(lines, []byte("\n"))
}

// milestoneRows are the table of milestones, its header first; with
// replications (or for the page), a column of how often each came.
func (c *Comparison) milestoneRows(page bool) [][]string {
	many := c.Replications > 1
	head := []string{"milestone", "A", "B", "B − A"}
	if many {
		head = []string{"milestone", "A: day (95% interval)", "B: day (95% interval)", "B − A, days (95% interval)", "reached, B − A (points)"}
	}
	rows := [][]string{head}
	for _, m := range c.Milestones {
		row := []string{describeKey(m.Key, c.Model), c.dayOf(c.A, m.A), c.dayOf(c.B, m.B), dayChange(m)}
		if many {
			row = append(row, shareChange(m))
		}
		rows = append(rows, row)
	}
	if len(c.Milestones) == 0 {
		rows = append(rows, []string{"no milestone in either plan", "", "", ""}[:len(head)])
	}
	return rows
}

// totalRows are the lapses and the clients not licensed, side by side.
func (c *Comparison) totalRows() [][]string {
	return [][]string{
		{"activations lapsed (K7)", number(c.Lapses.A), number(c.Lapses.B), change(c.Lapses.Change)},
		{"not licensed at the end", number(c.NotLicensed.A), number(c.NotLicensed.B), change(c.NotLicensed.Change)},
	}
}

// lapseTable is the table of what lapses in one plan and not the other:
// the named machines, or else, for a fleet without names, each group's
// lapses.
func (c *Comparison) lapseTable() inputTable {
	n := c.Replications
	if c.A.Named || c.B.Named {
		t := inputTable{Title: "Machines that lose their activation in one plan and not the other", Header: []string{"machine", "A", "B"}}
		if n > 1 {
			t.Title = "Machines that lose their activation more often in one plan than the other"
		}
		for _, m := range c.Machines {
			t.Rows = append(t.Rows, []string{m.Name, lapsedIn(m.A, n), lapsedIn(m.B, n)})
		}
		return t
	}
	t := inputTable{Title: "Activations that lapse, per group (the scenario names no machines)", Header: []string{"group", "A", "B", "B − A"}}
	for _, g := range c.Groups {
		t.Rows = append(t.Rows, []string{g.Group, number(g.A), number(g.B), change(g.Change)})
	}
	return t
}

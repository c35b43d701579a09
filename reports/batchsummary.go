package reports

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
)

// writeBatchSummary writes the outcome of a batch in a few lines: with
// replications of one point, how often a count fell below its threshold
// and the verdicts; for a sweep, one line per point.
func writeBatchSummary(w io.Writer, b *batch.Result) {
	scn := b.Scenario
	n := len(b.Seeds)
	if !b.Complete {
		fmt.Fprintf(w, "INCOMPLETE: %d of %d points finished\n", len(b.Points), b.Total)
	}
	if len(b.Parameters) == 0 {
		if len(b.Points) == 0 {
			return
		}
		// The report's findings over the replications, its checks below.
		fmt.Fprintf(w, "Over %d replications:\n", n)
		for _, f := range planFindings(&b.Points[0]) {
			fmt.Fprintf(w, "  %s\n", f)
		}
		if m, c := scenarios.CloneTotals(scn.Clones()); m > 0 {
			fmt.Fprintf(w, "%s share %s: each counts once (K9, K46)\n", words.Plural(m, "machine"), words.Plural(c, "CMID"))
		}
		if vs := batch.Check(b); len(vs) > 0 {
			fmt.Fprintf(w, "%s over the replications:\n", checksWords(vs))
			for _, v := range vs {
				fmt.Fprintf(w, "  %s\n", v)
			}
		}
		return
	}
	fmt.Fprintf(w, "Sweep of %d points, %d replications each:\n", b.Total, n)
	end, window := expectWindow(scn)
	for i := range b.Points {
		p := &b.Points[i]
		vals := make([]string, len(p.Values))
		for j, v := range p.Values {
			vals[j] = b.Parameters[j].Name() + " = " + string(v) // the label, as the report's
		}
		line := "  " + strings.Join(vals, " ")
		if len(b.Expectations) > 0 {
			all := p.AllHeld()
			line += fmt.Sprintf("  expectations held in %d of %d", all.Held, all.N)
		}
		times := p.Reached(batch.Key{Kind: batch.KindAnyBelow})
		line += fmt.Sprintf("  below threshold in %d of %d", len(times), len(p.Observations))
		if len(times) > 0 {
			line += " (day " + dayOrNever(batch.Summarize(times, len(times)).Median) + " at the median of those)"
		}
		if after, by := fallsAfter(p, end); window && after > 0 {
			line += fmt.Sprintf("; in %d of them after the window (to day %s), %s after it at the median", after, sim.FormatDays(end.Days(), 1, false), words.Days(int64(by)))
		}
		fmt.Fprintln(w, line)
	}
	// The answer, as the report gives it.
	if len(b.Parameters) == 1 {
		fmt.Fprintln(w)
		for _, s := range sweepFindings(b) {
			fmt.Fprintln(w, s)
		}
	}
}

// dayOrNever formats a time in seconds as a day, or "never" for +Inf (a
// milestone later than the run).
func dayOrNever(s float64) string {
	if math.IsInf(s, 1) {
		return "never"
	}
	return sim.FormatDays(batch.Days(s), 1, false)
}

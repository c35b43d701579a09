package backtest

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
	"github.com/kmssim/kmssim/scenarios/words"
)

// BucketWidth is the width of the horizon's buckets in the table of
// error against horizon: a month, the count window (K10).
const BucketWidth = scenarios.DefaultCountWindow

// when returns the moment an item is scored at, in seconds after its
// cut: the log's, or where the log shows nothing, the median run's.
func (it Item) when() int64 {
	if it.Truth != forecast.Never {
		return it.Truth
	}
	return it.Forecast.Median()
}

// Buckets returns the items of every cut (counts when counts is set,
// else lapses) by horizon: bucket i holds those scored between i and i+1
// BucketWidths after their cut.
func (r *Result) Buckets(counts bool) [][]Item {
	n := int((r.Options.Horizon + BucketWidth - 1) / BucketWidth)
	out := make([][]Item, n)
	for _, c := range r.Cuts {
		items := c.Lapses
		if counts {
			items = c.Counts
		}
		for _, it := range items {
			w := it.when()
			if w == forecast.Never {
				w = it.Forecast.Quantile(0) // quiet, though some run saw it
			}
			i := min(max(int((w-1)/int64(BucketWidth)), 0), n-1)
			out[i] = append(out[i], it)
		}
	}
	return out
}

// WriteTable writes r as text: a line per cut, then the error against
// horizon, then what the log could not show. Each kind's columns start
// with the items whose forecast said, correctly, that nothing happens
// (quiet) and those scored; counts are scored twice, by the runs and by
// the pessimistic forecast (Cut.IfOverdueLeave).
func (r *Result) WriteTable(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	o := r.Options
	pct := words.Percent(o.Interval)
	p("Backtest of %s from %s to %s: %s %s apart, each forecast %s ahead by %s (%s intervals).\n\n",
		words.Plural(r.Requests, "request"), r.First.Format("2006-01-02"), r.Last.Format("2006-01-02"),
		words.Plural(len(r.Cuts), "cut"), o.Period, o.Horizon, words.Plural(o.Replications, "run"), pct)
	p("%-10s  %-44s  %-36s  %-44s  %s\n", "", "counts below threshold, by the runs", "the same if overdue do not return", "activations lapsing", "apart (the log cannot show)")
	head := fmt.Sprintf("%5s %6s %4s %4s %5s %7s %7s", "quiet", "scored", "hit", "miss", "false", "error d", "covered")
	p("%-10s  %s  %s  %s  %5s %6s %4s\n", "cut", head, strings.TrimSuffix(head, fmt.Sprintf(" %7s", "covered")), head, "below", "unseen", "new")
	var counts, pessimistic, lapses Scores
	for _, c := range r.Cuts {
		cs, ps, ls := c.Scores(o.Interval)
		p("%-10s  %s  %s  %s  %5d %6d %4d\n", c.At.Format("2006-01-02"), scoreCells(cs), pessimisticCells(ps), scoreCells(ls), c.AlreadyBelow, c.Unseen, c.New)
		counts, pessimistic, lapses = counts.add(cs), pessimistic.add(ps), lapses.add(ls)
	}
	p("%-10s  %s  %s  %s\n", "all", scoreCells(counts), pessimisticCells(pessimistic), scoreCells(lapses))
	if counts.Hits+counts.Missed == 0 {
		p("\nNo count fell below its threshold within the horizon of any cut: the counts show only quiet forecasts and false alarms, not whether a fall is caught.\n")
	}
	if lapses.Hits+lapses.Missed == 0 {
		p("\nNo activation lapsed within the horizon of any cut: the lapses show only quiet forecasts and false alarms, not whether a lapse is caught.\n")
	}
	p("\nError against horizon (days after the cut the log, or else the median run, saw it):\n")
	p("%-10s  %4s %4s %4s %5s %7s %7s %7s  %4s %4s %4s %5s %7s %7s %7s\n", "horizon", "n", "hit", "miss", "false", "error d", "|err| d", "covered",
		"n", "hit", "miss", "false", "error d", "|err| d", "covered")
	cb, lb := r.Buckets(true), r.Buckets(false)
	for i := range cb {
		lo, hi := scenarios.Duration(i)*BucketWidth, min(scenarios.Duration(i+1)*BucketWidth, o.Horizon)
		p("%-10s  %s  %s\n", fmt.Sprintf("%dd-%dd", lo/scenarios.Day, hi/scenarios.Day), bucketCells(Score(cb[i], o.Interval)), bucketCells(Score(lb[i], o.Interval)))
	}
	p("\nquiet: the forecast said nothing happens within the horizon, and nothing did; scored: the rest, each a hit, a miss, a false alarm or,\n")
	p("when only some runs saw it, none of these. error d: the median run's time less the log's, over the hits (a mean: + late, - early);\n")
	p("covered: the log's time within the runs' %s interval. If overdue do not return: each overdue machine leaves the count 30 days after its latest request.\n", pct)
	p("Apart: counts below their threshold at the cut already; machines whose latest request came before their lapse and\nlonger than the count window before the log's end (retired or away: K11); machines first heard after the cut.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// add returns the sum of s and t, the mean errors weighted by hits.
func (s Scores) add(t Scores) Scores {
	mean := func(a, b float64) float64 {
		switch {
		case s.Hits+t.Hits == 0:
			return math.NaN()
		case s.Hits == 0:
			return b
		case t.Hits == 0:
			return a
		}
		return (a*float64(s.Hits) + b*float64(t.Hits)) / float64(s.Hits+t.Hits)
	}
	return Scores{Quiet: s.Quiet + t.Quiet, N: s.N + t.N, Hits: s.Hits + t.Hits, Missed: s.Missed + t.Missed, FalseAlarms: s.FalseAlarms + t.FalseAlarms,
		MeanErrorDays: mean(s.MeanErrorDays, t.MeanErrorDays), MeanAbsErrorDays: mean(s.MeanAbsErrorDays, t.MeanAbsErrorDays), Covered: s.Covered + t.Covered}
}

// scoreCells formats s as the table's columns of one kind.
func scoreCells(s Scores) string {
	return fmt.Sprintf("%5d %6d %4d %4d %5d %7s %7s", s.Quiet, s.N, s.Hits, s.Missed, s.FalseAlarms, days(s.MeanErrorDays), covered(s))
}

// pessimisticCells formats s as the columns of the pessimistic forecast,
// which states one time and no interval to cover.
func pessimisticCells(s Scores) string {
	return fmt.Sprintf("%5d %6d %4d %4d %5d %7s", s.Quiet, s.N, s.Hits, s.Missed, s.FalseAlarms, days(s.MeanErrorDays))
}

// bucketCells formats s as the columns of one kind by horizon.
func bucketCells(s Scores) string {
	return fmt.Sprintf("%4d %4d %4d %5d %7s %7s %7s", s.N, s.Hits, s.Missed, s.FalseAlarms, days(s.MeanErrorDays), days(s.MeanAbsErrorDays), covered(s))
}

func days(d float64) string {
	if math.IsNaN(d) {
		return "-"
	}
	return strconv.FormatFloat(d, 'f', 1, 64)
}

func covered(s Scores) string {
	if s.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", s.Covered, s.N)
}

// WriteCSV writes every scored item of r, a row each: its cut, kind
// (count, count_if_overdue_leave or lapse), name, the log's time, the median run's and the
// interval's ends (days after the cut, empty for none within the
// horizon), the outcome, the error in days and whether the interval
// covered the log's time.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"cut", "kind", "name", "truth_day", "forecast_day", "low_day", "high_day", "outcome", "error_days", "covered"}); err != nil {
		return err
	}
	day := func(t int64) string {
		if t == forecast.Never {
			return ""
		}
		return strconv.FormatFloat(float64(t)/86400, 'f', 3, 64)
	}
	for _, c := range r.Cuts {
		for _, kind := range []struct {
			name  string
			items []Item
		}{{"count", c.Counts}, {"count_if_overdue_leave", c.IfOverdueLeave}, {"lapse", c.Lapses}} {
			for _, it := range kind.items {
				lo, hi := it.Forecast.Interval(r.Options.Interval)
				e := ""
				if it.Outcome() == Hit {
					e = strconv.FormatFloat(it.ErrorDays(), 'f', 3, 64)
				}
				if err := cw.Write([]string{c.At.Format("2006-01-02T15:04:05Z"), kind.name, it.Name, day(it.Truth), day(it.Forecast.Median()), day(lo), day(hi),
					string(it.Outcome()), e, strconv.FormatBool(it.Covered(r.Options.Interval))}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

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
// horizon, then what the log could not show.
func (r *Result) WriteTable(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	o := r.Options
	pct := words.Percent(o.Interval)
	p("Backtest of %s from %s to %s: %s %s apart, each forecast %s ahead by %s (%s intervals).\n\n",
		words.Plural(r.Requests, "request"), r.First.Format("2006-01-02"), r.Last.Format("2006-01-02"),
		words.Plural(len(r.Cuts), "cut"), o.Period, o.Horizon, words.Plural(o.Replications, "run"), pct)
	p("%-10s  %-35s  %-35s  %s\n", "", "counts below threshold", "activations lapsing", "apart (the log cannot show)")
	p("%-10s  %4s %4s %4s %5s %7s %7s  %4s %4s %4s %5s %7s %7s  %5s %6s %4s\n", "cut", "n", "hit", "miss", "false", "error d", "covered",
		"n", "hit", "miss", "false", "error d", "covered", "below", "unseen", "new")
	var counts, lapses []Item
	for _, c := range r.Cuts {
		cs, ls := Score(c.Counts, o.Interval), Score(c.Lapses, o.Interval)
		p("%-10s  %s  %s  %5d %6d %4d\n", c.At.Format("2006-01-02"), scoreCells(cs), scoreCells(ls), c.AlreadyBelow, c.Unseen, c.New)
		counts = append(counts, c.Counts...)
		lapses = append(lapses, c.Lapses...)
	}
	p("%-10s  %s  %s\n", "all", scoreCells(Score(counts, o.Interval)), scoreCells(Score(lapses, o.Interval)))
	p("\nError against horizon (days after the cut the log, or else the median run, saw it):\n")
	p("%-10s  %4s %4s %4s %5s %7s %7s %7s  %4s %4s %4s %5s %7s %7s %7s\n", "horizon", "n", "hit", "miss", "false", "error d", "|err| d", "covered",
		"n", "hit", "miss", "false", "error d", "|err| d", "covered")
	cb, lb := r.Buckets(true), r.Buckets(false)
	for i := range cb {
		lo, hi := scenarios.Duration(i)*BucketWidth, min(scenarios.Duration(i+1)*BucketWidth, o.Horizon)
		p("%-10s  %s  %s\n", fmt.Sprintf("%dd-%dd", lo/scenarios.Day, hi/scenarios.Day), bucketCells(Score(cb[i], o.Interval)), bucketCells(Score(lb[i], o.Interval)))
	}
	p("\nerror d: the median run's time less the log's, over the hits (a mean: + late, - early); covered: the log's time within the runs' %s interval.\n", pct)
	p("Apart: counts below their threshold at the cut already; machines whose latest request came before their lapse and\nlonger than the count window before the log's end (retired or away: K11); machines first heard after the cut.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// scoreCells formats s as the table's columns of one kind.
func scoreCells(s Scores) string {
	return fmt.Sprintf("%4d %4d %4d %5d %7s %7s", s.N, s.Hits, s.Missed, s.FalseAlarms, days(s.MeanErrorDays), covered(s))
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
// (count or lapse), name, the log's time, the median run's and the
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
		}{{"count", c.Counts}, {"lapse", c.Lapses}} {
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

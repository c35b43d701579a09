// Package backtest scores the import's forecasts against what happened:
// it cuts a log that spans months at several past moments, imports each
// cut (the state as the log tells it then, eventlog), forecasts it
// (forecast.Run) and compares the forecast with what the rest of the log
// shows: when each host's count first fell below its threshold, and when
// each machine's activation lapsed. The counts are scored twice: by the
// runs, and by the pessimistic forecast that the overdue machines do not
// return (forecast.Pool.IfOverdueLeave). It follows the cross-validation of
// forecasting tools such as Prophet's: cutoffs a period apart, a horizon,
// and, with replications, the coverage of the stated interval.
//
// What a log cannot show is counted apart and not as error: machines
// that went silent before their activation ran out (retired or away,
// K11), machines first heard after a cut, counts below their threshold
// at the cut already.
package backtest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// Options tune Run. Zero fields take their defaults.
type Options struct {
	// Horizon is how far each forecast is scored; default 90d.
	Horizon scenarios.Duration
	// Period is the time between cuts; default half the horizon, as in
	// Prophet's cross-validation.
	Period scenarios.Duration
	// Initial is the log a cut needs before it; default the count window
	// (30d, K10), so that every table at a cut is whole. (Prophet's 3 ×
	// horizon would leave no cut in a year's log.)
	Initial scenarios.Duration
	// Cuts is how many cuts at most, the latest a horizon before the
	// log's end; default 6. Fewer are made when the log is too short.
	Cuts int
	// Replications is how many runs forecast each cut; default 10.
	Replications int
	// Seed is the seed of each cut's first run; default 1.
	Seed uint64
	// Interval is the central share of the runs that makes the stated
	// interval; default 0.8 (the 10th to the 90th percentile).
	Interval float64
}

// withDefaults returns o with its defaults filled in.
func (o Options) withDefaults() Options {
	o.Horizon = cmp.Or(o.Horizon, 90*scenarios.Day)
	o.Period = cmp.Or(o.Period, o.Horizon/2)
	o.Initial = cmp.Or(o.Initial, scenarios.DefaultCountWindow)
	o.Cuts = cmp.Or(o.Cuts, 6)
	o.Replications = cmp.Or(o.Replications, 10)
	o.Seed = cmp.Or(o.Seed, 1)
	o.Interval = cmp.Or(o.Interval, 0.8)
	return o
}

// Cutoffs returns the moments at which Run cuts a log that runs from
// first to last, earliest first: the latest a horizon before last, each
// other a period before the next, none less than Initial after first. It
// is empty when the log is too short for one.
func (o Options) Cutoffs(first, last time.Time) []time.Time {
	o = o.withDefaults()
	var cuts []time.Time
	at := last.Add(-o.Horizon.Std()).Truncate(time.Second)
	for range o.Cuts {
		if at.Before(first.Add(o.Initial.Std())) {
			break
		}
		cuts = append([]time.Time{at}, cuts...)
		at = at.Add(-o.Period.Std())
	}
	return cuts
}

// Result is a backtest: each cut with its scored forecast.
type Result struct {
	// Options are the options it ran with, defaults filled in.
	Options Options
	// First and Last are the log's first and latest requests.
	First, Last time.Time
	// Requests counts the requests of the log.
	Requests int
	// Cuts are the cuts, earliest first.
	Cuts []Cut
}

// Cut is one cut of the log, its forecast and what the rest of the log
// showed.
type Cut struct {
	// At is the cut's moment: the import's -now.
	At time.Time
	// Counts are the host counts at or above their threshold at the cut:
	// when each fell below it, by the runs.
	Counts []Item
	// IfOverdueLeave are the same counts scored by the pessimistic
	// forecast (forecast.Pool.IfOverdueLeave): the overdue machines
	// never return. Its Forecast holds one time.
	IfOverdueLeave []Item
	// Lapses are the licensed machines whose activation the log or some
	// run saw lapse within the horizon; Quiet counts the other licensed
	// machines, which neither did (correct, and not listed).
	Lapses []Item
	Quiet  int
	// What the log cannot show, apart: counts below their threshold at
	// the cut already; machines whose latest request came before their
	// lapse and long before the log's end (retired or away); machines
	// first heard after the cut.
	AlreadyBelow, Unseen, New int
}

// Item is one thing a forecast said and what the log showed of it: a
// host's count falling below its threshold, or a machine's activation
// lapsing.
type Item struct {
	// Name is the host and pool ("kms1 windows"), or the machine and
	// product ("pc-0001.corp.example windows-10").
	Name string
	// Truth is when the log shows it, in seconds after the cut; Never
	// when not within the horizon.
	Truth int64
	// Forecast is when each run saw it.
	Forecast forecast.Times
}

// Outcome is how a forecast of an Item fared.
type Outcome string

// The outcomes, by the median run (forecast.Times.Median) against the log.
const (
	// Hit: both saw it within the horizon; the error is their difference.
	Hit Outcome = "hit"
	// Missed: the log shows it, the median run does not.
	Missed Outcome = "missed"
	// FalseAlarm: the median run sees it, the log does not show it.
	FalseAlarm Outcome = "false_alarm"
	// Quiet: neither, though some run may have seen it.
	Quiet Outcome = "quiet"
)

// Outcome returns how the forecast of it fared.
func (it Item) Outcome() Outcome {
	m := it.Forecast.Median()
	switch {
	case it.Truth != forecast.Never && m != forecast.Never:
		return Hit
	case it.Truth != forecast.Never:
		return Missed
	case m != forecast.Never:
		return FalseAlarm
	}
	return Quiet
}

// ErrorDays returns the median run's time less the log's, in days, for a
// Hit; NaN otherwise.
func (it Item) ErrorDays() float64 {
	if it.Outcome() != Hit {
		return math.NaN()
	}
	return float64(it.Forecast.Median()-it.Truth) / 86400
}

// Covered reports whether the log's time lies within the central share
// of the runs' times, Never being later than every time: a truth beyond
// the horizon is covered when the interval reaches beyond it.
func (it Item) Covered(share float64) bool {
	lo, hi := it.Forecast.Interval(share)
	return !forecast.Later(lo, it.Truth) && !forecast.Later(it.Truth, hi)
}

// Run backtests the log l: it cuts it at o's cutoffs, imports each cut
// from memory (Log.State), forecasts it and scores the forecast against
// the rest of the log. It is an error when the log is too short for one
// cut.
func Run(ctx context.Context, l *Log, o Options) (*Result, error) {
	o = o.withDefaults()
	first, last := l.Span()
	res := &Result{Options: o, First: first, Last: last, Requests: l.Len()}
	cuts := o.Cutoffs(first, last)
	if len(cuts) == 0 {
		return nil, fmt.Errorf("backtest: the log runs %s, from %s to %s: too short for a cut %s after its start and a horizon of %s before its end",
			scenarios.Duration(last.Sub(first)/time.Second), first.Format(time.RFC3339), last.Format(time.RFC3339), o.Initial, o.Horizon)
	}
	shows := l.shows()
	m := scenarios.Scenario{}
	m.SetDefaults()
	window, validity, horizon := int64(m.Model.CountWindow), int64(m.Model.Validity), int64(o.Horizon)
	for _, at := range cuts {
		st, err := l.State(at)
		if err != nil {
			return nil, err
		}
		f, err := forecast.Run(ctx, st, forecast.Options{Horizon: o.Horizon, Replications: o.Replications, Seed: o.Seed})
		if err != nil {
			return nil, fmt.Errorf("backtest: the cut at %s: %w", at.Format(time.RFC3339), err)
		}
		cut := Cut{At: at}
		c := at.Unix()
		for _, p := range f.Pools {
			if p.Count < p.Threshold {
				cut.AlreadyBelow++
				continue
			}
			truth := shows.below(poolKey{p.Host, p.Pool}, c, horizon, window, p.Threshold)
			name := p.Host + " " + string(p.Pool)
			cut.Counts = append(cut.Counts, Item{Name: name, Truth: truth, Forecast: p.Below})
			pes := p.IfOverdueLeave
			if pes > horizon {
				pes = forecast.Never
			}
			cut.IfOverdueLeave = append(cut.IfOverdueLeave, Item{Name: name, Truth: truth, Forecast: forecast.Times{pes}})
		}
		known := map[machineKey]bool{}
		for i, m := range f.Machines {
			k := machineKey{m.Name, m.Product.Pool()}
			known[k] = true
			if m.State != "licensed" {
				continue
			}
			truth := shows.lapse(k, c, int64(st.Machines[i].Until), horizon, validity)
			lapse := truth
			if lapse == forecast.Never {
				lapse = m.Lapse.Median()
			}
			if lapse != forecast.Never && shows.unseen(k, c, lapse, window) {
				cut.Unseen++
				continue
			}
			it := Item{Name: m.Name + " " + string(m.Product), Truth: truth, Forecast: m.Lapse}
			if truth == forecast.Never && it.Forecast.Quantile(0) == forecast.Never {
				cut.Quiet++
				continue
			}
			cut.Lapses = append(cut.Lapses, it)
		}
		for k, ml := range shows.machines {
			if !known[k] && ml.first > c && ml.first <= c+horizon {
				cut.New++
			}
		}
		res.Cuts = append(res.Cuts, cut)
	}
	return res, nil
}

// Scores are the outcomes of a set of items, summed by Score.
type Scores struct {
	// Quiet counts the items neither the log nor any run saw happen
	// within the horizon: correct, and not scored.
	Quiet                           int
	N                               int // items with something to score: not Quiet
	Hits, Missed, FalseAlarms       int
	MeanErrorDays, MeanAbsErrorDays float64 // over the hits; NaN without
	// Covered counts the items whose log time lay within the stated
	// interval, of N.
	Covered int
}

// Scores returns the scores of c's counts by the runs, of its counts by
// the pessimistic forecast, and of its lapses, the interval being the
// central share of the runs. The lapses' Quiet includes the licensed
// machines Run did not list (Cut.Quiet).
func (c Cut) Scores(share float64) (counts, ifOverdueLeave, lapses Scores) {
	lapses = Score(c.Lapses, share)
	lapses.Quiet += c.Quiet
	return Score(c.Counts, share), Score(c.IfOverdueLeave, share), lapses
}

// Score sums the outcomes of items, the interval being the central
// share of the runs.
func Score(items []Item, share float64) Scores {
	var s Scores
	var sum, abs float64
	for _, it := range items {
		o := it.Outcome()
		if o == Quiet && it.Forecast.Quantile(0) == forecast.Never {
			s.Quiet++
			continue
		}
		s.N++
		switch o {
		case Hit:
			s.Hits++
			e := it.ErrorDays()
			sum += e
			abs += math.Abs(e)
		case Missed:
			s.Missed++
		case FalseAlarm:
			s.FalseAlarms++
		}
		if it.Covered(share) {
			s.Covered++
		}
	}
	s.MeanErrorDays, s.MeanAbsErrorDays = math.NaN(), math.NaN()
	if s.Hits > 0 {
		s.MeanErrorDays, s.MeanAbsErrorDays = sum/float64(s.Hits), abs/float64(s.Hits)
	}
	return s
}

package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"

	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// Level is the colour of a plan's verdict: what the plan does to the
// machines, not whether the scenario's expectations (its checks) hold.
type Level string

// The levels of a plan's verdict.
const (
	Green Level = "green" // no machine loses activation and no count falls below its threshold
	Amber Level = "amber" // a count falls below its threshold, but no machine loses activation within the run
	Red   Level = "red"   // machines lose activation within the run
)

// PlanVerdict is what a plan does within its run, in one sentence that
// leads every output: whether machines lose their activation (K7) and
// when the first does, which host's count falls below its threshold (K1)
// and when, and the day by which to act.
type PlanVerdict struct {
	Level    Level  `json:"level"`
	Sentence string `json:"sentence"`
	// Lapsed is how many activations lapsed within the run, the first
	// at FirstLapse (−1: none).
	Lapsed     int64       `json:"lapsed"`
	FirstLapse engine.Time `json:"first_lapse_s"`
	// Black is how many machines are in notification (a black desktop,
	// K3) at the end; FirstBlack is when the first went into it (−1:
	// none): machines that never activated go black without a lapse.
	Black      int         `json:"notification_at_end"`
	FirstBlack engine.Time `json:"first_notification_s"`
	// Below is the first fall of a host's count below a threshold, or
	// nil; Falls counts the counts that fell.
	Below *sim.Milestone `json:"count_below,omitempty"`
	Falls int            `json:"counts_below"`
	// FirstFailedRenewal is the first renewal that failed (K8), −1 for
	// none; ActBy is the day to act before: the earlier of it and the
	// fall, −1 when there is nothing to act on.
	FirstFailedRenewal engine.Time `json:"first_failed_renewal_s"`
	ActBy              engine.Time `json:"act_by_s"`
	// Silent, when not nil, is what happened to the machines the
	// scenario placed silent (retired or away, the log cannot tell):
	// their lapses are none of the above, nor the plan's colour.
	Silent *SilentLapses `json:"silent,omitempty"`
	// Replications, when not 0, is how many runs the verdict is over.
	// Then Lapsed, Black and Falls count replications (in which an
	// activation lapsed, machines went into notification, a count fell),
	// Below is nil, and each time is the median over the replications
	// in which it came (−1: in none).
	Replications int `json:"replications,omitempty"`
}

// silentWhy says what a silent machine is, wherever the outputs say
// them apart.
const silentWhy = "not heard for longer than the count window, so retired or away: the log cannot tell"

// SilentLapses counts the activations of silent machines that lapse
// within a run (K7), the first at First: machines an imported log last
// heard longer ago than the count window, retired or away.
type SilentLapses struct {
	Lapsed int         `json:"lapsed"`
	First  engine.Time `json:"first_lapse_s"`
}

// planVerdict judges the plan that run res simulated: the harm to the
// machines in use, the silent ones said apart.
func planVerdict(res *sim.Result) PlanVerdict {
	v := PlanVerdict{Lapsed: res.LapsesInUse(), FirstLapse: -1, FirstBlack: -1, FirstFailedRenewal: -1, ActBy: -1}
	for i := range res.Products {
		v.Black += res.Products[i].Final(sim.Notification)
	}
	for i := range res.Machines {
		f := &res.Machines[i]
		if f.SilentAtEnd() && f.End == sim.Notification {
			v.Black-- // black, and asking no host: retired or away
		}
		if !f.SilentLapse() {
			continue
		}
		// Its lapse is no milestone (sim): said apart, and not in Lapsed.
		if v.Silent == nil {
			v.Silent = &SilentLapses{First: f.Lapse}
		}
		v.Silent.Lapsed++
		v.Silent.First = min(v.Silent.First, f.Lapse)
	}
	fell := map[[2]string]bool{}
	for i := range res.Milestones {
		m := &res.Milestones[i]
		switch m.Kind {
		case sim.MilestoneFirstExpiry:
			v.FirstLapse = earliest(v.FirstLapse, m.At)
		case sim.MilestoneFirstFailedRenewal:
			v.FirstFailedRenewal = earliest(v.FirstFailedRenewal, m.At)
		case sim.MilestoneFirstNotification:
			v.FirstBlack = earliest(v.FirstBlack, m.At)
		case sim.MilestoneCountBelow:
			if v.Below == nil {
				v.Below = m
			}
			fell[[2]string{m.Host, string(m.Pool)}] = true
		}
	}
	v.Falls = len(fell)
	if v.Below != nil {
		v.ActBy = v.Below.At
	}
	// K8: the harm begins at the first failed renewal, the first lapse or
	// the first black desktop, whichever comes first; acting later is
	// too late.
	v.ActBy = earliest(earliest(v.ActBy, v.FirstFailedRenewal), earliest(v.FirstLapse, v.FirstBlack))
	inUse := "" // "No machine loses …" would deny the silent ones' lapses
	if v.Silent != nil {
		inUse = "in use "
	}
	switch {
	case v.Lapsed > 0 || v.FirstBlack >= 0:
		v.Level = Red
		v.Sentence = harmWords(res, v) + "; " + thresholdWords(res, v)
		if v.ActBy >= 0 {
			v.Sentence += "; " + actWords(res, v)
		}
	case v.Below != nil:
		v.Level = Amber
		v.Sentence = "No machine " + inUse + "loses activation within the run, but " + fallWords(res, v) + "; " + actWords(res, v)
	default:
		v.Level = Green
		v.Sentence = "No machine " + inUse + "loses activation and no count falls below its threshold within the run"
	}
	if v.Silent != nil {
		v.Sentence += fmt.Sprintf("; %s (%s) %s activation from %s",
			words.Plural(v.Silent.Lapsed, "silent machine"), silentWhy, words.Choose(v.Silent.Lapsed, "loses its", "lose"), onDay(res, v.Silent.First))
	}
	return v
}

// harmWords says which machines lose activation, or go into
// notification, and from when, the earliest harm first: machines that
// never activated (new or re-imaged ones past their grace, K3) go black
// without a lapse, often long before the first lapse.
func harmWords(res *sim.Result, v PlanVerdict) string {
	lapses := ""
	if v.Lapsed > 0 {
		lapses = fmt.Sprintf("%s %s activation from %s", words.Plural(int(v.Lapsed), "machine"), words.Choose(int(v.Lapsed), "loses its", "lose"), onDay(res, v.FirstLapse))
		if v.FirstBlack < 0 || v.FirstLapse <= v.FirstBlack {
			return lapses
		}
	}
	s := "Machines go into notification (a black desktop) from " + onDay(res, v.FirstBlack)
	if v.Black > 0 {
		s += fmt.Sprintf(", %d at the end", v.Black)
	}
	if lapses != "" {
		s += ", and " + lapses
	}
	return s
}

// thresholdWords says which count falls below its threshold first and
// when, or else which count of clients that asked never reached it (the
// reason machines that never activated go black: K1, K28), or that none
// falls.
func thresholdWords(res *sim.Result, v PlanVerdict) string {
	if v.Below != nil {
		return fallWords(res, v)
	}
	first, never := "", 0
	crossings := firstCrossings(res)
	for _, h := range res.Hosts {
		for i := range h.Pools {
			p := &h.Pools[i]
			// As hostFindings: a count of clients that asked (it has a
			// threshold) that never reached it.
			t := topThreshold(p)
			if _, reached := firstOf(crossings, h.Name, p.Pool, t); t == 0 || reached != nil {
				continue
			}
			if never++; never == 1 {
				first = fmt.Sprintf("%s never reaches %d (%d at most)", countName(res, h.Name, p.Pool), t, peakOf(p))
			}
		}
	}
	switch {
	case never == 0:
		return "no count falls below its threshold"
	case never > 1:
		first += fmt.Sprintf(" (and %s)", words.Plural(never-1, "other count"))
	}
	return first
}

// countName names a host's count: "kms1's count", or "kms1's windows
// count" when the host counts more than one pool.
func countName(res *sim.Result, host string, pool scenarios.Pool) string {
	for _, h := range res.Hosts {
		if h.Name == host && len(h.Pools) > 1 {
			return fmt.Sprintf("%s's %s count", host, pool)
		}
	}
	return host + "'s count"
}

// actWords says by when to act: "act before then" when that is the fall
// the sentence just named, else the day, which comes before it.
func actWords(res *sim.Result, v PlanVerdict) string {
	if v.Below != nil && v.ActBy == v.Below.At {
		return "act before then"
	}
	return "act before " + onDay(res, v.ActBy)
}

// earliest returns the earlier of two times, −1 standing for none.
func earliest(a, b engine.Time) engine.Time {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}

// fallWords says which count falls first, and when: "kms1's count falls
// below 25 on 2027-03-30 (day 85.97)", naming the pool where the host
// counts more than one, and how many others fall after it.
func fallWords(res *sim.Result, v PlanVerdict) string {
	m := v.Below
	s := fmt.Sprintf("%s falls below %d on %s", countName(res, m.Host, m.Pool), m.Threshold, onDay(res, m.At))
	if v.Falls > 1 {
		s += fmt.Sprintf(" (and %s after it)", words.Plural(v.Falls-1, "other count"))
	}
	return s
}

// onDay writes a moment of the run as a planner reads it: "2027-03-30
// (day 85.97)", or "day 85.97" in a scenario without a start date.
func onDay(res *sim.Result, t engine.Time) string {
	day := "day " + dayNumber(t)
	if date := res.Date(t, time.DateOnly); date != "" {
		return date + " (" + day + ")"
	}
	return day
}

// Label is the verdict's level as the word that leads its line on stdout:
// RED, AMBER or GREEN.
func (v PlanVerdict) Label() string {
	switch v.Level {
	case Red:
		return "RED"
	case Amber:
		return "AMBER"
	}
	return "GREEN"
}

// checksWords says how many of the expectations, the scenario's checks
// of the model, hold: "6 of 6 checks hold". They are not the plan's
// verdict.
func checksWords(verdicts []sim.Verdict) string {
	held := 0
	for _, v := range verdicts {
		if v.Pass {
			held++
		}
	}
	return fmt.Sprintf("%d of %s %s", held, words.Plural(len(verdicts), "check"), words.Choose(len(verdicts), "holds", "hold"))
}

// batchPlanVerdict judges the plan over the replications of b's first
// point: how often activations lapse, machines go into notification and
// a count falls, with the 95% interval of each share (Wilson), and when
// at the median of the replications in which each came. Its counts are
// of replications and its times medians (see PlanVerdict.Replications).
func batchPlanVerdict(b *batch.Result) PlanVerdict {
	v := PlanVerdict{FirstLapse: -1, FirstBlack: -1, FirstFailedRenewal: -1, ActBy: -1}
	if len(b.Points) == 0 || len(b.Points[0].Observations) == 0 {
		return v
	}
	obs := b.Points[0].Observations
	v.Replications = len(obs)
	// The first time of each kind in each replication that had one.
	var lapses, blacks, losses, falls, failures []float64
	for _, o := range obs {
		lapse, black, fall, failed := engine.Time(-1), engine.Time(-1), engine.Time(-1), engine.Time(-1)
		for _, m := range o.Milestones {
			switch m.Kind {
			case sim.MilestoneFirstExpiry:
				lapse = earliest(lapse, m.At)
			case sim.MilestoneFirstNotification:
				black = earliest(black, m.At)
			case sim.MilestoneFirstFailedRenewal:
				failed = earliest(failed, m.At)
			case batch.KindAnyBelow:
				fall = m.At
			}
		}
		// A lapse, or a machine that never activated going black: a
		// loss either way, as planVerdict counts it.
		loss := earliest(lapse, black)
		for _, c := range []struct {
			at   engine.Time
			into *[]float64
		}{{lapse, &lapses}, {black, &blacks}, {loss, &losses}, {fall, &falls}, {failed, &failures}} {
			if c.at >= 0 {
				*c.into = append(*c.into, float64(c.at))
			}
		}
	}
	n := len(obs)
	median := func(xs []float64) engine.Time {
		if len(xs) == 0 {
			return -1
		}
		return engine.Time(batch.Summarize(xs, len(xs)).Median)
	}
	v.Lapsed, v.FirstLapse = int64(len(lapses)), median(lapses)
	v.Black, v.FirstBlack = len(blacks), median(blacks)
	v.Falls, v.FirstFailedRenewal = len(falls), median(failures)
	// K8: the harm begins at the first of these; acting later is too late.
	v.ActBy = earliest(earliest(median(falls), v.FirstFailedRenewal), median(losses))
	var parts []string
	if len(losses) > 0 {
		parts = append(parts, fmt.Sprintf("machines lose activation or go into notification in %s, the first on day %s at the median of those", shareWords(len(losses), n), dayNumber(median(losses))))
	}
	if len(falls) > 0 {
		parts = append(parts, fmt.Sprintf("a count falls below its threshold in %s, on day %s at the median of those", shareWords(len(falls), n), dayNumber(median(falls))))
	}
	switch {
	case len(losses) > 0:
		v.Level = Red
	case len(falls) > 0:
		v.Level = Amber
	default:
		v.Level = Green
		v.Sentence = fmt.Sprintf("In none of %d replications does a machine lose activation or a count fall below its threshold within the run", n)
		return v
	}
	v.Sentence = "Over the replications, " + strings.Join(parts, "; ")
	if len(losses) == 0 {
		v.Sentence += "; no machine loses activation or goes into notification in any"
	}
	if v.ActBy >= 0 {
		v.Sentence += fmt.Sprintf("; act before day %s", dayNumber(v.ActBy))
	}
	return v
}

// dayNumber writes a moment as a day of the run with two decimals.
func dayNumber(t engine.Time) string { return sim.FormatDays(Days(t), 2, false) }

// PlanOf returns the verdict on the plan b ran: a single run's, or, over
// replications, how often and when machines lose activation and a count
// falls. A sweep's points are judged one by one in its table, not here.
func PlanOf(b *batch.Result) PlanVerdict {
	if len(b.Seeds) > 1 || b.First == nil {
		return batchPlanVerdict(b)
	}
	return planVerdict(b.First)
}

// whatIf names the changes a command line made to the scenario as
// written ("-set fleet.laptops.count=6"), or "" for none.
func whatIf(scn *scenarios.Scenario) string {
	if scn == nil || len(scn.Overrides) == 0 {
		return ""
	}
	return "-set " + strings.Join(scn.Overrides, ", -set ")
}

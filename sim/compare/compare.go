package compare

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// Result is a comparison of plan B with plan A. Every difference is B
// minus A.
type Result struct {
	A, B *Plan
	// Replications is how many runs of each plan were compared.
	Replications int
	// Paired is whether the plans ran with the same seeds (common random
	// numbers), so that their differences come from the plans, not
	// from chance.
	Paired bool
	// Milestones are the milestones reached in either plan, in the
	// order they came in A (in B, for those only B reached), ties in the
	// order of their keys (batch.CompareKeys).
	Milestones []MilestoneDiff
	// Lapses are the activations that lapsed within the run (K7), and
	// NotLicensed the clients not licensed at the end.
	Lapses, NotLicensed Diff
	// Machines are the named machines that lapse in one plan and not
	// the other (in some replication), the largest difference first.
	Machines []MachineDiff
	// Groups are the groups in which activations lapse in either plan,
	// by name; nil when a plan does not record them (a folder).
	Groups []GroupDiff
	// Notes say what a reader must know to read the differences: hosts
	// in one plan only, runs of different lengths or start dates.
	Notes []string
}

// Diff is a number in each plan and its difference, over the
// replications: means, and the paired difference's mean and 95%
// interval (NaN from one run each).
type Diff struct {
	A, B   batch.Distribution
	Change batch.Distribution
}

// MilestoneDiff is one milestone in both plans.
type MilestoneDiff struct {
	batch.Key
	// A and B are when it came in each plan, in seconds, over the
	// replications that reached it (Reached of N).
	A, B batch.Distribution
	// Days is B's time minus A's, in days, over the replications in
	// which both plans reached it (Days.N of them; none: Days.N is 0).
	Days batch.Distribution
	// Share is B's share of replications that reached it minus A's,
	// from −1 to 1, paired replication by replication.
	Share batch.Distribution
}

// MachineDiff is a named machine that loses its activation (K7) in one
// plan and not the other: in how many replications of each it lapsed.
type MachineDiff struct {
	Name string
	A, B int
}

// GroupDiff is the activations that lapse in one group in each plan.
type GroupDiff struct {
	Group string
	Diff
}

// ErrNoRuns is returned for a plan without a run.
var ErrNoRuns = errors.New("compare: a plan has no run")

// Compare compares plan b with plan a, replication by replication. With
// different numbers of replications, the first of each are compared, as
// many as the smaller plan has, and a note says so.
func Compare(a, b *Plan) (*Result, error) {
	if len(a.Runs) == 0 || len(b.Runs) == 0 {
		return nil, ErrNoRuns
	}
	n := min(len(a.Runs), len(b.Runs))
	r := &Result{A: a, B: b, Replications: n,
		Paired: len(a.Seeds) >= n && len(b.Seeds) >= n && slices.Equal(a.Seeds[:n], b.Seeds[:n])}
	ra, rb := a.Runs[:n], b.Runs[:n]
	r.Milestones = milestoneDiffs(ra, rb)
	r.Lapses = diffOf(ra, rb, func(x Run) float64 { return float64(x.Lapses) })
	r.NotLicensed = diffOf(ra, rb, func(x Run) float64 { return float64(x.NotLicensed) })
	if a.Named || b.Named {
		r.Machines = machineDiffs(ra, rb)
	}
	if a.Grouped && b.Grouped {
		r.Groups = groupDiffs(ra, rb)
	}
	r.Notes = notes(r, len(a.Runs), len(b.Runs))
	return r, nil
}

// diffOf is value in each run of each plan, and its paired difference.
func diffOf(a, b []Run, value func(Run) float64) Diff {
	va, vb := make([]float64, len(a)), make([]float64, len(b))
	for i := range a {
		va[i], vb[i] = value(a[i]), value(b[i])
	}
	return Diff{A: batch.Summarize(va, len(va)), B: batch.Summarize(vb, len(vb)), Change: batch.Paired(va, vb)}
}

// milestoneDiffs compares every milestone reached in a run of either
// plan.
func milestoneDiffs(a, b []Run) []MilestoneDiff {
	var keys []batch.Key
	for _, runs := range [][]Run{a, b} {
		for _, run := range runs {
			for _, m := range run.Milestones {
				if !slices.Contains(keys, m.Key) {
					keys = append(keys, m.Key)
				}
			}
		}
	}
	slices.SortFunc(keys, batch.CompareKeys)
	out := make([]MilestoneDiff, len(keys))
	for i, k := range keys {
		var ta, tb, da, db []float64
		sa, sb := make([]float64, len(a)), make([]float64, len(b))
		for r := range a {
			x, okA := at(a[r], k)
			y, okB := at(b[r], k)
			if okA {
				ta, sa[r] = append(ta, float64(x)), 1
			}
			if okB {
				tb, sb[r] = append(tb, float64(y)), 1
			}
			if okA && okB {
				da, db = append(da, sim.Days(x)), append(db, sim.Days(y))
			}
		}
		out[i] = MilestoneDiff{Key: k, A: batch.Summarize(ta, len(a)), B: batch.Summarize(tb, len(b)),
			Days: batch.Paired(da, db), Share: batch.Paired(sa, sb)}
	}
	// In the order they come, as a planner reads them: by A's mean time
	// (B's where only B reached it); keys order the ties.
	slices.SortStableFunc(out, func(x, y MilestoneDiff) int { return cmp.Compare(x.first(), y.first()) })
	return out
}

// first is when the milestone came, for the order of the table: A's mean
// time, so that A's column reads in time order, and B's for a milestone
// only B reached, which so comes among A's where it came in B.
func (m MilestoneDiff) first() float64 {
	for _, d := range []batch.Distribution{m.A, m.B} {
		if d.Reached > 0 {
			return d.Mean
		}
	}
	return math.Inf(1)
}

// at returns when run reached milestone k.
func at(run Run, k batch.Key) (t engine.Time, ok bool) {
	i, ok := slices.BinarySearchFunc(run.Milestones, k, func(m batch.Mark, k batch.Key) int { return batch.CompareKeys(m.Key, k) })
	if !ok {
		return 0, false
	}
	return run.Milestones[i].At, true
}

// machineDiffs counts, for each named machine, the replications in which
// it lapsed in each plan, and keeps those whose counts differ.
func machineDiffs(a, b []Run) []MachineDiff {
	counts := map[string]*MachineDiff{}
	for side, runs := range [][]Run{a, b} {
		for _, run := range runs {
			for _, name := range run.Lapsed {
				d := counts[name]
				if d == nil {
					d = &MachineDiff{Name: name}
					counts[name] = d
				}
				if side == 0 {
					d.A++
				} else {
					d.B++
				}
			}
		}
	}
	var out []MachineDiff
	for _, d := range counts {
		if d.A != d.B {
			out = append(out, *d)
		}
	}
	slices.SortFunc(out, func(x, y MachineDiff) int {
		return cmp.Or(cmp.Compare(abs(y.B-y.A), abs(x.B-x.A)), cmp.Compare(x.Name, y.Name))
	})
	return out
}

func abs(x int) int { return max(x, -x) }

// groupDiffs compares the lapses of every group in which some lapsed.
func groupDiffs(a, b []Run) []GroupDiff {
	var names []string
	for _, runs := range [][]Run{a, b} {
		for _, run := range runs {
			for g, n := range run.Groups {
				if n > 0 && !slices.Contains(names, g) {
					names = append(names, g)
				}
			}
		}
	}
	slices.Sort(names)
	out := make([]GroupDiff, len(names))
	for i, g := range names {
		out[i] = GroupDiff{Group: g, Diff: diffOf(a, b, func(x Run) float64 { return float64(x.Groups[g]) })}
	}
	return out
}

// notes says what differs between the plans beyond what they do: their
// replications, seeds, lengths, start dates and hosts.
func notes(r *Result, na, nb int) []string {
	var out []string
	a, b := r.A, r.B
	if na != nb {
		out = append(out, fmt.Sprintf("A has %s and B %d; the first %d of each are compared.", words.Plural(na, "run"), nb, r.Replications))
	}
	if !r.Paired {
		out = append(out, "The plans ran with different seeds, so chance as well as the plans makes their differences.")
	}
	if a.Duration != b.Duration {
		out = append(out, fmt.Sprintf("A runs %s and B %s: the plans are set side by side by day of the run, and a milestone after the shorter run's end is missing from it.",
			words.Days(int64(a.Duration)), words.Days(int64(b.Duration))))
	}
	if a.Start != b.Start {
		out = append(out, fmt.Sprintf("A starts on %s and B on %s: they are set side by side by day of the run.", startWords(a), startWords(b)))
	}
	for i, p := range []*Plan{a, b} {
		if !p.Named && !p.Grouped {
			out = append(out, fmt.Sprintf("Plan %s is the outputs of a run, which do not say which group each lapse was in: only the totals of lapses are compared.", "AB"[i:i+1]))
		}
	}
	for _, one := range [][2]*Plan{{a, b}, {b, a}} {
		for _, c := range one[0].Counts {
			if !slices.ContainsFunc(one[1].Counts, func(d Count) bool { return d.Host == c.Host && d.Pool == c.Pool }) {
				in, notIn := "A", "B"
				if one[0] == b {
					in, notIn = "B", "A"
				}
				out = append(out, fmt.Sprintf("%s's %s count is in plan %s only: %s has no such host.", c.Host, c.Pool, in, notIn))
			}
		}
	}
	return out
}

// startWords is a plan's start date, or "no date".
func startWords(p *Plan) string {
	if p.Start.IsZero() {
		return "no date"
	}
	return p.Start.String()
}

package batch

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim/engine"
)

// Distribution summarizes a value over the N replications of a point.
//
// For the time of a milestone, only Reached replications reached it; the
// others count as later than any time of the run (+Inf) in the
// percentiles, so a P95 of +Inf means "in more than 5% of the
// replications, not within the run", and they are left out of the mean
// and its confidence interval, which describe the replications that
// reached it. For a number of clients, every replication has a value.
//
// Percentiles are empirical (the smallest observed value with at least
// that fraction of the replications at or below it), so they are always
// values some replication produced.
type Distribution struct {
	N       int
	Reached int
	// Mean and its 95% confidence interval (Student's t): NaN when no
	// replication reached the value; the interval is NaN with fewer than 2.
	Mean, CILow, CIHigh float64
	// Median, P05 and P95 are the 50th, 5th and 95th percentiles.
	Median, P05, P95 float64
}

// Never is the number of replications that did not reach the value.
func (d Distribution) Never() int { return d.N - d.Reached }

// Summarize summarizes values observed in len(values) of n replications;
// the other n−len(values) never reached it.
func Summarize(values []float64, n int) Distribution {
	d := Distribution{N: n, Reached: len(values), Mean: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(),
		Median: math.NaN(), P05: math.NaN(), P95: math.NaN()}
	if n == 0 {
		return d
	}
	all := make([]float64, n)
	copy(all, values)
	for i := len(values); i < n; i++ {
		all[i] = math.Inf(1)
	}
	slices.Sort(all)
	d.Median = stat.Quantile(0.5, stat.Empirical, all, nil)
	d.P05 = stat.Quantile(0.05, stat.Empirical, all, nil)
	d.P95 = stat.Quantile(0.95, stat.Empirical, all, nil)
	if len(values) == 0 {
		return d
	}
	mean, sd := stat.MeanStdDev(values, nil)
	d.Mean = mean
	if k := len(values); k >= 2 {
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(k - 1)}.Quantile(0.975)
		half := t * sd / math.Sqrt(float64(k))
		d.CILow, d.CIHigh = mean-half, mean+half
	}
	return d
}

// Paired summarizes b−a, replication by replication, of two values
// observed with the same seeds (common random numbers): its mean and 95%
// interval (Student's t over the differences), which is narrower than
// the two values' own intervals because what chance does to both cancels
// out. A and b must have the same length; a replication's difference is
// b[i]−a[i]. With one replication the mean is the exact difference and
// the interval is NaN.
func Paired(a, b []float64) Distribution {
	diff := make([]float64, min(len(a), len(b)))
	for i := range diff {
		diff[i] = b[i] - a[i]
	}
	return Summarize(diff, len(diff))
}

// Probability is how often something held over N replications, with the
// Wilson score 95% interval of the probability, which stays within [0, 1]
// and is sound for the few replications and probabilities near 0 or 1 of
// planning runs.
type Probability struct {
	Held, N   int
	P         float64
	Low, High float64
}

// String writes the probability with its interval, as checks and
// searches state it: "62%; 95% interval 55.1% to 68.4%".
func (p Probability) String() string {
	return fmt.Sprintf("%s; 95%% interval %s to %s", words.Percent(p.P), words.Percent(p.Low), words.Percent(p.High))
}

// z95 is the 97.5th percentile of the standard normal distribution.
var z95 = distuv.UnitNormal.Quantile(0.975)

// Estimate returns the probability of something that held in held of n
// trials.
func Estimate(held, n int) Probability {
	p := Probability{Held: held, N: n, P: math.NaN(), Low: math.NaN(), High: math.NaN()}
	if n == 0 {
		return p
	}
	nf := float64(n)
	p.P = float64(held) / nf
	z2 := z95 * z95
	centre := (p.P + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p.P*(1-p.P)/nf+z2/(4*nf*nf))
	p.Low, p.High = max(0, centre-half), min(1, centre+half)
	// The Wilson interval ends exactly at 1 when every replication held
	// and at 0 when none did; rounding leaves 0.99999999999999 and 3e-17,
	// which outputs would print as such.
	switch held {
	case n:
		p.High = 1
	case 0:
		p.Low = 0
	}
	return p
}

// MilestoneStats is the distribution of the first time of a milestone,
// in seconds.
type MilestoneStats struct {
	Key
	Distribution
}

// Milestones returns the distribution of every milestone reached in some
// replication of p, in the order of their keys.
func (p *Point) Milestones() []MilestoneStats {
	times := map[Key][]float64{}
	var keys []Key
	for _, o := range p.Observations {
		for _, m := range o.Milestones {
			if _, ok := times[m.Key]; !ok {
				keys = append(keys, m.Key)
			}
			times[m.Key] = append(times[m.Key], float64(m.At))
		}
	}
	slices.SortFunc(keys, CompareKeys)
	out := make([]MilestoneStats, len(keys))
	for i, k := range keys {
		out[i] = MilestoneStats{k, Summarize(times[k], len(p.Observations))}
	}
	return out
}

// Milestone returns the distribution of the milestone k, which has
// Reached 0 when no replication reached it.
func (p *Point) Milestone(k Key) Distribution {
	return Summarize(p.Reached(k), len(p.Observations))
}

// Reached returns the first time of the milestone k in each replication
// of p that reached it, in seconds, earliest first: the replications in
// which it came within the run, and when.
func (p *Point) Reached(k Key) []float64 {
	var times []float64
	for _, o := range p.Observations {
		i, ok := slices.BinarySearchFunc(o.Milestones, k, func(m Mark, k Key) int { return CompareKeys(m.Key, k) })
		if ok {
			times = append(times, float64(o.Milestones[i].At))
		}
	}
	slices.Sort(times)
	return times
}

// LevelStats is the distribution of a number of clients of a product.
type LevelStats struct {
	Product scenarios.Product
	Distribution
}

// NotLicensed returns, per product, the distribution of the number of its
// clients not licensed at the end of the run.
func (p *Point) NotLicensed() []LevelStats {
	var out []LevelStats
	if len(p.Observations) == 0 {
		return nil
	}
	for i, l := range p.Observations[0].NotLicensed {
		vs := make([]float64, len(p.Observations))
		for r, o := range p.Observations {
			vs[r] = float64(o.NotLicensed[i].Clients)
		}
		out = append(out, LevelStats{l.Product, Summarize(vs, len(vs))})
	}
	return out
}

// Held returns, per expectation, the probability that it holds.
func (p *Point) Held() []Probability {
	if len(p.Observations) == 0 {
		return nil
	}
	out := make([]Probability, len(p.Observations[0].Held))
	for i := range out {
		held := 0
		for _, o := range p.Observations {
			if o.Held[i] {
				held++
			}
		}
		out[i] = Estimate(held, len(p.Observations))
	}
	return out
}

// AllHeld returns the probability that every expectation holds at once.
func (p *Point) AllHeld() Probability {
	held := 0
	for _, o := range p.Observations {
		if !slices.Contains(o.Held, false) {
			held++
		}
	}
	return Estimate(held, len(p.Observations))
}

// Days converts a time in seconds to days, keeping ±Inf and NaN.
func Days(s float64) float64 { return s / float64(engine.Day) }

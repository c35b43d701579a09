package batch

import (
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// Bands are the percentiles, over the replications of a point, of its
// series at each sample time: the count of every host's pools and the
// licensed clients of every product.
type Bands struct {
	Times  []engine.Time
	Series []Band
}

// Band is one series over the replications.
type Band struct {
	// Host and Pool name a count (K10); Product names licensed clients.
	Host      string
	Pool      scenarios.Pool
	Threshold int // the highest threshold of the pool's clients, or 0
	Product   scenarios.Product
	// Median, P05 and P95 at each of Bands.Times (empirical percentiles,
	// as in Distribution); a count is −1 before the host's first request.
	Median, P05, P95 []float64
}

// bandSeries extracts from one run the series that Bands summarize, in the
// order newBands names them. Every run of a scenario has the same series:
// a host's pools follow from its keys and the products from the fleet.
func bandSeries(r *sim.Result) [][]int32 {
	var out [][]int32
	for _, h := range r.Hosts {
		for _, p := range h.Pools {
			out = append(out, p.Count)
		}
	}
	for _, p := range r.Products {
		out = append(out, p.Clients[sim.Licensed])
	}
	return out
}

// newBands summarizes series[rep][series][sample] of every replication;
// first names the series.
func newBands(first *sim.Result, series [][][]int32) *Bands {
	b := &Bands{Times: first.Times}
	for _, h := range first.Hosts {
		for _, p := range h.Pools {
			t := 0
			if len(p.Thresholds) > 0 {
				t = p.Thresholds[len(p.Thresholds)-1]
			}
			b.Series = append(b.Series, Band{Host: h.Name, Pool: p.Pool, Threshold: t})
		}
	}
	for _, p := range first.Products {
		b.Series = append(b.Series, Band{Product: p.Product})
	}
	vals := make([]float64, len(series))
	for s := range b.Series {
		band := &b.Series[s]
		n := len(b.Times)
		band.Median, band.P05, band.P95 = make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range n {
			for r := range series {
				vals[r] = float64(series[r][s][i])
			}
			slices.Sort(vals)
			band.Median[i] = stat.Quantile(0.5, stat.Empirical, vals, nil)
			band.P05[i] = stat.Quantile(0.05, stat.Empirical, vals, nil)
			band.P95[i] = stat.Quantile(0.95, stat.Empirical, vals, nil)
		}
	}
	return b
}

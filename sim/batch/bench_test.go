package batch

import (
	"fmt"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// benchSite is one site of 10,000 Windows 7 clients and two hosts of equal
// weight, for a year: a world that is not split into parts, so the batch's
// workers are all the parallelism there is.
const benchSite = `name: bench-batch
duration: 365d
sample: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2], srv: {weight: 50}}
  - {name: kms2, keys: [windows-server-2008r2], srv: {weight: 50}}
fleet:
  - {group: pcs, count: 10000, product: windows-7, join: {at: 0s, over: 7d}}
events:
  - at: 90d
    decommission: {group: pcs, count: 2000, over: 30d}
replications: 16
`

// BenchmarkReplications runs 16 replications of a year of 10,000 clients.
// Run it with -cpu 1,2 to see the speed-up from a second core: the
// batch's workers follow GOMAXPROCS.
func BenchmarkReplications(b *testing.B) {
	scn, err := scenarios.Parse("bench.yaml", []byte(benchSite))
	if err != nil {
		b.Fatal(err)
	}
	for _, series := range []bool{false, true} {
		b.Run(fmt.Sprintf("clients=10000/series=%v", series), func(b *testing.B) {
			b.ReportAllocs()
			runs := 0
			for b.Loop() {
				res, err := Run(scn, Options{Series: series})
				if err != nil {
					b.Fatal(err)
				}
				runs += len(res.Seeds)
			}
			b.ReportMetric(float64(runs)/b.Elapsed().Seconds(), "replications/s")
		})
	}
}

// BenchmarkLibrarySweep runs the library's sweep, laptop-retirement (16
// points of 42 clients), with 100 replications a point: many small runs,
// where what a run costs besides simulating (its world, its result, the
// collector) shows. Run it with -cpu 1,2.
func BenchmarkLibrarySweep(b *testing.B) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		b.Fatal(err)
	}
	scn.Replications = 100
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		res, err := Run(scn, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runs += len(res.Seeds) * len(res.Points)
	}
	b.ReportMetric(float64(runs)/b.Elapsed().Seconds(), "runs/s")
}

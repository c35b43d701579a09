package sim

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// benchScenario is testdata/bench-1m.yaml with its number of branch
// offices set for the given number of clients (100 per office).
func benchScenario(b *testing.B, clients int) *scenarios.Valid {
	b.Helper()
	scn, err := scenarios.Load("../testdata/bench-1m.yaml")
	if err != nil {
		b.Fatal(err)
	}
	scn.Sites[0].Instances = clients / 100
	if clients > 1_000_000 {
		// 100,000 hosts sampled daily would pass kmssim's default limit
		// on series values (DefaultMaxSeriesValues): sample every 2 days.
		scn.Sample = 2 * scenarios.Day
	}
	if err := scn.Validate(); err != nil {
		b.Fatal(err)
	}
	return scn
}

// centralScenario is testdata/bench-1m-central.yaml with every count
// scaled for the given number of clients (10⁶ in the file).
func centralScenario(b *testing.B, clients int) *scenarios.Valid {
	b.Helper()
	scn, err := scenarios.Load("../testdata/bench-1m-central.yaml")
	if err != nil {
		b.Fatal(err)
	}
	scale := func(n int) int { return int(int64(n) * int64(clients) / 1_000_000) }
	for i := range scn.Fleet {
		scn.Fleet[i].Count = scale(scn.Fleet[i].Count)
	}
	for i := range scn.Events {
		if a := scn.Events[i].Add; a != nil {
			a.Count = scale(a.Count)
		}
		if d := scn.Events[i].Decommission; d != nil {
			d.Count = scale(d.Count)
		}
	}
	if err := scn.Validate(); err != nil {
		b.Fatal(err)
	}
	return scn
}

// BenchmarkRun runs whole scenarios and reports events per second,
// nanoseconds per event and bytes allocated per client, on one core
// (parallel=1) and on all (parallel=0): the branch shape (bench-1m.yaml,
// independent offices) and the central one (bench-1m-central.yaml, one
// world).
func BenchmarkRun(b *testing.B) {
	shapes := []struct {
		name     string
		scenario func(*testing.B, int) *scenarios.Valid
	}{{"branch", benchScenario}, {"central", centralScenario}}
	for _, shape := range shapes {
		for _, n := range []int{10_000, 100_000, 1_000_000, 10_000_000} {
			for _, parallel := range []int{1, 0} {
				b.Run(fmt.Sprintf("shape=%s/clients=%d/parallel=%d", shape.name, n, parallel), func(b *testing.B) {
					benchRun(b, shape.scenario(b, n), n, Options{Seed: 1, Parallel: parallel})
				})
			}
		}
	}
	b.Run("clients=100000/reference", func(b *testing.B) {
		benchRun(b, benchScenario(b, 100_000), 100_000, Options{Seed: 1, Reference: true})
	})
}

func benchRun(b *testing.B, scn *scenarios.Valid, n int, opts Options) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var events uint64
	var res *Result
	for b.Loop() {
		var err error
		res, err = Run(scn, opts)
		if err != nil {
			b.Fatal(err)
		}
		events += res.Events
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/sec, "events/s")
	b.ReportMetric(sec*1e9/float64(events), "ns/event")
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(n), "alloc-bytes/client")
	runtime.KeepAlive(res)
}

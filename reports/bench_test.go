package reports

import (
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// underThreshold is the core case: 24 Windows 7 machines on one host for a
// year, below the threshold, so every client retries every 2 hours and the
// hourly traffic series swings all year.
const underThreshold = `name: under
duration: 365d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: pcs, count: 24, product: windows-7, join: {at: 0d, over: 7d}}]
`

// BenchmarkCharts draws each chart of the under-threshold year as PNG and
// as SVG: go test ./reports -run '^$' -bench Charts.
func BenchmarkCharts(b *testing.B) {
	scn, err := scenarios.Parse("under.yaml", []byte(underThreshold))
	if err != nil {
		b.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range Charts(scn, res) {
		b.Run(c.Name+"/png", func(b *testing.B) {
			for b.Loop() {
				if _, err := c.PNG(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.Name+"/svg", func(b *testing.B) {
			for b.Loop() {
				if _, err := c.SVG(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// decimate keeps every extreme and jump of a long series, and no more
// than four points per column.
func TestDecimate(t *testing.T) {
	in := make([]float64, 10000)
	for i := range in {
		in[i] = float64(i % 7) // a sawtooth
	}
	in[5003] = 100 // a spike
	in[7001] = -50 // a dip
	pts := decimate(xysOf(seq(len(in)), in), 100)
	if len(pts) > 400 {
		t.Errorf("%d points, want at most 400", len(pts))
	}
	var hi, lo float64
	for i, p := range pts {
		if i > 0 && p.X < pts[i-1].X {
			t.Fatalf("points out of order at %d", i)
		}
		hi, lo = max(hi, p.Y), min(lo, p.Y)
	}
	if hi != 100 || lo != -50 || pts[0].X != 0 || pts[len(pts)-1].X != 9999 {
		t.Errorf("extremes %v and %v, ends %v and %v; want 100, -50, 0, 9999", hi, lo, pts[0].X, pts[len(pts)-1].X)
	}
	short := xysOf(seq(10), make([]float64, 10))
	if got := decimate(short, 100); len(got) != 10 {
		t.Errorf("a short series lost points: %d", len(got))
	}
}

func seq(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// BenchmarkRunOutputs is kmssim run of testdata/bench-1m.yaml (10⁶
// clients in 10,000 branch offices, a year) with JSON only and with every
// output, rendered in memory: every output must cost at most 1.5× JSON
// alone. go test ./reports -run '^$' -bench RunOutputs -benchtime 3x.
func BenchmarkRunOutputs(b *testing.B) {
	scn, err := scenarios.Load("../testdata/bench-1m.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		formats []Format
	}{{"json", []Format{JSON}}, {"all", Formats}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				res, err := sim.Run(scn, sim.Options{Seed: scn.Seed})
				if err != nil {
					b.Fatal(err)
				}
				var fs fileSet
				if err := fs.run(scn, res, sim.Check(res, scn.Expect), tc.formats, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

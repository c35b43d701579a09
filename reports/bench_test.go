package reports

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
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
	_, res := simulate(b, underThreshold)
	for _, c := range Charts(res) {
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
// output, written into a new folder: issue 29 asks every output to cost at
// most 1.2× JSON alone on one core.
// GOMAXPROCS=1 go test ./reports -run '^$' -bench RunOutputs -benchtime 3x.
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
				// Into a new folder each time, as a first run writes.
				dir := filepath.Join(b.TempDir(), "out")
				if _, err := WriteFiles(b.Context(), dir, batch.Of(res), Options{Formats: tc.formats}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// keepIndexes keeps, for stacked series, every series' extremes per
// column from one shared set of indexes.
func TestKeepIndexes(t *testing.T) {
	n := 20000
	xs := seq(n)
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		a[i], b[i] = float64(i%5), float64(i%3)
	}
	a[12345], b[777] = 50, -7
	keep := keepIndexes(xs, [][]float64{a, b}, 100)
	if len(keep) > 600 {
		t.Errorf("kept %d indexes, want at most 600", len(keep))
	}
	if !slices.Contains(keep, 12345) || !slices.Contains(keep, 777) || keep[0] != 0 || keep[len(keep)-1] != n-1 || !slices.IsSorted(keep) {
		t.Errorf("kept %v…, missing an extreme or an end", keep[:10])
	}
}

// A run sampled every minute for 60 days (86,401 samples) draws its
// charts in bounded size: the stacked states and the lines keep a few
// points per pixel column.
func TestFineSamplesBoundedCharts(t *testing.T) {
	_, res := simulate(t, strings.Replace(underThreshold, "duration: 365d", "duration: 60d\nsample: 1m", 1))
	for _, c := range Charts(res) {
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		if len(svg) > 1_500_000 {
			t.Errorf("%s.svg is %d bytes for %d samples: its points are not bounded", c.Name, len(svg), len(res.Times))
		}
	}
}

// BenchmarkSeriesCSV writes bench-1m's series.csv (366 samples of 30,025
// series) in each layout, to memory, which is the formatting alone, and to
// a file through the buffer publish gives it, which adds the system's
// copying.
func BenchmarkSeriesCSV(b *testing.B) {
	scn, err := scenarios.Load("../testdata/bench-1m.yaml")
	if err != nil {
		b.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: scn.Seed})
	if err != nil {
		b.Fatal(err)
	}
	cells := len(res.Times) * (wideColumns(res) - len(timeHeader(res)))
	for _, l := range []SeriesLayout{SeriesWide, SeriesLong} {
		f := outFile{name: "series.csv", write: func(w io.Writer) error {
			if l == SeriesLong {
				return WriteSeriesLongCSV(w, res)
			}
			return WriteSeriesCSV(w, res)
		}}
		b.Run(string(l)+"/discard", func(b *testing.B) {
			for b.Loop() {
				if err := f.writeTo(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cells), "ns/cell")
		})
		b.Run(string(l)+"/file", func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "series.csv")
			for b.Loop() {
				os.Remove(path)
				if err := f.create(path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cells), "ns/cell")
		})
	}
}

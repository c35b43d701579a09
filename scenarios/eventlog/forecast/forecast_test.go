package forecast_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/eventlog/forecast")

// goldenDir holds this package's golden files.
const goldenDir = "../../../testdata/eventlog/forecast"

// samples imports the .evtx samples of testdata/eventlog, the branch
// office every form of docs/import.md imports to.
func samples(t testing.TB) *eventlog.State {
	t.Helper()
	files, err := filepath.Glob("../../../testdata/eventlog/evtx/*.evtx")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	st, _, err := eventlog.Import(context.Background(), files, eventlog.ImportOptions{}, func(w eventlog.Warning) { t.Errorf("%s", w) })
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios/eventlog/forecast -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from what the test makes: run go test ./scenarios/eventlog/forecast -update and review the diff", path)
	}
}

// The samples' forecast, as the metrics say it: the golden file holds
// every figure, and the figures named here are those docs/import.md tells
// of the branch: kms1's Windows count 28 today.
func TestWriteMetrics(t *testing.T) {
	st := samples(t)
	f, err := forecast.Run(context.Background(), st, forecast.Options{Horizon: 365 * scenarios.Day})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := forecast.WriteMetrics(&b, f); err != nil {
		t.Fatal(err)
	}
	golden(t, "kmssim.prom", b.Bytes())
	for _, want := range []string{
		`kmssim_host_cmids{host="kms1",pool="windows"} 28` + "\n",
		`kmssim_host_threshold{host="kms1",pool="windows"} 25` + "\n",
		"kmssim_forecast_timestamp_seconds 1791847146\n",
		"kmssim_forecast_horizon_seconds 31536000\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the metrics lack %q:\n%s", want, b.String())
		}
	}
	// Same forecast, same bytes.
	var again bytes.Buffer
	if err := forecast.WriteMetrics(&again, f); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Error("two writings of one forecast differ")
	}
}

// promtool, Prometheus' own checker, accepts the metrics file: the
// exposition format and the naming conventions (it runs when promtool is
// installed, and always in CI, where .ci/run installs Debian's
// prometheus package).
func TestPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("promtool is not installed; CI must check the metrics with it (apt-get install prometheus)")
		}
		t.Skip("promtool is not installed (apt-get install prometheus)")
	}
	data, err := os.ReadFile(filepath.Join(goldenDir, "kmssim.prom"))
	if err != nil {
		t.Fatal(err)
	}
	// And a file whose labels need escaping, a count below its
	// threshold already.
	for name, text := range map[string][]byte{"golden": data, "escaped": escapedSample()} {
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(text)
		out, err := cmd.CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("promtool check metrics on the %s file: %v\n%s\n%s", name, err, out, text)
		}
	}
}

// escapedSample is a forecast whose labels need escaping, written.
func escapedSample() []byte {
	f := &forecast.Forecast{At: time.Unix(1791847146, 0), Horizon: 30 * scenarios.Day, Pools: []forecast.Pool{{Host: "kms\"1\\\n", Pool: scenarios.PoolWindows, Count: 3, Threshold: 25, Below: forecast.Times{0}}}}
	var b bytes.Buffer
	if err := forecast.WriteMetrics(&b, f); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return b.Bytes()
}

// The file is written as node_exporter's textfile collector needs it:
// whole or not at all (a temporary name, then a rename), ending in .prom.
func TestMetricsFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kmssim.prom")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := forecast.WriteMetrics(&b, &forecast.Forecast{Horizon: scenarios.Day}); err != nil {
		t.Fatal(err)
	}
	if err := reports.WriteFileAtomic(path, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if !bytes.Equal(got, b.Bytes()) || len(entries) != 1 {
		t.Errorf("after the write: %d files, %q", len(entries), got)
	}
}

var quantileTests = []struct {
	times    forecast.Times
	q        float64
	want     int64
	interval [2]int64 // the central 80%
}{
	{forecast.Times{}, 0.5, forecast.Never, [2]int64{forecast.Never, forecast.Never}},
	{forecast.Times{5}, 0.5, 5, [2]int64{5, 5}},
	{forecast.Times{30, 10, 20}, 0.5, 20, [2]int64{10, 30}},
	{forecast.Times{forecast.Never, 10, 20, 40}, 0.5, 20, [2]int64{10, forecast.Never}},
	{forecast.Times{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5, 5, [2]int64{1, 9}},
	{forecast.Times{forecast.Never, forecast.Never, 3}, 0.5, forecast.Never, [2]int64{3, forecast.Never}},
}

func TestQuantile(t *testing.T) {
	for _, tt := range quantileTests {
		if got := tt.times.Quantile(tt.q); got != tt.want {
			t.Errorf("%v.Quantile(%v) = %d, want %d", tt.times, tt.q, got, tt.want)
		}
		if lo, hi := tt.times.Interval(0.8); [2]int64{lo, hi} != tt.interval {
			t.Errorf("%v.Interval(0.8) = %d, %d, want %v", tt.times, lo, hi, tt.interval)
		}
	}
}

// Warnings name what the median run sees within -warn: a count below
// already or falling, and each product's licensed machines lapsing;
// silent machines and lapses beyond the span are not named.
var warningsTests = []struct {
	name   string
	f      forecast.Forecast
	within scenarios.Duration
	want   []string
}{
	{"nothing", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 30, Threshold: 25, Below: forecast.Times{forecast.Never}}}}, 30 * scenarios.Day, nil},
	{"below-now", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms2", Pool: scenarios.PoolWindows, Count: 6, Threshold: 25, Below: forecast.Times{0}}}}, scenarios.Day,
		[]string{"kms2's windows count is 6, below its threshold 25"}},
	{"falls", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 25, Threshold: 25, Below: forecast.Times{10 * 86400, 12 * 86400, 11 * 86400}}}}, 30 * scenarios.Day,
		[]string{"kms1's windows count falls below 25 on 2027-01-13 00:00 UTC"}},
	{"falls-later", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 25, Threshold: 25, Below: forecast.Times{40 * 86400}}}}, 30 * scenarios.Day, nil},
	{"lapses", forecast.Forecast{Machines: []forecast.Machine{
		{Name: "a", Product: "windows-10", State: "licensed", Lapse: forecast.Times{20 * 86400}},
		{Name: "b", Product: "windows-10", State: "licensed", Lapse: forecast.Times{5 * 86400}},
		{Name: "c", Product: "windows-10", State: "licensed", Silent: true, Lapse: forecast.Times{86400}},
		{Name: "d", Product: "windows-10", State: "licensed", Lapse: forecast.Times{60 * 86400}},
	}}, 30 * scenarios.Day, []string{"2 machines of windows-10 lose their activation within 30d, the first on 2027-01-07 00:00 UTC"}},
}

func TestWarnings(t *testing.T) {
	for _, tt := range warningsTests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.At = time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
			if got := tt.f.Warnings(tt.within); !slices.Equal(got, tt.want) {
				t.Errorf("Warnings(%s) = %q, want %q", tt.within, got, tt.want)
			}
		})
	}
}

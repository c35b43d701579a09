package eventlog_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/backtest"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// The backtest's tests live here, beside the exporter of the round trip
// (export_test.go), which writes the logs they backtest.

// backtestYear is a year of a site whose log the backtest cuts: 20
// desktops, 8 laptops and 3 servers share kms1's Windows count (K12), 8
// Office machines its Office count; kms2 is the standby (priority 10,
// K20). 7 laptops are retired on day 40, so kms1's Windows count falls
// to 24 about 30 days later and every Windows 10 renewal fails from then
// on (K23): their activations lapse from about day 245 (K7, K8). On day
// 210 kms1 is down for 7 days: the clients fail over to kms2 and keep it
// (K21), so kms1's counts fall 30 days later, which no forecast made
// before the outage can know.
const backtestYear = `
name: backtest-year
start: 2027-01-04
duration: 365d
sample: 1d
seed: 11
dns:
  - name: corp.example
hosts:
  - name: kms1
    keys: [windows-server-2022, office-ltsc-2021]
  - name: kms2
    keys: [windows-server-2022, office-ltsc-2021]
    srv: {priority: 10}
fleet:
  - {group: desktops, count: 20, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 8, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: servers, count: 3, product: windows-server-2022, join: {at: 0d, over: 7d}}
  - {group: office, count: 6, product: office-ltsc-2021, join: {at: 0d, over: 7d}}
events:
  - at: 40d
    decommission: {group: laptops, count: 7}
  - at: 210d
    host_down: {host: kms1, for: 7d}
`

// yearLog simulates backtestYear, exports both hosts' logs as .evtx
// files into dir and reads them into a backtest.Log.
func yearLog(t testing.TB, dir string) *backtest.Log {
	t.Helper()
	year := scn(t)
	_, recs, err := exportRun(year, engine.Time(year.Duration))
	if err != nil {
		t.Fatal(err)
	}
	files := writeLogs(t, dir, ".evtx", recs, func(w io.Writer, r []record) error { return writeEVTX(w, r, false) })
	l, err := backtest.ReadLog(context.Background(), files, eventlog.Options{}, func(w eventlog.Warning) { t.Errorf("%s", w) })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestBacktestYear(t *testing.T) {
	l := yearLog(t, t.TempDir())
	res, err := backtest.Run(context.Background(), l, backtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var table, rows bytes.Buffer
	if err := res.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if err := res.WriteCSV(&rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "backtest/table.txt", table.Bytes())
	golden(t, "backtest/items.csv", rows.Bytes())
	svg, err := res.ChartSVG()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "backtest/error.svg", svg)
	for _, want := range []string{
		"counts below threshold, by the runs: 1 hit of 3, 1/3 covered", "  2 misses (along the top edge)",
		"the same if overdue do not return: 2 hits of 3", "  1 miss (along the top edge)",
		"activations lapsing: 42 hits of 42, 42/42 covered",
	} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the chart's legend lacks %q", want)
		}
	}
	if bytes.Contains(svg, []byte("no hits")) {
		t.Errorf("the chart's legend names something it does not draw")
	}

	// The figures, cut by cut: counts by the runs and by the pessimistic
	// forecast (quiet, scored, hits, missed, false alarms, covered),
	// lapses (the same), and apart: counts below at the cut, lapses the
	// log cannot show, new machines.
	type figures struct {
		day                       int
		counts, ifOverdue, lapses backtest.Scores
		below, unseen, new        int
	}
	var got []figures
	start := scn(t).Start.Time
	for _, c := range res.Cuts {
		f := figures{day: int(c.At.Sub(start).Hours() / 24), below: c.AlreadyBelow, unseen: c.Unseen, new: c.New}
		f.counts, f.ifOverdue, f.lapses = c.Scores(0.8)
		for _, s := range []*backtest.Scores{&f.counts, &f.ifOverdue, &f.lapses} {
			s.MeanErrorDays, s.MeanAbsErrorDays = 0, 0
		}
		got = append(got, f)
	}
	s := func(quiet, n, hits, missed, falseAlarms, covered int) backtest.Scores {
		return backtest.Scores{Quiet: quiet, N: n, Hits: hits, Missed: missed, FalseAlarms: falseAlarms, Covered: covered}
	}
	want := []figures{
		// Day 49: the 7 laptops retired on day 40 are overdue but within
		// the count window: the runs take them as off for now, asking
		// once back, and miss kms1's fall on day 63; the pessimistic
		// forecast, 7 overdue of 31 counted, sees it to the second.
		{49, s(1, 1, 0, 1, 0, 0), s(1, 1, 1, 0, 0, 1), s(37, 0, 0, 0, 0, 0), 0, 0, 0},
		{94, s(1, 0, 0, 0, 0, 0), s(1, 0, 0, 0, 0, 0), s(37, 0, 0, 0, 0, 0), 1, 0, 0},
		// The retired laptops' activations run out within the horizon,
		// but they went silent: apart, not scored.
		{139, s(1, 0, 0, 0, 0, 0), s(1, 0, 0, 0, 0, 0), s(30, 0, 0, 0, 0, 0), 1, 7, 0},
		// The outage of day 210 is still to come: kms1's Office count
		// falls on day 239, missed by both.
		{184, s(0, 1, 0, 1, 0, 0), s(0, 1, 0, 1, 0, 0), s(9, 21, 21, 0, 0, 21), 1, 7, 0},
		// After the outage the import sees the Office machines on kms2:
		// the fall is forecast to the second by both.
		{229, s(1, 1, 1, 0, 0, 1), s(1, 1, 1, 0, 0, 1), s(9, 21, 21, 0, 0, 21), 2, 0, 0},
		{274, s(1, 0, 0, 0, 0, 0), s(1, 0, 0, 0, 0, 0), s(9, 0, 0, 0, 0, 0), 3, 0, 0},
	}
	if !slices.Equal(got, want) {
		t.Errorf("the backtest's figures:\n got %+v\nwant %+v", got, want)
	}
	// The pessimistic forecast at the first cut: kms1's Windows count
	// falls 1141588 s (13.2 days) after it, on day 63, when the last of the 7
	// retired laptops drops out (K11), as the log shows.
	if it := res.Cuts[0].IfOverdueLeave[0]; it.Name != "kms1 windows" || it.Truth != it.Forecast[0] || it.Truth != 1141588 {
		t.Errorf("the first cut's pessimistic forecast of kms1's Windows count: %+v, want the log's 1141588 s", it)
	}
	all := backtest.Score(slices.Concat(res.Cuts[0].Lapses, res.Cuts[3].Lapses, res.Cuts[4].Lapses), 0.8)
	if all.MeanAbsErrorDays != 0 || all.Hits != 42 {
		t.Errorf("lapses: %d hits, mean |error| %v days; the runs and the log follow the same rules, so want 42 to the second", all.Hits, all.MeanAbsErrorDays)
	}
	if e := res.Cuts[4].Counts[0].ErrorDays(); e != 0 || math.IsNaN(e) {
		t.Errorf("kms1's Office count on day 229: error %v days, want 0", e)
	}
}

// scn parses backtestYear.
func scn(t testing.TB) *scenarios.Valid {
	t.Helper()
	s, err := scenarios.Parse("backtest-year.yaml", []byte(backtestYear))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// BenchmarkBacktest backtests a year-long .evtx log with 6 cuts, read
// once: go test ./scenarios/eventlog -run '^$' -bench Backtest
// -benchtime 1x. KMSSIM_BACKTEST_MB sets the size of the log it writes
// first (default 16 MB; docs/monitoring.md gives the figures at 1024),
// KMSSIM_BACKTEST_RUNS the runs per cut (default 1).
func BenchmarkBacktest(b *testing.B) {
	mb := envInt(b, "KMSSIM_BACKTEST_MB", 16)
	runs := envInt(b, "KMSSIM_BACKTEST_RUNS", 1)
	// A site of 3,000 machines renewing weekly for a year logs 156,000
	// events, about 80 MB of .evtx.
	sites, machines := max(1, (mb+40)/80), 3000
	if mb < 80 {
		machines = max(50, mb*3000/80)
	}
	src := fmt.Sprintf(`
name: backtest-bench
start: 2026-01-05
duration: 365d
sample: 7d
seed: 1
sites:
  - name: site
    instances: %d
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms, keys: [windows-server-2022]}]
    fleet:
      - {group: pc, count: %d, product: windows-10, join: {at: 0d, over: 7d}}
`, sites, machines)
	year, err := scenarios.Parse("backtest-bench.yaml", []byte(src))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	files, events, size := writeTraced(b, year, dir)
	b.ReportAllocs()
	stop := heapPeak()
	b.ResetTimer()
	for range b.N {
		l, err := backtest.ReadLog(context.Background(), files, eventlog.Options{}, func(eventlog.Warning) {})
		if err != nil {
			b.Fatal(err)
		}
		res, err := backtest.Run(context.Background(), l, backtest.Options{Replications: runs})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Cuts) != 6 {
			b.Fatalf("%d cuts, want 6", len(res.Cuts))
		}
	}
	b.ReportMetric(float64(stop())/1e6, "MB-heap-peak")
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(events), "events")
}

// writeTraced runs scn and writes each host's log as an .evtx file in
// dir as the run goes, so that a log of a gigabyte is never in memory;
// it returns the files, the events and their bytes.
func writeTraced(b *testing.B, scn *scenarios.Valid, dir string) ([]string, int, int64) {
	b.Helper()
	type out struct {
		f  *os.File
		bw *bufio.Writer
		ew *evtxtest.Writer
	}
	hosts := map[string]*out{}
	var files []string
	events := 0
	var werr error
	_, err := sim.Run(scn, sim.Options{Seed: scn.Seed, Trace: func(e sim.Exchange) {
		for _, r := range recordsOf([]sim.Exchange{e}, scn.Start.Time, engine.Time(scn.Duration)) {
			o := hosts[r.host]
			if o == nil {
				path := filepath.Join(dir, eventlog.ShortName(r.host)+".evtx")
				f, err := os.Create(path)
				if err != nil {
					werr = err
					return
				}
				o = &out{f: f, bw: bufio.NewWriterSize(f, 1<<20)}
				o.ew = evtxtest.NewWriter(o.bw, evtxtest.Options{})
				hosts[r.host] = o
				files = append(files, path)
			}
			if err := o.ew.Write(evtxtest.KMSEvent(r.host, r.at, append([]string{"0"}, r.fields()...))); err != nil && werr == nil {
				werr = err
			}
			events++
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, o := range hosts {
		if err := o.ew.Close(); err != nil && werr == nil {
			werr = err
		}
		if err := o.bw.Flush(); err != nil && werr == nil {
			werr = err
		}
		if st, err := o.f.Stat(); err == nil {
			size += st.Size()
		}
		o.f.Close()
	}
	if werr != nil {
		b.Fatal(werr)
	}
	slices.Sort(files)
	return files, events, size
}

// envInt reads a positive number from the environment variable name, or
// gives def.
func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// A request that a wrong clock dated 2099 is left out with a warning, as
// kmssim import leaves it out: the cuts are those of the log without it.
func TestBacktestWrongClock(t *testing.T) {
	dir := t.TempDir()
	year := scn(t)
	_, recs, err := exportRun(year, engine.Time(year.Duration))
	if err != nil {
		t.Fatal(err)
	}
	late := recs[len(recs)/2]
	late.at = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	files := writeLogs(t, dir, ".evtx", append(recs, late), func(w io.Writer, r []record) error { return writeEVTX(w, r, false) })
	var warnings []string
	l, err := backtest.ReadLog(context.Background(), files, eventlog.Options{}, func(w eventlog.Warning) { warnings = append(warnings, w.String()) })
	if err != nil {
		t.Fatal(err)
	}
	want := "1 request far from the rest of the logs (2027-01-04T01:14:55Z to 2028-01-03T23:56:27Z) left out, a host's or a client's clock being wrong"
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
	first, last := l.Span()
	if l.Len() != len(recs) || !first.Equal(recs[0].at) || !last.Equal(recs[len(recs)-1].at) {
		t.Errorf("the log holds %d requests from %s to %s, want the %d of the year", l.Len(), first, last, len(recs))
	}
}

// The pessimistic forecast on the year's log cut at day 49, nine days
// after the 7 laptops were retired: kms1 counts 31 Windows machines, the
// 7 laptops overdue (K6) and still counted (K10); if they do not return
// the count falls below 25 when the 7th drops out, a count window after
// its latest request (K11), on day 63, as the log goes on to show. The
// Office count has no overdue machine.
func TestIfOverdueLeaveYear(t *testing.T) {
	l := yearLog(t, t.TempDir())
	at := time.Date(2027, 2, 22, 23, 56, 27, 0, time.UTC) // the first cut of TestBacktestYear
	st, err := l.State(at)
	if err != nil {
		t.Fatal(err)
	}
	f := &forecast.Forecast{At: st.At, Pools: forecast.Pools(st)}
	want := []string{"kms1 windows: 31 counted, 7 overdue; falls below 25 on 2027-03-08 05:02 UTC if they do not return"}
	if got := f.IfOverdueLeave(); !slices.Equal(got, want) {
		t.Errorf("IfOverdueLeave() = %q, want %q", got, want)
	}
	type pool struct {
		name                      string
		count, threshold, overdue int
		fall                      int64
	}
	var got []pool
	for _, p := range f.Pools {
		got = append(got, pool{p.Host + " " + string(p.Pool), p.Count, p.Threshold, p.Overdue, p.IfOverdueLeave})
	}
	wantPools := []pool{{"kms1 windows", 31, 25, 7, 1141588}, {"kms1 office-ltsc-2021", 6, 5, 0, forecast.Never}}
	if !slices.Equal(got, wantPools) {
		t.Errorf("Pools:\n got %+v\nwant %+v", got, wantPools)
	}
	f.Horizon = 365 * scenarios.Day
	for i := range f.Pools {
		f.Pools[i].Below = forecast.Times{forecast.Never} // as the runs saw it
	}
	wantWarn := []string{"kms1's windows count falls below 25 on 2027-03-08 05:02 UTC if its 7 overdue machines do not return (the runs, which take them as coming back, see no fall within 365d)"}
	if got := f.Warnings(30 * scenarios.Day); !slices.Equal(got, wantWarn) {
		t.Errorf("Warnings(30d) = %q, want %q", got, wantWarn)
	}
}

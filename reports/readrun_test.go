package reports

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// What kmssim run writes, read back: the counts of series.csv, the
// milestones and verdict of milestones.json, as the run had them.
func TestReadRunOutputs(t *testing.T) {
	_, res := builtin(t, "decommissioning-trap")
	var series, ms bytes.Buffer
	if err := WriteSeriesCSV(&series, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteMilestonesJSON(&ms, res, nil); err != nil {
		t.Fatal(err)
	}
	times, counts, err := parseSeriesCounts(bytes.NewReader(series.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(times, res.Times) {
		t.Errorf("read %d times, want the run's %d", len(times), len(res.Times))
	}
	if len(counts) != 1 || counts[0].Name() != "kms1.windows" || !slices.Equal(counts[0].Values, res.Hosts[0].Pools[0].Count) {
		t.Errorf("counts %v, want kms1.windows as the run had it", counts)
	}
	// The long layout, as kmssim writes it (a series at a time) and as a
	// database may give it back (sorted by time), reads the same.
	long := writeSeries(t, res, SeriesLong)
	rows := strings.SplitAfter(string(long), "\n")
	body := slices.Clone(rows[1 : len(rows)-1])
	slices.SortStableFunc(body, func(a, b string) int {
		ta, _ := strconv.Atoi(a[:strings.IndexByte(a, ',')])
		tb, _ := strconv.Atoi(b[:strings.IndexByte(b, ',')])
		return ta - tb
	})
	for _, data := range []string{string(long), rows[0] + strings.Join(body, "")} {
		lt, lc, err := parseSeriesCounts(strings.NewReader(data))
		if err != nil || !slices.Equal(lt, times) || len(lc) != 1 || lc[0].Name() != "kms1.windows" || !slices.Equal(lc[0].Values, counts[0].Values) {
			t.Errorf("the long layout reads %d times, %v (%v), want the wide layout's", len(lt), lc, err)
		}
	}
	p, v, err := parseMilestones(ms.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if v.Level != Red || v.Lapsed != 23 {
		t.Errorf("verdict %+v, want red with 23 lapsed", v)
	}
	want := batch.ObserveRun(res).Milestones
	if !slices.Equal(p.Runs[0].Milestones, want) {
		t.Errorf("milestones %v, want %v", p.Runs[0].Milestones, want)
	}
	if p.Runs[0].Lapses != 23 || p.Runs[0].NotLicensed != 23 || p.Start != res.Start || p.Duration != res.Duration {
		t.Errorf("run %+v, start %v, duration %v", p.Runs[0], p.Start, p.Duration)
	}
}

func TestReadRunBadFiles(t *testing.T) {
	for _, c := range []struct {
		name, file, data, want string
	}{
		{"not series.csv", "series", "time,series,value\n0,kms1.windows.count,3\n", "want the series.csv of kmssim run"},
		{"long, a sample short", "series", "time_s,day,series,value\n0,0,a.windows.count,1\n10,1,a.windows.count,1\n0,0,b.windows.count,1\n", "b.windows has 1 samples, a.windows 2"},
		{"long, times differ", "series", "time_s,day,series,value\n0,0,a.windows.count,1\n5,0,b.windows.count,1\n", "line 3: b.windows at time_s \"5\": want the samples of a.windows"},
		{"long, bad count", "series", "time_s,day,series,value\n0,0,a.windows.count,-2\n", "line 2: a.windows \"-2\""},
		{"no samples", "series", "time_s,day,kms1.windows.count\n", "no samples"},
		{"time back", "series", "time_s,day,kms1.windows.count\n10,0,1\n5,0,1\n", "line 3: time_s"},
		{"bad count", "series", "time_s,day,kms1.windows.count\n0,0,x\n", "kms1.windows \"x\""},
		{"not ours", "milestones", `{"a": 1}`, "not the milestones.json of kmssim run"},
		{"bad start", "milestones", `{"scenario": "x", "verdict": {}, "duration_s": 5, "start": "soon"}`, "invalid date"},
		{"machines", "machines", "host,cmid\n", "no name or lapse_day"},
		{"lapse", "machines", "name,lapse_day\npc1,soon\n", "pc1: lapse_day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			switch c.file {
			case "series":
				_, _, err = parseSeriesCounts(strings.NewReader(c.data))
			case "milestones":
				_, _, err = parseMilestones([]byte(c.data))
			default:
				_, err = parseMachinesLapsed([]byte(c.data))
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err=%v, want %q", err, c.want)
			}
		})
	}
}

// The machines that lapsed, of an imported fleet's machines.csv, their
// names as written before CSV's formula guard.
func TestReadMachinesLapsed(t *testing.T) {
	res := &sim.Result{Machines: []sim.MachineFate{
		{Name: "pc2", Lapse: 5 * engine.Day, FirstFailedRenewal: -1, Notification: -1, Retired: -1},
		{Name: "=pc1", Lapse: 3 * engine.Day, FirstFailedRenewal: -1, Notification: -1, Retired: -1},
		{Name: "pc3", Lapse: -1, FirstFailedRenewal: -1, Notification: -1, Retired: -1},
	}}
	var buf bytes.Buffer
	if err := WriteMachinesCSV(&buf, res); err != nil {
		t.Fatal(err)
	}
	got, err := parseMachinesLapsed(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"=pc1", "pc2"}; !slices.Equal(got, want) {
		t.Errorf("lapsed %q, want %q", got, want)
	}
}

// Whatever the bytes, the readers return an error or what they read,
// never a panic; what they read is well formed.
func FuzzReadRun(f *testing.F) {
	f.Add([]byte("time_s,day,kms1.windows.count\n0,0,-1\n21600,0.25,3\n"), []byte(`{"scenario":"x","verdict":{"level":"red"},"duration_s":86400,"milestones":[{"at_s":5,"kind":"count_below","host":"kms1","pool":"windows","threshold":25}],"final":{"windows-7":{"notification":2}}}`), []byte("name,lapse_day\npc1,3.5\n'=pc2,\n"))
	f.Add([]byte("time_s,day\n"), []byte(`{}`), []byte("name\n"))
	f.Add([]byte("time_s,day,series,value\n0,0,kms1.windows.count,-1\n21600,0.25,kms1.windows.count,3\n0,0,kms2.office.count,1\n21600,0.25,kms2.office.count,2\n"), []byte(`{}`), []byte("name\n"))
	f.Fuzz(func(t *testing.T, series, milestones, machines []byte) {
		if times, counts, err := parseSeriesCounts(bytes.NewReader(series)); err == nil {
			for _, c := range counts {
				if len(c.Values) != len(times) || c.Pool != scenarios.PoolWindows && c.Pool != scenarios.PoolOffice {
					t.Fatalf("count %s: %d values of %d times", c.Name(), len(c.Values), len(times))
				}
			}
		}
		if p, _, err := parseMilestones(milestones); err == nil {
			if len(p.Runs) != 1 || p.Duration <= 0 || !slices.IsSortedFunc(p.Runs[0].Milestones, func(a, b batch.Mark) int { return batch.CompareKeys(a.Key, b.Key) }) {
				t.Fatalf("plan %+v", p)
			}
		}
		if names, err := parseMachinesLapsed(machines); err == nil && !slices.IsSorted(names) {
			t.Fatalf("names %q not sorted", names)
		}
	})
}

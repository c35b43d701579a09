package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// writeSeries writes series.csv of res in layout l.
func writeSeries(t *testing.T, res *sim.Result, l SeriesLayout) []byte {
	t.Helper()
	var b bytes.Buffer
	write := WriteSeriesCSV
	if l == SeriesLong {
		write = WriteSeriesLongCSV
	}
	if err := write(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readCSV parses a CSV file with encoding/csv.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The long layout holds the wide layout's cells, one row each, a series
// at a time in the wide layout's order: with a start date and without,
// with several pools on a host, and with MAK keys and groups away.
func TestSeriesLongIsWideMelted(t *testing.T) {
	for _, name := range []string{"decommissioning-trap", "office-and-windows", "mak-to-kms", "sales-laptops"} {
		t.Run(name, func(t *testing.T) {
			_, res := builtin(t, name)
			wide := readCSV(t, writeSeries(t, res, SeriesWide))
			long := readCSV(t, writeSeries(t, res, SeriesLong))
			when := len(timeHeader(res))
			if want := append(slices.Clone(wide[0][:when]), "series", "value"); !slices.Equal(long[0], want) {
				t.Fatalf("long header %q, want %q", long[0], want)
			}
			series := wide[0][when:]
			if got, want := len(long)-1, (len(wide)-1)*len(series); got != want {
				t.Fatalf("%d long rows, want %d samples × %d series = %d", got, len(wide)-1, len(series), want)
			}
			for i, row := range long[1:] {
				samples := len(wide) - 1
				w, j := wide[1+i%samples], i/samples
				if !slices.Equal(row[:when], w[:when]) || row[when] != series[j] || row[when+1] != w[when+j] {
					t.Fatalf("long row %d %q, want %q, %s = %s", i+1, row, w[:when], series[j], w[when+j])
				}
			}
		})
	}
}

// A series' name is a text cell: quoted where CSV needs it, and kept from
// a spreadsheet's formulas (OWASP), in the long layout as in the wide.
func TestSeriesLongBytes(t *testing.T) {
	res := &sim.Result{
		Times:   []engine.Time{0, engine.Day},
		Traffic: make([]sim.Counters, 2),
		Hosts:   []sim.HostSeries{{Name: `=kms,"1"`, Requests: []int32{0, 1500}, Answered: []int32{0, 7}}},
	}
	res.Traffic[1].Requests = 1500
	got := string(writeSeries(t, res, SeriesLong))
	var want strings.Builder
	want.WriteString("time_s,day,series,value\n")
	want.WriteString("0,0.0000,\"'=kms,\"\"1\"\".requests\",0\n86400,1.0000,\"'=kms,\"\"1\"\".requests\",1500\n")
	want.WriteString("0,0.0000,\"'=kms,\"\"1\"\".answered\",0\n86400,1.0000,\"'=kms,\"\"1\"\".answered\",7\n")
	for _, name := range sim.CounterNames {
		v := "0"
		if name == "requests" {
			v = "1500"
		}
		want.WriteString("0,0.0000," + name + ",0\n86400,1.0000," + name + "," + v + "\n")
	}
	if got != want.String() {
		t.Fatalf("got\n%s\nwant\n%s", got, want.String())
	}
}

// Auto is wide up to Excel's 16,384 columns and long past them; a layout
// asked for is kept at any size.
func TestSeriesLayoutOf(t *testing.T) {
	// Each host without pools has two columns, requests and answered;
	// time_s, day and the run's totals add the rest.
	fixed := 2 + len(sim.CounterNames)
	hosts := func(columns int) *sim.Result {
		return &sim.Result{Hosts: make([]sim.HostSeries, (columns-fixed)/2)}
	}
	for _, tc := range []struct {
		columns int
		asked   SeriesLayout
		want    SeriesLayout
	}{
		{fixed + 2, SeriesAuto, SeriesWide},
		{WideColumns - WideColumns%2 + fixed%2, SeriesAuto, SeriesWide}, // exactly the most, or one below
		{WideColumns + 2, SeriesAuto, SeriesLong},
		{WideColumns + 2, SeriesWide, SeriesWide},
		{fixed + 2, SeriesLong, SeriesLong},
	} {
		res := hosts(tc.columns)
		if n := wideColumns(res); n > tc.columns || n < tc.columns-1 {
			t.Fatalf("%d hosts give %d columns, want %d", len(res.Hosts), n, tc.columns)
		}
		if got := tc.asked.Of(res); got != tc.want {
			t.Errorf("%d columns, asked %q: %q, want %q", tc.columns, tc.asked, got, tc.want)
		}
	}
}

func TestParseSeriesLayout(t *testing.T) {
	for in, want := range map[string]SeriesLayout{"": SeriesAuto, "auto": SeriesAuto, "wide": SeriesWide, "long": SeriesLong} {
		if got, err := ParseSeriesLayout(in); err != nil || got != want {
			t.Errorf("ParseSeriesLayout(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSeriesLayout("tall"); err == nil || !strings.Contains(err.Error(), "auto, wide, long") {
		t.Errorf("tall: error %v, want one listing the layouts", err)
	}
}

// pandas, an independent reader, reads the long layout and pivots it back
// into the wide one, cell for cell, as a user of the tidy form would.
func TestSeriesLongInPandas(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("pandas checks the same bytes on Linux")
	}
	// Debian's python3-pandas is for the system's Python, which may not
	// be the first python3 on PATH.
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import pandas").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("pandas is not installed; CI must check series.csv's long layout with it (apt-get install python3-pandas)")
		}
		t.Skip("pandas is not installed (apt-get install python3-pandas)")
	}
	_, res := builtin(t, "office-and-windows")
	dir := t.TempDir()
	for name, l := range map[string]SeriesLayout{"wide.csv": SeriesWide, "long.csv": SeriesLong} {
		if err := os.WriteFile(filepath.Join(dir, name), writeSeries(t, res, l), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const script = `
import sys, pandas as pd
wide = pd.read_csv(sys.argv[1] + "/wide.csv")
long = pd.read_csv(sys.argv[1] + "/long.csv")
pivot = long.pivot(index="time_s", columns="series", values="value")
series = [c for c in wide.columns if c not in ("time_s", "day", "date")]
assert list(long["series"].unique()) == series, "series differ"
assert (pivot[series].to_numpy() == wide[series].to_numpy()).all(), "values differ"
assert (pivot.index.to_numpy() == wide["time_s"].to_numpy()).all(), "times differ"
print(len(long), len(series))
`
	out, err := exec.Command(python, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("pandas: %v\n%s", err, out)
	}
	wideCols := wideColumns(res) - len(timeHeader(res))
	if want := fmt.Sprintf("%d %d\n", len(res.Times)*wideCols, wideCols); string(out) != want {
		t.Fatalf("pandas read %q, want %q rows and series", out, want)
	}
}

// The note on stdout says why series.csv is long, how many series and,
// past a spreadsheet's rows, how many rows; nothing when it was asked
// for or is wide.
func TestSeriesNote(t *testing.T) {
	res := &sim.Result{Hosts: make([]sim.HostSeries, 8300), Times: make([]engine.Time, 100)}
	series := 2*8300 + len(sim.CounterNames)
	want := fmt.Sprintf("series.csv is long, a row per sample and series: its %s series are more columns than a spreadsheet opens (16,384), and its %s rows more than it opens too (1,048,576): read it with pandas, DuckDB or Power BI; -series wide writes a column each", thousands(series), thousands(100*series))
	if got := SeriesNote(res, SeriesAuto); got != want {
		t.Errorf("note\n%q, want\n%q", got, want)
	}
	for _, l := range []SeriesLayout{SeriesLong, SeriesWide} {
		if got := SeriesNote(res, l); got != "" {
			t.Errorf("asked %q: note %q, want none", l, got)
		}
	}
	if got := SeriesNote(&sim.Result{Hosts: make([]sim.HostSeries, 10)}, SeriesAuto); got != "" {
		t.Errorf("wide: note %q", got)
	}
}

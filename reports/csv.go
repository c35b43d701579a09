package reports

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// SeriesLayout is the shape of series.csv: wide (a column per series) or
// long (a row per sample and series). The zero value chooses by size.
type SeriesLayout string

// The layouts of series.csv.
const (
	// SeriesAuto is wide while the columns fit a spreadsheet
	// (WideColumns), and long past that.
	SeriesAuto SeriesLayout = ""
	// SeriesWide is one row per sample: time_s, day[, date], then a
	// column per series.
	SeriesWide SeriesLayout = "wide"
	// SeriesLong is one row per sample and series: time_s, day[, date],
	// series, value. It is the tidy form that Power BI, pandas and DuckDB
	// pivot or filter as they like, whatever the number of hosts.
	SeriesLong SeriesLayout = "long"
)

// WideColumns is the most columns series.csv has in its wide layout when
// the layout is SeriesAuto: Excel's limit (16,384, column XFD), past which
// it cuts the file. LibreOffice Calc's is the same.
const WideColumns = 16384

// ParseSeriesLayout reads a layout as a flag gives it: auto, wide or long.
func ParseSeriesLayout(s string) (SeriesLayout, error) {
	switch l := SeriesLayout(s); l {
	case "auto":
		return SeriesAuto, nil
	case SeriesAuto, SeriesWide, SeriesLong:
		return l, nil
	}
	return "", fmt.Errorf("unknown layout %q (known: auto, wide, long)", s)
}

// Of returns the layout series.csv of res takes: l, or with SeriesAuto
// wide while its columns fit WideColumns, and long past that.
func (l SeriesLayout) Of(res *sim.Result) SeriesLayout {
	if l != SeriesAuto {
		return l
	}
	if wideColumns(res) > WideColumns {
		return SeriesLong
	}
	return SeriesWide
}

// SeriesNote says why series.csv of res is long, when layout l (auto)
// chose the long layout for it, and what that means for a spreadsheet;
// "" otherwise.
func SeriesNote(res *sim.Result, l SeriesLayout) string {
	if l != SeriesAuto || l.Of(res) != SeriesLong {
		return ""
	}
	series := wideColumns(res) - len(timeHeader(res))
	rows := len(res.Times) * series
	s := fmt.Sprintf("series.csv is long, a row per sample and series: its %s series are more columns than a spreadsheet opens (%s)", thousands(series), thousands(WideColumns))
	if rows > spreadsheetRows {
		s += fmt.Sprintf(", and its %s rows more than it opens too (%s): read it with pandas, DuckDB or Power BI", thousands(rows), thousands(spreadsheetRows))
	}
	return s + "; -series wide writes a column each"
}

// spreadsheetRows is the most rows Excel and LibreOffice Calc open.
const spreadsheetRows = 1 << 20

// wideColumns counts the columns of series.csv in its wide layout.
func wideColumns(res *sim.Result) int {
	names, _ := seriesColumns(res)
	n := 2 + len(names) + len(sim.CounterNames)
	if !res.Start.IsZero() {
		n++
	}
	return n
}

// WriteSeriesCSV writes the time series of res in the wide layout, one
// row per sample:
//
//	time_s, day[, date]                 when (date only with a start date)
//	HOST.POOL.count                     each host's count per pool (−1: never asked)
//	HOST.requests, HOST.answered        requests to each host in the interval
//	KEY.mak_left                        activations left on each MAK key
//	GROUP.away                          machines away (groups that travel)
//	PRODUCT.STATE                       clients of each product in each state
//	requests … rearms                   totals of the interval, all hosts
//
// Interval columns count what happened after the previous row up to and
// including this one.
func WriteSeriesCSV(w io.Writer, res *sim.Result) error {
	names, series := seriesColumns(res)
	header := append(timeHeader(res), append(names, sim.CounterNames...)...)
	if err := writeHeader(w, header); err != nil {
		return err
	}
	// The rows hold only numbers and a date, which CSV writes as they are
	// (no quotes, nothing a spreadsheet takes for a formula): they are
	// appended as bytes, which for a large run is most of the file.
	//
	// A row takes a value from every series, which lie apart in memory: a
	// cache miss a cell (30,025 series in bench-1m). So the rows are
	// written a block at a time, from a copy of the block's values laid
	// out row by row, read from each series a cache line at once.
	const block = 16 // int32 samples: one 64-byte cache line of a series
	values := make([]int32, block*len(series))
	var row []byte
	for first := 0; first < len(res.Times); first += block {
		n := min(block, len(res.Times)-first)
		for j, s := range series {
			for k, v := range s[first : first+n] {
				values[k*len(series)+j] = v
			}
		}
		for k := range n {
			i := first + k
			row = appendTime(row[:0], res, res.Times[i])
			for _, v := range values[k*len(series) : (k+1)*len(series)] {
				row = append(appendCount(row, int64(v)), ',')
			}
			for _, v := range res.Traffic[i].Values() {
				row = append(appendCount(row, v), ',')
			}
			row[len(row)-1] = '\n'
			if _, err := w.Write(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteSeriesLongCSV writes the time series of res in the long layout:
// one row per sample and series, with the columns time_s, day[, date],
// series and value. The series are the wide layout's columns after the
// time (WriteSeriesCSV says what each holds), in the same order, each
// with all its samples in time order: a pivot on series gives the wide
// layout back.
func WriteSeriesLongCSV(w io.Writer, res *sim.Result) error {
	var header bytes.Buffer
	if err := writeHeader(&header, append(timeHeader(res), "series", "value")); err != nil {
		return err
	}
	names, series := seriesColumns(res)
	// A series at a time, not a sample at a time: each series' values
	// lie together in memory, while a sample's are spread over all of
	// them, a cache miss a cell (30,025 series in bench-1m). The cells
	// that repeat (the time, the series' name) are encoded once.
	lw := &longWriter{w: w, rows: header.Bytes(), times: make([][]byte, len(res.Times))}
	for i, t := range res.Times {
		lw.times[i] = appendTime(nil, res, t)
	}
	for j, name := range names {
		if err := addLongSeries(lw, name, series[j]); err != nil {
			return err
		}
	}
	counters := make([][]int64, len(sim.CounterNames))
	for _, c := range res.Traffic {
		for k, v := range c.Values() {
			counters[k] = append(counters[k], v)
		}
	}
	for k, name := range sim.CounterNames {
		if err := addLongSeries(lw, name, counters[k]); err != nil {
			return err
		}
	}
	_, err := w.Write(lw.rows)
	return err
}

// longWriter writes the rows of series.csv's long layout: each sample's
// time cells, encoded once, and rows that go out a megabyte at a time,
// which a bufio.Writer as large (publish's) passes on without copying.
type longWriter struct {
	w     io.Writer
	rows  []byte
	times [][]byte
}

// addLongSeries adds the rows of one series, all its samples.
func addLongSeries[T int32 | int64](lw *longWriter, name string, values []T) error {
	cell, err := textCell(name)
	if err != nil {
		return err
	}
	rows, times := lw.rows, lw.times // in registers, not through lw
	for i, v := range values {
		rows = append(append(append(rows, times[i]...), cell...), ',')
		rows = append(appendCount(rows, int64(v)), '\n')
	}
	lw.rows = rows
	if len(rows) < 1<<20 {
		return nil
	}
	_, err = lw.w.Write(lw.rows)
	lw.rows = lw.rows[:0]
	return err
}

// textCell returns s as one CSV cell: neutralised and quoted as needed.
func textCell(s string) ([]byte, error) {
	var b bytes.Buffer
	if err := writeHeader(&b, []string{s}); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// timeHeader is the header of the columns that say when: time_s and day,
// and date where the scenario has a start date.
func timeHeader(res *sim.Result) []string {
	if res.Start.IsZero() {
		return []string{"time_s", "day"}
	}
	return []string{"time_s", "day", "date"}
}

// appendTime appends the cells of timeHeader for t, each with its comma.
func appendTime(b []byte, res *sim.Result, t engine.Time) []byte {
	b = append(appendCount(b, int64(t)), ',')
	b = append(append(b, Day(t)...), ',')
	if !res.Start.IsZero() {
		b = append(append(b, Date(res, t)...), ',')
	}
	return b
}

// writeHeader writes one row of text cells, neutralised and quoted as
// CSV needs.
func writeHeader(w io.Writer, cells []string) error {
	cw := newCSVWriter(w)
	if err := cw.Write(cells); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// appendCount appends v in decimal. Most cells of series.csv (counts,
// clients per state) have one or two digits, and appending their bytes is
// faster than formatting each of eleven million (bench-1m).
func appendCount(b []byte, v int64) []byte {
	switch {
	case v >= 0 && v < 10:
		return append(b, byte('0'+v))
	case v >= 10 && v < 100:
		return append(b, byte('0'+v/10), byte('0'+v%10))
	}
	return strconv.AppendInt(b, v, 10)
}

// seriesColumns returns the names and the series of the columns of
// series.csv between the time and the run's totals, in order: the hosts'
// counts, their requests and answers, the MAK keys, the groups away and
// the products' states.
func seriesColumns(res *sim.Result) (names []string, series [][]int32) {
	add := func(name string, s []int32) {
		names = append(names, name)
		series = append(series, s)
	}
	for _, h := range res.Hosts {
		for _, p := range h.Pools {
			add(h.Name+"."+string(p.Pool)+".count", p.Count)
		}
	}
	for _, h := range res.Hosts {
		add(h.Name+".requests", h.Requests)
		add(h.Name+".answered", h.Answered)
	}
	for _, k := range res.Keys {
		add(k.Name+".mak_left", k.Remaining)
	}
	for _, g := range res.Groups {
		if g.Away != nil {
			add(g.Name+".away", g.Away)
		}
	}
	for _, p := range res.Products {
		for _, s := range sim.States {
			add(string(p.Product)+"."+s.String(), p.Clients[s])
		}
		add(string(p.Product)+".expiring", p.Expiring) // K38
		if res.AD {
			add(string(p.Product)+".licensed_ad", p.LicensedAD) // K34
		}
	}
	return names, series
}

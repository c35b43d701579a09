package reports

import (
	"io"
	"strconv"

	"github.com/kmssim/kmssim/sim"
)

// WriteSeriesCSV writes the time series of res, one row per sample:
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
	cw := newCSVWriter(w)
	header := []string{"time_s", "day"}
	if !res.Start.IsZero() {
		header = append(header, "date")
	}
	names, series := seriesColumns(res)
	header = append(append(header, names...), sim.CounterNames...)
	if err := cw.Write(header); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	// The rows hold only numbers and a date, which CSV writes as they are
	// (no quotes, nothing a spreadsheet takes for a formula): they are
	// appended as bytes, which for a large run is most of the file.
	if b, ok := w.(interface{ Grow(int) }); ok {
		// A buffer grown once, not doubled and copied a dozen times on
		// the way to 32 MB (bench-1m).
		b.Grow(len(res.Times) * (len(series) + len(sim.CounterNames) + 3) * 4)
	}
	var row []byte
	num := func(v int64) {
		if v >= 0 && v < int64(len(smallNumbers)) {
			row = append(row, smallNumbers[v]...)
		} else {
			row = append(strconv.AppendInt(row, v, 10), ',')
		}
	}
	for i, t := range res.Times {
		row = row[:0]
		num(int64(t))
		row = append(append(row, Day(t)...), ',')
		if !res.Start.IsZero() {
			row = append(append(row, Date(res, t)...), ',')
		}
		for _, s := range series {
			num(int64(s[i]))
		}
		for _, v := range res.Traffic[i].Values() {
			num(v)
		}
		row[len(row)-1] = '\n'
		if _, err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// smallNumbers are 0 to 1023 followed by a comma, as series.csv writes
// them: most of its cells (counts, clients per state) are small, and a
// copy is faster than formatting each of eleven million (bench-1m).
var smallNumbers = func() []string {
	out := make([]string, 1024)
	for i := range out {
		out[i] = strconv.Itoa(i) + ","
	}
	return out
}()

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

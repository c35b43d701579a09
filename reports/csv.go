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
	for _, h := range res.Hosts {
		for _, p := range h.Pools {
			header = append(header, h.Name+"."+string(p.Pool)+".count")
		}
	}
	for _, h := range res.Hosts {
		header = append(header, h.Name+".requests", h.Name+".answered")
	}
	for _, k := range res.Keys {
		header = append(header, k.Name+".mak_left")
	}
	for _, g := range res.Groups {
		if g.Away != nil {
			header = append(header, g.Name+".away")
		}
	}
	for _, p := range res.Products {
		for _, s := range sim.States {
			header = append(header, string(p.Product)+"."+s.String())
		}
		header = append(header, string(p.Product)+".expiring") // K38
		if res.AD {
			header = append(header, string(p.Product)+".licensed_ad") // K34
		}
	}
	header = append(header, sim.CounterNames...)
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
	var row []byte
	num := func(v int64) { row = append(strconv.AppendInt(row, v, 10), ',') }
	for i, t := range res.Times {
		row = row[:0]
		num(int64(t))
		row = append(append(row, Day(t)...), ',')
		if !res.Start.IsZero() {
			row = append(append(row, Date(res, t)...), ',')
		}
		for _, h := range res.Hosts {
			for _, p := range h.Pools {
				num(int64(p.Count[i]))
			}
		}
		for _, h := range res.Hosts {
			num(int64(h.Requests[i]))
			num(int64(h.Answered[i]))
		}
		for _, k := range res.Keys {
			num(int64(k.Remaining[i]))
		}
		for _, g := range res.Groups {
			if g.Away != nil {
				num(int64(g.Away[i]))
			}
		}
		for _, p := range res.Products {
			for _, s := range sim.States {
				num(int64(p.Clients[s][i]))
			}
			num(int64(p.Expiring[i]))
			if res.AD {
				num(int64(p.LicensedAD[i]))
			}
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

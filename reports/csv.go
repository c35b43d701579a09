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

	row := make([]string, 0, len(header))
	for i, t := range res.Times {
		row = append(row[:0], strconv.FormatInt(int64(t), 10), Day(t))
		if !res.Start.IsZero() {
			row = append(row, Date(res, t))
		}
		for _, h := range res.Hosts {
			for _, p := range h.Pools {
				row = append(row, itoa(p.Count[i]))
			}
		}
		for _, h := range res.Hosts {
			row = append(row, itoa(h.Requests[i]), itoa(h.Answered[i]))
		}
		for _, k := range res.Keys {
			row = append(row, itoa(k.Remaining[i]))
		}
		for _, g := range res.Groups {
			if g.Away != nil {
				row = append(row, itoa(g.Away[i]))
			}
		}
		for _, p := range res.Products {
			for _, s := range sim.States {
				row = append(row, itoa(p.Clients[s][i]))
			}
			row = append(row, itoa(p.Expiring[i]))
			if res.AD {
				row = append(row, itoa(p.LicensedAD[i]))
			}
		}
		for _, v := range res.Traffic[i].Values() {
			row = append(row, strconv.FormatInt(v, 10))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa(v int32) string { return strconv.FormatInt(int64(v), 10) }

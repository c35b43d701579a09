package reports

import (
	"io"
	"slices"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// WriteMachinesCSV writes what the run did to each machine the scenario
// names (a scenario written by kmssim import), one row per machine,
// sorted by when it loses its activation, those that keep it last
// (sim.SortFates):
//
//	name, cmid, product, group, host    the machine, and the host it reached last
//	state_now                           its licence state at the start
//	failing_day[, failing_date]         its first renewal that failed (K8)
//	lapse_day[, lapse_date]             its activation lapsed (K7)
//	notification_day[, …_date]          it went into notification (K3)
//
// A change that did not come within the run leaves its cells empty.
func WriteMachinesCSV(w io.Writer, res *sim.Result) error {
	cw := newCSVWriter(w)
	dated := !res.Start.IsZero()
	header := []string{"name", "cmid", "product", "group", "host", "state_now"}
	for _, c := range []string{"failing", "lapse", "notification"} {
		header = append(header, c+"_day")
		if dated {
			header = append(header, c+"_date")
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	fates := slices.Clone(res.Machines)
	sim.SortFates(fates)
	for _, f := range fates {
		row := []string{f.Name, f.CMID, string(f.Product), f.Group, f.Host, f.Start.String()}
		for _, t := range []engine.Time{f.FirstFailedRenewal, f.Lapse, f.Notification} {
			day, date := "", ""
			if t >= 0 {
				day, date = Day(t), Date(res, t)
			}
			row = append(row, day)
			if dated {
				row = append(row, date)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

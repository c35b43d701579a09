package reports

import (
	"fmt"
	"io"
	"slices"

	"github.com/kmssim/kmssim/scenarios/words"

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

// maxReportMachines bounds the report's table of machines; the rest are
// in machines.csv.
const maxReportMachines = 20

// machinesSection is the report's section on the machines the scenario
// names: the first to lose their activation.
type machinesSection struct {
	Intro  string
	Header []string
	Rows   [][]string
	More   int
}

// machinesReport gathers the report's section on res's named machines,
// or nil when it names none.
func machinesReport(res *sim.Result) *machinesSection {
	if len(res.Machines) == 0 {
		return nil
	}
	fates := slices.Clone(res.Machines)
	sim.SortFates(fates)
	when := func(t engine.Time) string {
		if t < 0 {
			return "—"
		}
		return on(res, t)
	}
	sec := &machinesSection{Intro: machinesFinding(res, fates), Header: []string{"machine", "product", "host", "state now", "renewals fail", "activation lapses", "notification"}}
	for i, f := range fates {
		if i == maxReportMachines {
			sec.More = len(fates) - i
			break
		}
		sec.Rows = append(sec.Rows, []string{f.Name, string(f.Product), f.Host, stateLabels[f.Start], when(f.FirstFailedRenewal), when(f.Lapse), when(f.Notification)})
	}
	return sec
}

// machinesFinding says in a sentence which of the named machines lose
// their activation, the first of them and when; fates are sorted.
func machinesFinding(res *sim.Result, fates []sim.MachineFate) string {
	lapse, notLicensed := 0, 0
	for _, f := range fates {
		switch {
		case f.Start != sim.Licensed:
			notLicensed++
		case f.Lapse >= 0:
			lapse++
		}
	}
	s := fmt.Sprintf("Of the %s the scenario names, %s %s not activated at the start", words.Plural(len(fates), "machine"), fmt.Sprint(notLicensed), words.Choose(notLicensed, "is", "are"))
	if lapse == 0 {
		return s + ", and none of the others loses its activation within the run."
	}
	for _, f := range fates {
		if f.Start == sim.Licensed && f.Lapse >= 0 {
			return s + fmt.Sprintf("; %d lose their activation within the run, the first %s (%s, %s) on %s.", lapse, f.Name, f.Product, f.Host, on(res, f.Lapse))
		}
	}
	return s + "."
}

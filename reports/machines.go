package reports

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

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
//	silent                              true: it asks no more (not heard for
//	                                    longer than the count window: retired
//	                                    or away), listed after the others
//	failing_day[, failing_date]         its first renewal that failed (K8)
//	lapse_day[, lapse_date]             its activation lapsed (K7)
//	notification_day[, …_date]          it went into notification (K3)
//	retired_day[, retired_date]         the scenario retired it
//
// A change that did not come within the run leaves its cells empty.
func WriteMachinesCSV(w io.Writer, res *sim.Result) error {
	cw := newCSVWriter(w)
	dated := !res.Start.IsZero()
	header := []string{"name", "cmid", "product", "group", "host", "state_now", "silent"}
	for _, c := range []string{"failing", "lapse", "notification", "retired"} {
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
		row := []string{f.Name, f.CMID, string(f.Product), f.Group, f.Host, f.Start.String(), strconv.FormatBool(f.SilentAtEnd())}
		for _, t := range []engine.Time{f.FirstFailedRenewal, f.Lapse, f.Notification, f.Retired} {
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
	// SilentLast is set when some machines are silent: they come last.
	SilentLast bool
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
	retired := slices.ContainsFunc(fates, func(f sim.MachineFate) bool { return f.Retired >= 0 })
	sec := &machinesSection{Intro: machinesFinding(res, fates), Header: []string{"machine", "product", "host", "state now", "renewals fail", "activation lapses", "notification"},
		SilentLast: slices.ContainsFunc(fates, func(f sim.MachineFate) bool { return f.SilentAtEnd() })}
	if retired {
		sec.Header = append(sec.Header, "retired")
	}
	for i, f := range fates {
		if i == maxReportMachines {
			sec.More = len(fates) - i
			break
		}
		state := stateLabels[f.Start]
		if f.SilentAtEnd() {
			state += ", silent"
		}
		row := []string{f.Name, string(f.Product), f.Host, state, when(f.FirstFailedRenewal), when(f.Lapse), when(f.Notification)}
		if retired {
			row = append(row, when(f.Retired))
		}
		sec.Rows = append(sec.Rows, row)
	}
	return sec
}

// machinesFinding says in a sentence how many of the named machines lose
// their activation (K7), go into notification (K3, a black desktop) or
// are retired within the run, and which of them is the first to lose its
// activation or go black, and when. The silent machines (retired or
// away) are said apart: their lapses are nobody's harm if they were
// retired.
func machinesFinding(res *sim.Result, fates []sim.MachineFate) string {
	notLicensed, lapse, black, retired, silent, silentLapse := 0, 0, 0, 0, 0, 0
	var first *sim.MachineFate
	var firstAt engine.Time
	var firstWhat string
	note := func(f *sim.MachineFate, at engine.Time, what string) {
		if at >= 0 && (first == nil || at < firstAt) {
			first, firstAt, firstWhat = f, at, what
		}
	}
	for i := range fates {
		f := &fates[i]
		if f.SilentAtEnd() {
			silent++
			if f.SilentLapse() {
				silentLapse++
			}
			continue
		}
		if f.Start != sim.Licensed {
			notLicensed++
		}
		if f.Lapse >= 0 && !f.SilentLapse() {
			lapse++
			note(f, f.Lapse, "loses its activation")
		}
		if f.Notification >= 0 {
			black++
			note(f, f.Notification, "goes into notification")
		}
		if f.Retired >= 0 {
			retired++
		}
	}
	s := fmt.Sprintf("Of the %s the scenario names, %d %s not activated at the start", words.Plural(len(fates), "machine"), notLicensed, words.Choose(notLicensed, "is", "are"))
	if silent > 0 {
		var lapsing string
		switch {
		case silent == 1 && silentLapse == 1:
			lapsing = "it loses its activation within the run"
		case silent == 1:
			lapsing = "it keeps its activation through the run"
		case silentLapse == 0:
			lapsing = "none of them loses its activation within the run"
		default:
			lapsing = fmt.Sprintf("%d of them %s %s activation within the run", silentLapse, words.Choose(silentLapse, "loses", "lose"), words.Choose(silentLapse, "its", "their"))
		}
		s = fmt.Sprintf("Of the %s the scenario names, %d %s silent, %s (listed last; %s). Of the %d in use, %d %s not activated at the start",
			words.Plural(len(fates), "machine"), silent, words.Choose(silent, "is", "are"), silentWhy, lapsing, len(fates)-silent, notLicensed, words.Choose(notLicensed, "is", "are"))
	}
	var parts []string
	if lapse > 0 {
		parts = append(parts, fmt.Sprintf("%d %s %s activation", lapse, words.Choose(lapse, "loses", "lose"), words.Choose(lapse, "its", "their")))
	}
	if black > 0 {
		parts = append(parts, fmt.Sprintf("%d %s into notification (a black desktop)", black, words.Choose(black, "goes", "go")))
	}
	if retired > 0 {
		parts = append(parts, fmt.Sprintf("%d %s retired", retired, words.Choose(retired, "is", "are")))
	}
	if len(parts) == 0 {
		return s + "; none loses its activation or goes into notification within the run."
	}
	s += "; within the run " + strings.Join(parts, ", ")
	if first == nil {
		return s + "."
	}
	return s + fmt.Sprintf("; the first, %s (%s, %s), %s on %s.", first.Name, first.Product, first.Host, firstWhat, on(res, firstAt))
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // -tz names a zone on any machine

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// importCmd reads the KMS hosts' logs and writes a scenario that starts
// from the state they tell (K39).
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", "import [flags] -o DIR EXPORT...", stderr)
	out := fs.String("o", "", "the directory to write scenario.yaml and fleet.csv into (required)")
	var dlvs listFlag
	fs.Var(&dlvs, "dlv", "a host's own figures, to check the import against: Get-CimInstance SoftwareLicensingService | ConvertTo-Json (or Export-Csv), or slmgr /dlv's English text, saved as HOST=FILE or FILE (the host is the file's name up to its first dot); repeatable")
	tz := fs.String("tz", "UTC", "the time zone of the CSV exports' times: an IANA name (Europe/Berlin), Local, or an offset such as +01:00")
	name := fs.String("name", "imported", "the scenario's name")
	duration := fs.String("duration", "365d", "how far the scenario forecasts")
	sample := fs.String("sample", "1d", "the scenario's sample interval")
	force := fs.Bool("force", false, "write into a directory that holds files kmssim did not write")
	culture := fs.String("culture", "", "the display language of the Windows that wrote the CSV exports (en-US, de-DE, fr-FR…), for dates whose day and month the file cannot settle")
	metrics := fs.String("metrics", "", "also forecast over -duration and write the forecast as Prometheus metrics to FILE, for node_exporter's textfile collector (docs/monitoring.md)")
	warnFlag := fs.String("warn", "", "also forecast, and exit 1 when a host's count falls below its threshold or machines lose their activation within this duration, such as 30d (docs/monitoring.md)")
	nowFlag := fs.String("now", "", "the moment the forecast starts from, such as 2026-12-04T08:00:00Z (in -tz without an offset); requests after it are left out (default: the latest event of the logs)")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return &usageError{msg: "import needs -o DIR, the directory to write the scenario into"}
	}
	if len(files) == 0 {
		return &usageError{msg: "import needs at least one export of a KMS host's log (the .evtx file, wevtutil XML, Get-WinEvent CSV or Event Viewer CSV)"}
	}
	loc, err := location(*tz)
	if err != nil {
		return &usageError{msg: "-tz: " + err.Error()}
	}
	imp := eventlog.ImportOptions{Options: eventlog.Options{Location: loc}, DLV: dlvs}
	if *culture != "" {
		if imp.DateOrder, err = eventlog.CultureOrder(*culture); err != nil {
			return &usageError{msg: "-culture: " + err.Error()}
		}
	}
	if *nowFlag != "" {
		if imp.Now, err = parseNow(*nowFlag, loc); err != nil {
			return &usageError{msg: "-now: " + err.Error()}
		}
	}
	opts := eventlog.ScenarioOptions{Name: *name, Sources: files}
	if opts.Duration, err = scenarios.ParseDuration(*duration); err != nil || opts.Duration <= 0 {
		return &usageError{msg: fmt.Sprintf("-duration %q: want a duration such as 365d", *duration)}
	}
	if opts.Sample, err = scenarios.ParseDuration(*sample); err != nil || opts.Sample <= 0 {
		return &usageError{msg: fmt.Sprintf("-sample %q: want a duration such as 1d", *sample)}
	}

	var warnWithin scenarios.Duration
	if *warnFlag != "" {
		if warnWithin, err = scenarios.ParseDuration(*warnFlag); err != nil || warnWithin <= 0 || warnWithin > opts.Duration {
			return &usageError{msg: fmt.Sprintf("-warn %q: want a duration such as 30d, at most -duration %s", *warnFlag, opts.Duration)}
		}
	}

	warn := func(w eventlog.Warning) { fmt.Fprintf(stderr, "kmssim: warning: %s\n", w) }
	st, sums, err := eventlog.Import(ctx, files, imp, warn)
	if err != nil {
		return unchanged(err, *out)
	}
	for _, w := range st.Warnings {
		warn(w)
	}
	var scn, fleet bytes.Buffer
	if err := eventlog.WriteScenario(&scn, st, opts); err != nil {
		return err
	}
	if err := eventlog.WriteFleet(&fleet, st); err != nil {
		return err
	}
	written := []reports.File{{Name: "scenario.yaml", Data: scn.Bytes()}, {Name: eventlog.FleetFile, Data: fleet.Bytes()}}
	if err := checkImported(written); err != nil {
		return fmt.Errorf("the scenario the import made does not load (a bug of kmssim, please report it): %w", err)
	}
	paths, err := reports.Publish(ctx, *out, written, *force)
	if err != nil {
		return unchanged(err, *out)
	}
	printImport(stdout, st, len(sums), !imp.Now.IsZero())
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	fmt.Fprintf(stdout, "Next: kmssim run %s\n", filepath.Join(*out, "scenario.yaml"))
	if *metrics == "" && warnWithin == 0 {
		return nil
	}
	return forecastImport(ctx, st, opts.Duration, *metrics, warnWithin, stdout)
}

// errWarned is the error of an import whose forecast saw something happen
// within -warn: exit 1, for a scheduled task to alarm on.
var errWarned = errors.New("the forecast warns")

// forecastImport forecasts the imported state over horizon, writes the
// forecast's metrics to the file metrics (if not ""), whole or not at all,
// since node_exporter's textfile collector may read it at any moment, and
// returns errWarned, after naming each, when a count falls or machines
// lapse within warn (if not 0).
func forecastImport(ctx context.Context, st *eventlog.State, horizon scenarios.Duration, metrics string, warn scenarios.Duration, stdout io.Writer) error {
	f, err := forecast.Run(ctx, st, forecast.Options{Horizon: horizon})
	if err != nil {
		return err
	}
	if lines := f.IfOverdueLeave(); len(lines) > 0 {
		fmt.Fprintln(stdout, "\nOverdue machines, which the forecast takes as coming back:")
		for _, l := range lines {
			fmt.Fprintf(stdout, "  %s\n", l)
		}
		fmt.Fprintln(stdout)
	}
	if metrics != "" {
		var b bytes.Buffer
		if err := forecast.WriteMetrics(&b, f); err != nil {
			return err
		}
		if err := reports.WriteFileAtomic(metrics, b.Bytes()); err != nil {
			return fmt.Errorf("-metrics: %w", err)
		}
		fmt.Fprintf(stdout, "Wrote the forecast's metrics to %s.\n", metrics)
	}
	if warn == 0 {
		return nil
	}
	ws := f.Warnings(warn)
	if len(ws) == 0 {
		fmt.Fprintf(stdout, "Nothing happens within -warn %s.\n", warn)
		return nil
	}
	fmt.Fprintf(stdout, "Within -warn %s:\n", warn)
	for _, w := range ws {
		fmt.Fprintf(stdout, "  %s\n", w)
	}
	return fmt.Errorf("%w: %s within %s (exit 1)", errWarned, words.Plural(len(ws), "warning"), warn)
}

// checkImported loads the written scenario from a scratch directory, as
// kmssim run will: an import never leaves a scenario that does not load.
func checkImported(files []reports.File) error {
	dir, err := os.MkdirTemp("", "kmssim-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	_, err = scenarios.Load(filepath.Join(dir, "scenario.yaml"))
	return err
}

// location reads -tz.
func location(s string) (*time.Location, error) {
	if t, err := time.Parse("-07:00", s); err == nil {
		_, off := t.Zone()
		return time.FixedZone(s, off), nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: write an IANA name such as Europe/Berlin, Local, or an offset such as +01:00", s)
	}
	return loc, nil
}

// parseNow reads -now: a time in RFC 3339, or a date and time without an
// offset in loc.
func parseNow(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time such as 2026-12-04T08:00:00Z or 2026-12-04 08:00", s)
}

// printImport prints what the import found: the hosts and their counts,
// the machines by state.
func printImport(w io.Writer, st *eventlog.State, files int, now bool) {
	at := "latest"
	if now {
		at = "at -now"
	}
	var also []string
	if st.LeftOut > 0 {
		also = append(also, fmt.Sprintf("%d left out", st.LeftOut))
	}
	if st.Duplicates > 0 {
		also = append(also, fmt.Sprintf("%d more in two files or more, counted once", st.Duplicates))
	}
	extra := ""
	if len(also) > 0 {
		extra = " (" + strings.Join(also, "; ") + ")"
	}
	fmt.Fprintf(w, "Imported %s%s from %s (%s), %s %s.\n\n", words.Plural(st.Requests, "request"), extra, words.Plural(len(st.Hosts), "host"), words.Plural(files, "file"), at, st.At.Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(w, "%-12s %-26s %-6s %s\n", "host", "log", "/dlv", "counts")
	for _, h := range st.Hosts {
		dlv := "-"
		if h.DLV != nil {
			dlv = fmt.Sprint(h.DLV.CurrentCount)
		}
		var counts []string
		for _, t := range h.Tables {
			counts = append(counts, fmt.Sprintf("%d %s", len(t.Heard), t.Pool))
		}
		for _, u := range h.Unknown {
			counts = append(counts, fmt.Sprintf("%d %s (not simulated)", u.Count, u.Pool))
		}
		count := strings.Join(counts, ", ")
		fmt.Fprintf(w, "%-12s %-26s %-6s %s\n", h.Name, h.LogStart.Format("2006-01-02")+" to "+h.LogEnd.Format("2006-01-02"), dlv, count)
	}
	byState := map[string]int{}
	for _, m := range st.Machines {
		byState[m.State]++
	}
	var parts []string
	for _, s := range scenarios.MachineStates {
		if n := byState[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(s, "_", " ")))
		}
	}
	fmt.Fprintf(w, "\n%s: %s; %d silent for longer than the count window (they ask no more).\n", words.Plural(len(st.Machines), "machine licence"), strings.Join(parts, ", "), st.Silent)
}

// listFlag is a flag that may be given many times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	*l = append(*l, s)
	return nil
}

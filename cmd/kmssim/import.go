package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
// from the state they tell (K39); with -metrics or -warn it also
// forecasts that state (docs/monitoring.md).
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a, err := parseImport(args, stdout, stderr)
	if err != nil {
		return err
	}
	err = runImport(ctx, a, stdout, stderr)
	if err != nil && a.warn > 0 && !errors.Is(err, errWarned) {
		return noForecast{err} // exit 2, not the 1 of a warning
	}
	return err
}

// importArgs are kmssim import's command line, read and checked.
type importArgs struct {
	out, metrics string
	force        bool
	files        []string
	imp          eventlog.ImportOptions
	opts         eventlog.ScenarioOptions
	warn         scenarios.Duration // 0 without -warn
}

// parseImport reads import's flags; every mistake is a usage error that
// names its flag.
func parseImport(args []string, stdout, stderr io.Writer) (*importArgs, error) {
	fs := newFlagSet("import", "import [flags] -o DIR EXPORT...", stdout, stderr)
	a := &importArgs{}
	fs.StringVar(&a.out, "o", "", "the directory to write scenario.yaml and fleet.csv into (required)")
	fs.StringVar(&a.out, "out", "", "the same as -o, as other kmssim commands name it")
	var dlvs listFlag
	fs.Var(&dlvs, "dlv", "a host's own figures, to check the import against: Get-CimInstance SoftwareLicensingService | ConvertTo-Json (or Export-Csv), or slmgr /dlv's English text, saved as HOST=FILE or FILE (the host is the file's name up to its first dot); repeatable")
	tz := fs.String("tz", "UTC", "the time zone of the CSV exports' times: an IANA name (Europe/Berlin), Local, or an offset such as +01:00")
	name := fs.String("name", "imported", "the scenario's name")
	duration := fs.String("duration", "365d", "how far the scenario forecasts")
	sample := fs.String("sample", "1d", "the scenario's sample interval")
	fs.BoolVar(&a.force, "force", false, "write into a directory that holds files kmssim did not write")
	culture := fs.String("culture", "", "the display language of the Windows that wrote the CSV exports (en-US, de-DE, fr-FR…), for dates whose day and month the file cannot settle")
	fs.StringVar(&a.metrics, "metrics", "", "also forecast over -duration and write the forecast as Prometheus metrics to FILE, for node_exporter's textfile collector (docs/monitoring.md)")
	warn := fs.String("warn", "", "also forecast, and exit 1 when a host's count falls below its threshold, machines lose their activation or machines not activated now go into notification within this duration, such as 30d; exit 2 when the import fails (docs/monitoring.md)")
	now := fs.String("now", "", "the moment the forecast starts from, such as 2026-12-04T08:00:00Z (in -tz without an offset); requests after it are left out (default: the latest event of the logs)")
	var err error
	if a.files, err = parseFlags(fs, args); err != nil {
		return nil, err
	}
	if a.files, err = expandFiles(a.files); err != nil {
		return nil, err
	}
	if a.out == "" {
		return nil, &usageError{msg: "import needs -o DIR, the directory to write the scenario into"}
	}
	if len(a.files) == 0 {
		return nil, &usageError{msg: "import needs at least one export of a KMS host's log (the .evtx file, wevtutil XML, Get-WinEvent CSV or Event Viewer CSV)"}
	}
	a.imp.DLV, a.opts = dlvs, eventlog.ScenarioOptions{Name: *name, Sources: a.files}
	if a.imp.Location, err = location(*tz); err != nil {
		return nil, &usageError{msg: "-tz: " + err.Error()}
	}
	if *culture != "" {
		if a.imp.DateOrder, err = eventlog.CultureOrder(*culture); err != nil {
			return nil, &usageError{msg: "-culture: " + err.Error()}
		}
	}
	if *now != "" {
		if a.imp.Now, err = parseNow(*now, a.imp.Location); err != nil {
			return nil, &usageError{msg: "-now: " + err.Error()}
		}
	}
	if a.opts.Duration, err = durationFlag("duration", *duration, "365d"); err != nil {
		return nil, err
	}
	if a.opts.Sample, err = durationFlag("sample", *sample, "1d"); err != nil {
		return nil, err
	}
	if a.opts.Sample > a.opts.Duration {
		return nil, &usageError{msg: fmt.Sprintf("-sample %s is longer than -duration %s: the scenario samples its counts every -sample over -duration", a.opts.Sample, a.opts.Duration)}
	}
	if *warn != "" {
		if a.warn, err = durationFlag("warn", *warn, "30d"); err != nil {
			return nil, err
		}
		if a.warn > a.opts.Duration {
			return nil, &usageError{msg: fmt.Sprintf("-warn %s is longer than -duration %s: the forecast looks only as far as -duration", a.warn, a.opts.Duration)}
		}
	}
	return a, nil
}

// runImport checks that the outputs can be written, imports the logs,
// writes the scenario and, with -metrics or -warn, forecasts.
func runImport(ctx context.Context, a *importArgs, stdout, stderr io.Writer) error {
	if err := writableDir("-o", a.out); err != nil {
		return err
	}
	if a.metrics != "" {
		if err := writableFile("-metrics", a.metrics); err != nil {
			return err
		}
	}
	warn := func(w eventlog.Warning) { fmt.Fprintf(stderr, "kmssim: warning: %s\n", w) }
	st, sums, err := eventlog.Import(ctx, a.files, a.imp, warn)
	if err != nil {
		return unchanged(err, a.out)
	}
	for _, w := range st.Warnings {
		warn(w)
	}
	paths, err := writeImport(ctx, st, a)
	if err != nil {
		return err
	}
	printImport(stdout, st, len(sums), !a.imp.Now.IsZero())
	printOverdue(stdout, st)
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	fmt.Fprintf(stdout, "Next: kmssim run %s\n", filepath.Join(a.out, "scenario.yaml"))
	if a.metrics == "" && a.warn == 0 {
		return nil
	}
	return forecastImport(ctx, st, a.opts.Duration, a.metrics, a.warn, stdout)
}

// writeImport writes the scenario of st and its fleet into -o, as one
// unit, and returns the paths written. A scenario that does not load is
// never written.
func writeImport(ctx context.Context, st *eventlog.State, a *importArgs) ([]string, error) {
	var scn, fleet bytes.Buffer
	if err := eventlog.WriteScenario(&scn, st, a.opts); err != nil {
		return nil, err
	}
	if err := eventlog.WriteFleet(&fleet, st); err != nil {
		return nil, err
	}
	written := []reports.File{{Name: "scenario.yaml", Data: scn.Bytes()}, {Name: eventlog.FleetFile, Data: fleet.Bytes()}}
	if err := checkImported(written); err != nil {
		return nil, fmt.Errorf("the scenario the import made does not load (a bug of kmssim, please report it): %w", err)
	}
	paths, err := reports.Publish(ctx, a.out, written, a.force)
	if err != nil {
		return nil, unchanged(err, a.out) // -out is -o's alias: "choose another -out" holds
	}
	return paths, nil
}

// errWarned is the error of an import whose forecast saw something happen
// within -warn: exit 1, for a scheduled task to alarm on.
var errWarned = errors.New("the forecast warns")

// noForecast is an import with -warn that failed, so made no forecast:
// exit 2, as a usage error, and not the 1 of a warning, so that a
// scheduled task tells "look at the forecast" from "look at the task".
// An interruption keeps its own status (130, 143).
type noForecast struct{ err error }

func (e noForecast) Error() string { return e.err.Error() + " (no forecast: exit 2)" }
func (e noForecast) Unwrap() error { return e.err }

// Is makes a noForecast a usage error for exitCode: exit 2.
func (e noForecast) Is(target error) bool { return target == errUsage }

// forecastImport forecasts the imported state over horizon, writes the
// forecast's metrics to the file metrics (if not ""), whole or not at
// all, since node_exporter's textfile collector may read it at any
// moment, and returns errWarned, after naming each, when a count falls,
// machines lapse or machines not activated go black within warn (if not
// 0): forecast.Warnings.
func forecastImport(ctx context.Context, st *eventlog.State, horizon scenarios.Duration, metrics string, warn scenarios.Duration, stdout io.Writer) error {
	f, err := forecast.Run(ctx, st, forecast.Options{Horizon: horizon})
	if err != nil {
		return err
	}
	if metrics != "" {
		var b bytes.Buffer
		if err := forecast.WriteMetrics(&b, f); err != nil {
			return err
		}
		if err := reports.WriteFileAtomic(metrics, b.Bytes()); err != nil {
			return fmt.Errorf("-metrics: %w", err)
		}
		fmt.Fprintf(stdout, "\nWrote the forecast's metrics to %s.\n", metrics)
	}
	if warn == 0 {
		return nil
	}
	ws := f.Warnings(warn)
	if len(ws) == 0 {
		fmt.Fprintf(stdout, "\nNothing happens within -warn %s.\n", warn)
		return nil
	}
	fmt.Fprintf(stdout, "\nWithin -warn %s:\n", warn)
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
	width := 12 // the host column fits the longest name
	for _, h := range st.Hosts {
		width = max(width, len(h.Name))
	}
	fmt.Fprintf(w, "%-*s %-26s %-6s %s\n", width, "host", "log", "/dlv", "counts")
	for _, h := range st.Hosts {
		dlv := "-"
		if h.DLV != nil {
			dlv = fmt.Sprint(h.DLV.CurrentCount)
		}
		var counts []string
		for _, t := range h.Tables {
			c := fmt.Sprintf("%d %s", len(t.Heard), t.Pool)
			if top := slices.Max(append([]int{0}, t.Thresholds...)); len(t.Heard) < top {
				c += fmt.Sprintf(" (below %d)", top) // K28: its clients that need top fail now
			}
			counts = append(counts, c)
		}
		for _, u := range h.Unknown {
			counts = append(counts, fmt.Sprintf("%d %s (not simulated)", u.Count, u.Pool))
		}
		count := strings.Join(counts, ", ")
		fmt.Fprintf(w, "%-*s %-26s %-6s %s\n", width, h.Name, h.LogStart.Format("2006-01-02")+" to "+h.LogEnd.Format("2006-01-02"), dlv, count)
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

// printOverdue prints the counts that hold overdue machines, and what
// the pessimistic forecast says of each (forecast.Pools): it needs no
// run, so every import prints it.
func printOverdue(w io.Writer, st *eventlog.State) {
	f := &forecast.Forecast{At: st.At, Pools: forecast.Pools(st)}
	lines := f.IfOverdueLeave()
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "\nCounts with overdue machines (they missed their 7-day renewal yet are still counted):")
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
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

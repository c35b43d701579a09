package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/backtest"
)

// Files kmssim backtest -out writes.
const (
	backtestTable = "backtest.txt"
	backtestCSV   = "backtest.csv"
	backtestChart = "backtest.svg"
)

// backtestCmd scores the import's forecasts against the logs: it cuts
// them at past moments, forecasts each cut and compares the forecast
// with what the rest of the logs show (issue 30, docs/monitoring.md).
// It exits 0 when it scored, whatever the scores; 1 when it could not
// (a log unreadable or too short); 2 on a usage error or an -out that
// cannot be written.
func backtestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backtest", "backtest [flags] EXPORT...", stdout, stderr)
	horizon := fs.String("horizon", "90d", "how far each cut's forecast is scored")
	period := fs.String("period", "", "the time between cuts (default half the horizon)")
	initial := fs.String("initial", "30d", "the log a cut needs before it: the count window, so the tables are whole (K10)")
	cuts := fs.Int("cuts", 6, "how many cuts at most, the latest a horizon before the logs' end")
	replications := fs.Int("replications", 10, "how many runs forecast each cut, for the intervals and their coverage")
	interval := fs.Float64("interval", 0.8, "the central share of the runs that makes the stated interval")
	seed := fs.Uint64("seed", 1, "the seed of each cut's first run")
	out := fs.String("out", "", "also write backtest.txt, backtest.csv (a row per scored count and machine) and backtest.svg (error against horizon) into DIR")
	force := fs.Bool("force", false, "write into a directory that holds files kmssim did not write")
	tz := fs.String("tz", "UTC", "the time zone of the CSV exports' times, as for import")
	culture := fs.String("culture", "", "the display language of the Windows that wrote the CSV exports, as for import")
	files, err := parseFlags(fs, args)
	if err == nil {
		files, err = expandFiles(files)
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &usageError{msg: "backtest needs at least one export of a KMS host's log that spans months (the .evtx file, wevtutil XML, Get-WinEvent CSV or Event Viewer CSV)"}
	}
	o := backtest.Options{Cuts: *cuts, Replications: *replications, Interval: *interval, Seed: *seed}
	for _, d := range []struct {
		name, value string
		to          *scenarios.Duration
	}{{"horizon", *horizon, &o.Horizon}, {"period", *period, &o.Period}, {"initial", *initial, &o.Initial}} {
		if d.value == "" {
			continue
		}
		if *d.to, err = durationFlag(d.name, d.value, "90d"); err != nil {
			return err
		}
	}
	switch {
	case *cuts < 1:
		return &usageError{msg: fmt.Sprintf("-cuts %d: want 1 or more", *cuts)}
	case *replications < 1:
		return &usageError{msg: fmt.Sprintf("-replications %d: want 1 or more", *replications)}
	case !(*interval > 0 && *interval <= 1): // NaN too
		return &usageError{msg: fmt.Sprintf("-interval %v: want a share above 0 and at most 1, such as 0.8", *interval)}
	}
	opts := eventlog.Options{}
	if opts.Location, err = location(*tz); err != nil {
		return &usageError{msg: "-tz: " + err.Error()}
	}
	if *culture != "" {
		if opts.DateOrder, err = eventlog.CultureOrder(*culture); err != nil {
			return &usageError{msg: "-culture: " + err.Error()}
		}
	}
	if *out != "" {
		if err := writableDir("-out", *out); err != nil {
			return err // before the logs are read, which takes long
		}
	}
	warn := func(w eventlog.Warning) { fmt.Fprintf(stderr, "kmssim: warning: %s\n", w) }
	l, err := backtest.ReadLog(ctx, files, opts, warn)
	if err != nil {
		return err
	}
	res, err := backtest.Run(ctx, l, o)
	if err != nil {
		return err
	}
	return writeBacktest(ctx, res, *out, *force, stdout)
}

// writeBacktest prints the table of res and, with out, writes it with
// the CSV and the chart into out as one unit.
func writeBacktest(ctx context.Context, res *backtest.Result, out string, force bool, stdout io.Writer) error {
	var table bytes.Buffer
	if err := res.WriteTable(&table); err != nil {
		return err
	}
	if _, err := stdout.Write(table.Bytes()); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	var rows bytes.Buffer
	if err := res.WriteCSV(&rows); err != nil {
		return err
	}
	svg, err := res.ChartSVG()
	if err != nil {
		return err
	}
	paths, err := reports.Publish(ctx, out, []reports.File{{Name: backtestTable, Data: table.Bytes()}, {Name: backtestCSV, Data: rows.Bytes()}, {Name: backtestChart, Data: svg}}, force)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printPaths(stdout, paths)
	return nil
}

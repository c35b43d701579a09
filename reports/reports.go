// Package reports turns the result of a run or a batch into what people
// read: the time series (series.csv), the milestones and verdicts
// (milestones.json), the planning charts (SVG and PNG), a self-contained
// HTML report, a plain-text summary, the outcomes of replications and
// sweeps (outcomes.csv, bands.csv, batch.json) and JUnit XML for kmssim
// check. Every writer is deterministic: the same result gives the same
// bytes. Outputs are published all or nothing (WriteFiles,
// WriteBatchFiles).
package reports

import (
	"math"
	"time"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// Day returns virtual time t in days, rounded to 4 decimals (about 9
// seconds), as written in outputs.
func Day(t engine.Time) string {
	return sim.FormatDays(sim.Days(t), 4, false)
}

// Date returns the calendar time of t as YYYY-MM-DD hh:mm (UTC), or "" when
// the result has no start date.
func Date(res *sim.Result, t engine.Time) string {
	return res.Date(t, "2006-01-02 15:04")
}

// Days returns t in days rounded to 4 decimals, for JSON.
func Days(t engine.Time) float64 {
	return math.Round(sim.Days(t)*1e4) / 1e4
}

func timestamp(res *sim.Result, t engine.Time) string { return res.Date(t, time.RFC3339) }

package forecast

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// The metrics WriteMetrics writes, in the Prometheus text exposition
// format (version 0.0.4) that node_exporter's textfile collector reads.
// Times are Unix seconds and spans seconds, Prometheus' base unit; every
// metric is a gauge, since each file holds a new forecast, not a running
// total. promtool refuses a gauge whose name ends in _count, so the count
// is named for what it counts, the CMIDs (K10).
const (
	// MetricForecastTime is the moment the forecast starts from.
	MetricForecastTime = "kmssim_forecast_timestamp_seconds"
	// MetricHorizon is how far it looks ahead.
	MetricHorizon = "kmssim_forecast_horizon_seconds"
	// MetricHostCount is a host's count of a pool at the moment.
	MetricHostCount = "kmssim_host_cmids"
	// MetricHostThreshold is the highest threshold of a pool's clients.
	MetricHostThreshold = "kmssim_host_threshold"
	// MetricHostBelowTime is when a pool's count first falls below it.
	MetricHostBelowTime = "kmssim_host_below_threshold_timestamp_seconds"
	// MetricHostOverdue counts the CMIDs of a pool's count whose
	// machines are overdue (Pool.Overdue).
	MetricHostOverdue = "kmssim_host_overdue_cmids"
	// MetricHostBelowIfOverdueLeave is when a pool's count falls below
	// its threshold if the overdue machines never return: the
	// pessimistic forecast (Pool.IfOverdueLeave).
	MetricHostBelowIfOverdueLeave = "kmssim_host_below_threshold_if_overdue_leave_timestamp_seconds"
	// MetricLapsing counts a product's machines lapsing within a window.
	MetricLapsing = "kmssim_machines_lapsing"
	// MetricGoingBlack counts a product's machines, not activated now,
	// going into notification (a black desktop, K3) within a window.
	MetricGoingBlack = "kmssim_machines_going_black"
	// MetricSilentMachines counts a product's silent machines.
	MetricSilentMachines = "kmssim_machines_silent"
)

// MetricNames are the names of every metric WriteMetrics writes, in the
// order it writes them.
var MetricNames = []string{MetricForecastTime, MetricHorizon, MetricHostCount, MetricHostThreshold, MetricHostBelowTime, MetricHostOverdue, MetricHostBelowIfOverdueLeave, MetricLapsing, MetricGoingBlack, MetricSilentMachines}

// LapseWindows are the spans, from the forecast's moment, of which
// MetricLapsing counts the machines whose activation lapses within each.
var LapseWindows = []scenarios.Duration{7 * scenarios.Day, 30 * scenarios.Day, 90 * scenarios.Day}

// WriteMetrics writes f as Prometheus metrics, one family after another
// with its HELP and TYPE, in a fixed order: the same forecast gives the
// same bytes. Where the median run (Times.Median) saw no fall below a
// threshold within the horizon, the time is +Inf. Silent machines are
// counted apart (MetricSilentMachines), not as lapsing: the log says they
// are gone (K11), and an alarm for each would be noise. A lapse window
// longer than the horizon is left out, as the forecast cannot tell it.
func WriteMetrics(w io.Writer, f *Forecast) error {
	var b bytes.Buffer
	family := func(name, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n", name, escapeHelp(help), name)
	}
	sample := func(name string, labels []string, v string) {
		b.WriteString(name)
		if len(labels) > 0 {
			b.WriteByte('{')
			for i := 0; i < len(labels); i += 2 {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "%s=\"%s\"", labels[i], escapeLabel(labels[i+1]))
			}
			b.WriteByte('}')
		}
		b.WriteByte(' ')
		b.WriteString(v)
		b.WriteByte('\n')
	}
	at := f.At.Unix()
	family(MetricForecastTime, "The moment the forecast starts from: the latest event of the KMS hosts' logs (or -now), in Unix seconds.")
	sample(MetricForecastTime, nil, strconv.FormatInt(at, 10))
	family(MetricHorizon, "How far the forecast looks ahead of its moment, in seconds.")
	sample(MetricHorizon, nil, strconv.FormatInt(int64(f.Horizon), 10))
	family(MetricHostCount, "A KMS host's count of one pool (Windows, or an Office version) at the forecast's moment, as its log tells it: the client machine ids it heard within the count window of 30 days.")
	for _, p := range f.Pools {
		sample(MetricHostCount, []string{"host", p.Host, "pool", string(p.Pool)}, strconv.Itoa(p.Count))
	}
	family(MetricHostThreshold, "The highest minimum count the pool's clients ask for (25 for Windows clients, 5 for servers and Office): below it, their activations and renewals fail.")
	for _, p := range f.Pools {
		sample(MetricHostThreshold, []string{"host", p.Host, "pool", string(p.Pool)}, strconv.Itoa(p.Threshold))
	}
	family(MetricHostBelowTime, "When the forecast's median run sees the pool's count first below its threshold, in Unix seconds; the forecast's moment when it is below already, +Inf when not within the horizon.")
	for _, p := range f.Pools {
		sample(MetricHostBelowTime, []string{"host", p.Host, "pool", string(p.Pool)}, unixOrInf(at, p.Below.Median()))
	}
	family(MetricHostOverdue, "The client machine ids of a pool's count whose machines missed their 7-day renewal yet were heard within the count window: retired, or off for now.")
	for _, p := range f.Pools {
		sample(MetricHostOverdue, []string{"host", p.Host, "pool", string(p.Pool)}, strconv.Itoa(p.Overdue))
	}
	family(MetricHostBelowIfOverdueLeave, "When the pool's count falls below its threshold if its overdue machines never ask again, each dropping out 30 days after its latest request, in Unix seconds; the forecast's moment when it is below already, +Inf when it stays at or above it.")
	for _, p := range f.Pools {
		sample(MetricHostBelowIfOverdueLeave, []string{"host", p.Host, "pool", string(p.Pool)}, unixOrInf(at, p.IfOverdueLeave))
	}
	lapsing, black, silent := map[scenarios.Product][]int{}, map[scenarios.Product][]int{}, map[scenarios.Product]int{}
	for _, m := range f.Machines {
		if lapsing[m.Product] == nil {
			lapsing[m.Product] = make([]int, len(LapseWindows))
			black[m.Product] = make([]int, len(LapseWindows))
		}
		if m.Silent {
			silent[m.Product]++
			continue
		}
		for i, d := range LapseWindows {
			if m.Lapse.Within(d) {
				lapsing[m.Product][i]++
			}
			if m.Black.Within(d) {
				black[m.Product][i]++
			}
		}
	}
	products := slices.DeleteFunc(slices.Clone(scenarios.Products), func(p scenarios.Product) bool { return lapsing[p] == nil })
	windows := func(name string, n map[scenarios.Product][]int) {
		for _, p := range products {
			for i, d := range LapseWindows {
				if d <= f.Horizon {
					sample(name, []string{"product", string(p), "within_seconds", strconv.FormatInt(int64(d), 10)}, strconv.Itoa(n[p][i]))
				}
			}
		}
	}
	family(MetricLapsing, "The machines of a product, licensed and heard within the count window, whose 180-day activation the forecast's median run sees lapse within within_seconds of its moment.")
	windows(MetricLapsing, lapsing)
	family(MetricGoingBlack, "The machines of a product, not activated at the forecast's moment (in a grace) and heard within the count window, that the forecast's median run sees go into notification, a black desktop, within within_seconds of its moment.")
	windows(MetricGoingBlack, black)
	family(MetricSilentMachines, "The machines of a product the log last heard longer ago than the count window of 30 days: retired or away, the log cannot tell; not counted as lapsing or going black.")
	for _, p := range products {
		sample(MetricSilentMachines, []string{"product", string(p)}, strconv.Itoa(silent[p]))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// unixOrInf formats the time t seconds after the Unix time at, +Inf for
// Never.
func unixOrInf(at, t int64) string {
	if t == Never {
		return "+Inf"
	}
	return strconv.FormatInt(at+t, 10)
}

// escapeHelp escapes a HELP text as the exposition format requires: a
// backslash and a line feed.
func escapeHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// escapeLabel escapes a label value as the exposition format requires: a
// backslash, a double quote and a line feed. Host names come from a log,
// which may hold anything.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

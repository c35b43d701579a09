package forecast_test

import (
	"fmt"
	"os"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// The time each of five runs saw a count fall, in seconds after the
// forecast's moment: one run did not see it within the horizon.
func ExampleTimes_Interval() {
	below := forecast.Times{40 * 86400, 38 * 86400, forecast.Never, 41 * 86400, 39 * 86400}
	lo, hi := below.Interval(0.8)
	fmt.Println(below.Median()/86400, lo/86400, hi)
	// Output: 40 38 -1
}

// A forecast's metrics, as node_exporter's textfile collector reads them.
func ExampleWriteMetrics() {
	f := &forecast.Forecast{
		At:      time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC),
		Horizon: 7 * scenarios.Day,
		Pools:   []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 26, Threshold: 25, Below: forecast.Times{3 * 86400}, Overdue: 2, IfOverdueLeave: 2 * 86400}},
	}
	if err := forecast.WriteMetrics(os.Stdout, f); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # HELP kmssim_forecast_timestamp_seconds The moment the forecast starts from: the latest event of the KMS hosts' logs (or -now), in Unix seconds.
	// # TYPE kmssim_forecast_timestamp_seconds gauge
	// kmssim_forecast_timestamp_seconds 1796371200
	// # HELP kmssim_forecast_horizon_seconds How far the forecast looks ahead of its moment, in seconds.
	// # TYPE kmssim_forecast_horizon_seconds gauge
	// kmssim_forecast_horizon_seconds 604800
	// # HELP kmssim_host_cmids A KMS host's count of one pool (Windows, or an Office version) at the forecast's moment, as its log tells it: the client machine ids it heard within the count window of 30 days.
	// # TYPE kmssim_host_cmids gauge
	// kmssim_host_cmids{host="kms1",pool="windows"} 26
	// # HELP kmssim_host_threshold The highest minimum count the pool's clients ask for (25 for Windows clients, 5 for servers and Office): below it, their activations and renewals fail.
	// # TYPE kmssim_host_threshold gauge
	// kmssim_host_threshold{host="kms1",pool="windows"} 25
	// # HELP kmssim_host_below_threshold_timestamp_seconds When the forecast's median run sees the pool's count first below its threshold, in Unix seconds; the forecast's moment when it is below already, +Inf when not within the horizon.
	// # TYPE kmssim_host_below_threshold_timestamp_seconds gauge
	// kmssim_host_below_threshold_timestamp_seconds{host="kms1",pool="windows"} 1796630400
	// # HELP kmssim_host_overdue_cmids The client machine ids of a pool's count whose machines missed their 7-day renewal yet were heard within the count window: retired, or off for now.
	// # TYPE kmssim_host_overdue_cmids gauge
	// kmssim_host_overdue_cmids{host="kms1",pool="windows"} 2
	// # HELP kmssim_host_below_threshold_if_overdue_leave_timestamp_seconds When the pool's count falls below its threshold if its overdue machines never ask again, each dropping out 30 days after its latest request, in Unix seconds; the forecast's moment when it is below already, +Inf when it stays at or above it.
	// # TYPE kmssim_host_below_threshold_if_overdue_leave_timestamp_seconds gauge
	// kmssim_host_below_threshold_if_overdue_leave_timestamp_seconds{host="kms1",pool="windows"} 1796544000
	// # HELP kmssim_machines_lapsing The machines of a product, licensed and heard within the count window, whose 180-day activation the forecast's median run sees lapse within within_seconds of its moment.
	// # TYPE kmssim_machines_lapsing gauge
	// # HELP kmssim_machines_going_black The machines of a product, not activated at the forecast's moment (in a grace) and heard within the count window, that the forecast's median run sees go into notification, a black desktop, within within_seconds of its moment.
	// # TYPE kmssim_machines_going_black gauge
	// # HELP kmssim_machines_silent The machines of a product the log last heard longer ago than the count window of 30 days: retired or away, the log cannot tell; not counted as lapsing or going black.
	// # TYPE kmssim_machines_silent gauge
}

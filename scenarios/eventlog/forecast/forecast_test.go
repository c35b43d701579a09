package forecast_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

var quantileTests = []struct {
	times    forecast.Times
	q        float64
	want     int64
	interval [2]int64 // the central 80%
}{
	{forecast.Times{}, 0.5, forecast.Never, [2]int64{forecast.Never, forecast.Never}},
	{forecast.Times{5}, 0.5, 5, [2]int64{5, 5}},
	{forecast.Times{30, 10, 20}, 0.5, 20, [2]int64{10, 30}},
	{forecast.Times{forecast.Never, 10, 20, 40}, 0.5, 20, [2]int64{10, forecast.Never}},
	{forecast.Times{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5, 5, [2]int64{1, 9}},
	{forecast.Times{forecast.Never, forecast.Never, 3}, 0.5, forecast.Never, [2]int64{3, forecast.Never}},
}

func TestQuantile(t *testing.T) {
	for _, tt := range quantileTests {
		if got := tt.times.Quantile(tt.q); got != tt.want {
			t.Errorf("%v.Quantile(%v) = %d, want %d", tt.times, tt.q, got, tt.want)
		}
		if lo, hi := tt.times.Interval(0.8); [2]int64{lo, hi} != tt.interval {
			t.Errorf("%v.Interval(0.8) = %d, %d, want %v", tt.times, lo, hi, tt.interval)
		}
	}
}

// Warnings name what the median run sees within -warn: a count below
// already or falling, each product's licensed machines lapsing, and its
// machines not activated going black; silent machines and what comes
// beyond the span are not named.
var warningsTests = []struct {
	name   string
	f      forecast.Forecast
	within scenarios.Duration
	want   []string
}{
	{"nothing", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 30, Threshold: 25, Below: forecast.Times{forecast.Never}}}}, 30 * scenarios.Day, nil},
	{"below-now", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms2", Pool: scenarios.PoolWindows, Count: 6, Threshold: 25, Below: forecast.Times{0}}}}, scenarios.Day,
		[]string{"kms2's windows count is 6, below its threshold 25"}},
	{"falls", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 25, Threshold: 25, Below: forecast.Times{10 * 86400, 12 * 86400, 11 * 86400}}}}, 30 * scenarios.Day,
		[]string{"kms1's windows count falls below 25 on 2027-01-13 00:00 UTC by the runs"}},
	// The pessimistic forecast warns when it is the earlier, and says so.
	{"overdue-leave", forecast.Forecast{Horizon: 365 * scenarios.Day, Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 31, Threshold: 25, Below: forecast.Times{forecast.Never}, Overdue: 7, IfOverdueLeave: 13 * 86400}}}, 30 * scenarios.Day,
		[]string{"kms1's windows count falls below 25 on 2027-01-15 00:00 UTC if its 7 overdue machines do not return (the runs, which take them as coming back, see no fall within 365d)"}},
	{"overdue-leave-earlier", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 26, Threshold: 25, Below: forecast.Times{20 * 86400}, Overdue: 2, IfOverdueLeave: 5 * 86400}}}, 30 * scenarios.Day,
		[]string{"kms1's windows count falls below 25 on 2027-01-07 00:00 UTC if its 2 overdue machines do not return (the runs, which take them as coming back, see the fall on 2027-01-22 00:00 UTC)"}},
	{"runs-earlier", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 26, Threshold: 25, Below: forecast.Times{3 * 86400}, Overdue: 1, IfOverdueLeave: 5 * 86400}}}, 30 * scenarios.Day,
		[]string{"kms1's windows count falls below 25 on 2027-01-05 00:00 UTC by the runs, its 1 overdue machine returning"}},
	{"overdue-leave-later", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 26, Threshold: 25, Below: forecast.Times{forecast.Never}, Overdue: 2, IfOverdueLeave: 25 * 86400}}}, 7 * scenarios.Day, nil},
	{"falls-later", forecast.Forecast{Pools: []forecast.Pool{{Host: "kms1", Pool: scenarios.PoolWindows, Count: 25, Threshold: 25, Below: forecast.Times{40 * 86400}}}}, 30 * scenarios.Day, nil},
	{"lapses", forecast.Forecast{Machines: []forecast.Machine{
		{Name: "a", Product: "windows-10", State: "licensed", Lapse: forecast.Times{20 * 86400}},
		{Name: "b", Product: "windows-10", State: "licensed", Lapse: forecast.Times{5 * 86400}},
		{Name: "c", Product: "windows-10", State: "licensed", Silent: true, Lapse: forecast.Times{86400}},
		{Name: "d", Product: "windows-10", State: "licensed", Lapse: forecast.Times{60 * 86400}},
	}}, 30 * scenarios.Day, []string{"2 machines of windows-10 lose their activation within 30d, the first on 2027-01-07 00:00 UTC"}},
	// Machines that never activated go black without a lapse, after
	// the lapses of each product.
	{"black", forecast.Forecast{Machines: []forecast.Machine{
		{Name: "a", Product: "windows-8.1", State: "initial_grace", Black: forecast.Times{25 * 86400}},
		{Name: "b", Product: "windows-8.1", State: "initial_grace", Black: forecast.Times{26 * 86400}},
		{Name: "c", Product: "windows-8.1", State: "initial_grace", Silent: true, Black: forecast.Times{86400}},
		{Name: "d", Product: "windows-8.1", State: "initial_grace", Black: forecast.Times{40 * 86400}},
		{Name: "e", Product: "windows-10", State: "licensed", Lapse: forecast.Times{20 * 86400}},
	}}, 30 * scenarios.Day, []string{
		"1 machine of windows-10 loses its activation within 30d, the first on 2027-01-22 00:00 UTC",
		"2 machines of windows-8.1 not activated now go into notification (a black desktop) within 30d, the first on 2027-01-27 00:00 UTC"}},
}

func TestWarnings(t *testing.T) {
	for _, tt := range warningsTests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.At = time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)
			if got := tt.f.Warnings(tt.within); !slices.Equal(got, tt.want) {
				t.Errorf("Warnings(%s) = %q, want %q", tt.within, got, tt.want)
			}
		})
	}
}

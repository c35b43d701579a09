package reports

import (
	"slices"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func labels(ticks []plot.Tick) (major []string, values []float64, minors int) {
	for _, t := range ticks {
		if t.Label == "" {
			minors++
			continue
		}
		major = append(major, t.Label)
		values = append(values, t.Value)
	}
	return
}

func TestDayTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{0, 365, []string{"day 0", "day 90", "day 180", "day 270", "day 360"}},
		{0, 60, []string{"day 0", "day 10", "day 20", "day 30", "day 40", "day 50", "day 60"}},
		{0, 1, []string{"day 0", "day 1"}},
		{3.5, 30, []string{"day 5", "day 10", "day 15", "day 20", "day 25", "day 30"}},
		{0, 3650, []string{"day 0", "day 730", "day 1460", "day 2190", "day 2920", "day 3650"}},
	}
	for _, tt := range tests {
		got, _, _ := labels(timeTicker{}.Ticks(tt.min, tt.max))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestCalendarTicks(t *testing.T) {
	start := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		min, max float64
		want     []string
	}{
		// A year: quarters, on the first of the month.
		{0, 365, []string{"Apr 2027", "Jul 2027", "Oct 2027", "Jan 2028"}},
		// Four months: months.
		{0, 120, []string{"Feb 2027", "Mar 2027", "Apr 2027", "May 2027"}},
		// Six weeks: weeks, on Mondays.
		{0, 42, []string{"Jan 4", "Jan 18", "Feb 1", "Feb 15"}},
		// A week: days.
		{0, 7, []string{"Jan 5", "Jan 7", "Jan 9", "Jan 11"}},
	}
	for _, tt := range tests {
		ticks := timeTicker{start: start}.Ticks(tt.min, tt.max)
		got, values, _ := labels(ticks)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.min, tt.max, got, tt.want)
		}
		for i, v := range values {
			at := start.Add(time.Duration(v * 24 * float64(time.Hour)))
			if at.Hour() != 0 || at.Minute() != 0 {
				t.Errorf("tick %s at %v is not at midnight", got[i], at)
			}
		}
	}
	// Minor ticks are never labelled and never sit on a major tick.
	ticks := timeTicker{start: start}.Ticks(0, 120)
	_, majors, minors := labels(ticks)
	if minors == 0 {
		t.Fatal("no minor ticks on a four-month axis")
	}
	for _, tk := range ticks {
		if tk.Label == "" && slices.Contains(majors, tk.Value) {
			t.Errorf("minor tick at major value %v", tk.Value)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{-1, 31, []string{"0", "10", "20", "30"}},
		{0, 27, []string{"0", "5", "10", "15", "20", "25"}},
		{0, 1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
		{0, 14000, []string{"0", "5000", "10000"}},
		{3, 3, []string{"3"}},
	}
	for _, tt := range tests {
		got, _, _ := labels(niceTicker{}.Ticks(tt.min, tt.max))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.min, tt.max, got, tt.want)
		}
	}
}

// An axis of whole numbers has its ticks on whole numbers, and a count
// axis writes −1 as "no request yet" (K14), never a negative count.
func TestIntegerTicks(t *testing.T) {
	for _, tt := range []struct {
		min, max float64
		want     []string
	}{
		{0, 2, []string{"0", "1", "2"}},
		{0, 1.5, []string{"0", "1"}},
		{0, 3.3, []string{"0", "1", "2", "3"}},
		{0, 60, []string{"0", "10", "20", "30", "40", "50", "60"}},
	} {
		got, _, _ := labels(integerTicks.Ticks(tt.min, tt.max))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", tt.min, tt.max, got, tt.want)
		}
	}
	got, _, _ := labels(countTicker{}.Ticks(-1, 4))
	if want := []string{noRequest, "0", "1", "2", "3", "4"}; !slices.Equal(got, want) {
		t.Errorf("count ticks = %v, want %v", got, want)
	}
	// On a tall axis 0 keeps its mark, not its label, which would run
	// into noRequest's.
	got, _, minors := labels(countTicker{}.Ticks(-1, 35))
	if want := []string{noRequest, "10", "20", "30"}; !slices.Equal(got, want) || minors != 1 {
		t.Errorf("count ticks = %v and %d unlabelled, want %v and 1", got, minors, want)
	}
}

// A count's line starts at its host's first request: the span at −1
// before it is drawn apart (or not at all when it has no length), so the
// line never dips from −1 to its first value (K14).
func TestSplitNoRequest(t *testing.T) {
	for _, tt := range []struct {
		name          string
		in            plotter.XYs
		before, after int // lengths
	}{
		{"asked at day 0", plotter.XYs{{X: 0, Y: -1}, {X: 0, Y: -1}, {X: 0, Y: 1}, {X: 9, Y: 1}}, 0, 2},
		{"asked at day 3", plotter.XYs{{X: 0, Y: -1}, {X: 3, Y: -1}, {X: 3, Y: 1}, {X: 9, Y: 1}}, 2, 2},
		{"never asked", plotter.XYs{{X: 0, Y: -1}, {X: 9, Y: -1}}, 0, 2},
		{"sampled, -1 at the first sample", plotter.XYs{{X: 0, Y: -1}, {X: 1, Y: 4}, {X: 2, Y: 5}}, 0, 2},
		{"no -1", plotter.XYs{{X: 0, Y: 2}, {X: 1, Y: 4}}, 0, 2},
	} {
		before, after := splitNoRequest(tt.in)
		if len(before) != tt.before || len(after) != tt.after {
			t.Errorf("%s: %d points before and %d after, want %d and %d", tt.name, len(before), len(after), tt.before, tt.after)
		}
		if len(after) > 0 && after[0].Y < 0 && len(after) != len(tt.in) {
			t.Errorf("%s: the count starts at %v, below 0", tt.name, after[0].Y)
		}
	}
}

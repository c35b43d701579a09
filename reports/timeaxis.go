package reports

import (
	"strconv"
	"time"

	"gonum.org/v1/plot"
)

// timeTicker puts the ticks of a time axis on round boundaries: days,
// weeks, months, quarters, years. Axis values are days since the scenario
// start. With a start date the ticks follow the calendar (midnights,
// Mondays, the first of the month) and are labelled with dates; without
// one they fall on round day numbers ("day 30"). gonum's default ticker
// would put them on values such as 37.5, which mean nothing on a calendar
// (gonum/plot#296).
type timeTicker struct {
	start time.Time // zero: no calendar
	most  int       // the most labelled ticks; 0: maxMajorTicks
}

// narrowMajorTicks bounds the labelled ticks of a narrow chart's time
// axis, where "Feb 2027" takes a sixth of the width.
const narrowMajorTicks = 3

// limit returns the most labelled ticks of the axis.
func (tt timeTicker) limit() float64 {
	if tt.most > 0 {
		return float64(tt.most)
	}
	return maxMajorTicks
}

// maxMajorTicks bounds the labelled ticks so that labels do not collide.
const maxMajorTicks = 6

// dayUnits are the steps of an axis without a calendar, in days.
var dayUnits = []float64{1, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365, 730, 1825, 3650}

// calUnit is a step of a calendar axis.
type calUnit struct {
	years, months, days int
	label               string // time.Format layout
}

var calUnits = []calUnit{
	{0, 0, 1, "Jan 2"},
	{0, 0, 2, "Jan 2"},
	{0, 0, 7, "Jan 2"},
	{0, 0, 14, "Jan 2"},
	{0, 1, 0, "Jan 2006"},
	{0, 2, 0, "Jan 2006"},
	{0, 3, 0, "Jan 2006"},
	{0, 6, 0, "Jan 2006"},
	{1, 0, 0, "2006"},
	{2, 0, 0, "2006"},
	{5, 0, 0, "2006"},
	{10, 0, 0, "2006"},
}

// Ticks returns the ticks for the range [min, max] in days.
func (tt timeTicker) Ticks(min, max float64) []plot.Tick {
	if max <= min {
		return nil
	}
	if tt.start.IsZero() {
		return dayTicks(min, max, tt.limit())
	}
	return tt.calendarTicks(min, max)
}

func dayTicks(min, max, most float64) []plot.Tick {
	major := dayUnits[len(dayUnits)-1]
	for _, u := range dayUnits {
		if (max-min)/u <= most {
			major = u
			break
		}
	}
	minor := 0.0
	for _, u := range dayUnits {
		if u < major && int(major)%int(u) == 0 && (max-min)/u <= 60 {
			minor = u
			break
		}
	}
	var ticks []plot.Tick
	if minor > 0 {
		for v := ceilTo(min, minor); v <= max; v += minor {
			if !isMultiple(v, major) {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	for v := ceilTo(min, major); v <= max; v += major {
		ticks = append(ticks, plot.Tick{Value: v, Label: "day " + strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

func ceilTo(v, step float64) float64 {
	n := v / step
	if n != float64(int64(n)) && n > 0 {
		n = float64(int64(n) + 1)
	} else {
		n = float64(int64(n))
	}
	return n * step
}

func isMultiple(v, step float64) bool {
	n := v / step
	return n == float64(int64(n))
}

func (tt timeTicker) calendarTicks(min, max float64) []plot.Tick {
	from := tt.at(min)
	to := tt.at(max)
	majorIdx := len(calUnits) - 1
	for i, u := range calUnits {
		if float64(count(from, to, u)) < tt.limit() {
			majorIdx = i
			break
		}
	}
	major := calUnits[majorIdx]
	var ticks []plot.Tick
	// Minor ticks one unit finer (days within weeks, weeks within months
	// only when both are week-aligned would clash, so months get days only
	// when few), when there are not too many.
	if majorIdx > 0 {
		minor := calUnits[majorIdx-1]
		if minor.months == 0 && major.months > 0 {
			minor = calUnit{days: 7}
			if count(from, to, minor) > 60 {
				minor = calUnit{}
			}
		}
		if minor != (calUnit{}) && count(from, to, minor) <= 60 {
			for t := align(from, minor); !t.After(to); t = step(t, minor) {
				if !t.Before(from) && !t.Equal(align(t, major)) {
					ticks = append(ticks, plot.Tick{Value: tt.days(t)})
				}
			}
		}
	}
	for t := align(from, major); !t.After(to); t = step(t, major) {
		if !t.Before(from) {
			ticks = append(ticks, plot.Tick{Value: tt.days(t), Label: t.Format(major.label)})
		}
	}
	return ticks
}

func (tt timeTicker) at(days float64) time.Time {
	return tt.start.Add(time.Duration(days * float64(24*time.Hour)))
}

func (tt timeTicker) days(t time.Time) float64 {
	return t.Sub(tt.start).Hours() / 24
}

// align returns the last boundary of unit u at or before t, then the first
// one at or after it is reached by the caller stepping forward.
func align(t time.Time, u calUnit) time.Time {
	y, m, d := t.Date()
	switch {
	case u.years > 0:
		y -= y % u.years
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case u.months > 0:
		m0 := int(m) - 1
		m0 -= m0 % u.months
		return time.Date(y, time.Month(m0+1), 1, 0, 0, 0, 0, time.UTC)
	case u.days == 7 || u.days == 14:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		// Weeks start on Monday (ISO 8601).
		back := (int(day.Weekday()) + 6) % 7
		day = day.AddDate(0, 0, -back)
		if u.days == 14 {
			_, week := day.ISOWeek()
			if week%2 == 0 {
				day = day.AddDate(0, 0, -7)
			}
		}
		return day
	case u.days == 2:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if day.YearDay()%2 == 0 {
			day = day.AddDate(0, 0, -1)
		}
		return day
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func step(t time.Time, u calUnit) time.Time {
	next := t.AddDate(u.years, u.months, u.days)
	if u.days == 2 && next.YearDay() == 2 {
		next = next.AddDate(0, 0, -1) // restart odd days each year
	}
	return next
}

// count returns about how many boundaries of u lie in [from, to].
func count(from, to time.Time, u calUnit) int {
	days := to.Sub(from).Hours() / 24
	size := float64(u.years)*365.25 + float64(u.months)*30.44 + float64(u.days)
	if size == 0 {
		return 1 << 30
	}
	return int(days/size) + 1
}

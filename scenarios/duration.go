package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a span of virtual time in whole seconds. In a scenario it is
// written with units: "90s", "15m", "2h", "7d", "2w", or a sum such as
// "1d12h". A bare number is an error, because "30" could mean seconds or
// days and a silent guess would run the wrong scenario.
type Duration int64

// Units of Duration.
const (
	Second Duration = 1
	Minute          = 60 * Second
	Hour            = 60 * Minute
	Day             = 24 * Hour
	Week            = 7 * Day
)

// MaxDuration is the longest duration a scenario may name: 100 years of
// virtual time, far beyond any planning horizon and safe from overflow.
const MaxDuration = 100 * 365 * Day

var unitSeconds = map[byte]Duration{'s': Second, 'm': Minute, 'h': Hour, 'd': Day, 'w': Week}

// ParseDuration parses a duration written with units, such as "7d" or
// "1d12h". Units are s, m, h, d (24 hours) and w (7 days); each part is a
// whole number. Negative durations are not allowed.
func ParseDuration(s string) (Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty duration: write a number with a unit, such as 90s, 15m, 2h, 7d or 2w")
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return 0, fmt.Errorf("duration %q has no unit: write %ss, %sm, %sh, %sd or %sw", orig, s, s, s, s, s)
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("duration %q is negative", orig)
	}
	var total Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("invalid duration %q: expected a whole number before %q (units: s, m, h, d, w)", orig, s)
		}
		if i == len(s) {
			return 0, fmt.Errorf("invalid duration %q: %q has no unit (s, m, h, d, w)", orig, s)
		}
		if s[i] == '.' || s[i] == ',' {
			return 0, fmt.Errorf("invalid duration %q: whole numbers only, such as 1d12h for a day and a half", orig)
		}
		unit, ok := unitSeconds[s[i]]
		if !ok {
			return 0, fmt.Errorf("invalid duration %q: unknown unit %q (units: s, m, h, d, w)", orig, s[i:i+1])
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil || n > int64(MaxDuration/unit) {
			return 0, fmt.Errorf("duration %q is too long (at most 100 years)", orig)
		}
		total += Duration(n) * unit
		if total > MaxDuration {
			return 0, fmt.Errorf("duration %q is too long (at most 100 years)", orig)
		}
		s = s[i+1:]
	}
	return total, nil
}

// String formats d in the largest units that represent it exactly, such as
// "7d", "1d12h" or "90s"; the result parses back to d.
func (d Duration) String() string {
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	for _, u := range []struct {
		size Duration
		name string
	}{{Day, "d"}, {Hour, "h"}, {Minute, "m"}, {Second, "s"}} {
		if d >= u.size {
			fmt.Fprintf(&b, "%d%s", d/u.size, u.name)
			d %= u.size
		}
	}
	return b.String()
}

// Days returns d in days, with fractions.
func (d Duration) Days() float64 { return float64(d) / float64(Day) }

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) * time.Second }

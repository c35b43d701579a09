package words

import (
	"math"
	"strconv"
	"strings"
)

// Bytes formats a number of bytes as Windows Explorer writes a size, and
// as kmssim's size flags (-max-memory) read it back: binary multiples
// named KB, MB, GB and TB, to three significant digits, with no space
// so that a message's size can be pasted as a flag's value: "512B",
// "1.5KB", "19.3MB", "318MB", "1.5GB". It is kmssim's one way of writing
// a size, in messages, summaries and -stats alike.
func Bytes(n int64) string {
	if n < 1<<10 {
		return strconv.FormatInt(n, 10) + "B"
	}
	v, unit := float64(n), ""
	for _, u := range []string{"KB", "MB", "GB", "TB", "PB", "EB"} {
		if v < 1<<10 && unit != "" {
			break
		}
		v /= 1 << 10
		unit = u
	}
	return significant(v, 3) + unit
}

// significant formats v ≥ 1 to n significant digits, without trailing
// zeros: 19.25 is "19.3", 318.4 is "318", 1.5 is "1.5", 2.0 is "2".
func significant(v float64, n int) string {
	decimals := max(0, n-1-int(math.Floor(math.Log10(v))))
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Percent formats a share as a percentage for people, to at most two
// decimals: 0.95 is "95%", 0.9626 "96.3%", 0.99952 "99.95%". A share is
// written 0% or 100% only when it is exactly that; one nearer than two
// decimals show is "<0.01%" or ">99.99%": 199 of 200 is "99.5%", 99999
// of 100000 ">99.99%", never "100%" (a planner reads 100% as "always")
// and never "99.99999999999999%".
func Percent(v float64) string {
	v *= 100
	if v == math.Trunc(v) || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	for d := 1; d <= 2; d++ {
		s := strconv.FormatFloat(v, 'f', d, 64)
		r, _ := strconv.ParseFloat(s, 64)
		if (r < 100 || v >= 100) && (r > 0 || v <= 0) {
			if d == 1 || r != math.Round(r*10)/10 {
				return s + "%"
			}
		}
	}
	switch {
	case v > 99:
		return ">99.99%"
	case v > 0 && v < 1:
		return "<0.01%"
	}
	return strconv.FormatFloat(v, 'f', 2, 64) + "%"
}

// Days writes a span of seconds in whole or decimal days as prose does:
// "1 day", "30 days", "14 days", "2.5 days", "6 hours" below a day.
// Texts that name a span of the model (the count window, the validity)
// write it with Days, from the model's own value.
func Days(seconds int64) string {
	const day = 24 * 60 * 60
	switch {
	case seconds%day == 0:
		return Plural(int(seconds/day), "day")
	case seconds < day && seconds%3600 == 0:
		return Plural(int(seconds/3600), "hour")
	}
	return Number(math.Round(float64(seconds)/day*100)/100) + " days"
}

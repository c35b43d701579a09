package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// NumberKind is the kind of number a path addresses: what a value of it
// looks like in the YAML, and what steps between values make sense.
type NumberKind int

// The kinds of numbers a path addresses.
const (
	// Whole is a count, a weight, a threshold: 0, 1, 2, …
	Whole NumberKind = iota + 1
	// Real is a number with fractions: a share, a factor.
	Real
	// Span is a Duration, written with its unit (30d) and held in seconds.
	Span
)

// String names k for messages: "a whole number", "a number", "a duration".
func (k NumberKind) String() string {
	switch k {
	case Whole:
		return "a whole number"
	case Real:
		return "a number"
	case Span:
		return "a duration"
	}
	return "not a number"
}

// Kind returns the kind of number at path, or the error Set gives for a
// path that addresses no numeric field. A bound not set yet (a nil
// pointer) has the kind it would have once set.
func (s *Scenario) Kind(path string) (NumberKind, error) {
	// resolve allocates the nil pointers on its way: on a copy, so that s
	// stays as it was.
	v, err := s.Clone().resolve(path, true)
	if err != nil {
		return 0, err
	}
	t := v.Type()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeOf(Duration(0)):
		return Span, nil
	case t.Kind() == reflect.Float64:
		return Real, nil
	}
	return Whole, nil
}

// Format writes x, a value of kind k (a Span in seconds), as Set reads
// it: "20", "0.25", "45d". A Whole or Span value is rounded to the
// nearest whole number first.
func (k NumberKind) Format(x float64) string {
	switch k {
	case Span:
		return Duration(int64(math.Round(x))).String()
	case Real:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatInt(int64(math.Round(x)), 10)
}

// Parse reads a value of kind k as Set would, and returns it as a number
// (a Span in seconds).
func (k NumberKind) Parse(s string) (float64, error) {
	switch k {
	case Span:
		d, err := ParseDuration(s)
		return float64(d), err
	case Real:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f != f || f > 1e300 || f < -1e300 {
			return 0, fmt.Errorf("want a number, got %q", s)
		}
		return f, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > 1<<53 || n < -1<<53 {
		// Beyond 2⁵³ a float64 no longer holds every whole number.
		return 0, fmt.Errorf("want a whole number, got %q", s)
	}
	return float64(n), nil
}

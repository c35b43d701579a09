package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of batches.
const (
	MaxReplications = 100_000
	MaxParameters   = 2      // a sweep varies one or two fields
	MaxPoints       = 10_000 // combinations of a sweep's values
)

// Point is one combination of a sweep's values: Values[i] is the value of
// the scenario's Sweep[i]. A scenario without a sweep has one point with no
// values.
type Point struct {
	Index  int
	Values []Value
}

// Points returns every point of s's sweep in order, the first parameter
// varying slowest.
func (s *Scenario) Points() []Point {
	pts := []Point{{}}
	for _, p := range s.Sweep {
		var next []Point
		for _, pt := range pts {
			for _, v := range p.Values {
				next = append(next, Point{Values: append(append([]Value(nil), pt.Values...), v)})
			}
		}
		pts = next
	}
	for i := range pts {
		pts[i].Index = i
	}
	return pts
}

// Label describes point p for people: "fleet.laptops.count=10,
// hosts.kms2.srv.weight=50", or "" for the point of a scenario without a
// sweep.
func (s *Scenario) Label(p Point) string {
	parts := make([]string, len(p.Values))
	for i, v := range p.Values {
		parts[i] = s.Sweep[i].Path + "=" + string(v)
	}
	return strings.Join(parts, ", ")
}

// At returns a copy of s with the values of point p set and no sweep,
// validated: the scenario that point runs.
func (s *Scenario) At(p Point) (*Valid, error) {
	c := s.Clone()
	c.Sweep = nil
	for i, v := range p.Values {
		if err := c.Set(s.Sweep[i].Path, string(v)); err != nil {
			return nil, err
		}
	}
	if err := c.Validate(); err != nil {
		if len(p.Values) > 0 {
			return nil, fmt.Errorf("at %s: %w", s.Label(p), err)
		}
		return nil, err
	}
	return &Valid{c}, nil
}

// Apply applies parameters given on a command line (kmssim -set): one with
// a single value sets that field, is recorded in Overrides and noted in
// the description; one with several values makes a sweep that replaces
// the scenario's own. Apply validates the result.
func (s *Scenario) Apply(params []Parameter) error {
	var sweep []Parameter
	for _, p := range params {
		if len(p.Values) == 1 {
			if err := s.Set(p.Path, string(p.Values[0])); err != nil {
				return err
			}
			s.Overrides = append(s.Overrides, p.Path+"="+string(p.Values[0]))
			continue
		}
		sweep = append(sweep, p)
	}
	if len(sweep) > 0 {
		s.Sweep = sweep
	}
	if len(s.Overrides) > 0 {
		// The description is the written scenario's: it says so.
		changed := "changed by -set " + strings.Join(s.Overrides, ", -set ")
		s.Description = strings.TrimSpace(strings.TrimSpace(s.Description) + " (" + changed + ")")
	}
	return s.Validate()
}

// ParseParameter parses a command-line parameter, path=values, where values
// are as ParseValues reads them: fleet.laptops.count=0,5,10,20.
func ParseParameter(s string) (Parameter, error) {
	path, values, ok := strings.Cut(s, "=")
	path = strings.TrimSpace(path)
	if !ok || path == "" {
		return Parameter{}, fmt.Errorf("%q: want path=values, such as fleet.laptops.count=0,5,10", s)
	}
	vs, err := ParseValues(values)
	if err != nil {
		return Parameter{}, fmt.Errorf("%s: %w", path, err)
	}
	return Parameter{Path: path, Values: vs}, nil
}

// ParseValues parses a comma-separated list of values, in which a range of
// whole numbers FROM..TO (step 1) or FROM..TO/STEP stands for every value
// from FROM to TO: "0..30/5" is 0,5,10,15,20,25,30 and "1,2,4..6" is
// 1,2,4,5,6. Values are not checked against a field here; Validate does.
func ParseValues(s string) ([]Value, error) {
	var out []Value
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("empty value in %q", s)
		}
		from, rest, isRange := strings.Cut(part, "..")
		if !isRange {
			out = append(out, Value(part))
		} else {
			vs, err := expandRange(from, rest, MaxPoints-len(out))
			if err != nil {
				return nil, fmt.Errorf("range %q: %w", part, err)
			}
			out = append(out, vs...)
		}
		if len(out) > MaxPoints {
			return nil, fmt.Errorf("more than %d values", MaxPoints)
		}
	}
	return out, nil
}

// expandRange expands FROM..TO[/STEP] into at most limit values.
func expandRange(from, rest string, limit int) ([]Value, error) {
	to, stepS, hasStep := strings.Cut(rest, "/")
	a, errA := strconv.ParseInt(strings.TrimSpace(from), 10, 64)
	b, errB := strconv.ParseInt(strings.TrimSpace(to), 10, 64)
	step := int64(1)
	var errS error
	if hasStep {
		step, errS = strconv.ParseInt(strings.TrimSpace(stepS), 10, 64)
	}
	switch {
	case errors.Join(errA, errB, errS) != nil:
		return nil, errors.New("want whole numbers: FROM..TO or FROM..TO/STEP, such as 0..30/5")
	case b < a:
		return nil, fmt.Errorf("%d is below %d", b, a)
	case step < 1:
		return nil, errors.New("the step must be 1 or more")
	case (b-a)/step >= int64(limit):
		return nil, fmt.Errorf("more than %d values", MaxPoints)
	}
	var out []Value
	for v := a; v <= b; v += step {
		out = append(out, Value(strconv.FormatInt(v, 10)))
		if v > b-step { // the next step would overflow or pass b
			break
		}
	}
	return out, nil
}

// sweep checks the replications and the sweep: known paths, values that
// the fields accept, and points that are themselves valid scenarios (the
// first that is not is reported, so a bad combination fails before a long
// batch starts rather than in its middle).
func (c *checker) sweep() {
	s := c.s
	c.bounded("replications", "Scenario.replications", float64(s.Replications))
	if len(s.Sweep) > MaxParameters {
		c.errorf("sweep", "varies %d fields; a sweep varies one or two", len(s.Sweep))
		return
	}
	ok := len(c.errs) == 0
	points := 1
	seen := map[string]bool{}
	for i, p := range s.Sweep {
		pp := fmt.Sprintf("sweep[%d]", i)
		probe := s.Clone()
		probe.Sweep = nil
		if _, err := probe.resolve(p.Path, true); err != nil {
			c.errorf(pp+".path", "%v", err)
			ok = false
			continue
		}
		if seen[p.Path] {
			c.errorf(pp+".path", "%s is swept twice", p.Path)
			ok = false
		}
		seen[p.Path] = true
		if !textRE.MatchString(p.Label) || utf8.RuneCountInString(p.Label) > MaxLabel {
			c.errorf(pp+".label", "a label is at most %d characters, none of them a control character", MaxLabel)
		}
		if len(p.Values) == 0 {
			c.errorf(pp+".values", "a swept field needs at least one value")
			ok = false
		}
		for j, v := range p.Values {
			if err := probe.Set(p.Path, string(v)); err != nil {
				c.errorf(fmt.Sprintf("%s.values[%d]", pp, j), "%v", err)
				ok = false
			}
		}
		points *= max(len(p.Values), 1)
	}
	if points > MaxPoints {
		c.errorf("sweep", "%d points is more than the limit of %d", points, MaxPoints)
		return
	}
	if !ok || len(s.Sweep) == 0 {
		return
	}
	for _, pt := range s.Points() {
		if _, err := s.At(pt); err != nil {
			// The point's errors are in this same file: say the line, not
			// the file a second time.
			msg := err.Error()
			if s.File != "" {
				msg = strings.ReplaceAll(msg, s.File+":", "line ")
			}
			c.errorf("sweep", "%s", msg)
			return
		}
	}
}

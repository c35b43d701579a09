package seek

import (
	"fmt"
	"math"

	"github.com/kmssim/kmssim/scenarios"
)

// farthest is how far from its value Range looks for the end of a
// field's range: beyond any count of clients or span of time a scenario
// may name (scenarios.MaxClients, scenarios.MaxDuration).
const farthest = 1 << 42

// Range returns the values path can take in scn around from: the widest
// interval of values, each a multiple of step away from from, at which
// the scenario is valid. Validation is the one judge of a field's range
// (a count of machines to retire cannot pass the group's size, an
// event's day the run's end), so Range asks it: at values further and
// further out (doubling the distance), then bisecting to the step at
// each end. It takes some 2·log₂(range/step) validations, and assumes
// what validation allows is one interval.
func Range(scn *scenarios.Scenario, path string, kind scenarios.NumberKind, from, step float64) (lo, hi float64, err error) {
	c := scn.Clone()
	c.Sweep = nil
	valid := func(x float64) bool {
		return c.Set(path, kind.Format(x)) == nil && c.Validate() == nil
	}
	if !valid(from) {
		return 0, 0, fmt.Errorf("%s=%s: the scenario is not valid there", path, kind.Format(from))
	}
	end := func(dir float64) float64 {
		in, d := 0.0, 1.0 // distances in steps: valid, and the first invalid found
		for d <= farthest && valid(from+dir*d*step) {
			in, d = d, 2*d
		}
		out := math.Min(d, farthest+1)
		for out-in > 1 {
			mid := math.Floor((in + out) / 2)
			if valid(from + dir*mid*step) {
				in = mid
			} else {
				out = mid
			}
		}
		return from + dir*in*step
	}
	return end(-1), end(1), nil
}

package reports

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// niceTicker puts value-axis ticks on 1, 2 or 5 times a power of ten,
// labelled without needless decimals (0, 10, 20 rather than 0.00, 25.00).
// An integer axis (counts, clients, machines, servers) has its ticks on
// whole numbers only: never 0.5 servers.
type niceTicker struct{ integer bool }

// integerTicks is the ticker of an axis of whole numbers.
var integerTicks = niceTicker{integer: true}

// Ticks returns at most seven labelled ticks in [lo, hi].
func (t niceTicker) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'f', -1, 64)}}
	}
	raw := (hi - lo) / 6
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if t.integer {
		step = max(step, 1)
	}
	decimals := max(0, int(-math.Floor(math.Log10(step))))
	var ticks []plot.Tick
	for k := math.Ceil(lo / step); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if v == 0 {
			v = 0 // not -0
		}
		label := strconv.FormatFloat(v, 'f', decimals, 64)
		if strings.Contains(label, ".") {
			label = strings.TrimRight(strings.TrimRight(label, "0"), ".")
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

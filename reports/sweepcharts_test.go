package reports

import (
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// A median of never (NaN) breaks the sweep's line: no segment joins the
// points on either side of it.
func TestFiniteRuns(t *testing.T) {
	nan := math.NaN()
	xs := []float64{0, 2, 4, 6, 8}
	tests := []struct {
		name string
		ys   []float64
		want []plotter.XYs
	}{
		{"all values", []float64{1, 2, 3, 4, 5}, []plotter.XYs{{{X: 0, Y: 1}, {X: 2, Y: 2}, {X: 4, Y: 3}, {X: 6, Y: 4}, {X: 8, Y: 5}}}},
		{"never in the middle", []float64{1, 2, nan, 4, 5}, []plotter.XYs{{{X: 0, Y: 1}, {X: 2, Y: 2}}, {{X: 6, Y: 4}, {X: 8, Y: 5}}}},
		{"never first and last", []float64{nan, 2, 3, nan, nan}, []plotter.XYs{{{X: 2, Y: 2}, {X: 4, Y: 3}}}},
		{"a lone value", []float64{nan, 2, nan, nan, 5}, []plotter.XYs{{{X: 2, Y: 2}}, {{X: 8, Y: 5}}}},
		{"never at every point", []float64{nan, nan, nan, nan, nan}, nil},
	}
	for _, tt := range tests {
		if got := finiteRuns(xs, tt.ys); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

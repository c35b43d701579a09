package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// The fleet chart gains a panel of machines away when groups travel and
// one of MAK activations left when there are keys, and series.csv their
// columns.
func TestFleetPanelsAndColumns(t *testing.T) {
	tests := []struct {
		scenario string
		panels   []string // titles of the fleet chart's plots
		column   string
		last     string // the column's value at the end
	}{
		{"school-lab", []string{"Machines in the fleet", "MAK activations left"}, "school-mak.mak_left", "0"},
		{"sales-laptops", []string{"Machines in the fleet", "Machines away from their site (trips, time on the road)"}, "laptops-b.away", ""},
		{"decommissioning-trap", []string{"Machines in the fleet"}, "", ""},
	}
	for _, tt := range tests {
		_, res := builtin(t, tt.scenario)
		var titles []string
		for _, c := range Charts(res) {
			if c.Name == "fleet" {
				for _, p := range c.fig.plots {
					titles = append(titles, p.Title.Text)
				}
			}
		}
		if !slices.Equal(titles, tt.panels) {
			t.Errorf("%s: fleet panels %q, want %q", tt.scenario, titles, tt.panels)
		}
		var b bytes.Buffer
		if err := WriteSeriesCSV(&b, res); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		i := slices.Index(rows[0], tt.column)
		switch {
		case tt.column == "":
			for _, h := range rows[0] {
				if strings.HasSuffix(h, ".mak_left") || strings.HasSuffix(h, ".away") {
					t.Errorf("%s: column %s without keys or travel", tt.scenario, h)
				}
			}
		case i < 0:
			t.Errorf("%s: no column %s", tt.scenario, tt.column)
		case tt.last != "" && rows[len(rows)-1][i] != tt.last:
			t.Errorf("%s: %s ends at %s, want %s", tt.scenario, tt.column, rows[len(rows)-1][i], tt.last)
		case tt.last == "":
			// Laptops travel: some are away at some sample.
			away := false
			for _, r := range rows[1:] {
				away = away || r[i] != "0"
			}
			if !away {
				t.Errorf("%s: %s is 0 throughout", tt.scenario, tt.column)
			}
		}
	}
}

// A template's fleet line adds its sites' groups up at each sample: the
// machines that joined by then less those that left, counted from every
// group's transitions; a single site's group steps at each moment.
func TestFleetLinesPerSample(t *testing.T) {
	_, res := builtin(t, "adba-migration")
	lines := fleetSeries(res)
	templates := 0
	for _, l := range lines {
		steps := l.steps(res.Times)
		if l.sites == 1 {
			continue
		}
		templates++
		at := func(t engine.Time) int32 {
			n := int32(0)
			for _, g := range res.Groups {
				if templateName(g.Name) != l.name {
					continue
				}
				for _, tr := range g.Transitions {
					switch {
					case tr.At > t:
					case tr.From == sim.Absent:
						n++
					case tr.To == sim.Absent:
						n--
					}
				}
			}
			return n
		}
		if len(steps) == 0 {
			t.Fatalf("%s: no steps", l.name)
		}
		for _, s := range steps {
			if !slices.Contains(res.Times, s.At) {
				t.Errorf("%s: a step at %d, not a sample time", l.name, s.At)
			}
			if want := at(s.At); s.Value != want {
				t.Errorf("%s at %d: %d machines, want %d", l.name, s.At, s.Value, want)
			}
		}
	}
	if templates == 0 {
		t.Fatal("adba-migration has no template to add up")
	}
}

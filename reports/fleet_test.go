package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
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

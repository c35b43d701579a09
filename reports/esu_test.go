package reports

import (
	"bytes"
	"encoding/json"
	"github.com/kmssim/kmssim/sim/batch"
	"slices"
	"strings"
	"testing"
)

// K42: the library's migration with ESU says, in the summary, the
// findings and milestones.json, each year's add-on activations, the day
// the year-2 key ran out and the machines left without ESU.
func TestESUOutputs(t *testing.T) {
	_, res := builtin(t, "windows-10-esu")
	var b strings.Builder
	if err := WriteSummary(&b, batch.Of(res)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  MAK key esu-y2: 0 of 200 activations left; the last used day 365.00, 2026-11-11 00:00\n",
		"  ESU year 1 (from day 0.00, 2025-11-11 00:00): 400 of 400 MAK add-on activations used; 40 on Azure at no cost (K42)\n",
		"  ESU year 2 (from day 365.00, 2026-11-11 00:00): 200 of 230 MAK add-on activations used; 30 machines without ESU; 40 on Azure at no cost (K42)\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary:\n%s\nwant a line\n%s", b.String(), want)
		}
	}
	want := "ESU year 2 needed 230 MAK add-on activations but its key gave 200: 30 machines without Extended Security Updates that year (K42); key esu-y2 had none left on day 365 (2026-11-11)."
	if f := Findings(res, nil); !slices.Contains(f, want) {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(f, "\n"), want)
	}

	var j bytes.Buffer
	if err := WriteMilestonesJSON(&j, res, nil); err != nil {
		t.Fatal(err)
	}
	var f struct {
		ESU        []esuJSON
		Milestones []struct {
			AtS     int64  `json:"at_s"`
			Kind    string `json:"kind"`
			Key     string `json:"key"`
			ESUYear int    `json:"esu_year"`
		}
	}
	if err := json.Unmarshal(j.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	wantESU := []esuJSON{
		{Year: 1, FromS: 0, FromDay: 0, Date: "2025-11-11T00:00:00Z", Needed: 400, Used: 400, Azure: 40},
		{Year: 2, FromS: 365 * 86400, FromDay: 365, Date: "2026-11-11T00:00:00Z", Needed: 230, Used: 200, Without: 30, Azure: 40},
	}
	if !slices.Equal(f.ESU, wantESU) {
		t.Errorf("esu = %+v, want %+v", f.ESU, wantESU)
	}
	var kinds []string
	for _, m := range f.Milestones {
		if m.Key == "esu-y2" && m.AtS == 365*86400 && m.ESUYear == 2 {
			kinds = append(kinds, m.Kind)
		}
	}
	if slices.Sort(kinds); !slices.Equal(kinds, []string{"esu_short", "mak_exhausted"}) {
		t.Errorf("milestones of esu-y2 on day 365: %q, want esu_short and mak_exhausted", kinds)
	}
}

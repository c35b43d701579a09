package reports

import (
	"fmt"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/sim"
)

// esuJSON is one ESU year in milestones.json (K42).
type esuJSON struct {
	Year    int     `json:"year"`
	FromS   int64   `json:"from_s"`
	FromDay float64 `json:"from_day"`
	Date    string  `json:"date,omitempty"`
	Needed  int     `json:"needed"`
	Used    int     `json:"used"`
	Without int     `json:"without"`
	Azure   int     `json:"azure"`
}

func esuYearsJSON(res *sim.Result) []esuJSON {
	var out []esuJSON
	for _, e := range res.ESU {
		out = append(out, esuJSON{Year: e.Year, FromS: int64(e.From), FromDay: Days(e.From), Date: timestamp(res, e.From),
			Needed: e.Needed, Used: e.Used, Without: e.Without, Azure: e.Azure})
	}
	return out
}

// esuLines are the summary's lines on the ESU years (K42): activations
// needed and used, machines without ESU, and the day each key ran out.
func esuLines(res *sim.Result) []string {
	var out []string
	for _, e := range res.ESU {
		s := fmt.Sprintf("  ESU year %d (from %s): %d of %d MAK add-on activations used", e.Year, res.When(max(e.From, 0)), e.Used, e.Needed)
		if e.Without > 0 {
			s += fmt.Sprintf("; %s without ESU", words.Plural(e.Without, "machine"))
		}
		if e.Azure > 0 {
			s += fmt.Sprintf("; %d on Azure at no cost", e.Azure)
		}
		out = append(out, s+" (K42)")
	}
	return out
}

// esuFindings say, for each ESU year with machines left without ESU, when
// its key ran out (K42).
func esuFindings(res *sim.Result) []string {
	var out []string
	for _, e := range res.ESU {
		if e.Without == 0 {
			continue
		}
		s := fmt.Sprintf("ESU year %d needed %s but its key gave %d: %s without Extended Security Updates that year (K42)",
			e.Year, words.Plural(e.Needed, "MAK add-on activation"), e.Used, words.Plural(e.Without, "machine"))
		for _, m := range res.Milestones {
			if m.Kind == sim.MilestoneESUShort && m.ESUYear == e.Year {
				s += fmt.Sprintf("; key %s had none left on %s", m.Key, on(res, m.At))
			}
		}
		out = append(out, s+".")
	}
	return out
}

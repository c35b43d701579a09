package reports

import (
	"encoding/json"
	"io"

	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// milestonesFile is the layout of milestones.json.
type milestonesFile struct {
	Scenario   string                    `json:"scenario"`
	Seed       uint64                    `json:"seed"`
	Start      string                    `json:"start,omitempty"`
	DurationS  engine.Time               `json:"duration_s"`
	Clients    int                       `json:"clients"`
	Milestones []milestoneJSON           `json:"milestones"`
	Final      map[string]map[string]int `json:"final"`
	Totals     sim.Counters              `json:"totals"`
}

type milestoneJSON struct {
	sim.Milestone
	Day  float64 `json:"day"`
	Date string  `json:"date,omitempty"`
}

// WriteMilestonesJSON writes the exact milestones of res with their
// simulated time (at_s, seconds since the start), day and, when the
// scenario has a start date, calendar date (RFC 3339, UTC); then the
// clients in each state at the end, per product, and the run's totals.
func WriteMilestonesJSON(w io.Writer, res *sim.Result) error {
	f := milestonesFile{
		Scenario:   res.Name,
		Seed:       res.Seed,
		Start:      res.Start.String(),
		DurationS:  res.Duration,
		Clients:    res.Clients,
		Milestones: []milestoneJSON{},
		Final:      map[string]map[string]int{},
		Totals:     res.Totals,
	}
	for _, m := range res.Milestones {
		f.Milestones = append(f.Milestones, milestoneJSON{Milestone: m, Day: Days(m.At), Date: timestamp(res, m.At)})
	}
	for i := range res.Products {
		p := &res.Products[i]
		states := map[string]int{}
		for _, s := range sim.States {
			states[s.String()] = p.Final(s)
		}
		f.Final[string(p.Product)] = states
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

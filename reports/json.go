package reports

import (
	"encoding/json"
	"io"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// milestonesFile is the layout of milestones.json.
type milestonesFile struct {
	Scenario   string                    `json:"scenario"`
	Seed       uint64                    `json:"seed"`
	Verdict    PlanVerdict               `json:"verdict"`
	Overrides  []string                  `json:"overrides,omitempty"` // -set PATH=VALUE: a what-if
	Start      string                    `json:"start,omitempty"`
	DurationS  engine.Time               `json:"duration_s"`
	Clients    int                       `json:"clients"`
	Milestones []milestoneJSON           `json:"milestones"`
	Final      map[string]map[string]int `json:"final"`
	Totals     sim.Counters              `json:"totals"`
	AtRisk     []atRiskJSON              `json:"at_risk,omitempty"`
	ESU        []esuJSON                 `json:"esu,omitempty"`
	Expect     []verdictJSON             `json:"expectations,omitempty"`
}

// atRiskJSON: clients licensed at the end whose renewals fail, and when
// their activations lapse unless one succeeds.
type atRiskJSON struct {
	Product        string  `json:"product"`
	Clients        int     `json:"clients"`
	FirstExpiryS   int64   `json:"first_expiry_s"`
	FirstExpiryDay float64 `json:"first_expiry_day"`
	LastExpiryS    int64   `json:"last_expiry_s"`
	LastExpiryDay  float64 `json:"last_expiry_day"`
}

type verdictJSON struct {
	Name     string   `json:"name"`
	Expected string   `json:"expected"`
	Pass     bool     `json:"pass"`
	Actual   string   `json:"actual"`
	AtS      *int64   `json:"at_s,omitempty"`
	Day      *float64 `json:"day,omitempty"`
}

type milestoneJSON struct {
	sim.Milestone
	Day  float64 `json:"day"`
	Date string  `json:"date,omitempty"`
}

// WriteMilestonesJSON writes the exact milestones of res with their
// simulated time (at_s, seconds since the start), day and, when the
// scenario has a start date, calendar date (RFC 3339, UTC); then the
// clients in each state at the end, per product, the run's totals, and the
// verdicts of the scenario's expectations; first of all, the verdict on
// the plan (see PlanVerdict).
func WriteMilestonesJSON(w io.Writer, res *sim.Result, verdicts []sim.Verdict) error {
	return writeMilestonesJSON(w, res, verdicts, planVerdict(res))
}

// writeMilestonesJSON writes milestones.json with the plan's verdict,
// which for the first of several replications is the verdict over all.
func writeMilestonesJSON(w io.Writer, res *sim.Result, verdicts []sim.Verdict, plan PlanVerdict) error {
	f := milestonesFile{
		Scenario:   res.Name,
		Seed:       res.Seed,
		Verdict:    plan,
		Overrides:  overridesOf(res.Scenario),
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
	for _, r := range res.AtRisk {
		f.AtRisk = append(f.AtRisk, atRiskJSON{
			Product: string(r.Product), Clients: r.Clients,
			FirstExpiryS: int64(r.FirstExpiry), FirstExpiryDay: Days(r.FirstExpiry),
			LastExpiryS: int64(r.LastExpiry), LastExpiryDay: Days(r.LastExpiry),
		})
	}
	f.ESU = esuYearsJSON(res)
	for _, v := range verdicts {
		vj := verdictJSON{Name: v.Name, Expected: v.Expected, Pass: v.Pass, Actual: v.Actual}
		if v.At >= 0 {
			at, day := int64(v.At), Days(v.At)
			vj.AtS, vj.Day = &at, &day
		}
		f.Expect = append(f.Expect, vj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// overridesOf returns the fields a command line set (see whatIf).
func overridesOf(scn *scenarios.Scenario) []string {
	if scn == nil {
		return nil
	}
	return scn.Overrides
}

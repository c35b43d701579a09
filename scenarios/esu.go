package scenarios

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ESU is a Windows 10 group's Extended Security Updates (K42): the ESU
// years it takes and, for each, the MAK add-on key (mak_keys) its machines
// install, Keys[i] for Years[i]. Each machine present at the start of a
// year, or installed during one, uses one activation of that year's key
// (K25); the add-on does not change the machine's KMS activation or any
// host's count. Azure machines (Azure Virtual Desktop, Azure VMs) get ESU
// at no cost and name no key.
type ESU struct {
	Years []int    `yaml:"years" schema:"required" doc:"K42: the ESU years the machines take, each 1, 2 or 3."`
	Keys  []string `yaml:"keys" doc:"K42: the MAK add-on key (mak_keys) of each year, in the order of years. Not with azure."`
	Azure bool     `yaml:"azure" doc:"K42: Azure Virtual Desktop or Azure VMs: ESU at no cost, no key."`
}

// ESUYears is the number of Windows 10 ESU years (K42).
const ESUYears = 3

// ESUYearStarts are the days the ESU years begin, in UTC, and the day
// after the last ends: year n runs from ESUYearStarts[n-1] until the day
// before ESUYearStarts[n] (K42: year 1 from November 2025). They follow
// the monthly update days: year 1 2025-11-11 to 2026-11-10, year 2 to
// 2027-10-12, year 3 to 2028-10-10.
var ESUYearStarts = [ESUYears + 1]Date{
	{time.Date(2025, 11, 11, 0, 0, 0, 0, time.UTC)},
	{time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)},
	{time.Date(2027, 10, 13, 0, 0, 0, 0, time.UTC)},
	{time.Date(2028, 10, 11, 0, 0, 0, 0, time.UTC)},
}

// ESUStarts returns the days the ESU years begin, and the day after the
// last ends: the model's esu_years, or ESUYearStarts.
func (m *Model) ESUStarts() [ESUYears + 1]Date {
	if len(m.ESUDates) == ESUYears+1 {
		return [ESUYears + 1]Date(m.ESUDates)
	}
	return ESUYearStarts
}

// ESUYear returns the start and end (exclusive) of ESU year n, 1 to 3, on
// the clock of a scenario that starts on start.
func (m *Model) ESUYear(start Date, n int) (from, until Duration) {
	at := func(d Date) Duration { return Duration(d.Sub(start.Time) / time.Second) }
	s := m.ESUStarts()
	return at(s[n-1]), at(s[n])
}

// esuDates checks the model's ESU year dates (K42).
func (c *checker) esuDates(m *Model) {
	d := m.ESUDates
	if d == nil {
		return
	}
	if len(d) != ESUYears+1 {
		c.errorf("model.esu_years", "K42: want %d dates, the starts of ESU years 1 to %d and the day after the last ends; got %d", ESUYears+1, ESUYears, len(d))
		return
	}
	for i := 1; i < len(d); i++ {
		if !d[i].After(d[i-1].Time) {
			c.errorf(fmt.Sprintf("model.esu_years[%d]", i), "%s is not after %s: the dates must rise", d[i], d[i-1])
		}
	}
}

// Key returns the MAK add-on key of ESU year n, "" for Azure machines or
// a year e does not take.
func (e *ESU) Key(n int) string {
	if i := slices.Index(e.Years, n); i >= 0 && i < len(e.Keys) {
		return e.Keys[i]
	}
	return ""
}

// esu checks a group's ESU (K42).
func (c *checker) esu(sc scope, gp string, g *Group) {
	e := g.ESU
	if e == nil {
		return
	}
	ep := gp + ".esu"
	switch {
	case strings.Contains(string(g.Product), "ltsc"):
		c.errorf(ep, "K42: LTSC editions get no Extended Security Updates: %s cannot take esu", g.Product)
	case g.Product != Windows10:
		c.errorf(ep, "K42: Extended Security Updates are for %s only, not %s", Windows10, g.Product)
	}
	if c.s.Start.IsZero() {
		c.errorf(ep, "K42: ESU years are dates (year 1 from %s): set the scenario's start", c.s.Model.ESUStarts()[0])
	}
	if len(e.Years) == 0 {
		c.errorf(ep+".years", "name the ESU years the machines take, such as [1, 2]")
	}
	for i, y := range e.Years {
		switch {
		case y < 1 || y > ESUYears:
			c.errorf(fmt.Sprintf("%s.years[%d]", ep, i), "K42: ESU has years 1 to %d, not %d", ESUYears, y)
		case slices.Index(e.Years, y) < i:
			c.errorf(fmt.Sprintf("%s.years[%d]", ep, i), "year %d is named twice", y)
		}
	}
	if e.Azure {
		if len(e.Keys) > 0 {
			c.errorf(ep+".keys", "K42: Azure and Azure Virtual Desktop machines get ESU at no cost: leave out keys")
		}
		return
	}
	if len(e.Keys) != len(e.Years) {
		c.errorf(ep+".keys", "K42: one MAK add-on key per ESU year: %d years, %d keys (or azure: true, with no keys)", len(e.Years), len(e.Keys))
	}
	for i, k := range e.Keys {
		if !sc.makKey(k) {
			c.errorf(fmt.Sprintf("%s.keys[%d]", ep, i), "unknown MAK key %q: declare it under mak_keys", k)
		}
	}
}

// ESUSubject names a figure of an ESU year for an expectation (K42): the
// MAK add-on activations the machines needed (needed) and got (used),
// the machines left without ESU (without), or the Azure machines, which
// need no key (azure). A year's figure covers the whole year within the
// run, so the expectation takes no window.
type ESUSubject struct {
	Year   int    `yaml:"year" schema:"required" doc:"K42: the ESU year, 1 to 3."`
	Figure string `yaml:"figure" schema:"required" doc:"needed, used (MAK add-on activations), without (machines without ESU) or azure (Azure machines, no key)."`
}

// ESUFigures are the figures an ESU expectation can name.
var ESUFigures = []string{"needed", "used", "without", "azure"}

func (s *ESUSubject) Words(e *Expectation, _ string) string {
	return fmt.Sprintf("ESU year %d %s", s.Year, map[string]string{
		"needed": "MAK add-on activations needed", "used": "MAK add-on activations used",
		"without": "machines without ESU", "azure": "Azure machines",
	}[s.Figure])
}

func (*ESUSubject) Crossing() bool { return false }

func (s *ESUSubject) check(c *checker, e *Expectation, path string) {
	if s.Year < 1 || s.Year > ESUYears {
		c.errorf(path+".year", "K42: ESU has years 1 to %d, not %d", ESUYears, s.Year)
	}
	if !slices.Contains(ESUFigures, s.Figure) {
		c.errorf(path+".figure", "unknown figure %q (one of %s)", s.Figure, strings.Join(ESUFigures, ", "))
	}
	parent := strings.TrimSuffix(path, ".esu")
	if e.At != nil || e.From != 0 || e.Until != nil {
		c.errorf(parent, "an ESU figure covers its whole year: leave out at, from and until")
	}
}

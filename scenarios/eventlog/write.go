package eventlog

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
)

// FleetFile is the name of the inventory a scenario written by
// WriteScenario reads its machines from (fleet_from).
const FleetFile = "fleet.csv"

// ScenarioOptions shape the scenario an import writes.
type ScenarioOptions struct {
	Name     string             // default "imported"
	Duration scenarios.Duration // how far to forecast; default 365d
	Sample   scenarios.Duration // default 1d
	Sources  []string           // the files read, named in the scenario's comment
}

var hostNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// WriteScenario writes st as a scenario that starts at its moment: its
// hosts with their tables, and fleet_from naming FleetFile, which
// WriteFleet writes. A state with no machine of a known edition has no
// scenario: its error says so.
func WriteScenario(w io.Writer, st *State, o ScenarioOptions) error {
	if len(st.Machines) == 0 {
		// Only requests of unknown activation ids: they are counted apart
		// and their machines left out, so an inventory would be empty.
		return fmt.Errorf("the logs' %s %s of no edition kmssim knows (the warnings name the activation ids): there is no machine to simulate; add them to a scenario as a group of their product (docs/import.md, products it does not know)",
			words.Plural(st.Requests, "request"), words.Choose(st.Requests, "is", "are all"))
	}
	if o.Name == "" {
		o.Name = "imported"
	}
	if o.Duration == 0 {
		o.Duration = 365 * scenarios.Day
	}
	if o.Sample == 0 {
		o.Sample = scenarios.Day
	}
	var names []string
	for _, h := range st.Hosts {
		if !hostNameRE.MatchString(h.Name) {
			return fmt.Errorf("host %q: a computer name kmssim cannot use as a host name", words.Clip(h.Name))
		}
		names = append(names, h.Name)
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Written by kmssim import from %s.\n", strings.Join(o.Sources, ", "))
	p("# The fleet as the logs of %s tell it at %s, their latest event.\n", strings.Join(names, ", "), stamp(st.At))
	p("# Edit it for what-ifs: retire a group (events: decommission), add a host,\n# move machines to AD-based activation (ad, ad_member). docs/import.md.\n")
	p("name: %s\n", o.Name)
	p("description: >-\n  The fleet of %s as their logs tell it at %s: %s, %d of them silent for longer than the count window (retired or away: they ask no more).\n",
		strings.Join(names, ", "), stamp(st.At), words.Plural(len(st.Machines), "machine licence"), st.Silent)
	p("start: %s\n", st.At.UTC().Format(time.RFC3339))
	p("duration: %s\nsample: %s\nseed: 1\n", o.Duration, o.Sample)
	if st.Domain != "" {
		p("dns:\n  - name: %s\n", st.Domain)
	}
	p("hosts:\n")
	for _, h := range st.Hosts {
		p("  - name: %s\n", h.Name)
		p("    # Its log: %s from %s to %s.\n", words.Plural(h.Requests, "request"), stamp(h.LogStart), stamp(h.LogEnd))
		p("    # The log cannot tell the host keys: these serve what %s answered.\n", h.Name)
		keys := make([]string, len(h.Keys))
		for i, k := range h.Keys {
			keys[i] = string(k)
		}
		p("    keys: [%s]\n", strings.Join(keys, ", "))
		if h.ActivationInterval > 0 {
			p("    activation_interval: %s  # from the host's own figures (-dlv)\n", h.ActivationInterval)
		}
		if h.RenewalInterval > 0 {
			p("    renewal_interval: %s  # from the host's own figures (-dlv)\n", h.RenewalInterval)
		}
		if len(h.Tables) == 0 {
			continue
		}
		p("    tables:\n")
		for _, t := range h.Tables {
			ns := make([]string, len(t.Thresholds))
			for i, n := range t.Thresholds {
				ns[i] = fmt.Sprint(n)
			}
			p("      - pool: %s\n        thresholds: [%s]\n", t.Pool, strings.Join(ns, ", "))
			if len(t.Heard) == 0 {
				p("        heard: []  # none in the last count window\n")
				continue
			}
			p("        heard:  # count %d: the CMIDs heard in the last count window, oldest first\n", len(t.Heard))
			for _, e := range t.Heard {
				p("          - {cmid: %s, ago: %s}\n", e.CMID, e.Ago)
			}
		}
	}
	p("fleet_from:\n  file: %s  # %s; %s silent: they ask no more\n", FleetFile, words.Plural(len(st.Machines), "machine licence"), fmt.Sprint(st.Silent)+" "+words.Choose(st.Silent, "is", "are"))
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteFleet writes the machines of st as an inventory with a state
// column (scenarios.Inventory), which the scenario of WriteScenario reads.
func WriteFleet(w io.Writer, st *State) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"name", "cmid", "product", "group", "state", "until", "next", "host"}); err != nil {
		return err
	}
	for _, m := range st.Machines {
		until, next := "", ""
		if m.State != "notification" {
			until = m.Until.String()
		}
		if !m.Silent {
			next = m.Next.String()
		}
		if err := cw.Write([]string{m.Name, m.CMID, string(m.Product), m.Group, m.State, until, next, m.Host}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

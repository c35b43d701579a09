package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
)

// bound is the range of a numeric field: from min to max, both included
// unless minExclusive.
type bound struct {
	min, max     float64
	minExclusive bool
	// say is the words of an error for a value outside, before ", got V";
	// by default "must be between MIN and MAX".
	say string
	// when, if set, is the key of the object that the bound holds for: it
	// holds only in objects that have that key.
	when string
}

// bounds are the ranges of the numeric fields, keyed as enums are, by the
// Go type that holds the field and its key (the types of one shape, such
// as Decommission and Add, each have their entry). Validation enforces
// them (checker.bounded, checker.count) and the JSON Schema states them
// (minimum, maximum), both from this table, and a test feeds the values at
// and past each end to both. The durations' ranges are checked by
// validation alone: a schema cannot compare "15m" with "30d".
var bounds = boundTable(
	rangeOf("replications", bound{min: 1, max: MaxReplications}, "Scenario"),
	rangeOf("instances", bound{min: 1, max: MaxInstances}, "SiteTemplate"),
	rangeOf("cache_factor", bound{min: 1, max: 100}, "Model"),
	rangeOf("count", bound{min: 0, max: MaxClients}, "Group", "Decommission", "Add", "Replace", "LeaveDomain", "JoinDomain", "Away"),
	rangeOf("threshold", bound{min: 1, max: MaxThreshold}, "Group", "CountSubject", "FirstBelow", "FirstReached"),
	// K4: each product has its own limit (Product.MaxRearms), checked
	// after this bound, the greatest.
	rangeOf("rearms", bound{min: 0, max: MaxRearms, say: fmt.Sprintf("must be between 0 and %d (K4)", MaxRearms)}, "Group"),
	rangeOf("activations", bound{min: 1, max: MaxClients}, "MAKKey"),
	rangeOf("priority", bound{min: 0, max: MaxSRVValue}, "SRV", "SRVAdd", "SRVChange"),
	rangeOf("weight", bound{min: 0, max: MaxSRVValue}, "SRV", "SRVAdd", "SRVChange"),
	rangeOf("count", bound{min: 1, max: MaxClients}, "Rate"),
	rangeOf("thresholds", bound{min: 1, max: MaxThreshold}, "Table"),
	rangeOf("vpn", bound{min: 0, max: 1, say: "is a share of the days away, from 0 to 1"}, "Presence"),
	rangeOf("probability", bound{min: 0, max: 1, minExclusive: true, say: "must be more than 0 and at most 1, such as 0.95"}, "Expectation"),
	// An expectation's bounds are fractions when its subject is one.
	rangeOf("at_least", bound{min: 0, max: 1, when: "licensed_fraction", say: "a fraction is between 0 and 1"}, "Expectation"),
	rangeOf("at_most", bound{min: 0, max: 1, when: "licensed_fraction", say: "a fraction is between 0 and 1"}, "Expectation"),
)

type boundEntry struct {
	keys []string
	b    bound
}

// rangeOf is the bound b of the field key of each of owners.
func rangeOf(key string, b bound, owners ...string) boundEntry {
	e := boundEntry{b: b}
	for _, o := range owners {
		e.keys = append(e.keys, o+"."+key)
	}
	return e
}

func boundTable(entries ...boundEntry) map[string]bound {
	m := map[string]bound{}
	for _, e := range entries {
		for _, k := range e.keys {
			m[k] = e.b
		}
	}
	return m
}

// within reports whether v is in b's range.
func (b bound) within(v float64) bool {
	if b.minExclusive {
		return v > b.min && v <= b.max
	}
	return v >= b.min && v <= b.max
}

func (b bound) words() string {
	if b.say != "" {
		return b.say
	}
	return fmt.Sprintf("must be between %s and %s", num(b.min), num(b.max))
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// bounded reports the value v of the field at path, keyed key in bounds,
// if it is out of its range, and returns whether it is in.
func (c *checker) bounded(path, key string, v float64) bool {
	b, ok := bounds[key]
	if !ok {
		panic("scenarios: no bound " + key) // a programming error, caught by the tests
	}
	if b.within(v) {
		return true
	}
	c.errorf(path, "%s, got %s", b.words(), num(v))
	return false
}

// The patterns of the names and texts of a scenario. Each is written in
// the syntax that Go's regexp and the ECMA 262 regular expressions of JSON
// Schema share (control characters stand in the classes as themselves),
// so that validation and the schema use the very same pattern.
var (
	// nameRE: names of hosts, groups, sites and MAK keys, which paths and
	// file names use.
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	// textRE: a text that outputs show, with no control character (a
	// terminal, a CSV cell or a report must not receive one).
	textRE = regexp.MustCompile("^[^\x00-\x1f\x7f-\u009f]*$")
	// paragraphRE: a text of lines, such as a description: tabs and line
	// breaks, but no other control character.
	paragraphRE = regexp.MustCompile("^[^\x00-\x08\x0b-\x1f\x7f-\u009f]*$")
	// domainRE: a domain, whose braces may only be the {site} placeholder.
	domainRE = regexp.MustCompile(`^(?:[^{}]|\{site\})*$`)
)

// patterns are the patterns of the string fields, keyed as bounds are.
var patterns = map[string]*regexp.Regexp{
	"SiteTemplate.name":    nameRE,
	"Host.name":            nameRE,
	"Group.group":          nameRE,
	"MAKKey.name":          nameRE,
	"Scenario.name":        textRE,
	"Scenario.description": paragraphRE,
	"Expectation.name":     textRE,
	"Parameter.label":      textRE,
	"Domain.name":          domainRE,
}

// maxLengths are the longest strings, in characters, keyed as bounds are.
var maxLengths = map[string]int{
	"Parameter.label": MaxLabel,
}

// MaxLabel is the longest label of a swept parameter, in characters.
const MaxLabel = 80

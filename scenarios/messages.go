package scenarios

// What the decoder's messages call the types and keys of the format, and
// the near misses they suggest.

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"reflect"
	"strconv"
	"strings"
)

// typeNames says what people call the struct types of the format, for
// messages about unknown fields. A type that is not listed is called by
// the key that leads to it: decommission, host_down.
var typeNames = map[reflect.Type]string{
	reflect.TypeOf(Scenario{}):       "the scenario",
	reflect.TypeOf(SiteTemplate{}):   "a site",
	reflect.TypeOf(Domain{}):         "a DNS domain",
	reflect.TypeOf(Host{}):           "a host",
	reflect.TypeOf(Outage{}):         "an outage",
	reflect.TypeOf(Group{}):          "a fleet group",
	reflect.TypeOf(Event{}):          "an event",
	reflect.TypeOf(Expectation{}):    "an expectation",
	reflect.TypeOf(CountSubject{}):   "a count subject",
	reflect.TypeOf(ClientsSubject{}): "a clients subject",
	reflect.TypeOf(TotalSubject{}):   "a total subject",
	reflect.TypeOf(ESUSubject{}):     "an ESU subject",
	reflect.TypeOf(PeakSubject{}):    "a peak_requests subject",
	reflect.TypeOf(Parameter{}):      "a swept parameter",
	reflect.TypeOf(MAKKey{}):         "a MAK key",
	reflect.TypeOf(Rate{}):           "a rate",
	reflect.TypeOf(Every{}):          "a repetition",
	reflect.TypeOf(Reimage{}):        "a re-imaging schedule",
}

// namedType is a struct type of the format and what people call it.
type namedType struct {
	what string
	t    reflect.Type
}

// knownTypes holds every struct type of the format by the name yaml.v3
// gives it in messages (scenarios.Host), found by walking the format from
// Scenario, so that no type can be left out.
var knownTypes = func() map[string]namedType {
	out := map[string]namedType{}
	var walk func(t reflect.Type, key string)
	walk = func(t reflect.Type, key string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		name := "scenarios." + t.Name()
		if _, seen := out[name]; seen || t.Kind() != reflect.Struct || t == dateType {
			return
		}
		what, ok := typeNames[t]
		if !ok {
			what = key
		}
		out[name] = namedType{what, t}
		for _, f := range yamlFieldsOf(t) {
			walk(f.field.Type, f.key)
		}
	}
	walk(reflect.TypeOf(Scenario{}), "")
	return out
}()

// unknownField words an unknown key, with a suggestion for a near miss.
func unknownField(name, goType string) string {
	kt, ok := knownTypes[goType]
	if !ok {
		return fmt.Sprintf("unknown field %q", name)
	}
	fields := yamlFields(kt.t)
	if best := words.Closest(name, fields); best != "" {
		return fmt.Sprintf("unknown field %q in %s; did you mean %q?", name, kt.what, best)
	}
	return fmt.Sprintf("unknown field %q in %s (known: %s)", name, kt.what, strings.Join(fields, ", "))
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "int" || t == "*int":
		return "a whole number"
	case t == "float64" || t == "*float64":
		return "a number"
	case t == "uint64":
		return "a whole number, 0 or more"
	case t == "bool" || t == "*bool":
		return "true or false"
	case t == "string" || t == "*string", t == "scenarios.Product", t == "scenarios.Selection", t == "scenarios.KeyGroup", t == "scenarios.HostOS", t == "scenarios.Pool", t == "scenarios.Method", t == "scenarios.ActType":
		return "a word (text)"
	case strings.HasPrefix(t, "scenarios.") || strings.HasPrefix(t, "*scenarios.") || strings.HasPrefix(t, "map"):
		return "a mapping"
	}
	return t
}

func yamlValueName(tag, value string) string {
	switch tag {
	case "map":
		return "a mapping"
	case "seq":
		return "a list"
	case "null":
		return "nothing"
	}
	return strconv.Quote(value)
}

// isZero reports whether a scalar is a zero number or duration.
func isZero(v string) bool {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return f == 0
	}
	d, err := ParseDuration(v)
	return err == nil && d == 0
}

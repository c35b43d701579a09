package scenarios

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// SchemaID is the $id of the scenario JSON Schema.
const SchemaID = "https://github.com/kmssim/kmssim/scenarios/schema.json"

// Modeline is the first line of every library scenario: it points editors
// with the YAML language server at the schema beside the file.
const Modeline = "# yaml-language-server: $schema=schema.json"

// Schema returns the JSON Schema (draft-07) of the scenario format,
// generated from the Go types that Parse decodes into, so the two cannot
// disagree on which keys exist, and from the tables of ranges and
// patterns that validation enforces (bounds, patterns, maxLengths), so
// the two judge every number and name alike. Some rules (exactly one
// action per event, references between names, sums over the fleet) are
// checked only by Parse.
func Schema() []byte {
	root := schemaOf(reflect.TypeOf(Scenario{}))
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = SchemaID
	root["title"] = "kmssim scenario"
	data, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("scenarios: schema does not marshal: " + err.Error())
	}
	// JSON leaves DEL and the C1 controls of the patterns bare: escape
	// them, so that the file shows what its patterns hold.
	var out strings.Builder
	for _, r := range string(data) {
		if r >= 0x7f && r <= 0x9f {
			fmt.Fprintf(&out, "\\u%04x", r)
		} else {
			out.WriteRune(r)
		}
	}
	return []byte(out.String() + "\n")
}

var (
	durationType = reflect.TypeOf(Duration(0))
	dateType     = reflect.TypeOf(Date{})
	valueType    = reflect.TypeOf(Value(""))
	makType      = reflect.TypeOf(Activations(0))
)

// enums lists the allowed values of named string types and of fields.
var enums = map[string][]string{
	"Product":              strs(Products),
	"KeyGroup":             strs(KeyGroups),
	"HostOS":               strs(HostOSes),
	"ActType":              strs(ActTypes),
	"Selection":            {string(SelectWeighted), string(SelectRandom)},
	"Pool":                 strs(Pools),
	"Method":               strs(Methods),
	"ClientsSubject.state": StateNames,
	"TotalSubject.metric":  Metrics,
	"ESUSubject.figure":    ESUFigures,
}

// descriptions are the hover texts of editors for the types that are
// not structs; a field's own is its doc tag.
var descriptions = map[string]string{
	"Duration":    "A duration with units: 90s, 15m, 2h, 7d, 2w, or a sum such as 1d12h. A bare number is an error.",
	"Activations": "A number of activations, or a licence: Open_MAK_50, 100, 250, 500, 750, 1000; Select_MAK_500 to 5000.",
	"Date":        "A calendar day, YYYY-MM-DD, or a moment in RFC 3339, such as 2026-11-30T14:03:22Z.",
	"Value":       "A number, or a duration with units for a duration field: 20, 0.5, 14d.",
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// schemaOf returns the schema of a Go type of the scenario format.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case durationType:
		return map[string]any{"type": "string", "pattern": `^\s*([0-9]+[smhdw])+\s*$`, "description": descriptions["Duration"]}
	case dateType:
		return map[string]any{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?$`, "description": descriptions["Date"]}
	case valueType:
		return map[string]any{"type": []string{"number", "string"}, "description": descriptions["Value"]}
	case makType:
		return map[string]any{"type": []string{"integer", "string"}, "description": descriptions["Activations"]}
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if e, ok := enums[t.Name()]; ok {
			s["enum"] = e
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, t.Name(), props)
		s := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
		if r := requiredKeys(t); len(r) > 0 {
			s["required"] = r
		}
		if c := conditionalBounds(t); len(c) > 0 {
			s["allOf"] = c
		}
		return s
	}
	panic("scenarios: no schema for " + t.String())
}

// addFields adds the properties of struct t (named owner in the tables
// above) to props, inlined fields included.
func addFields(t reflect.Type, owner string, props map[string]any) {
	for _, f := range yamlFieldsOf(t) {
		s := schemaOf(f.field.Type)
		key := owner + "." + f.key
		if e, ok := enums[key]; ok {
			s["enum"] = e
		}
		if d := f.field.Tag.Get("doc"); d != "" {
			s["description"] = d
		}
		// A field whose zero means its default must be positive when it
		// is written.
		if f.field.Tag.Get("schema") == "positive" && s["type"] == "integer" {
			s["minimum"] = 1
		}
		if b, ok := bounds[key]; ok && b.when == "" {
			target := s
			if s["type"] == "array" { // the bound of each item
				target = s["items"].(map[string]any)
			}
			if b.minExclusive {
				target["exclusiveMinimum"] = b.min
			} else {
				target["minimum"] = b.min
			}
			target["maximum"] = b.max
		}
		if p, ok := patterns[key]; ok {
			s["pattern"] = p.String()
		}
		if n, ok := maxLengths[key]; ok {
			s["maxLength"] = n
		}
		props[f.key] = s
	}
}

// conditionalBounds returns the bounds of struct type t that hold only
// when its object has a key (bound.when), as draft-07's if/then.
func conditionalBounds(t reflect.Type) []any {
	var out []any
	for _, f := range yamlFieldsOf(t) {
		b, ok := bounds[t.Name()+"."+f.key]
		if !ok || b.when == "" {
			continue
		}
		prop := map[string]any{"maximum": b.max}
		if b.minExclusive {
			prop["exclusiveMinimum"] = b.min
		} else {
			prop["minimum"] = b.min
		}
		out = append(out, map[string]any{
			"if":   map[string]any{"required": []string{b.when}},
			"then": map[string]any{"properties": map[string]any{f.key: prop}},
		})
	}
	return out
}

// requiredKeys lists the keys of struct type t whose field is tagged
// schema:"required", in the order of its fields.
func requiredKeys(t reflect.Type) []string {
	var out []string
	for _, f := range yamlFieldsOf(t) {
		if f.field.Tag.Get("schema") == "required" { // the only tag a required field has
			out = append(out, f.key)
		}
	}
	return out
}

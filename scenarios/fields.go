package scenarios

import (
	"reflect"
	"sort"
	"strings"
	"sync"
)

// yamlField is one key of a struct type of the scenario format: its name
// in YAML and where it sits in the Go struct (through inlined structs).
// Paths, the decoder's messages and the JSON Schema all walk the format
// through yamlFieldsOf, so they cannot disagree on which keys exist.
type yamlField struct {
	key   string
	index []int
	field reflect.StructField
}

// yamlFieldsOf lists the YAML keys of struct type t in the order of its
// fields, following inlined structs. The list of each type is made once:
// validation walks every value of a scenario through it, and a batch
// validates each of its thousands of runs. Callers must not change it.
func yamlFieldsOf(t reflect.Type) []yamlField {
	if fs, ok := fieldsByType.Load(t); ok {
		return fs.([]yamlField)
	}
	fs := listYAMLFields(t)
	fieldsByType.Store(t, fs)
	return fs
}

// fieldsByType holds yamlFieldsOf's lists, by type.
var fieldsByType sync.Map

func listYAMLFields(t reflect.Type) []yamlField {
	var out []yamlField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case opts == "inline":
			for _, in := range listYAMLFields(f.Type) {
				in.index = append([]int{i}, in.index...)
				out = append(out, in)
			}
		case name != "":
			out = append(out, yamlField{key: name, index: []int{i}, field: f})
		}
	}
	return out
}

// fieldsHolding lists the YAML fields of struct type t whose type is an
// interface type iface or implements it, in order: the fields of Event
// that hold an action, of Expectation that hold a subject.
func fieldsHolding(t, iface reflect.Type) []yamlField {
	var out []yamlField
	for _, f := range yamlFieldsOf(t) {
		if f.field.Type.Implements(iface) {
			out = append(out, f)
		}
	}
	return out
}

// yamlFields lists the keys struct type t accepts, sorted.
func yamlFields(t reflect.Type) []string {
	var out []string
	for _, f := range yamlFieldsOf(t) {
		out = append(out, f.key)
	}
	sort.Strings(out)
	return out
}

// field is one YAML field of a struct value.
type field struct {
	key string
	v   reflect.Value
}

// fields lists the YAML fields of struct v, following inlined structs.
func fields(v reflect.Value) []field {
	fs := yamlFieldsOf(v.Type())
	out := make([]field, len(fs))
	for i, f := range fs {
		out[i] = field{f.key, v.FieldByIndex(f.index)}
	}
	return out
}

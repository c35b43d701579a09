package scenarios

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The hand-kept tables of the format name only types and fields that
// exist, so that a renamed field cannot leave a stale entry behind.
func TestTablesInStep(t *testing.T) {
	reachable := map[reflect.Type]bool{}
	byName := map[string]reflect.Type{}
	for _, nt := range knownTypes {
		reachable[nt.t] = true
		byName[nt.t.Name()] = nt.t
	}
	for typ := range typeNames {
		if !reachable[typ] {
			t.Errorf("typeNames names %s, which no scenario can hold", typ)
		}
	}
	for _, nt := range knownTypes {
		if nt.what == "" {
			t.Errorf("%s has no name for messages", nt.t)
		}
	}
	named := map[string]bool{} // the named string types the format's fields have
	for _, nt := range knownTypes {
		for _, f := range yamlFieldsOf(nt.t) {
			ft := f.field.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.String && ft.Name() != "string" {
				named[ft.Name()] = true
			}
		}
	}
	for key := range enums {
		typ, field, ok := strings.Cut(key, ".")
		if !ok {
			if !named[typ] {
				t.Errorf("enums names type %q, which is not a string type of the format", typ)
			}
			continue
		}
		st, ok := byName[typ]
		if !ok || !slices.Contains(yamlFields(st), field) {
			t.Errorf("enums names %s, which is not a field of the format", key)
		}
	}
	for key := range descriptions {
		if key != "Duration" && key != "Value" && key != "Activations" && key != "Date" {
			t.Errorf("descriptions names %q: a field's hover text is its doc tag", key)
		}
	}
	// Every field of the kinds of event and of expectation has a hover
	// text: they are what editors offer first.
	for _, typ := range []reflect.Type{reflect.TypeOf(Event{}), reflect.TypeOf(Expectation{})} {
		for _, f := range yamlFieldsOf(typ) {
			if f.field.Tag.Get("doc") == "" && f.key != "at" {
				t.Errorf("%s.%s has no doc tag", typ.Name(), f.key)
			}
		}
	}
}

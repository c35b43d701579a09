package scenarios

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schema.json")

// schema.json is what Schema returns; rewrite it with -update.
func TestSchemaFile(t *testing.T) {
	got := Schema()
	if *update {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("scenarios/schema.json differs from Schema(): run go test ./scenarios -update")
	}
}

// The schema names exactly the keys the decoder accepts, type by type.
func TestSchemaMatchesDecoder(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema(), &root); err != nil {
		t.Fatal(err)
	}
	keys := func(s map[string]any) []string {
		var out []string
		for k := range s["properties"].(map[string]any) {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	props := root["properties"].(map[string]any)
	item := func(name string) map[string]any { return props[name].(map[string]any)["items"].(map[string]any) }
	tests := []struct {
		schema map[string]any
		typ    reflect.Type
	}{
		{root, reflect.TypeOf(Scenario{})},
		{item("hosts"), reflect.TypeOf(Host{})},
		{item("fleet"), reflect.TypeOf(Group{})},
		{item("events"), reflect.TypeOf(Event{})},
		{item("sites"), reflect.TypeOf(SiteTemplate{})},
		{item("expect"), reflect.TypeOf(Expectation{})},
	}
	for _, tt := range tests {
		if got, want := keys(tt.schema), yamlFields(tt.typ); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: schema keys %v, decoder keys %v", tt.typ.Name(), got, want)
		}
	}
	products := item("fleet")["properties"].(map[string]any)["product"].(map[string]any)["enum"]
	if want := strsAny(Products); !reflect.DeepEqual(products, want) || len(want) == 0 {
		t.Errorf("product enum %v", products)
	}
}

// Every library scenario starts with the modeline that points editors at
// the schema.
func TestLibraryModeline(t *testing.T) {
	for _, name := range Library() {
		data, _ := library.ReadFile(name + ".yaml")
		if first, _, _ := strings.Cut(string(data), "\n"); first != Modeline {
			t.Errorf("%s.yaml starts with %q, want %q", name, first, Modeline)
		}
	}
}

func strsAny[T ~string](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

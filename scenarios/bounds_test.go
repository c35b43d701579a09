package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios/schematest"
)

// everyBound is a scenario, in JSON (which YAML reads too), that writes
// every field of bounds at least once.
const everyBound = `{
  "name": "every-bound", "duration": "60d", "replications": 2,
  "model": {"cache_factor": 2},
  "dns": [{"name": "corp.example"}],
  "hosts": [{"name": "kms1", "keys": ["windows-server-2008r2"], "srv": {"priority": 0, "weight": 10},
             "tables": [{"pool": "windows", "thresholds": [25]}]},
            {"name": "kms2", "keys": ["windows-server-2008r2"], "publish": []}],
  "mak_keys": [{"name": "lab-mak", "activations": 50}],
  "ad": {"objects": ["windows-server-2025"]},
  "fleet": [
    {"group": "pcs", "count": 100, "product": "windows-7", "threshold": 25,
     "presence": {"trips": {"every": "30d", "min": "5d", "max": "10d"}, "vpn": 0.5},
     "lifecycle": {"retire": {"every": "30d", "count": 1}}},
    {"group": "members", "count": 5, "product": "windows-11", "ad_member": true, "rearms": 1}],
  "sites": [{"name": "shop", "instances": 3, "dns": [{"name": "{site}.example"}],
             "hosts": [{"name": "kms", "keys": ["windows-server-2008r2"]}],
             "fleet": [{"group": "tills", "count": 2, "product": "windows-7"}]}],
  "events": [
    {"at": "1d", "decommission": {"group": "pcs", "count": 2}},
    {"at": "2d", "add": {"group": "pcs", "count": 2}},
    {"at": "3d", "replace": {"group": "pcs", "count": 1}},
    {"at": "4d", "away": {"group": "pcs", "count": 3, "for": "5d"}},
    {"at": "5d", "srv_add": {"host": "kms2", "priority": 10, "weight": 5}},
    {"at": "6d", "srv_change": {"host": "kms2", "priority": 5, "weight": 50}},
    {"at": "7d", "leave_domain": {"group": "members", "count": 1}},
    {"at": "8d", "join_domain": {"group": "members", "count": 1}}],
  "expect": [
    {"count": {"host": "kms1", "threshold": 25}, "at": "20d", "at_least": 25, "probability": 0.5},
    {"first_below": {"host": "kms1", "threshold": 25}, "never": true},
    {"first_reached": {"host": "kms1", "threshold": 25}, "until": "1d"},
    {"licensed_fraction": {"product": "windows-7"}, "from": "20d", "at_least": 0.5, "at_most": 1, "name": "most licensed"}],
  "sweep": [{"path": "fleet.pcs.count", "values": [100], "label": "machines"}],
  "description": "Every bound\nand pattern."
}`

// occurrence is where a field of bounds is written in a document.
type occurrence struct {
	path   string // as validation names it: hosts[0].srv.priority
	ptr    []any  // as JSON Schema validators name it: keys and indexes
	parent map[string]any
}

// occurrences walks doc, a decoded JSON value of Go type t, and returns
// where each field of bounds is written, by key. A list of numbers (a
// table's thresholds) is where its first item is.
func occurrences(doc any, t reflect.Type) map[string][]occurrence {
	out := map[string][]occurrence{}
	var walk func(v any, t reflect.Type, path string, ptr []any)
	walk = func(v any, t reflect.Type, path string, ptr []any) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			for _, f := range yamlFieldsOf(t) {
				x, ok := m[f.key]
				if !ok {
					continue
				}
				p, fp := strings.TrimPrefix(path+"."+f.key, "."), append(slices.Clone(ptr), f.key)
				_, isBound := bounds[t.Name()+"."+f.key]
				if _, ok := patterns[t.Name()+"."+f.key]; ok || isBound {
					if items, ok := x.([]any); ok && len(items) > 0 {
						p, fp = p+"[0]", append(fp, 0)
					}
					out[t.Name()+"."+f.key] = append(out[t.Name()+"."+f.key], occurrence{p, fp, m})
				}
				walk(x, f.field.Type, p, fp)
			}
		case reflect.Slice:
			items, _ := v.([]any)
			for i, x := range items {
				walk(x, t.Elem(), fmt.Sprintf("%s[%d]", path, i), append(slices.Clone(ptr), i))
			}
		}
	}
	walk(doc, t, "", nil)
	return out
}

// set returns a copy of doc with the value at ptr replaced by v.
func set(doc any, ptr []any, v any) any {
	data, _ := json.Marshal(doc)
	var c any
	json.Unmarshal(data, &c)
	cur := c
	for i, k := range ptr {
		last := i == len(ptr)-1
		switch k := k.(type) {
		case string:
			if last {
				cur.(map[string]any)[k] = v
			} else {
				cur = cur.(map[string]any)[k]
			}
		case int:
			if last {
				cur.([]any)[k] = v
			} else {
				cur = cur.([]any)[k]
			}
		}
	}
	return c
}

// probes are the values at and just past each end of b.
func probes(b bound, whole bool) []float64 {
	step := 0.5
	if whole {
		step = 1
	}
	if b.minExclusive {
		return []float64{b.min, b.min + step/100, b.max, b.max + step}
	}
	return []float64{b.min - step, b.min, b.max, b.max + step}
}

// betweenFields are the words of the rules between fields that a probe of
// a key can break at its own path: not a bound.
var betweenFields = map[string]string{
	"Decommission.count": "is decommissioned", // more than the group ever has
	"JoinDomain.count":   "never has more than",
	"LeaveDomain.count":  "never has more than",
}

// The JSON Schema and validation judge every field of bounds alike at and
// just past each end of its range: the schema as a real validator reads
// it (Python's jsonschema, which CI installs), validation as Parse runs
// it. Only the verdict on the probed field counts: a value can break a
// rule between fields (more machines retired than a group holds), which
// the schema does not state.
func TestBoundsJudgedAlike(t *testing.T) {
	var doc any
	if err := json.Unmarshal([]byte(everyBound), &doc); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("every-bound.yaml", []byte(everyBound)); err != nil {
		t.Fatalf("the base scenario does not parse: %v", err)
	}
	occ := occurrences(doc, reflect.TypeOf(Scenario{}))
	type probe struct {
		key   string
		o     occurrence
		value any
		parse bool // Parse accepts the value of the field
	}
	judge := func(key string, o occurrence, v any) bool {
		data, _ := json.Marshal(set(doc, o.ptr, v))
		_, err := Parse("every-bound.yaml", data)
		for _, e := range unjoin(err) {
			var fe *FieldError
			cross := betweenFields[key]
			if errors.As(e, &fe) && fe.Path == o.path && (cross == "" || !strings.Contains(fe.Msg, cross)) {
				return false
			}
		}
		return true
	}
	var cases []probe
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range bounds {
			if !yield(k) {
				return
			}
		}
	})
	for _, key := range keys {
		b := bounds[key]
		i := slices.IndexFunc(occ[key], func(o occurrence) bool { _, ok := o.parent[b.when]; return b.when == "" || ok })
		if i < 0 {
			t.Errorf("%s: not written in everyBound", key)
			continue
		}
		o := occ[key][i]
		whole := b.max > 1 // the fractions and shares are the fields up to 1
		for _, v := range probes(b, whole) {
			cases = append(cases, probe{key, o, v, judge(key, o, v)})
		}
	}
	bounded := len(cases)
	// The patterns and lengths: names, texts, domains.
	for _, key := range slices.Sorted(maps.Keys(patterns)) {
		if len(occ[key]) == 0 {
			t.Errorf("%s: not written in everyBound", key)
			continue
		}
		o := occ[key][0]
		for _, v := range []string{"shop-2.b_c", "-lead", "bell\x07", "line\nbreak", "{x}.example", "{site.example", "caf\u00e9", strings.Repeat("x", MaxLabel), strings.Repeat("é", MaxLabel+1)} {
			cases = append(cases, probe{key, o, v, judge(key, o, v)})
		}
	}

	// The probes are at the ends: each end is accepted, each value past
	// it refused.
	for i, c := range cases[:bounded] {
		if want := i%4 == 1 || i%4 == 2; c.parse != want {
			t.Errorf("%s = %v at %s: Parse says %v, want %v", c.key, c.value, c.o.path, verdict(c.parse), verdict(want))
		}
	}
	schema := schemaVerdicts(t, doc, len(cases), func(i int) ([]any, any) { return cases[i].o.ptr, cases[i].value })
	t.Logf("%d probes of %d bounds and %d patterns", len(cases), len(bounds), len(patterns))
	for i, c := range cases {
		if schema[i] != c.parse {
			t.Errorf("%s = %q at %s: Parse says %v, the schema %v", c.key, fmt.Sprint(c.value), c.o.path, verdict(c.parse), verdict(schema[i]))
		}
	}
}

func verdict(ok bool) string {
	if ok {
		return "valid"
	}
	return "invalid"
}

// unjoin returns the errors err joins, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// schemaVerdicts validates n copies of doc, the i-th with the value of
// probe(i) at its pointer, against Schema() with a real validator, and
// returns whether each is free of errors at that pointer.
func schemaVerdicts(t *testing.T, doc any, n int, probe func(i int) ([]any, any)) []bool {
	t.Helper()
	var docs []any
	var ptrs [][]any
	for i := range n {
		ptr, v := probe(i)
		docs, ptrs = append(docs, set(doc, ptr, v)), append(ptrs, ptr)
	}
	var verdicts []bool
	for i, paths := range schematest.Errors(t, Schema(), docs) {
		ok := true
		for _, p := range paths {
			if fmt.Sprint(p) == fmt.Sprint(ptrs[i]) {
				ok = false
			}
		}
		verdicts = append(verdicts, ok)
	}
	return verdicts
}

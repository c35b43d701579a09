package scenarios

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// everyKind returns testdata/kinds/every-kind.yaml, which holds one event
// of every kind and one expectation of every subject.
func everyKind(t *testing.T) *Scenario {
	t.Helper()
	scn, err := Load("../testdata/kinds/every-kind.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return scn.Scenario()
}

// hoverTexts returns the JSON Schema's descriptions of the keys of the
// items of the top-level list list (events, expect).
func hoverTexts(t *testing.T, list string) map[string]string {
	t.Helper()
	var schema struct {
		Properties map[string]struct {
			Items struct {
				Properties map[string]struct {
					Description string `json:"description"`
				} `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range schema.Properties[list].Items.Properties {
		out[k] = v.Description
	}
	return out
}

// eventKinds returns the YAML key and Go type of every kind of event, read
// from Event itself: no other list of kinds exists to fall out of step.
func eventKinds(t *testing.T) map[string]reflect.Type {
	kinds := map[string]reflect.Type{}
	for _, f := range yamlFieldsOf(reflect.TypeOf(Event{})) {
		if f.key != "at" {
			kinds[f.key] = f.field.Type
		}
	}
	if len(kinds) == 0 {
		t.Fatal("found no kind of event in Event's fields")
	}
	return kinds
}

// Every kind of event is an Action with a hover text in the schema, is
// validated, and reads as a sentence and as chart marks; the fixture
// testdata/kinds/every-kind.yaml holds one of each.
func TestEveryEventKind(t *testing.T) {
	kinds := eventKinds(t)
	scn := everyKind(t)
	seen := map[string]bool{}
	for i := range scn.Events {
		a, key := scn.Events[i].Action()
		seen[key] = true
		if d := a.Describe(); d == "" || strings.Contains(d, "%!") {
			t.Errorf("%s: Describe() = %q", key, d)
		}
		ms := a.Marks(scn.Events[i].At, Where{Phrase: " (every x site)", Instances: 3})
		if len(ms) == 0 {
			t.Errorf("%s: no marks", key)
		}
		for _, m := range ms {
			if m.Label == "" || !strings.Contains(m.Phrase, " (every x site)") || m.At < scn.Events[i].At {
				t.Errorf("%s: mark %+v", key, m)
			}
		}
	}
	hover := hoverTexts(t, "events")
	for key, typ := range kinds {
		if !typ.Implements(reflect.TypeOf((*Action)(nil)).Elem()) {
			t.Errorf("%s: %s does not implement Action", key, typ)
		}
		if !seen[key] {
			t.Errorf("%s: no event of this kind in testdata/kinds/every-kind.yaml", key)
		}
		if hover[key] == "" {
			t.Errorf("%s: no description in the JSON Schema", key)
		}
		// An empty action names no host or group: validation must say so.
		e := Event{At: Day}
		reflect.ValueOf(&e).Elem().FieldByIndex(fieldIndex(t, key)).Set(reflect.New(typ.Elem()))
		s := Scenario{Duration: 10 * Day, Site: Site{Fleet: []Group{{Name: "pcs", Count: 1, Product: Windows7}}, Events: []Event{e}}}
		s.SetDefaults()
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), "events[0]."+key) {
			t.Errorf("%s: an empty action validates: %v", key, err)
		}
	}
}

func fieldIndex(t *testing.T, key string) []int {
	for _, f := range yamlFieldsOf(reflect.TypeOf(Event{})) {
		if f.key == key {
			return f.index
		}
	}
	t.Fatalf("no field %q in Event", key)
	return nil
}

// The report's list of events says what each kind does.
func TestEventDescriptions(t *testing.T) {
	scn := everyKind(t)
	want := []string{
		"retire 2 of pcs over 1d",
		"add 2 to pcs",
		"kms1 down for 1d",
		"kms2 down",
		"kms2 up",
		"kms2 replaced by an empty host",
		"publish kms2's SRV record in lab.example (priority 10)",
		"change kms2's SRV record in lab.example (weight 50)",
		"remove kms2's SRV record in lab.example",
		"send 3 of pcs away for 5d",
		"replace the hardware of 1 of pcs",
		"re-image every machine of lab over 1h, as clones that share one CMID",
		"rearm every machine of lab",
		"switch lab to mak with key lab-mak",
		"delete the AD activation object windows-server-2025",
		"create the AD activation object windows-server-2025",
		"no domain controller answers for 1d",
		"take 1 of members out of the domain",
		"join 1 of members to the domain",
	}
	for i, w := range want {
		if got := scn.Events[i].Describe(); got != w {
			t.Errorf("events[%d].Describe() = %q, want %q", i, got, w)
		}
	}
	marks := scn.Marks()
	if len(marks) != 21 || marks[2].Label != "kms1 down" || marks[3].Label != "kms1 up" || marks[3].At != 4*Day {
		t.Errorf("Marks() = %+v", marks)
	}
}

// Every expectation subject is a Subject with a hover text in the schema,
// is validated, and has its words; the fixture holds one of each.
func TestEveryExpectationSubject(t *testing.T) {
	scn := everyKind(t)
	want := map[string]string{
		"count":             "kms1 windows count ≥ 25 at 20d",
		"first_below":       "kms1 windows count never falls below its threshold",
		"first_reached":     "kms1 windows count first reaches 25 from 0s to 1d",
		"clients":           "group lab clients in licensed ≤ 0 at 60d",
		"licensed_fraction": "licensed fraction of windows-7 clients ≥ 0.5 from 20d to 60d",
		"total":             "total mak_activations ≥ 10 and ≤ 10 from 0s to 60d",
		"peak_requests":     "peak requests/hour to kms1 ≤ 100 from 0s to 60d",
		"esu":               "ESU year 1 machines without ESU ≤ 0",
	}
	seen := map[string]bool{}
	for i := range scn.Expect {
		_, key := scn.Expect[i].Subject()
		seen[key] = true
		if got := scn.Expect[i].Describe(scn.Duration, "its threshold"); got != want[key] {
			t.Errorf("%s: Describe = %q, want %q", key, got, want[key])
		}
	}
	hover := hoverTexts(t, "expect")
	subject := reflect.TypeOf((*Subject)(nil)).Elem()
	n := 0
	for _, f := range yamlFieldsOf(reflect.TypeOf(Expectation{})) {
		if !f.field.Type.Implements(subject) {
			continue
		}
		n++
		if !seen[f.key] {
			t.Errorf("%s: no expectation of this subject in testdata/kinds/every-kind.yaml", f.key)
		}
		if hover[f.key] == "" {
			t.Errorf("%s: no description in the JSON Schema", f.key)
		}
		// A subject that names an unknown host, group, product, state or
		// metric: validation must say so.
		e := Expectation{AtLeast: new(float64)}
		v := reflect.New(f.field.Type.Elem())
		for i := range v.Elem().NumField() {
			if fv := v.Elem().Field(i); fv.Kind() == reflect.String {
				fv.SetString("nope")
			}
		}
		reflect.ValueOf(&e).Elem().FieldByIndex(f.index).Set(v)
		if s, _ := e.Subject(); s.Crossing() {
			e.AtLeast, e.Never = nil, true
		}
		s := Scenario{Duration: 10 * Day, Site: Site{Fleet: []Group{{Name: "pcs", Count: 1, Product: Windows7}}}, Expect: []Expectation{e}}
		s.SetDefaults()
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), "expect[0]."+f.key) {
			t.Errorf("%s: a subject of unknown names validates: %v", f.key, err)
		}
	}
	if n != len(want) {
		t.Errorf("%d subjects in Expectation, want %d", n, len(want))
	}
}

// A chart's label of a template's event counts all its instances; its
// sentence says it happens in every one.
func TestTemplateMarksCountAllInstances(t *testing.T) {
	s, err := Parse("t.yaml", []byte(`duration: 60d
sites:
  - name: branch
    instances: 3
    hosts: [{name: kms1, keys: [windows-server-2008r2]}]
    fleet: [{group: laptops, count: 5, product: windows-7}]
    events:
      - {at: 30d, decommission: {group: laptops, count: 3}}
`))
	if err != nil {
		t.Fatal(err)
	}
	ms := s.Marks()
	if len(ms) != 1 || ms[0].Label != "−9 laptops" || ms[0].Phrase != "3 machines of group laptops (every branch site) were retired" {
		t.Errorf("marks %+v, want −9 laptops, 3 machines of group laptops (every branch site) were retired", ms)
	}
}

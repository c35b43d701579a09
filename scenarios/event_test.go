package scenarios

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// eventKinds returns the YAML key and Go type of every kind of event, read
// from Event itself: no other list of kinds exists to fall out of step.
func eventKinds(t *testing.T) map[string]reflect.Type {
	kinds := map[string]reflect.Type{}
	for _, f := range yamlFieldsOf(reflect.TypeOf(Event{})) {
		if f.key != "at" {
			kinds[f.key] = f.field.Type
		}
	}
	if len(kinds) < 13 {
		t.Fatalf("found %d kinds of event, want at least the 13 of the model", len(kinds))
	}
	return kinds
}

// Every kind of event is an Action with a hover text in the schema, is
// validated, and reads as a sentence and as chart marks; the fixture
// testdata/kinds/every-event.yaml holds one of each.
func TestEveryEventKind(t *testing.T) {
	kinds := eventKinds(t)
	data, err := os.ReadFile("../testdata/kinds/every-event.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scn, err := Parse("every-event.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range scn.Events {
		a, key := scn.Events[i].Action()
		seen[key] = true
		if d := a.Describe(); d == "" || strings.Contains(d, "%!") {
			t.Errorf("%s: Describe() = %q", key, d)
		}
		ms := a.Marks(scn.Events[i].At, " (every x site)")
		if len(ms) == 0 {
			t.Errorf("%s: no marks", key)
		}
		for _, m := range ms {
			if m.Label == "" || !strings.Contains(m.Phrase, " (every x site)") || m.At < scn.Events[i].At {
				t.Errorf("%s: mark %+v", key, m)
			}
		}
	}
	var schema struct {
		Properties struct {
			Events struct {
				Items struct {
					Properties map[string]struct {
						Description string `json:"description"`
					} `json:"properties"`
				} `json:"items"`
			} `json:"events"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	for key, typ := range kinds {
		if !typ.Implements(reflect.TypeOf((*Action)(nil)).Elem()) {
			t.Errorf("%s: %s does not implement Action", key, typ)
		}
		if !seen[key] {
			t.Errorf("%s: no event of this kind in testdata/kinds/every-event.yaml", key)
		}
		if schema.Properties.Events.Items.Properties[key].Description == "" {
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
	data, err := os.ReadFile("../testdata/kinds/every-event.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scn, err := Parse("every-event.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
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
	}
	for i, w := range want {
		if got := scn.Events[i].Describe(); got != w {
			t.Errorf("events[%d].Describe() = %q, want %q", i, got, w)
		}
	}
	marks := scn.Marks()
	if len(marks) != 15 || marks[2].Label != "kms1 down" || marks[3].Label != "kms1 up" || marks[3].At != 4*Day {
		t.Errorf("Marks() = %+v", marks)
	}
}

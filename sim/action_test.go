package sim

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// Every kind of event has its place in the model: the fixture holds one
// event of each kind (the keys are read from scenarios.Event itself), each
// is scheduled, and the run carries out what they say.
func TestEveryEventKindHasAPlace(t *testing.T) {
	data, err := os.ReadFile("../testdata/kinds/every-kind.yaml")
	if err != nil {
		t.Fatal(err)
	}
	scn, err := scenarios.Parse("every-kind.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range scn.Events {
		_, key := scn.Events[i].Action()
		seen[key] = true
		w := build(scn, Options{}, instances(scn)[:1], nil)
		before := len(w.actions)
		b := builder{w: w, scn: scn, domainIndex: map[string]int32{"corp.example": 0, "lab.example": 1}}
		ns := &siteNames{b: &b, hosts: map[string]int32{"kms1": 0, "kms2": 1}, groups: map[string]int32{"pcs": 0, "lab": 1}, keys: map[string]int32{"lab-mak": 0}}
		if !b.scheduleEvent(ns, &scn.Events[i]) {
			t.Errorf("%s: the model has no place for this kind of event", key)
		} else if len(w.actions) == before {
			t.Errorf("%s: scheduled nothing", key)
		}
	}
	et := reflect.TypeOf(scenarios.Event{})
	for i := range et.NumField() {
		key, _, _ := strings.Cut(et.Field(i).Tag.Get("yaml"), ",")
		if key != "at" && !seen[key] {
			t.Errorf("%s: not in testdata/kinds/every-kind.yaml", key)
		}
	}

	res, _ := runYAML(t, string(data), 1)
	// 30 + 10 machines, 2 added, 1 replaced by a new one.
	if res.Clients != 43 {
		t.Errorf("clients = %d, want 43", res.Clients)
	}
	if got := res.Totals.MAKActivations; got != 10 {
		t.Errorf("MAK activations after the lab's switch = %d, want 10", got)
	}
	if len(res.Marks) != 15 || res.Marks[0].At != day || res.Marks[0].Label != "−2 pcs" {
		t.Errorf("marks = %+v", res.Marks)
	}
}


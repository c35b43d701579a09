package sim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// Every kind of event has its place in the model: the fixture holds one
// event of each kind (the keys are read from scenarios.Event itself), each
// is scheduled, and the run carries out what they say.
func TestEveryEventKindHasAPlace(t *testing.T) {
	scn := everyKind(t)
	seen := map[string]bool{}
	for i := range scn.Events {
		_, key := scn.Events[i].Action()
		seen[key] = true
		w := build(scn, Options{}, instances(scn)[:1], nil, newSums(1))
		before := w.eng.Pending()
		b := builder{w: w, scn: scn, domainIndex: map[string]int32{"corp.example": 0, "lab.example": 1}}
		ns := &siteNames{b: &b, hosts: map[string]int32{"kms1": 0, "kms2": 1}, groups: map[string]int32{"pcs": 0, "lab": 1}, keys: map[string]int32{"lab-mak": 0}}
		if !b.scheduleEvent(ns, &scn.Events[i]) {
			t.Errorf("%s: the model has no place for this kind of event", key)
		} else if w.eng.Pending() == before {
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

	res, err := Run(scn, Options{Seed: 1, Reference: true})
	if err != nil {
		t.Fatal(err)
	}
	// 30 + 10 + 5 machines, 2 added, 1 replaced by a new one.
	if res.Clients != 48 {
		t.Errorf("clients = %d, want 48", res.Clients)
	}
	if got := res.Totals.MAKActivations; got != 10 {
		t.Errorf("MAK activations after the lab's switch = %d, want 10", got)
	}
	if len(res.Marks) != 21 || res.Marks[0].At != day || res.Marks[0].Label != "−2 pcs" {
		t.Errorf("marks = %+v", res.Marks)
	}
}

// Every expectation subject has its place in the model: the fixture holds
// one of each (read from scenarios.Expectation's fields), and each is
// judged on the run with the value that decided.
func TestEveryExpectationSubjectIsJudged(t *testing.T) {
	scn := everyKind(t)
	res, err := Run(scn, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		// All 40 ask kms1 at second 0 (kms2 is not in DNS).
		"PASS kms1 windows count ≥ 25 at 20d: 44 at day 20.00",
		"PASS kms1 windows count never falls below 25: never fell below 25 in the window",
		"PASS kms1 windows count first reaches 25 from 0s to 1d: reached 25 at day 0.00",
		// The lab switched to MAK on day 15 with a key of 50: all 10 activated.
		"FAIL group lab clients in licensed ≤ 0 at 60d: 10 at day 60.00",
		"PASS licensed fraction of windows-7 clients ≥ 0.5 from 20d to 60d: lowest 1 at day 20.00",
		"PASS total mak_activations ≥ 10 and ≤ 10 from 0s to 60d: 10",
		"PASS peak requests/hour to kms1 ≤ 100 from 0s to 60d: 40 requests/hour in the interval ending day 0.04",
	}
	got := Check(res, scn.Expect)
	subjects := map[string]bool{}
	for i, v := range got {
		_, key := scn.Expect[i].Subject()
		subjects[key] = true
		if strings.Contains(v.Actual, "no subject") {
			t.Errorf("%s: the model has no place for this subject", key)
		}
		if i < len(want) && v.String() != want[i] {
			t.Errorf("expect[%d] (%s):\n got %s\nwant %s", i, key, v, want[i])
		}
	}
	et := reflect.TypeOf(scenarios.Expectation{})
	subject := reflect.TypeOf((*scenarios.Subject)(nil)).Elem()
	for i := range et.NumField() {
		key, _, _ := strings.Cut(et.Field(i).Tag.Get("yaml"), ",")
		if et.Field(i).Type.Implements(subject) && !subjects[key] {
			t.Errorf("%s: not in testdata/kinds/every-kind.yaml", key)
		}
	}
}

// everyKind returns testdata/kinds/every-kind.yaml, which holds one event
// of every kind and one expectation of every subject.
func everyKind(t *testing.T) *scenarios.Scenario {
	t.Helper()
	scn, err := scenarios.Load("../testdata/kinds/every-kind.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return scn
}

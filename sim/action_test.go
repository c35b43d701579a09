package sim

import (
	"fmt"
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

// Every kind of action changes the world as its kind says: each case acts
// on a world built from testdata/kinds/every-kind.yaml and run for half a
// day (before its first event), and checks the state it should change.
// A kind without a case here fails the test, and act panics on a kind
// without a case there.
func TestEveryActionChangesTheWorld(t *testing.T) {
	const pcs, lab = 0, 1
	const kms1, kms2 = 0, 1
	const corp, labDomain = 0, 1
	ten, fifty := 10, 50
	object := scenarios.KeyGroup("windows-server-2025")
	var pendingBefore int // the events waiting before the action
	var cmidBefore int32  // the lab's first machine's CMID before it
	tests := []struct {
		kind  actionKind
		a     action
		setup func(w *world, a *action)
		check func(w *world) string // what is wrong, or ""
	}{
		{actHostDown, action{host: kms1}, nil, func(w *world) string {
			return unless(!w.hosts[kms1].up, "kms1 still up")
		}},
		{actHostUp, action{host: kms1}, func(w *world, _ *action) { w.hosts[kms1].up = false }, func(w *world) string {
			return unless(w.hosts[kms1].up, "kms1 still down")
		}},
		{actHostReplace, action{host: kms1}, nil, func(w *world) string {
			// K15: the new host starts from nothing.
			return unless(w.hosts[kms1].up && w.pools[w.hosts[kms1].pools[poolIndex(scenarios.PoolWindows)]].count == -1, "kms1's table not empty")
		}},
		{actSRVAdd, action{host: kms2, domain: labDomain, priority: &ten}, nil, func(w *world) string {
			i := w.domains[labDomain].index(kms2)
			return unless(i >= 0 && w.domains[labDomain].visible[i].priority == 10, "no kms2 record of priority 10 in lab.example")
		}},
		{actSRVChange, action{host: kms1, domain: corp, weight: &fifty}, nil, func(w *world) string {
			i := w.domains[corp].index(kms1)
			return unless(i >= 0 && w.domains[corp].visible[i].weight == 50, "kms1's record in corp.example not of weight 50")
		}},
		{actSRVRemove, action{host: kms1, domain: corp}, nil, func(w *world) string {
			return unless(w.domains[corp].index(kms1) < 0, "kms1's record still in corp.example")
		}},
		{actAway, action{group: pcs, span: 5 * day}, nil, func(w *world) string {
			away := 0
			for _, ci := range w.groups[pcs].present {
				if w.isAway(ci, w.eng.Now()) {
					away++
				}
			}
			return unless(away == 1, fmt.Sprintf("%d pcs away, want 1", away))
		}},
		{actReimage, action{group: lab, span: hour, cmid: -1, generalize: true}, nil, func(w *world) string {
			// One re-imaging per machine of the lab, within the hour.
			return unless(w.eng.Pending() == pendingBefore+10, fmt.Sprintf("%d events scheduled, want 10", w.eng.Pending()-pendingBefore))
		}},
		{actReimageOne, action{group: lab, cmid: -1}, func(w *world, a *action) { a.client = firstOf(w, lab) }, func(w *world) string {
			c := &w.clients[firstOf(w, lab)]
			// A new installation with a CMID of its own, which asks at once
			// and is activated, the count being above 25.
			return unless(c.cmid != cmidBefore && c.state == Licensed, fmt.Sprintf("cmid %d state %v", c.cmid, c.state))
		}},
		{actRearm, action{group: lab}, func(w *world, _ *action) { w.setState(firstOf(w, lab), InitialGrace) }, func(w *world) string {
			ci := firstOf(w, lab)
			return unless(w.rearm[ci].used == 1 && w.clients[ci].cmid != cmidBefore, fmt.Sprintf("rearms used %d, cmid %d", w.rearm[ci].used, w.clients[ci].cmid))
		}},
		{actSwitch, action{group: lab, method: scenarios.MethodMAK, mak: 0}, nil, func(w *world) string {
			g := &w.groups[lab]
			// K37: a new product key, a new CMID.
			return unless(g.method == scenarios.MethodMAK && !g.kms && g.mak == 0 && w.clients[firstOf(w, lab)].cmid != cmidBefore, "lab not on MAK with new CMIDs")
		}},
		{actADAdd, action{object: object}, func(w *world, _ *action) { delete(w.ads[0].objects, object); w.ads[0].update() }, func(w *world) string {
			return unless(w.ads[0].objects[object], "no activation object")
		}},
		{actADRemove, action{object: object}, nil, func(w *world) string {
			return unless(!w.ads[0].objects[object], "activation object still there")
		}},
		{actDCDown, action{}, nil, func(w *world) string { return unless(!w.ads[0].up, "DC still up") }},
		{actDCUp, action{}, func(w *world, _ *action) { w.ads[0].up = false }, func(w *world) string { return unless(w.ads[0].up, "DC still down") }},
		{actESUYear, action{year: 1}, nil, func(w *world) string { return unless(w.esuNow == 1, fmt.Sprintf("ESU year %d", w.esuNow)) }},
	}
	scn := everyKind(t)
	covered := map[actionKind]bool{}
	for _, tt := range tests {
		covered[tt.kind] = true
		w := build(scn, Options{Seed: 1}, instances(scn), nil, newSums(1))
		w.eng.Run(12*hour, w) // everyone has asked once; no event yet
		pendingBefore = w.eng.Pending()
		cmidBefore = w.clients[firstOf(w, lab)].cmid
		tt.a.kind = tt.kind
		if tt.setup != nil {
			tt.setup(w, &tt.a)
		}
		w.actions = append(w.actions, tt.a)
		w.act(int32(len(w.actions) - 1))
		if msg := tt.check(w); msg != "" {
			t.Errorf("kind %d: %s", tt.kind, msg)
		}
	}
	for k := range numActionKinds {
		if !covered[k] {
			t.Errorf("action kind %d has no case here: what should it change?", k)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("act of an unknown kind did not panic")
		}
	}()
	w := build(scn, Options{Seed: 1}, instances(scn), nil, newSums(1))
	w.actions = append(w.actions, action{kind: numActionKinds})
	w.act(int32(len(w.actions) - 1))
}

// unless returns msg when ok is false.
func unless(ok bool, msg string) string {
	if ok {
		return ""
	}
	return msg
}

// firstOf returns the first machine present in group gi.
func firstOf(w *world, gi int32) int32 { return w.groups[gi].present[0] }

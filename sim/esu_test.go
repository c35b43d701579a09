package sim

import "testing"

// esuFleet starts on 2026-09-01, during ESU year 1 (K42); year 2 begins
// on 2026-11-11, day 71. 100 desktops join on day 0, 30 retire on day 30,
// 10 join on day 40 and 5 on day 100; 20 AVD desktops take ESU at no cost.
const esuFleet = `
name: esu
start: 2026-09-01
duration: 200d
mak_keys:
  - {name: esu-y1, activations: 120}
  - {name: esu-y2, activations: 50}
hosts:
  - {name: kms1, keys: [windows-server-2022]}
fleet:
  - {group: desktops, count: 100, product: windows-10, esu: {years: [1, 2], keys: [esu-y1, esu-y2]}}
  - {group: avd, count: 20, product: windows-10, esu: {years: [1, 2], azure: true}}
  - {group: new, count: 30, product: windows-11}
events:
  - {at: 30d, decommission: {group: desktops, count: 30}}
  - {at: 40d, add: {group: desktops, count: 10}}
  - {at: 100d, add: {group: desktops, count: 5}}
`

func TestESUShrinkingFleet(t *testing.T) {
	res, _ := runYAML(t, esuFleet, 1)
	want := []ESUYear{
		// Year 1: 100 at the run's start, 10 installed on day 40.
		{Year: 1, From: -294 * day, Until: 71 * day, Needed: 110, Used: 110, Azure: 20},
		// Year 2: the 80 present on day 71, 5 installed on day 100;
		// the key's 50 run out on day 71.
		{Year: 2, From: 71 * day, Until: 407 * day, Needed: 85, Used: 50, Without: 35, Azure: 20},
	}
	if len(res.ESU) != len(want) {
		t.Fatalf("ESU = %+v, want %+v", res.ESU, want)
	}
	for i := range want {
		if res.ESU[i] != want[i] {
			t.Errorf("ESU[%d] = %+v, want %+v", i, res.ESU[i], want[i])
		}
	}
	ex := milestones(res, MilestoneMAKExhausted)
	if len(ex) != 1 || ex[0].Key != "esu-y2" || ex[0].At != 71*day || ex[0].ESUYear != 2 {
		t.Errorf("exhausted = %+v, want esu-y2 on day 71 (2026-11-11), year 2", ex)
	}
	short := milestones(res, MilestoneESUShort)
	if len(short) != 1 || short[0].Key != "esu-y2" || short[0].At != 71*day {
		t.Errorf("short = %+v, want esu-y2 on day 71", short)
	}
	for _, k := range res.Keys {
		left := k.Remaining[len(k.Remaining)-1]
		if w := map[string]int32{"esu-y1": 10, "esu-y2": 0}[k.Name]; left != w {
			t.Errorf("%s: %d left, want %d", k.Name, left, w)
		}
	}
	// K42: the add-on changes no KMS activation: every client is licensed.
	if res.Totals.FailMAK != 0 || res.Totals.MAKActivations != 0 {
		t.Errorf("MAK totals %+v: ESU must not touch Windows activation", res.Totals)
	}
}

// A run before ESU year 1, and one after year 3, has no ESU year.
func TestESUOutsideYears(t *testing.T) {
	for _, start := range []string{"2024-01-01", "2028-10-11"} {
		res, _ := runYAML(t, stringsReplace(esuFleet, "2026-09-01", start), 1)
		if len(res.ESU) != 0 || len(milestones(res, MilestoneMAKExhausted)) != 0 {
			t.Errorf("start %s: ESU %+v", start, res.ESU)
		}
	}
}

// Groups that take year 1 only use nothing after it ends: the machine
// installed on day 100 needs no add-on.
func TestESUYearEnd(t *testing.T) {
	src := stringsReplace(esuFleet, "years: [1, 2], keys: [esu-y1, esu-y2]", "years: [1], keys: [esu-y1]")
	src = stringsReplace(src, "years: [1, 2], azure", "years: [1], azure")
	res, _ := runYAML(t, src, 1)
	if len(res.ESU) != 1 || res.ESU[0].Needed != 110 || res.ESU[0].Used != 110 || res.ESU[0].Without != 0 {
		t.Errorf("ESU = %+v, want year 1 only: 110 needed and used", res.ESU)
	}
}

// New hardware during a year is a new device: each replacement uses an
// activation of the year's key (K25), the machine it replaces having used
// its own.
func TestESUReplacedHardware(t *testing.T) {
	src := esuFleet + "  - {at: 120d, replace: {group: desktops, count: 4}}\n"
	res, _ := runYAML(t, src, 1)
	if got := res.ESU[1]; got.Needed != 89 || got.Used != 50 || got.Without != 39 {
		t.Errorf("year 2 = %+v, want 89 needed, 50 used, 39 without", got)
	}
}

// model.esu_years moves the years: year 2 from 2026-12-01, day 91.
func TestESUDates(t *testing.T) {
	src := stringsReplace(esuFleet, "duration: 200d\n", "duration: 200d\nmodel: {esu_years: [2025-11-11, 2026-12-01, 2027-10-13, 2028-10-11]}\n")
	res, _ := runYAML(t, src, 1)
	if got := res.ESU[1]; got.From != 91*day || got.Needed != 85 || got.Used != 50 {
		t.Errorf("year 2 = %+v, want from day 91, 85 needed, 50 used", got)
	}
	if ex := milestones(res, MilestoneMAKExhausted); len(ex) != 1 || ex[0].At != 91*day {
		t.Errorf("exhausted = %+v, want day 91", ex)
	}
}

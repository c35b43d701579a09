package sim

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/sim/engine"
)

// K32, K40: Windows 11 LTSC 2024 clients on a host with a Server 2022 key
// are refused (0xC004F042, counted as fail_unsupported) and, having no
// other host, never activate; the Windows 11 clients beside them count and
// activate. The Server 2025 key activates both (K32).
func TestLTSC2024NeedsServer2025Key(t *testing.T) {
	const src = `
duration: 10d
hosts: [{name: kms1, os: windows-server-2022, keys: [%s]}]
fleet:
  - {group: w11, count: 30, product: windows-11}
  - {group: ltsc, count: 5, product: windows-11-ltsc-2024}
`
	for _, tt := range []struct {
		key          string
		ltscLicensed int
		unsupported  bool
		count        int32
	}{
		{"windows-server-2022", 0, true, 30},
		{"windows-server-2025", 5, false, 35},
	} {
		res, log := runYAML(t, fmt.Sprintf(src, tt.key), 1)
		refused := 0
		for _, e := range log {
			if e.Unsupported {
				refused++
			}
		}
		if (refused > 0) != tt.unsupported || (res.Totals.FailUnsupported > 0) != tt.unsupported {
			t.Errorf("%s: %d refused requests, fail_unsupported %d", tt.key, refused, res.Totals.FailUnsupported)
		}
		licensed := 0
		for _, g := range res.Groups {
			if g.Name == "ltsc" {
				for _, tr := range g.Transitions {
					if tr.To == Licensed {
						licensed++
					}
				}
			}
		}
		if licensed != tt.ltscLicensed {
			t.Errorf("%s: %d LTSC 2024 clients activated, want %d", tt.key, licensed, tt.ltscLicensed)
		}
		steps := res.Hosts[0].Pools[0].Steps
		if got := steps[len(steps)-1].Value; got != tt.count {
			t.Errorf("%s: count %d, want %d", tt.key, got, tt.count)
		}
	}
}

// K33: each Office version has its own count on a host: 6 Office 2016
// clients and 3 LTSC 2024 clients give 6 and 3, not 9; the 2016 clients
// activate (5) and the LTSC 2024 ones do not.
func TestOfficeVersionsCountApart(t *testing.T) {
	res, _ := runYAML(t, `
duration: 10d
hosts: [{name: kms1, os: windows-server-2022, keys: [windows-server-2022, office-2016, office-ltsc-2024]}]
fleet:
  - {group: o16, count: 6, product: office-2016}
  - {group: o24, count: 3, product: office-ltsc-2024}
`, 1)
	got := map[string]int32{}
	for _, p := range res.Hosts[0].Pools {
		if n := len(p.Steps); n > 0 {
			got[string(p.Pool)] = p.Steps[n-1].Value
		}
	}
	if got["office-2016"] != 6 || got["office-ltsc-2024"] != 3 || len(got) != 2 {
		t.Errorf("counts %v, want office-2016 6 and office-ltsc-2024 3", got)
	}
	for _, ps := range res.Products {
		want := 0
		if ps.Product == "office-2016" {
			want = 6
		}
		if n := ps.Final(Licensed); n != want {
			t.Errorf("%s: %d licensed, want %d", ps.Product, n, want)
		}
	}
}

// K36: a group that moves to subscription activation sends no KMS request
// after its switch and stays activated; its CMIDs age out of the host's
// table 30 days after their last request (K11), so the 20 KMS clients left
// behind see the count fall from 30 to 20, between day 43 and day 50.
func TestSubscriptionLeavesKMS(t *testing.T) {
	res, log := runYAML(t, `
duration: 60d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: pcs, count: 20, product: windows-11}
  - {group: ent, count: 10, product: windows-11}
events:
  - {at: 20d, switch: {group: ent, to: subscription}}
`, 1)
	for _, e := range log {
		if e.Group == "ent" && e.At >= 20*day {
			t.Fatalf("ent asked kms1 at %d after its switch to subscription", e.At)
		}
	}
	var below Milestone
	for _, m := range milestones(res, MilestoneCountBelow) {
		below = m
		break
	}
	if below.At < 43*day || below.At > 50*day {
		t.Errorf("count fell below 25 at day %.2f, want between 43 and 50", Days(below.At))
	}
	steps := res.Hosts[0].Pools[0].Steps
	if got := steps[len(steps)-1].Value; got != 20 {
		t.Errorf("count at the end %d, want 20", got)
	}
	for _, g := range res.Groups {
		if g.Name == "ent" && g.Transitions[len(g.Transitions)-1].To != Licensed {
			t.Errorf("ent ends in %s", g.Transitions[len(g.Transitions)-1].To)
		}
	}
}

// K38: Windows warns 30 days before a KMS activation lapses. In the
// decommissioning trap every first warning comes exactly 30 days before
// the first lapse, all 23 machines are warned, and a warning ends with
// the lapse; when two machines come back on day 240 the count recovers,
// the warned machines renew and their warnings end, and none lapses.
func TestExpiryWarning(t *testing.T) {
	const trap = `
duration: 300d
sample: 6h
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - {group: desktops, count: 21, product: windows-7, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 4, product: windows-7, join: {at: 0d, over: 7d}}
events:
  - {at: 60d, decommission: {group: laptops, count: 2}}
`
	res, _ := runYAML(t, trap, 1)
	warned := milestones(res, MilestoneFirstExpiryWarning)
	lapsed := milestones(res, MilestoneFirstExpiry)
	if len(warned) != 1 || len(lapsed) != 1 || lapsed[0].At-warned[0].At != 30*day {
		t.Fatalf("warning %v, lapse %v: want the warning exactly 30 days before", warned, lapsed)
	}
	p := res.Products[0]
	peak := int32(0)
	for _, v := range p.Expiring {
		peak = max(peak, v)
	}
	if peak != 23 || p.Expiring[len(p.Expiring)-1] != 0 {
		t.Errorf("expiring peaks at %d and ends at %d, want 23 and 0", peak, p.Expiring[len(p.Expiring)-1])
	}

	res, _ = runYAML(t, trap+"  - {at: 240d, add: {group: desktops, count: 2}}\n", 1)
	p = res.Products[0]
	if len(milestones(res, MilestoneFirstExpiryWarning)) != 1 || len(milestones(res, MilestoneFirstExpiry)) != 0 {
		t.Errorf("with the recovery: milestones %v", res.Milestones)
	}
	if got := p.Expiring[len(p.Expiring)-1]; got != 0 || p.Final(Licensed) != 25 {
		t.Errorf("with the recovery: %d still warned, %d licensed; want 0 and 25", got, p.Final(Licensed))
	}
}

// K37: 40 pooled desktops generalized at every daily refresh send a new
// CMID a day each, so the host's count climbs to its cache of 50 (K13) by
// the second day and stays there while the pool runs; 30 days after the
// pool is retired on day 60 the count is the 10 persistent machines'.
// Pooled clones that are not generalized count once (K9).
func TestPooledDesktops(t *testing.T) {
	const src = `
duration: 120d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: pcs, count: 10, product: windows-11}
  - {group: vdi, count: 40, product: windows-11, pooled: {refresh: 1d, over: 1h%s}}
events:
  - {at: 60d, decommission: {group: vdi, count: 40}}
`
	countAt := func(res *Result, at engine.Time) int32 {
		v := int32(-1)
		for _, s := range res.Hosts[0].Pools[0].Steps {
			if s.At <= at {
				v = s.Value
			}
		}
		return v
	}
	res, _ := runYAML(t, fmt.Sprintf(src, ""), 1)
	if got := countAt(res, 2*day); got != 50 {
		t.Errorf("generalized pool: count on day 2 = %d, want the cache of 50", got)
	}
	if got := countAt(res, 59*day); got != 50 {
		t.Errorf("generalized pool: count on day 59 = %d, want 50", got)
	}
	if got := countAt(res, 92*day); got != 10 {
		t.Errorf("generalized pool: count on day 92 = %d, want 10", got)
	}
	res, _ = runYAML(t, fmt.Sprintf(src, ", generalize: false"), 1)
	if got := countAt(res, 30*day); got != 11 {
		t.Errorf("cloned pool: count on day 30 = %d, want 11 (10 + one CMID)", got)
	}
}

// D2, K37: a switch installs a new product key, and a new product key
// gives a machine a new CMID. Six Windows 11 machines (too few to be
// activated, they ask every 2 hours) switch to subscription on day 10
// (K36) and back to KMS on day 20: they ask with six new CMIDs while the
// host still holds their six old ones (K11), so the count is 12 until the
// old ones age out on day 40, then 6.
func TestSwitchBackGivesNewCMIDs(t *testing.T) {
	res, log := runYAML(t, `
duration: 45d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: ent, count: 6, product: windows-11}
events:
  - {at: 10d, switch: {group: ent, to: subscription}}
  - {at: 20d, switch: {group: ent, to: kms}}
`, 1)
	cmids := map[int32]bool{}
	for _, e := range log {
		cmids[e.CMID] = true
	}
	if len(cmids) != 12 {
		t.Errorf("%d CMIDs asked, want 12 (6 before the switch, 6 after)", len(cmids))
	}
	countOn := func(d float64) int32 {
		v := int32(-1)
		for _, s := range poolSteps(t, res, "kms1", "windows", 0) {
			if Days(s.At) <= d {
				v = s.Value
			}
		}
		return v
	}
	if a, b, c, d := countOn(19), countOn(21), countOn(39.9), countOn(40.1); a != 6 || b != 12 || c != 12 || d != 6 {
		t.Errorf("count on days 19, 21, 39.9, 40.1: %d, %d, %d, %d; want 6, 12, 12, 6", a, b, c, d)
	}
}

// K43, K36: six Windows Server 2025 machines (threshold 5, K31) switch to
// pay-as-you-go through Azure Arc on day 10. They stay activated, by Azure,
// and send no KMS request after the switch. At the start the first four
// to ask see a count below 5 and retry 2 hours later (K5), so two machines
// renewed last on day 7 and four on day 7 + 2h (K6). Their CMIDs age out
// of the host's table 30 days after (K11): the count falls from 6 to 4,
// below 5, on day 37 exactly, and to 0 two hours later. A group that
// starts on payg never asks at all.
func TestPaygLeavesKMS(t *testing.T) {
	res, log := runYAML(t, `
duration: 60d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: srv, count: 6, product: windows-server-2025}
events:
  - {at: 10d, switch: {group: srv, to: payg}}
`, 1)
	lastOf := map[int]engine.Time{}
	for _, e := range log {
		if e.At >= 10*day {
			t.Fatalf("srv asked kms1 at day %.2f, after its switch to payg", Days(e.At))
		}
		lastOf[e.Client] = e.At
	}
	var at7, at7h2 int
	for _, at := range lastOf {
		switch at {
		case 7 * day:
			at7++
		case 7*day + 2*hour:
			at7h2++
		}
	}
	if at7 != 2 || at7h2 != 4 {
		t.Errorf("last requests: %d on day 7, %d on day 7 + 2h; want 2 and 4", at7, at7h2)
	}
	below := milestones(res, MilestoneCountBelow)
	if len(below) != 1 || below[0].At != 37*day {
		t.Fatalf("count below 5: %v, want once, on day 37 (day 7 + 30, K11)", below)
	}
	var got []Step
	for _, s := range poolSteps(t, res, "kms1", "windows", 0) {
		if s.At >= 30*day {
			got = append(got, s)
		}
	}
	want := []Step{{At: 37 * day, Value: 4}, {At: 37*day + 2*hour, Value: 0}}
	if !slices.Equal(got, want) {
		t.Errorf("count steps after day 30: %v, want %v", got, want)
	}
	g := res.Groups[0]
	if to := g.Transitions[len(g.Transitions)-1].To; to != Licensed {
		t.Errorf("srv ends in %s, want licensed by Azure", to)
	}

	_, log = runYAML(t, `
duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: srv, count: 6, product: windows-server-2025, activation: payg}
`, 1)
	if len(log) != 0 {
		t.Errorf("a payg group sent %d requests, want 0", len(log))
	}
}

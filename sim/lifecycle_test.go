package sim

import (
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// poolSteps returns the steps of a host's pool at or after from.
func poolSteps(t *testing.T, res *Result, host string, p scenarios.Pool, from engine.Time) []Step {
	t.Helper()
	for _, h := range res.Hosts {
		for _, ps := range h.Pools {
			if h.Name == host && ps.Pool == p {
				var out []Step
				for _, s := range ps.Steps {
					if s.At >= from {
						out = append(out, s)
					}
				}
				return out
			}
		}
	}
	t.Fatalf("no pool %s of %s", p, host)
	return nil
}

// K10, K11, K23: a laptop away for 40 days drops out of the count 30 days
// after its last request, and is counted again at its first request back,
// the moment it returns (its renewal fell due while it was away).
func TestAwayDropsOutAndComesBack(t *testing.T) {
	res, log := runYAML(t, `
duration: 80d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - {group: desktops, count: 29, product: windows-7, join: {at: 0s, over: 1h}}
  - {group: laptop, count: 1, product: windows-7, join: {at: 0s, over: 1h}}
events:
  - at: 10d
    away: {group: laptop, count: 1, for: 40d}
`, 1)
	var last, back engine.Time = -1, -1
	for _, e := range log {
		if e.Group != "laptop" {
			continue
		}
		if e.At < 10*day {
			last = e.At
		} else if back < 0 {
			back = e.At
		}
	}
	if last < 3*day || back != 50*day {
		t.Fatalf("the laptop last asked at %v and first asked back at %v, want before day 10 and at day 50", last, back)
	}
	want := []Step{{At: last + 30*day, Value: 29}, {At: 50 * day, Value: 30}}
	got := poolSteps(t, res, "kms1", scenarios.PoolWindows, 10*day)
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("count after day 10: %v, want %v", got, want)
	}
}

// Presence: a machine that is on only in office hours on weekdays asks
// only then; a renewal due at night or on a weekend waits for the next
// morning of a weekday.
func TestOfficeHoursAndWeekdays(t *testing.T) {
	_, log := runYAML(t, `
duration: 60d
start: 2027-01-04   # a Monday
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - group: pcs
    count: 30
    product: windows-7
    join: {at: 0s, over: 7d}
    presence: {hours: {from: 8h, until: 18h}, weekdays: true}
`, 1)
	if len(log) < 30*8 {
		t.Fatalf("only %d requests", len(log))
	}
	for _, e := range log {
		tod, weekday := e.At%day, (e.At/day)%7 // day 0 is a Monday
		if tod < 8*hour || tod >= 18*hour || weekday >= 5 {
			t.Fatalf("a request at day %.3f (weekday %d, %v into the day)", float64(e.At)/float64(day), weekday, tod)
		}
	}
}

// K3, K9, K13: re-imaging a 30-machine lab with sysprep /generalize gives
// every machine a new CMID. The host's count climbs from 30 as the new
// CMIDs arrive while the old ones are still remembered, up to its cache of
// 50 (2 × 25): the last 10 new CMIDs push out 10 old ones. It falls back
// to 30 as the 20 old ones left age out, 30 days after their last
// request (their last weekly renewal, on day 56).
func TestReimageGeneralizedCountPath(t *testing.T) {
	res, log := runYAML(t, `
duration: 120d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - {group: lab, count: 30, product: windows-7, join: {at: 0s, over: 1h}}
events:
  - at: 60d
    reimage: {group: lab}
`, 1)
	steps := poolSteps(t, res, "kms1", scenarios.PoolWindows, 60*day)
	// Up by one per new CMID to the cap, all at day 60.
	for i, s := range steps[:20] {
		if s.At != 60*day || s.Value != int32(31+i) {
			t.Fatalf("step %d after the re-imaging: %+v, want %d at day 60", i, s, 31+i)
		}
	}
	// The 20 old CMIDs the cache kept age out one by one, each 30 days
	// after its last request before the re-imaging.
	var lastOld []engine.Time
	seen := map[int]bool{}
	for i := len(log) - 1; i >= 0; i-- {
		if e := log[i]; e.At < 60*day && !seen[e.Client] {
			seen[e.Client] = true
			lastOld = append(lastOld, e.At+30*day)
		}
	}
	slices.Sort(lastOld)
	down := steps[20:]
	if len(down) != 20 {
		t.Fatalf("%d steps after the climb, want 20: %v", len(down), down)
	}
	for i, s := range down {
		// The 10 pushed out were the 10 heard from longest ago.
		if s.Value != int32(49-i) || s.At != lastOld[10+i] {
			t.Fatalf("step %d: %+v, want the count %d at %d", i, s, 49-i, lastOld[10+i])
		}
	}
	// Every machine is activated again at once: the count is over 25.
	if n := stateAt(t, res, scenarios.Windows7, Licensed, 60*day); n != 30 {
		t.Fatalf("%d licensed just after the re-imaging, want 30", n)
	}
}

// K9: re-imaged without generalize, the machines are clones that share one
// CMID: the count rises by one only (to 31, while the old CMIDs are
// remembered, so the clones are activated), drops to 1 once the old CMIDs
// age out, and from then on every clone's renewal fails (K8: they stay
// activated until their 180 days run out).
func TestReimageClonesShareOneCMID(t *testing.T) {
	res, _ := runYAML(t, `
duration: 120d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - {group: lab, count: 30, product: windows-7, join: {at: 0s, over: 1h}}
events:
  - at: 60d
    reimage: {group: lab, generalize: false}
`, 1)
	steps := poolSteps(t, res, "kms1", scenarios.PoolWindows, 60*day)
	if steps[0] != (Step{At: 60 * day, Value: 31}) || steps[len(steps)-1].Value != 1 {
		t.Fatalf("count after the re-imaging: %v, want 31 at day 60 and 1 at the end", steps)
	}
	var failed int64
	for i, at := range res.Times {
		if at > 90*day {
			failed += res.Traffic[i].FailCountLow
		}
	}
	if failed < 30 {
		t.Fatalf("%d failed renewals after day 90, want every clone's", failed)
	}
}

// K25, K26: a MAK key of 50 activations and a lab of 30 machines
// re-imaged every 60 days. Without the proxy, the lab's first imaging uses
// 30 and the key runs out during the second (the re-imaging on day 60):
// the 20 left go to 20 machines and the 51st activation fails, so 10
// machines stay in grace, then notification. With the proxy, re-imaged
// machines re-activate from its CID store and the key never runs out.
func TestMAKLabReimaged(t *testing.T) {
	const src = `
duration: 200d
mak_keys: [{name: lab-mak, activations: Open_MAK_50}]
fleet:
  - group: lab
    count: 30
    product: windows-7
    activation: mak
    mak: lab-mak
    mak_proxy: PROXY
    join: {at: 0s, over: 1h}
    lifecycle:
      reimage: {every: 60d, over: 2h}
`
	res, _ := runYAML(t, stringsReplace(src, "PROXY", "false"), 1)
	k := res.Keys[0]
	if k.Name != "lab-mak" || k.Activations != 50 {
		t.Fatalf("key %+v", k)
	}
	ex := milestones(res, MilestoneMAKExhausted)
	if len(ex) != 1 || ex[0].At < 60*day || ex[0].At >= 60*day+2*hour || ex[0].Key != "lab-mak" {
		t.Fatalf("exhausted: %+v, want once, during the re-imaging of day 60", ex)
	}
	if res.Totals.MAKActivations != 50 || res.Totals.FailMAK != 10+30+30 {
		t.Fatalf("%d activations, %d refused; want 50 and 70 (10 on day 60, 30 on days 120 and 180)", res.Totals.MAKActivations, res.Totals.FailMAK)
	}
	if n := stateAt(t, res, scenarios.Windows7, Licensed, 61*day); n != 20 {
		t.Fatalf("%d licensed on day 61, want 20", n)
	}
	if n := stateAt(t, res, scenarios.Windows7, Notification, 91*day); n != 10 {
		t.Fatalf("%d in notification on day 91, want the 10 refused", n)
	}
	if got := k.Remaining[len(k.Remaining)-1]; got != 0 {
		t.Fatalf("%d activations left at the end, want 0", got)
	}

	res, _ = runYAML(t, stringsReplace(src, "PROXY", "true"), 1)
	if len(milestones(res, MilestoneMAKExhausted)) != 0 || res.Totals.MAKActivations != 30 || res.Totals.MAKFromStore != 90 || res.Totals.FailMAK != 0 {
		t.Fatalf("with the proxy: %d activations, %d from the store, %d refused; want 30, 90, 0", res.Totals.MAKActivations, res.Totals.MAKFromStore, res.Totals.FailMAK)
	}
	if got := res.Keys[0].Remaining[len(res.Keys[0].Remaining)-1]; got != 20 {
		t.Fatalf("%d activations left with the proxy, want 20", got)
	}
	if n := stateAt(t, res, scenarios.Windows7, Licensed, 199*day); n != 30 {
		t.Fatalf("%d licensed at the end with the proxy, want 30", n)
	}
}

// K26: a proxy saves re-activations, not new machines: a replaced machine
// is new hardware and uses an activation.
func TestMAKProxyNewMachineUsesActivation(t *testing.T) {
	res, _ := runYAML(t, `
duration: 100d
mak_keys: [{name: k, activations: 12}]
fleet:
  - {group: pcs, count: 10, product: windows-7, activation: mak, mak: k, mak_proxy: true}
events:
  - {at: 30d, reimage: {group: pcs}}
  - {at: 40d, replace: {group: pcs, count: 3}}
`, 1)
	if res.Totals.MAKActivations != 12 || res.Totals.MAKFromStore != 10 || res.Totals.FailMAK != 1 {
		t.Fatalf("%d activations, %d from the store, %d refused; want 12, 10, 1", res.Totals.MAKActivations, res.Totals.MAKFromStore, res.Totals.FailMAK)
	}
}

// OEM and token activation need nothing and never count toward a host; a
// site that switches from MAK to KMS starts counting then.
func TestOEMTokenAndSwitch(t *testing.T) {
	res, log := runYAML(t, `
duration: 90d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
mak_keys: [{name: k, activations: 100}]
fleet:
  - {group: oem, count: 10, product: windows-7, activation: oem}
  - {group: token, count: 10, product: windows-7, activation: token}
  - {group: branch, count: 30, product: windows-7, activation: mak, mak: k}
events:
  - {at: 30d, switch: {group: branch, to: kms}}
`, 1)
	for _, e := range log {
		if e.Group != "branch" || e.At < 30*day {
			t.Fatalf("a request from %s at day %.2f", e.Group, float64(e.At)/float64(day))
		}
	}
	if n := stateAt(t, res, scenarios.Windows7, Licensed, 29*day); n != 50 {
		t.Fatalf("%d licensed on day 29, want 50", n)
	}
	if n := stateAt(t, res, scenarios.Windows7, Licensed, 31*day); n != 50 {
		t.Fatalf("%d licensed on day 31, want 50 (the branch by KMS now)", n)
	}
	got := poolSteps(t, res, "kms1", scenarios.PoolWindows, 0)
	if got[0].At != 30*day || got[len(got)-1].Value != 30 {
		t.Fatalf("count %v, want it to start on day 30 and reach 30", got)
	}
}

// Trips: with gaps of 30 days on average and trips of 14 to 49 days (31.5
// on average), a laptop is away 31.5 / 61.5 = 51% of the time; with VPN on
// 60% of its days away it still asks the host while away, without it never.
func TestTripsShareAway(t *testing.T) {
	for _, vpn := range []string{"0", "0.6"} {
		res, log := runYAML(t, `
duration: 730d
sample: 1d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet:
  - {group: desktops, count: 30, product: windows-7}
  - group: laptops
    count: 200
    product: windows-7
    presence: {trips: {every: 30d, min: 14d, max: 49d}, vpn: `+vpn+`}
`, 1)
		g := res.Groups[1]
		sum := 0
		for _, v := range g.Away[180:] { // after the first trips have begun
			sum += int(v)
		}
		share := float64(sum) / float64(len(g.Away[180:])) / 200
		if share < 0.47 || share > 0.55 {
			t.Errorf("vpn %s: laptops away %.3f of the time, want about 0.51", vpn, share)
		}
		// A laptop's requests come at most 7 days apart (its renewals)
		// unless it is away without VPN.
		gaps := 0
		for _, ex := range byClient(log) {
			for i := 1; i < len(ex); i++ {
				if ex[i].Group == "laptops" && ex[i].At-ex[i-1].At > 14*day {
					gaps++
				}
			}
		}
		if vpn == "0" && gaps < 1000 || vpn == "0.6" && gaps > 100 {
			t.Errorf("vpn %s: %d silences of more than 14 days", vpn, gaps)
		}
	}
}

// K4: a lab with no host to activate it, rearmed every 25 days: each rearm
// restarts the 30-day grace, the fourth does nothing (at most 3 per
// installation), so the machines go black 30 days after the third, on day
// 105. Retirements at a rate take machines out one by one.
func TestScheduledRearmsAndRetirements(t *testing.T) {
	res, _ := runYAML(t, `
duration: 150d
sample: 1d
fleet:
  - group: lab
    count: 10
    product: windows-7
    lifecycle:
      rearm: {every: 25d}
      retire: {every: 40d, count: 2}
`, 1)
	// Days 25, 50 and 75: 10, then 8 (2 retired on day 40), then 8; the
	// rearm of day 100 would be the fourth.
	if res.Totals.Rearms != 10+8+8 {
		t.Fatalf("%d rearms, want 26", res.Totals.Rearms)
	}
	if n := stateAt(t, res, scenarios.Windows7, InitialGrace, 104*day); n != 6 {
		t.Fatalf("%d in grace on day 104, want 6 (10 less 2 retired on days 40 and 80)", n)
	}
	if n := stateAt(t, res, scenarios.Windows7, Notification, 105*day); n != 6 {
		t.Fatalf("%d in notification on day 105, want 6", n)
	}
	if n := stateAt(t, res, scenarios.Windows7, Notification, 150*day); n != 4 {
		t.Fatalf("%d in notification at the end, want 4 (2 more retired on day 120)", n)
	}
}

// A retirement planned before the machines join is not dropped: 5 join on
// day 10, 2 are retired on day 5, so 3 join and 2 never do.
func TestDecommissionBeforeJoin(t *testing.T) {
	res, log := runYAML(t, `
duration: 20d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: pcs, count: 5, product: windows-7, join: {at: 10d}}]
events:
  - {at: 5d, decommission: {group: pcs, count: 2}}
`, 1)
	asked := map[int]bool{}
	for _, e := range log {
		asked[e.Client] = true
	}
	if len(asked) != 3 || res.Products[0].Final(InitialGrace) != 3 {
		t.Errorf("%d clients asked, %d in grace at the end; want 3 and 3", len(asked), res.Products[0].Final(InitialGrace))
	}
}

// D3, K4, K9, K37: a rearm gives a machine a new CMID. 20 Windows 11
// machines, too few for their threshold of 25, are rearmed on day 10:
// their 20 new CMIDs join the 20 old ones the host still holds (K11), the
// count is 40, and all are activated at their next attempt, within 2
// hours (K5). 30 clones sharing one CMID (K9) count once until they are
// rearmed, by an event or when their grace runs out (rearms: 1): then
// each has its own, the count is 31 and all are activated.
func TestRearmGivesNewCMID(t *testing.T) {
	for _, tt := range []struct {
		name, yaml       string
		at               engine.Time // the rearm
		before, after, n int32       // the counts before and after; the machines
	}{
		{"event", `
fleet:
  - {group: pcs, count: 20, product: windows-11}
events:
  - {at: 10d, rearm: {group: pcs}}
`, 10 * day, 20, 40, 20},
		{"clones, event", `
fleet:
  - {group: lab, count: 30, product: windows-11, shared_cmid: true}
events:
  - {at: 10d, rearm: {group: lab}}
`, 10 * day, 1, 31, 30},
		{"clones, grace runs out", `
fleet:
  - {group: lab, count: 30, product: windows-11, shared_cmid: true, rearms: 1}
`, 30 * day, 1, 31, 30},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := runYAML(t, `
duration: 50d
hosts: [{name: kms1, keys: [windows-server-2025]}]
`+tt.yaml, 1)
			countAt := func(at engine.Time) int32 {
				v := int32(-1)
				for _, s := range poolSteps(t, res, "kms1", "windows", 0) {
					if s.At <= at {
						v = s.Value
					}
				}
				return v
			}
			if b, a := countAt(tt.at-hour), countAt(tt.at+2*hour); b != tt.before || a != tt.after {
				t.Errorf("count before and after the rearm: %d, %d; want %d, %d", b, a, tt.before, tt.after)
			}
			if n := stateAt(t, res, scenarios.Windows11, Licensed, tt.at+3*hour); n != int(tt.n) {
				t.Errorf("%d licensed 3 hours after the rearm, want %d", n, tt.n)
			}
			if res.Totals.Rearms != int64(tt.n) {
				t.Errorf("%d rearms, want %d", res.Totals.Rearms, tt.n)
			}
		})
	}
}

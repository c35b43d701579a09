package sim

import "testing"

// K34, K35: 20 domain members activate by AD and send no KMS request, so
// the host counts only the 30 others. When the activation object is
// deleted on day 30 the members fall back to KMS at their next renewal,
// within the renewal interval: the count rises to 50 by day 37 and none is
// licensed by AD any more. Members restricted to AD (act_type ad) cannot
// fall back: their attempts fail from then on.
func TestADBasedActivation(t *testing.T) {
	res, log := runYAML(t, `
duration: 60d
hosts: [{name: kms1, os: windows-server-2025, keys: [windows-server-2025]}]
ad:
  objects: [windows-server-2025]
fleet:
  - {group: pcs, count: 30, product: windows-11}
  - {group: members, count: 20, product: windows-11, ad_member: true}
  - {group: adonly, count: 3, product: windows-11, ad_member: true, act_type: ad}
events:
  - {at: 30d, ad_remove: {object: windows-server-2025}}
`, 1)
	for _, e := range log {
		if (e.Group == "members" && e.At < 30*day) || e.Group == "adonly" {
			t.Fatalf("%s asked kms1 at day %.2f", e.Group, Days(e.At))
		}
	}
	countAt := func(at float64) int32 {
		v := int32(-1)
		for _, s := range res.Hosts[0].Pools[0].Steps {
			if Days(s.At) <= at {
				v = s.Value
			}
		}
		return v
	}
	if got := countAt(29); got != 30 {
		t.Errorf("count on day 29 = %d, want 30 (the members count on no host)", got)
	}
	if got := countAt(37); got != 50 {
		t.Errorf("count on day 37 = %d, want 50 (the members fell back)", got)
	}
	fb := milestones(res, MilestoneFirstADFallback)
	if len(fb) != 1 || fb[0].At < 30*day || fb[0].At > 37*day {
		t.Errorf("first fallback %v, want one between day 30 and 37", fb)
	}
	if res.Totals.ADActivations != 23 || res.Totals.ADFallbacks < 20 || res.Totals.FailAD == 0 {
		t.Errorf("totals %+v", res.Totals)
	}
	p := res.Products[0]
	at := func(day int) int32 { return p.LicensedAD[day*24] } // hourly samples
	if at(29) != 23 || at(38) != 3 || at(59) != 3 {
		t.Errorf("licensed by AD on days 29, 38, 59: %d, %d, %d; want 23, 3, 3 (act_type ad keeps its 180 days)", at(29), at(38), at(59))
	}
	if !res.AD {
		t.Error("Result.AD is false")
	}
}

// K35: machines taken out of the domain use KMS from their next attempt;
// a domain-controller outage sends the members to KMS only while it
// lasts (they renew by AD again after it).
func TestLeaveDomainAndDCOutage(t *testing.T) {
	res, log := runYAML(t, `
duration: 40d
hosts: [{name: kms1, keys: [windows-server-2025]}]
ad: {objects: [windows-server-2025]}
fleet:
  - {group: pcs, count: 30, product: windows-11}
  - {group: members, count: 20, product: windows-11, ad_member: true}
events:
  - {at: 10d, leave_domain: {group: members, count: 5}}
  - {at: 20d, dc_down: {for: 8d}}
`, 1)
	before, outage, after := map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, e := range log {
		if e.Group != "members" {
			continue
		}
		switch {
		case e.At < 10*day:
			before[e.Client] = true
		case e.At >= 20*day && e.At < 28*day:
			outage[e.Client] = true
		case e.At >= 28*day:
			after[e.Client] = true
		}
	}
	// Before: none; during the outage: all 20 (5 out of the domain, 15
	// whose AD renewal failed); after it: the 5 that left, only.
	if len(before) != 0 || len(outage) != 20 || len(after) != 5 {
		t.Errorf("members asking KMS before, during and after the outage: %d, %d, %d; want 0, 20, 5", len(before), len(outage), len(after))
	}
	if res.Totals.ADFallbacks == 0 {
		t.Error("no fallbacks counted")
	}
}

// D1, K35: act_type ad restricts a machine to AD. Five such machines that
// leave the domain on day 10 cannot fall back to KMS: from their renewal
// on day 14 every attempt fails (fail_ad), they send kms1 no request and
// count on no host, and they stay activated by AD until their 180 days
// run out (K8, K34).
func TestADOnlyLeavingTheDomainStaysOffKMS(t *testing.T) {
	res, log := runYAML(t, `
duration: 40d
hosts: [{name: kms1, keys: [windows-server-2025]}]
ad: {objects: [windows-server-2025]}
fleet:
  - {group: adonly, count: 5, product: windows-11, ad_member: true, act_type: ad}
events:
  - {at: 10d, leave_domain: {group: adonly, count: 5}}
`, 1)
	if len(log) != 0 {
		t.Errorf("%d KMS requests, the first at day %.2f; want none (K35: restricted to AD)", len(log), Days(log[0].At))
	}
	if steps := poolSteps(t, res, "kms1", "windows", 0); len(steps) != 0 {
		t.Errorf("kms1 counted %v, want nothing", steps)
	}
	if res.Totals.FailAD == 0 || res.Totals.ADFallbacks != 0 {
		t.Errorf("fail_ad %d, ad_fallbacks %d; want some and none", res.Totals.FailAD, res.Totals.ADFallbacks)
	}
	if got := res.Products[0].LicensedAD[39*24]; got != 5 {
		t.Errorf("licensed by AD on day 39: %d, want 5 (their 180 days run on)", got)
	}
}

package sim

import (
	"math"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// chiSquare returns Pearson's statistic of observed counts against
// expected shares.
func chiSquare(observed []int, shares []float64, n int) float64 {
	x := 0.0
	for i, o := range observed {
		e := shares[i] * float64(n)
		x += (float64(o) - e) * (float64(o) - e) / e
	}
	return x
}

// RFC 2782 (K20): within the lowest priority, each record is chosen with
// probability weight/sum; higher priorities are never chosen while a lower
// one is present. The bound is the 99.9% quantile of chi-square with 2
// degrees of freedom; the seed is fixed, so the test cannot flake.
func TestPickWeightedMatchesWeights(t *testing.T) {
	recs := []record{
		{host: 0, priority: 0, weight: 60},
		{host: 1, priority: 10, weight: 1000},
		{host: 2, priority: 0, weight: 30},
		{host: 3, priority: 0, weight: 10},
	}
	r := newRand(1, 0)
	const n = 100_000
	got := make([]int, len(recs))
	for range n {
		got[pick(recs, false, r)]++
	}
	if got[1] != 0 {
		t.Fatalf("the priority-10 record was chosen %d times, want 0", got[1])
	}
	obs := []int{got[0], got[2], got[3]}
	if x := chiSquare(obs, []float64{0.6, 0.3, 0.1}, n); x > 13.82 {
		t.Fatalf("shares %v of %d: chi-square %.1f > 13.82, want weight shares 60/30/10", obs, n, x)
	}
}

func TestPickZeroWeightsAndRandom(t *testing.T) {
	r := newRand(2, 0)
	const n = 40_000
	// All weights 0: uniform within the priority (the KMS default record).
	zero := []record{{host: 0}, {host: 1}, {host: 2}, {host: 3, priority: 1}}
	got := make([]int, 4)
	for range n {
		got[pick(zero, false, r)]++
	}
	if got[3] != 0 {
		t.Fatalf("priority 1 chosen %d times", got[3])
	}
	if x := chiSquare(got[:3], []float64{1. / 3, 1. / 3, 1. / 3}, n); x > 13.82 {
		t.Fatalf("zero weights: shares %v, chi-square %.1f, want uniform", got[:3], x)
	}
	// A weight-0 record next to weighted ones is never chosen.
	mixed := []record{{host: 0, weight: 0}, {host: 1, weight: 5}}
	for range 1000 {
		if pick(mixed, false, r) == 0 {
			t.Fatal("weight-0 record chosen beside a weighted one")
		}
	}
	// K20: older clients ignore priority and weight.
	weighted := []record{{host: 0, weight: 90}, {host: 1, priority: 10, weight: 10}}
	got = make([]int, 2)
	for range n {
		got[pick(weighted, true, r)]++
	}
	if x := chiSquare(got, []float64{0.5, 0.5}, n); x > 10.83 {
		t.Fatalf("random selection: shares %v, chi-square %.1f, want uniform", got, x)
	}
}

const primaryStandby = `
duration: 30d
sample: 1h
hosts:
  - {name: primary, keys: [windows-server-2008r2], srv: {priority: 0}}
  - {name: standby, keys: [windows-server-2008r2], srv: {priority: 10}}
fleet:
  - {group: servers, count: 10, product: windows-server-2008r2, host_caching: CACHING, join: {at: 1d, over: 1d}}
events:
  - {at: 0s, host_down: {host: primary, for: 5d}}
`

func hostsAfter(log []Exchange, from float64) map[string]int {
	m := map[string]int{}
	for _, e := range log {
		if e.Answered && float64(e.At) >= from {
			m[e.Host]++
		}
	}
	return m
}

// K21, K29: with the primary down, clients fail over to the standby and,
// with host caching on, stay there after the primary returns; with caching
// off they select by priority on every attempt and go back to the primary.
func TestK21K29FailoverAndCaching(t *testing.T) {
	replace := func(on string) string {
		return stringsReplace(primaryStandby, "CACHING", on)
	}
	_, cached := runYAML(t, replace("true"), 1)
	during := hostsAfter(cached, 0)
	if during["primary"] != 0 {
		t.Fatalf("primary answered while down: %v", during)
	}
	after := hostsAfter(cached, float64(6*day))
	if after["primary"] != 0 || after["standby"] == 0 {
		t.Fatalf("caching on: answers after the primary returned %v, want all from standby", after)
	}
	_, uncached := runYAML(t, replace("false"), 1)
	after = hostsAfter(uncached, float64(6*day))
	if after["standby"] != 0 || after["primary"] == 0 {
		t.Fatalf("caching off: answers after the primary returned %v, want all from primary", after)
	}
}

// K21: when the cached host fails, the client queries DNS again and fails
// over within the same attempt.
func TestK21CachedHostFails(t *testing.T) {
	_, log := runYAML(t, `
duration: 20d
sample: 1h
hosts:
  - {name: a, keys: [windows-server-2008r2], srv: {priority: 0}}
  - {name: b, keys: [windows-server-2008r2], srv: {priority: 10}}
fleet:
  - {group: servers, count: 1, product: windows-server-2008r2}
events:
  - {at: 3d, host_down: {host: a}}
`, 1)
	// Attempts at 0 (a, count 1), 2h (a, 1), … then after day 3 the next
	// attempt asks a (no answer), then b.
	for i, e := range log {
		if e.At >= 3*day {
			if e.Host != "a" || e.Answered || log[i+1].Host != "b" || !log[i+1].Answered || log[i+1].At != e.At {
				t.Fatalf("after a went down: %+v then %+v, want a unanswered then b at once", e, log[i+1])
			}
			break
		}
	}
}

// K19: a pinned client asks only its host, and a host not published in DNS
// is reached only by pinned clients.
func TestK19PinnedAndUnpublished(t *testing.T) {
	_, log := runYAML(t, `
duration: 2d
sample: 1h
hosts:
  - {name: hidden, keys: [windows-server-2008r2], publish: []}
  - {name: public, keys: [windows-server-2008r2]}
fleet:
  - {group: pinned, count: 3, product: windows-server-2008r2, kms: hidden}
  - {group: dns, count: 3, product: windows-server-2008r2}
`, 1)
	for _, e := range log {
		if (e.Group == "pinned") != (e.Host == "hidden") {
			t.Fatalf("group %s asked %s", e.Group, e.Host)
		}
	}
}

// K22: a new record reaches the clients only after the domain's
// propagation delay; until then they fail (no host in DNS).
func TestK22Propagation(t *testing.T) {
	res, log := runYAML(t, `
duration: 1d
sample: 1h
dns: [{name: corp.example, propagation: 3h}]
hosts:
  - {name: kms1, keys: [windows-server-2008r2], publish: []}
fleet:
  - {group: servers, count: 1, product: windows-server-2008r2}
events:
  - {at: 1h, srv_add: {host: kms1, domain: corp.example}}
`, 1)
	if len(log) == 0 || log[0].At != 4*hour {
		t.Fatalf("first request at %v, want 4h (added at 1h + 3h propagation)", log)
	}
	if res.Totals.FailNoHost != 2 {
		t.Fatalf("FailNoHost=%d, want 2 (attempts at 0 and 2h found no record)", res.Totals.FailNoHost)
	}
}

// K24: two hosts of equal weight split a 36-client site so that neither
// reaches 25 in most seeds. K29: with host caching off, each client's
// attempts spread over both hosts, both hear from nearly every client
// within 30 days, and both reach 25.
func TestK24SplitSite(t *testing.T) {
	const src = `
duration: 60d
sample: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2], srv: {weight: 50}}
  - {name: kms2, keys: [windows-server-2008r2], srv: {weight: 50}}
fleet:
  - {group: pcs, count: 36, product: windows-7, host_caching: CACHING, join: {at: 0s, over: 7d}}
`
	const seeds = 40
	split := 0
	for seed := range uint64(seeds) {
		res, _ := runYAML(t, stringsReplace(src, "CACHING", "true"), seed)
		if len(milestones(res, MilestoneCountReached)) == 0 {
			split++
		}
	}
	// Binomial(36, 1/2) puts 25 or more on one host with probability 2.9%.
	if split < seeds*9/10 {
		t.Fatalf("neither host reached 25 in %d of %d seeds, want at least %d", split, seeds, seeds*9/10)
	}
	t.Logf("caching on: neither host reached 25 in %d of %d seeds", split, seeds)
	res, _ := runYAML(t, stringsReplace(src, "CACHING", "false"), 1)
	if got := len(milestones(res, MilestoneCountReached)); got != 2 {
		t.Fatalf("caching off: %d hosts reached 25, want 2", got)
	}
	if got := product(t, res, scenarios.Windows7).Final(Licensed); got != 36 {
		t.Fatalf("caching off: %d licensed at the end, want 36", got)
	}
}

func TestSRVChangeAndRemove(t *testing.T) {
	_, log := runYAML(t, `
duration: 30d
sample: 1h
hosts:
  - {name: a, keys: [windows-server-2008r2], srv: {priority: 0}}
  - {name: b, keys: [windows-server-2008r2], srv: {priority: 10}}
fleet:
  # Windows 7 clients below 25 retry every 2 hours, so every phase sees
  # many selections.
  - {group: pcs, count: 5, product: windows-7, host_caching: false}
events:
  - {at: 2d, srv_change: {host: b, priority: 0, weight: 100}}
  - {at: 2d, srv_change: {host: a, weight: 0}}
  - {at: 4d, srv_remove: {host: b}}
`, 1)
	phase := func(from, to float64) map[string]int {
		m := map[string]int{}
		for _, e := range log {
			if float64(e.At) >= from && float64(e.At) < to {
				m[e.Host]++
			}
		}
		return m
	}
	if p := phase(0, float64(2*day)); p["b"] != 0 {
		t.Fatalf("before the change: %v, want only a", p)
	}
	if p := phase(float64(2*day), float64(4*day)); p["a"] != 0 || p["b"] == 0 {
		t.Fatalf("after b got weight 100 and a weight 0: %v, want only b", p)
	}
	if p := phase(float64(4*day), math.MaxFloat64); p["b"] != 0 {
		t.Fatalf("after b's record was removed: %v, want only a", p)
	}
}

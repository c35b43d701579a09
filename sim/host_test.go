package sim

import (
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// K12: a Windows 7 client, a Windows 7 VM (K2: counted like a physical
// machine) and three Server 2008 R2 machines asking in turn get counts 1,
// 2, 3, 4, 5 from one shared count;
// the server is activated when its count reaches 5, the clients are not
// (they need 25). Office has its own count.
func TestK12SharedWindowsCount(t *testing.T) {
	res, log := runYAML(t, `
duration: 1d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2, office-2010]}
fleet:
  - {group: win7,    count: 1, product: windows-7,             join: {at: 0s}}
  - {group: win7vm,  count: 1, product: windows-7,             join: {at: 1m}}
  - {group: server1, count: 1, product: windows-server-2008r2, join: {at: 2m}}
  - {group: server2, count: 1, product: windows-server-2008r2, join: {at: 3m}}
  - {group: server3, count: 1, product: windows-server-2008r2, join: {at: 4m}}
  - {group: office,  count: 1, product: office-2010,           join: {at: 5m}}
`, 1)
	var counts []int
	for _, e := range log[:6] {
		counts = append(counts, e.Count)
	}
	if want := []int{1, 2, 3, 4, 5, 1}; !slices.Equal(counts, want) {
		t.Fatalf("counts=%v, want %v", counts, want)
	}
	first := milestones(res, MilestoneFirstActivation)
	if len(first) != 1 || first[0].Product != scenarios.WindowsServer2008R2 || first[0].At != 4*60 {
		t.Fatalf("first activations=%+v, want only windows-server-2008r2 at 240 s", first)
	}
	// The servers asking at 2 and 3 minutes got 3 and 4; they activate at
	// their next attempt, 2 hours later, when the count is 5.
	if got := stateAt(t, res, scenarios.WindowsServer2008R2, Licensed, 3*hour); got != 3 {
		t.Fatalf("licensed servers at 3h=%d, want 3", got)
	}
	if got := stateAt(t, res, scenarios.Windows7, Licensed, 1*day); got != 0 {
		t.Fatalf("licensed Windows 7 clients=%d, want 0", got)
	}
}

// K13: a host that only servers asked caches 10 CMIDs, so its count stops
// at 10; the first Windows client raises the cache to 50, and 200 Windows
// clients never push the count past 50.
func TestK13CacheSize(t *testing.T) {
	res, log := runYAML(t, `
duration: 20d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: servers, count: 12, product: windows-server-2008r2, join: {at: 0s, over: 1h}}
  - {group: first,   count: 1,  product: windows-7, join: {at: 2d}}
  - {group: clients, count: 199, product: windows-7, join: {at: 3d, over: 1d}}
`, 1)
	maxBefore, firstWin, maxAll := 0, 0, 0
	for _, e := range log {
		if e.At < 2*day {
			maxBefore = max(maxBefore, e.Count)
		}
		if e.Group == "first" && firstWin == 0 {
			firstWin = e.Count
		}
		maxAll = max(maxAll, e.Count)
	}
	if maxBefore != 10 {
		t.Errorf("count with only servers peaked at %d, want 10", maxBefore)
	}
	if firstWin != 11 {
		t.Errorf("first Windows client got count %d, want 11", firstWin)
	}
	if maxAll != 50 {
		t.Errorf("count peaked at %d, want 50", maxAll)
	}
	// K18: one host answers all 212 clients; only its table is bounded.
	asked := map[int]bool{}
	for _, e := range log {
		if !e.Answered {
			t.Fatalf("request not answered: %+v", e)
		}
		asked[e.Client] = true
	}
	if len(asked) != 212 {
		t.Errorf("%d clients were answered, want 212", len(asked))
	}
	c := poolCount(t, res, "kms1", scenarios.PoolWindows)
	if got := c[len(c)-1]; got != 50 {
		t.Errorf("final count=%d, want 50", got)
	}
	// The cache never shrinks: the servers' threshold 5 is still recorded,
	// and so is 25.
	if got := res.Hosts[0].Pools[0].Thresholds; !slices.Equal(got, []int{5, 25}) {
		t.Errorf("thresholds=%v, want [5 25]", got)
	}
}

// K10, K11, K14: the count is −1 before any request, counts requests that
// were refused, and drops exactly 30 days after a client last asked.
func TestK10K11CountWindow(t *testing.T) {
	res, log := runYAML(t, `
duration: 60d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: clients, count: 3, product: windows-7, join: {at: 1h}}
events:
  - {at: 5d, decommission: {group: clients, count: 1}}
`, 1)
	c := poolCount(t, res, "kms1", scenarios.PoolWindows)
	if c[0] != -1 {
		t.Fatalf("count at 0=%d, want -1 (K14)", c[0])
	}
	if c[1] != 3 {
		t.Fatalf("count at 1h=%d, want 3: refused requests count too (K10)", c[1])
	}
	// Find the removed client's last request.
	clients := byClient(log)
	var lastHeard = int64(-1)
	for _, ex := range clients {
		if last := ex[len(ex)-1]; last.At < 5*day {
			lastHeard = int64(last.At)
		}
	}
	if lastHeard < 0 {
		t.Fatal("no client stopped asking")
	}
	drop := lastHeard + int64(30*day)
	i := drop / int64(hour)
	if c[i-1] != 3 || c[i+1] != 2 {
		t.Fatalf("count around %ds: %d then %d, want 3 then 2", drop, c[i-1], c[i+1])
	}
	// The remaining clients keep asking every 2 hours (never activated),
	// and each request refreshes their record (K11).
	if c[len(c)-1] != 2 {
		t.Fatalf("final count=%d, want 2", c[len(c)-1])
	}
}

// K15: a replacement host starts from nothing and activates only once its
// own count reaches the threshold.
func TestK15ReplacedHostStartsEmpty(t *testing.T) {
	res, log := runYAML(t, `
duration: 30d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: servers, count: 6, product: windows-server-2008r2, join: {at: 0s, over: 1h}}
events:
  - {at: 10d, host_replace: {host: kms1}}
`, 1)
	c := poolCount(t, res, "kms1", scenarios.PoolWindows)
	at := int(10 * day / hour)
	if c[at] > 1 {
		t.Fatalf("count just after replacement=%d, want -1 or 1", c[at])
	}
	// Servers renew only every 7 days; the new host's count climbs as they
	// do and stays below 5 until the fifth one asks.
	below := milestones(res, MilestoneCountBelow)
	if len(below) != 1 || below[0].At != 10*day || below[0].Count != -1 {
		t.Fatalf("count_below milestones=%+v, want one at 10d with count -1", below)
	}
	var after []int
	for _, e := range log {
		if e.At >= 10*day {
			after = append(after, e.Count)
		}
	}
	if len(after) < 5 || !slices.Equal(after[:5], []int{1, 2, 3, 4, 5}) {
		t.Fatalf("counts after replacement=%v, want to start 1 2 3 4 5", after)
	}
}

// K16: a Windows 7 host key activates Vista and Windows 7 only; a request
// for another product fails and is not counted.
func TestK16KeyGroups(t *testing.T) {
	res, log := runYAML(t, `
duration: 1d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-7]}
fleet:
  - {group: server, count: 1, product: windows-server-2008r2}
  - {group: office, count: 1, product: office-2010, join: {at: 1m}}
  - {group: vista,  count: 1, product: windows-vista, join: {at: 2m}}
`, 1)
	if !log[0].Unsupported || !log[1].Unsupported || log[2].Unsupported || log[2].Count != 1 {
		t.Fatalf("exchanges=%+v, want server and office unsupported, vista counted 1", log[:3])
	}
	if res.Totals.FailUnsupported == 0 || res.Totals.FailNoHost != 0 {
		t.Fatalf("totals=%+v, want unsupported failures and no others", res.Totals)
	}
}

// K17: every exchange is about 250 bytes each way; a host that is down
// receives requests but sends nothing.
func TestK17Bytes(t *testing.T) {
	res, _ := runYAML(t, `
duration: 10d
sample: 1h
hosts:
  - name: kms1
    keys: [windows-server-2008r2]
    outages: [{at: 1d, for: 8d}]
fleet:
  - {group: servers, count: 5, product: windows-server-2008r2}
`, 1)
	tot := res.Totals
	if tot.BytesOut != 250*tot.Requests || tot.BytesIn != 250*tot.Answered || tot.Answered >= tot.Requests {
		t.Fatalf("totals=%+v, want 250 bytes a request, 250 an answer, some unanswered", tot)
	}
}

// find takes the hinted slot, or knows without searching that a client's
// own CMID is not in the table (its hint is for this pool, or no host has
// heard its CMID), and otherwise scans: for an unknown hint, another
// pool's hint, or a CMID that clones share (K9).
func TestFind(t *testing.T) {
	p := pool{slots: []slot{{cmid: 10}, {cmid: 11}, {cmid: 12}}}
	for _, tt := range []struct {
		name string
		hint slotHint
		cmid int32
		own  bool
		want int32
	}{
		{"hinted slot", slotHint{pool: 0, slot: 1}, 11, true, 1},
		{"own, this pool, slot taken by another", slotHint{pool: 0, slot: 1}, 12, true, -1},
		{"own, another pool", slotHint{pool: 3, slot: 1}, 12, true, 2},
		{"own, unknown", newHint(false), 12, true, 2},
		{"own, heard by no host", newHint(true), 12, true, -1},
		{"clone, heard by no host", newHint(true), 12, false, 2},
		{"clone, this pool", slotHint{pool: 0, slot: 1}, 12, false, 2},
		{"hint past the table", slotHint{pool: 3, slot: 9}, 10, true, 0},
		{"absent", newHint(false), 99, true, -1},
	} {
		if got := p.find(0, tt.cmid, tt.hint, tt.own); got != tt.want {
			t.Errorf("%s: find = %d, want %d", tt.name, got, tt.want)
		}
	}
}

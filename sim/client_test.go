package sim

import (
	"testing"
	"unsafe"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// K3, K4: with no host to activate against, a fresh install is in grace for
// 30 days, then in notification; each rearm adds 30 days, at most 3 (120
// days in all).
func TestK3K4GraceAndRearm(t *testing.T) {
	tests := []struct {
		rearms int
		want   engine.Time
	}{{0, 30 * day}, {1, 60 * day}, {3, 120 * day}}
	for _, tt := range tests {
		res, _ := runYAML(t, `
duration: 200d
sample: 1d
dns: [{name: empty.example}]
fleet:
  - {group: pcs, count: 2, product: windows-7, rearms: `+itoa(tt.rearms)+`}
`, 1)
		n := milestones(res, MilestoneFirstNotification)
		if len(n) != 1 || n[0].At != tt.want {
			t.Errorf("rearms=%d: first notification=%+v, want at %s", tt.rearms, n, day2s(tt.want))
		}
		if res.Totals.Rearms != int64(2*tt.rearms) {
			t.Errorf("rearms=%d: Totals.Rearms=%d, want %d", tt.rearms, res.Totals.Rearms, 2*tt.rearms)
		}
		if got := stateAt(t, res, scenarios.Windows7, InitialGrace, tt.want-day); got != 2 {
			t.Errorf("rearms=%d: %d clients in grace the day before, want 2", tt.rearms, got)
		}
	}
}

// K4 revised: the limit of 3 rearms is Windows Vista and 7's; Windows 8
// and later can be rearmed again and again (slmgr /dlv: 1000 left). With
// no host, Windows 11 machines with rearms: 5 go black after 6 × 30 days;
// rearmed every 25 days, Windows 11 machines rearm at every one of 5
// dates, Windows 7 machines at the first 3 only.
func TestK4RearmLimitFollowsTheProduct(t *testing.T) {
	res, _ := runYAML(t, `
duration: 200d
sample: 1d
dns: [{name: empty.example}]
fleet:
  - {group: pcs, count: 2, product: windows-11, rearms: 5}
`, 1)
	if n := milestones(res, MilestoneFirstNotification); len(n) != 1 || n[0].At != 180*day {
		t.Errorf("first notification %+v, want at day 180", n)
	}
	if res.Totals.Rearms != 10 {
		t.Errorf("%d rearms, want 10", res.Totals.Rearms)
	}
	res, _ = runYAML(t, `
duration: 140d
sample: 1d
dns: [{name: empty.example}]
fleet:
  - {group: w11, count: 2, product: windows-11, lifecycle: {rearm: {every: 25d}}}
  - {group: w7, count: 2, product: windows-7, lifecycle: {rearm: {every: 25d}}}
`, 1)
	if res.Totals.Rearms != 2*5+2*3 {
		t.Errorf("%d rearms, want 16 (5 for each Windows 11 machine, 3 for each Windows 7)", res.Totals.Rearms)
	}
	if n := stateAt(t, res, scenarios.Windows11, Notification, 139*day); n != 0 {
		t.Errorf("%d Windows 11 machines black on day 139, want 0", n)
	}
	if n := stateAt(t, res, scenarios.Windows7, Notification, 139*day); n != 2 {
		t.Errorf("%d Windows 7 machines black on day 139, want 2 (since day 105)", n)
	}
}

// K5, K30: a client that cannot reach any host retries every 2 hours; each
// failure is "no host could be contacted".
func TestK5K30RetryEveryTwoHours(t *testing.T) {
	res, log := runYAML(t, `
duration: 1d
sample: 1h
hosts:
  - name: kms1
    keys: [windows-server-2008r2]
    outages: [{at: 0s, for: 2d}]
  - name: kms2
    keys: [windows-server-2008r2]
    outages: [{at: 0s, for: 2d}]
fleet:
  - {group: pc, count: 1, product: windows-7, join: {at: 1h}}
`, 1)
	// Each attempt tries both hosts (K21 failover), then gives up (K30).
	if len(log) != 2*12 {
		t.Fatalf("%d exchanges, want 24 (2 hosts × 12 attempts from 1h to 23h)", len(log))
	}
	for i := 0; i < len(log); i += 2 {
		want := hour + engine.Time(i/2)*2*hour
		if log[i].At != want || log[i+1].At != want || log[i].Host == log[i+1].Host {
			t.Fatalf("attempt %d: %+v %+v, want both hosts at %d", i/2, log[i], log[i+1], want)
		}
	}
	if res.Totals.FailNoHost != 12 || res.Totals.Requests != 24 {
		t.Fatalf("totals=%+v, want 12 no-host failures of 24 requests", res.Totals)
	}
}

// K6, K7, K8: an activated client renews every 7 days; when the host goes
// away it stays Licensed, retrying every 2 hours, until 180 days after its
// last good renewal, then has 30 days of grace, then notification.
func TestK6K7K8RenewalAndValidity(t *testing.T) {
	res, log := runYAML(t, `
duration: 300d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: servers, count: 5, product: windows-server-2008r2, join: {at: 0s, over: 1h}}
events:
  - {at: 20d, host_down: {host: kms1}}
`, 1)
	for ci, ex := range byClient(log) {
		var lastGood engine.Time = -1
		for i, e := range ex {
			if e.Answered && e.Count >= 5 {
				if lastGood >= 0 && e.At-lastGood != 7*day {
					t.Fatalf("client %d renewed %s after the previous success, want 7d", ci, day2s(e.At-lastGood))
				}
				lastGood = e.At
				continue
			}
			if i > 0 && !e.Answered && ex[i-1].At < 20*day && e.At >= 20*day {
				continue // the first failed renewal: a renewal-interval after the last success
			}
			if i > 0 && !e.Answered && e.At-ex[i-1].At != 2*hour {
				t.Fatalf("client %d retried %s after a failure, want 2h", ci, day2s(e.At-ex[i-1].At))
			}
		}
	}
	exp := milestones(res, MilestoneFirstExpiry)
	last := milestones(res, MilestoneLastExpiry)
	if len(exp) != 1 || len(last) != 1 {
		t.Fatalf("expiry milestones %+v %+v", exp, last)
	}
	// The last good renewals were in [14d, 15d): the host went down at 20d.
	if exp[0].At < 194*day || last[0].At >= 195*day {
		t.Fatalf("expiries from %s to %s, want within [194d, 195d)", day2s(exp[0].At), day2s(last[0].At))
	}
	if got := stateAt(t, res, scenarios.WindowsServer2008R2, Licensed, 193*day); got != 5 {
		t.Fatalf("licensed at 193d=%d, want 5 (K8: still activated)", got)
	}
	n := milestones(res, MilestoneFirstNotification)
	if len(n) != 1 || n[0].At != exp[0].At+30*day {
		t.Fatalf("first notification=%+v, want 30 days after first expiry %d", n, exp[0].At)
	}
}

// K9: 30 machines cloned from one image without sysprep /generalize share a
// CMID: the host counts them once and none is activated.
func TestK9ClonesShareCMID(t *testing.T) {
	res, log := runYAML(t, `
duration: 10d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: clones, count: 30, product: windows-7, shared_cmid: true, join: {at: 0s, over: 1d}}
`, 1)
	for _, e := range log {
		if e.Count != 1 {
			t.Fatalf("a clone got count %d, want 1", e.Count)
		}
	}
	if got := stateAt(t, res, scenarios.Windows7, Licensed, 10*day); got != 0 {
		t.Fatalf("%d clones licensed, want 0", got)
	}
}

// K23: the decommissioning trap, on the built-in default scenario. The
// count falls from 25 to 23 as the two retired laptops' CMIDs age out, 30
// days after each last asked; every remaining client's next renewal, within
// the following 7 days, fails; the activations lapse 180 days after each
// client's last good renewal; notification follows 30 days later.
func TestK23DecommissioningTrap(t *testing.T) {
	scn, err := scenarios.Builtin(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	var log []Exchange
	res, err := Run(scn, Options{Seed: scn.Seed, Trace: func(e Exchange) { log = append(log, e) }})
	if err != nil {
		t.Fatal(err)
	}
	clients := byClient(log)
	var retiredLast []engine.Time
	for _, ex := range clients {
		if last := ex[len(ex)-1].At; last < 60*day {
			retiredLast = append(retiredLast, last)
		}
	}
	if len(retiredLast) != 2 {
		t.Fatalf("%d clients stopped asking before day 60, want 2", len(retiredLast))
	}
	first, second := min(retiredLast[0], retiredLast[1]), max(retiredLast[0], retiredLast[1])

	below := milestones(res, MilestoneCountBelow)
	if len(below) != 1 || below[0].At != first+30*day || below[0].Threshold != 25 || below[0].Count != 24 {
		t.Fatalf("count_below=%+v, want one at %d (30 days after the first retired laptop last asked), count 24", below, first+30*day)
	}
	c := poolCount(t, res, "kms1", scenarios.PoolWindows)
	if got := c[(second+30*day)/res.Sample+1]; got != 23 {
		t.Fatalf("count after both aged out=%d, want 23", got)
	}

	var lastGood []engine.Time
	for ci, ex := range clients {
		if ex[len(ex)-1].At < 60*day {
			continue
		}
		good := engine.Time(-1)
		failedBy := engine.Time(-1)
		for _, e := range ex {
			if e.Count >= 25 {
				good = e.At
			} else if e.At > below[0].At && failedBy < 0 {
				failedBy = e.At
			}
		}
		if failedBy < 0 || failedBy > below[0].At+7*day {
			t.Fatalf("client %d: first failed renewal at %d, want within 7 days after %d", ci, failedBy, below[0].At)
		}
		lastGood = append(lastGood, good)
	}
	earliest, latest := lastGood[0], lastGood[0]
	for _, g := range lastGood {
		earliest, latest = min(earliest, g), max(latest, g)
	}
	exp := milestones(res, MilestoneFirstExpiry)
	lastExp := milestones(res, MilestoneLastExpiry)
	if exp[0].At != earliest+180*day || lastExp[0].At != latest+180*day {
		t.Fatalf("expiries %d..%d, want %d..%d (180 days after the last good renewals)", exp[0].At, lastExp[0].At, earliest+180*day, latest+180*day)
	}
	n := milestones(res, MilestoneFirstNotification)
	if n[0].At != exp[0].At+30*day {
		t.Fatalf("first notification at %d, want %d", n[0].At, exp[0].At+30*day)
	}
	p := product(t, res, scenarios.Windows7)
	if p.Final(Notification) != 23 || p.Final(Licensed) != 0 {
		t.Fatalf("at the end: %d in notification, %d licensed; want 23 and 0", p.Final(Notification), p.Final(Licensed))
	}
}

// K23, last sentence: adding two machines back restores everything.
func TestK23AddingMachinesBackRestores(t *testing.T) {
	res, _ := runYAML(t, `
duration: 365d
sample: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: desktops, count: 21, product: windows-7, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 4, product: windows-7, join: {at: 0d, over: 7d}}
events:
  - {at: 60d, decommission: {group: laptops, count: 2}}
  - {at: 120d, add: {group: laptops, count: 2}}
`, 1)
	reached := milestones(res, MilestoneCountReached)
	if len(reached) != 2 || reached[1].At < 120*day || reached[1].At > 121*day {
		t.Fatalf("count_reached=%+v, want a second one on day 120", reached)
	}
	if len(milestones(res, MilestoneFirstExpiry)) != 0 {
		t.Fatal("an activation lapsed, want none")
	}
	if got := product(t, res, scenarios.Windows7).Final(Licensed); got != 25 {
		t.Fatalf("licensed at the end=%d, want 25", got)
	}
}

// K27: the client uses its own retry interval until a host answers, then
// the host's.
func TestK27HostSetsIntervals(t *testing.T) {
	_, log := runYAML(t, `
duration: 1d
sample: 1h
hosts:
  - name: kms1
    keys: [windows-server-2008r2]
    activation_interval: 15m
    outages: [{at: 0s, for: 3h}]
fleet:
  - {group: pc, count: 1, product: windows-7, activation_interval: 1h}
`, 1)
	var times []engine.Time
	for _, e := range log[:6] {
		times = append(times, e.At)
	}
	// Unanswered at 0, 1h, 2h (own 1h interval); answered at 3h; then
	// every 15 minutes (the host's).
	want := []engine.Time{0, hour, 2 * hour, 3 * hour, 3*hour + 15*60, 3*hour + 30*60}
	for i := range want {
		if times[i] != want[i] {
			t.Fatalf("attempt times=%v, want %v", times, want)
		}
	}
}

// K28: the host returns the count and the client decides with its own
// threshold: a group whose threshold is overridden to 3 activates at a
// count that a default Windows 7 client refuses.
func TestK28ClientDecides(t *testing.T) {
	res, _ := runYAML(t, `
duration: 1d
sample: 1h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: low, count: 3, product: windows-7, threshold: 3}
  - {group: normal, count: 3, product: windows-7}
`, 1)
	if got := stateAt(t, res, scenarios.Windows7, Licensed, 1*day); got != 3 {
		t.Fatalf("licensed=%d, want 3 (only the group with threshold 3)", got)
	}
	if res.Totals.FailCountLow == 0 {
		t.Fatal("no count-too-low failures")
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func day2s(t engine.Time) string { return scenarios.Duration(t).String() }

// K8, K7: a run that ends before the activations lapse still says when
// they will: the licensed clients whose renewals fail, and their deadlines.
func TestAtRisk(t *testing.T) {
	res, log := runYAML(t, `
duration: 120d
sample: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: desktops, count: 23, product: windows-7, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 2, product: windows-7, join: {at: 0d, over: 7d}}
events:
  - {at: 60d, decommission: {group: laptops, count: 2}}
`, 1)
	lastGood := map[int]engine.Time{}
	for _, e := range log {
		if e.Count >= 25 {
			lastGood[e.Client] = e.At
		}
	}
	// The clients still present (asking after day 60) lapse 180 days after
	// their last good renewal.
	first, last := engine.Time(1<<62), engine.Time(0)
	for ci, at := range lastGood {
		present := false
		for _, e := range log {
			if e.Client == ci && e.At > 60*day {
				present = true
				break
			}
		}
		if present {
			first, last = min(first, at+180*day), max(last, at+180*day)
		}
	}
	if len(res.AtRisk) != 1 {
		t.Fatalf("AtRisk=%+v, want one product", res.AtRisk)
	}
	r := res.AtRisk[0]
	if r.Product != scenarios.Windows7 || r.Clients != 23 || r.FirstExpiry != first || r.LastExpiry != last {
		t.Fatalf("AtRisk=%+v, want 23 windows-7 clients lapsing from %d to %d", r, first, last)
	}
}

// A deadline is kept even when the next attempt comes after it: with a
// validity (3 days) shorter than the renewal interval (7 days), an
// activation lapses 3 days after each success and the next renewal
// activates the client again.
func TestDeadlineBeforeNextAttempt(t *testing.T) {
	res, log := runYAML(t, `
duration: 20d
sample: 1h
model: {validity: 3d}
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: servers, count: 5, product: windows-server-2008r2}
`, 1)
	var firstGood engine.Time = -1
	for _, e := range log {
		if e.Count >= 5 {
			firstGood = e.At
			break
		}
	}
	exp := milestones(res, MilestoneFirstExpiry)
	if len(exp) != 1 || exp[0].At != firstGood+3*day {
		t.Fatalf("first expiry %+v, want 3 days after the first activation at %d", exp, firstGood)
	}
	if res.Totals.Expiries != 5*3 || res.Totals.Activations != 5*3 {
		t.Fatalf("totals=%+v, want 15 expiries and 15 activations (days 0, 7, 14)", res.Totals)
	}
}

// K23: within 7 days of the count falling below 25, a still-activated
// client's renewal fails (0xC004F038): the first_failed_renewal milestone
// marks that moment, months before the first activation lapses.
func TestFirstFailedRenewal(t *testing.T) {
	scn, err := scenarios.Builtin("decommissioning-trap")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{Seed: scn.Seed})
	if err != nil {
		t.Fatal(err)
	}
	below := milestones(res, MilestoneCountBelow)
	failed := milestones(res, MilestoneFirstFailedRenewal)
	expiry := milestones(res, MilestoneFirstExpiry)
	if len(below) != 1 || len(failed) != 1 || len(expiry) != 1 {
		t.Fatalf("below %v, failed %v, expiry %v", below, failed, expiry)
	}
	if f, b := failed[0].At, below[0].At; f <= b || f > b+7*day {
		t.Errorf("first failed renewal at %d s, want within 7 days after the fall at %d s", f, b)
	}
	// K7: the first lapse is 180 days after the last good renewal, which
	// came just before the first failed one.
	if e, f := expiry[0].At, failed[0].At; e < f+173*day || e > f+180*day {
		t.Errorf("first lapse at %d s, want 173 to 180 days after the first failed renewal at %d s", e, f)
	}
}

// A client's record fills one cache line: a run of a million clients reads
// them tens of millions of times, and a record over two lines costs two
// misses (interval).
func TestClientRecordIsOneCacheLine(t *testing.T) {
	if size := unsafe.Sizeof(client{}); size != 64 {
		t.Errorf("a client record is %d bytes, want 64", size)
	}
}

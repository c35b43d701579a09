package sim

import (
	"os"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

// checkTrap runs the default scenario (seed 1) with the expectations in
// expect and returns the verdicts.
func checkTrap(t *testing.T, expect string) []Verdict {
	t.Helper()
	data, err := os.ReadFile("../scenarios/decommissioning-trap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	if i := strings.Index(src, "\nexpect:"); i >= 0 {
		src = src[:i+1]
	}
	scn, err := scenarios.Parse("trap.yaml", []byte(src+"\nexpect:\n"+expect))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(scn, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return Check(res, scn.Expect)
}

// Each kind of expectation, on both sides of its bound. In this run (seed
// 1) the count reaches 25 on day 6.93, falls to 24 on day 85.97 and to 23
// soon after; activations lapse on day 263.93-264.01 and the first client is
// in notification on day 293.93.
func TestCheck(t *testing.T) {
	tests := []struct {
		expect string
		pass   bool
		line   string
	}{
		{`{count: {host: kms1}, at_least: 25, from: 10d, until: 80d}`, true,
			"PASS kms1 windows count ≥ 25 from 10d to 80d: lowest 25 at day 10.00, 2027-01-14 00:00"},
		{`{count: {host: kms1}, at_least: 25, from: 10d}`, false,
			"FAIL kms1 windows count ≥ 25 from 10d to 365d: 24 at day 85.97, 2027-03-30 23:20"},
		{`{count: {host: kms1}, at_most: 23, at: 100d}`, true,
			"PASS kms1 windows count ≤ 23 at 100d: 23 at day 100.00, 2027-04-14 00:00"},
		{`{count: {host: kms1}, at_most: 23, from: 20d, until: 100d}`, false,
			"FAIL kms1 windows count ≤ 23 from 20d to 100d: 25 at day 20.00, 2027-01-24 00:00"},
		{`{first_below: {host: kms1}, from: 80d, until: 95d}`, true,
			"PASS kms1 windows count first falls below 25 from 80d to 95d: fell below 25 at day 85.97, 2027-03-30 23:20"},
		{`{first_below: {host: kms1}, from: 90d, until: 100d}`, false,
			"FAIL kms1 windows count first falls below 25 from 90d to 100d: first fell below 25 at day 85.97, 2027-03-30 23:20, before the window"},
		{`{first_below: {host: kms1, threshold: 24}, never: true}`, false,
			"FAIL kms1 windows count never falls below 24: fell below 24 at day"},
		{`{first_reached: {host: kms1}, never: true, from: 10d}`, true,
			"PASS kms1 windows count never reaches 25 from 10d to 365d: never reached 25 in the window"},
		{`{first_reached: {host: kms1}, never: true}`, false,
			"FAIL kms1 windows count never reaches 25: reached 25 at day 6.93, 2027-01-10 22:21 (count 25)"},
		{`{first_reached: {host: kms1}, from: 7d, until: 8d}`, false,
			"FAIL kms1 windows count first reaches 25 from 7d to 8d: first reached 25 at day 6.93, 2027-01-10 22:21, before the window"},
		{`{first_reached: {host: kms1}, until: 7d}`, true,
			"PASS kms1 windows count first reaches 25 from 0s to 7d: reached 25 at day 6.93, 2027-01-10 22:21"},
		{`{clients: {product: windows-7, state: notification}, at_most: 0, until: 290d}`, true,
			"PASS windows-7 clients in notification ≤ 0 from 0s to 290d: highest 0 at day 0.00, 2027-01-04 00:00"},
		{`{clients: {product: windows-7, state: notification}, at_most: 0}`, false,
			"FAIL windows-7 clients in notification ≤ 0 from 0s to 365d: 1 at day 293.93, 2027-10-24 22:21"},
		{`{clients: {group: desktops, state: not_licensed}, at_least: 21, at: 365d}`, true,
			"PASS group desktops clients in not licensed ≥ 21 at 365d: 21 at day 365.00"},
		{`{licensed_fraction: {group: desktops}, at_least: 1, from: 8d, until: 200d}`, true,
			"PASS licensed fraction of group desktops clients ≥ 1 from 8d to 200d: lowest 1 at day 8.00"},
		{`{licensed_fraction: {}, at_least: 0.5, at: 300d}`, false,
			"FAIL licensed fraction of all clients ≥ 0.5 at 300d: 0 at day 300.00"},
		{`{total: {metric: fail_count_low}, at_most: 1000}`, false,
			"FAIL total fail_count_low ≤ 1000 from 0s to 365d: 76789"},
		{`{total: {metric: requests, host: kms1}, at_least: 1000, until: 30d}`, true,
			"PASS total requests to kms1 ≥ 1000 from 0s to 30d: 1245"},
		{`{total: {metric: failures}, at_least: 76790}`, false,
			"FAIL total failures ≥ 76790 from 0s to 365d: 76789"},
		// 23 clients retrying every 2 hours: 11.5 an hour.
		{`{peak_requests: {host: kms1}, at_most: 11.5, from: 100d}`, true,
			"PASS peak requests/hour to kms1 ≤ 11.5 from 100d to 365d: 11.5 requests/hour in the interval ending day 100.00"},
		{`{peak_requests: {}, at_most: 12}`, false,
			"FAIL peak requests/hour ≤ 12 from 0s to 365d: 12.17 requests/hour in the interval ending day 7.00"},
		{`{name: the lab stays dark, clients: {product: windows-7, state: licensed}, at_least: 1, at: 365d}`, false,
			"FAIL the lab stays dark (windows-7 clients in licensed ≥ 1 at 365d): 0 at day 365.00"},
	}
	for _, tt := range tests {
		v := checkTrap(t, "  - "+tt.expect+"\n")[0]
		if v.Pass != tt.pass || !strings.HasPrefix(v.String(), tt.line) {
			t.Errorf("%s:\n got %s\nwant %s", tt.expect, v, tt.line)
		}
	}
}

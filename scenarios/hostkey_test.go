package scenarios

import (
	"strconv"
	"strings"
	"testing"
)

// K41: one host key activates at most 6 hosts; a template's host counts
// once per instance unless its key id holds {site}.
func TestHostKeyBudget(t *testing.T) {
	hosts := func(n int, id string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("  - {name: kms" + string(rune('a'+i)) + ", keys: [windows-server-2025], key_id: " + id + "}\n")
		}
		return b.String()
	}
	site := func(instances, n int, id string) string {
		return "sites:\n  - name: branch\n    instances: " + strconv.Itoa(instances) + "\n    hosts:\n" +
			strings.ReplaceAll(hosts(n, id), "  - ", "      - ") +
			"    fleet: [{group: pcs, count: 10, product: windows-11}]\n"
	}
	const head = "duration: 30d\nfleet: [{group: pcs, count: 30, product: windows-11}]\n"
	tests := []struct {
		name, src, want string // want "": valid
	}{
		{"6 hosts", head + "hosts:\n" + hosts(6, "corp"), ""},
		{"7 hosts", head + "hosts:\n" + hosts(7, "corp"), `hosts[6].key_id: K41: host key "corp" would activate 7 hosts`},
		{"6 hosts, 2 keys", head + "hosts:\n" + hosts(4, "a") + strings.ReplaceAll(hosts(4, "b"), "kms", "mks"), ""},
		{"3 instances of 2", head + "hosts:\n" + hosts(1, "x") + site(3, 2, "corp"), ""},
		{"1 and 6 instances", head + "hosts:\n" + hosts(1, "corp") + site(6, 1, "corp"), `sites[0].hosts[0].key_id: K41: host key "corp" would activate 7 hosts (kmsa, branch/kmsa in each of 6 instances)`},
		{"a key per instance", head + "hosts:\n" + hosts(1, "x") + site(500, 2, "'{site}-2025'"), ""},
		{"{site} outside a template", head + "hosts:\n" + hosts(1, "'{site}'"), "hosts[0].key_id: {site} can only be used in the key ids of a site template's hosts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("keys.yaml", []byte(tt.src))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Parse: %v\n%s", err, tt.src)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Parse error %v, want %q\n%s", err, tt.want, tt.src)
			}
		})
	}
}

// K44: a 2019 or 2022 host holding the 2025 host key is warned of the
// update it needs (not refused); a 2025 host, or a 2022 host with the
// 2022 key, is not.
func TestNewerHostKeyWarning(t *testing.T) {
	s, err := Parse("k44.yaml", []byte(`duration: 30d
hosts:
  - {name: old, os: windows-server-2019, keys: [office-ltsc-2021, windows-server-2025]}
  - {name: mid, os: windows-server-2022, keys: [windows-server-2025]}
  - {name: new, os: windows-server-2025, keys: [windows-server-2025]}
  - {name: same, os: windows-server-2022, keys: [windows-server-2022]}
fleet: [{group: pcs, count: 30, product: windows-11}]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"k44.yaml:3: hosts[0].keys[1]: K44: a windows-server-2019 host accepts the windows-server-2025 host key only after update KB5034768 (February 2024): install it on old first",
		"k44.yaml:4: hosts[1].keys[0]: K44: a windows-server-2022 host accepts the windows-server-2025 host key only after update KB5034765 (February 2024): install it on mid first",
	}
	ws := s.Warnings()
	if len(ws) != len(want) {
		t.Fatalf("warnings %v, want %d", ws, len(want))
	}
	for i, w := range ws {
		if w.Error() != want[i] {
			t.Errorf("warning %d:\n%s\nwant\n%s", i, w, want[i])
		}
	}
}

// K41: every host_replace of a host with a named key reinstalls the key
// and uses one of that host's 9 reactivations; a 10th is refused at its
// line. HostKeys counts what is used and left: kms1 replaced 3 times and
// kms2 once leave 2×9 − 4 = 14; in 4 branch instances each replaced twice
// with one shared key, 4 hosts and 8 used of 36; with a key per instance,
// 1 host and 2 used of 9.
func TestHostKeyReactivations(t *testing.T) {
	src := `duration: 300d
hosts:
  - {name: kms1, keys: [windows-server-2025], key_id: corp}
  - {name: kms2, keys: [windows-server-2025], key_id: corp}
  - {name: kms3, keys: [windows-server-2025]}
fleet: [{group: pcs, count: 30, product: windows-11}]
events:
  - {at: 10d, host_replace: {host: kms1}}
  - {at: 20d, host_replace: {host: kms1}}
  - {at: 30d, host_replace: {host: kms2}}
  - {at: 40d, host_replace: {host: kms1}}
  - {at: 50d, host_replace: {host: kms3}}
sites:
  - name: branch
    instances: 4
    hosts:
      - {name: kms, keys: [windows-server-2022], key_id: branch}
      - {name: own, keys: [windows-server-2022], key_id: '{site}-own'}
    fleet: [{group: pcs, count: 10, product: windows-11}]
    events:
      - {at: 10d, host_replace: {host: kms}}
      - {at: 20d, host_replace: {host: kms}}
      - {at: 10d, host_replace: {host: own}}
      - {at: 20d, host_replace: {host: own}}
`
	s, err := Parse("keys.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := s.HostKeys()
	want := []struct {
		id                         string
		hosts, reactivations, left int
	}{{"corp", 2, 4, 14}, {"branch", 4, 8, 28}, {"{site}-own", 1, 2, 7}}
	if len(got) != len(want) {
		t.Fatalf("HostKeys = %+v, want %d keys", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Hosts != w.hosts || g.Reactivations != w.reactivations || g.Left != w.left {
			t.Errorf("key %d: %s on %d hosts, %d reactivations, %d left; want %s, %d, %d, %d", i, g.ID, g.Hosts, g.Reactivations, g.Left, w.id, w.hosts, w.reactivations, w.left)
		}
	}

	var b strings.Builder
	for i := range 10 {
		b.WriteString("  - {at: " + strconv.Itoa(i+1) + "d, host_replace: {host: kms1}}\n")
	}
	_, err = Parse("keys.yaml", []byte(`duration: 300d
hosts: [{name: kms1, keys: [windows-server-2025], key_id: corp}]
fleet: [{group: pcs, count: 30, product: windows-11}]
events:
`+b.String()))
	want10 := `keys.yaml:14: events[9].host_replace.host: K41: this is the 10th replacement of kms1, whose host key "corp" can be reactivated at most 9 more times`
	if err == nil || !strings.Contains(err.Error(), want10) {
		t.Errorf("10 replacements: error %v, want %q", err, want10)
	}
}

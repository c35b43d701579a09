package scenarios

import (
	"slices"
	"strings"
	"testing"
)

func TestRepeat(t *testing.T) {
	var got []Duration
	for at := range Repeat(30*Day, 0, 100*Day) {
		got = append(got, at)
	}
	if !slices.Equal(got, []Duration{30 * Day, 60 * Day, 90 * Day}) {
		t.Fatalf("Repeat(30d, 0, 100d) = %v", got)
	}
	got = nil
	for at := range Repeat(10*Day, 5*Day, 25*Day) {
		got = append(got, at)
	}
	if !slices.Equal(got, []Duration{5 * Day, 15 * Day, 25 * Day}) {
		t.Fatalf("Repeat(10d, 5d, 25d) = %v", got)
	}
	for range Repeat(0, 0, Day) {
		t.Fatal("Repeat with every 0 yielded")
	}
}

// A site template's group and switch may use a MAK key of the scenario's
// own site; a key nobody declares is an error at its line.
func TestTemplateMAKKeys(t *testing.T) {
	const src = `duration: 100d
mak_keys: [{name: head-office, activations: 100}]
sites:
  - name: branch
    instances: 2
    fleet:
      - {group: pcs, count: 5, product: windows-7}
    events:
      - at: 10d
        switch: {group: pcs, to: mak, mak: KEY}
`
	if _, err := Parse("ok.yaml", []byte(strings.Replace(src, "KEY", "head-office", 1))); err != nil {
		t.Fatalf("a template switching to the head office's key: %v", err)
	}
	_, err := Parse("bad.yaml", []byte(strings.Replace(src, "KEY", "nowhere", 1)))
	if err == nil || !strings.Contains(err.Error(), `bad.yaml:10: sites[0].events[0].switch.mak: unknown MAK key "nowhere"`) {
		t.Fatalf("unknown key: %v", err)
	}
}

// A kms group may name the MAK key of a later switch to mak, which then
// needs none of its own; any other group with a key is refused.
func TestMAKKeyOfALaterSwitch(t *testing.T) {
	const src = `duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
mak_keys: [{name: lab-mak, activations: 50}]
fleet: [{group: lab, count: 10, product: windows-11, mak: lab-mak}]
events: [{at: 1d, switch: {group: lab, to: mak}}]
`
	if _, err := Parse("s.yaml", []byte(src)); err != nil {
		t.Errorf("a kms group with the key of its later switch to mak: %v", err)
	}
}

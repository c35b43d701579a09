package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltinDefault(t *testing.T) {
	s, err := Builtin(DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	if s.Duration != 365*Day || s.Sample != 6*Hour || s.Seed != 1 {
		t.Fatalf("Duration=%s Sample=%s Seed=%d, want 365d 6h 1", s.Duration, s.Sample, s.Seed)
	}
	if got := s.Start.String(); got != "2027-01-04" {
		t.Fatalf("Start=%q, want 2027-01-04", got)
	}
	g := s.Fleet[0]
	if g.Threshold != 25 || g.Selection != SelectWeighted || !*g.HostCaching || g.Domain != "branch.corp.example" {
		t.Fatalf("group defaults: threshold=%d selection=%s caching=%v domain=%q", g.Threshold, g.Selection, *g.HostCaching, g.Domain)
	}
	h := s.Hosts[0]
	if h.ActivationInterval != 2*Hour || h.RenewalInterval != 7*Day || len(*h.Publish) != 1 {
		t.Fatalf("host defaults: %s %s %v", h.ActivationInterval, h.RenewalInterval, *h.Publish)
	}
	if s.Model.Validity != 180*Day || s.Model.Grace != 30*Day || s.Model.CacheFactor != 2 {
		t.Fatalf("model defaults: %+v", s.Model)
	}
}

// Every problem in a file is reported at once, each with its line and path.
func TestParseErrors(t *testing.T) {
	const in = `name: bad
duration: 30
sample: 1h
hosts:
  - name: kms1
    keys: [windows-server-2008r2, windows-9]
    srv: {priority: 0, wieght: 10}
fleet:
  - group: desktops
    count: -3
    product: windows-7
    rearms: 4
  - {group: laptops, count: abc, product: windows-7}
  - group: servers
    count: 5
    product: windows-2003
    kms: kms9
events:
  - at: 10d
  - at: 5d
    decommission: {group: tablets, count: 1}
`
	_, err := Parse("bad.yaml", []byte(in))
	if err == nil {
		t.Fatal("Parse succeeded, want errors")
	}
	// Decoding errors come first (the decoder stops before validation).
	want := []string{
		`bad.yaml:2: duration: duration "30" has no unit: write 30s, 30m, 30h, 30d or 30w`,
		`bad.yaml:7: hosts[0].srv.wieght: unknown field "wieght" in srv; did you mean "weight"?`,
		`bad.yaml:13: fleet[1].count: want a whole number, got "abc"`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("errors do not contain\n  %s\ngot:\n%s", w, err)
		}
	}

	// With the decoding errors fixed, validation reports the rest.
	fixed := strings.NewReplacer("duration: 30\n", "duration: 30d\n", "wieght", "weight", "count: abc", "count: 2").Replace(in)
	_, err = Parse("bad.yaml", []byte(fixed))
	want = []string{
		`bad.yaml:6: hosts[0].keys[1]: unknown host key group "windows-9"; did you mean "windows-7"? (one of windows-7, windows-server-2008r2, office-2010, windows-10,`,
		`bad.yaml:10: fleet[0].count: must not be negative, got -3`,
		`bad.yaml:12: fleet[0].rearms: windows-7 can be rearmed at most 3 times (K4: Windows Vista and 7 and their servers; Windows 8 and later, 1000), got 4`,
		`bad.yaml:16: fleet[2].product: unknown product "windows-2003"`,
		`bad.yaml:17: fleet[2].kms: unknown host "kms9"`,
		`bad.yaml:19: events[0]: an event needs one action`,
		`bad.yaml:21: events[1].decommission.group: unknown group "tablets"`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("errors do not contain\n  %s\ngot:\n%s", w, err)
		}
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T is not a *FieldError", err)
	}
}

func TestParseDocumentErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "x.yaml: the file is empty"},
		{"comment only", "# nothing\n", "x.yaml: the file is empty"},
		{"not yaml", "name: [a\n", "x.yaml:1: not valid YAML"},
		{"list", "- a\n- b\n", "x.yaml:1: a scenario must be a mapping"},
		{"scalar", "hello\n", "x.yaml:1: a scenario must be a mapping"},
		{"two documents", "duration: 1d\n---\nduration: 2d\n", "x.yaml:2: a second YAML document"},
		{"duplicate key", "duration: 1d\nduration: 2d\n", `x.yaml:2: duration: mapping key "duration" already defined at line 1`},
		{"tab", "duration: 1d\n\tsample: 1h\n", "x.yaml:2: not valid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

// A scenario's name cannot make its default output folder a path.
func TestFolderName(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"decommissioning-trap", "decommissioning-trap"},
		{"../../etc", "_.._.._etc"},
		{"a/b\\c", "a_b_c"},
		{".hidden", "_.hidden"},
		{"<script>alert('x')</script>", "<script>alert('x')<_script>"},
	} {
		if got := (&Scenario{Name: tt.name}).FolderName(); got != tt.want {
			t.Errorf("FolderName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

package scenarios

import (
	"strings"
	"testing"
)

func TestKind(t *testing.T) {
	scn, err := Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want NumberKind
		err  string
	}{
		{"events[0].decommission.count", Whole, ""},
		{"events[0].at", Span, ""},
		{"model.cache_factor", Whole, ""},
		{"expect[0].probability", Real, ""},
		{"expect[0].at_most", Real, ""}, // not set: the kind it would have
		{"seed", Whole, ""},
		{"hosts.kms1", 0, `unknown path "hosts.kms1": no numeric field there`},
		{"fleet.tablets.count", 0, `unknown path "fleet.tablets.count"`},
	}
	for _, tt := range tests {
		got, err := scn.Kind(tt.path)
		switch {
		case tt.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.err)):
			t.Errorf("Kind(%s): err=%v, want %q", tt.path, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("Kind(%s)=%v, %v; want %v", tt.path, got, err, tt.want)
		}
	}
	if v, _ := scn.Get("expect[0].at_most"); v != "" {
		t.Errorf("Kind set expect[0].at_most to %q; it must leave the scenario as it was", v)
	}
}

func TestNumberKindFormat(t *testing.T) {
	tests := []struct {
		k    NumberKind
		x    float64
		want string
	}{
		{Whole, 20, "20"},
		{Whole, 19.6, "20"},
		{Whole, -1, "-1"},
		{Real, 0.25, "0.25"},
		{Span, 87 * 86400, "87d"},
		{Span, 86400 + 3600 + 0.4, "1d1h"},
	}
	for _, tt := range tests {
		if got := tt.k.Format(tt.x); got != tt.want {
			t.Errorf("%v.Format(%v)=%q, want %q", tt.k, tt.x, got, tt.want)
		}
	}
}

// A value Parse reads is written back by Format as Parse reads it again:
// what seek prints can be typed back as -lo or -hi.
func FuzzNumberKind(f *testing.F) {
	for _, s := range []string{"20", "-3", "0.25", "1e3", "7d", "1d12h", "90s", "x", "", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []NumberKind{Whole, Real, Span} {
			x, err := k.Parse(s)
			if err != nil {
				continue
			}
			y, err := k.Parse(k.Format(x))
			if err != nil || y != x {
				t.Errorf("%v: %q reads %v, written %q, which reads %v (%v)", k, s, x, k.Format(x), y, err)
			}
		}
	})
}

package main

import (
	"strings"
	"testing"
)

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"0", 0, false}, {"512MB", 512 << 20, false}, {"4gb", 4 << 30, false}, {"1.5GB", 3 << 29, false},
		{"100B", 100, false}, {"2TB", 2 << 40, false}, {"lots", 0, true}, {"12", 0, true}, {"-1GB", 0, true},
	}
	for _, tt := range tests {
		var b byteSize
		err := b.Set(tt.in)
		if (err != nil) != tt.err || (!tt.err && int64(b) != tt.want) {
			t.Errorf("Set(%q) = %d, %v; want %d (error %v)", tt.in, b, err, tt.want, tt.err)
		}
	}
	if b := byteSize(4 << 30); b.String() != "4GB" {
		t.Errorf("String()=%q, want 4GB", b.String())
	}
}

// FuzzByteSize: any -max-memory value is a size, 0 or more, or an error.
func FuzzByteSize(f *testing.F) {
	for _, s := range []string{"0", "512MB", "4GB", "1.5GB", "lots", "-1GB", "1e400GB", "NaNGB", "InfMB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b byteSize
		if err := b.Set(s); err == nil && b < 0 {
			t.Fatalf("Set(%q) = %d", s, b)
		}
	})
}

// Every flag's help states its default once.
func TestFlagHelpOneDefault(t *testing.T) {
	for _, cmd := range []string{"run", "sweep", "merge", "check", "import", "paths", "validate"} {
		_, _, stderr := kmssim(t, cmd, "-h")
		for _, l := range strings.Split(stderr, "\n") {
			if strings.Count(l, "(default") > 1 && !strings.Contains(l, "with -shard") {
				t.Errorf("%s -h: %q states its default twice", cmd, strings.TrimSpace(l))
			}
		}
	}
}

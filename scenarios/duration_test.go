package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var parseDurationTests = []struct {
	in   string
	want Duration
}{
	{"90s", 90},
	{"15m", 900},
	{"2h", 7200},
	{"7d", 604800},
	{"2w", 1209600},
	{"1d12h", 129600},
	{"0s", 0},
	{" 3d ", 3 * Day},
	{"36500d", MaxDuration},
}

func TestParseDuration(t *testing.T) {
	for _, tt := range parseDurationTests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %d, %v, want %d", tt.in, got, err, tt.want)
		}
	}
}

var parseDurationErrors = []struct {
	in, want string
}{
	{"", "empty duration"},
	{"30", `duration "30" has no unit`},
	{"1.5", `duration "1.5" has no unit`},
	{"1.5d", "whole numbers only"},
	{"-3d", "is negative"},
	{"3x", `unknown unit "x"`},
	{"d", "expected a whole number"},
	{"1d12", `"12" has no unit`},
	{"36501d", "too long"},
	{"99999999999999999999d", "too long"},
}

func TestParseDurationErrors(t *testing.T) {
	for _, tt := range parseDurationErrors {
		_, err := ParseDuration(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDuration(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestDurationStringRoundTrip(t *testing.T) {
	for _, d := range []Duration{0, 1, 59, 60, 3600, 90061, Day, Week, 37*Day + 14*Hour} {
		s := d.String()
		back, err := ParseDuration(s)
		if err != nil || back != d {
			t.Errorf("ParseDuration(%q) = %d, %v, want %d", s, back, err, d)
		}
	}
	if got := (37*Day + 14*Hour).String(); got != "37d14h" {
		t.Errorf("String()=%q, want 37d14h", got)
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, tt := range parseDurationTests {
		f.Add(tt.in)
	}
	for _, tt := range parseDurationErrors {
		f.Add(tt.in)
	}
	if data, err := os.ReadFile("../testdata/fuzz/durations.txt"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 || d > MaxDuration {
			t.Fatalf("ParseDuration(%q) = %d, outside [0, MaxDuration]", s, d)
		}
		if back, err := ParseDuration(d.String()); err != nil || back != d {
			t.Fatalf("round trip of %q: %q gives %d, %v", s, d.String(), back, err)
		}
	})
}

// FuzzParse feeds arbitrary bytes to the scenario parser (expectations
// included): it must return a scenario or an error, never panic, and a
// scenario it returns must be valid. Seeds: the library, the bad-input
// corpus and testdata/fuzz/scenarios.
func FuzzParse(f *testing.F) {
	for _, name := range Library() {
		data, _ := library.ReadFile(name + ".yaml")
		f.Add(data)
	}
	for _, pattern := range []string{"../testdata/bad/*.yaml", "../testdata/fuzz/scenarios/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("duration: 1d\nfleet: [{group: a, count: 1, product: windows-7}]\n"))
	f.Add([]byte("duration: 30\n"))
	f.Add([]byte("- a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse returned a scenario that does not validate: %v", err)
		}
	})
}

package words

import (
	"strings"
	"testing"
)

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 machines"}, {1, "1 machine"}, {2, "2 machines"}} {
		if got := Plural(tc.n, "machine"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 100)
	if got := Clip(long); got != strings.Repeat("é", 80)+"…" {
		t.Errorf("Clip(100 runes) = %q", got)
	}
	if got := Clip("kms1"); got != "kms1" {
		t.Errorf("Clip(kms1) = %q", got)
	}
}

func TestClosest(t *testing.T) {
	known := []string{"run", "sweep", "check", "import"}
	for _, tc := range []struct{ name, want string }{
		{"rn", "run"}, {"chek", "check"}, {"imprt", "import"}, {"x", ""}, {"deploy", ""},
	} {
		if got := Closest(tc.name, known); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{25, "25"}, {0.92, "0.92"}, {1234.5, "1234.5"}, {-3, "-3"}, {1e20, "100000000000000000000"}} {
		if got := Number(tc.v); got != tc.want {
			t.Errorf("Number(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0B"}, {512, "512B"}, {1023, "1023B"}, {1024, "1KB"}, {1536, "1.5KB"},
		{20_237_516, "19.3MB"}, {318 << 20, "318MB"}, {512 << 20, "512MB"},
		{3 << 29, "1.5GB"}, {1 << 40, "1TB"}, {1<<63 - 1, "8EB"},
	} {
		if got := Bytes(tc.n); got != tc.want {
			t.Errorf("Bytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// A share is rounded to 0% or 100% only when it is exact.
func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{1, "100%"}, {0, "0%"}, {0.95, "95%"}, {0.9626, "96.3%"}, {0.995, "99.5%"},
		{0.9995, "99.95%"}, {0.99999, ">99.99%"}, {0.0004, "0.04%"}, {0.00001, "<0.01%"}, {0.5, "50%"},
		{0.9999999999999999, ">99.99%"}, {3e-17, "<0.01%"}, {0.12345, "12.3%"}, {0.999, "99.9%"},
	} {
		if got := Percent(tc.v); got != tc.want {
			t.Errorf("Percent(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestDays(t *testing.T) {
	for _, tc := range []struct {
		s    int64
		want string
	}{{86400, "1 day"}, {30 * 86400, "30 days"}, {14 * 86400, "14 days"}, {6 * 3600, "6 hours"}, {2*86400 + 43200, "2.5 days"}} {
		if got := Days(tc.s); got != tc.want {
			t.Errorf("Days(%d) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

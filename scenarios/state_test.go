package scenarios

import (
	"strings"
	"testing"
)

// A host's tables at the start are checked as K10, K11 and K13 say.
func TestTablesValidation(t *testing.T) {
	const head = "duration: 30d\nfleet: [{group: g, count: 1, product: windows-10}]\nhosts:\n  - name: kms1\n    keys: [windows-server-2022]\n    tables:\n"
	tests := []struct{ tables, want string }{
		{"      - {pool: windows, thresholds: [25], heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 1d}, {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0b, ago: 2h}]}\n", ""},
		{"      - {pool: office-2019, thresholds: [5]}\n", "hosts[0].tables[0].pool: no host key of kms1 activates a product of the office-2019 count"},
		{"      - {pool: windowz, thresholds: [5]}\n", `hosts[0].tables[0].pool: unknown pool "windowz"`},
		{"      - {pool: windows, thresholds: [25]}\n      - {pool: windows, thresholds: [25]}\n", "hosts[0].tables[1].pool: the windows table is given twice"},
		{"      - {pool: windows, heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 1d}]}\n", "hosts[0].tables[0].thresholds: a table with entries needs the thresholds"},
		{"      - {pool: windows, thresholds: [0]}\n", "hosts[0].tables[0].thresholds[0]: must be between 1 and 1000, got 0"},
		{"      - {pool: windows, thresholds: [1], heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 3h}, {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0b, ago: 2h}, {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0c, ago: 1h}]}\n", "hosts[0].tables[0].heard: 3 entries do not fit a cache of 2 (K13: 2 × the highest threshold, 1)"},
		{"      - {pool: windows, thresholds: [25], heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 30d}]}\n", "hosts[0].tables[0].heard[0].ago: 30d is not less than the count window (30d): the entry has aged out (K11)"},
		{"      - {pool: windows, thresholds: [25], heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 1h}, {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0b, ago: 2h}]}\n", "hosts[0].tables[0].heard[1].ago: 2h is longer ago than the entry before it (1h): list the entries oldest first"},
		{"      - {pool: windows, thresholds: [25], heard: [{cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 2h}, {cmid: 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a, ago: 1h}]}\n", "hosts[0].tables[0].heard[1].cmid: CMID 0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a0a is listed twice (first as heard[0])"},
		{"      - {pool: windows, thresholds: [25], heard: [{ago: 2h}]}\n", "hosts[0].tables[0].heard[0].cmid: needs a client machine id"},
	}
	for _, tt := range tests {
		s, err := Parse("t.yaml", []byte(head+tt.tables))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.tables, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want %q", tt.tables, err, tt.want)
		case tt.want == "":
			// A table is a state, not a parameter: paths do not list it.
			for _, p := range s.Paths() {
				if strings.Contains(p, "tables") {
					t.Errorf("Paths lists %s", p)
				}
			}
		}
	}
}

// start may be a moment, kept in UTC.
func TestStartMoment(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2027-01-04", "2027-01-04"},
		{"2026-11-30T14:03:22Z", "2026-11-30T14:03:22Z"},
		{"2026-11-30T15:03:22+01:00", "2026-11-30T14:03:22Z"},
		{"2026-11-30T00:00:00Z", "2026-11-30"},
	} {
		d, err := ParseDate(tt.in)
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, d, err, tt.want)
		}
	}
	for _, bad := range []string{"2026-13-01", "2026-11-30 14:03", "tomorrow"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}

package scenarios

import (
	"slices"
	"strings"
	"testing"
)

const sweepSrc = `name: sweep
duration: 120d
hosts:
  - name: kms1
    keys: [windows-server-2008r2]
  - name: kms2
    keys: [windows-server-2008r2]
    srv: {priority: 0, weight: 10}
fleet:
  - group: desktops
    count: 21
    product: windows-7
  - group: laptops
    count: 30
    product: windows-7
events:
  - at: 60d
    decommission: {group: laptops, count: 2}
expect:
  - count: {host: kms1}
    at_least: 25
`

func mustParse(t testing.TB, src string) *Scenario {
	t.Helper()
	s, err := Parse("sweep.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s.Scenario()
}

func TestPaths(t *testing.T) {
	s := mustParse(t, sweepSrc)
	paths := s.Paths()
	for _, want := range []string{
		"duration", "sample", "seed", "replications", "model.cache_factor", "model.grace",
		"hosts.kms1.srv.weight", "hosts.kms2.srv.priority", "hosts.kms1.activation_interval",
		"fleet.laptops.count", "fleet.desktops.threshold", "fleet.laptops.join.over",
		"events[0].at", "events[0].decommission.count", "events[0].decommission.over",
		"expect[0].at_least", "expect[0].until",
	} {
		if !slices.Contains(paths, want) {
			t.Errorf("Paths() lacks %q", want)
		}
	}
	if slices.Contains(paths, "events[0].add.count") {
		t.Error("Paths() lists a field of an action the event does not have")
	}
	for path, want := range map[string]string{"fleet.laptops.count": "30", "events[0].at": "60d", "expect[0].until": "", "expect[0].at_least": "25", "hosts.kms2.srv.weight": "10", "seed": "0"} {
		if got, err := s.Get(path); err != nil || got != want {
			t.Errorf("Get(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	for _, p := range paths {
		if strings.Contains(p, "name") || strings.Contains(p, "product") || strings.Contains(p, "start") {
			t.Errorf("Paths() lists the non-numeric %q", p)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		path, value string
		get         func(*Scenario) any
		want        any
	}{
		{"fleet.laptops.count", "12", func(s *Scenario) any { return s.Fleet[1].Count }, 12},
		{"fleet[1].count", "13", func(s *Scenario) any { return s.Fleet[1].Count }, 13},
		{"hosts.kms2.srv.weight", "50", func(s *Scenario) any { return s.Hosts[1].SRV.Weight }, 50},
		{"events[0].decommission.count", "5", func(s *Scenario) any { return s.Events[0].Decommission.Count }, 5},
		{"events[0].at", "14d", func(s *Scenario) any { return s.Events[0].At }, 14 * Day},
		{"model.count_window", "1w", func(s *Scenario) any { return s.Model.CountWindow }, 7 * Day},
		{"expect[0].at_least", "24.5", func(s *Scenario) any { return *s.Expect[0].AtLeast }, 24.5},
		{"expect[0].until", "90d", func(s *Scenario) any { return *s.Expect[0].Until }, 90 * Day},
		{"seed", "7", func(s *Scenario) any { return s.Seed }, uint64(7)},
	}
	for _, tt := range tests {
		s := mustParse(t, sweepSrc)
		if err := s.Set(tt.path, tt.value); err != nil {
			t.Errorf("Set(%q, %q): %v", tt.path, tt.value, err)
			continue
		}
		if got := tt.get(s); got != tt.want {
			t.Errorf("Set(%q, %q): got %v, want %v", tt.path, tt.value, got, tt.want)
		}
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct{ path, value, want string }{
		{"fleet.laptop.count", "3", `unknown path "fleet.laptop.count": no numeric field there (nearest valid paths: fleet.laptops.count,`},
		{"hosts.kms2.srv", "3", `unknown path "hosts.kms2.srv": no numeric field there (nearest valid paths: hosts.kms2.srv.priority, hosts.kms2.srv.weight;`},
		{"hosts.kms1.name", "3", `unknown path "hosts.kms1.name"`},
		{"events[3].at", "1d", `unknown path "events[3].at"`},
		{"fleet[0", "1", `path "fleet[0": unclosed [`},
		{"fleet..count", "1", `path "fleet..count": empty key`},
		{"fleet.laptops.count", "many", `fleet.laptops.count=many: want a whole number, got "many"`},
		{"events[0].at", "14", `events[0].at=14: duration "14" has no unit`},
		{"expect[0].at_least", "NaN", `want a number, got "NaN"`},
		{"seed", "-1", `want a whole number, 0 or more, got "-1"`},
	}
	for _, tt := range tests {
		s := mustParse(t, sweepSrc)
		err := s.Set(tt.path, tt.value)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%q, %q) = %v, want an error containing %q", tt.path, tt.value, err, tt.want)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	s := mustParse(t, sweepSrc)
	c := s.Clone()
	for _, p := range []string{"fleet.laptops.count", "events[0].decommission.count", "expect[0].at_least", "hosts.kms1.srv.weight"} {
		if err := c.Set(p, "3"); err != nil {
			t.Fatal(err)
		}
	}
	(*c.Hosts[0].Publish)[0] = "elsewhere"
	if s.Fleet[1].Count != 30 || s.Events[0].Decommission.Count != 2 || *s.Expect[0].AtLeast != 25 || s.Hosts[0].SRV.Weight != 0 {
		t.Fatalf("changing the clone changed the original: %+v", s.Fleet[1])
	}
	if (*s.Hosts[0].Publish)[0] != "default" {
		t.Fatalf("the clone shares the publish list: %v", *s.Hosts[0].Publish)
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		in   string
		want string // joined by spaces, or the error
	}{
		{"0,5,10,20", "0 5 10 20"},
		{"0..30/5", "0 5 10 15 20 25 30"},
		{"0..10/4", "0 4 8"},
		{"1, 2, 4..6", "1 2 4 5 6"},
		{"7d,14d", "7d 14d"},
		{"0.5", "0.5"},
		{"3..3", "3"},
		{"", `empty value in ""`},
		{"1,,2", `empty value in "1,,2"`},
		{"5..1", `range "5..1": 1 is below 5`},
		{"0..10/0", `range "0..10/0": the step must be 1 or more`},
		{"a..b", `range "a..b": want whole numbers`},
		{"0..1000000", `range "0..1000000": more than 10000 values`},
		{"9223372036854775800..9223372036854775807/5", "9223372036854775800 9223372036854775805"},
	}
	for _, tt := range tests {
		vs, err := ParseValues(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			parts := make([]string, len(vs))
			for i, v := range vs {
				parts[i] = string(v)
			}
			got = strings.Join(parts, " ")
		}
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("ParseValues(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPointsAndAt(t *testing.T) {
	s := mustParse(t, sweepSrc+`replications: 4
sweep:
  - path: events[0].decommission.count
    values: [0, 2, 4]
  - path: hosts.kms2.srv.weight
    values: [0, 100]
`)
	pts := s.Points()
	if len(pts) != 6 {
		t.Fatalf("%d points, want 6", len(pts))
	}
	if got := s.Label(pts[3]); got != "events[0].decommission.count=2, hosts.kms2.srv.weight=100" {
		t.Fatalf("Label(points[3]) = %q", got)
	}
	at, err := s.At(pts[5])
	if err != nil {
		t.Fatal(err)
	}
	if at.Events[0].Decommission.Count != 4 || at.Hosts[1].SRV.Weight != 100 || at.Sweep != nil || at.Replications != 4 {
		t.Fatalf("At(points[5]): count %d weight %d sweep %v", at.Events[0].Decommission.Count, at.Hosts[1].SRV.Weight, at.Sweep)
	}
	if s.Events[0].Decommission.Count != 2 {
		t.Fatal("At changed the scenario")
	}
}

func TestSweepValidate(t *testing.T) {
	tests := []struct{ sweep, want string }{
		{"replications: -1\n", "sweep.yaml:22: replications: must be between 1 and 100000, got -1"},
		{"sweep:\n  - path: fleet.laptop.count\n    values: [1]\n", `sweep.yaml:23: sweep[0].path: unknown path "fleet.laptop.count"`},
		{"sweep:\n  - path: fleet.laptops.count\n    values: [1, x]\n", `sweep.yaml:24: sweep[0].values[1]: fleet.laptops.count=x: want a whole number, got "x"`},
		{"sweep:\n  - path: fleet.laptops.count\n    values: []\n", "sweep[0].values: a swept field needs at least one value"},
		{"sweep:\n  - path: fleet.laptops.count\n    values: [{a: 1}]\n", "want a number or a duration such as 20 or 14d, got a mapping"},
		{"sweep:\n  - path: seed\n    values: [1]\n  - path: seed\n    values: [2]\n", "sweep[1].path: seed is swept twice"},
		{"sweep:\n  - {path: seed, values: [1]}\n  - {path: duration, values: [1d]}\n  - {path: sample, values: [1h]}\n", "sweep: varies 3 fields; a sweep varies one or two"},
		// Each value is fine alone; the combination retires more laptops than there are.
		{"sweep:\n  - path: fleet.laptops.count\n    values: [30, 1]\n  - path: events[0].decommission.count\n    values: [2, 20]\n",
			"sweep: at fleet.laptops.count=1, events[0].decommission.count=2: "},
	}
	for _, tt := range tests {
		_, err := Parse("sweep.yaml", []byte(sweepSrc+tt.sweep))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.sweep, err, tt.want)
		}
	}
}

func TestApply(t *testing.T) {
	s := mustParse(t, sweepSrc)
	var params []Parameter
	for _, a := range []string{"fleet.desktops.count=22", "events[0].decommission.count=0..4/2"} {
		p, err := ParseParameter(a)
		if err != nil {
			t.Fatal(err)
		}
		params = append(params, p)
	}
	if err := s.Apply(params); err != nil {
		t.Fatal(err)
	}
	if s.Fleet[0].Count != 22 || len(s.Sweep) != 1 || len(s.Points()) != 3 {
		t.Fatalf("after Apply: desktops %d, sweep %+v", s.Fleet[0].Count, s.Sweep)
	}
	if _, err := ParseParameter("fleet.desktops.count"); err == nil || !strings.Contains(err.Error(), "want path=values") {
		t.Fatalf("ParseParameter without '=': %v", err)
	}
}

// FuzzParseValues checks that ParseValues never panics, and that what it
// accepts is a bounded list of non-empty values.
func FuzzParseValues(f *testing.F) {
	for _, s := range []string{"0,5,10", "0..30/5", "1,2,4..6", "7d", "5..1", "0..9223372036854775807/1", "-5..-1/2", " 3 .. 4 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs, err := ParseValues(s)
		if err != nil {
			return
		}
		if len(vs) == 0 || len(vs) > MaxPoints {
			t.Fatalf("ParseValues(%q): %d values", s, len(vs))
		}
		for _, v := range vs {
			if v == "" {
				t.Fatalf("ParseValues(%q): an empty value", s)
			}
		}
	})
}

// FuzzSet checks that Set never panics on any path or value.
func FuzzSet(f *testing.F) {
	for _, s := range []string{"fleet.laptops.count", "events[0].at", "hosts.kms2.srv.weight", "fleet[", "[0]", "expect[0].until", "..", "sweep[0]"} {
		f.Add(s, "3")
	}
	base := mustParse(f, sweepSrc)
	f.Fuzz(func(t *testing.T, path, value string) {
		s := base.Clone()
		_ = s.Set(path, value)
	})
}

package sensitivity

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
)

func TestParseOutcome(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want Outcome
		err  string
	}{
		{"all", 1, Outcome{Kind: AllHold}, ""},
		{"expect[1]", 2, Outcome{Kind: Expectation, Expectation: 1}, ""},
		{"below", 0, Outcome{Kind: Below}, ""},
		{"lapsed", 0, Outcome{Kind: Lapsed}, ""},
		{"all", 0, Outcome{}, "outcome all: the scenario has no expectations; measure below or lapsed"},
		{"expect[2]", 2, Outcome{}, "outcome expect[2]: the scenario has 2 expectations, expect[0] to expect[1]"},
		{"expect[x]", 2, Outcome{}, "outcome expect[x]: the scenario has 2 expectations, expect[0] to expect[1]"},
		{"expect[1", 2, Outcome{}, "outcome expect[1: the scenario has 2 expectations, expect[0] to expect[1]"},
		{"days", 1, Outcome{}, `outcome "days": want all, expect[N], below or lapsed`},
	}
	for _, tt := range tests {
		got, err := ParseOutcome(tt.in, tt.n)
		switch {
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("ParseOutcome(%q, %d): err=%v, want %q", tt.in, tt.n, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseOutcome(%q, %d)=%+v, %v; want %+v", tt.in, tt.n, got, err, tt.want)
		}
	}
}

// An outcome read is written back as it was read.
func FuzzParseOutcome(f *testing.F) {
	for _, s := range []string{"all", "below", "lapsed", "expect[0]", "expect[12]", "expect[-1]", "expect[01]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOutcome(s, 20)
		if err != nil {
			return
		}
		again, err := ParseOutcome(o.String(), 20)
		if err != nil || again != o {
			t.Errorf("%q reads %+v, written %q, which reads %+v (%v)", s, o, o.String(), again, err)
		}
	})
}

// Every field a plan chooses, and none of the rules or the judges.
func TestCandidates(t *testing.T) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	vars, err := Candidates(scn.Scenario(), 0.2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Variation{
		{"hosts.kms1.activation_interval", "1h36m", "2h24m"},
		{"hosts.kms1.renewal_interval", "5d14h", "8d10h"},
		{"fleet.desktops.count", "10", "14"},
		{"fleet.desktops.activation_interval", "1h36m", "2h24m"},
		{"fleet.desktops.renewal_interval", "5d14h", "8d10h"},
		{"fleet.desktops.join.over", "5d14h", "8d10h"},
		{"fleet.laptops.count", "24", "36"},
		{"fleet.laptops.activation_interval", "1h36m", "2h24m"},
		{"fleet.laptops.renewal_interval", "5d14h", "8d10h"},
		{"fleet.laptops.join.over", "5d14h", "8d10h"},
		{"events[0].at", "5d14h", "8d10h"},
		{"events[0].decommission.count", "8", "12"},
		{"events[0].decommission.over", "66d10h", "99d14h"},
	}
	if !slices.Equal(vars, want) {
		t.Errorf("Candidates:\n%v\nwant\n%v", vars, want)
	}
}

// Near its limit, laptop-retirement holds more often with more laptops
// and less often with more retired: the signs and the ranking follow.
func TestRun(t *testing.T) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	if err := scn.Set("events[0].decommission.count", "20"); err != nil {
		t.Fatal(err)
	}
	vars := []Variation{
		{"fleet.desktops.renewal_interval", "6d", "8d"}, // the host's intervals prevail (K27)
		{"events[0].decommission.count", "16", "24"},
		{"fleet.laptops.count", "24", "36"},
	}
	res, err := Run(context.Background(), scn.Scenario(), vars, Outcome{Kind: AllHold}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range res.Effects {
		order = append(order, e.Path)
	}
	if want := []string{"fleet.laptops.count", "events[0].decommission.count", "fleet.desktops.renewal_interval"}; !slices.Equal(order, want) {
		t.Fatalf("ranked %v, want %v", order, want)
	}
	more, retired, interval := res.Effects[0], res.Effects[1], res.Effects[2]
	if !(more.Change.Low > 0) || !(retired.Change.High < 0) {
		t.Errorf("changes %+v and %+v: want more laptops clearly up, more retired clearly down", more.Change, retired.Change)
	}
	if interval.Change.Mean != 0 || interval.AtLow != res.Baseline {
		t.Errorf("a client's own renewal interval changed the outcome: %+v (baseline %+v)", interval, res.Baseline)
	}
	if res.Replications != 40 || math.IsNaN(res.Baseline.Low) {
		t.Errorf("Replications=%d, Baseline=%+v", res.Replications, res.Baseline)
	}
}

func TestRunRefusesAValueOutOfRange(t *testing.T) {
	scn, err := scenarios.Builtin("laptop-retirement")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), scn.Scenario(), []Variation{{"events[0].decommission.count", "10", "40"}}, Outcome{Kind: AllHold}, Options{})
	if want := "events[0].decommission.count from 10 to 40: "; err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
		t.Errorf("err=%v, want it to start %q", err, want)
	}
}

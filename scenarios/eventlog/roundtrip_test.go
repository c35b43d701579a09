package eventlog_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// roundTrip is a site with the decommissioning trap (K23) and a lab that
// never reaches its threshold: 20 desktops, 6 laptops and 3 servers share
// kms1's Windows count (K12), 6 Office machines its Office count (K33); 5
// laptops are retired on day 40, so the count falls to 24 about 30 days
// later and every Windows 10 renewal fails from then on. 6 lab machines
// pinned to kms2 stay below 25 and go into notification.
const roundTrip = `
name: round-trip
start: 2027-01-04
duration: 365d
sample: 1d
seed: 7
dns:
  - name: corp.example
hosts:
  - name: kms1
    keys: [windows-server-2022, office-ltsc-2021]
  - name: kms2
    keys: [windows-10]
    publish: []
fleet:
  - {group: desktops, count: 20, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 6, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: servers, count: 3, product: windows-server-2022, join: {at: 0d, over: 7d}}
  - {group: office, count: 6, product: office-ltsc-2021, join: {at: 0d, over: 7d}}
  - {group: lab, count: 6, product: windows-8.1, kms: kms2, join: {at: 20d, over: 7d}}
events:
  - at: 40d
    decommission: {group: laptops, count: 5}
`

// importDay is the day D the logs are exported.
const importDay = 100

// The round trip: simulate a fleet, export its hosts' logs on day D in
// each form, import them, and simulate the import. From D on, both runs
// must agree on every host's count and on every change of every client's
// state, to the second, except what a log cannot know, named here: the 5
// laptops retired on day 40 were last heard more than 30 days before D,
// so the import keeps them as silent machines (retired or away, it cannot
// tell), which the original run no longer has.
func TestRoundTrip(t *testing.T) {
	orig, err := scenarios.Parse("round-trip.yaml", []byte(roundTrip))
	if err != nil {
		t.Fatal(err)
	}
	D := engine.Time(importDay * engine.Day)
	origRes, recs, err := exportRun(orig, D)
	if err != nil {
		t.Fatal(err)
	}
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{"xml", "xml-root", "powershell", "eventviewer", "eventviewer-ja", "evtx"} {
		t.Run(form, func(t *testing.T) {
			dir := t.TempDir()
			write := map[string]func(io.Writer, []record) error{
				"xml":            func(w io.Writer, r []record) error { return writeXML(w, r, false) },
				"xml-root":       func(w io.Writer, r []record) error { return writeXML(w, r, true) },
				"powershell":     func(w io.Writer, r []record) error { return writePowerShell(w, r, kolkata, enUS, true, false) },
				"eventviewer":    func(w io.Writer, r []record) error { return writeEventViewer(w, r, kolkata, enUS) },
				"eventviewer-ja": func(w io.Writer, r []record) error { return writeEventViewer(w, r, kolkata, jaJP) },
				"evtx":           func(w io.Writer, r []record) error { return writeEVTX(w, r, false) },
			}[form]
			files := writeLogs(t, dir, ".log", recs, write)
			st := importFiles(t, files, kolkata)
			imp := writeAndLoad(t, st, dir)
			impRes, err := sim.Run(imp, sim.Options{Seed: imp.Seed})
			if err != nil {
				t.Fatal(err)
			}
			// Time 0 of the import is the latest event, T.
			T := engine.Time(st.At.Sub(orig.Start.Time) / time.Second)
			if T > D || T < D-engine.Day {
				t.Fatalf("the import starts at %d s, want within the day before D = %d s", T, D)
			}
			compareRuns(t, origRes, T, impRes)

			// What a log cannot know: the 5 retired laptops are silent.
			var silent []string
			for _, m := range st.Machines {
				if m.Silent {
					silent = append(silent, m.Name)
				}
			}
			if st.Silent != 5 || len(silent) != 5 {
				t.Fatalf("silent machines %v (%d), want the 5 retired laptops", silent, st.Silent)
			}
			for _, n := range silent {
				if !strings.HasPrefix(n, "laptops-") {
					t.Errorf("silent machine %s is not a retired laptop", n)
				}
			}
		})
	}
}

// importFiles imports exports as kmssim import does, and fails on a
// warning while reading.
func importFiles(t testing.TB, files []string, loc *time.Location) *eventlog.State {
	t.Helper()
	fleet := eventlog.NewFleet(scenarios.Model{})
	for _, file := range files {
		if _, err := fleet.ReadFile(file, eventlog.Options{Location: loc}, func(w eventlog.Warning) { t.Errorf("warning: %s", w) }); err != nil {
			t.Fatal(err)
		}
	}
	st, err := fleet.State()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// writeAndLoad writes st as kmssim import does into dir and loads it.
func writeAndLoad(t *testing.T, st *eventlog.State, dir string) *scenarios.Scenario {
	t.Helper()
	var scn, fleet bytes.Buffer
	if err := eventlog.WriteScenario(&scn, st, eventlog.ScenarioOptions{Sources: []string{"test"}, Duration: 265 * scenarios.Day}); err != nil {
		t.Fatal(err)
	}
	if err := eventlog.WriteFleet(&fleet, st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), scn.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, eventlog.FleetFile), fleet.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(filepath.Join(dir, "scenario.yaml"))
	if err != nil {
		t.Fatalf("the imported scenario does not load: %v\n%s", err, scn.String())
	}
	return s
}

// compareRuns checks that imp, which starts at orig's time T, agrees with
// orig from T on, as far as imp runs: every count step of every host, and
// every change in the number of clients of each product in each state,
// leaving out the import's silent machines.
func compareRuns(t *testing.T, orig *sim.Result, T engine.Time, imp *sim.Result) {
	t.Helper()
	end := T + imp.Duration
	for _, h := range imp.Hosts {
		for _, p := range h.Pools {
			want := stepsFrom(findPool(t, orig, h.Name, p.Pool), T, end)
			got := stepsFrom(p.Steps, 0, imp.Duration)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s count from T: import %v, original %v", h.Name, p.Pool, got, want)
			}
		}
	}
	for _, p := range scenarios.Products {
		want := profile(orig.Groups, p, T, end, nil)
		got := profile(imp.Groups, p, 0, imp.Duration, func(g string) bool { return strings.HasSuffix(g, "-silent") || strings.Contains(g, "-silent-") })
		if want != got {
			t.Errorf("%s: states from T differ:\nimport   %s\noriginal %s", p, got, want)
		}
	}
}

func findPool(t *testing.T, res *sim.Result, host string, pool scenarios.Pool) []sim.Step {
	for _, h := range res.Hosts {
		for _, p := range h.Pools {
			if h.Name == host && p.Pool == pool {
				return p.Steps
			}
		}
	}
	t.Fatalf("the original has no %s %s count", host, pool)
	return nil
}

// stepsFrom returns the count at from and its changes in (from, until],
// on a clock that starts at from.
func stepsFrom(steps []sim.Step, from, until engine.Time) []sim.Step {
	out := []sim.Step{{At: 0, Value: -1}}
	for _, s := range steps {
		switch {
		case s.At <= from:
			out[0].Value = s.Value
		case s.At <= until:
			out = append(out, sim.Step{At: s.At - from, Value: s.Value})
		}
	}
	return out
}

// profile describes the clients of product p in the states of a present
// client: their numbers at from, and every change of them in (from,
// until], on a clock that starts at from, as text.
func profile(groups []sim.GroupHistory, p scenarios.Product, from, until engine.Time, skip func(string) bool) string {
	var at [sim.NumStates]int
	changes := map[engine.Time]*[sim.NumStates]int{}
	for _, g := range groups {
		if g.Product != p || skip != nil && skip(g.Name) {
			continue
		}
		for _, tr := range g.Transitions {
			switch {
			case tr.At <= from:
				at[tr.From]--
				at[tr.To]++
			case tr.At <= until:
				d := changes[tr.At-from]
				if d == nil {
					d = new([sim.NumStates]int)
					changes[tr.At-from] = d
				}
				d[tr.From]--
				d[tr.To]++
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "at 0: %v", at[1:])
	var times []engine.Time
	for at := range changes {
		times = append(times, at)
	}
	slices.Sort(times)
	for _, at := range times {
		if d := changes[at]; *d != ([sim.NumStates]int{}) {
			fmt.Fprintf(&b, "; %d: %v", at, d[1:])
		}
	}
	return b.String()
}

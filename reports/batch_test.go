package reports

import (
	"cmp"
	"context"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// batchPage runs a batch of src and returns its report.
func batchPage(t *testing.T, src string, stop bool) (string, *batch.Result) {
	t.Helper()
	scn, err := scenarios.Parse("hostile.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.Options{Series: len(scn.Sweep) == 0}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if stop {
		opts.Parallel = 1
		opts.Progress = func(done, total int) {
			if done == scn.Replications+1 { // one point and a run
				cancel()
			}
		}
	}
	b, err := batch.RunContext(ctx, scn, opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := WriteFiles(t.Context(), dir, b, Options{Formats: []Format{HTML}}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(page), b
}

func TestBatchReports(t *testing.T) {
	const sweep1 = "replications: 5\nsweep:\n  - path: events[0].decommission.count\n    values: [0, 1, 2]\n"
	const sweep2 = sweep1 + "  - path: fleet.desktops.count\n    values: [23, 24, 26]\n"
	// The expectation looks only through day 15; the laptops go on day 20.
	windowed := strings.Replace(hostile, "from: 4d}", "from: 4d, until: 15d}", 1)
	tests := []struct {
		name, extra string
		base        string // the scenario, hostile by default
		stop        bool
		svgs        int
		ids         []string
		texts       []string
	}{
		{"replications", "replications: 5\n", "", false, 6,
			[]string{"findings", "charts", "chart-counts", "chart-bands", "chart-falls", "batch", "milestones", "inputs"},
			[]string{"Over 5 replications", "Findings over 5 replications", "“count stays &lt;25&gt; &amp; up” held in", "kms1's windows count falls below 25 in 5 of 5 replications (100%, 56.6%–100%); the first fall comes on day 46.7 at the median of those (5–95%: day 46.6 to 46.9).", "In the first replication (the scenario's own seed, 0)", "<dt>events simulated (first replication)</dt>"}},
		{"one parameter", sweep1, "", false, 2,
			[]string{"batch", "chart-sweep-expect", "chart-sweep-below", "inputs"},
			[]string{"Up to events[0].decommission.count = 1, “count stays &lt;25&gt; &amp; up” holds in at least 95% of the replications: 100%", "At 2 it holds in 0%",
				// Its chart left out, and why.
				"At no point is a client left without a licence at the end, in any replication: the run ends on day 120, before an activation can lapse (180 days after its last good renewal, K7)."}},
		{"unlicensed", "replications: 5\nsweep:\n  - path: fleet.desktops.count\n    values: [20, 26]\n", "", false, 2,
			[]string{"batch", "chart-sweep-expect", "chart-sweep-unlicensed"},
			[]string{"Already at fleet.desktops.count = 20", "At no point, in none of the 5 replications, does a count that reached its threshold fall below it."}},
		{"window", strings.Replace(sweep1, "replications: 5", "replications: 4", 1), windowed, false, 2,
			[]string{"batch"},
			[]string{"Where the expectations hold, a count still falls below its threshold after their window, which ends on day 15.0: at 2, in 4 of 4 replications, "}},
		{"labelled", strings.Replace(sweep1, "values: [0, 1, 2]", "values: [0, 1, 2]\n    label: laptops retired", 1), "", false, 2,
			[]string{"batch", "chart-sweep-expect"},
			[]string{"Up to laptops retired = 1, “count stays &lt;25&gt; &amp; up” holds", "<text x=", ">laptops retired</text>"}},
		{"two parameters", sweep2, "", false, 2,
			[]string{"batch", "chart-heat-expect", "chart-heat-below"},
			[]string{"fleet.desktops.count = 23, 24, 26", ">never</text>", "never within the run"}},
		{"stopped", sweep2, "", true, 1,
			[]string{"batch", "chart-heat-expect"},
			[]string{"This batch was stopped: 1 of 9 points finished"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, _ := batchPage(t, cmp.Or(tt.base, hostile)+tt.extra, tt.stop)
			svgs, ids := parsePage(t, page)
			if svgs != tt.svgs {
				t.Errorf("%d charts, want %d", svgs, tt.svgs)
			}
			for _, id := range tt.ids {
				if !ids[id] {
					t.Errorf("no element with id %q", id)
				}
			}
			for _, text := range tt.texts {
				if !strings.Contains(page, text) && !strings.Contains(page, html.EscapeString(text)) {
					t.Errorf("the page lacks %q", text)
				}
			}
		})
	}
}

// An expectation's name reaches outcomes.csv as text, never as a formula.
func TestOutcomesCSVNeutralisesNames(t *testing.T) {
	scn, err := scenarios.Parse("formula.yaml", []byte(`
duration: 10d
replications: 2
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: pcs, count: 3, product: windows-7}]
expect:
  - {name: "=HYPERLINK(\"http://x\")", count: {host: kms1}, at_least: 1, from: 1d}
`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := batch.Run(scn, batch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := WriteOutcomesCSV(&out, b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"'=HYPERLINK(""http://x"")"`) || strings.Contains(out.String(), `,=HYPERLINK`) {
		t.Errorf("outcomes.csv:\n%s", out.String())
	}
}

// Every outcome of batch.json has every key, null where outcomes.csv's
// cell is empty or says never, as docs/batches.md says.
func TestBatchJSONNulls(t *testing.T) {
	_, b := batchPage(t, hostile+"replications: 3\n", false)
	var buf strings.Builder
	if err := WriteBatchJSON(&buf, b); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Points []struct {
			Outcomes []map[string]any `json:"outcomes"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(buf.String()), &f); err != nil {
		t.Fatal(err)
	}
	keys := []string{"outcome", "subject", "n", "mean", "ci95", "median", "p05", "p95", "never"}
	probabilities := 0
	for _, o := range f.Points[0].Outcomes {
		for _, k := range keys {
			if _, ok := o[k]; !ok {
				t.Errorf("%v %v: no key %q", o["outcome"], o["subject"], k)
			}
		}
		if o["outcome"] == "expectation" {
			probabilities++
			if o["median"] != nil || o["never"] != nil {
				t.Errorf("%v: median %v, never %v; want null for a probability", o["subject"], o["median"], o["never"])
			}
		}
	}
	if probabilities == 0 {
		t.Error("no expectation outcome to check")
	}
}

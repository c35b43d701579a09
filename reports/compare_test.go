package reports

import (
	"context"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
)

// trapComparison compares the default scenario with its what-if of six
// laptops over reps replications with the same seeds.
func trapComparison(t *testing.T, reps int) *Comparison {
	t.Helper()
	var plans [2]*compare.Plan
	var verdicts [2]PlanVerdict
	for i, set := range []string{"", "6"} {
		scn, err := scenarios.Builtin("decommissioning-trap")
		if err != nil {
			t.Fatal(err)
		}
		if set != "" {
			if err := scn.Apply([]scenarios.Parameter{{Path: "fleet.laptops.count", Values: []scenarios.Value{scenarios.Value(set)}}}); err != nil {
				t.Fatal(err)
			}
		}
		scn.Replications = reps
		p, b, err := compare.Simulate(context.Background(), scn, batch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		plans[i], verdicts[i] = p, PlanOf(b)
	}
	r, err := compare.Compare(plans[0], plans[1])
	if err != nil {
		t.Fatal(err)
	}
	return &Comparison{Result: r, VerdictA: verdicts[0], VerdictB: verdicts[1], FromA: "built-in scenario",
		FromB: "built-in scenario, -set fleet.laptops.count=6", Model: (&batch.Result{}).Model()}
}

// comparePage renders the report of trapComparison.
func comparePage(t *testing.T, reps int) string {
	t.Helper()
	files, err := WriteCompareFiles(context.Background(), trapComparison(t, reps), []Format{HTML})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Name != "report.html" {
		t.Fatalf("files %v, want report.html", files)
	}
	return string(files[0].Data)
}

// The page leads with both verdicts in their colours, then the chart of
// both plans' counts, and holds each milestone's difference.
func TestCompareReport(t *testing.T) {
	page := comparePage(t, 1)
	for _, want := range []string{
		`<p id="verdict" class="headline red">A RED: 23 machines lose activation`,
		`<p class="headline green">B GREEN: No machine loses activation`,
		`<td data-label="B − A">−1.00 days</td>`,
		`<td data-label="B − A">only in A</td>`,
		`kms1.windows B`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="inputs"`) {
		t.Error("a comparison's page has a section of scenario inputs")
	}
}

// The summary's first lines are the two verdicts.
func TestCompareSummary(t *testing.T) {
	var b strings.Builder
	if err := WriteCompareSummary(&b, trapComparison(t, 1)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if !strings.HasPrefix(lines[0], "A RED: 23 machines") || !strings.HasPrefix(lines[1], "B GREEN: ") {
		t.Errorf("first lines:\n%s\n%s\nwant A's verdict, then B's", lines[0], lines[1])
	}
}

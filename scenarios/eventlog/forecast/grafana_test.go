package forecast_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// dashboard is docs/grafana/kmssim.json, the Grafana dashboard of
// docs/monitoring.md.
const dashboard = "../../../docs/grafana/kmssim.json"

var metricRE = regexp.MustCompile(`\bkmssim_[a-z0-9_]+`)

// The dashboard is JSON that Grafana imports (a title, a uid, panels
// with queries), and its queries ask only for metrics that the program
// writes, and show every one; with promtool (always in CI) each query
// parses as PromQL, checked as the expression of a recording rule.
func TestGrafanaDashboard(t *testing.T) {
	data, err := os.ReadFile(dashboard)
	if err != nil {
		t.Fatal(err)
	}
	type datasource struct{ Type, UID string }
	var d struct {
		Inputs []struct {
			Name, Type, PluginID string
		} `json:"__inputs"`
		Title, UID string
		Panels     []struct {
			Title      string
			Datasource datasource
			Targets    []struct {
				Expr, LegendFormat string
				Datasource         datasource
			}
			FieldConfig struct {
				Defaults struct {
					Unit    string
					NoValue string
				}
			}
		}
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s: %v", dashboard, err)
	}
	if d.Title == "" || d.UID == "" || len(d.Panels) == 0 {
		t.Fatalf("%s: title %q, uid %q, %d panels: want all three", dashboard, d.Title, d.UID, len(d.Panels))
	}
	// The import dialog asks for the Prometheus data source, which
	// every panel and query then uses.
	if len(d.Inputs) != 1 || d.Inputs[0] != (struct{ Name, Type, PluginID string }{"DS_PROMETHEUS", "datasource", "prometheus"}) {
		t.Errorf("__inputs = %+v, want the one Prometheus data source DS_PROMETHEUS", d.Inputs)
	}
	ds := datasource{"prometheus", "${DS_PROMETHEUS}"}
	used := map[string]bool{}
	var exprs []string
	for _, p := range d.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		if p.Datasource != ds {
			t.Errorf("panel %q: data source %+v, want %+v", p.Title, p.Datasource, ds)
		}
		// Grafana's unit d shows 10 days as 1.43 weeks.
		if u := p.FieldConfig.Defaults.Unit; u == "d" || u == "h" {
			t.Errorf("panel %q: unit %q, want s or a suffix such as \"suffix: days\"", p.Title, u)
		}
		// A fall not within the horizon is +Inf, which the query leaves
		// out: the panel says so rather than "No data".
		for _, q := range p.Targets {
			if strings.Contains(q.Expr, "< +Inf") && p.FieldConfig.Defaults.NoValue == "" {
				t.Errorf("panel %q leaves out +Inf but sets no noValue text", p.Title)
			}
			// A legend says "within 30 days", not "within 2592000 s".
			if strings.Contains(q.LegendFormat, "within_seconds") {
				t.Errorf("panel %q: legend %q shows seconds; name the days", p.Title, q.LegendFormat)
			}
			if q.Datasource != ds {
				t.Errorf("panel %q: a query's data source %+v, want %+v", p.Title, q.Datasource, ds)
			}
		}
		for _, q := range p.Targets {
			exprs = append(exprs, q.Expr)
			for _, name := range metricRE.FindAllString(q.Expr, -1) {
				used[name] = true
				if !slices.Contains(forecast.MetricNames, name) {
					t.Errorf("panel %q asks for %s, which kmssim does not write (it writes %s)", p.Title, name, strings.Join(forecast.MetricNames, ", "))
				}
			}
		}
	}
	for _, name := range forecast.MetricNames {
		if !used[name] {
			t.Errorf("no panel shows %s", name)
		}
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if runtime.GOOS == "windows" {
			// Under Wine in CI: the Linux run checks the same bytes.
			t.Skip("promtool checks the files on Linux")
		}
		if os.Getenv("CI") != "" {
			t.Fatal("promtool is not installed; CI must check the queries with it (apt-get install prometheus)")
		}
		t.Skip("promtool is not installed: the queries are not parsed")
	}
	var rules strings.Builder
	rules.WriteString("groups:\n  - name: dashboard\n    rules:\n")
	for i, e := range exprs {
		q, _ := json.Marshal(e) // a JSON string is a YAML string
		fmt.Fprintf(&rules, "      - record: dashboard:query%d\n        expr: %s\n", i, q)
	}
	path := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(path, []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", path).CombinedOutput(); err != nil {
		t.Errorf("promtool check rules: %v\n%s", err, out)
	}
}

package reports

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/sim"
)

// hostile is a small scenario whose texts would break a page that did not
// escape them.
const hostile = `
name: "<script>alert('name')</script> & co"
description: "Retire <b>two</b> laptops & see"
start: 2027-01-04
duration: 120d
sample: 6h
hosts:
  - {name: kms1, keys: [windows-server-2008r2]}
fleet:
  - {group: desktops, count: 24, product: windows-7, join: {at: 0d, over: 3d}}
  - {group: laptops, count: 2, product: windows-7, join: {at: 0d, over: 3d}}
events:
  - {at: 20d, decommission: {group: laptops, count: 2}}
expect:
  - {name: "count stays <25> & up", count: {host: kms1}, at_least: 25, from: 4d}
`

func renderReport(t *testing.T, src string) (string, []string) {
	t.Helper()
	scn, res := simulate(t, src)
	verdicts := sim.Check(res, scn.Expect)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res, verdicts, Charts(res)); err != nil {
		t.Fatal(err)
	}
	return buf.String(), Findings(res, verdicts)
}

// parsePage checks that a report is well-formed and self-contained: it
// parses as strict XML (HTML's void elements are written self-closed), so
// every element is closed and nested, nothing refers outside it, and
// each chart (a <figure>) holds two SVGs, its wide and narrow forms. It
// returns the number of charts and the ids of the page.
func parsePage(t *testing.T, page string) (charts int, ids map[string]bool) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	ids = map[string]bool{}
	svgs := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return charts, ids
		}
		if err != nil {
			t.Fatalf("report is not well-formed: %v", err)
		}
		if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "figure" {
			if svgs != 2 {
				t.Errorf("a chart holds %d SVGs, want 2 (wide and narrow)", svgs)
			}
			charts++
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "figure":
				svgs = 0
			case "svg":
				svgs++
			}
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
				if (a.Name.Local == "src" || a.Name.Local == "href") && !strings.HasPrefix(a.Value, "#") && !strings.HasPrefix(a.Value, "data:") {
					t.Errorf("<%s %s=%q> refers outside the page", se.Name.Local, a.Name.Local, a.Value)
				}
			}
		}
	}
}

func TestReportHTML(t *testing.T) {
	page, findings := renderReport(t, hostile)

	charts, ids := parsePage(t, page)
	if charts != len(runKinds) {
		t.Errorf("%d charts, want one per kind of a run's chart, %d", charts, len(runKinds))
	}
	want := []string{"lead", "findings", "expectations", "charts", "milestones", "inputs"}
	for _, k := range runKinds {
		want = append(want, "chart-"+k.name)
	}
	for _, id := range want {
		if !ids[id] {
			t.Errorf("no element with id %q", id)
		}
	}
	for _, forbidden := range []string{"<script", "http://", "https://", "<link", "@import"} {
		if i := strings.Index(page, forbidden); i >= 0 && !strings.Contains(page[max(0, i-40):i], "xmlns") && !strings.Contains(page[i:min(len(page), i+60)], "w3.org") {
			t.Errorf("report contains %q: %q", forbidden, page[max(0, i-40):min(len(page), i+60)])
		}
	}

	// Every finding is in the page, and the scenario's texts are escaped.
	if len(findings) < 3 {
		t.Fatalf("only %d findings: %q", len(findings), findings)
	}
	for _, f := range findings {
		if !strings.Contains(page, html.EscapeString(f)) {
			t.Errorf("finding missing from the report: %q", f)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; &amp; co",
		"Retire &lt;b&gt;two&lt;/b&gt; laptops &amp; see",
		"count stays &lt;25&gt; &amp; up",
		"@font-face",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "<b>two</b>") {
		t.Error("the scenario's description was not escaped")
	}
}

// The findings of the hostile scenario, word for word: the fall below 25
// is tied to the retirement that caused it.
func TestFindings(t *testing.T) {
	_, findings := renderReport(t, hostile)
	want := []string{
		"kms1 (windows) fell below 25 on day ",
		"after 2 machines of group laptops were retired on day 20 (2027-01-24); it ends at 24.",
		"24 windows-7 clients are licensed at the end but failing to renew: unless the count recovers, they lose their activation between day 2",
		"0 of 1 check holds; failed: count stays <25> & up.",
	}
	all := strings.Join(findings, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("findings lack %q:\n%s", w, all)
		}
	}
}

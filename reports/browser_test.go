package reports

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// chromium returns the path of a Chromium to render with. Outside CI the
// test skips itself when there is none; in CI (.ci/run installs it) its
// absence is a failure.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium in CI: .ci/run should have installed it")
	}
	t.Skip("chromium is not installed")
	return ""
}

func headless(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, stderr.String())
	}
	return out
}

// A real browser renders the report from disk: the charts and findings
// are in its DOM, and a screenshot of the page is a real picture.
func TestReportInBrowser(t *testing.T) {
	bin := chromium(t)
	page, findings := renderReport(t, hostile)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path

	dom := string(headless(t, bin, "--dump-dom", url))
	if n := strings.Count(dom, "<svg"); n != 2*len(runKinds) {
		t.Errorf("rendered DOM has %d <svg> charts, want two (wide and narrow) per kind of a run's chart, %d", n, 2*len(runKinds))
	}
	for _, f := range findings {
		if !strings.Contains(dom, html.EscapeString(f)) {
			t.Errorf("rendered DOM lacks the finding %q", f)
		}
	}
	if strings.Contains(dom, "<b>two</b>") {
		t.Error("the browser built a <b> element from the scenario's description")
	}
	// kmssim compare's page: both verdicts, and its one chart, wide and
	// narrow.
	cmp := string(headless(t, bin, "--dump-dom", "file://"+writePage(t, comparePage(t, 1))))
	if n := strings.Count(cmp, "<svg"); n != 2 {
		t.Errorf("the comparison's DOM has %d <svg> charts, want 2 (wide and narrow)", n)
	}
	for _, want := range []string{"A RED: 23 machines lose activation", "B GREEN: No machine loses activation"} {
		if !strings.Contains(cmp, want) {
			t.Errorf("the comparison's DOM lacks %q", want)
		}
	}

	shot := filepath.Join(dir, "report.png")
	headless(t, bin, "--window-size=1100,2400", "--screenshot="+shot, url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1100 || b.Dy() != 2400 {
		t.Errorf("screenshot is %v, want 1100×2400", b)
	}
	// A blank page compresses to almost nothing; charts and text do not.
	if info, _ := f.Stat(); info.Size() < 50_000 {
		t.Errorf("screenshot is %d bytes: the page looks empty", info.Size())
	}
}

// measure is appended to a copy of a report before a test renders it: it
// writes into the DOM how far the page overflows its width, how many
// charts and tables scroll sideways or reach past the page, the smallest
// chart text as drawn (its font size times the chart's scale), the lowest
// WCAG contrast of chart text on the charts' white, and where the
// verdicts of the expectations' headline is. Charts hidden at this width
// (the other form) are skipped.
const measure = `<script>
var d = document.documentElement, min = 1e9, contrast = 1e9, wide = 0;
function lin(v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
document.querySelectorAll("figure svg text").forEach(function (t) {
  if (t.textContent.trim() === "" || t.getBoundingClientRect().height === 0) { return; }
  var m = t.getScreenCTM();
  var s = parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
  min = Math.min(min, s);
  var c = getComputedStyle(t).fill.match(/[0-9.]+/g).map(Number);
  var l = 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  contrast = Math.min(contrast, 1.05 / (l + 0.05));
});
document.querySelectorAll("figure, figure div.chart, table, section").forEach(function (e) {
  if (e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > d.clientWidth + 1) { wide++; }
});
var f = document.getElementById("verdict");
document.body.setAttribute("data-overflow", String(d.scrollWidth - d.clientWidth));
document.body.setAttribute("data-wide", String(wide));
document.body.setAttribute("data-min-text", String(Math.round(min * 10) / 10));
document.body.setAttribute("data-contrast", String(Math.round(contrast * 100) / 100));
document.body.setAttribute("data-findings-top", String(f ? Math.round(f.getBoundingClientRect().top) : -1));
</script>`

var attrRE = regexp.MustCompile(`data-(overflow|wide|min-text|contrast|findings-top)="(-?[0-9.]+)"`)

// The reports a test looks at in a browser: the hostile one (its texts
// escaped), the default scenario's (a run, with the widest tables of
// inputs), sales-laptops' (a batch of 200 replications: expectations
// judged over them, a long table of verdicts) and laptop-retirement's (a
// sweep: no run, the sweep's charts and tables) and an imported
// branch's (testdata/eventlog/golden: the Machines table, with its
// dates and states), and kmssim compare's, of one run and of
// replications.
func browserPages(t *testing.T) map[string]string {
	t.Helper()
	page, _ := renderReport(t, hostile)
	pages := map[string]string{"hostile": page}
	_, res := builtin(t, "decommissioning-trap")
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res, nil, Charts(res)); err != nil {
		t.Fatal(err)
	}
	pages["decommissioning-trap"] = buf.String()
	src, err := os.ReadFile(filepath.Join("..", "scenarios", "sales-laptops.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sales, b := batchPage(t, string(src), false)
	if len(b.Seeds) != 200 {
		t.Fatalf("sales-laptops ran %d replications, want 200 (its own replications: 200)", len(b.Seeds))
	}
	pages["sales-laptops"] = sales
	src, err = os.ReadFile(filepath.Join("..", "scenarios", "laptop-retirement.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pages["laptop-retirement"], _ = batchPage(t, string(src), false)
	imported, err := scenarios.Load(filepath.Join("..", "testdata", "eventlog", "golden", "scenario.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err = sim.Run(imported, sim.Options{Seed: imported.Seed})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteHTML(&buf, res, sim.Check(res, imported.Expect), Charts(res)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `id="machines"`) {
		t.Fatal("the imported branch's report has no Machines table")
	}
	pages["import"] = buf.String()
	// kmssim compare's page, from one run each and over replications
	// (five columns of milestones: cards on a phone).
	pages["compare"] = comparePage(t, 1)
	pages["compare-replications"] = comparePage(t, 20)
	return pages
}

// The reports on a phone (390 px) and a desktop (1280 px): the page never
// overflows sideways, no chart or table scrolls sideways or reaches past
// the page, chart text is drawn at 11 px or more with WCAG AA's contrast
// (4.5:1) on the charts' white, and at 1280 px the headline verdict is on
// the first screen. Screenshots of both widths are kept in
// $KMSSIM_ARTIFACTS when it is set.
func TestReportWidths(t *testing.T) {
	bin := chromium(t)
	shots := os.Getenv("KMSSIM_ARTIFACTS")
	for name, page := range browserPages(t) {
		dir := t.TempDir()
		path := filepath.Join(dir, "report.html")
		if err := os.WriteFile(path, []byte(strings.Replace(page, "</body>", measure+"</body>", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		url := "file://" + path
		for _, width := range []int{390, 1280} {
			dom := string(headless(t, bin, fmt.Sprintf("--window-size=%d,900", width), "--dump-dom", url))
			got := map[string]float64{}
			for _, m := range attrRE.FindAllStringSubmatch(dom, -1) {
				got[m[1]], _ = strconv.ParseFloat(m[2], 64)
			}
			if len(got) != 5 {
				t.Fatalf("%s, %d px: the measuring script did not run: %v", name, width, got)
			}
			if got["overflow"] > 0 {
				t.Errorf("%s, %d px: the page overflows sideways by %v px", name, width, got["overflow"])
			}
			if got["wide"] > 0 {
				t.Errorf("%s, %d px: %v charts, tables or sections scroll sideways or reach past the page", name, width, got["wide"])
			}
			if got["min-text"] < 11 {
				t.Errorf("%s, %d px: chart text drawn at %v px, want 11 or more", name, width, got["min-text"])
			}
			if got["contrast"] < 4.5 {
				t.Errorf("%s, %d px: chart text of contrast %v:1 on white, want WCAG AA's 4.5:1 or more", name, width, got["contrast"])
			}
			if width == 1280 && strings.Contains(page, `id="verdict"`) && (got["findings-top"] < 0 || got["findings-top"] > 300) {
				t.Errorf("%s, %d px: the headline verdict is at %v px, below the first screen", name, width, got["findings-top"])
			}
			if shots != "" && name != "hostile" {
				if err := os.MkdirAll(shots, 0o755); err != nil {
					t.Fatal(err)
				}
				headless(t, bin, fmt.Sprintf("--window-size=%d,2400", width), "--hide-scrollbars",
					"--screenshot="+filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, width)), "file://"+writePage(t, page))
			}
		}
	}
}

// writePage writes page into a file of its own and returns its path.
func writePage(t *testing.T, page string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var mediaBoxRE = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// cellRE finds the cells of a page's tables, headers included.
var cellRE = regexp.MustCompile(`(?s)<t([hd])[^>]*>(.*?)</t[hd]>`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// squeeze drops every space, so that text wrapped at any point compares
// equal to text on one line.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// The reports print on A4 and on Letter, the paper being the printer's
// (a print dialog's choice is set here as an @page size): Chromium's PDF
// has pages of that size; pdftotext finds in it the text of every header
// and cell of every table, so that no column is cut; and page 1 holds the
// headline and the lead chart, by its title. The first page of each is
// kept as a PNG (pdftoppm) in $KMSSIM_ARTIFACTS when it is set.
func TestReportPrints(t *testing.T) {
	bin := chromium(t)
	for _, tool := range []string{"pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("no %s in CI: .ci/run should have installed poppler-utils", tool)
			}
			t.Skipf("%s is not installed (poppler-utils)", tool)
		}
	}
	shots := os.Getenv("KMSSIM_ARTIFACTS")
	for name, page := range browserPages(t) {
		for _, paper := range []struct {
			name string
			w, h float64
		}{{"A4", 595, 842}, {"letter", 612, 792}} {
			sized := strings.Replace(page, "</head>", "<style>@page { size: "+paper.name+"; }</style></head>", 1)
			dir := t.TempDir()
			pdf := filepath.Join(dir, "report.pdf")
			headless(t, bin, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+writePage(t, sized))
			data, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatal(err)
			}
			boxes := mediaBoxRE.FindAllSubmatch(data, -1)
			if len(boxes) < 2 {
				t.Fatalf("%s on %s: %d pages in the PDF, want a few", name, paper.name, len(boxes))
			}
			for _, b := range boxes {
				w, _ := strconv.ParseFloat(string(b[1]), 64)
				h, _ := strconv.ParseFloat(string(b[2]), 64)
				if math.Abs(w-paper.w) > 1 || math.Abs(h-paper.h) > 1 {
					t.Fatalf("%s: a page of %v × %v points, want %s (%v × %v)", name, w, h, paper.name, paper.w, paper.h)
				}
			}
			// -raw keeps the order Chromium drew the text in: a cell's
			// lines one after the other.
			all := squeeze(string(runTool(t, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")))
			cells := 0
			for _, m := range cellRE.FindAllStringSubmatch(page, -1) {
				text := squeeze(html.UnescapeString(tagRE.ReplaceAllString(m[2], " ")))
				if text == "" {
					continue
				}
				cells++
				if !strings.Contains(all, text) {
					t.Errorf("%s on %s: the PDF lacks the table text %q", name, paper.name, text)
				}
			}
			if cells < 10 {
				t.Errorf("%s: %d table cells found in the page, want many", name, cells)
			}
			first := squeeze(string(runTool(t, "pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-")))
			for _, want := range page1(t, page) {
				if !strings.Contains(first, squeeze(want)) {
					t.Errorf("%s on %s: page 1 lacks %q", name, paper.name, want)
				}
			}
			if shots != "" && name != "hostile" && paper.name == "A4" {
				if err := os.MkdirAll(shots, 0o755); err != nil {
					t.Fatal(err)
				}
				runTool(t, "pdftoppm", "-f", "1", "-l", "1", "-r", "100", "-png", "-singlefile", pdf, filepath.Join(shots, name+"-page1"))
			}
		}
	}
}

var (
	verdictRE   = regexp.MustCompile(`<p id="verdict"[^>]*>([^<]*)</p>`)
	leadTitleRE = regexp.MustCompile(`(?s)<section id="lead">.*?<text[^>]*>([^<]*)</text>`)
)

// page1 returns what page 1 of a report must hold: its headline verdict,
// when it has expectations, and the title of its lead chart.
func page1(t *testing.T, page string) []string {
	t.Helper()
	var want []string
	if m := verdictRE.FindStringSubmatch(page); m != nil {
		want = append(want, html.UnescapeString(m[1]))
	}
	m := leadTitleRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page has no lead chart with a title")
	}
	return append(want, html.UnescapeString(m[1]))
}

func runTool(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

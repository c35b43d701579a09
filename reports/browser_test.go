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
	if n := strings.Count(dom, "<svg"); n != len(runKinds) {
		t.Errorf("rendered DOM has %d <svg> charts, want one per kind of a run's chart, %d", n, len(runKinds))
	}
	for _, f := range findings {
		if !strings.Contains(dom, html.EscapeString(f)) {
			t.Errorf("rendered DOM lacks the finding %q", f)
		}
	}
	if strings.Contains(dom, "<b>two</b>") {
		t.Error("the browser built a <b> element from the scenario's description")
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
// writes into the DOM how far the page overflows its width, how small the
// smallest chart text is drawn, and where the verdicts of the
// expectations' headline is.
const measure = `<script>
var d = document.documentElement, min = 1e9;
document.querySelectorAll("figure svg text").forEach(function (t) {
  var h = t.getBoundingClientRect().height;
  if (h > 0 && t.textContent.trim() !== "") { min = Math.min(min, h); }
});
var f = document.getElementById("verdict");
document.body.setAttribute("data-overflow", String(d.scrollWidth - d.clientWidth));
document.body.setAttribute("data-min-text", String(Math.round(min * 10) / 10));
document.body.setAttribute("data-findings-top", String(f ? Math.round(f.getBoundingClientRect().top) : -1));
</script>`

var attrRE = regexp.MustCompile(`data-(overflow|min-text|findings-top)="(-?[0-9.]+)"`)

// The report on a phone (390 px) and a desktop (1280 px): the page never
// overflows sideways (wide tables and charts scroll in their own boxes),
// chart text is drawn at 9 px or more, and at 1280 px the headline
// verdict is on the first screen. Screenshots of
// both widths are kept in $KMSSIM_ARTIFACTS when it is set.
func TestReportWidths(t *testing.T) {
	bin := chromium(t)
	page, _ := renderReport(t, hostile)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte(strings.Replace(page, "</body>", measure+"</body>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path
	shots := os.Getenv("KMSSIM_ARTIFACTS")
	for _, width := range []int{390, 1280} {
		dom := string(headless(t, bin, fmt.Sprintf("--window-size=%d,900", width), "--dump-dom", url))
		got := map[string]float64{}
		for _, m := range attrRE.FindAllStringSubmatch(dom, -1) {
			got[m[1]], _ = strconv.ParseFloat(m[2], 64)
		}
		if len(got) != 3 {
			t.Fatalf("%d px: the measuring script did not run: %v", width, got)
		}
		if got["overflow"] > 0 {
			t.Errorf("%d px: the page overflows sideways by %v px", width, got["overflow"])
		}
		if got["min-text"] < 9 {
			t.Errorf("%d px: chart text drawn at %v px, want 9 or more", width, got["min-text"])
		}
		if width == 1280 && (got["findings-top"] < 0 || got["findings-top"] > 300) {
			t.Errorf("%d px: the headline verdict is at %v px, below the first screen", width, got["findings-top"])
		}
		if shots != "" {
			if err := os.MkdirAll(shots, 0o755); err != nil {
				t.Fatal(err)
			}
			headless(t, bin, fmt.Sprintf("--window-size=%d,2400", width), "--screenshot="+filepath.Join(shots, fmt.Sprintf("report-%d.png", width)), url)
		}
	}
}

var mediaBoxRE = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// The report prints on A4: Chromium's PDF of it has A4 pages (595 × 842
// points), and its charts fit them (they drop their on-screen minimum
// width in print).
func TestReportPrintsOnA4(t *testing.T) {
	bin := chromium(t)
	page, _ := renderReport(t, hostile)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "report.pdf")
	headless(t, bin, "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+path)
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	boxes := mediaBoxRE.FindAllSubmatch(data, -1)
	if len(boxes) < 2 {
		t.Fatalf("%d pages in the PDF, want a few", len(boxes))
	}
	for _, b := range boxes {
		w, _ := strconv.ParseFloat(string(b[1]), 64)
		h, _ := strconv.ParseFloat(string(b[2]), 64)
		if math.Abs(w-595) > 1 || math.Abs(h-842) > 1 {
			t.Fatalf("a page of %v × %v points, want A4 (595 × 842)", w, h)
		}
	}
	if !strings.Contains(page, "figure div.chart svg { min-width: 0; }") {
		t.Error("in print the charts keep their on-screen minimum width")
	}
}

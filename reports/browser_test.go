package reports

import (
	"bytes"
	"context"
	"html"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
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
	if n := strings.Count(dom, "<svg"); n != 4 {
		t.Errorf("rendered DOM has %d <svg> charts, want 4", n)
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

package eventlog_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/forecast"
)

// The forecast's metrics are tested here, beside the samples they are
// made of (package forecast tests the rest).

// evtxSamples returns the .evtx samples, the branch office every form of
// docs/import.md imports to.
func evtxSamples(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sampleDir, "evtx", "*.evtx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	return files
}

// kIDRE matches a rule id of KMS-FACTS.md, such as K10.
var kIDRE = regexp.MustCompile(`\bK[0-9]+\b`)

// The samples' forecast, as the metrics say it: the golden file holds
// every figure, and the figures named here are those docs/import.md tells
// of the branch: kms1's Windows count 28 today.
func TestWriteMetrics(t *testing.T) {
	st := importFiles(t, evtxSamples(t), time.UTC)
	f, err := forecast.Run(context.Background(), st, forecast.Options{Horizon: 365 * scenarios.Day})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := forecast.WriteMetrics(&b, f); err != nil {
		t.Fatal(err)
	}
	golden(t, "forecast/kmssim.prom", b.Bytes())
	for _, want := range []string{
		`kmssim_host_cmids{host="kms1",pool="windows"} 28` + "\n",
		`kmssim_host_threshold{host="kms1",pool="windows"} 25` + "\n",
		"kmssim_forecast_timestamp_seconds 1791847146\n",
		"kmssim_forecast_horizon_seconds 31536000\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the metrics lack %q:\n%s", want, b.String())
		}
	}
	// HELP is read by people who do not have KMS-FACTS.md: no rule ids.
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "# HELP ") && kIDRE.MatchString(l) {
			t.Errorf("a HELP text cites a rule id: %s", l)
		}
	}
	// Same forecast, same bytes.
	var again bytes.Buffer
	if err := forecast.WriteMetrics(&again, f); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Error("two writings of one forecast differ")
	}
}

// promtool, Prometheus' own checker, accepts the metrics file: the
// exposition format and the naming conventions (it runs when promtool is
// installed, and always in CI, where .ci/run installs Debian's
// prometheus package).
func TestPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if runtime.GOOS == "windows" {
			// Under Wine in CI: the Linux run checks the same bytes.
			t.Skip("promtool checks the files on Linux")
		}
		if os.Getenv("CI") != "" {
			t.Fatal("promtool is not installed; CI must check the metrics with it (apt-get install prometheus)")
		}
		t.Skip("promtool is not installed (apt-get install prometheus)")
	}
	data, err := os.ReadFile(filepath.Join(sampleDir, "forecast", "kmssim.prom"))
	if err != nil {
		t.Fatal(err)
	}
	// And a file whose labels need escaping, a count below its
	// threshold already.
	for name, text := range map[string][]byte{"golden": data, "escaped": escapedSample()} {
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(text)
		out, err := cmd.CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("promtool check metrics on the %s file: %v\n%s\n%s", name, err, out, text)
		}
	}
}

// escapedSample is a forecast whose labels need escaping, written.
func escapedSample() []byte {
	f := &forecast.Forecast{At: time.Unix(1791847146, 0), Horizon: 30 * scenarios.Day, Pools: []forecast.Pool{{Host: "kms\"1\\\n", Pool: scenarios.PoolWindows, Count: 3, Threshold: 25, Below: forecast.Times{0}}}}
	var b bytes.Buffer
	if err := forecast.WriteMetrics(&b, f); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
	return b.Bytes()
}

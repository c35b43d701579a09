package sim

import (
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// The estimate of the benchmark year is close to what it takes: 54.7
// million events and 186 MB peak RSS measured.
func TestEstimateRun(t *testing.T) {
	scn, err := scenarios.Load("../testdata/bench-1m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := EstimateRun(scn)
	if e.Clients != 1_000_000 || e.Hosts != 10_000 || e.Samples != 366 {
		t.Fatalf("estimate %+v", e)
	}
	if e.Events < 50e6 || e.Events > 65e6 {
		t.Errorf("Events=%d, want about 55 million", e.Events)
	}
	if e.Bytes < 186<<20 || e.Bytes > 450<<20 {
		t.Errorf("Bytes=%d, want at least the 186 MB measured and not far above", e.Bytes)
	}
	if err := e.Check(scn, Limits{MaxBytes: 8 << 30, MaxSeriesValues: DefaultMaxSeriesValues}); err != nil {
		t.Errorf("refused on 8 GB: %v", err)
	}
	err = e.Check(scn, Limits{MaxBytes: 100 << 20})
	if err == nil || !strings.Contains(err.Error(), "needs about 431MB of memory (1000000 clients, 10981830 series values), more than the limit of 100MB: sample less often") || !strings.Contains(err.Error(), "-max-memory 539MB") {
		t.Errorf("error %v", err)
	}
	err = e.Check(scn, Limits{MaxSeriesValues: 1_000_000})
	if err == nil || !strings.Contains(err.Error(), "366 samples of 30005 series are 10981830 values, more than the limit of 1000000: use a sample of 12d or more, or lift the limit with -max-samples 10981830") {
		t.Errorf("error %v", err)
	}
}

// The number of samples is counted, not listed, and equals the list's.
func TestNumSamples(t *testing.T) {
	for _, tt := range []struct{ duration, sample engine.Time }{
		{365 * day, hour}, {10 * day, 7 * day}, {day, day}, {day + 1, day}, {0, hour}, {100 * 365 * day, 5 * 365 * day},
	} {
		if got, want := numSamples(tt.duration, tt.sample), int64(len(sampleTimes(nil, tt.duration, tt.sample))); got != want {
			t.Errorf("numSamples(%d, %d) = %d, want %d", tt.duration, tt.sample, got, want)
		}
	}
	// 100 years at 1 s: counted at once.
	if got := numSamples(100*365*day, 1); got != 100*365*86400+1 {
		t.Errorf("100 years at 1s: %d samples", got)
	}
}

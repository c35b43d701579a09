package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"0", 0, false}, {"512MB", 512 << 20, false}, {"4gb", 4 << 30, false}, {"1.5GB", 3 << 29, false},
		{"100B", 100, false}, {"2TB", 2 << 40, false}, {"lots", 0, true}, {"12", 0, true}, {"-1GB", 0, true},
	}
	for _, tt := range tests {
		var b byteSize
		err := b.Set(tt.in)
		if (err != nil) != tt.err || (!tt.err && int64(b) != tt.want) {
			t.Errorf("Set(%q) = %d, %v; want %d (error %v)", tt.in, b, err, tt.want, tt.err)
		}
	}
	if b := byteSize(4 << 30); b.String() != "4GB" {
		t.Errorf("String()=%q, want 4GB", b.String())
	}
}

// FuzzByteSize: any -max-memory value is a size, 0 or more, or an error.
func FuzzByteSize(f *testing.F) {
	for _, s := range []string{"0", "512MB", "4GB", "1.5GB", "lots", "-1GB", "1e400GB", "NaNGB", "InfMB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b byteSize
		if err := b.Set(s); err == nil && b < 0 {
			t.Fatalf("Set(%q) = %d", s, b)
		}
	})
}

// Every flag's help states its default once.
func TestFlagHelpOneDefault(t *testing.T) {
	for _, cmd := range commands {
		_, stdout, _ := kmssim(t, cmd, "-h")
		for _, l := range strings.Split(stdout, "\n") {
			if strings.Count(l, "(default") > 1 && !strings.Contains(l, "with -shard") {
				t.Errorf("%s -h: %q states its default twice", cmd, strings.TrimSpace(l))
			}
		}
	}
}

// churn is a scenario of one group of count machines re-imaged every
// every, for duration.
func churn(duration string, count int, every string) string {
	return fmt.Sprintf(`
name: churn
duration: %s
hosts: [{name: kms, keys: [windows-server-2008r2]}]
dns: [{name: corp.example}]
fleet:
  - {group: desktops, count: %d, product: windows-7, lifecycle: {reimage: {every: %s}}}
`, duration, count, every)
}

// shops is a scenario of instances shops of tills machines each, with
// their own host and domain, sampled every sample for a year.
func shops(instances, tills int, sample string) string {
	return fmt.Sprintf(`
duration: 365d
sample: %s
sites:
  - name: shop
    instances: %d
    dns: [{name: "{site}.example"}]
    hosts: [{name: kms, keys: [windows-server-2008r2]}]
    fleet: [{group: tills, count: %d, product: windows-7}]
`, sample, instances, tills)
}

// child runs kmssim as a child process in dir and returns its exit code,
// stderr and peak resident memory in bytes.
func child(t *testing.T, dir string, args ...string) (code int, stderr string, peak int64) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "KMSSIM_CHILD=1")
	var errb strings.Builder
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	peak, ok := peakRSS(cmd.ProcessState)
	if !ok {
		t.Skip("the system does not report a child's peak memory")
	}
	return cmd.ProcessState.ExitCode(), errb.String(), peak
}

// With the limits lifted, a run or a batch stays within the memory its
// estimate gave, on the shapes that grow beyond a plain fleet: churn from
// re-imaging, a million clients in one world, fine samples, replications
// with bands, sweeps.
func TestMemoryWithinEstimate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kmssim as a process")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "churn.yaml"), []byte(churn("60d", 500, "1h")), 0o644)
	os.WriteFile(filepath.Join(dir, "fine.yaml"), []byte(shops(20, 30, "5m")), 0o644)
	// The million-client world on central hosts.
	central, err := filepath.Abs("../../testdata/bench-1m-central.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "-format", "json", "churn.yaml"},
		{"run", "-format", "json", central},
		{"run", "-format", "csv,json", "fine.yaml"},
		{"run", "-format", "json", "-replications", "5000", "laptop-retirement"},
		{"sweep", "-format", "csv,json", "-replications", "300", "laptop-retirement"},
	} {
		code, stderr, peak := child(t, dir, append(args, "-stats", "-max-memory", "0", "-out", "out")...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		_, est, ok := strings.Cut(stderr, ", estimated ")
		var estimate byteSize
		if !ok || estimate.Set(strings.TrimSpace(est)) != nil {
			t.Fatalf("%v: no estimate in the stats line:\n%s", args, stderr)
		}
		t.Logf("%v: peak %d MB, estimated %d MB", args, peak>>20, int64(estimate)>>20)
		if peak > int64(estimate) {
			t.Errorf("%v: peak memory %d MB, more than the %d MB estimated", args, peak>>20, int64(estimate)>>20)
		}
	}
}

// What would grow to gigabytes is refused at once, before it allocates:
// the refusal costs under 100 MB and says the figure, the limit, what to
// change and the flag that lifts it.
func TestRefusedAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kmssim as a process")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "century.yaml"), []byte(`
name: century
duration: 36500d
sample: 1s
hosts: [{name: kms, keys: [windows-server-2008r2]}]
dns: [{name: corp.example}]
fleet: [{group: desktops, count: 30, product: windows-7}]
`), 0o644)
	os.WriteFile(filepath.Join(dir, "churn.yaml"), []byte(churn("365d", 200000, "15m")), 0o644)
	os.WriteFile(filepath.Join(dir, "sweep.yaml"), []byte(`
name: sweep
duration: 365d
hosts: [{name: kms, keys: [windows-server-2008r2]}]
dns: [{name: corp.example}]
fleet: [{group: desktops, count: 100, product: windows-7}]
events: [{at: 30d, decommission: {group: desktops, count: 2}}]
replications: 100000
`), 0o644)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "century.yaml"}, "3153600001 samples of 8 series are 25228800008 values, more than the limit of 100000000: use a sample of 5m or more, or lift the limit with -max-samples 25228800008"},
		{[]string{"run", "churn.yaml"}, "re-image, retire, replace or rearm fewer machines, or less often, or lift the limit with -max-memory"},
		{[]string{"sweep", "-max-runs", "0", "-set", "fleet.desktops.count=100..199/1", "-set", "events[0].decommission.count=0..99/1", "sweep.yaml"},
			"10000 points × 100000 replications are 1000000000 runs, whose observations need about"},
	} {
		code, stderr, peak := child(t, dir, append(tt.args, "-max-memory", "16GB", "-out", "out")...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and %q", tt.args, code, stderr, tt.want)
		}
		if peak > 100<<20 {
			t.Errorf("%v: the refusal took %d MB", tt.args, peak>>20)
		}
	}
}

package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/engine"
)

// A part is untrusted: merge refuses one whose numbers no run of the
// scenario it carries can give, naming the part, the field and why, and
// its origin never chooses which file merge reads.
func TestMergeTrustsNoPart(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	args := append([]string{"sweep", "-shard", "0/1", "-out", good}, sweepArgs...)
	if code, stdout, stderr := kmssim(t, append(args, "laptop-retirement")...); code != 0 {
		t.Fatalf("sweep -shard 0/1: exit %d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	mark := func(m batch.Mark) func(r *batch.Result) {
		return func(r *batch.Result) { r.Points[0].Observations[0].Milestones = []batch.Mark{m} }
	}
	below := func(at int64, host string, threshold int) batch.Mark {
		return batch.Mark{Key: batch.Key{Kind: sim.MilestoneCountBelow, Host: host, Pool: scenarios.PoolWindows, Threshold: threshold}, At: engine.Time(at)}
	}
	tests := []struct {
		name   string
		change func(r *batch.Result)
		want   string
	}{
		{"time -5 s", mark(below(-5, "kms1", 25)), "milestones[0].at_s: -5 is outside the run"},
		{"time INT64_MAX", mark(below(math.MaxInt64, "kms1", 25)), "at_s: 9223372036854775807 is outside the run"},
		{"10^15 clients", func(r *batch.Result) { r.Points[0].Observations[0].NotLicensed[0].Clients = 1e15 }, "not_licensed[0].clients: 1000000000000000, but the scenario has 0 to"},
		{"-7 clients", func(r *batch.Result) { r.Points[0].Observations[0].NotLicensed[0].Clients = -7 }, "not_licensed[0].clients: -7"},
		{"threshold -25", mark(below(86400, "kms1", -25)), "threshold: -25 is not a threshold of the scenario"},
		{"threshold 10^18", mark(below(86400, "kms1", 1e18)), "threshold: 1000000000000000000 is not a threshold"},
		{"host kms9", mark(below(86400, "kms9", 25)), `host: "kms9" is not a host of the scenario`},
		{"product windows-99", func(r *batch.Result) { r.Points[0].Observations[0].NotLicensed[0].Product = "windows-99" }, `not_licensed[0].product: "windows-99" is not a product`},
		{"renamed expectation", func(r *batch.Result) { r.Expectations[0] = "all is well" }, `expectations[0]: "all is well", but the scenario's is`},
		{"point value 999", func(r *batch.Result) { r.Points[1].Values[0] = "999" }, "points[1].values: not point 1 of the scenario's sweep"},
		{"sweep value 999", func(r *batch.Result) { r.Parameters[0].Values[1] = "999" }, "parameters[0].values: not the scenario's list"},
		{"parameter path", func(r *batch.Result) { r.Parameters[0].Path = "events[0].decommission.at" }, `parameters[0].path: "events[0].decommission.at", but the scenario sweeps`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := batch.ReadPartial(good, data)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(r)
			part := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			var buf bytes.Buffer
			if err := batch.WritePartial(&buf, r); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(part, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := kmssim(t, "merge", "-out", filepath.Join(dir, "out"), part)
			if code != 1 || !strings.Contains(stderr, part+": refused: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("merge: exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("a refused merge wrote its outputs")
	}

	// An origin that names a file in / and an inventory beside it: merge
	// reads inventories only from the working folder and -inventories.
	for _, target := range []string{"etc/passwd", "etc/shadow"} {
		r, err := batch.ReadPartial(good, data)
		if err != nil {
			t.Fatal(err)
		}
		r.Origin.File = "/kmssim.yaml"
		r.Origin.Source += "\nfleet_from: {file: " + target + "}\n"
		var buf bytes.Buffer
		if err := batch.WritePartial(&buf, r); err != nil {
			t.Fatal(err)
		}
		part := filepath.Join(dir, "origin.json")
		if err := os.WriteFile(part, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := kmssim(t, "merge", "-out", filepath.Join(dir, "out"), part)
		if code != 1 || strings.Contains(stderr, "root:") || strings.Contains(stderr, "the header") || !strings.Contains(stderr, "the inventory must be in the working folder or an -inventories folder") {
			t.Errorf("merge of a part whose origin names /%s: exit %d, stderr %q", target, code, stderr)
		}
	}
}

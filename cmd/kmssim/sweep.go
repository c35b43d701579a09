package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep", "sweep [flags] [scenario.yaml | built-in name]", stdout, stderr)
	var sf scenarioFlags
	sf.register(fs, true)
	var out outputFlags
	out.register(fs, "output directory (default out/SCENARIO-NAME-sweep, apart from run's); with -shard, the partial result file (default out/SCENARIO-NAME-parts/part-I-of-N.json)")
	parallel := fs.Int("parallel", 0, "runs to simulate at once (0: one per core)")
	show := progressFlag("auto")
	fs.Var(&show, "progress", "show a progress line: auto (on a terminal), always or never")
	shardArg := fs.String("shard", "", "run only shard i of n of the sweep's points, written i/n with i from 0, and write a partial result for kmssim merge; n alone takes i from $JOB_COMPLETION_INDEX")
	stats := fs.Bool("stats", false, "print runs per second and peak memory to stderr")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneScenario("sweep", pos)
	if err != nil {
		return err
	}
	if err := out.parse(); err != nil {
		return err
	}
	var shard batch.Shard
	if *shardArg != "" {
		if shard, err = parseShard(*shardArg, os.Getenv("JOB_COMPLETION_INDEX")); err != nil {
			return &usageError{msg: "-shard " + err.Error()}
		}
	}
	scn, err := sf.load(name, stderr)
	if err != nil {
		return err
	}
	if len(scn.Sweep) == 0 {
		return &usageError{msg: fmt.Sprintf("%s has no sweep: add sweep: to the scenario, or vary a field with -set PATH=V1,V2,… (kmssim paths %s lists them)", scn.Name, name)}
	}
	opts := batch.Options{Parallel: *parallel, Shard: shard}
	estimate, err := sf.simulation(scn, opts)
	if err != nil {
		return err
	}
	dir := out.dirOr(sweepDir(scn))
	path := out.dirOr(filepath.Join("out", scn.FolderName()+"-parts", fmt.Sprintf("part-%d-of-%d.json", shard.Index, shard.Count)))
	if shard.Count == 0 {
		err = writableDir("-out", dir)
	} else {
		err = writableFolder("-out", filepath.Dir(path))
	}
	if err != nil {
		return err
	}
	start := time.Now()
	b, finished, err := batchRun(ctx, scn, opts, show, stderr)
	if err != nil {
		return err
	}
	if *stats {
		// After the outputs: the peak is the whole command's.
		elapsed := time.Since(start)
		defer func() { printBatchStats(stderr, finished, elapsed, estimate) }()
	}
	if shard.Count == 0 {
		return writeBatch(ctx, dir, b, out.options(), stdout, stderr)
	}
	b.Origin = sf.origin(scn)
	if ctx.Err() != nil && len(b.Points) == 0 {
		return unchanged(context.Cause(ctx), path)
	}
	var buf bytes.Buffer
	if err := batch.WritePartial(&buf, b); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := reports.WriteFileAtomic(path, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote shard %s (%d of %d points) to %s\n", shard, len(b.Points), b.Total, path)
	return incomplete(ctx, b, path)
}

// parseShard parses -shard: i/n, or n alone with i from the Kubernetes
// Indexed Job's JOB_COMPLETION_INDEX (given as index).
func parseShard(s, index string) (batch.Shard, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "/")
	if !strings.Contains(s, "/") {
		if _, err := strconv.Atoi(s); err != nil {
			return batch.Shard{}, fmt.Errorf("%q: want i/n, such as 0/4 for the first of 4 shards", s)
		}
		if index == "" {
			return batch.Shard{}, fmt.Errorf("%s: which shard? write i/%s, or set JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets it)", s, s)
		}
		s = strings.TrimSpace(index) + "/" + s
	}
	return batch.ParseShard(s)
}

// sweepDir is the default output directory of a sweep (and of merging its
// parts): apart from run's out/NAME, so that running one point of a
// scenario does not replace the outputs of its sweep, or the reverse.
func sweepDir(scn *scenarios.Valid) string {
	return filepath.Join("out", scn.FolderName()+"-sweep")
}

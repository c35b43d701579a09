package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// slurm returns the environment of a directory laid out as a user would
// have it (docsWorkDir), with the docs' job files beside the scenario
// (links to docs/jobs: the files the docs show are the files submitted),
// and the docs' command that submits them. It skips t when no Slurm
// cluster answers, except in CI, where .ci/run starts one.
func slurm(t *testing.T) (dir string, env []string, submit string) {
	t.Helper()
	if testing.Short() {
		t.Skip("submits jobs to Slurm")
	}
	if _, err := exec.LookPath("sbatch"); err != nil || exec.Command("sinfo", "-h").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no Slurm cluster answers (sbatch, sinfo), and CI starts one: see .ci/slurm")
		}
		t.Skip("no Slurm cluster answers (sbatch, sinfo): start one with .ci/slurm start (as root, on Debian)")
	}
	dir, path := docsWorkDir(t)
	for _, f := range []string{"sweep.sbatch", "merge.sbatch"} {
		abs, err := filepath.Abs(filepath.Join("../../docs/jobs", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range docBlocks(t) {
		if b.lang == "sh" && sbatchRE.MatchString(b.text) {
			submit = b.text
		}
	}
	if submit == "" {
		t.Fatal("the docs have no block that submits the Slurm jobs")
	}
	return dir, append(os.Environ(), "PATH="+path), submit
}

var submittedRE = regexp.MustCompile(`(?m)^Submitted batch job (\d+)$`)

// runSlurm runs the docs' submit command in dir and waits, at most two
// minutes, for the merge job it submits to end. It returns the merge
// job's state and, for every task that did not complete, its state and
// log.
func runSlurm(t *testing.T, dir string, env []string, submit string) (state, failed string) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-c", submit)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	m := submittedRE.FindSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("the docs' submit command: %v\n%s", err, out)
	}
	merge := string(m[1])
	t.Cleanup(func() { exec.Command("scancel", merge).Run() })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		state = jobField(t, merge, "JobState")
		if state == "COMPLETED" || state == "FAILED" || state == "CANCELLED" || state == "TIMEOUT" {
			break
		}
		if reason := jobField(t, merge, "Reason"); reason == "DependencyNeverSatisfied" {
			state += " (" + reason + ")" // a shard failed: it will never run
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the merge job %s is still %s after 2 minutes (%s)", merge, state, jobField(t, merge, "Reason"))
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The shards: the job the merge depended on.
	logs, _ := filepath.Glob(filepath.Join(dir, "slurm-*_*.out"))
	var b strings.Builder
	for _, l := range logs {
		task := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(l), "slurm-"), ".out")
		ts := jobField(t, task, "JobState")
		if ts != "COMPLETED" {
			data, _ := os.ReadFile(l)
			fmt.Fprintf(&b, "task %s %s; its log:\n%s\n", task, ts, data)
		}
	}
	return state, b.String()
}

// jobField returns a field of a job (id or array task ARRAYID_TASK) as
// scontrol shows it.
func jobField(t *testing.T, id, field string) string {
	t.Helper()
	out, err := exec.Command("scontrol", "show", "job", "-o", id).CombinedOutput()
	if err != nil {
		t.Fatalf("scontrol show job %s: %v\n%s", id, err, out)
	}
	m := regexp.MustCompile(`\b` + field + `=(\S+)`).FindSubmatch(out)
	if m == nil {
		return "?"
	}
	return string(m[1])
}

// The docs' array job, submitted to a real Slurm cluster exactly as the
// docs show, runs its eight shards, and the merge that waits on them
// writes the same outcomes.csv and batch.json as a single sweep.
func TestSlurmArrayJob(t *testing.T) {
	dir, env, submit := slurm(t)
	state, failed := runSlurm(t, dir, env, submit)
	if state != "COMPLETED" || failed != "" {
		t.Fatalf("the merge job ended %s\n%s", state, failed)
	}
	ref := exec.Command("bash", "-e", "-c", "kmssim sweep -progress never -out out/single laptop-retirement.yaml")
	ref.Dir, ref.Env = dir, env
	if out, err := ref.CombinedOutput(); err != nil {
		t.Fatalf("single sweep: %v\n%s", err, out)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "parts", "*.json"))
	if len(parts) != 8 {
		t.Errorf("%d parts, want 8", len(parts))
	}
	sameAsSweep(t, filepath.Join(dir, "out/laptop-retirement"), filepath.Join(dir, "out/single"))
}

// A shard that fails fails its task and the job, the merge never runs,
// and the test says so with the shard's log.
func TestSlurmFailedShard(t *testing.T) {
	dir, env, submit := slurm(t)
	if err := os.WriteFile(filepath.Join(dir, "laptop-retirement.yaml"), []byte("duration: 10d\nfleet: [{group: a, count: -1, product: windows-7}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	state, failed := runSlurm(t, dir, env, submit)
	if state == "COMPLETED" {
		t.Fatal("the merge ran although every shard failed")
	}
	if !strings.Contains(failed, "FAILED") || !strings.Contains(failed, "fleet[0].count: must not be negative") {
		t.Errorf("merge %s; the failed tasks and logs do not show the shard's error:\n%s", state, failed)
	}
	if _, err := os.Stat(filepath.Join(dir, "out/laptop-retirement")); err == nil {
		t.Error("the merge wrote outputs")
	}
}

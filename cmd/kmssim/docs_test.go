package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/reports"
	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/sim"
)

// block is a fenced code block of a Markdown file.
type block struct {
	file  string // README.md, docs/batches.md
	line  int    // of the opening fence
	lang  string // sh, yaml, or ""
	text  string
	after string // the prose up to the next block
}

func (b block) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// docBlocks returns the code blocks of README.md and docs/*.md, in order.
func docBlocks(t *testing.T) []block {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	files = append([]string{"../../README.md"}, files...)
	var out []block
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(filepath.ToSlash(path), "../../") // docs/import.md, on Windows too
		var cur *block
		for i, l := range strings.Split(string(data), "\n") {
			switch {
			case cur == nil && strings.HasPrefix(l, "```"):
				if n := len(out); n > 0 && out[n-1].file == name {
					out[n-1].after = strings.TrimSpace(out[n-1].after)
				}
				cur = &block{file: name, line: i + 1, lang: strings.TrimPrefix(l, "```")}
			case cur != nil && l == "```":
				out = append(out, *cur)
				cur = nil
			case cur != nil:
				cur.text += l + "\n"
			case len(out) > 0 && out[len(out)-1].file == name:
				out[len(out)-1].after += l + "\n"
			}
		}
		if cur != nil {
			t.Errorf("%s: a code block is not closed", cur)
		}
	}
	return out
}

// baseScenario is the scenario a fragment of the docs (presence:,
// expect:, sweep:, …) is checked in: it has the hosts, groups, keys and
// site instances the fragments name. One top-level key a line, so that a
// fragment's own key can replace it.
const baseScenario = `start: 2027-01-04
duration: 365d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
mak_keys: [{name: lab-mak, activations: 50}]
sites: [{name: branch, instances: 10, hosts: [{name: kms1, keys: [windows-server-2008r2]}], fleet: [{group: pcs, count: 5, product: windows-7}]}]
events: [{at: 60d, decommission: {group: desktops, count: 2}}]
fleet:
  - group: desktops
    count: 30
    product: windows-7
`

// Every YAML block of README.md and docs/ parses: a scenario as a
// scenario, a fragment of one (presence:, expect:, sweep:, …) inside
// baseScenario, a Kubernetes manifest as YAML whose Job runs as many shards
// as it has completions.
func TestDocsYAML(t *testing.T) {
	var schema struct {
		Properties map[string]struct {
			Items struct {
				Properties map[string]any `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(scenarios.Schema(), &schema); err != nil {
		t.Fatal(err)
	}
	groupKeys := schema.Properties["fleet"].Items.Properties
	n := 0
	for _, b := range docBlocks(t) {
		if b.lang != "yaml" {
			continue
		}
		n++
		dir := t.TempDir()
		keys := topKeys(b.text)
		var src string
		switch {
		case slices.Contains(keys, "apiVersion"):
			checkJob(t, b)
			continue
		case slices.Equal(keys, []string{"groups"}):
			checkPromRules(t, b)
			continue
		case len(keys) == 0:
			if err := scenarios.WellFormed([]byte(b.text)); err != nil {
				t.Errorf("%s: %v", b, err)
			}
			continue
		case slices.Contains(keys, "duration"):
			src = b.text
		case groupKeys[keys[0]] != nil:
			src = baseScenario + indent(b.text, "    ")
		default:
			for _, l := range strings.SplitAfter(baseScenario, "\n") {
				if k, _, _ := strings.Cut(l, ":"); !slices.Contains(keys, k) || strings.HasPrefix(l, " ") {
					src += l
				}
			}
			src += b.text
			copyFile(t, "../../testdata/inventory/branch-assets.csv", filepath.Join(dir, "assets.csv"))
		}
		path := filepath.Join(dir, "block.yaml")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Load(path); err != nil {
			t.Errorf("%s: %v\n%s", b, err, src)
		}
	}
	if n < 10 {
		t.Errorf("found %d YAML blocks in the docs, want at least 10", n)
	}
}

// topKeys returns the keys at column 0 of a YAML text.
func topKeys(text string) []string {
	var keys []string
	for _, l := range strings.Split(text, "\n") {
		if k, _, ok := strings.Cut(l, ":"); ok && k != "" && !strings.ContainsAny(k[:1], " #-") {
			keys = append(keys, k)
		}
	}
	return keys
}

func indent(text, by string) string {
	return by + strings.ReplaceAll(strings.TrimSuffix(text, "\n"), "\n", "\n"+by) + "\n"
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	completionsRE = regexp.MustCompile(`(?m)^\s+completions: (\d+)$`)
	parallelismRE = regexp.MustCompile(`(?m)^\s+parallelism: (\d+)$`)
)

// checkJob checks the docs' Kubernetes Job: well-formed, Indexed, its
// container runs one shard per completion from the release's image named
// by its version, and without a shell, which that image has not.
func checkJob(t *testing.T, b block) {
	t.Helper()
	if err := scenarios.WellFormed([]byte(b.text)); err != nil {
		t.Errorf("%s: %v", b, err)
	}
	c, p := completionsRE.FindStringSubmatch(b.text), parallelismRE.FindStringSubmatch(b.text)
	job := jobContainer(t, b)
	if c == nil || p == nil || len(job.Args) == 0 || !strings.Contains(b.text, "completionMode: Indexed") {
		t.Fatalf("%s: want an Indexed Job with completions, parallelism and a container's args", b)
	}
	if len(job.Command) > 0 {
		t.Errorf("%s: the container's command is %q; the release's image runs kmssim, and has no shell", b, job.Command)
	}
	if !strings.Contains(" "+strings.Join(job.Args, " ")+" ", " -shard "+c[1]+" ") {
		t.Errorf("%s: %s completions, but the args are %q", b, c[1], job.Args)
	}
	if name, tag, _ := strings.Cut(job.Image, ":"); name != "registry.example/kmssim" || tag == "" || tag == "latest" {
		t.Errorf("%s: the image is %q, want the release's, registry.example/kmssim:VERSION", b, job.Image)
	}
}

// jobShell returns the shell command that runs the Job's container with
// the completion index i, the way the kubelet expands $(VAR) in args,
// with its volume of parts mounted at dir.
func jobShell(args []string, i int, dir string) string {
	cmd := "kmssim"
	for _, a := range args {
		a = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", fmt.Sprint(i))
		a = strings.ReplaceAll(a, "/parts/", dir+"/")
		cmd += " '" + a + "'"
	}
	return cmd
}

// docsWorkDir returns a directory laid out as a user would have it: the
// library's scenario files, the repository's testdata, and a bin
// directory with kmssim (this test binary, run as the command) and a go
// that knows go run ./cmd/kmssim, and checks rather than runs go test and
// go install.
func docsWorkDir(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	bin := filepath.Join(dir, ".bin")
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(bin, 0o755))
	must(os.WriteFile(filepath.Join(bin, "kmssim"), []byte("#!/bin/sh\nKMSSIM_CHILD=1 exec "+self+" \"$@\"\n"), 0o755))
	must(os.WriteFile(filepath.Join(bin, "go"), []byte(`#!/bin/bash
# go as the docs test sees it: go run ./cmd/kmssim is kmssim; go test and
# go install name packages that must exist, and are not run here (this is
# go test).
case "$1" in
run) [ "$2" = ./cmd/kmssim ] || { echo "go run $2: only ./cmd/kmssim" >&2; exit 1; }
     shift 2; exec kmssim "$@" ;;
test|install|vet)
     shift
     for a in "$@"; do
       case "$a" in ./*) [ -d "`+repo+`/${a%/...}" ] || { echo "go: no package $a" >&2; exit 1; } ;; esac
     done
     exit 0 ;;
esac
echo "go $1: not expected in the docs" >&2
exit 1
`), 0o755))
	must(os.Symlink(filepath.Join(repo, "testdata"), filepath.Join(dir, "testdata")))
	must(os.Symlink(filepath.Join(repo, "cmd"), filepath.Join(dir, "cmd")))
	lib, err := filepath.Glob(filepath.Join(repo, "scenarios", "*.yaml"))
	must(err)
	for _, f := range lib {
		copyFile(t, f, filepath.Join(dir, filepath.Base(f)))
	}
	return dir, bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

var (
	saveAsRE = regexp.MustCompile("Save it as `([^`]+)`")
	arrayRE  = regexp.MustCompile(`(?m)^#SBATCH --array=0-(\d+)$`)
	// thatIsRE: the sentence after a block that shows a file of the
	// repository, which the block must equal.
	thatIsRE = regexp.MustCompile("^That is \\[`([^`]+)`\\]")
	// sbatchRE: a block that submits jobs to Slurm, which only the Slurm
	// test runs (slurm_test.go).
	sbatchRE = regexp.MustCompile(`(?m)^[^#]*\bsbatch `)
	// imageRE: a block that pushes or loads the release's image, which
	// cmd/release's TestDocsImageCommands runs against an image it builds.
	imageRE = regexp.MustCompile(`(?m)^[^#]*\b(skopeo|kind|k3s) `)
)

// The docs show the job files of docs/jobs/ as they are: each block that
// "is" a file equals it byte for byte, and every job file is shown.
func TestDocsJobFiles(t *testing.T) {
	shown := map[string]bool{}
	for _, b := range docBlocks(t) {
		m := thatIsRE.FindStringSubmatch(strings.TrimSpace(b.after))
		if m == nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join("../..", m[1]))
		if err != nil {
			t.Errorf("%s: %v", b, err)
			continue
		}
		if string(data) != b.text {
			t.Errorf("%s: the block differs from %s", b, m[1])
		}
		shown[m[1]] = true
	}
	files, _ := filepath.Glob("../../docs/jobs/*")
	for _, f := range files {
		if name := strings.TrimPrefix(f, "../../"); !shown[name] {
			t.Errorf("%s is not shown in the docs", name)
		}
	}
	if len(shown) < 3 {
		t.Errorf("%d job files shown, want the two Slurm scripts and the Kubernetes Job", len(shown))
	}
}

// sameAsSweep checks that the merged outputs in dir hold the same
// outcomes.csv and batch.json, byte for byte, as the single sweep's in
// reference.
func sameAsSweep(t *testing.T, dir, reference string) {
	t.Helper()
	for _, f := range []string{reports.OutcomesFile, reports.BatchFile} {
		want, err := os.ReadFile(filepath.Join(reference, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Errorf("the merge wrote no %s: %v", f, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a single sweep's", filepath.Join(dir, f))
		}
	}
}

// Every command line of README.md and docs/ runs, in the order the docs
// give them, and exits 0: the shell blocks run under bash -e in a
// directory laid out as a user would have it. A YAML block followed by
// "Save it as `NAME`" is saved there first; a Slurm array script runs
// once per index of its array. The Slurm shards merged give the same
// outcomes as one sweep, and so do the Kubernetes Job's.
func TestDocsCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command of the docs, a million-client year included")
	}
	dir, path := docsWorkDir(t)
	env := append(os.Environ(), "PATH="+path)
	sh := func(b block, script string, extra ...string) {
		t.Helper()
		cmd := exec.Command("bash", "-e", "-c", script)
		cmd.Dir, cmd.Env = dir, append(slices.Clone(env), extra...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s\n%s", b, err, script, out)
		}
	}
	ran := 0
	for _, b := range docBlocks(t) {
		switch b.lang {
		case "yaml":
			if m := saveAsRE.FindStringSubmatch(b.after); m != nil {
				if err := os.WriteFile(filepath.Join(dir, m[1]), []byte(b.text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if slices.Contains(topKeys(b.text), "apiVersion") {
				// The Job's pods mount the volume of parts at /parts;
				// the kubelet expands $(JOB_COMPLETION_INDEX) in args.
				sh(b, "mkdir -p k8s-parts")
				for i := range 8 {
					sh(b, jobShell(jobContainer(t, b).Args, i, "k8s-parts"), fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i))
				}
				sh(b, "kmssim merge -out out/k8s k8s-parts/*.json")
				ran++
			}
		case "sh":
			if sbatchRE.MatchString(b.text) {
				continue // submitted to a real cluster by TestSlurmArrayJob
			}
			if imageRE.MatchString(b.text) {
				continue // run by cmd/release's TestDocsImageCommands
			}
			if m := arrayRE.FindStringSubmatch(b.text); m != nil {
				var last int
				fmt.Sscan(m[1], &last)
				for i := 0; i <= last; i++ {
					sh(b, b.text, fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i))
				}
			} else {
				sh(b, b.text)
			}
			ran++
		}
	}
	if ran < 8 {
		t.Errorf("ran %d command blocks of the docs, want at least 8", ran)
	}

	// What the commands wrote, checked against the real thing.
	sh(block{file: "TestDocsCommands"}, "kmssim sweep -progress never -out out/reference laptop-retirement")
	for _, merged := range []string{"out/laptop-retirement", "out/k8s"} {
		sameAsSweep(t, filepath.Join(dir, merged), filepath.Join(dir, "out/reference"))
	}
	checkImportWhatIf(t, filepath.Join(dir, "out/branch-retire"))
	for _, f := range []string{"out/decommissioning-trap/report.html", "out/inventory-branch/series.csv", "out/branch/machines.csv", "out/trap-long/series.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the docs' commands did not write %s: %v", f, err)
		}
	}
}

// The README's example is the default scenario in short: its headline
// chart, the image the README shows, is the golden chart of the default
// scenario byte for byte.
func TestReadmeExampleChart(t *testing.T) {
	var example string
	for _, b := range docBlocks(t) {
		if b.file == "README.md" && b.lang == "yaml" {
			example = b.text
			break
		}
	}
	scn, err := scenarios.Parse("trap.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(scn, sim.Options{Seed: scn.Seed})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const image = "testdata/golden/decommissioning-trap.counts.svg"
	if !bytes.Contains(readme, []byte("]("+image+")")) {
		t.Fatalf("README.md does not show %s", image)
	}
	for _, c := range reports.Charts(res) {
		if c.Name != "counts" {
			continue
		}
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile("../../" + image)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(withoutFonts(t, "counts.svg", svg), want) {
			t.Errorf("the README example's counts chart differs from %s: the example no longer is the default scenario", image)
		}
		return
	}
	t.Fatal("no counts chart")
}

// The PowerShell blocks of the docs are what an administrator runs on a
// KMS host, which no test here can: each command reads the log kmssim
// import knows or runs slmgr /dlv, and wevtutil exports the XML form the
// reader takes, not its text form, which the reader refuses. The
// README's Windows start unzips the release's archive (named as
// cmd/release names it) and runs kmssim.exe: its kmssim.exe lines run
// here as kmssim, beside a copy of a sample kms1.evtx.
func TestDocsPowerShell(t *testing.T) {
	n := 0
	var kmssimLines []string
	for _, b := range docBlocks(t) {
		switch b.lang {
		case "sh", "yaml", "":
			continue
		case "powershell", "bat":
		case "ini":
			kmssimLines = append(kmssimLines, systemdCommands(t, b)...)
			continue
		default:
			t.Errorf("%s: a block of %q: the docs test runs sh, parses yaml and checks powershell, bat (cmd.exe) and ini (systemd units)", b, b.lang)
			continue
		}
		for _, l := range strings.Split(strings.TrimSpace(b.text), "\n") {
			if strings.HasPrefix(l, "#") {
				continue
			}
			n++
			switch {
			case strings.HasPrefix(l, `.\kmssim.exe `):
				cmd, _, _ := strings.Cut(l, "#")
				kmssimLines = append(kmssimLines, strings.TrimSpace(strings.TrimPrefix(cmd, `.\kmssim.exe`)))
			case releaseZipRE.MatchString(l):
			case scheduledTaskRE.MatchString(l):
			case strings.Contains(l, "slmgr.vbs /dlv"), strings.HasPrefix(l, "Get-CimInstance SoftwareLicensingService"), strings.HasPrefix(l, "Get-KmsLicenseInfo"):
			case !strings.Contains(l, `"Key Management Service"`):
				t.Errorf("%s: %q does not name the Key Management Service log", b, l)
			case strings.HasPrefix(l, "wevtutil qe") && !strings.Contains(l, "/f:xml"):
				t.Errorf("%s: %q exports wevtutil's text form, which kmssim import refuses", b, l)
			}
		}
	}
	if n < 3 {
		t.Errorf("found %d PowerShell commands in the docs, want the exports of import.md", n)
	}
	if len(kmssimLines) < 2 {
		t.Fatalf("found %d kmssim.exe commands in the docs, want the README's Windows start: run and import", len(kmssimLines))
	}
	dir, path := docsWorkDir(t)
	copyFile(t, "../../testdata/eventlog/evtx/kms1.evtx", filepath.Join(dir, "kms1.evtx"))
	for _, l := range kmssimLines {
		// set -f: a wildcard reaches kmssim as PowerShell passes it,
		// unexpanded, for kmssim to expand (globs.go).
		cmd := exec.Command("bash", "-e", "-c", "set -f; kmssim "+l)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "PATH="+path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf(`.\kmssim.exe %s: %v\n%s`, l, err, out)
		}
	}
}

// scheduledTaskRE matches the lines of docs/monitoring.md's daily task
// that neither export nor run kmssim: entering its folder, passing on
// kmssim's exit status, and registering the task.
var scheduledTaskRE = regexp.MustCompile(`^(Set-Location C:\\kmssim|exit \$LASTEXITCODE|\$action = New-ScheduledTaskAction -Execute powershell\.exe .*-File C:\\kmssim\\daily\.ps1.*|\$trigger = New-ScheduledTaskTrigger -Daily .*|Register-ScheduledTask -TaskName kmssim -Action \$action -Trigger \$trigger .*)$`)

// systemdCommands checks a systemd unit of the docs, a service that runs
// once (Type=oneshot) or a timer with a calendar, and returns the kmssim
// command lines of its ExecStart=, for TestDocsPowerShell to run in the
// unit's working directory as the docs lay it out (kms1.evtx there).
func systemdCommands(t *testing.T, b block) []string {
	t.Helper()
	var cmds []string
	section := ""
	keys := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(b.text), "\n") {
		switch k, v, ok := strings.Cut(l, "="); {
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = l
		case l == "" || strings.HasPrefix(l, "#"):
		case !ok:
			t.Errorf("%s: %q is no key=value line of a systemd unit", b, l)
		default:
			keys[section+k] = v
			if cmd, ok := strings.CutPrefix(l, "ExecStart=/usr/local/bin/kmssim "); ok {
				cmds = append(cmds, cmd)
			}
		}
	}
	_, service := keys["[Service]ExecStart"]
	_, timer := keys["[Timer]OnCalendar"]
	switch {
	case service && keys["[Service]Type"] != "oneshot":
		t.Errorf("%s: a daily service is Type=oneshot, so that its exit status is the unit's", b)
	case service && len(cmds) == 0:
		t.Errorf("%s: ExecStart= runs no /usr/local/bin/kmssim", b)
	case !service && !timer:
		t.Errorf("%s: neither a service with ExecStart= nor a timer with OnCalendar=", b)
	}
	return cmds
}

// checkPromRules checks a Prometheus rule file of the docs with
// promtool check rules, when installed (always in CI), else as YAML.
func checkPromRules(t *testing.T, b block) {
	t.Helper()
	if err := scenarios.WellFormed([]byte(b.text)); err != nil {
		t.Errorf("%s: %v", b, err)
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Errorf("%s: promtool is not installed; CI must check the docs' rules with it", b)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(path, []byte(b.text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", path).CombinedOutput(); err != nil {
		t.Errorf("%s: promtool check rules: %v\n%s", b, err, out)
	}
}

// releaseZipRE matches the README's lines that unzip the release's
// Windows archive, copy into its folder and enter it: the archive's name
// is the one cmd/release writes, kmssim-VERSION-windows-ARCH.zip, and its
// folder the name without .zip.
var releaseZipRE = regexp.MustCompile(`^(Expand-Archive kmssim-VERSION-windows-(amd64|arm64)\.zip -DestinationPath \.|Copy-Item kms1\.evtx kmssim-VERSION-windows-(amd64|arm64)|cd kmssim-VERSION-windows-(amd64|arm64))$`)

// sampleRE finds the samples a recipe of docs/import.md names.
var sampleRE = regexp.MustCompile("`(testdata/eventlog/[^`]+)`")

// Each export recipe of docs/import.md names a sample in exactly the form
// it produces, and each sample imports: the logs to the scenario every
// form imports to (testdata/eventlog/golden, byte for byte), the host's
// figures to its count.
func TestDocsRecipes(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("../../testdata/eventlog/golden/scenario.yaml")
	if err != nil {
		t.Fatal(err)
	}
	recipes := 0
	for _, b := range docBlocks(t) {
		if b.file != "docs/import.md" || b.lang != "powershell" && b.lang != "bat" || strings.Contains(b.text, "wevtutil sl") {
			continue
		}
		recipes++
		samples := sampleRE.FindAllStringSubmatch(b.after, -1)
		if len(samples) == 0 {
			t.Errorf("%s: the recipe names no sample of its form", b)
		}
		for _, m := range samples {
			path := "../../" + m[1]
			if strings.HasSuffix(path, "/") {
				files, _ := filepath.Glob(path + "*")
				if len(files) == 0 {
					t.Errorf("%s: no sample in %s", b, m[1])
					continue
				}
				st, _, err := eventlog.Import(context.Background(), files, eventlog.ImportOptions{Options: eventlog.Options{Location: berlin},
					DLV: []string{"../../testdata/eventlog/kms1.dlv.txt", "../../testdata/eventlog/kms2.dlv.txt"}}, func(w eventlog.Warning) { t.Errorf("%s: %s", m[1], w) })
				if err != nil {
					t.Errorf("%s: %v", b, err)
					continue
				}
				var scn bytes.Buffer
				if err := eventlog.WriteScenario(&scn, st, eventlog.ScenarioOptions{Name: "branch", Sources: []string{"the samples"}}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(scn.Bytes(), golden) {
					t.Errorf("%s: %s imports to another scenario than testdata/eventlog/golden/scenario.yaml", b, m[1])
				}
				continue
			}
			// The host's figures: the same in every form as in its
			// slmgr /dlv text.
			figures := func(path string) eventlog.DLV {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%s: %v", b, err)
				}
				d, err := eventlog.ReadDLV(bytes.NewReader(data), path)
				if err != nil {
					t.Errorf("%s: %s: %v", b, m[1], err)
				}
				return d
			}
			want := figures("../../testdata/eventlog/" + eventlog.HostFromFile(path) + ".dlv.txt")
			if got := figures(path); got != want || got.CurrentCount < 0 {
				t.Errorf("%s: %s reads as %+v, the host's /dlv text as %+v", b, m[1], got, want)
			}
		}
	}
	if recipes < 9 {
		t.Errorf("%d export recipes in docs/import.md, want one for the .evtx, Windows PowerShell 5.1, PowerShell 7, cmd.exe, the host's figures", recipes)
	}
}

// checkImportWhatIf checks what docs/import.md says of its what-if, run
// into dir: kms1's count falls to 24 on day 55.6 (2026-12-07), and the
// Windows 10 machines lose their activation between day 128.6 and 234.8.
func checkImportWhatIf(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "milestones.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Milestones []struct {
			Kind    string  `json:"kind"`
			Host    string  `json:"host"`
			Product string  `json:"product"`
			Count   int     `json:"count"`
			Day     float64 `json:"day"`
			Date    string  `json:"date"`
		} `json:"milestones"`
		Verdict struct {
			Silent struct {
				Lapsed int     `json:"lapsed"`
				First  float64 `json:"first_lapse_s"`
			} `json:"silent"`
		} `json:"verdict"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range m.Milestones {
		switch {
		case x.Kind == "count_below" && x.Host == "kms1":
			got = append(got, fmt.Sprintf("below %d on day %.1f (%s)", x.Count, x.Day, x.Date[:10]))
		case (x.Kind == "first_expiry" || x.Kind == "last_expiry") && x.Product == "windows-10":
			got = append(got, fmt.Sprintf("%s day %.1f", x.Kind, x.Day))
		}
	}
	s := m.Verdict.Silent
	got = append(got, fmt.Sprintf("%d silent lapse on day %.1f", s.Lapsed, s.First/86400))
	want := "below 24 on day 55.6 (2026-12-07), first_expiry day 233.6, last_expiry day 234.8, 4 silent lapse on day 128.6"
	if strings.Join(got, ", ") != want {
		t.Errorf("docs/import.md's what-if: %s; the docs say %s", strings.Join(got, ", "), want)
	}
}

package reports

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/batch"
	"github.com/kmssim/kmssim/sim/compare"
	"github.com/kmssim/kmssim/sim/engine"
)

// The files of a run's output folder that ReadRunFolder reads.
const (
	MilestonesFile = "milestones.json"
	SeriesFile     = "series.csv"
	MachinesFile   = "machines.csv"
)

// maxReadFile bounds a file ReadRunFolder reads: a year of a million
// clients' series.csv (bench-1m) is about 32 MB.
const maxReadFile = 256 << 20

// ReadRunFolder reads the outputs kmssim run wrote into dir, the plan of
// its first run, as compare compares it: milestones.json's verdict,
// milestones and totals, series.csv's host counts and, where there is
// one, machines.csv's machines that lapsed. A folder holds one run, so
// the plan has one replication, with milestones.json's seed.
//
// A folder of replications or of a sweep is refused: its milestones.json,
// if any, is its first run's, while its verdict is over all of them, and
// a comparison of that one run would pass for the plan's.
func ReadRunFolder(dir string) (*compare.Plan, PlanVerdict, error) {
	if err := notOneRun(dir); err != nil {
		return nil, PlanVerdict{}, err
	}
	data, err := readSmall(filepath.Join(dir, MilestonesFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, PlanVerdict{}, fmt.Errorf("%s has no %s: a folder kmssim run wrote with -format json (the default writes it)", dir, MilestonesFile)
	}
	if err != nil {
		return nil, PlanVerdict{}, err
	}
	p, v, err := parseMilestones(data)
	if err != nil {
		return nil, v, fmt.Errorf("%s: %w", filepath.Join(dir, MilestonesFile), err)
	}
	// series.csv is read as it streams by, not whole: in its long layout
	// a large run's is hundreds of megabytes, of which only the counts
	// are kept.
	series, err := os.Open(filepath.Join(dir, SeriesFile))
	if err != nil {
		return nil, v, fmt.Errorf("%s: %w (not a folder kmssim run wrote?)", filepath.Join(dir, SeriesFile), err)
	}
	p.Times, p.Counts, err = parseSeriesCounts(bufio.NewReaderSize(series, 1<<20))
	series.Close()
	if err != nil {
		return nil, v, fmt.Errorf("%s: %w", filepath.Join(dir, SeriesFile), err)
	}
	setThresholds(p)
	data, err = readSmall(filepath.Join(dir, MachinesFile))
	switch {
	case errors.Is(err, os.ErrNotExist): // a fleet without names
	case err != nil:
		return nil, v, err
	default:
		if p.Runs[0].Lapsed, err = parseMachinesLapsed(data); err != nil {
			return nil, v, fmt.Errorf("%s: %w", filepath.Join(dir, MachinesFile), err)
		}
		p.Named = true
	}
	return p, v, nil
}

// notOneRun returns an error for a folder that holds the outputs of
// replications or of a sweep (a batch.json), which says what to compare
// instead.
func notOneRun(dir string) error {
	data, err := readSmall(filepath.Join(dir, BatchFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var b struct {
		Name       string            `json:"scenario"`
		Seeds      []uint64          `json:"seeds"`
		Parameters []json.RawMessage `json:"parameters"`
	}
	if err := json.Unmarshal(data, &b); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, BatchFile), err)
	}
	if len(b.Parameters) > 0 {
		return fmt.Errorf("%s holds the outputs of kmssim sweep, not of one plan: compare two of its points as scenarios (kmssim compare %s -set PATH=VALUE)", dir, cmp.Or(b.Name, "SCENARIO"))
	}
	return fmt.Errorf("%s holds %d replications, of which a folder keeps only the first run's milestones and counts: compare the scenarios instead (kmssim compare %s …), which pairs all their replications", dir, len(b.Seeds), cmp.Or(b.Name, "SCENARIO"))
}

// readSmall reads a file of at most maxReadFile bytes.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (not a folder kmssim run wrote?)", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReadFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > maxReadFile {
		return nil, fmt.Errorf("%s: larger than %d MB", path, maxReadFile>>20)
	}
	return data, nil
}

// parseMilestones reads milestones.json into a plan of one run, and the
// verdict it leads with.
func parseMilestones(data []byte) (*compare.Plan, PlanVerdict, error) {
	var f struct {
		Scenario   *string                   `json:"scenario"`
		Overrides  []string                  `json:"overrides"`
		Seed       uint64                    `json:"seed"`
		Verdict    *PlanVerdict              `json:"verdict"`
		Start      string                    `json:"start"`
		DurationS  engine.Time               `json:"duration_s"`
		Milestones []sim.Milestone           `json:"milestones"`
		Final      map[string]map[string]int `json:"final"`
		Totals     sim.Counters              `json:"totals"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, PlanVerdict{}, err
	}
	if f.Scenario == nil || f.Verdict == nil || f.DurationS <= 0 {
		return nil, PlanVerdict{}, errors.New("not the milestones.json of kmssim run: no scenario, verdict or duration_s")
	}
	// Named as kmssim run names its folder, what-if included, whatever
	// the folder was called: decommissioning-trap+fleet.laptops.count=6.
	name := (&scenarios.Scenario{Name: *f.Scenario, Overrides: f.Overrides}).FolderName()
	p := &compare.Plan{Name: name, Seeds: []uint64{f.Seed}, Duration: f.DurationS}
	if f.Start != "" {
		var err error
		if p.Start, err = scenarios.ParseDate(f.Start); err != nil {
			return nil, PlanVerdict{}, fmt.Errorf("start: %w", err)
		}
	}
	// The milestones as a run holds them, in time order, reduced as a
	// batch reduces a run (the first of each, and the first fall).
	slices.SortStableFunc(f.Milestones, func(a, b sim.Milestone) int { return int(a.At - b.At) })
	o := batch.ObserveRun(&sim.Result{Scenario: &scenarios.Scenario{}, Milestones: f.Milestones})
	run := compare.Run{Milestones: o.Milestones, Lapses: f.Totals.Expiries}
	if s := f.Verdict.Silent; s != nil {
		run.Lapses -= int64(s.Lapsed) // none of the plan's, as the verdict says
	}
	for _, states := range f.Final {
		for name, n := range states {
			if name != sim.Licensed.String() && name != sim.Absent.String() {
				run.NotLicensed += n
			}
		}
	}
	p.Runs = []compare.Run{run}
	return p, *f.Verdict, nil
}

// setThresholds gives each count of p the thresholds its milestones
// crossed: series.csv does not carry them.
func setThresholds(p *compare.Plan) {
	for i := range p.Counts {
		c := &p.Counts[i]
		for _, m := range p.Runs[0].Milestones {
			if m.Host == c.Host && m.Pool == c.Pool && m.Threshold > 0 && !slices.Contains(c.Thresholds, m.Threshold) {
				c.Thresholds = append(c.Thresholds, m.Threshold)
			}
		}
		slices.Sort(c.Thresholds)
	}
}

// parseSeriesCounts reads the sample times and the HOST.POOL.count
// series of series.csv, in either of its layouts: wide (a row per sample,
// a column per series) or long (a row per sample and series); any other
// shape is an error that says so.
func parseSeriesCounts(in io.Reader) ([]engine.Time, []compare.Count, error) {
	r := csv.NewReader(in)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("no header: %w", err)
	}
	if len(header) < 2 || header[0] != "time_s" || header[1] != "day" {
		return nil, nil, fmt.Errorf("header %q: want the series.csv of kmssim run (time_s,day,… a column per series, or its long layout with series and value)", strings.Join(header[:min(len(header), 3)], ","))
	}
	var times []engine.Time
	var counts []compare.Count
	if n := len(header); n >= 4 && header[n-2] == "series" && header[n-1] == "value" {
		times, counts, err = longCounts(r, n)
	} else {
		times, counts, err = wideCounts(r, header)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(times) == 0 {
		return nil, nil, errors.New("no samples")
	}
	return times, counts, nil
}

// wideCounts reads the rows of series.csv's wide layout, whose header is
// header.
func wideCounts(r *csv.Reader, header []string) ([]engine.Time, []compare.Count, error) {
	var cols []int
	var counts []compare.Count
	for i, name := range header {
		if host, pool, ok := countColumn(unneutralise(name)); ok {
			cols = append(cols, i)
			counts = append(counts, compare.Count{Host: host, Pool: pool})
		}
	}
	var times []engine.Time
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return times, counts, nil
		}
		if err != nil {
			return nil, nil, err
		}
		t, err := sampleTime(rec[0], times)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		times = append(times, t)
		for k, c := range cols {
			v, err := countValue(rec[c])
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %s %w", line, counts[k].Name(), err)
			}
			counts[k].Values = append(counts[k].Values, v)
		}
	}
}

// longCounts reads the rows of series.csv's long layout, of width cells
// each: the count series, each with every sample, in time order. kmssim
// writes a series at a time; a file sorted by time instead (as a database
// may give it back) reads the same.
func longCounts(r *csv.Reader, width int) ([]engine.Time, []compare.Count, error) {
	var times []engine.Time // the first count series' samples
	var counts []compare.Count
	index := map[string]int{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		name := unneutralise(rec[width-2])
		host, pool, ok := countColumn(name)
		if !ok {
			continue
		}
		k, seen := index[name]
		if !seen {
			k = len(counts)
			index[name] = k
			counts = append(counts, compare.Count{Host: host, Pool: pool})
		}
		c := &counts[k]
		i := len(c.Values)
		if k == 0 {
			t, err := sampleTime(rec[0], times)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", line, err)
			}
			times = append(times, t)
		} else if t, err := strconv.ParseInt(rec[0], 10, 64); err != nil || i >= len(times) || engine.Time(t) != times[i] {
			return nil, nil, fmt.Errorf("line %d: %s at time_s %q: want the samples of %s, in time order", line, c.Name(), rec[0], counts[0].Name())
		}
		v, err := countValue(rec[width-1])
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %s %w", line, c.Name(), err)
		}
		c.Values = append(c.Values, v)
	}
	for _, c := range counts {
		if len(c.Values) != len(times) {
			return nil, nil, fmt.Errorf("%s has %d samples, %s %d: want every sample of every count", c.Name(), len(c.Values), counts[0].Name(), len(times))
		}
	}
	return times, counts, nil
}

// sampleTime reads a sample's time_s, which must come after the times
// before it.
func sampleTime(cell string, before []engine.Time) (engine.Time, error) {
	t, err := strconv.ParseInt(cell, 10, 64)
	if err != nil || t < 0 || len(before) > 0 && engine.Time(t) <= before[len(before)-1] {
		return 0, fmt.Errorf("time_s %q: want seconds, increasing", cell)
	}
	return engine.Time(t), nil
}

// countValue reads a count's cell: −1 (never asked, K14) or more.
func countValue(cell string) (int32, error) {
	v, err := strconv.ParseInt(cell, 10, 32)
	if err != nil || v < -1 {
		return 0, fmt.Errorf("%q: want a count, −1 or more", cell)
	}
	return int32(v), nil
}

// countColumn splits the name of a count's column, HOST.POOL.count; a
// host's name may hold dots and slashes (branch-007/kms1).
func countColumn(name string) (host string, pool scenarios.Pool, ok bool) {
	rest, ok := strings.CutSuffix(name, ".count")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 {
		return "", "", false
	}
	pool = scenarios.Pool(rest[i+1:])
	if pool != scenarios.PoolWindows && pool != scenarios.PoolOffice {
		return "", "", false
	}
	return rest[:i], pool, true
}

// parseMachinesLapsed reads the names of the machines of machines.csv
// whose activation lapsed within the run (a lapse_day), sorted, silent
// machines left out.
func parseMachinesLapsed(data []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header: %w", err)
	}
	name, lapse, silent := slices.Index(header, "name"), slices.Index(header, "lapse_day"), slices.Index(header, "silent")
	if name < 0 || lapse < 0 {
		return nil, errors.New("no name or lapse_day column: not the machines.csv of kmssim run")
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec[lapse] == "" || silent >= 0 && rec[silent] == "true" {
			continue // no lapse, or a silent machine's (retired or away)
		}
		if _, err := strconv.ParseFloat(rec[lapse], 64); err != nil {
			return nil, fmt.Errorf("machine %s: lapse_day %q is not a day", rec[name], rec[lapse])
		}
		out = append(out, unneutralise(rec[name]))
	}
	slices.Sort(out)
	return out, nil
}

// unneutralise undoes neutralise: the apostrophe a CSV writer put before
// a text a spreadsheet would take for a formula.
func unneutralise(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && rest != "" && neutralise(rest) == s {
		return rest
	}
	return s
}

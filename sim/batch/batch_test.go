package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// splitSite is K24's site: 36 clients and two hosts of equal weight. Each
// client picks a host by weight and keeps it (K20, K21), so kms1's clients
// are Binomial(36, 1/2) and neither host reaches 25 exactly when kms1 has
// 12 to 24 of them.
const splitSite = `name: split
duration: 10d
sample: 1d
hosts:
  - {name: kms1, keys: [windows-server-2008r2], srv: {weight: 50}}
  - {name: kms2, keys: [windows-server-2008r2], srv: {weight: 50}}
fleet:
  - {group: desktops, count: 36, product: windows-7, join: {at: 0d, over: 1d}}
expect:
  - first_reached: {host: kms1, threshold: 25}
    never: true
  - first_reached: {host: kms2, threshold: 25}
    never: true
`

func parse(t testing.TB, src string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The probability that neither host reaches 25, estimated over 400
// replications, agrees with the binomial computation: the exact value lies
// within the estimate's 95% interval.
func TestSplitSiteMatchesBinomial(t *testing.T) {
	scn := parse(t, splitSite+"replications: 400\n")
	res, err := Run(scn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := distuv.Binomial{N: 36, P: 0.5}
	exact := b.CDF(24) - b.CDF(11)
	got := res.Points[0].AllHeld()
	t.Logf("P(neither reaches 25) = %.4f exact, %.4f [%.4f, %.4f] over %d replications", exact, got.P, got.Low, got.High, got.N)
	if got.N != 400 || exact < got.Low || exact > got.High {
		t.Fatalf("exact %.4f outside the estimate %.4f [%.4f, %.4f]", exact, got.P, got.Low, got.High)
	}
	// With these seeds the estimate is a fixed number: a change of the
	// model or of the seeds shows here.
	if got.Held != 385 {
		t.Errorf("held in %d of 400 replications, want 385", got.Held)
	}
	// The two expectations fail in disjoint replications (36 clients
	// cannot give both hosts 25), so their failures add up.
	held := res.Points[0].Held()
	if fail := (400 - held[0].Held) + (400 - held[1].Held); fail != 400-got.Held {
		t.Errorf("failures %d + %d, want %d", 400-held[0].Held, 400-held[1].Held, 400-got.Held)
	}
}

func TestSeeds(t *testing.T) {
	s := Seeds(7, 1000)
	if s[0] != 7 {
		t.Fatalf("the first seed is %d, want the scenario's 7", s[0])
	}
	sorted := slices.Clone(s)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != 1000 {
		t.Fatal("seeds repeat")
	}
	if !slices.Equal(Seeds(7, 3), s[:3]) {
		t.Fatal("more replications changed the first seeds")
	}
	if slices.Equal(Seeds(8, 3)[1:], s[1:3]) {
		t.Fatal("neighbouring scenario seeds share replications")
	}
}

func TestSummarize(t *testing.T) {
	// 10 of 12 replications reached the value, at 1..10.
	d := Summarize([]float64{3, 1, 2, 4, 5, 6, 7, 8, 9, 10}, 12)
	half := 2.2621571627409915 * math.Sqrt(110.0/12) / math.Sqrt(10) // t(0.975, 9)·s/√n
	want := Distribution{N: 12, Reached: 10, Mean: 5.5, CILow: 5.5 - half, CIHigh: 5.5 + half, Median: 6, P05: 1, P95: math.Inf(1)}
	if d.N != want.N || d.Reached != want.Reached || d.Never() != 2 || d.Median != want.Median || d.P05 != want.P05 || d.P95 != want.P95 {
		t.Fatalf("Summarize = %+v, want %+v", d, want)
	}
	for _, c := range [][2]float64{{d.Mean, want.Mean}, {d.CILow, want.CILow}, {d.CIHigh, want.CIHigh}} {
		if math.Abs(c[0]-c[1]) > 1e-9 {
			t.Fatalf("Summarize = %+v, want %+v", d, want)
		}
	}
	none := Summarize(nil, 4)
	if !math.IsNaN(none.Mean) || !math.IsInf(none.Median, 1) || none.Never() != 4 {
		t.Fatalf("Summarize(nothing reached) = %+v", none)
	}
	one := Summarize([]float64{5}, 1)
	if one.Mean != 5 || one.Median != 5 || !math.IsNaN(one.CILow) {
		t.Fatalf("Summarize(one value) = %+v", one)
	}
}

func TestEstimate(t *testing.T) {
	// Wilson intervals as published (Newcombe 1998, table I).
	tests := []struct {
		held, n   int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{20, 20, 0.8389, 1},
	}
	for _, tt := range tests {
		p := Estimate(tt.held, tt.n)
		if math.Abs(p.Low-tt.low) > 5e-5 || math.Abs(p.High-tt.high) > 5e-5 || p.P != float64(tt.held)/float64(tt.n) {
			t.Errorf("Estimate(%d, %d) = %.4f [%.4f, %.4f], want [%.4f, %.4f]", tt.held, tt.n, p.P, p.Low, p.High, tt.low, tt.high)
		}
	}
}

const sweepSrc = splitSite + `replications: 6
sweep:
  - path: hosts.kms2.srv.weight
    values: [0, 10, 50]
  - path: fleet.desktops.count
    values: [20, 30]
`

func partialBytes(t *testing.T, r *Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WritePartial(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A batch gives the same result whatever the parallelism, and shards
// merged give the unsharded result, byte for byte.
func TestParallelAndShardsAgree(t *testing.T) {
	scn := parse(t, sweepSrc)
	serial, err := Run(scn, Options{Parallel: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(serial.Points) != 6 || !serial.Complete {
		t.Fatalf("%d points, complete %v", len(serial.Points), serial.Complete)
	}
	want := partialBytes(t, serial)
	for _, par := range []int{2, 5} {
		r, err := Run(scn, Options{Parallel: par})
		if err != nil {
			t.Fatal(err)
		}
		if got := partialBytes(t, r); !bytes.Equal(got, want) {
			t.Fatalf("parallel %d differs from serial", par)
		}
	}
	var parts []*Result
	for _, i := range []int{3, 1, 0, 2} { // in any order
		r, err := Run(scn, Options{Shard: Shard{i, 4}, Parallel: 2})
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadPartial("part", partialBytes(t, r))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, back)
	}
	merged, err := Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	if got := partialBytes(t, merged); !bytes.Equal(got, want) {
		t.Fatalf("merged shards differ from the unsharded run:\n%s\nwant\n%s", got, want)
	}

	// And the sweep answers its question: with kms2's weight 0 (K20: a
	// weight-0 record is chosen only when all are) every client asks kms1.
	p := merged.Points[1] // weight 0, 30 desktops
	if d := p.Milestone(Key{Kind: sim.MilestoneCountReached, Host: "kms1", Pool: scenarios.PoolWindows, Threshold: 25}); d.Reached != 6 {
		t.Errorf("kms1 reached 25 in %d of 6 replications at weight 0", d.Reached)
	}
	for _, m := range p.Milestones() {
		if m.Host == "kms2" {
			t.Errorf("kms2 has a milestone at weight 0: %+v", m)
		}
	}
	if got := p.AllHeld(); got.Held != 0 {
		t.Errorf("kms1 never reached 25 in %d replications at weight 0", got.Held)
	}
}

func TestMergeErrors(t *testing.T) {
	scn := parse(t, sweepSrc)
	run := func(s Shard, seed uint64) *Result {
		c := scn.Clone()
		c.Seed = seed
		r, err := Run(c, Options{Shard: s})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(Shard{0, 2}, 1), run(Shard{1, 2}, 1)
	tests := []struct {
		parts []*Result
		want  string
	}{
		{nil, "nothing to merge"},
		{[]*Result{a}, "shards missing: 1/2"},
		{[]*Result{a, a}, "shard 0/2 is given twice"},
		{[]*Result{a, run(Shard{1, 3}, 1)}, "all parts must split the sweep in as many shards"},
		{[]*Result{a, run(Shard{1, 2}, 2)}, "is of another batch"},
		{[]*Result{run(Shard{}, 1)}, "the first part is not a shard"},
	}
	for _, tt := range tests {
		if _, err := Merge(tt.parts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Merge: %v, want %q", err, tt.want)
		}
	}
	if _, err := Merge([]*Result{b, a}); err != nil {
		t.Errorf("Merge(b, a): %v", err)
	}
	if _, err := ReadPartial("x.json", []byte(`{"kmssim_partial": 2}`)); err == nil || !strings.Contains(err.Error(), "x.json: partial result format 2, want 1") {
		t.Errorf("ReadPartial(version 2): %v", err)
	}
	if _, err := ReadPartial("x.json", []byte(`{"series": []}`)); err == nil || !strings.Contains(err.Error(), "not a kmssim partial result") {
		t.Errorf("ReadPartial(other JSON): %v", err)
	}
}

// A stopped batch keeps the points whose runs all finished and says it is
// incomplete.
func TestStop(t *testing.T) {
	scn := parse(t, sweepSrc)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	res, err := RunContext(ctx, scn, Options{Parallel: 1, Progress: func(done, total int) {
		if total != 36 {
			t.Errorf("total %d, want 36", total)
		}
		if done == 14 { // 2 points and 2 runs of the third
			stop()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Complete || len(res.Points) != 2 || res.Points[1].Index != 1 {
		t.Fatalf("complete %v, %d points", res.Complete, len(res.Points))
	}
}

func TestShardErrors(t *testing.T) {
	for in, want := range map[string]string{
		"1/4": "", "0/1": "", "4/4": "the shard index runs from 0 to 3", "x": "want i/n", "1/0": "must be 1 or more", "-1/3": "runs from 0 to 2",
	} {
		_, err := ParseShard(in)
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("ParseShard(%q) = %v, want %q", in, err, want)
		}
	}
	if _, err := Run(parse(t, splitSite), Options{Shard: Shard{0, 2}}); err == nil || !strings.Contains(err.Error(), "this scenario has none") {
		t.Errorf("Run(no sweep, shard): %v", err)
	}
}

// Bands summarize the series of every replication at every sample.
func TestBands(t *testing.T) {
	scn := parse(t, splitSite+"replications: 20\n")
	res, err := Run(scn, Options{Series: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.First == nil || res.First.Seed != scn.Seed || res.Bands == nil {
		t.Fatal("no first run or bands")
	}
	b := res.Bands
	if len(b.Times) != 11 || len(b.Series) != 3 || b.Series[0].Host != "kms1" || b.Series[2].Product != scenarios.Windows7 {
		t.Fatalf("bands: %d times, series %+v", len(b.Times), b.Series)
	}
	k1, k2 := b.Series[0], b.Series[1]
	end := len(b.Times) - 1
	// At the end every client has asked: the two counts add up to 36 in
	// each replication, so their medians are symmetric around 18.
	if k1.Median[end]+k2.Median[end] < 35 || k1.Median[end]+k2.Median[end] > 37 || k1.P05[end] > k1.Median[end] || k1.Median[end] > k1.P95[end] {
		t.Fatalf("kms1 %v %v %v, kms2 %v", k1.P05[end], k1.Median[end], k1.P95[end], k2.Median[end])
	}
	if k1.Median[0] != -1 { // K14: before the first request at time 0
		t.Fatalf("kms1 median at 0 = %v, want -1", k1.Median[0])
	}
}

// Check judges an expectation by the share of replications it held in.
func TestCheck(t *testing.T) {
	scn := parse(t, splitSite+"replications: 400\n")
	at95, at99 := 0.95, 0.99
	scn.Expect[0].Probability = &at95
	scn.Expect[1].Probability = &at99
	res, err := Run(scn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	vs := Check(res)
	// kms1 reached 25 in 8 replications (98% held), kms2 in 7 (98.25%).
	want := []struct {
		pass   bool
		actual string
	}{
		{true, "held in 392 of 400 replications (98%; 95% interval 96.1% to 99.0%)"},
		{false, "held in 393 of 400 replications (98.2%; 95% interval 96.4% to 99.1%); first failed with seed "},
	}
	for i, w := range want {
		if vs[i].Pass != w.pass || !strings.HasPrefix(vs[i].Actual, w.actual) {
			t.Errorf("verdict %d: %v", i, vs[i])
		}
	}
	if !strings.HasSuffix(vs[1].Expected, "in at least 99% of replications") {
		t.Errorf("expected: %q", vs[1].Expected)
	}
}

// FuzzReadPartial checks that ReadPartial never panics and that what it
// accepts is well formed: points within the sweep, one observation per
// seed, one verdict per expectation.
func FuzzReadPartial(f *testing.F) {
	// Small seeds: the fuzzer minimizes every input that finds new
	// coverage, for up to a minute, and a part as kmssim writes it (7 KB)
	// kept it minimizing instead of exploring.
	f.Add(smallPart(f, Shard{1, 2}))
	f.Add([]byte(`{"kmssim_partial": 1}`))
	f.Add([]byte(`{"kmssim_partial": 1, "seeds": [1], "points_total": 1, "points": [{"index": 0, "observations": [{}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadPartial("fuzz.json", data)
		if err != nil {
			return
		}
		for _, p := range r.Points {
			if p.Index < 0 || p.Index >= r.Total || len(p.Observations) != len(r.Seeds) {
				t.Fatalf("accepted a malformed point %+v", p)
			}
			p.Milestones() // summarizing what was accepted must not panic
			p.NotLicensed()
			p.Held()
		}
	})
}

// FuzzParseShard checks that ParseShard never panics and accepts only
// shards with 0 ≤ index < count.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/4", "3/4", "4/4", "/4", "x", "-1/2", "1/-2", " 2 / 3 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err == nil && (sh.Index < 0 || sh.Index >= sh.Count) {
			t.Fatalf("ParseShard(%q) = %+v", s, sh)
		}
	})
}

// A part whose fields Merge would index by is refused with its name and
// what is wrong, never used: shard indexes out of range, negative or huge
// shard counts and point totals, a point listed twice or of another shard.
func TestReadPartialRefusesMalformed(t *testing.T) {
	good := string(partOf(t, Shard{1, 2}))
	if _, err := ReadPartial("good.json", []byte(good)); err != nil {
		t.Fatalf("a part as written is refused: %v", err)
	}
	point := func(s string) string { // the first point's JSON object
		i := strings.Index(s, `"points": [`) + len(`"points": [`)
		depth, j := 0, i
		for ; j < len(s); j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth == 0 && s[j] == '}' {
				break
			}
		}
		return s[i : j+1]
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"index past the count", `"index": 1,
  "count": 2`, `"index": 5,
  "count": 2`, "shard index 5 of 2 shards; it runs from 0 to 1"},
		{"negative index", `"index": 1,
  "count": 2`, `"index": -1,
  "count": 2`, "shard index -1 of 2 shards"},
		{"negative count", `"count": 2`, `"count": -3`, "-3 shards of 6 points"},
		{"huge count", `"count": 2`, `"count": 1099511627776`, "1099511627776 shards of 6 points"},
		{"huge total", `"points_total": 6`, `"points_total": 1099511627776`, "1099511627776 points in all; a sweep has 1 to 10000"},
		{"point twice", `"points": [`, `"points": [` + point(good) + `,`, "point 1 is listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.from) {
				t.Fatalf("the part has no %q", tt.from)
			}
			_, err := ReadPartial("bad.json", []byte(strings.Replace(good, tt.from, tt.to, 1)))
			if err == nil || !strings.Contains(err.Error(), "bad.json: "+tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzMerge reads two parts and merges them: no input panics, and what
// Merge accepts holds only points of the sweep, each once.
func FuzzMerge(f *testing.F) {
	parts := [2][]byte{smallPart(f, Shard{0, 2}), smallPart(f, Shard{1, 2})}
	f.Add(parts[0], parts[1])
	f.Add(parts[1], parts[1])
	f.Add([]byte(`{"kmssim_partial": 1, "seeds": [1], "points_total": 2, "shard": {"index": 5, "count": 2}, "points": []}`), parts[1])
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var rs []*Result
		for _, data := range [][]byte{a, b} {
			r, err := ReadPartial("fuzz.json", data)
			if err != nil {
				return
			}
			rs = append(rs, r)
		}
		m, err := Merge(rs)
		if err != nil {
			return
		}
		seen := map[int]bool{}
		for _, p := range m.Points {
			if p.Index < 0 || p.Index >= m.Total || seen[p.Index] {
				t.Fatalf("merged point %d of %d twice or out of range", p.Index, m.Total)
			}
			seen[p.Index] = true
		}
	})
}

// tinySrc is a sweep of two points of one replication with a milestone or
// two, for small parts.
const tinySrc = `name: tiny
duration: 2d
sample: 1d
hosts: [{name: kms1, keys: [windows-server-2008r2]}]
fleet: [{group: d, count: 6, product: windows-server-2008r2}]
expect: [{first_reached: {host: kms1, threshold: 5}, until: 1d}]
sweep: [{path: fleet.d.count, values: [4, 6]}]
`

// smallPart returns shard sh of tinySrc's sweep as compact JSON: a part
// of a few hundred bytes, for the fuzzers' seeds.
func smallPart(t testing.TB, sh Shard) []byte {
	t.Helper()
	res, err := Run(parse(t, tinySrc), Options{Shard: sh})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(partialFile{partialVersion, res})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// partOf returns shard sh of sweepSrc's sweep, as WritePartial writes it.
func partOf(t testing.TB, sh Shard) []byte {
	t.Helper()
	res, err := Run(parse(t, sweepSrc), Options{Shard: sh})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WritePartial(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

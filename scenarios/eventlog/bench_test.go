package eventlog_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
	"github.com/kmssim/kmssim/sim/engine"
)

// benchFleet is 10 sites of 3,000 Windows 10 machines, each site with its
// own host, renewing weekly for 245 days: 1.05 million events 12290 from
// 10 hosts.
const benchFleet = `
name: import-bench
start: 2026-01-05
duration: 245d
sample: 7d
seed: 1
sites:
  - name: site
    instances: 10
    dns: [{name: "{site}.corp.example"}]
    hosts: [{name: kms, keys: [windows-server-2022]}]
    fleet:
      - {group: pc, count: 3000, product: windows-10, join: {at: 0d, over: 7d}}
`

// BenchmarkImport imports a million events from ten hosts, one export
// per host, in each form: go test ./scenarios/eventlog -bench Import
// -benchtime 3x -cpu 1. events/s, MB/s of the files and the peak of the
// heap in use are reported beside the time.
func BenchmarkImport(b *testing.B) {
	scn, err := scenarios.Parse("import-bench.yaml", []byte(benchFleet))
	if err != nil {
		b.Fatal(err)
	}
	_, recs, err := exportRun(scn, engine.Time(scn.Duration))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	utc := time.UTC
	forms := map[string]func(*bufio.Writer, []record) error{
		"xml":        func(w *bufio.Writer, r []record) error { return writeXML(w, r, true) },
		"powershell": func(w *bufio.Writer, r []record) error { return writePowerShell(w, r, utc, enUS, true, false) },
		"evtx":       func(w *bufio.Writer, r []record) error { return writeEVTX(w, r, false) },
	}
	files := map[string][]string{}
	for form, write := range forms {
		for host, hrecs := range byHost(recs) {
			path := filepath.Join(dir, form+"-"+host+".log")
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriter(f)
			if err := write(w, hrecs); err != nil {
				b.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
			f.Close()
			files[form] = append(files[form], path)
		}
	}
	events := len(recs)
	recs = nil
	for _, form := range []string{"xml", "powershell", "evtx"} {
		var size int64
		for _, path := range files[form] {
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			size += fi.Size()
		}
		b.Run("form="+form, func(b *testing.B) {
			b.SetBytes(size)
			runtime.GC()
			var peak uint64
			for b.Loop() {
				st := importFiles(b, files[form], time.UTC)
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				if len(st.Hosts) != 10 {
					b.Fatalf("%d hosts", len(st.Hosts))
				}
			}
			b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(peak)/1e6, "MB-heap-at-end")
		})
	}
}

// BenchmarkImportEVTX1GB imports one host's .evtx of 1 GB: 2.1 million
// requests of 30,000 machines, written to a file first (its setup takes
// a while): go test ./scenarios/eventlog -run '^$' -bench ImportEVTX1GB
// -benchtime 1x -cpu 1. MB/s, events/s and the peak of the heap in use,
// sampled while it runs, are reported beside the time.
func BenchmarkImportEVTX1GB(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kms1.evtx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := evtxtest.NewWriter(f, evtxtest.Options{})
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const events = 2_100_000
	for i := range events {
		r := record{host: "kms1.corp.example", at: at.Add(time.Duration(i) * 9 * time.Second), n: 25,
			machine: fmt.Sprintf("pc-%05d.corp.example", i%30000), cmid: guid("cmid", i%30000), state: 1, minutes: 259200,
			actID: eventlog.ActivationID(scenarios.Windows10)}
		r.client = r.at.Truncate(time.Minute)
		if err := w.Write(evtxtest.KMSEvent(r.host, r.at, append([]string{"0"}, r.fields()...))); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.SetBytes(fi.Size())
	stop := heapPeak()
	for b.Loop() {
		st, _, err := eventlog.Import(context.Background(), []string{path}, eventlog.ImportOptions{}, func(w eventlog.Warning) { b.Fatal(w) })
		if err != nil || st.Requests != events || len(st.Machines) != 30000 {
			b.Fatalf("%v: %d requests, %d machines", err, st.Requests, len(st.Machines))
		}
	}
	peak := stop()
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak)/1e6, "MB-heap-peak")
}

// heapPeak samples the heap in use every 20 ms, from a collection on,
// until the returned stop is called, which returns its peak in bytes.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	return func() uint64 {
		close(done)
		return peak.Load()
	}
}

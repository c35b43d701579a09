package eventlog_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

// fuzzImport reads data as an export and, when it holds requests, builds
// the state and writes the scenario: no input may panic, and what the
// import writes must load.
func fuzzImport(t *testing.T, data []byte) {
	fleet := eventlog.NewFleet(scenarios.Model{})
	_, err := eventlog.Read(bytes.NewReader(data), "fuzz.log", eventlog.Options{}, func(r *eventlog.Request) error {
		if r.MinCount < 1 || r.Machine == "" || len(r.CMID) != 36 || r.State < 0 || r.State > 6 {
			t.Fatalf("Read passed on an invalid request: %+v", r)
		}
		fleet.Add(r)
		return nil
	}, func(eventlog.Warning) {})
	if err != nil {
		return
	}
	st, err := fleet.State()
	if err != nil {
		t.Fatalf("State after a good read: %v", err)
	}
	var scn, fl bytes.Buffer
	if err := eventlog.WriteScenario(&scn, st, eventlog.ScenarioOptions{}); err != nil {
		// The two states that have no scenario, each with its own error.
		if !strings.Contains(err.Error(), "a computer name kmssim cannot use") && !strings.Contains(err.Error(), "there is no machine to simulate") {
			t.Fatalf("WriteScenario: %v", err)
		}
		return
	}
	if err := eventlog.WriteFleet(&fl, st); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), scn.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, eventlog.FleetFile), fl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Load(filepath.Join(dir, "scenario.yaml")); err != nil {
		t.Fatalf("the import wrote a scenario that does not load: %v\n%s\n%s", err, scn.String(), fl.String())
	}
}

// crashers adds the inputs fuzzing once found wrong (testdata/fuzz/eventlog)
// as seeds of every reader's target.
func crashers(f *testing.F) {
	files, err := filepath.Glob("../../testdata/fuzz/eventlog/*")
	if err != nil || len(files) == 0 {
		f.Fatalf("no crashers in testdata/fuzz/eventlog: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// seed adds the first n bytes of a sample export as a seed.
func seed(f *testing.F, name string, n int) {
	data, err := os.ReadFile(filepath.Join(sampleDir, name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data[:min(n, len(data))])
}

func FuzzReadXML(f *testing.F) {
	crashers(f)
	f.Add([]byte(oneEvent))
	f.Add([]byte("<?xml version='1.0'?><Events>" + oneEvent + "</Events>"))
	seed(f, "xml/kms2.xml", 4000)
	seed(f, "ps51-xml/kms1.xml", 8000)
	f.Fuzz(fuzzImport)
}

func FuzzReadPowerShell(f *testing.F) {
	crashers(f)
	seed(f, "powershell/kms2.csv", 3000)
	seed(f, "powershell/kms1.csv", 3000)
	seed(f, "powershell-de/kms1.csv", 3000)
	f.Fuzz(fuzzImport)
}

func FuzzReadEventViewer(f *testing.F) {
	crashers(f)
	seed(f, "eventviewer/kms2.csv", 3000)
	seed(f, "eventviewer-ja/kms1.csv", 3000)
	seed(f, "eventviewer-fr/kms1.csv", 3000)
	f.Fuzz(fuzzImport)
}

func FuzzReadDLV(f *testing.F) {
	seed(f, "kms1.dlv.txt", 2000)
	seed(f, "kms1.service.json", 4000)
	f.Add([]byte("Current count: -1\n"))
	f.Add([]byte("#TYPE x\r\n\"KeyManagementServiceCurrentCount\";\"VLRenewalInterval\"\r\n\"5\";\"10080\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := eventlog.ReadDLV(bytes.NewReader(data), "fuzz.txt")
		if err == nil && d.CurrentCount < -1 {
			t.Fatalf("a count of %d", d.CurrentCount)
		}
	})
}

func FuzzReadEVTX(f *testing.F) {
	var b bytes.Buffer
	w := evtxtest.NewWriter(&b, evtxtest.Options{ChunkRecords: 2})
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range 3 {
		r := record{host: "kms1.corp.example", at: at, n: 25, machine: "pc-1.corp.example", cmid: guid("cmid", i), client: at.Truncate(time.Minute), state: 1, minutes: 259200, actID: eventlog.ActivationID(scenarios.Windows10)}
		if err := w.Write(evtxtest.KMSEvent(r.host, r.at, append([]string{"0"}, r.fields()...))); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	seed(f, "evtx/kms2.evtx", 4096+65536)
	f.Fuzz(fuzzImport)
}

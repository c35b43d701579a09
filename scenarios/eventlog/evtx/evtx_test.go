package evtx_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

var t0 = time.Date(2026, 11, 30, 14, 3, 22, 441730600, time.UTC)

// kmsData returns the ten insertion strings of an event 12290.
func kmsData(i int) []string {
	return []string{"", "0x0", "25", "pc-" + itoa(i) + ".corp.example", "{3F1D5F2A-6F8C-4B3E-9A1B-2C3D4E5F6071}",
		"2026/11/30 14:03", "0", "1", "120", "{55C92734-D682-4D71-983E-D6EC3F16059F}"}
}

func itoa(i int) string {
	return string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

// writeFile writes events with evtxtest.
func writeFile(t testing.TB, opts evtxtest.Options, events []evtxtest.Event) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := evtxtest.NewWriter(&buf, opts)
	for _, e := range events {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reads every record of b, copied.
func readAll(t testing.TB, b []byte) ([]evtx.Record, *evtx.Reader) {
	t.Helper()
	r, err := evtx.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var recs []evtx.Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, r
		}
		if err != nil {
			t.Fatal(err)
		}
		c := *rec
		c.Data = append([]string(nil), rec.Data...)
		recs = append(recs, c)
	}
}

func TestRead(t *testing.T) {
	kms := evtxtest.KMSEvent("kms1.corp.example", t0, kmsData(42))
	sys := evtxtest.Event{Provider: "Service Control Manager", ProviderGUID: "{555908D1-A6D7-4695-8E1E-26931D2012F4}",
		EventSourceName: "Service Control Manager", EventID: 7036, Qualifiers: 16384, Level: 4, Keywords: 0x8080000000000000,
		Time: t0.Add(time.Second), Channel: "System", Computer: "kms1.corp.example", UserID: "S-1-5-21-3484546417-2474207753-3142552619-1001",
		Data: []string{"Windows Update", "running", "äöü € 𝄞 <&>"}}
	empty := kms
	empty.Data = nil
	tests := []struct {
		name   string
		events []evtxtest.Event
		want   []evtx.Record
	}{
		{"one KMS event", []evtxtest.Event{kms}, []evtx.Record{{
			Offset: 4608, ID: 1, Written: t0, EventID: 12290, Time: t0, Computer: "kms1.corp.example",
			Channel: "Key Management Service", Provider: "Microsoft-Windows-Security-SPP", Data: kmsData(42)}}},
		{"template and names referred to", []evtxtest.Event{kms, sys, kms}, []evtx.Record{
			{Offset: 4608, ID: 1, Written: t0, EventID: 12290, Time: t0, Computer: "kms1.corp.example",
				Channel: "Key Management Service", Provider: "Microsoft-Windows-Security-SPP", Data: kmsData(42)},
			{Offset: 6840, ID: 2, Written: t0.Add(time.Second), EventID: 7036, Time: t0.Add(time.Second), Computer: "kms1.corp.example",
				Channel: "System", Provider: "Service Control Manager", Data: sys.Data},
			{Offset: 7952, ID: 3, Written: t0, EventID: 12290, Time: t0, Computer: "kms1.corp.example",
				Channel: "Key Management Service", Provider: "Microsoft-Windows-Security-SPP", Data: kmsData(42)}}},
		{"no insertion strings", []evtxtest.Event{empty}, []evtx.Record{{
			Offset: 4608, ID: 1, Written: t0, EventID: 12290, Time: t0, Computer: "kms1.corp.example",
			Channel: "Key Management Service", Provider: "Microsoft-Windows-Security-SPP"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, r := readAll(t, writeFile(t, evtxtest.Options{}, tt.events))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("records=\n%+v\nwant\n%+v", got, tt.want)
			}
			if s := r.Skipped(); len(s) != 0 {
				t.Fatalf("Skipped=%v, want none", s)
			}
		})
	}
}

// manyEvents returns n events, every fifth of the System log.
func manyEvents(n int) []evtxtest.Event {
	events := make([]evtxtest.Event, n)
	for i := range events {
		events[i] = evtxtest.KMSEvent("kms1.corp.example", t0.Add(time.Duration(i)*time.Minute), kmsData(i))
		if i%5 == 4 {
			events[i].Channel = "System"
			events[i].EventID = 7036
			events[i].Data = events[i].Data[:2]
		}
	}
	return events
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name  string
		opts  evtxtest.Options
		want  evtx.FileHeader
		first uint64
	}{
		{"clean", evtxtest.Options{ChunkRecords: 100}, evtx.FileHeader{LastChunk: 2, NextRecordID: 251, MajorVersion: 3, MinorVersion: 1, ChunkCount: 3, ChecksumOK: true}, 1},
		{"dirty", evtxtest.Options{ChunkRecords: 100, Dirty: true, FirstRecordID: 1000}, evtx.FileHeader{LastChunk: 1, NextRecordID: 1200, MajorVersion: 3, MinorVersion: 1, ChunkCount: 2, Flags: evtx.FlagDirty, ChecksumOK: true}, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, r := readAll(t, writeFile(t, tt.opts, manyEvents(250)))
			if got := r.Header(); got != tt.want {
				t.Fatalf("Header=%+v, want %+v", got, tt.want)
			}
			if r.Header().Dirty() != (tt.want.Flags&evtx.FlagDirty != 0) {
				t.Fatalf("Dirty=%v", r.Header().Dirty())
			}
			// Every chunk is read, also those a dirty header does not count.
			if len(recs) != 250 || recs[0].ID != tt.first || recs[249].ID != tt.first+249 {
				t.Fatalf("%d records, ids %d..%d, want 250, %d..%d", len(recs), recs[0].ID, recs[len(recs)-1].ID, tt.first, tt.first+249)
			}
			if recs[100].Offset != 4096+65536+512 {
				t.Fatalf("record 101 at offset %d, want %d", recs[100].Offset, 4096+65536+512)
			}
		})
	}
}

func TestIsEVTX(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"ElfFile\x00", true},
		{"ElfFile\x00\x00\x00more", true},
		{"ElfFile", false},
		{"ElfChnk\x00", false},
		{"<Event xmlns=", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := evtx.IsEVTX([]byte(tt.head)); got != tt.want {
			t.Errorf("IsEVTX(%q)=%v, want %v", tt.head, got, tt.want)
		}
	}
}

func TestNotEVTX(t *testing.T) {
	for _, in := range []string{"", "hello", "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>", strings.Repeat("x", 5000)} {
		if _, err := evtx.NewReader(strings.NewReader(in)); !errors.Is(err, evtx.ErrNotEVTX) {
			t.Errorf("NewReader(%.20q) error=%v, want ErrNotEVTX", in, err)
		}
	}
}

// A Writer to a file writes its chunks as they fill, and the same bytes
// as one to memory.
func TestWriterStreams(t *testing.T) {
	for _, dirty := range []bool{false, true} {
		opts := evtxtest.Options{Dirty: dirty, ChunkRecords: 40}
		mem := writeFile(t, opts, manyEvents(150))
		f, err := os.Create(filepath.Join(t.TempDir(), "log.evtx"))
		if err != nil {
			t.Fatal(err)
		}
		w := evtxtest.NewWriter(f, opts)
		for _, e := range manyEvents(150) {
			if err := w.Write(e); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		disk, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, mem) {
			t.Errorf("dirty %v: the file's %d bytes differ from memory's %d", dirty, len(disk), len(mem))
		}
	}
}

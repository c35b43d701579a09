package eventlog_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

// An .evtx with a damaged chunk imports the rest, naming the chunk's
// offset; one of another log imports nothing, naming the log and how many
// records it holds; a cut one imports what precedes the cut.
func TestReadEVTXDamage(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join(sampleDir, "evtx", "kms1.evtx"))
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := readAll("kms1.evtx", bytes.NewReader(sample))
	if err != nil || len(all) != 341 {
		t.Fatalf("%d requests, %v; want the sample's 341", len(all), err)
	}
	const chunk2 = 4096 + 65536
	perChunk := 0
	for _, r := range all {
		if r.Offset >= chunk2 && r.Offset < chunk2+65536 {
			perChunk++
		}
	}

	bad := bytes.Clone(sample)
	bad[chunk2+600] ^= 0xff // a byte of a record: the chunk's checksum no longer holds
	got, warns, err := readAll("kms1.evtx", bytes.NewReader(bad))
	if err != nil || len(got) != len(all)-perChunk {
		t.Errorf("a damaged chunk: %d requests, %v; want %d", len(got), err, len(all)-perChunk)
	}
	// Its header's checksum holds: it says how many events are lost.
	want := fmt.Sprintf("kms1.evtx: at offset 0x11000: skipped a chunk of %d events (records 131 to %d, of any event id): event records checksum 0xe29f3f7d, want 0x649e7942; the host's log itself may hold them: copy it again", perChunk, 130+perChunk)
	if len(warns) != 1 || warns[0] != want {
		t.Errorf("warnings %q, want %q", warns, want)
	}
	// A damaged header says nothing of the records.
	bad = bytes.Clone(sample)
	bad[chunk2+30] ^= 0xff
	_, warns, _ = readAll("kms1.evtx", bytes.NewReader(bad))
	if len(warns) != 1 || !strings.HasPrefix(warns[0], "kms1.evtx: at offset 0x11000: skipped a chunk: chunk header checksum") {
		t.Errorf("warnings %q, want the chunk at 0x11000 named, with no count", warns)
	}

	got, warns, err = readAll("kms1.evtx", bytes.NewReader(sample[:chunk2+1000]))
	if err != nil || len(got) == 0 || len(got) >= len(all) {
		t.Errorf("a cut file: %d requests, %v; want those of its whole chunks", len(got), err)
	}
	if len(warns) != 2 || !strings.Contains(warns[1], "the file holds 1 whole chunk of the 3 its header names: it was cut short") {
		t.Errorf("a cut file: warnings %q", warns)
	}
	// Cut where a chunk ends, the header still tells.
	_, warns, _ = readAll("kms1.evtx", bytes.NewReader(sample[:chunk2]))
	if len(warns) != 1 || warns[0] != "kms1.evtx: the file holds 1 whole chunk of the 3 its header names: it was cut short, and the newest events may be missing; copy it again" {
		t.Errorf("a file cut at a chunk's end: warnings %q", warns)
	}

	var system bytes.Buffer
	w := evtxtest.NewWriter(&system, evtxtest.Options{})
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range 5 {
		e := evtxtest.KMSEvent("kms1.corp.example", at, []string{"Service Control Manager", "running"})
		e.Channel, e.Provider, e.EventID, e.Qualifiers = "System", "Service Control Manager", uint16(7036+i%2), 16384
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err = readAll("kms1.evtx", &system)
	want = `kms1.evtx: nothing to import in this EVTX file of the log "System": 5 events, by id 7036 (3), 7037 (2); no event 12290. On the KMS host, export its log with: wevtutil epl "Key Management Service" kms1.evtx`
	if err == nil || err.Error() != want {
		t.Errorf("the System log: %v\nwant %s", err, want)
	}
	_, _, err = readAll("kms1.evtx", bytes.NewReader(append([]byte("ElfFile\x00"), make([]byte, 100)...)))
	var e *eventlog.Error
	if err == nil || !errors.As(err, &e) || err.Error() != "kms1.evtx: file ends inside the file header (108 of 4096 bytes): unexpected EOF: copy the file again" {
		t.Errorf("a file cut in its header: %v", err)
	}
}

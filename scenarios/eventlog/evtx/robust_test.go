package evtx_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

// chunkAt returns the offset of chunk i of a file.
func chunkAt(i int) int { return evtx.FileHeaderSize + i*evtx.ChunkSize }

// fixChecksums recomputes the checksums of chunk i after a change: that
// of its records only where its free-space offset lies in the chunk.
func fixChecksums(b []byte, i int) {
	evtxtest.SealChunk(b[chunkAt(i) : chunkAt(i)+evtx.ChunkSize])
}

// skipped describes the parts a Reader skipped, to compare.
func skipped(r *evtx.Reader) string {
	var s []string
	for _, e := range r.Skipped() {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

func TestDamaged(t *testing.T) {
	file := writeFile(t, evtxtest.Options{ChunkRecords: 100}, manyEvents(300)) // 3 chunks
	le := binary.LittleEndian
	tests := []struct {
		name    string
		damage  func(b []byte) []byte
		records int
		firstID uint64
		lastID  uint64
		skipped string
	}{
		{"intact", func(b []byte) []byte { return b }, 300, 1, 300, ""},
		{"cut in the third chunk", func(b []byte) []byte { return b[:chunkAt(2)+1000] }, 200, 1, 200,
			"evtx: chunk at offset 135168 (0x21000) skipped: file ends inside the chunk (1000 of 65536 bytes): it was cut short"},
		{"cut after the second chunk", func(b []byte) []byte { return b[:chunkAt(2)] }, 200, 1, 200, ""},
		{"zeros after the last chunk", func(b []byte) []byte { return append(b, make([]byte, 3*evtx.ChunkSize+100)...) }, 300, 1, 300, ""},
		{"a zero chunk between", func(b []byte) []byte {
			clear(b[chunkAt(1):chunkAt(2)])
			return b
		}, 200, 1, 300, ""},
		{"wrong records checksum in the second chunk", func(b []byte) []byte {
			b[chunkAt(1)+2000] ^= 0xff
			return b
		}, 200, 1, 300, "evtx: chunk at offset 69632 (0x11000) skipped: event records checksum 0x"},
		{"wrong header checksum in the second chunk", func(b []byte) []byte {
			b[chunkAt(1)+60] ^= 0xff
			return b
		}, 200, 1, 300, "evtx: chunk at offset 69632 (0x11000) skipped: chunk header checksum 0x"},
		{"no chunk signature", func(b []byte) []byte {
			b[chunkAt(1)] = 'X'
			return b
		}, 200, 1, 300, "evtx: chunk at offset 69632 (0x11000) skipped: no ElfChnk signature"},
		{"record size past its chunk", func(b []byte) []byte {
			p := recordOffset(b, 0, 4)
			le.PutUint32(b[p+4:], 70000)
			fixChecksums(b, 0)
			return b
		}, 204, 1, 300, "evtx: chunk at offset REC4 (0xREC4X) skipped: record size 70000 at chunk offset"},
		{"record size 4 GB", func(b []byte) []byte {
			p := recordOffset(b, 0, 4)
			le.PutUint32(b[p+4:], 0xffffffff)
			fixChecksums(b, 0)
			return b
		}, 204, 1, 300, "record size 4294967295"},
		{"free space offset 4 GB", func(b []byte) []byte {
			le.PutUint32(b[chunkAt(0)+48:], 0xffffffff)
			fixChecksums(b, 0)
			return b
		}, 200, 101, 300, "free space offset 4294967295 outside the chunk"},
		{"file header checksum", func(b []byte) []byte {
			b[100] = 1
			return b
		}, 300, 1, 300, ""}, // nothing is skipped: Header().ChecksumOK says it (TestHeaderChecksum)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.damage(bytes.Clone(file))
			recs, r := readAll(t, b)
			if len(recs) != tt.records || recs[0].ID != tt.firstID || recs[len(recs)-1].ID != tt.lastID {
				t.Fatalf("%d records, ids %d..%d; want %d, %d..%d", len(recs), recs[0].ID, recs[len(recs)-1].ID, tt.records, tt.firstID, tt.lastID)
			}
			want := tt.skipped
			if strings.Contains(want, "REC4") {
				p := recordOffset(file, 0, 4)
				want = strings.NewReplacer("REC4X", strconv.FormatInt(int64(p), 16), "REC4", strconv.Itoa(p)).Replace(want)
			}
			if got := skipped(r); (want == "") != (got == "") || !strings.Contains(got, want) {
				t.Fatalf("Skipped=%q, want %q", got, want)
			}
			if tt.name == "file header checksum" && r.Header().ChecksumOK {
				t.Errorf("Header().ChecksumOK after a changed header byte")
			}
			if want := (len(b) - evtx.FileHeaderSize) / evtx.ChunkSize; r.Chunks() != want {
				t.Errorf("Chunks() = %d, want the file's %d whole ones", r.Chunks(), want)
			}
		})
	}
}

// recordOffset returns the file offset of record n (from 0) of chunk i.
func recordOffset(b []byte, i, n int) int {
	p := chunkAt(i) + 512
	for range n {
		p += int(binary.LittleEndian.Uint32(b[p+4:]))
	}
	return p
}

func TestTruncatedHeader(t *testing.T) {
	file := writeFile(t, evtxtest.Options{}, manyEvents(3))
	_, err := evtx.NewReader(bytes.NewReader(file[:2000]))
	if err == nil || err.Error() != "evtx: file ends inside the file header (2000 of 4096 bytes): unexpected EOF" {
		t.Fatalf("error=%v", err)
	}
}

// A dirty file (the log copied while open) is read as Windows leaves it:
// the newest chunk's header of an earlier flush (its records past the
// free-space offset are read), and a chunk whose checksums fail read
// record by record instead of skipped.
func TestDirtyNewestChunk(t *testing.T) {
	file := writeFile(t, evtxtest.Options{Dirty: true, ChunkRecords: 100}, manyEvents(300))
	recs, r := readAll(t, file)
	if len(recs) != 300 || len(r.Skipped()) != 0 || len(r.Unchecked()) != 1 || !errors.Is(r.Unchecked()[0].Err, evtx.ErrStaleHeader) {
		t.Fatalf("%d records, skipped %v, unchecked %v; want 300, none, the last chunk's stale header", len(recs), r.Skipped(), r.Unchecked())
	}
	bad := bytes.Clone(file)
	bad[chunkAt(2)+3000] ^= 0x01 // a record's byte: the chunk's checksum fails
	recs, r = readAll(t, bad)
	if len(recs) < 299 || len(r.Unchecked()) == 0 || errors.Is(r.Unchecked()[0].Err, evtx.ErrStaleHeader) {
		t.Fatalf("%d records, unchecked %v; want 299 or 300, read without the checksum", len(recs), r.Unchecked())
	}
	if u := r.Unchecked(); len(u) != 1 || u[0].Offset != int64(chunkAt(2)) {
		t.Fatalf("unchecked %v; want the newest chunk at %d alone", u, chunkAt(2))
	}
	// The byte lies in a record's payload: every record still decodes.
	if len(recs) != 300 || len(r.Skipped()) != 0 {
		t.Fatalf("%d records, skipped %v; want all 300, none skipped", len(recs), r.Skipped())
	}
	clean := writeFile(t, evtxtest.Options{ChunkRecords: 100}, manyEvents(300))
	clean[chunkAt(2)+3000] ^= 0x01
	if recs, r := readAll(t, clean); len(recs) != 200 || len(r.Skipped()) != 1 {
		t.Fatalf("a file that is not dirty: %d records, skipped %v; want the chunk skipped", len(recs), r.Skipped())
	}
}

package evtx_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

// FuzzReader checks that no input makes the Reader panic, loop or return
// more records than fit in the input.
func FuzzReader(f *testing.F) {
	f.Add(writeFile(f, evtxtest.Options{}, manyEvents(3)))
	f.Add(writeFile(f, evtxtest.Options{Dirty: true, ChunkRecords: 2}, manyEvents(5)))
	small := writeFile(f, evtxtest.Options{}, manyEvents(1))
	f.Add(small[:4096+1024]) // cut: the fuzzer mutates the first records
	f.Add([]byte("ElfFile\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := evtx.NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 0
		for {
			rec, err := r.Next()
			if err != nil {
				break
			}
			if rec.Offset < evtx.FileHeaderSize || rec.Offset >= int64(len(b)) {
				t.Fatalf("record offset %d outside the input of %d bytes", rec.Offset, len(b))
			}
			if n++; n > len(b)/28 {
				t.Fatalf("%d records from %d bytes", n, len(b))
			}
		}
	})
}

// FuzzChunkRecords fuzzes the records of a chunk behind valid checksums:
// FuzzReader's mutations mostly break a checksum, and the chunk is then
// skipped before its Binary XML is decoded. Here every input is decoded:
// no panic, no loop, no record outside the chunk's records.
func FuzzChunkRecords(f *testing.F) {
	file := writeFile(f, evtxtest.Options{}, manyEvents(3))
	le := binary.LittleEndian
	c := file[chunkAt(0) : chunkAt(0)+evtx.ChunkSize]
	f.Add(bytes.Clone(c[evtx.ChunkHeaderSize:le.Uint32(c[48:])]))
	f.Fuzz(func(t *testing.T, recs []byte) {
		if len(recs) > evtx.ChunkSize-evtx.ChunkHeaderSize {
			return
		}
		b := bytes.Clone(file[:chunkAt(1)])
		c := b[chunkAt(0):]
		clear(c[evtx.ChunkHeaderSize:])
		copy(c[evtx.ChunkHeaderSize:], recs)
		le.PutUint32(c[48:], uint32(evtx.ChunkHeaderSize+len(recs)))
		fixChecksums(b, 0)
		r, err := evtx.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; ; n++ {
			rec, err := r.Next()
			if err != nil {
				break
			}
			if end := int64(chunkAt(0) + evtx.ChunkHeaderSize + len(recs)); rec.Offset < int64(chunkAt(0)+evtx.ChunkHeaderSize) || rec.Offset >= end {
				t.Fatalf("record at %d, outside the chunk's records", rec.Offset)
			}
			if n > len(recs)/28 {
				t.Fatalf("%d records from %d bytes", n, len(recs))
			}
		}
	})
}

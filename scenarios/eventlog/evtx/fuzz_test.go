package evtx_test

import (
	"bytes"
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

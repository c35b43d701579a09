package evtx_test

import (
	"encoding/binary"
	"io"
	"testing"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

// repeater is an EVTX file of size bytes made on the fly: the header and
// chunks of a small file, repeated with the record ids moved on and the
// checksums made anew, so that no disk is needed.
type repeater struct {
	hdr     []byte
	chunks  [][]byte // the chunks of the small file
	nrec    uint64   // records in the small file
	size    int64
	pos     int64
	cur     []byte // the chunk being served
	curAt   int64
	n       int // chunks served
	scratch []byte
}

func newRepeater(b testing.TB, size int64) *repeater {
	file := writeFile(b, evtxtest.Options{}, manyEvents(1000))
	r := &repeater{hdr: file[:evtx.FileHeaderSize], nrec: 1000, size: size, scratch: make([]byte, evtx.ChunkSize)}
	for p := evtx.FileHeaderSize; p < len(file); p += evtx.ChunkSize {
		r.chunks = append(r.chunks, file[p:p+evtx.ChunkSize])
	}
	return r
}

func (r *repeater) Read(p []byte) (int, error) {
	if r.pos >= r.size {
		return 0, io.EOF
	}
	if r.pos < evtx.FileHeaderSize {
		n := copy(p, r.hdr[r.pos:])
		r.pos += int64(n)
		return n, nil
	}
	if r.cur == nil || r.pos >= r.curAt+evtx.ChunkSize {
		r.next()
	}
	n := copy(p, r.cur[r.pos-r.curAt:])
	n = int(min(int64(n), r.size-r.pos))
	r.pos += int64(n)
	return n, nil
}

// next makes the next chunk: a copy of one of the small file's with its
// record ids moved on by the records of the copies before.
func (r *repeater) next() {
	src := r.chunks[r.n%len(r.chunks)]
	shift := uint64(r.n/len(r.chunks)) * r.nrec
	c := r.scratch
	copy(c, src)
	le := binary.LittleEndian
	le.PutUint64(c[24:], le.Uint64(c[24:])+shift)
	le.PutUint64(c[32:], le.Uint64(c[32:])+shift)
	free := int(le.Uint32(c[48:]))
	for p := evtx.ChunkHeaderSize; p+24 <= free; {
		le.PutUint64(c[p+8:], le.Uint64(c[p+8:])+shift)
		p += int(le.Uint32(c[p+4:]))
	}
	evtxtest.SealChunk(c)
	r.cur, r.curAt = c, evtx.FileHeaderSize+int64(r.n)*evtx.ChunkSize
	r.n++
}

// BenchmarkRead1GB reads an EVTX file of 1 GiB of chunks of KMS and System events
// per operation. Run it with -benchtime=1x.
func BenchmarkRead1GB(b *testing.B) {
	const size = evtx.FileHeaderSize + 1<<30 // 16384 chunks
	b.SetBytes(size)
	b.ReportAllocs()
	var records int
	for range b.N {
		r, err := evtx.NewReader(newRepeater(b, size))
		if err != nil {
			b.Fatal(err)
		}
		var last uint64
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if rec.ID != last+1 {
				b.Fatalf("record id %d after %d", rec.ID, last)
			}
			last = rec.ID
			records++
		}
		if r.SkippedCount() != 0 {
			b.Fatalf("skipped %v", r.Skipped()[0])
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

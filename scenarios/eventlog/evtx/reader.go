// Package evtx reads Windows EVTX event log files: the .evtx files under
// %SystemRoot%\System32\winevt\Logs, the output of wevtutil epl, and Event
// Viewer's "Save All Events As" default type.
//
// The format is described by Joachim Metz's "Windows XML Event Log (EVTX)"
// (libevtx) and implemented by Willi Ballenthin's python-evtx. A file is a
// 4096-byte header and 64 KiB chunks; each chunk holds event records whose
// XML is stored as Binary XML with templates, names and template
// definitions shared inside the chunk. A Reader holds one chunk at a time
// and extracts from each record what a reader of event logs needs: the
// System fields and the insertion strings.
package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Record is one event record of an EVTX file, as far as a reader of event
// logs needs it.
type Record struct {
	Offset   int64     // file offset of the record, for messages
	ID       uint64    // event record id of the record header
	Written  time.Time // the record header's time, UTC
	EventID  int       // System/EventID (without Qualifiers)
	Time     time.Time // System/TimeCreated/@SystemTime, UTC
	Computer string    // System/Computer
	Channel  string    // System/Channel
	Provider string    // System/Provider/@Name

	// Data holds the insertion strings: the text of each EventData/Data
	// element in order or, for events with UserData, of each leaf element
	// under UserData's child. Values are rendered as Windows renders
	// them in XML: integers in decimal, HexInt32/64 as 0x… in lower case,
	// GUIDs as {…} in upper case, FILETIME and SYSTEMTIME as
	// 2006-01-02T15:04:05.0000000Z, binary as upper-case hex, SIDs as
	// S-1-…; the items of an array are joined with ", ".
	Data []string
}

// MaxSkipped is the number of ChunkErrors a Reader keeps for Skipped; it
// counts the ones past it in SkippedCount.
const MaxSkipped = 1000

// Reader reads the event records of an EVTX file in file order, one
// chunk of 64 KiB at a time. It reads every chunk present until the end
// of the input, whatever the file header's chunk count says, as the
// header of a log that is still open (dirty) is out of date. Chunks that
// are all zero (allocated, never used) are passed over silently; corrupt
// chunks and records are skipped and reported by Skipped.
type Reader struct {
	r       io.Reader
	hdr     FileHeader
	chunk   []byte
	off     int64 // file offset of chunk
	next    int   // chunk offset of the next record; 0: no chunk loaded
	free    int   // chunk offset of the chunk's free space
	done    bool
	err     error // sticky read error
	skipped []ChunkError
	nskip   int
	chunks  int // whole chunks met, read or skipped
	// unchecked are the chunks of a dirty file read without their
	// checksums; scanning is set while one is read.
	unchecked []ChunkError
	scanning  bool
	lastID    uint64 // the id of the chunk's last record read, 0 before one
	rec       Record
	dec       decoder
}

// NewReader reads and checks the file header of the EVTX file r and
// returns a Reader positioned at its first record. It returns ErrNotEVTX
// (possibly wrapped) for input that is not an EVTX file. A wrong header
// checksum is not an error (the header is not needed to read the
// records): Header().ChecksumOK reports it.
func NewReader(r io.Reader) (*Reader, error) {
	buf := make([]byte, ChunkSize)
	n, err := io.ReadFull(r, buf[:FileHeaderSize])
	if err != nil {
		if IsEVTX(buf[:n]) {
			return nil, fmt.Errorf("evtx: file ends inside the file header (%d of %d bytes): %w", n, FileHeaderSize, err)
		}
		if n < len(fileMagic) && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("evtx: cannot read file header: %w", err)
		}
		return nil, ErrNotEVTX
	}
	h, err := parseFileHeader(buf[:FileHeaderSize])
	if err != nil {
		return nil, err
	}
	rd := &Reader{r: r, hdr: h, chunk: buf, off: FileHeaderSize - ChunkSize}
	rd.dec.init()
	return rd, nil
}

// Header returns the file header.
func (rd *Reader) Header() FileHeader { return rd.hdr }

// Chunks returns the number of whole chunks met so far, read or skipped:
// at the end, fewer than the header's ChunkCount means the file was cut
// short (a dirty header may count fewer than there are, never more).
func (rd *Reader) Chunks() int { return rd.chunks }

// Unchecked returns the chunks of a dirty file (the log copied while
// open) whose checksums or free-space offset do not hold, and whose
// records were read all the same, each as its own signature and sizes
// say: Windows writes records into the newest chunk before it updates the
// chunk's header. A chunk of a file that is not dirty is skipped instead.
func (rd *Reader) Unchecked() []ChunkError { return rd.unchecked }

// Skipped returns the parts of the file skipped so far, in file order,
// at most MaxSkipped of them.
func (rd *Reader) Skipped() []ChunkError { return rd.skipped }

// SkippedCount returns the number of parts skipped so far, including
// those past MaxSkipped.
func (rd *Reader) SkippedCount() int { return rd.nskip }

func (rd *Reader) skip(e ChunkError) {
	rd.nskip++
	if len(rd.skipped) < MaxSkipped {
		rd.skipped = append(rd.skipped, e)
	}
}

// Next returns the next event record. At the end of the input it returns
// io.EOF; an error reading the input is returned wrapped. The returned
// Record, and its Data slice, are reused by the next call to Next: copy
// what must outlive it (the strings themselves stay valid).
func (rd *Reader) Next() (*Record, error) {
	for {
		if rd.next == 0 {
			if err := rd.loadChunk(); err != nil {
				return nil, err
			}
			continue
		}
		if rd.next+24 > rd.free {
			if !rd.beyondFree() {
				rd.next = 0
			}
			continue
		}
		p := rd.next
		c := rd.chunk
		le := binary.LittleEndian
		if le.Uint32(c[p:]) != 0x00002a2a {
			if rd.scanning {
				rd.next = 0 // the end of the records Windows wrote
				continue
			}
			rd.skipRest(p, fmt.Errorf("no record signature at chunk offset %d", p))
			continue
		}
		size := int(le.Uint32(c[p+4:]))
		if size < 28 || size > rd.free-p {
			rd.skipRest(p, fmt.Errorf("record size %d at chunk offset %d runs past the chunk's records (which end at %d)", size, p, rd.free))
			continue
		}
		if copySize := int(le.Uint32(c[p+size-4:])); copySize != size {
			rd.skipRest(p, fmt.Errorf("record size %d at chunk offset %d does not match its copy %d", size, p, copySize))
			continue
		}
		if rd.dec.chunkSteps > maxChunkSteps {
			rd.skipRest(p, fmt.Errorf("the chunk's records cost more than %d steps to decode (templates that include each other?)", maxChunkSteps))
			continue
		}
		rd.next = p + size
		rd.lastID = le.Uint64(c[p+8:])
		rec := &rd.rec
		*rec = Record{Data: rec.Data[:0], Offset: rd.off + int64(p), ID: le.Uint64(c[p+8:]), Written: filetime(le.Uint64(c[p+16:]))}
		if err := rd.dec.record(c, p+24, p+size-4, rec); err != nil {
			rd.skip(ChunkError{Offset: rec.Offset, Record: true, Err: fmt.Errorf("record %d: %w", rec.ID, err)})
			continue
		}
		return rec, nil
	}
}

// ErrStaleHeader marks the chunks of Unchecked whose header is of an
// earlier flush than their records, as Windows leaves the newest chunk of
// an open log: their checksums hold for what the header covers.
var ErrStaleHeader = errors.New("the chunk's header is older than its records")

// beyondFree reports whether the records of the chunk go on past its
// free-space offset, and if so reads on to the chunk's end: in a dirty
// file (the log copied while open), the newest chunk's header may be of
// an earlier flush, and the records Windows wrote since lie beyond it.
// They go on when a record starts there whose id follows the last one's.
func (rd *Reader) beyondFree() bool {
	p := rd.next
	if !rd.hdr.Dirty() || rd.scanning || rd.lastID == 0 || p+28 > len(rd.chunk) {
		return false
	}
	le := binary.LittleEndian
	if le.Uint32(rd.chunk[p:]) != 0x00002a2a || le.Uint64(rd.chunk[p+8:]) != rd.lastID+1 {
		return false
	}
	rd.unchecked = append(rd.unchecked, ChunkError{Offset: rd.off, Err: fmt.Errorf("%w: records past its free-space offset %d", ErrStaleHeader, rd.free)})
	rd.free, rd.scanning = len(rd.chunk), true
	return true
}

// skipRest gives up on the rest of the current chunk.
func (rd *Reader) skipRest(p int, err error) {
	rd.skip(ChunkError{Offset: rd.off + int64(p), Err: err})
	rd.next = 0
}

// loadChunk reads the next chunk that can be read, or returns io.EOF or a
// read error.
func (rd *Reader) loadChunk() error {
	if rd.done {
		return rd.err
	}
	rd.off += ChunkSize
	n, err := io.ReadFull(rd.r, rd.chunk)
	switch {
	case err == io.EOF:
		rd.done, rd.err = true, io.EOF
		return io.EOF
	case err == io.ErrUnexpectedEOF:
		rd.done, rd.err = true, io.EOF
		if !allZero(rd.chunk[:n]) {
			rd.skip(ChunkError{Offset: rd.off, Err: fmt.Errorf("file ends inside the chunk (%d of %d bytes): it was cut short", n, ChunkSize)})
		}
		return io.EOF
	case err != nil:
		rd.done, rd.err = true, fmt.Errorf("evtx: cannot read chunk at offset %d: %w", rd.off, err)
		return rd.err
	}
	rd.chunks++
	rd.scanning, rd.lastID = false, 0
	free, cerr := checkChunk(rd.chunk)
	switch {
	case cerr == nil:
	case rd.hdr.Dirty() && bytes.HasPrefix(rd.chunk, chunkMagic):
		// A log copied while open: Windows writes records into its
		// newest chunk before it updates the chunk's header, so the
		// free-space offset and checksums may not cover the newest
		// records. Each record is read as its own sizes and signature
		// say, to the first place that holds none.
		rd.unchecked = append(rd.unchecked, ChunkError{Offset: rd.off, Err: cerr})
		free, rd.scanning = ChunkSize, true
	default:
		if !allZero(rd.chunk) {
			first, last := chunkIDs(rd.chunk)
			rd.skip(ChunkError{Offset: rd.off, Err: cerr, FirstID: first, LastID: last})
		}
		return nil // next == 0: Next loads the following chunk
	}
	rd.free, rd.next = free, ChunkHeaderSize
	rd.dec.newChunk()
	return nil
}

// filetime converts a FILETIME (100 ns since 1601-01-01 UTC) to a time.
func filetime(ft uint64) time.Time {
	const unixEpoch = 116444736000000000 // 1970-01-01 in FILETIME
	t := int64(ft - unixEpoch)
	if ft < unixEpoch {
		t = -int64(unixEpoch - ft)
	}
	return time.Unix(t/1e7, t%1e7*100).UTC()
}

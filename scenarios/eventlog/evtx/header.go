package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// The sizes of an EVTX file's parts. A file is a 4096-byte file header
// followed by chunks of 64 KiB; each chunk is a 512-byte chunk header
// followed by event records.
const (
	FileHeaderSize  = 4096
	ChunkSize       = 65536
	ChunkHeaderSize = 512
)

var (
	fileMagic  = []byte("ElfFile\x00")
	chunkMagic = []byte("ElfChnk\x00")
)

// The flags of the file header.
const (
	FlagDirty = 0x1 // the log was open (or not closed cleanly) when copied
	FlagFull  = 0x2 // the log reached its maximum size
)

// ErrNotEVTX is returned by NewReader for input that does not begin with
// an EVTX file header.
var ErrNotEVTX = errors.New("evtx: not an EVTX file (no ElfFile signature)")

// FileHeader is the file header of an EVTX file. Windows updates it
// lazily: in a dirty file (Flags&FlagDirty) ChunkCount, LastChunk and
// NextRecordID may describe an earlier state of the log.
type FileHeader struct {
	FirstChunk   uint64 // number of the oldest chunk
	LastChunk    uint64 // number of the chunk written last
	NextRecordID uint64 // the event record id the next record will get
	MajorVersion uint16 // 3
	MinorVersion uint16 // 1 or 2
	ChunkCount   uint16
	Flags        uint32 // FlagDirty, FlagFull
	ChecksumOK   bool   // the CRC32 of the first 120 bytes matched
}

// Dirty reports whether the header is marked dirty.
func (h FileHeader) Dirty() bool { return h.Flags&FlagDirty != 0 }

// Full reports whether the header is marked full.
func (h FileHeader) Full() bool { return h.Flags&FlagFull != 0 }

// IsEVTX reports whether head, the first bytes of a file, begins with the
// EVTX file signature "ElfFile\x00". Eight bytes are enough.
func IsEVTX(head []byte) bool { return bytes.HasPrefix(head, fileMagic) }

// parseFileHeader decodes the first FileHeaderSize bytes of a file.
func parseFileHeader(b []byte) (FileHeader, error) {
	if len(b) < FileHeaderSize || !IsEVTX(b) {
		return FileHeader{}, ErrNotEVTX
	}
	le := binary.LittleEndian
	h := FileHeader{
		FirstChunk:   le.Uint64(b[8:]),
		LastChunk:    le.Uint64(b[16:]),
		NextRecordID: le.Uint64(b[24:]),
		MinorVersion: le.Uint16(b[36:]),
		MajorVersion: le.Uint16(b[38:]),
		ChunkCount:   le.Uint16(b[42:]),
		Flags:        le.Uint32(b[120:]),
	}
	h.ChecksumOK = crc32.ChecksumIEEE(b[:120]) == le.Uint32(b[124:])
	if h.MajorVersion != 3 {
		return h, fmt.Errorf("evtx: unsupported format version %d.%d", h.MajorVersion, h.MinorVersion)
	}
	if bs := le.Uint16(b[40:]); bs != FileHeaderSize {
		return h, fmt.Errorf("evtx: file header block size %d, want %d", bs, FileHeaderSize)
	}
	return h, nil
}

// ChunkError is a part of a file the Reader could not read and skipped:
// a whole chunk, or one event record of it.
type ChunkError struct {
	Offset int64 // file offset of the chunk or the record
	Record bool  // the error is about one record (the chunk's other records were read)
	Err    error
	// FirstID and LastID are the identifiers of a skipped chunk's first
	// and last event records, as its header, whose checksum holds, says;
	// 0 when it cannot say.
	FirstID, LastID uint64
}

func (e ChunkError) Error() string {
	what := "chunk"
	if e.Record {
		what = "record"
	}
	return fmt.Sprintf("evtx: %s at offset %d (0x%x) skipped: %v", what, e.Offset, e.Offset, e.Err)
}

func (e ChunkError) Unwrap() error { return e.Err }

// checkChunk validates a chunk's header and checksums. It returns the
// offset of the chunk's free space, where its records end.
func checkChunk(c []byte) (free int, err error) {
	if !bytes.HasPrefix(c, chunkMagic) {
		return 0, errors.New("no ElfChnk signature")
	}
	le := binary.LittleEndian
	if sum, want := crcChunkHeader(c), le.Uint32(c[124:]); sum != want {
		return 0, fmt.Errorf("chunk header checksum 0x%08x, want 0x%08x", sum, want)
	}
	free = int(le.Uint32(c[48:]))
	if free < ChunkHeaderSize || free > len(c) {
		return 0, fmt.Errorf("free space offset %d outside the chunk", free)
	}
	if sum, want := crc32.ChecksumIEEE(c[ChunkHeaderSize:free]), le.Uint32(c[52:]); sum != want {
		return 0, fmt.Errorf("event records checksum 0x%08x, want 0x%08x", sum, want)
	}
	return free, nil
}

// chunkIDs returns the identifiers of the first and last event records
// of chunk c, as its header says, or 0, 0 when the header cannot be
// trusted: no signature, a header checksum that does not hold, or ids out
// of order.
func chunkIDs(c []byte) (first, last uint64) {
	le := binary.LittleEndian
	if !bytes.HasPrefix(c, chunkMagic) || crcChunkHeader(c) != le.Uint32(c[124:]) {
		return 0, 0
	}
	first, last = le.Uint64(c[24:]), le.Uint64(c[32:])
	if first == 0 || last < first {
		return 0, 0
	}
	return first, last
}

// allZero reports whether b holds only zero bytes: a chunk Windows has
// allocated but not yet used.
func allZero(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// crcChunkHeader is the checksum of a chunk header: bytes 0–120 and
// 128–512.
func crcChunkHeader(c []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(c[:120]), crc32.IEEETable, c[128:ChunkHeaderSize])
}

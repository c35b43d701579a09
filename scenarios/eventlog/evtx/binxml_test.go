package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
	"time"
)

// bx builds Binary XML at a known chunk offset.
type bx struct {
	b    []byte
	base int // chunk offset of b[0]
}

func (x *bx) pos() int            { return x.base + len(x.b) }
func (x *bx) raw(b ...byte) *bx   { x.b = append(x.b, b...); return x }
func (x *bx) u16(v uint16) *bx    { x.b = binary.LittleEndian.AppendUint16(x.b, v); return x }
func (x *bx) u32(v uint32) *bx    { x.b = binary.LittleEndian.AppendUint32(x.b, v); return x }
func (x *bx) fragmentHeader() *bx { return x.raw(0x0f, 1, 1, 0) }

// name appends a name offset and, if off is where it is, the name.
func (x *bx) name(s string, off int) *bx {
	inline := off < 0
	if inline {
		off = x.pos() + 4
	}
	x.u32(uint32(off))
	if inline {
		x.u32(0).u16(0).u16(uint16(len(s)))
		for _, c := range s {
			x.u16(uint16(c))
		}
		x.u16(0)
	}
	return x
}

// open appends an element start without attributes.
func (x *bx) open(s string, off int) *bx {
	x.raw(0x01).u16(0xffff).u32(0)
	return x.name(s, off)
}

// chunk lays records out in a chunk with valid header and checksums;
// each record's Binary XML is made by a function given its chunk offset.
func chunk(records ...func(base int) []byte) []byte {
	c := make([]byte, 512, ChunkSize)
	copy(c, "ElfChnk\x00")
	for i, rec := range records {
		p := len(c)
		b := rec(p + 24)
		size := 24 + len(b) + 4
		c = binary.LittleEndian.AppendUint32(c, 0x2a2a)
		c = binary.LittleEndian.AppendUint32(c, uint32(size))
		c = binary.LittleEndian.AppendUint64(c, uint64(i+1))
		c = binary.LittleEndian.AppendUint64(c, 0)
		c = append(c, b...)
		c = binary.LittleEndian.AppendUint32(c, uint32(size))
	}
	free := len(c)
	c = c[:ChunkSize]
	le := binary.LittleEndian
	le.PutUint32(c[48:], uint32(free))
	le.PutUint32(c[52:], crc32.ChecksumIEEE(c[512:free]))
	le.PutUint32(c[124:], crcChunkHeader(c))
	return c
}

// file is a file header followed by chunks.
func file(chunks ...[]byte) []byte {
	h := make([]byte, FileHeaderSize)
	copy(h, "ElfFile\x00")
	le := binary.LittleEndian
	le.PutUint16(h[36:], 1)
	le.PutUint16(h[38:], 3)
	le.PutUint16(h[40:], FileHeaderSize)
	le.PutUint16(h[42:], uint16(len(chunks)))
	le.PutUint32(h[124:], crc32.ChecksumIEEE(h[:120]))
	for _, c := range chunks {
		h = append(h, c...)
	}
	return h
}

// simple is a record <Event><System><EventID>7</EventID></System></Event>.
func simple(base int) []byte {
	x := &bx{base: base}
	x.fragmentHeader().open("Event", -1).raw(0x02).open("System", -1).raw(0x02).open("EventID", -1).raw(0x02)
	x.raw(0x05, 0x01).u16(1).u16('7').raw(0x04, 0x04, 0x04, 0x00)
	return x.b
}

// readFile reads all records of b, returning their EventIDs and the
// skipped parts.
func readFile(t *testing.T, b []byte) ([]int, []ChunkError) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	for {
		rec, err := r.Next()
		if err != nil {
			return ids, r.Skipped()
		}
		ids = append(ids, rec.EventID)
	}
}

func TestHostileBinaryXML(t *testing.T) {
	tests := []struct {
		name string
		rec  func(base int) []byte
		err  string
	}{
		{"template that includes itself", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader()
			x.raw(0x0c, 1).u32(1)
			def := x.pos() + 4
			x.u32(uint32(def))
			x.u32(0).raw(make([]byte, 16)...)
			sizeAt := len(x.b)
			x.u32(0)
			x.fragmentHeader().raw(0x0c, 1).u32(1).u32(uint32(def)).u32(0).raw(0x00)
			binary.LittleEndian.PutUint32(x.b[sizeAt:], uint32(len(x.b)-sizeAt-4))
			x.u32(0).raw(0x00)
			return x.b
		}, "nested more than 64 deep"},
		{"templates that include each other", func(base int) []byte {
			// Template A is defined in place and includes B at A+100, which
			// includes A.
			x := &bx{base: base}
			x.fragmentHeader().raw(0x0c, 1).u32(1)
			a := x.pos() + 4
			x.u32(uint32(a)).u32(0).raw(make([]byte, 16)...).u32(200)
			b := a + 24 + 100
			x.fragmentHeader().raw(0x0c, 1).u32(2).u32(uint32(b)).u32(0).raw(0x00)
			for x.pos() < b {
				x.raw(0)
			}
			x.u32(0).raw(make([]byte, 16)...).u32(20)
			x.fragmentHeader().raw(0x0c, 1).u32(1).u32(uint32(a)).u32(0).raw(0x00)
			for x.pos() < a+24+200 {
				x.raw(0)
			}
			x.u32(0).raw(0x00)
			return x.b
		}, "nested more than 64 deep"},
		{"templates that double 30 times", func(base int) []byte {
			// Template i includes template i+1 twice: 2^30 elements.
			const n, defSize = 30, 24 + 4 + 2*14 + 1
			x := &bx{base: base}
			first := x.pos() + 10 + 4 + 1 // after the instance, its values and EOF
			x.fragmentHeader().raw(0x0c, 1).u32(1).u32(uint32(first + 4)).u32(0).raw(0x00)
			for i := range n {
				next := uint32(first + 4 + (i+1)*defSize)
				x.u32(0).raw(make([]byte, 16)...).u32(defSize - 24)
				x.fragmentHeader()
				for range 2 {
					x.raw(0x0c, 1).u32(1).u32(next).u32(0)
				}
				x.raw(0x00)
			}
			x.u32(0).raw(make([]byte, 16)...).u32(4 + 23 + 2)
			x.fragmentHeader().open("E", -1).raw(0x03, 0x00)
			return x.b
		}, "costs more than 65536 steps"},
		{"template size 4 GB", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().raw(0x0c, 1).u32(1)
			x.u32(uint32(x.pos() + 4)).u32(0).raw(make([]byte, 16)...).u32(0xffffffff)
			return x.b
		}, "template definition size 4294967295 runs past the chunk"},
		{"4 G substitution values", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().raw(0x0c, 1).u32(1)
			x.u32(uint32(x.pos() + 4)).u32(0).raw(make([]byte, 16)...).u32(5)
			x.fragmentHeader().raw(0x00)
			x.u32(0xffffffff).raw(0x00)
			return x.b
		}, "4294967295 substitution values do not fit in the record"},
		{"substitution value past the record", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().raw(0x0c, 1).u32(1)
			x.u32(uint32(x.pos() + 4)).u32(0).raw(make([]byte, 16)...).u32(5)
			x.fragmentHeader().raw(0x00)
			x.u32(1).u16(0xffff).raw(0x01, 0).raw(0x00)
			return x.b
		}, "substitution values run past the record by 65534 bytes"},
		{"name offset outside the chunk", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().open("Event", 0x7ffffff0).raw(0x03, 0x00)
			return x.b
		}, "name offset 2147483632 outside the chunk"},
		{"name of 65535 characters", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().raw(0x01).u16(0xffff).u32(0).u32(uint32(x.pos() + 4)).u32(0).u16(0).u16(0xffff)
			return x.b
		}, "name of 65535 characters runs past the chunk"},
		{"unknown token", func(base int) []byte { return []byte{0x0f, 1, 1, 0, 0x1f} }, "unexpected token 0x1f in a fragment"},
		{"cut inside an element", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().open("Event", -1).raw(0x02)
			return x.b
		}, "binary XML runs past its end"},
		{"value past the record", func(base int) []byte {
			x := &bx{base: base}
			x.fragmentHeader().open("Event", -1).raw(0x02, 0x05, 0x01).u16(5000)
			return x.b
		}, "binary XML runs past its end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, skipped := readFile(t, file(chunk(simple, tt.rec, simple)))
			if len(ids) != 2 || ids[0] != 7 || ids[1] != 7 {
				t.Fatalf("EventIDs=%v, want [7 7]", ids)
			}
			if len(skipped) != 1 || !skipped[0].Record || skipped[0].Offset != FileHeaderSize+512+int64(len(simple(0)))+28 ||
				!strings.Contains(skipped[0].Error(), tt.err) {
				t.Fatalf("Skipped=%v, want record 2 at %d: %s", skipped, FileHeaderSize+512+len(simple(0))+28, tt.err)
			}
		})
	}
}

// TestDeep decodes elements nested 10,000 deep, more than a chunk can
// hold, directly.
func TestDeep(t *testing.T) {
	x := &bx{}
	x.fragmentHeader()
	nameOff := -1
	for range 10000 {
		x.raw(0x01).u16(0xffff).u32(0)
		if nameOff < 0 {
			nameOff = x.pos() + 0
			x.name("E", -1)
		} else {
			x.name("E", nameOff)
		}
		x.raw(0x02)
	}
	var d decoder
	d.init()
	var rec Record
	err := d.record(x.b, 0, len(x.b), &rec)
	if !errors.Is(err, errTooDeep) {
		t.Fatalf("error=%v, want %v", err, errTooDeep)
	}
}

func TestValues(t *testing.T) {
	sid := []byte{1, 2, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xf4, 0x01, 0, 0}
	guid := []byte{0xb0, 0x33, 0x3b, 0xe2, 0xc9, 0xc8, 0x2c, 0x47, 0xa5, 0xf9, 0xf2, 0xbd, 0xfe, 0xa0, 0xf1, 0x56}
	ft := binary.LittleEndian.AppendUint64(nil, uint64(time.Date(2025, 11, 30, 14, 3, 22, 441730600, time.UTC).UnixNano()/100+116444736000000000))
	st := []byte{0xea, 0x07, 11, 0, 1, 0, 30, 0, 14, 0, 3, 0, 22, 0, 0x29, 0x00}
	tests := []struct {
		typ  byte
		b    []byte
		want string
	}{
		{typeNull, nil, ""},
		{typeString, []byte{'K', 0, 'M', 0, 'S', 0, 0, 0}, "KMS"},
		{typeString, []byte{0x34, 0xd8, 0x1e, 0xdd}, "𝄞"},
		{typeString, []byte{0x3d, 0xd8, 'x', 0}, "\ufffdx"},
		{typeAnsiString, []byte{'a', 0xe4, 0}, "aä"},
		{typeInt8, []byte{0xff}, "-1"},
		{typeUInt8, []byte{0xff}, "255"},
		{typeInt16, []byte{0xfe, 0xff}, "-2"},
		{typeUInt16, []byte{0x02, 0x30}, "12290"},
		{typeInt32, []byte{0xff, 0xff, 0xff, 0xff}, "-1"},
		{typeUInt32, []byte{0xff, 0xff, 0xff, 0xff}, "4294967295"},
		{typeInt64, bytes.Repeat([]byte{0xff}, 8), "-1"},
		{typeUInt64, bytes.Repeat([]byte{0xff}, 8), "18446744073709551615"},
		{typeReal32, []byte{0, 0, 0xc0, 0x3f}, "1.5"},
		{typeReal64, []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x3f}, "1.5"},
		{typeBool, []byte{1, 0, 0, 0}, "true"},
		{typeBool, []byte{0, 0, 0, 0}, "false"},
		{typeBinary, []byte{0x0a, 0xbc}, "0ABC"},
		{typeGUID, guid, "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}"},
		{typeSizeT, []byte{0x10, 0, 0, 0, 0, 0, 0, 0}, "0x10"},
		{typeFileTime, ft, "2025-11-30T14:03:22.4417306Z"},
		{typeSysTime, st, "2026-11-30T14:03:22.0410000Z"},
		{typeSID, sid, "S-1-5-21-500"},
		{typeHexInt32, []byte{0x05, 0x40, 0x07, 0xc0}, "0xc0074005"},
		{typeHexInt64, []byte{0, 0, 0, 0, 0, 0, 0x80, 0}, "0x80000000000000"},
		{typeArray | typeString, []byte{'a', 0, 0, 0, 'b', 0, 0, 0}, "a, b"},
		{typeArray | typeUInt16, []byte{1, 0, 2, 0}, "1, 2"},
		{typeArray | typeHexInt32, []byte{1, 0, 0, 0, 0xff, 0, 0, 0}, "0x1, 0xff"},
	}
	for _, tt := range tests {
		got, err := appendValue(nil, tt.typ, tt.b)
		if err != nil || string(got) != tt.want {
			t.Errorf("appendValue(0x%02x, % x)=%q, %v; want %q", tt.typ, tt.b, got, err, tt.want)
		}
	}
	bad := []struct {
		typ byte
		b   []byte
	}{
		{typeUInt16, []byte{1}}, {typeGUID, make([]byte, 15)}, {typeSID, []byte{1, 5, 0}}, {0x7f, nil}, {typeFileTime, nil},
	}
	for _, tt := range bad {
		if got, err := appendValue(nil, tt.typ, tt.b); err == nil {
			t.Errorf("appendValue(0x%02x, % x)=%q, want an error", tt.typ, tt.b, got)
		}
	}
	if got := filetime(0); !got.Equal(time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("filetime(0)=%v", got)
	}
}

package evtx

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Value types of substitution values.
const (
	typeNull       = 0x00
	typeString     = 0x01
	typeAnsiString = 0x02
	typeInt8       = 0x03
	typeUInt8      = 0x04
	typeInt16      = 0x05
	typeUInt16     = 0x06
	typeInt32      = 0x07
	typeUInt32     = 0x08
	typeInt64      = 0x09
	typeUInt64     = 0x0a
	typeReal32     = 0x0b
	typeReal64     = 0x0c
	typeBool       = 0x0d
	typeBinary     = 0x0e
	typeGUID       = 0x0f
	typeSizeT      = 0x10
	typeFileTime   = 0x11
	typeSysTime    = 0x12
	typeSID        = 0x13
	typeHexInt32   = 0x14
	typeHexInt64   = 0x15
)

// fixedSize is the size of one value of a type of fixed size, or 0.
var fixedSize = [...]int{
	typeInt8: 1, typeUInt8: 1, typeInt16: 2, typeUInt16: 2, typeInt32: 4, typeUInt32: 4,
	typeInt64: 8, typeUInt64: 8, typeReal32: 4, typeReal64: 8, typeBool: 4,
	typeGUID: 16, typeFileTime: 8, typeSysTime: 16, typeHexInt32: 4, typeHexInt64: 8,
}

const timeLayout = "2006-01-02T15:04:05.0000000Z"

// appendValue appends the XML text of the substitution value b of type
// typ, as Windows renders it.
func appendValue(dst []byte, typ byte, b []byte) ([]byte, error) {
	if typ&typeArray != 0 {
		return appendArray(dst, typ&^typeArray, b)
	}
	le := binary.LittleEndian
	if int(typ) < len(fixedSize) && fixedSize[typ] > 0 {
		if len(b) < fixedSize[typ] {
			return dst, fmt.Errorf("value of type 0x%02x has %d bytes, want %d", typ, len(b), fixedSize[typ])
		}
	}
	switch typ {
	case typeNull:
		return dst, nil
	case typeString:
		return appendUTF16(dst, trimNUL16(b)), nil
	case typeAnsiString:
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		for _, c := range b { // Latin-1, the common case of an ANSI code page
			dst = appendRuneByte(dst, c)
		}
		return dst, nil
	case typeInt8:
		return strconv.AppendInt(dst, int64(int8(b[0])), 10), nil
	case typeUInt8:
		return strconv.AppendUint(dst, uint64(b[0]), 10), nil
	case typeInt16:
		return strconv.AppendInt(dst, int64(int16(le.Uint16(b))), 10), nil
	case typeUInt16:
		return strconv.AppendUint(dst, uint64(le.Uint16(b)), 10), nil
	case typeInt32:
		return strconv.AppendInt(dst, int64(int32(le.Uint32(b))), 10), nil
	case typeUInt32:
		return strconv.AppendUint(dst, uint64(le.Uint32(b)), 10), nil
	case typeInt64:
		return strconv.AppendInt(dst, int64(le.Uint64(b)), 10), nil
	case typeUInt64:
		return strconv.AppendUint(dst, le.Uint64(b), 10), nil
	case typeReal32:
		return strconv.AppendFloat(dst, float64(math.Float32frombits(le.Uint32(b))), 'g', -1, 32), nil
	case typeReal64:
		return strconv.AppendFloat(dst, math.Float64frombits(le.Uint64(b)), 'g', -1, 64), nil
	case typeBool:
		if le.Uint32(b) != 0 {
			return append(dst, "true"...), nil
		}
		return append(dst, "false"...), nil
	case typeBinary, 0x20, 0x23: // binary, EvtHandle, EvtXml
		return appendHexUpper(dst, b), nil
	case typeGUID:
		return appendGUID(dst, b), nil
	case typeSizeT, typeHexInt32, typeHexInt64:
		var n uint64
		switch {
		case len(b) >= 8 && typ != typeHexInt32:
			n = le.Uint64(b)
		case len(b) >= 4:
			n = uint64(le.Uint32(b))
		default:
			return dst, fmt.Errorf("value of type 0x%02x has %d bytes", typ, len(b))
		}
		dst = append(dst, "0x"...)
		return strconv.AppendUint(dst, n, 16), nil
	case typeFileTime, typeSysTime:
		t, _ := timeValue(typ, b)
		return t.AppendFormat(dst, timeLayout), nil
	case typeSID:
		return appendSID(dst, b)
	}
	return dst, fmt.Errorf("unknown value type 0x%02x", typ)
}

// appendArray appends the items of an array value, joined by ", ".
// Arrays of strings hold NUL-terminated strings.
func appendArray(dst []byte, typ byte, b []byte) ([]byte, error) {
	first := true
	sep := func() {
		if !first {
			dst = append(dst, ", "...)
		}
		first = false
	}
	switch {
	case typ == typeString:
		for len(b) >= 2 {
			i := 0
			for i+1 < len(b) && (b[i] != 0 || b[i+1] != 0) {
				i += 2
			}
			sep()
			dst = appendUTF16(dst, b[:i])
			b = b[min(i+2, len(b)):]
		}
		return dst, nil
	case typ == typeAnsiString:
		for len(b) > 0 {
			i := 0
			for i < len(b) && b[i] != 0 {
				i++
			}
			sep()
			for _, c := range b[:i] {
				dst = appendRuneByte(dst, c)
			}
			b = b[min(i+1, len(b)):]
		}
		return dst, nil
	case int(typ) < len(fixedSize) && fixedSize[typ] > 0:
		n := fixedSize[typ]
		for ; len(b) >= n; b = b[n:] {
			sep()
			var err error
			if dst, err = appendValue(dst, typ, b[:n]); err != nil {
				return dst, err
			}
		}
		return dst, nil
	}
	return dst, fmt.Errorf("unsupported array of type 0x%02x", typ)
}

// timeValue decodes a FILETIME or SYSTEMTIME value.
func timeValue(typ byte, b []byte) (time.Time, bool) {
	le := binary.LittleEndian
	switch {
	case typ == typeFileTime && len(b) >= 8:
		return filetime(le.Uint64(b)), true
	case typ == typeSysTime && len(b) >= 16:
		u := func(i int) int { return int(le.Uint16(b[2*i:])) }
		// year, month, day of week, day, hour, minute, second, millisecond
		return time.Date(u(0), time.Month(u(1)), u(3), u(4), u(5), u(6), u(7)*1e6, time.UTC), true
	}
	return time.Time{}, false
}

func appendRuneByte(dst []byte, c byte) []byte {
	if c < 0x80 {
		return append(dst, c)
	}
	return append(dst, 0xc0|c>>6, 0x80|c&0x3f)
}

const hexUpper = "0123456789ABCDEF"

func appendHexUpper(dst, b []byte) []byte {
	for _, c := range b {
		dst = append(dst, hexUpper[c>>4], hexUpper[c&15])
	}
	return dst
}

// appendGUID appends a GUID as {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}; its
// first three fields are little-endian.
func appendGUID(dst, b []byte) []byte {
	dst = append(dst, '{')
	dst = appendHexUpper(dst, []byte{b[3], b[2], b[1], b[0]})
	dst = append(dst, '-')
	dst = appendHexUpper(dst, []byte{b[5], b[4]})
	dst = append(dst, '-')
	dst = appendHexUpper(dst, []byte{b[7], b[6]})
	dst = append(dst, '-')
	dst = appendHexUpper(dst, b[8:10])
	dst = append(dst, '-')
	dst = appendHexUpper(dst, b[10:16])
	return append(dst, '}')
}

// appendSID appends a security identifier as S-R-A-S1-S2-….
func appendSID(dst, b []byte) ([]byte, error) {
	if len(b) < 8 || len(b) < 8+4*int(b[1]) {
		return dst, fmt.Errorf("SID of %d bytes", len(b))
	}
	dst = append(dst, "S-"...)
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	dst = append(dst, '-')
	if auth >= 1<<32 {
		dst = append(dst, "0x"...)
		dst = appendHexUpper(dst, b[2:8])
	} else {
		dst = strconv.AppendUint(dst, auth, 10)
	}
	for i := range int(b[1]) {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10)
	}
	return dst, nil
}

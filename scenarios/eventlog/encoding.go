package eventlog

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is the text encoding an export was written in. Windows tools
// write several (K39): Windows PowerShell 5.1's `>` and Out-File write
// UTF-16LE with a byte order mark, its `-Encoding UTF8` UTF-8 with one,
// PowerShell 7 UTF-8 without, Event Viewer's CSV UTF-8 with one, and
// cmd.exe's redirections the system's ANSI or OEM code page.
type Encoding string

// The encodings the readers take.
const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with BOM"
	UTF16LE     Encoding = "UTF-16LE"
	UTF16BE     Encoding = "UTF-16BE"
	Windows1252 Encoding = "Windows-1252"
)

// decode returns a reader of br's text in UTF-8, without a byte order
// mark, and the encoding it was in. The encoding is told by the byte
// order mark, else by the zero bytes that the ASCII characters of any
// text (digits, commas, tags) have in UTF-16, else by an XML declaration
// that names windows-1252 or ISO-8859-1, else by whether what br holds
// (its buffer's worth) is valid UTF-8. ANSI text, which cmd.exe writes,
// is taken as Windows-1252: the names, GUIDs and numbers kmssim reads are
// ASCII in every code page.
func decode(br *bufio.Reader) (*bufio.Reader, Encoding, error) {
	head, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf}):
		br.Discard(3)
		return br, UTF8BOM, nil
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		br.Discard(2)
		return bufio.NewReaderSize(&utf16Reader{r: br}, 64<<10), UTF16LE, nil
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		br.Discard(2)
		return bufio.NewReaderSize(&utf16Reader{r: br, big: true}, 64<<10), UTF16BE, nil
	}
	switch utf16Order(head) {
	case UTF16LE:
		return bufio.NewReaderSize(&utf16Reader{r: br}, 64<<10), UTF16LE, nil
	case UTF16BE:
		return bufio.NewReaderSize(&utf16Reader{r: br, big: true}, 64<<10), UTF16BE, nil
	}
	if declaresLatin(head) || !validPrefix(head) {
		return bufio.NewReaderSize(&ansiReader{r: br}, 64<<10), Windows1252, nil
	}
	return br, UTF8, nil
}

// utf16Order tells UTF-16 text without a byte order mark by its zero
// bytes: text has no NUL, but each ASCII character in UTF-16 has a zero
// byte, second in little-endian order, first in big-endian. It returns
// UTF16LE, UTF16BE, or "" for neither.
func utf16Order(b []byte) Encoding {
	b = b[:min(len(b), 4096)&^1]
	var even, odd int
	for i := 0; i < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	units := len(b) / 2
	switch {
	case units == 0:
		return ""
	case odd*10 >= units && even*10 < odd:
		return UTF16LE
	case even*10 >= units && odd*10 < even:
		return UTF16BE
	}
	return ""
}

// declaresLatin reports whether b starts with an XML declaration naming
// an 8-bit Western encoding.
func declaresLatin(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return false
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return false
	}
	decl := bytes.ToLower(b[:end])
	return bytes.Contains(decl, []byte("windows-1252")) || bytes.Contains(decl, []byte("iso-8859-1"))
}

// validPrefix reports whether b is valid UTF-8 but for a sequence cut at
// its end.
func validPrefix(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		b = b[n:]
	}
	return true
}

// utf16Reader turns UTF-16 text into UTF-8 as it is read.
type utf16Reader struct {
	r    io.Reader
	big  bool
	raw  [32 << 10]byte
	nraw int    // bytes of raw not yet decoded (an odd byte, a lone high surrogate)
	buf  []byte // holds out, reused
	out  []byte // decoded, not yet returned
	err  error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			if u.nraw > 0 {
				u.out = utf8.AppendRune(u.out[:0], utf8.RuneError) // a cut code unit
				u.nraw = 0
				break
			}
			return 0, u.err
		}
		n, err := u.r.Read(u.raw[u.nraw:])
		u.nraw += n
		u.err = err
		u.decode()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

// decode turns the whole code units of raw into UTF-8 in out, keeping an
// odd byte and a high surrogate whose pair has not come yet.
func (u *utf16Reader) decode() {
	out := u.buf[:0]
	if cap(out) == 0 {
		out = make([]byte, 0, 3*len(u.raw)/2+4)
	}
	b := u.raw[:u.nraw]
	i := 0
	for ; i+1 < len(b); i += 2 {
		c := u.unit(b[i:])
		if utf16.IsSurrogate(rune(c)) && c < 0xdc00 {
			if i+3 >= len(b) {
				if u.err == nil {
					break // wait for the low half
				}
				out = utf8.AppendRune(out, utf8.RuneError)
				continue
			}
			if d := u.unit(b[i+2:]); d >= 0xdc00 && d < 0xe000 {
				out = utf8.AppendRune(out, utf16.DecodeRune(rune(c), rune(d)))
				i += 2
				continue
			}
		}
		out = utf8.AppendRune(out, rune(c)) // a lone surrogate becomes U+FFFD
	}
	u.nraw = copy(u.raw[:], b[i:])
	u.buf, u.out = out, out
}

func (u *utf16Reader) unit(b []byte) uint16 {
	if u.big {
		return uint16(b[0])<<8 | uint16(b[1])
	}
	return uint16(b[1])<<8 | uint16(b[0])
}

// ansiReader turns Windows-1252 text into UTF-8 as it is read.
type ansiReader struct {
	r   io.Reader
	raw [16 << 10]byte
	buf []byte // holds out, reused
	out []byte
}

// cp1252 holds the characters of Windows-1252's bytes 0x80 to 0x9F; the
// others are ISO-8859-1's, the byte's own code point.
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func (a *ansiReader) Read(p []byte) (int, error) {
	for len(a.out) == 0 {
		n, err := a.r.Read(a.raw[:])
		out := a.buf[:0]
		for _, c := range a.raw[:n] {
			switch {
			case c < 0x80:
				out = append(out, c)
			case c < 0xa0:
				out = utf8.AppendRune(out, cp1252[c-0x80])
			default:
				out = utf8.AppendRune(out, rune(c))
			}
		}
		a.buf, a.out = out, out
		if n == 0 && err != nil {
			return 0, err
		}
	}
	n := copy(p, a.out)
	a.out = a.out[n:]
	return n, nil
}

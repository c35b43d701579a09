package evtx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Binary XML tokens. The 0x40 bit of some tokens is a flag: "has
// attributes" on an element start, "more attributes follow" on an
// attribute, "more data follows" on value text.
const (
	tokEOF          = 0x00
	tokOpenStart    = 0x01
	tokCloseStart   = 0x02
	tokCloseEmpty   = 0x03
	tokEnd          = 0x04
	tokValue        = 0x05
	tokAttribute    = 0x06
	tokCDATA        = 0x07
	tokCharRef      = 0x08
	tokEntityRef    = 0x09
	tokPITarget     = 0x0a
	tokPIData       = 0x0b
	tokTemplate     = 0x0c
	tokSubst        = 0x0d
	tokOptSubst     = 0x0e
	tokFragment     = 0x0f
	flagMore        = 0x40
	typeBinXML      = 0x21
	typeArray       = 0x80
	noDependency    = 0xffff
	maxDepth        = 64      // nesting of elements, templates and embedded Binary XML
	maxSteps        = 1 << 16 // tokens and values one record may cost, against template bombs
	maxChunkSteps   = 1 << 20 // and all records of a chunk
	maxInternedStrs = 1 << 14
)

// Element names the decoder looks for.
const (
	nOther = iota
	nEvent
	nSystem
	nProvider
	nEventID
	nTimeCreated
	nComputer
	nChannel
	nEventData
	nUserData
	nData
	nName
	nSystemTime
)

var knownNames = map[string]uint8{
	"Event": nEvent, "System": nSystem, "Provider": nProvider, "EventID": nEventID,
	"TimeCreated": nTimeCreated, "Computer": nComputer, "Channel": nChannel,
	"EventData": nEventData, "UserData": nUserData, "Data": nData,
	"Name": nName, "SystemTime": nSystemTime,
}

var (
	errTruncated = errors.New("binary XML runs past its end")
	errTooDeep   = fmt.Errorf("binary XML nested more than %d deep", maxDepth)
	errTooLong   = fmt.Errorf("binary XML costs more than %d steps (a template that includes itself?)", maxSteps)
)

// name is a name of the chunk's name table, decoded.
type name struct {
	s  string
	id uint8
}

// value is one substitution value of a template instance: its type and
// the chunk offsets of its bytes.
type value struct {
	typ        byte
	start, end int
}

// What the decoder captures the text of.
const (
	capNone = iota
	capEventID
	capComputer
	capChannel
	capData
	capAttrName       // Provider/@Name
	capAttrSystemTime // TimeCreated/@SystemTime
)

// decoder walks the Binary XML of records of one chunk and fills a Record.
type decoder struct {
	c          []byte
	names      map[uint32]name
	intern     map[string]string
	subs       [][]value // per nesting level, reused
	path       [maxDepth + 1]uint8
	depth      int // elements open
	steps      int
	chunkSteps int // steps of the chunk's records so far
	hide       int // > 0: inside an element left out for a null dependency
	rec        *Record

	capture  int    // what text is captured now
	capLevel int    // the depth of the element captured
	text     []byte // the captured text
	timeSet  bool   // SystemTime came as a FILETIME or SYSTEMTIME value
	data     []byte // the insertion strings, one after another
	dataEnds []int
	utf      []byte // scratch for names
}

func (d *decoder) init() {
	d.names = make(map[uint32]name)
	d.intern = make(map[string]string)
}

// newChunk forgets the names of the previous chunk.
func (d *decoder) newChunk() { clear(d.names); d.chunkSteps = 0 }

func (d *decoder) errAt(p int, format string, args ...any) error {
	return fmt.Errorf("chunk offset %d: %s", p, fmt.Sprintf(format, args...))
}

// record decodes the Binary XML of a record in c[p:end] into rec.
func (d *decoder) record(c []byte, p, end int, rec *Record) error {
	d.c, d.rec = c, rec
	d.depth, d.steps, d.hide, d.capture = 0, 0, 0, capNone
	d.data, d.dataEnds, d.timeSet = d.data[:0], d.dataEnds[:0], false
	_, err := d.fragment(p, end, nil, 0)
	d.chunkSteps += d.steps
	if err != nil {
		return err
	}
	if len(d.dataEnds) > 0 {
		s := string(d.data)
		start := 0
		for _, e := range d.dataEnds {
			rec.Data = append(rec.Data, s[start:e])
			start = e
		}
	}
	return nil
}

// fragment decodes a Binary XML fragment (a record's, a template's, or a
// BinXml value's) from p until its end-of-fragment token or end, and
// returns the offset after it.
func (d *decoder) fragment(p, end int, subs []value, level int) (int, error) {
	if level > maxDepth {
		return p, errTooDeep
	}
	for p < end {
		if d.steps++; d.steps > maxSteps {
			return p, errTooLong
		}
		var err error
		switch tok := d.c[p]; tok &^ flagMore {
		case tokEOF:
			return p + 1, nil
		case tokFragment:
			p += 4
		case tokTemplate:
			p, err = d.template(p, end, level)
		case tokOpenStart:
			p, err = d.element(p, end, subs, level)
		default:
			return p, d.errAt(p, "unexpected token 0x%02x in a fragment", tok)
		}
		if err != nil {
			return p, err
		}
	}
	if p > end {
		return p, errTruncated
	}
	return p, nil
}

// template decodes a template instance at p: the template definition (in
// place the first time it is used in the chunk, else at its chunk
// offset) and the substitution values that follow.
func (d *decoder) template(p, end, level int) (int, error) {
	if level >= maxDepth {
		return p, errTooDeep
	}
	if p+10 > end {
		return p, errTruncated
	}
	le := binary.LittleEndian
	def := int(le.Uint32(d.c[p+6:]))
	q := p + 10
	if def+24 > len(d.c) || def < 0 {
		return p, d.errAt(p, "template definition offset %d outside the chunk", def)
	}
	size := int(le.Uint32(d.c[def+20:]))
	body := def + 24
	if size > len(d.c)-body {
		return p, d.errAt(def, "template definition size %d runs past the chunk", size)
	}
	if def == q { // defined here
		q = body + size
		if q > end {
			return p, errTruncated
		}
	}
	// The substitution values: a count, a size and type for each, the values.
	if q+4 > end {
		return p, errTruncated
	}
	n := int(le.Uint32(d.c[q:]))
	q += 4
	if n > (end-q)/4 {
		return p, d.errAt(q-4, "%d substitution values do not fit in the record", n)
	}
	for len(d.subs) <= level {
		d.subs = append(d.subs, nil)
	}
	subs := d.subs[level][:0]
	v := q + 4*n
	for i := range n {
		sz := int(le.Uint16(d.c[q+4*i:]))
		subs = append(subs, value{typ: d.c[q+4*i+2], start: v, end: v + sz})
		v += sz
	}
	if v > end {
		return p, d.errAt(q, "substitution values run past the record by %d bytes", v-end)
	}
	d.subs[level] = subs
	if d.steps += n; d.steps > maxSteps {
		return p, errTooLong
	}
	if _, err := d.fragment(body, body+size, subs, level+1); err != nil {
		return p, err
	}
	return v, nil
}

// nameAt resolves the name at chunk offset off, referred to from the
// token at p whose fixed part ends at q. It returns the offset after the
// token's inline name, if the name is defined there.
func (d *decoder) nameAt(off uint32, q int) (name, int, error) {
	o := int(off)
	skip := q
	nm, ok := d.names[off]
	if o == q || !ok {
		if o+8 > len(d.c) {
			return name{}, q, d.errAt(q, "name offset %d outside the chunk", o)
		}
		n := int(binary.LittleEndian.Uint16(d.c[o+6:]))
		if o+8+2*n+2 > len(d.c) {
			return name{}, q, d.errAt(o, "name of %d characters runs past the chunk", n)
		}
		if o == q {
			skip = o + 8 + 2*n + 2
		}
		if !ok {
			d.utf = appendUTF16(d.utf[:0], d.c[o+8:o+8+2*n])
			nm.id = knownNames[string(d.utf)]
			nm.s = d.internBytes(d.utf)
			d.names[off] = nm
		}
	}
	return nm, skip, nil
}

// internBytes returns b as a string, the same string for the same bytes.
func (d *decoder) internBytes(b []byte) string {
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(d.intern) < maxInternedStrs {
		d.intern[s] = s
	}
	return s
}

// element decodes an element at p, with its attributes and content.
func (d *decoder) element(p, end int, subs []value, level int) (int, error) {
	if d.depth >= maxDepth || level >= maxDepth {
		return p, errTooDeep
	}
	if p+11 > end {
		return p, errTruncated
	}
	le := binary.LittleEndian
	tok := d.c[p]
	dep := int(le.Uint16(d.c[p+1:]))
	nm, q, err := d.nameAt(le.Uint32(d.c[p+7:]), p+11)
	if err != nil {
		return p, err
	}
	if tok&flagMore != 0 {
		q += 4 // size of the attribute list
	}
	hidden := dep != noDependency && dep < len(subs) && isNull(subs[dep])
	if hidden {
		d.hide++
		defer func() { d.hide-- }()
	}
	d.depth++
	d.path[d.depth] = nm.id
	d.open()
	defer func() { d.depth-- }()

	// Attributes, then the end of the start tag.
	for {
		if q >= end {
			return q, errTruncated
		}
		if d.steps++; d.steps > maxSteps {
			return q, errTooLong
		}
		switch t := d.c[q]; t &^ flagMore {
		case tokAttribute:
			if q+5 > end {
				return q, errTruncated
			}
			an, q2, err := d.nameAt(le.Uint32(d.c[q+1:]), q+5)
			if err != nil {
				return q, err
			}
			saved := d.capture
			d.capture = d.attrCapture(an.id)
			if d.capture != capNone {
				d.text = d.text[:0]
			}
			q, err = d.content(q2, end, subs, level, true)
			if err != nil {
				return q, err
			}
			d.attrDone()
			d.capture = saved
		case tokCloseEmpty:
			d.close()
			return q + 1, nil
		case tokCloseStart:
			q, err = d.content(q+1, end, subs, level, false)
			if err != nil {
				return q, err
			}
			d.close()
			return q, nil
		default:
			return q, d.errAt(q, "unexpected token 0x%02x in a start tag", t)
		}
	}
}

// content decodes the content of an element up to and including its end
// token, or the value of an attribute up to the next attribute or the end
// of the start tag.
func (d *decoder) content(p, end int, subs []value, level int, attr bool) (int, error) {
	for {
		if p >= end {
			return p, errTruncated
		}
		if d.steps++; d.steps > maxSteps {
			return p, errTooLong
		}
		var err error
		switch t := d.c[p]; t &^ flagMore {
		case tokEnd:
			if attr {
				return p, d.errAt(p, "end tag inside an attribute")
			}
			return p + 1, nil
		case tokAttribute, tokCloseStart, tokCloseEmpty:
			if !attr {
				return p, d.errAt(p, "unexpected token 0x%02x in element content", t)
			}
			return p, nil
		case tokOpenStart:
			if attr {
				return p, d.errAt(p, "element inside an attribute")
			}
			p, err = d.element(p, end, subs, level)
		case tokTemplate:
			if attr {
				return p, d.errAt(p, "template inside an attribute")
			}
			p, err = d.template(p, end, level)
		case tokValue, tokCDATA, tokPIData, tokCharRef, tokEntityRef, tokPITarget:
			p, err = d.literal(p, end, t&^flagMore)
		case tokSubst, tokOptSubst:
			p, err = d.substitution(p, end, subs, level, attr, t&^flagMore)
		default:
			return p, d.errAt(p, "unexpected token 0x%02x in content", t)
		}
		if err != nil {
			return p, err
		}
	}
}

// literal decodes the token t at p, text written in the template itself:
// a value, CDATA, a character or entity reference, or a processing
// instruction, which holds no text of the event. It returns the position
// after the token, or p and an error.
func (d *decoder) literal(p, end int, t byte) (int, error) {
	le := binary.LittleEndian
	switch t {
	case tokValue:
		if p+4 > end {
			return p, errTruncated
		}
		n := int(le.Uint16(d.c[p+2:]))
		if p+4+2*n > end {
			return p, errTruncated
		}
		if d.capturing() {
			d.text = appendUTF16(d.text, d.c[p+4:p+4+2*n])
		}
		return p + 4 + 2*n, nil
	case tokCDATA, tokPIData:
		if p+3 > end {
			return p, errTruncated
		}
		n := int(le.Uint16(d.c[p+1:]))
		if p+3+2*n > end {
			return p, errTruncated
		}
		if t == tokCDATA && d.capturing() {
			d.text = appendUTF16(d.text, trimNUL16(d.c[p+3:p+3+2*n]))
		}
		return p + 3 + 2*n, nil
	case tokCharRef:
		if p+3 > end {
			return p, errTruncated
		}
		if d.capturing() {
			d.text = utf8.AppendRune(d.text, rune(le.Uint16(d.c[p+1:])))
		}
		return p + 3, nil
	default: // tokEntityRef, tokPITarget
		if p+5 > end {
			return p, errTruncated
		}
		nm, q, err := d.nameAt(le.Uint32(d.c[p+1:]), p+5)
		if err != nil {
			return p, err
		}
		if t == tokEntityRef && d.capturing() {
			d.text = appendEntity(d.text, nm.s)
		}
		return q, nil
	}
}

// substitution decodes the substitution token t at p: a value of the
// event's own, from subs, in the template's place. A missing optional
// value is no error, and a BinXML value is a fragment of its own, which
// an attribute does not hold. It returns the position after the token.
func (d *decoder) substitution(p, end int, subs []value, level int, attr bool, t byte) (int, error) {
	if p+4 > end {
		return p, errTruncated
	}
	i := int(binary.LittleEndian.Uint16(d.c[p+1:]))
	p += 4
	if i >= len(subs) {
		if t == tokOptSubst {
			return p, nil
		}
		return p, d.errAt(p-4, "substitution %d of %d", i, len(subs))
	}
	v := subs[i]
	if v.typ == typeBinXML {
		if !attr && v.end > v.start {
			if _, err := d.fragment(v.start, v.end, subs, level+1); err != nil {
				return p, err
			}
		}
		return p, nil
	}
	if d.capturing() {
		return p, d.value(v)
	}
	return p, nil
}

// capturing reports whether text now goes to the record.
func (d *decoder) capturing() bool { return d.capture != capNone && d.hide == 0 }

// value renders a substitution value into the captured text.
func (d *decoder) value(v value) error {
	b := d.c[v.start:v.end]
	if d.capture == capAttrSystemTime {
		if t, ok := timeValue(v.typ, b); ok {
			d.rec.Time, d.timeSet = t, true
			return nil
		}
	}
	var err error
	d.text, err = appendValue(d.text, v.typ, b)
	return err
}

// open notes the start of an element at d.depth and starts capturing its
// text if it is one of the fields of Record.
func (d *decoder) open() {
	if d.hide > 0 {
		return
	}
	l, id := d.depth, d.path[d.depth]
	c := capNone
	switch {
	case l == 3 && d.path[1] == nEvent && d.path[2] == nSystem:
		switch id {
		case nEventID:
			c = capEventID
		case nComputer:
			c = capComputer
		case nChannel:
			c = capChannel
		}
	case l == 3 && d.path[2] == nEventData && id == nData:
		c = capData
	case l >= 4 && d.path[2] == nUserData:
		c = capData // a leaf, unless a child element opens
	}
	if c != capNone || (d.capture != capNone && d.capLevel < l) {
		// A child element ends the capture of its parent: only leaves count.
		d.capture, d.capLevel = c, l
		d.text = d.text[:0]
	}
}

// close ends the element at d.depth, storing its captured text.
func (d *decoder) close() {
	if d.capture == capNone || d.capLevel != d.depth || d.hide > 0 {
		return
	}
	switch d.capture {
	case capEventID:
		d.rec.EventID = atoi(d.text)
	case capComputer:
		d.rec.Computer = d.internBytes(d.text)
	case capChannel:
		d.rec.Channel = d.internBytes(d.text)
	case capData:
		d.data = append(d.data, d.text...)
		d.dataEnds = append(d.dataEnds, len(d.data))
	}
	d.capture = capNone
}

// attrCapture tells what to capture of an attribute of the element open.
func (d *decoder) attrCapture(id uint8) int {
	if d.hide > 0 || d.depth != 3 || d.path[2] != nSystem {
		return capNone
	}
	switch {
	case d.path[3] == nProvider && id == nName:
		return capAttrName
	case d.path[3] == nTimeCreated && id == nSystemTime:
		return capAttrSystemTime
	}
	return capNone
}

// attrDone stores a captured attribute value.
func (d *decoder) attrDone() {
	switch d.capture {
	case capAttrName:
		d.rec.Provider = d.internBytes(d.text)
	case capAttrSystemTime:
		if !d.timeSet && len(d.text) > 0 {
			if t, err := time.Parse(time.RFC3339Nano, string(d.text)); err == nil {
				d.rec.Time = t.UTC()
			}
		}
	}
}

// isNull reports whether a substitution value is empty, which leaves out
// an optional substitution and an element that depends on the value.
func isNull(v value) bool { return v.typ == 0 || v.end == v.start }

// atoi parses a decimal number, 0 if there is none; an EventID is 0 to
// 65535.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<40 {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// appendUTF16 appends UTF-16LE b as UTF-8; an odd last byte is dropped
// and unpaired surrogates become U+FFFD.
func appendUTF16(dst, b []byte) []byte {
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case u < utf8.RuneSelf:
			dst = append(dst, byte(u))
		case utf16.IsSurrogate(u):
			r := utf8.RuneError
			if u < 0xdc00 && i+3 < len(b) {
				if u2 := rune(b[i+2]) | rune(b[i+3])<<8; u2 >= 0xdc00 && u2 < 0xe000 {
					r = utf16.DecodeRune(u, u2)
					i += 2
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = utf8.AppendRune(dst, u)
		}
	}
	return dst
}

// trimNUL16 cuts UTF-16 NUL characters from the end of b.
func trimNUL16(b []byte) []byte {
	for len(b) >= 2 && b[len(b)-1] == 0 && b[len(b)-2] == 0 {
		b = b[:len(b)-2]
	}
	return b
}

// appendEntity appends the text of the entity reference &name;.
func appendEntity(dst []byte, name string) []byte {
	switch name {
	case "amp":
		return append(dst, '&')
	case "lt":
		return append(dst, '<')
	case "gt":
		return append(dst, '>')
	case "quot":
		return append(dst, '"')
	case "apos":
		return append(dst, '\'')
	}
	dst = append(dst, '&')
	dst = append(dst, name...)
	return append(dst, ';')
}

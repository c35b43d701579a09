// Package evtxtest writes EVTX files for tests, in the form Windows
// writes them: a file header, 64 KiB chunks with their string and
// template tables, and event records whose Binary XML uses a template
// defined in place on its first use in a chunk and referred to by offset
// after that, names defined once per chunk and referred to after that,
// and substitution values of the types Windows uses.
//
// The layout follows classic (EventSourceName) events of real files: an
// outer template holds the Event and System elements, with the provider,
// Channel and Computer as literal text of the template and the other
// System fields as optional substitutions (EventID and Qualifiers UInt16,
// Level UInt8, Keywords HexInt64, TimeCreated FILETIME, EventRecordID
// UInt64, UserID SID or null, ...); its substitution 19 is a BinXml value
// holding a template instance of EventData with one Data element per
// insertion string, each a normal substitution of type string.
package evtxtest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

const (
	fileHeaderSize  = 4096
	chunkSize       = 65536
	chunkHeaderSize = 512
)

// Event is an event to write.
type Event struct {
	Provider        string // System/Provider/@Name
	ProviderGUID    string // System/Provider/@Guid, "{…}"; "" for none
	EventSourceName string // System/Provider/@EventSourceName of classic providers; "" for none
	EventID         uint16
	Qualifiers      uint16 // 0 writes a null value, as Windows does for events without
	Version         uint8
	Level           uint8
	Task            uint16
	Opcode          uint8
	Keywords        uint64
	Time            time.Time // TimeCreated, also the record header's time
	ProcessID       uint32
	ThreadID        uint32
	Channel         string
	Computer        string
	UserID          string // a SID such as "S-1-5-18"; "" writes a null value
	Data            []string
}

// The Key Management Service log's provider, as a KMS host logs it.
const (
	KMSProvider        = "Microsoft-Windows-Security-SPP"
	KMSProviderGUID    = "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}"
	KMSEventSourceName = "Software Protection Platform Service"
	KMSChannel         = "Key Management Service"
	KMSEventID         = 12290
	KMSQualifiers      = 16384
	classicKeywords    = 0x80000000000000
)

// KMSEvent returns an event 12290 of the Key Management Service log, the
// record of one activation request, logged by computer at t, with the
// insertion strings data (ten on a real KMS host).
func KMSEvent(computer string, t time.Time, data []string) Event {
	return Event{
		Provider: KMSProvider, ProviderGUID: KMSProviderGUID, EventSourceName: KMSEventSourceName,
		EventID: KMSEventID, Qualifiers: KMSQualifiers, Level: 4, Keywords: classicKeywords,
		Time: t, Channel: KMSChannel, Computer: computer, Data: data,
	}
}

// Options tune a Writer.
type Options struct {
	// Dirty writes the file as Windows leaves it while the log is open:
	// the file header's flag 0x1 set, and its chunk count, last chunk and
	// next record id of an earlier flush (one chunk fewer, the last
	// chunk's first id); and the last chunk's header of an earlier flush
	// too, its last quarter of records written after it: its free-space
	// offset, last record numbers and checksums do not cover them.
	Dirty bool
	// FirstRecordID is the event record id of the first event; 0 means 1.
	FirstRecordID uint64
	// ChunkRecords, if positive, starts a new chunk after that many
	// records, to make files of several chunks from few events.
	ChunkRecords int
}

// Writer writes an EVTX file. It keeps the chunks in memory and writes
// the file at Close, when the file header can be written.
type Writer struct {
	w           io.Writer
	opts        Options
	out         bytes.Buffer // finished chunks
	nchunk      int
	nextID      uint64
	recNum      uint64 // log record number of the next record, from 1
	lastFirstID uint64

	// the chunk being filled
	c          []byte
	nrec       int
	firstID    uint64
	firstNum   uint64
	lastRecOff int
	recEnds    []int // the chunk offset after each record
	names      map[string]uint32
	templates  map[string]uint32
	strTable   [64]uint32
	tmplTable  [32]uint32
	closing    bool           // the chunk being ended is the last
	ws         io.WriteSeeker // w, when chunks go to it as they are full
	streamed   bool           // the header's place is reserved in ws
	err        error
}

// SealChunk writes the checksums of chunk c as Windows does when it
// flushes the chunk: that of its records, up to the free-space offset its
// header gives (when that offset lies in the chunk), and that of its
// header (bytes 0–120 and 128–512). Tests that change a chunk call it to
// make the change pass the reader's checks.
func SealChunk(c []byte) {
	le := binary.LittleEndian
	if free := int(le.Uint32(c[48:])); free >= chunkHeaderSize && free <= len(c) {
		le.PutUint32(c[52:], crc32.ChecksumIEEE(c[chunkHeaderSize:free]))
	}
	le.PutUint32(c[124:], crc32.Update(crc32.ChecksumIEEE(c[:120]), crc32.IEEETable, c[128:chunkHeaderSize]))
}

// NewWriter returns a Writer that writes an EVTX file to w at Close;
// when w is an io.WriteSeeker (a file), it writes each chunk as it is
// full and the file header at Close, so that a file of any size takes a
// chunk's memory.
func NewWriter(w io.Writer, opts Options) *Writer {
	wr := &Writer{w: w, opts: opts, nextID: opts.FirstRecordID, recNum: 1}
	wr.ws, _ = w.(io.WriteSeeker)
	if wr.nextID == 0 {
		wr.nextID = 1
	}
	wr.newChunk()
	return wr
}

func (w *Writer) newChunk() {
	w.c = make([]byte, chunkHeaderSize, chunkSize)
	w.nrec = 0
	w.recEnds = w.recEnds[:0]
	w.names = map[string]uint32{}
	w.templates = map[string]uint32{}
	w.strTable = [64]uint32{}
	w.tmplTable = [32]uint32{}
}

// Write adds an event, with the next event record id.
func (w *Writer) Write(e Event) error {
	if w.err != nil {
		return w.err
	}
	if w.opts.ChunkRecords > 0 && w.nrec >= w.opts.ChunkRecords {
		w.endChunk()
	}
	for try := 0; ; try++ {
		// Keep what the record may change, to undo it if it does not fit.
		strTable, tmplTable := w.strTable, w.tmplTable
		start := len(w.c)
		err := w.record(e)
		if err == nil && len(w.c) <= chunkSize {
			break
		}
		if err != nil {
			w.err = err
			return err
		}
		if try > 0 || w.nrec == 0 {
			w.err = fmt.Errorf("evtxtest: event of %d bytes does not fit in a chunk", len(w.c)-start)
			return w.err
		}
		w.c = w.c[:start]
		// Names and templates the record defined are forgotten with the
		// chunk; the tables written in its header must not hold them.
		w.strTable, w.tmplTable = strTable, tmplTable
		w.endChunk()
	}
	return nil
}

// record appends the event record of e to the chunk.
func (w *Writer) record(e Event) error {
	start := len(w.c)
	if w.nrec == 0 {
		w.firstID, w.firstNum = w.nextID, w.recNum
	}
	w.c = binary.LittleEndian.AppendUint32(w.c, 0x00002a2a)
	w.c = binary.LittleEndian.AppendUint32(w.c, 0) // size, below
	w.c = binary.LittleEndian.AppendUint64(w.c, w.nextID)
	w.c = binary.LittleEndian.AppendUint64(w.c, filetime(e.Time))
	if err := w.binXML(e); err != nil {
		return err
	}
	for (len(w.c)-start+4)%8 != 0 { // records are 8-byte aligned
		w.c = append(w.c, 0)
	}
	size := len(w.c) - start + 4
	w.c = binary.LittleEndian.AppendUint32(w.c, uint32(size))
	binary.LittleEndian.PutUint32(w.c[start+4:], uint32(size))
	if len(w.c) <= chunkSize {
		w.lastRecOff = start
		w.recEnds = append(w.recEnds, len(w.c))
		w.nrec++
		w.nextID++
		w.recNum++
	}
	return nil
}

// Substitution indexes of the System template, as in Windows' files.
const (
	subLevel = iota
	subOpcode
	subTask
	subEventID
	subQualifiers
	subKeywords
	subTimeCreated
	subActivityID
	subProcessID
	subThreadID
	subEventRecordID
	subVersion
	subUserID
	subRelatedActivityID = 18
	subEventData         = 19
	nSubs                = 20
)

// Value types.
const (
	tNull     = 0x00
	tString   = 0x01
	tUInt8    = 0x04
	tUInt16   = 0x06
	tUInt32   = 0x08
	tUInt64   = 0x0a
	tGUID     = 0x0f
	tFileTime = 0x11
	tSID      = 0x13
	tHexInt64 = 0x15
	tBinXML   = 0x21
)

func (w *Writer) binXML(e Event) error {
	sid, err := parseSID(e.UserID)
	if err != nil {
		return err
	}
	w.fragmentHeader()
	key := fmt.Sprintf("system|%s|%s|%s|%s|%s", e.Provider, e.ProviderGUID, e.EventSourceName, e.Channel, e.Computer)
	w.template(key, func() { w.systemBody(e) })

	le := binary.LittleEndian
	type val struct {
		typ byte
		b   []byte
	}
	var vals [nSubs]val
	vals[subLevel] = val{tUInt8, []byte{e.Level}}
	vals[subOpcode] = val{tUInt8, []byte{e.Opcode}}
	vals[subTask] = val{tUInt16, le.AppendUint16(nil, e.Task)}
	vals[subEventID] = val{tUInt16, le.AppendUint16(nil, e.EventID)}
	if e.Qualifiers != 0 {
		vals[subQualifiers] = val{tUInt16, le.AppendUint16(nil, e.Qualifiers)}
	}
	vals[subKeywords] = val{tHexInt64, le.AppendUint64(nil, e.Keywords)}
	vals[subTimeCreated] = val{tFileTime, le.AppendUint64(nil, filetime(e.Time))}
	vals[subProcessID] = val{tUInt32, le.AppendUint32(nil, e.ProcessID)}
	vals[subThreadID] = val{tUInt32, le.AppendUint32(nil, e.ThreadID)}
	vals[subEventRecordID] = val{tUInt64, le.AppendUint64(nil, w.nextID)}
	vals[subVersion] = val{tUInt8, []byte{e.Version}}
	if sid != nil {
		vals[subUserID] = val{tSID, sid}
	}
	w.c = le.AppendUint32(w.c, nSubs)
	for _, v := range vals[:subEventData] {
		w.c = le.AppendUint16(w.c, uint16(len(v.b)))
		w.c = append(w.c, v.typ, 0)
	}
	sizeAt := len(w.c)
	w.c = append(w.c, 0, 0, tBinXML, 0)
	for _, v := range vals[:subEventData] {
		w.c = append(w.c, v.b...)
	}
	start := len(w.c)
	w.eventData(e.Data)
	if len(w.c)-start > 0xffff {
		return errors.New("evtxtest: EventData of more than 65535 bytes")
	}
	le.PutUint16(w.c[sizeAt:], uint16(len(w.c)-start))
	w.c = append(w.c, 0x00) // end of the record's fragment
	return nil
}

// eventData appends the BinXml value of EventData: a fragment with a
// template instance of n Data elements and the strings as its values.
func (w *Writer) eventData(data []string) {
	le := binary.LittleEndian
	w.fragmentHeader()
	w.template("eventdata|"+strconv.Itoa(len(data)), func() {
		w.fragmentHeader()
		el := w.open("EventData", 0xffff, false)
		if len(data) == 0 {
			w.c = append(w.c, 0x03)
		} else {
			w.c = append(w.c, 0x02)
			for i := range data {
				d := w.open("Data", 0xffff, false)
				w.c = append(w.c, 0x02)
				w.subst(0x0d, i, tString)
				w.end(d)
			}
			w.c = append(w.c, 0x04)
		}
		w.endSize(el)
		w.c = append(w.c, 0x00)
	})
	w.c = le.AppendUint32(w.c, uint32(len(data)))
	enc := make([][]byte, len(data))
	for i, s := range data {
		enc[i] = utf16le(s)
		w.c = le.AppendUint16(w.c, uint16(len(enc[i])))
		w.c = append(w.c, tString, 0)
	}
	for _, b := range enc {
		w.c = append(w.c, b...)
	}
	w.c = append(w.c, 0x00)
}

// systemBody appends the body of the System template: the Event element,
// whose System element holds what the event is and where it came from,
// and whose EventData is the record's substitution.
func (w *Writer) systemBody(e Event) {
	w.fragmentHeader()
	ev := w.open("Event", 0xffff, true)
	w.attr("xmlns", false)
	w.text("http://schemas.microsoft.com/win/2004/08/events/event")
	w.closeStart(ev)
	sys := w.open("System", 0xffff, false)
	w.c = append(w.c, 0x02)
	w.provider(e)
	w.eventFields()
	w.eventOrigin(e)
	w.end(sys)

	w.subst(0x0e, subEventData, tBinXML)
	w.end(ev)
	w.c = append(w.c, 0x00)
}

// provider appends the Provider element, with only the attributes e
// gives, as Windows writes them.
func (w *Writer) provider(e Event) {
	var attrs [][2]string
	for _, a := range [][2]string{{"Name", e.Provider}, {"Guid", e.ProviderGUID}, {"EventSourceName", e.EventSourceName}} {
		if a[1] != "" {
			attrs = append(attrs, a)
		}
	}
	p := w.open("Provider", 0xffff, len(attrs) > 0)
	for i, a := range attrs {
		w.attr(a[0], i < len(attrs)-1)
		w.text(a[1])
	}
	w.closeEmpty(p, len(attrs) > 0)
}

// eventFields appends the elements that say which event a record is and
// when: EventID to EventRecordID, each a substitution, as each record's
// values differ.
func (w *Writer) eventFields() {
	id := w.open("EventID", subEventID, true)
	w.attr("Qualifiers", false)
	w.subst(0x0e, subQualifiers, tUInt16)
	w.closeStart(id)
	w.subst(0x0e, subEventID, tUInt16)
	w.end(id)

	for _, f := range []struct {
		name string
		sub  int
		typ  byte
	}{
		{"Version", subVersion, tUInt8}, {"Level", subLevel, tUInt8}, {"Task", subTask, tUInt16},
		{"Opcode", subOpcode, tUInt8}, {"Keywords", subKeywords, tHexInt64},
	} {
		el := w.open(f.name, f.sub, false)
		w.c = append(w.c, 0x02)
		w.subst(0x0e, f.sub, f.typ)
		w.end(el)
	}
	tc := w.open("TimeCreated", 0xffff, true)
	w.attr("SystemTime", false)
	w.subst(0x0e, subTimeCreated, tFileTime)
	w.closeEmpty(tc, true)

	rid := w.open("EventRecordID", subEventRecordID, false)
	w.c = append(w.c, 0x02)
	w.subst(0x0e, subEventRecordID, tUInt64)
	w.end(rid)
}

// eventOrigin appends the elements that say where a record came from:
// its activity, process and thread, its channel and computer, which the
// template holds as text, and the user.
func (w *Writer) eventOrigin(e Event) {
	co := w.open("Correlation", 0xffff, true)
	w.attr("ActivityID", true)
	w.subst(0x0e, subActivityID, tGUID)
	w.attr("RelatedActivityID", false)
	w.subst(0x0e, subRelatedActivityID, tGUID)
	w.closeEmpty(co, true)

	ex := w.open("Execution", 0xffff, true)
	w.attr("ProcessID", true)
	w.subst(0x0e, subProcessID, tUInt32)
	w.attr("ThreadID", false)
	w.subst(0x0e, subThreadID, tUInt32)
	w.closeEmpty(ex, true)

	for _, f := range [][2]string{{"Channel", e.Channel}, {"Computer", e.Computer}} {
		el := w.open(f[0], 0xffff, false)
		w.c = append(w.c, 0x02)
		if f[1] != "" {
			w.text(f[1])
		}
		w.end(el)
	}
	se := w.open("Security", 0xffff, true)
	w.attr("UserID", false)
	w.subst(0x0e, subUserID, tSID)
	w.closeEmpty(se, true)
}

func (w *Writer) fragmentHeader() { w.c = append(w.c, 0x0f, 0x01, 0x01, 0x00) }

// elem is an element being written: where its size and the size of its
// attribute list go.
type elem struct{ size, attrSize int }

// open appends the start of an element; dep is the substitution it
// depends on, 0xffff for none.
func (w *Writer) open(name string, dep int, attrs bool) elem {
	tok := byte(0x01)
	if attrs {
		tok |= 0x40
	}
	w.c = append(w.c, tok)
	w.c = binary.LittleEndian.AppendUint16(w.c, uint16(dep))
	el := elem{size: len(w.c), attrSize: -1}
	w.c = append(w.c, 0, 0, 0, 0)
	w.nameRef(name)
	if attrs {
		el.attrSize = len(w.c)
		w.c = append(w.c, 0, 0, 0, 0)
	}
	return el
}

// attr appends an attribute's name; its value follows.
func (w *Writer) attr(name string, more bool) {
	tok := byte(0x06)
	if more {
		tok |= 0x40
	}
	w.c = append(w.c, tok)
	w.nameRef(name)
}

func (w *Writer) endAttrs(el elem) {
	if el.attrSize >= 0 {
		binary.LittleEndian.PutUint32(w.c[el.attrSize:], uint32(len(w.c)-el.attrSize-4))
	}
}

func (w *Writer) closeStart(el elem) { w.endAttrs(el); w.c = append(w.c, 0x02) }

func (w *Writer) closeEmpty(el elem, attrs bool) {
	w.endAttrs(el)
	w.c = append(w.c, 0x03)
	w.endSize(el)
}

func (w *Writer) end(el elem) { w.c = append(w.c, 0x04); w.endSize(el) }

func (w *Writer) endSize(el elem) {
	binary.LittleEndian.PutUint32(w.c[el.size:], uint32(len(w.c)-el.size-4))
}

// text appends value text (a UTF-16 string).
func (w *Writer) text(s string) {
	b := utf16le(s)
	w.c = append(w.c, 0x05, tString)
	w.c = binary.LittleEndian.AppendUint16(w.c, uint16(len(b)/2))
	w.c = append(w.c, b...)
}

func (w *Writer) subst(tok byte, i int, typ byte) {
	w.c = append(w.c, tok)
	w.c = binary.LittleEndian.AppendUint16(w.c, uint16(i))
	w.c = append(w.c, typ)
}

// nameRef appends the chunk offset of a name, and the name itself if it
// is its first use in the chunk. Names are chained in 64 buckets by
// their hash, newest first, as Windows does.
func (w *Writer) nameRef(s string) {
	le := binary.LittleEndian
	if off, ok := w.names[s]; ok {
		w.c = le.AppendUint32(w.c, off)
		return
	}
	off := uint32(len(w.c) + 4)
	w.c = le.AppendUint32(w.c, off)
	u := utf16.Encode([]rune(s))
	var h uint32
	for _, c := range u {
		h = h*65599 + uint32(c)
	}
	bucket := uint16(h) % 64
	w.c = le.AppendUint32(w.c, w.strTable[bucket])
	w.c = le.AppendUint16(w.c, uint16(h))
	w.c = le.AppendUint16(w.c, uint16(len(u)))
	for _, c := range u {
		w.c = le.AppendUint16(w.c, c)
	}
	w.c = append(w.c, 0, 0)
	w.strTable[bucket] = off
	w.names[s] = off
}

// template appends a template instance of the template key, with its
// definition (written by body) if this is its first use in the chunk.
func (w *Writer) template(key string, body func()) {
	le := binary.LittleEndian
	h := fnv.New128a()
	h.Write([]byte(key))
	guid := h.Sum(nil)
	id := le.Uint32(guid)
	w.c = append(w.c, 0x0c, 0x01)
	w.c = le.AppendUint32(w.c, id)
	if off, ok := w.templates[key]; ok {
		w.c = le.AppendUint32(w.c, off)
		return
	}
	off := uint32(len(w.c) + 4)
	w.c = le.AppendUint32(w.c, off)
	bucket := id % 32
	w.c = le.AppendUint32(w.c, w.tmplTable[bucket])
	w.c = append(w.c, guid...)
	sizeAt := len(w.c)
	w.c = append(w.c, 0, 0, 0, 0)
	body()
	le.PutUint32(w.c[sizeAt:], uint32(len(w.c)-sizeAt-4))
	w.tmplTable[bucket] = off
	w.templates[key] = off
}

// endChunk finishes the chunk being filled: its header, tables and
// checksums.
func (w *Writer) endChunk() {
	if w.nrec == 0 {
		return
	}
	le := binary.LittleEndian
	c := w.c[:chunkSize]
	clear(c[len(w.c):])
	copy(c, "ElfChnk\x00")
	// The header covers every record, or, in the last chunk of a dirty
	// file, those of an earlier flush.
	n, free, lastOff := w.nrec, len(w.c), w.lastRecOff
	if w.closing && w.opts.Dirty && w.nrec >= 2 {
		n = w.nrec - max(1, w.nrec/4)
		free = w.recEnds[n-1]
		lastOff = chunkHeaderSize
		if n >= 2 {
			lastOff = w.recEnds[n-2]
		}
	}
	le.PutUint64(c[8:], w.firstNum)
	le.PutUint64(c[16:], w.firstNum+uint64(n)-1)
	le.PutUint64(c[24:], w.firstID)
	le.PutUint64(c[32:], w.firstID+uint64(n)-1)
	le.PutUint32(c[40:], 128)
	le.PutUint32(c[44:], uint32(lastOff))
	le.PutUint32(c[48:], uint32(free))
	for i, o := range w.strTable {
		le.PutUint32(c[128+4*i:], o)
	}
	for i, o := range w.tmplTable {
		le.PutUint32(c[384+4*i:], o)
	}
	SealChunk(c)
	if w.ws != nil {
		if !w.streamed {
			w.streamed = true
			if _, err := w.ws.Write(make([]byte, fileHeaderSize)); err != nil {
				w.err = err
			}
		}
		if _, err := w.ws.Write(c); err != nil && w.err == nil {
			w.err = err
		}
	} else {
		w.out.Write(c)
	}
	w.nchunk++
	w.lastFirstID = w.firstID
	w.newChunk()
}

// Close writes the file: the file header and the chunks.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	w.closing = true
	w.endChunk()
	le := binary.LittleEndian
	h := make([]byte, fileHeaderSize)
	copy(h, "ElfFile\x00")
	count, next, flags := w.nchunk, w.nextID, uint32(0)
	if w.opts.Dirty {
		flags = 1
		if count > 1 {
			count--
		}
		next = w.lastFirstID
	}
	le.PutUint64(h[8:], 0)
	le.PutUint64(h[16:], uint64(max(count-1, 0)))
	le.PutUint64(h[24:], next)
	le.PutUint32(h[32:], 128)
	le.PutUint16(h[36:], 1)
	le.PutUint16(h[38:], 3)
	le.PutUint16(h[40:], fileHeaderSize)
	le.PutUint16(h[42:], uint16(count))
	le.PutUint32(h[120:], flags)
	le.PutUint32(h[124:], crc32.ChecksumIEEE(h[:120]))
	if w.err != nil {
		return fmt.Errorf("evtxtest: cannot write chunks: %w", w.err)
	}
	if w.streamed {
		if _, err := w.ws.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("evtxtest: cannot write file header: %w", err)
		}
	}
	if _, err := w.w.Write(h); err != nil {
		return fmt.Errorf("evtxtest: cannot write file header: %w", err)
	}
	if w.streamed {
		_, err := w.ws.Seek(0, io.SeekEnd)
		w.err = errors.New("evtxtest: writer closed")
		return err
	}
	if _, err := w.out.WriteTo(w.w); err != nil {
		return fmt.Errorf("evtxtest: cannot write chunks: %w", err)
	}
	w.err = errors.New("evtxtest: writer closed")
	return nil
}

// filetime converts t to a FILETIME, 100 ns since 1601-01-01 UTC.
func filetime(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.UnixNano()/100 + 116444736000000000)
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

// parseSID encodes a SID such as S-1-5-21-1-2-3-500; "" is nil.
func parseSID(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) < 3 || parts[0] != "S" || len(parts) > 3+15 {
		return nil, fmt.Errorf("evtxtest: bad SID %q", s)
	}
	rev, err1 := strconv.ParseUint(parts[1], 10, 8)
	auth, err2 := strconv.ParseUint(parts[2], 10, 48)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("evtxtest: bad SID %q: %w", s, err)
	}
	b := []byte{byte(rev), byte(len(parts) - 3)}
	b = append(b, byte(auth>>40), byte(auth>>32), byte(auth>>24), byte(auth>>16), byte(auth>>8), byte(auth))
	for _, p := range parts[3:] {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("evtxtest: bad SID %q: %w", s, err)
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
	}
	return b, nil
}

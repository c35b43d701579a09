package eventlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
)

// Format is a form of export of the Key Management Service log (K39).
type Format string

// The forms Read understands.
const (
	// FormatXML: wevtutil qe "Key Management Service" /f:xml, with or
	// without a root element (/e:Events).
	FormatXML Format = "wevtutil XML"
	// FormatPowerShell: Get-WinEvent -LogName "Key Management Service" |
	// Export-Csv, the fields in the Message text.
	FormatPowerShell Format = "Get-WinEvent CSV"
	// FormatEventViewer: Event Viewer's "Save All Events As… CSV".
	FormatEventViewer Format = "Event Viewer CSV"
	// FormatEVTX: the log's own file, as wevtutil epl and Event Viewer's
	// "Save All Events As" (its default type) copy it.
	FormatEVTX Format = "EVTX"
)

// MaxRecordSize bounds one event of an export: an event 12290 is well
// under a kilobyte; a larger record means the file is not a KMS log.
const MaxRecordSize = 1 << 20

// Options tune reading.
type Options struct {
	// Location is the time zone of the CSV exports' times, which are the
	// exporting machine's local time without an offset. nil means UTC.
	// wevtutil's XML carries UTC times and needs none.
	Location *time.Location
	// DateOrder is the order of day and month in the CSV exports' dates,
	// the exporting Windows' culture's (CultureOrder). OrderUnknown lets
	// each file settle it (culture.go).
	DateOrder DateOrder
}

// Warning is a problem Read got past: a record it could not read, or
// something the state built from the records should not be trusted on.
type Warning struct {
	File  string
	Line  int // 0 when it is about the file or the fleet as a whole
	Event int // the event's number in an XML export, its record id in an .evtx, or 0
	// Offset is the place in an .evtx file of the record or chunk, or 0.
	Offset int64
	Msg    string
}

// String returns the warning as kmssim prints it, with the control
// characters of text taken from a log escaped: a log is not to drive the
// terminal that shows it.
func (w Warning) String() string {
	var s string
	switch {
	case w.File == "":
		s = w.Msg
	case w.Offset > 0 && w.Event > 0:
		s = fmt.Sprintf("%s: record %d at offset %#x: %s", w.File, w.Event, w.Offset, w.Msg)
	case w.Offset > 0:
		s = fmt.Sprintf("%s: at offset %#x: %s", w.File, w.Offset, w.Msg)
	case w.Event > 0:
		s = fmt.Sprintf("%s:%d: event %d: %s", w.File, w.Line, w.Event, w.Msg)
	case w.Line > 0:
		s = fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	default:
		s = w.File + ": " + w.Msg
	}
	return printable(s)
}

// printable escapes the control characters of s (C0, DEL, C1, and the
// Unicode controls of text direction) as Go escapes them: \x1b, \u202e.
func printable(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 || 0x7f <= r && r < 0xa0 || 0x200e <= r && r <= 0x200f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// Error is a reason a file cannot be read at all, with where.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return printable(fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg))
	}
	return printable(e.File + ": " + e.Msg)
}

// Summary is what Read found in one file.
type Summary struct {
	Format   Format
	Encoding Encoding
	Requests int // events 12290 read
	Other    int // other events, skipped
	Skipped  int // events 12290 that could not be read (each a warning)
	// EventIDs and Channels count the events of the file by id and by the
	// log they belong to, where the form says (for the message of a file
	// that imports nothing).
	EventIDs map[int]int
	Channels map[string]int
}

// count records an event of id in channel ("" where the form names none).
func (s *Summary) count(id int, channel string) {
	if s.EventIDs == nil {
		s.EventIDs, s.Channels = map[int]int{}, map[string]int{}
	}
	if len(s.EventIDs) < 1000 || s.EventIDs[id] > 0 {
		s.EventIDs[id]++
	}
	if channel != "" && (len(s.Channels) < 100 || s.Channels[channel] > 0) {
		s.Channels[channel]++
	}
}

// maxWarningsPerFile bounds the warnings one file gives: the rest are
// counted in one.
const maxWarningsPerFile = 20

// Read reads the export in r, named file in messages, and calls add for
// each event 12290 in it, in the file's order. It recognises the form
// from the first bytes. Records it cannot read are skipped with a
// warning; a file that is not a KMS log export, or that ends inside a
// record, is an *Error and add's error stops it.
func Read(r io.Reader, file string, opts Options, add func(*Request) error, warn func(Warning)) (Summary, error) {
	raw := bufio.NewReaderSize(r, 64<<10)
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	rd := &reader{file: file, add: add, warn: warn, loc: loc, order: opts.DateOrder}
	magic, _ := raw.Peek(512)
	magic = bytes.Clone(magic)
	if evtx.IsEVTX(magic) {
		rd.sum.Format = FormatEVTX
		if err := rd.evtx(raw); err != nil {
			return rd.sum, err
		}
		return rd.finish()
	}
	br, enc, err := decode(raw)
	if err != nil {
		return Summary{}, &Error{File: file, Msg: err.Error()}
	}
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Summary{}, &Error{File: file, Msg: err.Error()}
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	rd.sum.Encoding = enc
	switch {
	case len(trimmed) == 0:
		return Summary{}, &Error{File: file, Msg: "the file is empty"}
	case isFigures(trimmed):
		return Summary{}, &Error{File: file, Msg: "the host's own figures (SoftwareLicensingService, or slmgr /dlv), not an export of its log: give them with -dlv " + file + ", beside the log's export"}
	case trimmed[0] == '<':
		rd.sum.Format = FormatXML
		err = rd.xml(br)
	case bytes.HasPrefix(trimmed, []byte("#TYPE")) || bytes.HasPrefix(trimmed, []byte(`"Message"`)) || hasHeader(trimmed, "Message"):
		rd.sum.Format = FormatPowerShell
		err = rd.csv(br, powerShellLayout)
	case isEventViewerHeader(firstLine(trimmed)):
		rd.sum.Format = FormatEventViewer
		rd.host = HostFromFile(file)
		if !isMachineName(strings.ToLower(rd.host)) {
			return rd.sum, &Error{File: file, Msg: fmt.Sprintf("Event Viewer's CSV names no computer, so kmssim takes the host from the file's name, and %q is no host name: name the file after its host, such as kms1.csv", rd.host)}
		}
		err = rd.csv(br, eventViewerLayout)
	case bytes.HasPrefix(trimmed, []byte("Event[")):
		return Summary{}, &Error{File: file, Line: 1, Msg: "this is wevtutil's text form: export with /f:xml (wevtutil qe \"Key Management Service\" /f:xml /e:Events)"}
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")):
		return Summary{}, &Error{File: file, Msg: "a ZIP archive: extract the exports from it, and name them"}
	case (enc == UTF8 || enc == Windows1252) && bytes.IndexByte(magic, 0) >= 0:
		return Summary{}, &Error{File: file, Msg: "a binary file, and no .evtx (which starts with ElfFile): kmssim reads the .evtx file, wevtutil's XML, Get-WinEvent | Export-Csv and Event Viewer's CSV: on the KMS host, " + exportCommand(FormatXML, file)}
	default:
		return Summary{}, &Error{File: file, Line: 1, Msg: fmt.Sprintf("not an export of the Key Management Service log: it starts %q (%s); kmssim reads the .evtx file, wevtutil's XML, Get-WinEvent | Export-Csv and Event Viewer's CSV: on the KMS host, %s", words.Clip(firstLine(trimmed)), enc, exportCommand(FormatXML, file))}
	}
	if err != nil {
		return rd.sum, err
	}
	return rd.finish()
}

// finish ends the reading of a file: the count of the records it could
// not read beyond those it named, and the error of a file that imports
// nothing, or of which half the events 12290 or more could not be read.
func (rd *reader) finish() (Summary, error) {
	if rd.sum.Skipped > maxWarningsPerFile {
		rd.warn(Warning{File: rd.file, Msg: fmt.Sprintf("%d more events 12290 could not be read", rd.sum.Skipped-maxWarningsPerFile)})
	}
	if rd.malformed > maxWarningsPerFile {
		rd.warn(Warning{File: rd.file, Msg: fmt.Sprintf("%d more malformed events skipped", rd.malformed-maxWarningsPerFile)})
	}
	if rd.sum.Requests == 0 {
		return rd.sum, &Error{File: rd.file, Msg: rd.sum.nothing(rd.file)}
	}
	if rd.sum.Skipped >= rd.sum.Requests {
		// A file read so wrongly (a -culture that is not its writer's,
		// above all) would give a state of its remnants.
		return rd.sum, &Error{File: rd.file, Msg: fmt.Sprintf("%d of its %d events 12290 could not be read (the warnings say why): with half or more unread, nothing is imported from it; a CSV's dates are read in the display language -culture names, which must be that of the Windows that saved it (docs/import.md)",
			rd.sum.Skipped, rd.sum.Skipped+rd.sum.Requests)}
	}
	if off, ok := rd.zoneOffset(); ok {
		rd.warn(Warning{File: rd.file, Msg: fmt.Sprintf("its times are %s %s the clients' clocks in most records: were they written in another time zone than -tz %s? Give -tz the zone of the Windows that exported the file, such as -tz Europe/Berlin", span(off.Abs()), aheadOf(off), rd.loc)})
	}
	return rd.sum, nil
}

// reader carries one file's reading.
type reader struct {
	file string
	host string // the host of every record, when the export names none
	loc  *time.Location
	// order is the order of day and month in the file's dates, once
	// Options or a date settled it; held are the records whose dates wait
	// for it (culture.go).
	order DateOrder
	held  []heldRecord
	// offsets count the records of a CSV export by the difference of
	// their times from their clients' clocks (culture.go).
	offsets map[time.Duration]int
	add     func(*Request) error
	warn    func(Warning)
	sum     Summary
	n       int // events read so far, in an XML export
	// malformed counts the events skipped for want of an id, which are
	// not events 12290 (Summary.Skipped counts those).
	malformed int

	parts  eventParts // the current XML event's, reused
	fields []string   // the current event's fields, reused
}

// skip records an event 12290 that could not be read: the one on line,
// numbered event in an XML export (else 0).
func (rd *reader) skip(line, event int, err error) {
	rd.sum.Skipped++
	if rd.sum.Skipped <= maxWarningsPerFile {
		rd.warn(Warning{File: rd.file, Line: line, Event: event, Msg: "skipped an event 12290: " + err.Error()})
	}
}

// HostFromFile names the host of a file that names none after the file:
// kms1.csv, kms1.corp.example.csv and kms1.dlv.txt are kms1's.
func HostFromFile(file string) string {
	base := filepath.Base(file)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// ShortName returns a host's name as kmssim writes it: the first label of
// its computer name (kms1 for kms1.corp.example), in lower case.
func ShortName(host string) string {
	host = strings.ToLower(host)
	if i := strings.IndexByte(host, '.'); i > 0 {
		return host[:i]
	}
	return host
}

func firstLine(b []byte) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// hasHeader reports whether the CSV text b starts with column name,
// quoted or not, and a ',' or (Export-Csv -UseCulture's) ';'.
func hasHeader(b []byte, name string) bool {
	for _, sep := range []string{",", ";"} {
		if bytes.HasPrefix(b, []byte(name+sep)) || bytes.HasPrefix(b, []byte(`"`+name+`"`+sep)) {
			return true
		}
	}
	return false
}

// ReadFile reads the export at path into f (Read, then Add for each
// request). Only a regular file is opened.
func (f *Fleet) ReadFile(path string, opts Options, warn func(Warning)) (Summary, error) {
	file, err := OpenExport(path)
	if err != nil {
		return Summary{}, err
	}
	defer file.Close()
	return Read(file, path, opts, func(r *Request) error { f.Add(r); return nil }, warn)
}

// OpenExport opens the export at path for Read, or says why it cannot:
// the system's reason with the path once, and for a folder the pattern
// of the exports in it.
func OpenExport(path string) (*os.File, error) {
	file, err := scenarios.OpenFile(path)
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		err = pe.Err // the path is said once
	}
	switch {
	case errors.Is(err, scenarios.ErrDirectory):
		return nil, fmt.Errorf("%s: %w: name the exports in it (%s)", path, err, filepath.Join(path, "*"+exportKind(path)))
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return file, nil
}

// exportKind returns the extension most files of the folder dir have of
// those an export has (.evtx, .xml, .csv), for the pattern an error
// suggests; .evtx when it holds none.
func exportKind(dir string) string {
	entries, _ := os.ReadDir(dir) // what could be read suggests the pattern
	n := map[string]int{}
	best := ".evtx"
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.Type().IsRegular() && (ext == ".evtx" || ext == ".xml" || ext == ".csv") {
			if n[ext]++; n[ext] > n[best] {
				best = ext
			}
		}
	}
	return best
}

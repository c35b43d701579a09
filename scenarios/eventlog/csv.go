package eventlog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"
)

// The two CSV exports differ in their columns:
//
// Get-WinEvent -LogName "Key Management Service" | Export-Csv kms1.csv
// writes a header of the record's properties ("Message","Id",…,
// "MachineName",…,"TimeCreated",…), with a "#TYPE …" line before it
// unless -NoTypeInformation is given (Windows PowerShell 5.1).
//
// Event Viewer's "Save All Events As…" CSV writes "Level,Date and
// Time,Source,Event ID,Task Category" and, in each row, the message as a
// sixth column that the header does not name. It names no computer: the
// host is the file's name.
//
// Both write the time as the exporting machine's local time, in its
// culture's format, without an offset (Options.Location says the zone).

// csvLayout says where a CSV export keeps what Read needs.
type csvLayout struct {
	// columns returns the indexes of the message, event id, time and
	// computer (-1: none) columns, from the header.
	columns func(header []string) (csvColumns, error)
}

// csvColumns are the indexes of the columns Read needs: -1 for none.
type csvColumns struct {
	msg, id, when, computer, log int
}

var powerShellLayout = csvLayout{columns: func(h []string) (csvColumns, error) {
	col := map[string]int{}
	for i, name := range h {
		col[strings.ToLower(strings.TrimSpace(name))] = i
	}
	var missing []string
	for _, c := range []string{"message", "id", "timecreated", "machinename"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return csvColumns{}, fmt.Errorf("the header lacks %s: export with Get-WinEvent -LogName \"Key Management Service\" | Export-Csv", strings.Join(missing, ", "))
	}
	log, ok := col["logname"]
	if !ok {
		log = -1
	}
	return csvColumns{col["message"], col["id"], col["timecreated"], col["machinename"], log}, nil
}}

// eventViewerLayout reads Event Viewer's header: five names, in the
// display language, and the message in a sixth column no name heads. A
// header of a language eventViewerHeaders lacks is read by its fixed
// order: level, date and time, source, event id, task category.
var eventViewerLayout = csvLayout{columns: func(h []string) (csvColumns, error) {
	for _, l := range eventViewerHeaders {
		date, id := slices.Index(h, l.date), slices.Index(h, l.id)
		if date >= 0 && id >= 0 {
			return csvColumns{len(h), id, date, -1, -1}, nil
		}
	}
	if len(h) != 5 {
		return csvColumns{}, fmt.Errorf("the header is not Event Viewer's (Level,Date and Time,Source,Event ID,Task Category, in any display language): it has %d columns", len(h))
	}
	return csvColumns{5, 3, 1, -1, -1}, nil
}}

// isEventViewerHeader reports whether line, the first of a CSV file, is
// Event Viewer's header: five names, or a known language's date column.
func isEventViewerHeader(line string) bool {
	h := strings.Split(line, ",")
	if len(h) == 5 {
		return !slices.Contains(h, "") && !strings.Contains(line, `"`)
	}
	for _, l := range eventViewerHeaders {
		if slices.Contains(h, l.date) {
			return true
		}
	}
	return false
}

// csv reads a CSV export.
func (rd *reader) csv(br *bufio.Reader, layout csvLayout) error {
	x, err := rd.csvHeader(br, layout)
	if err != nil {
		return err
	}
	for {
		rec, err := x.cr.Read()
		if errors.Is(err, io.EOF) {
			if len(rd.held) > 0 {
				return rd.unsettled()
			}
			return nil
		}
		if err != nil {
			return rd.csvError(err, x.before, x.next)
		}
		l, _ := x.cr.FieldPos(0)
		x.next = l + newlines(rec) + 1
		if err := rd.csvRecord(l+x.before, rec, x.cols); err != nil {
			return err
		}
	}
}

// csvExport is a CSV export whose header has been read.
type csvExport struct {
	cr   *csv.Reader
	cols csvColumns
	// before is the lines before the CSV proper: a record's line in the
	// file is its line in the CSV plus before.
	before int
	// next is the line of the CSV the next record starts on, which a
	// quoting error is reported at.
	next int
}

// csvHeader reads a CSV export's header, after Windows PowerShell's type
// line if there is one, and finds its columns by layout.
func (rd *reader) csvHeader(br *bufio.Reader, layout csvLayout) (csvExport, error) {
	var x csvExport
	if b, err := br.Peek(5); err == nil && string(b) == "#TYPE" {
		if _, err := br.ReadString('\n'); err != nil {
			return x, &Error{File: rd.file, Line: 1, Msg: "only a #TYPE line: the export is empty"}
		}
		x.before = 1
	}
	bounded := &boundedReader{r: br}
	x.cr = csv.NewReader(bounded)
	x.cr.Comma = separator(br)
	bounded.offset = x.cr.InputOffset
	x.cr.FieldsPerRecord = -1
	x.cr.ReuseRecord = true
	header, err := x.cr.Read()
	if err != nil {
		return x, rd.csvError(err, x.before, 1)
	}
	x.next = 1 + newlines(header) + 1
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if x.cols, err = layout.columns(header); err != nil {
		return x, &Error{File: rd.file, Line: x.before + 1, Msg: err.Error()}
	}
	return x, nil
}

// csvRecord reads the record rec on line l of a CSV export with columns
// cols: a KMS request (K39) is accepted, any other event counted, and a
// broken request skipped with its reason. It fails only where reading
// cannot go on.
func (rd *reader) csvRecord(l int, rec []string, cols csvColumns) error {
	get := func(i int) string {
		if i >= 0 && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	id, err := strconv.Atoi(strings.TrimSpace(get(cols.id)))
	channel := strings.TrimSpace(get(cols.log))
	rd.sum.count(id, channel)
	if err != nil || id != EventID || !kmsChannel(channel) {
		if err != nil && strings.TrimSpace(get(cols.id)) != "" {
			rd.skipOther(l, 0, fmt.Sprintf("a row whose event id %q is not a number", words.Clip(get(cols.id))))
		} else {
			rd.sum.Other++
		}
		return nil
	}
	r := Request{File: rd.file, Line: l, Host: rd.host}
	if cols.computer >= 0 {
		if r.Host, err = hostName(get(cols.computer)); err != nil {
			rd.skip(l, 0, err)
			return nil
		}
	}
	fields, err := splitInfo(get(cols.msg))
	if err == nil {
		err = parseFields(fields, &r)
	}
	if err == nil {
		r.Time, err = rd.localTime(get(cols.when), &r)
	}
	switch {
	case errors.Is(err, errUnsettled):
		return rd.hold(&r, get(cols.when))
	case err != nil:
		rd.skip(l, 0, err)
		return nil
	}
	if err := rd.accept(&r); err != nil {
		return err
	}
	return rd.release()
}

// accept passes on a request of a CSV export whose fields and time are
// read, counting it, and its difference from its client's clock.
func (rd *reader) accept(r *Request) error {
	rd.sum.Requests++
	rd.noteOffset(r)
	return rd.add(r)
}

// separator returns the separator of the CSV text br holds, by its first
// line: ',', or the ';' of Export-Csv -UseCulture in the cultures that
// write numbers with a decimal comma.
func separator(br *bufio.Reader) rune {
	head, _ := br.Peek(min(br.Size(), 4096))
	inQuotes := false
	commas, semis := 0, 0
	for _, c := range head {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			if semis > commas {
				return ';'
			}
			return ','
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// csvError turns an error of the CSV reader, reading the record that
// starts on line next of the CSV, into an *Error with its line in the
// file (lineOffset lines come before the CSV).
func (rd *reader) csvError(err error, lineOffset, next int) error {
	if errors.Is(err, io.EOF) {
		return &Error{File: rd.file, Msg: "the export has no header row"}
	}
	if errors.Is(err, errRecordTooLarge) {
		return &Error{File: rd.file, Line: next + lineOffset, Msg: fmt.Sprintf("a row of more than %d bytes: this is not a KMS log", MaxRecordSize)}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: rd.file, Line: pe.StartLine + lineOffset, Msg: "not valid CSV: " + pe.Err.Error() + " (is the file cut short?)"}
	}
	return &Error{File: rd.file, Msg: err.Error()}
}

// errRecordTooLarge stops the CSV reader inside a runaway record.
var errRecordTooLarge = errors.New("record too large")

// boundedReader fails a read when the CSV reader has consumed more than
// MaxRecordSize bytes past the end of the last record it returned: a
// quoted field that never closes cannot fill memory.
type boundedReader struct {
	r      io.Reader
	read   int64
	offset func() int64 // the CSV reader's InputOffset
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.read-b.offset() > MaxRecordSize {
		return 0, errRecordTooLarge
	}
	n, err := b.r.Read(p)
	b.read += int64(n)
	return n, err
}

// newlines counts the line breaks inside the fields of a record.
func newlines(rec []string) int {
	n := 0
	for _, f := range rec {
		n += strings.Count(f, "\n")
	}
	return n
}

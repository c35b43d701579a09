package eventlog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios"
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
	columns func(header []string) (msg, id, when, computer int, err error)
}

var powerShellLayout = csvLayout{columns: func(h []string) (int, int, int, int, error) {
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
		return 0, 0, 0, 0, fmt.Errorf("the header lacks %s: export with Get-WinEvent -LogName \"Key Management Service\" | Export-Csv", strings.Join(missing, ", "))
	}
	return col["message"], col["id"], col["timecreated"], col["machinename"], nil
}}

var eventViewerLayout = csvLayout{columns: func(h []string) (int, int, int, int, error) {
	if len(h) < 4 || strings.TrimSpace(h[1]) != "Date and Time" || strings.TrimSpace(h[3]) != "Event ID" {
		return 0, 0, 0, 0, errors.New("the header is not Event Viewer's (Level,Date and Time,Source,Event ID,Task Category)")
	}
	return 5, 3, 1, -1, nil
}}

// csv reads a CSV export.
func (rd *reader) csv(br *bufio.Reader, layout csvLayout) error {
	line := 0
	// Windows PowerShell's type line comes before the header.
	if b, err := br.Peek(5); err == nil && string(b) == "#TYPE" {
		if _, err := br.ReadString('\n'); err != nil {
			return &Error{File: rd.file, Line: 1, Msg: "only a #TYPE line: the export is empty"}
		}
		line = 1
	}
	bounded := &boundedReader{r: br}
	cr := csv.NewReader(bounded)
	bounded.offset = cr.InputOffset
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return rd.csvError(err, line, 1)
	}
	next := 1 + newlines(header) + 1 // the line the next record starts on, in the CSV
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	msgCol, idCol, timeCol, hostCol, err := layout.columns(header)
	if err != nil {
		return &Error{File: rd.file, Line: line + 1, Msg: err.Error()}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return rd.csvError(err, line, next)
		}
		l, _ := cr.FieldPos(0)
		next = l + newlines(rec) + 1
		l += line
		get := func(i int) string {
			if i >= 0 && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if id, err := strconv.Atoi(strings.TrimSpace(get(idCol))); err != nil || id != EventID {
			if err != nil && strings.TrimSpace(get(idCol)) != "" {
				rd.skipOther(l, fmt.Sprintf("a row whose event id %q is not a number", scenarios.Clip(get(idCol))))
			} else {
				rd.sum.Other++
			}
			continue
		}
		r := Request{File: rd.file, Line: l, Host: rd.host}
		if hostCol >= 0 {
			if r.Host, err = hostName(get(hostCol)); err != nil {
				rd.skip(l, 0, err)
				continue
			}
		}
		t, err := parseLocalTime(strings.TrimSpace(get(timeCol)), rd.loc)
		if err != nil {
			rd.skip(l, 0, err)
			continue
		}
		r.Time = t
		fields, err := splitInfo(get(msgCol))
		if err == nil {
			err = parseFields(fields, &r)
		}
		if err != nil {
			rd.skip(l, 0, err)
			continue
		}
		rd.sum.Requests++
		if err := rd.add(&r); err != nil {
			return err
		}
	}
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

// localLayouts are the ways Windows writes a local time in a CSV export,
// by culture. Slashes with AM/PM are the United States' month first;
// slashes without are day first (en-GB, fr-FR); dots are day first
// (de-DE).
var localLayouts = []string{
	"1/2/2006 3:04:05 PM",
	"2/1/2006 15:04:05",
	"2.1.2006 15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
}

// parseLocalTime reads a CSV export's time in loc; a time with an offset
// (RFC 3339) keeps its own.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is in no format kmssim knows (11/30/2026 2:03:22 PM, 30/11/2026 14:03:22, 30.11.2026 14:03:22, 2026-11-30 14:03:22, RFC 3339)", scenarios.Clip(s))
}

// newlines counts the line breaks inside the fields of a record.
func newlines(rec []string) int {
	n := 0
	for _, f := range rec {
		n += strings.Count(f, "\n")
	}
	return n
}

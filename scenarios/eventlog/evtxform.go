package eventlog

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
)

// evtx reads an .evtx file: the log itself, wevtutil epl's copy, or Event
// Viewer's "Save All Events As". Its records name their log: the records
// of another are counted, and a file of another log imports nothing. A
// damaged chunk is skipped with its offset, and the rest is read.
func (rd *reader) evtx(r io.Reader) error {
	er, err := evtx.NewReader(r)
	if err != nil {
		return &Error{File: rd.file, Msg: strings.TrimPrefix(err.Error(), "evtx: ") + ": copy the file again"}
	}
	for {
		rec, err := er.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &Error{File: rd.file, Msg: err.Error()}
		}
		rd.sum.count(rec.EventID, rec.Channel)
		if rec.EventID != EventID || !strings.EqualFold(rec.Channel, KMSChannel) {
			rd.sum.Other++
			continue
		}
		if err := rd.evtxRecord(rec); err != nil {
			return err
		}
	}
	for _, c := range er.Skipped() {
		what := "a chunk"
		switch {
		case c.Record:
			what = "a record"
		case c.LastID > 0:
			// Its events, of every id, are lost with it: say how many.
			what = fmt.Sprintf("a chunk of %s (records %d to %d, of any event id)", words.Plural(int(c.LastID-c.FirstID+1), "event"), c.FirstID, c.LastID)
		}
		rd.warn(Warning{File: rd.file, Offset: c.Offset, Msg: fmt.Sprintf("skipped %s: %v; the host's log itself may hold them: copy it again", what, c.Err)})
	}
	if n := er.SkippedCount() - len(er.Skipped()); n > 0 {
		rd.warn(Warning{File: rd.file, Msg: fmt.Sprintf("%d more damaged chunks or records skipped", n)})
	}
	for _, c := range er.Unchecked() {
		if !errors.Is(c.Err, evtx.ErrStaleHeader) {
			rd.warn(Warning{File: rd.file, Offset: c.Offset, Msg: fmt.Sprintf("read a chunk whose checksums do not hold (%v), record by record, as the log was copied while open: check its newest events", c.Err)})
		}
	}
	if h := er.Header(); er.Chunks() < int(h.ChunkCount) {
		rd.warn(Warning{File: rd.file, Msg: fmt.Sprintf("the file holds %s of the %d its header names: it was cut short, and the newest events may be missing; copy it again", words.Plural(er.Chunks(), "whole chunk"), h.ChunkCount)})
	}
	return nil
}

// evtxRecord reads one event 12290 of an .evtx file.
func (rd *reader) evtxRecord(rec *evtx.Record) error {
	r := Request{File: rd.file, Event: int(rec.ID), Offset: rec.Offset, Time: rec.Time}
	var err error
	if r.Host, err = hostName(rec.Computer); err == nil {
		rd.fields = append(rd.fields[:0], rec.Data...)
		err = parseFields(rd.fields, &r)
	}
	if err != nil {
		rd.sum.Skipped++
		if rd.sum.Skipped <= maxWarningsPerFile {
			rd.warn(Warning{File: rd.file, Event: r.Event, Offset: r.Offset, Msg: "skipped an event 12290: " + err.Error()})
		}
		return nil
	}
	rd.sum.Requests++
	return rd.add(&r)
}

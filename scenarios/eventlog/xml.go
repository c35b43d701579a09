package eventlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"time"
)

// wevtutil qe "Key Management Service" /f:xml writes one <Event> element
// per event, one after another, with no root element unless /e:Events is
// given. An event 12290 looks like this (shortened):
//
//	<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>
//	  <System>
//	    <Provider Name='Microsoft-Windows-Security-SPP' .../>
//	    <EventID Qualifiers='16384'>12290</EventID>
//	    <TimeCreated SystemTime='2026-11-30T14:03:22.4417306Z'/>
//	    <Computer>kms1.corp.example</Computer>
//	  </System>
//	  <EventData>
//	    <Data>0x0</Data><Data>25</Data><Data>pc-042.corp.example</Data>…
//	  </EventData>
//	</Event>
//
// The reader cuts the stream at each </Event> and picks the four things it
// needs out of the event's bytes, which is many times faster than a
// general XML decoder and holds one event at a time.

var (
	endEvent  = []byte("</Event>")
	eventTag  = []byte("<Event")
	systemTag = []byte("<System>")
)

// xml reads a wevtutil XML export.
func (rd *reader) xml(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxRecordSize)
	sc.Split(splitEvents)
	line := 1 // the line the next token starts on
	for sc.Scan() {
		tok := sc.Bytes()
		start := eventStart(tok)
		startLine := line + bytes.Count(tok[:max(start, 0)], []byte{'\n'})
		line += bytes.Count(tok, []byte{'\n'})
		if !bytes.HasSuffix(tok, endEvent) {
			// The rest of the file after the last event.
			rest := bytes.TrimSpace(tok)
			rest = bytes.TrimSpace(bytes.TrimSuffix(rest, []byte("</Events>")))
			if start >= 0 {
				return &Error{File: rd.file, Line: startLine, Msg: "the file ends inside an event: it is cut short (copy it again, or export it anew)"}
			}
			if len(rest) > 0 && !onlyProlog(rest) {
				return &Error{File: rd.file, Line: startLine, Msg: fmt.Sprintf("unexpected text after the last event: %q", clip(firstLine(rest)))}
			}
			break
		}
		if start < 0 || !bytes.Contains(tok[start:], systemTag) {
			return &Error{File: rd.file, Line: startLine, Msg: "</Event> without an <Event> and its <System>: this is not a Windows event export"}
		}
		if pre := bytes.TrimSpace(tok[:start]); len(pre) > 0 && !onlyProlog(pre) {
			return &Error{File: rd.file, Line: line - bytes.Count(tok, []byte{'\n'}), Msg: fmt.Sprintf("unexpected text before an event: %q", clip(firstLine(pre)))}
		}
		if err := rd.xmlEvent(tok[start:], startLine); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &Error{File: rd.file, Line: line, Msg: fmt.Sprintf("an event of more than %d bytes: this is not a KMS log", MaxRecordSize)}
		}
		return &Error{File: rd.file, Line: line, Msg: err.Error()}
	}
	return nil
}

// splitEvents is a bufio.SplitFunc that cuts after each </Event>.
func splitEvents(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.Index(data, endEvent); i >= 0 {
		return i + len(endEvent), data[:i+len(endEvent)], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// eventStart returns the offset of the <Event> start tag in b, or -1.
func eventStart(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], eventTag)
		if i < 0 {
			return -1
		}
		j := off + i + len(eventTag)
		if j < len(b) && (b[j] == ' ' || b[j] == '>' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
			return off + i
		}
		off = j
	}
}

// onlyProlog reports whether b holds only what may come before or
// between events: an XML declaration, the <Events> root's tags, comments.
func onlyProlog(b []byte) bool {
	for len(b) > 0 {
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			return true
		}
		var end []byte
		switch {
		case bytes.HasPrefix(b, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(b, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(b, []byte("<Events")), bytes.HasPrefix(b, []byte("</Events")):
			end = []byte(">")
		default:
			return false
		}
		i := bytes.Index(b, end)
		if i < 0 {
			return false
		}
		b = b[i+len(end):]
	}
	return true
}

// xmlEvent reads one <Event> element, starting on line.
func (rd *reader) xmlEvent(ev []byte, line int) error {
	rd.n++
	id, ok := element(ev, tagEventID)
	if !ok {
		rd.skipOther(line, "an event without an <EventID>")
		return nil
	}
	if n, err := strconv.Atoi(string(bytes.TrimSpace(id))); err != nil || n != EventID {
		rd.sum.Other++
		return nil
	}
	r := Request{File: rd.file, Line: line, Event: rd.n}
	computer, ok := element(ev, tagComputer)
	if !ok || len(bytes.TrimSpace(computer)) == 0 {
		rd.skip(line, rd.n, errors.New("no <Computer>"))
		return nil
	}
	r.Host = string(bytes.TrimSpace(computer))
	created, ok := attribute(ev, "TimeCreated", "SystemTime")
	if !ok {
		rd.skip(line, rd.n, errors.New("no <TimeCreated SystemTime=…>"))
		return nil
	}
	t, err := time.Parse(time.RFC3339, created)
	if err != nil {
		rd.skip(line, rd.n, fmt.Errorf("TimeCreated %q is not a time such as 2026-11-30T14:03:22.4417306Z", clip(created)))
		return nil
	}
	r.Time = t.UTC()
	data, ok := element(ev, tagEventData)
	if !ok {
		rd.skip(line, rd.n, errors.New("no <EventData>"))
		return nil
	}
	fields, err := dataFields(data)
	if err == nil {
		err = parseInfo(fields, &r)
	}
	if err != nil {
		rd.skip(line, rd.n, err)
		return nil
	}
	rd.sum.Requests++
	return rd.add(&r)
}

// skipOther counts an event that is not one Read wants, with a warning
// when it is malformed.
func (rd *reader) skipOther(line int, msg string) {
	rd.sum.Other++
	rd.warn(Warning{File: rd.file, Line: line, Msg: "skipped " + msg})
}

// tag is an element name and its open and close tags, made once.
type tag struct{ open, close []byte }

func newTag(name string) tag { return tag{[]byte("<" + name), []byte("</" + name + ">")} }

var (
	tagEventID   = newTag("EventID")
	tagComputer  = newTag("Computer")
	tagEventData = newTag("EventData")
)

// element returns the text inside the first <name …>…</name> of b.
func element(b []byte, t tag) ([]byte, bool) {
	off := 0
	for {
		i := bytes.Index(b[off:], t.open)
		if i < 0 {
			return nil, false
		}
		j := off + i + len(t.open)
		if j >= len(b) {
			return nil, false
		}
		if c := b[j]; c != '>' && c != ' ' && c != '/' && c != '\t' && c != '\n' && c != '\r' {
			off = j
			continue
		}
		gt := bytes.IndexByte(b[j:], '>')
		if gt < 0 {
			return nil, false
		}
		if b[j+gt-1] == '/' {
			return nil, true // <name/>
		}
		body := b[j+gt+1:]
		end := bytes.Index(body, t.close)
		if end < 0 {
			return nil, false
		}
		return body[:end], true
	}
}

// attribute returns the value of attribute attr of the first <name …>
// tag of b.
func attribute(b []byte, name, attr string) (string, bool) {
	i := bytes.Index(b, []byte("<"+name+" "))
	if i < 0 {
		return "", false
	}
	tag := b[i:]
	if gt := bytes.IndexByte(tag, '>'); gt >= 0 {
		tag = tag[:gt]
	}
	a := bytes.Index(tag, []byte(attr+"="))
	if a < 0 || a+len(attr)+2 > len(tag) {
		return "", false
	}
	v := tag[a+len(attr)+1:]
	q := v[0]
	if q != '\'' && q != '"' {
		return "", false
	}
	end := bytes.IndexByte(v[1:], q)
	if end < 0 {
		return "", false
	}
	return string(v[1 : 1+end]), true
}

// dataFields returns the texts of the <Data> elements of an <EventData>,
// in order, entities decoded.
func dataFields(b []byte) ([]string, error) {
	var out []string
	for {
		i := bytes.Index(b, []byte("<Data"))
		if i < 0 {
			return out, nil
		}
		b = b[i+len("<Data"):]
		gt := bytes.IndexByte(b, '>')
		if gt < 0 {
			return nil, errors.New("a <Data> element is not closed")
		}
		if gt > 0 && b[gt-1] == '/' {
			out = append(out, "")
			b = b[gt+1:]
			continue
		}
		b = b[gt+1:]
		end := bytes.Index(b, []byte("</Data>"))
		if end < 0 {
			return nil, errors.New("a <Data> element is not closed")
		}
		s := string(b[:end])
		if bytes.IndexByte(b[:end], '&') >= 0 {
			s = html.UnescapeString(s)
		}
		out = append(out, s)
		b = b[end+len("</Data>"):]
	}
}

package eventlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kmssim/kmssim/scenarios/words"
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
	sc.Split((&eventSplitter{}).split)
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
				return &Error{File: rd.file, Line: startLine, Msg: fmt.Sprintf("unexpected text after the last event: %q", words.Clip(firstLine(rest)))}
			}
			break
		}
		if start < 0 || !bytes.Contains(tok[start:], systemTag) {
			return &Error{File: rd.file, Line: startLine, Msg: "</Event> without an <Event> and its <System>: this is not a Windows event export"}
		}
		if pre := bytes.TrimSpace(tok[:start]); len(pre) > 0 && !onlyProlog(pre) {
			return &Error{File: rd.file, Line: line - bytes.Count(tok, []byte{'\n'}), Msg: fmt.Sprintf("unexpected text before an event: %q", words.Clip(firstLine(pre)))}
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

// eventSplitter is a bufio.SplitFunc that cuts after each </Event>. When
// the buffer ends inside an event, the scanner calls it again with more
// data from the same start: it resumes where it stopped looking.
type eventSplitter struct{ searched int }

func (e *eventSplitter) split(data []byte, atEOF bool) (int, []byte, error) {
	from := max(e.searched-len(endEvent)+1, 0)
	if i := bytes.Index(data[from:], endEvent); i >= 0 {
		e.searched = 0
		n := from + i + len(endEvent)
		return n, data[:n], nil
	}
	if atEOF && len(data) > 0 {
		e.searched = 0
		return len(data), data, nil
	}
	e.searched = len(data)
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
	p := &rd.parts
	p.scan(ev)
	if p.id == nil {
		rd.skipOther(line, rd.n, "an event without an <EventID>")
		return nil
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(p.id)))
	channel := xmlText(bytes.TrimSpace(p.channel))
	rd.sum.count(n, channel)
	if err != nil || n != EventID || !kmsChannel(channel) {
		rd.sum.Other++
		return nil
	}
	r := Request{File: rd.file, Line: line, Event: rd.n}
	if r.Host, err = hostName(xmlText(p.computer)); err != nil {
		rd.skip(line, rd.n, err)
		return nil
	}
	if p.created == nil {
		rd.skip(line, rd.n, errors.New("no <TimeCreated SystemTime=…>"))
		return nil
	}
	t, err := time.Parse(time.RFC3339, string(p.created))
	if err != nil {
		rd.skip(line, rd.n, fmt.Errorf("TimeCreated %q is not a time such as 2026-11-30T14:03:22.4417306Z", words.Clip(string(p.created))))
		return nil
	}
	r.Time = t.UTC()
	if !p.eventData {
		rd.skip(line, rd.n, errors.New("no <EventData>"))
		return nil
	}
	rd.fields = rd.fields[:0]
	for _, d := range p.data {
		rd.fields = append(rd.fields, xmlText(d))
	}
	if err := parseFields(rd.fields, &r); err != nil {
		rd.skip(line, rd.n, err)
		return nil
	}
	rd.sum.Requests++
	return rd.add(&r)
}

// eventParts are the parts of an event Read needs, as scan finds them: nil
// when absent. They point into the event's bytes.
type eventParts struct {
	id, computer, created []byte
	channel               []byte
	eventData             bool     // an <EventData> element was found
	data                  [][]byte // the texts of its <Data> elements
}

// scan finds the parts of event ev in one pass over its tags: the text of
// <EventID> and <Computer>, the SystemTime of <TimeCreated>, and the texts
// of the <Data> elements inside <EventData>. Searching for each part
// apart would scan the event once per part, and an XML event is mostly
// '<'.
func (p *eventParts) scan(ev []byte) {
	*p = eventParts{data: p.data[:0]}
	inData := false
	pos := 0
	for pos < len(ev) {
		i := bytes.IndexByte(ev[pos:], '<')
		if i < 0 {
			return
		}
		start := pos + i + 1
		end := start
		for end < len(ev) && !nameEnd(ev[end]) && (ev[end] != '/' || end == start) {
			end++ // a '/' first is part of the name: </EventData>
		}
		gt := bytes.IndexByte(ev[end:], '>')
		if gt < 0 {
			return
		}
		tagEnd := end + gt // the '>'
		closed := ev[tagEnd-1] == '/'
		pos = tagEnd + 1
		name := ev[start:end]
		switch string(name) {
		case "EventData":
			p.eventData, inData = true, !closed
		case "/EventData":
			inData = false
		case "TimeCreated":
			if v, ok := attr(ev[end:tagEnd], "SystemTime="); ok {
				p.created = v
			}
		case "EventID", "Computer", "Channel", "Data":
			text := []byte{}
			if !closed {
				j := bytes.IndexByte(ev[pos:], '<')
				if j < 0 {
					j = len(ev) - pos
				}
				text = ev[pos : pos+j]
				pos += j
			}
			switch string(name) {
			case "EventID":
				p.id = first(p.id, text)
			case "Computer":
				p.computer = first(p.computer, text)
			case "Channel":
				p.channel = first(p.channel, text)
			case "Data":
				if inData {
					p.data = append(p.data, text)
				}
			}
		}
	}
}

// first returns have when an element set it already, else text: the
// first of an element counts.
func first(have, text []byte) []byte {
	if have != nil {
		return have
	}
	return text
}

// nameEnd reports whether c ends a tag's name (as '/' does after its
// first character: <Data/>).
func nameEnd(c byte) bool {
	return c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r'
}

// attr returns the value of the attribute name= (quoted with ' or ") in
// the attributes of a tag.
func attr(tag []byte, name string) ([]byte, bool) {
	a := bytes.Index(tag, []byte(name))
	if a < 0 || a+len(name) >= len(tag) {
		return nil, false
	}
	v := tag[a+len(name):]
	q := v[0]
	if q != '\'' && q != '"' {
		return nil, false
	}
	end := bytes.IndexByte(v[1:], q)
	if end < 0 {
		return nil, false
	}
	return v[1 : 1+end], true
}

// xmlText returns the text of an element as its characters: the five
// entities of XML and character references replaced.
func xmlText(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		j := bytes.IndexByte(b[max(i, 0):], ';')
		if i < 0 || j < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:i])
		ref, rest := string(b[i+1:i+j]), b[i+j+1:]
		switch {
		case ref == "lt":
			out.WriteByte('<')
		case ref == "gt":
			out.WriteByte('>')
		case ref == "amp":
			out.WriteByte('&')
		case ref == "quot":
			out.WriteByte('"')
		case ref == "apos":
			out.WriteByte('\'')
		case strings.HasPrefix(ref, "#x"), strings.HasPrefix(ref, "#"):
			base, digits := 10, ref[1:]
			if strings.HasPrefix(ref, "#x") {
				base, digits = 16, ref[2:]
			}
			n, err := strconv.ParseUint(digits, base, 32)
			if err != nil || !utf8.ValidRune(rune(n)) {
				out.WriteString("&" + ref + ";")
			} else {
				out.WriteRune(rune(n))
			}
		default:
			out.WriteString("&" + ref + ";")
		}
		b = rest
	}
	return out.String()
}

// kmsChannel reports whether an event of channel, as the export names it
// ("" where it names none), is of the Key Management Service log.
func kmsChannel(channel string) bool {
	return channel == "" || strings.EqualFold(channel, KMSChannel)
}

// skipOther counts an event that is not one Read wants, with a warning
// when it is malformed, as skip does, under the same bound.
func (rd *reader) skipOther(line, event int, msg string) {
	rd.sum.Other++
	rd.malformed++
	if rd.malformed <= maxWarningsPerFile {
		rd.warn(Warning{File: rd.file, Line: line, Event: event, Msg: "skipped " + msg})
	}
}

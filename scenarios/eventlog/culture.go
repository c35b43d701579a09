package eventlog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"
)

// The CSV exports write times in the display language's culture: short
// date and long time, without an offset (Get-WinEvent | Export-Csv
// formats TimeCreated with DateTime.ToString(); Event Viewer its own
// column alike). The defaults, from .NET's and Windows' locale data:
//
//	en-US  11/30/2026 1:15:48 PM     de-DE, ru-RU  30.11.2026 13:15:48
//	en-GB, fr-FR, es-ES, it-IT, pt-BR  30/11/2026 13:15:48
//	nl-NL  30-11-2026 13:15:48       ja-JP, zh-CN  2026/11/30 13:15:48
//	zh-TW  2026/11/30 下午 01:15:48   ko-KR  2026-11-30 오후 1:15:48
//
// A year first settles the order. Otherwise a day above 12 settles it for
// the file, and until one comes each record settles its own by the
// client's clock in its fields (K39), which is written year first in
// every culture: of the two readings of 3/4/2026, March 4 and April 3,
// the one near the client's time is the host's. Where neither does, the
// record waits for the file to settle the order; a file that ends with
// records still waiting is refused, naming -culture.

// DateOrder is the order of day and month in a culture's short date.
type DateOrder int

// The orders.
const (
	// OrderUnknown: settled by the file (a day above 12) or by each
	// record's client time.
	OrderUnknown DateOrder = iota
	DayFirst
	MonthFirst
)

// cultureOrders gives the order of the cultures whose display language
// kmssim reads. Year-first cultures (ja-JP, zh-CN, zh-TW, ko-KR) need no
// order and are listed for -culture's sake.
var cultureOrders = map[string]DateOrder{
	"en-us": MonthFirst,
	"en-gb": DayFirst, "en-au": DayFirst, "en-ie": DayFirst, "en-in": DayFirst, "en-nz": DayFirst,
	"de-de": DayFirst, "de-at": DayFirst, "de-ch": DayFirst,
	"fr-fr": DayFirst, "fr-be": DayFirst, "fr-ch": DayFirst, "fr-ca": DayFirst,
	"es-es": DayFirst, "es-mx": DayFirst, "it-it": DayFirst, "nl-nl": DayFirst, "nl-be": DayFirst,
	"pt-br": DayFirst, "pt-pt": DayFirst, "ru-ru": DayFirst, "pl-pl": DayFirst,
	"ja-jp": OrderUnknown, "zh-cn": OrderUnknown, "zh-tw": OrderUnknown, "ko-kr": OrderUnknown,
}

// CultureOrder returns the date order of a culture name such as de-DE,
// as -culture takes it; the names dmy and mdy stand for the orders.
func CultureOrder(name string) (DateOrder, error) {
	switch n := strings.ToLower(strings.ReplaceAll(name, "_", "-")); n {
	case "dmy":
		return DayFirst, nil
	case "mdy":
		return MonthFirst, nil
	default:
		if o, ok := cultureOrders[n]; ok {
			return o, nil
		}
	}
	return 0, fmt.Errorf("unknown culture %q: give the display language of the Windows that exported the file, such as en-US (month first), en-GB, de-DE or fr-FR (day first), or dmy or mdy", name)
}

// designators are the words of the morning and the afternoon that 12-hour
// cultures write, before or after the time.
var designators = []struct {
	word string
	pm   bool
}{
	{"AM", false}, {"PM", true}, {"a.m.", false}, {"p.m.", true}, {"am", false}, {"pm", true},
	{"午前", false}, {"午後", true}, {"上午", false}, {"下午", true}, {"오전", false}, {"오후", true},
}

// localTime is a CSV export's time as read, before its order is settled.
type localTime struct {
	a, b, year     int // the date's numbers: a and b are day and month in some order
	yearFirst      bool
	hour, min, sec int
}

// parseLocalTime reads a time as a culture writes it (above), or in RFC
// 3339. The date's three numbers are split by '/', '.' or '-', the time's
// by ':' (or '.', as Windows XP's it-IT), with AM or PM in any of the
// designators.
func parseLocalTime(s string) (localTime, time.Time, error) {
	var lt localTime
	s = strings.Map(func(r rune) rune {
		switch {
		case r == 0xa0 || r == 0x202f:
			return ' '
		case isControl(r):
			return -1 // the direction marks some cultures put in dates
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return lt, t.UTC(), nil
	}
	bad := func() (localTime, time.Time, error) {
		return lt, time.Time{}, fmt.Errorf("time %q is in no form kmssim knows (11/30/2026 1:15:48 PM, 30.11.2026 13:15:48, 30/11/2026 13:15:48, 2026/11/30 13:15:48, RFC 3339)", words.Clip(s))
	}
	pm, twelve := false, false
	for _, d := range designators {
		if i := strings.Index(s, d.word); i >= 0 {
			pm, twelve = d.pm, true
			s = s[:i] + " " + s[i+len(d.word):]
			break
		}
	}
	parts := strings.Fields(strings.Replace(s, "T", " ", 1))
	if len(parts) != 2 {
		return bad()
	}
	date, ok := numbers(parts[0], "/.-")
	if !ok || len(date) != 3 {
		return bad()
	}
	clock, ok := numbers(parts[1], ":.")
	if !ok || len(clock) != 3 && len(clock) != 2 {
		return bad()
	}
	if date[0] > 31 {
		lt.yearFirst, lt.year, lt.a, lt.b = true, date[0], date[1], date[2]
	} else {
		lt.a, lt.b, lt.year = date[0], date[1], date[2]
	}
	lt.hour, lt.min = clock[0], clock[1]
	if len(clock) == 3 {
		lt.sec = clock[2]
	}
	if twelve {
		if lt.hour < 1 || lt.hour > 12 {
			return bad()
		}
		lt.hour %= 12
		if pm {
			lt.hour += 12
		}
	}
	if lt.year < 1601 || lt.year > 9999 || lt.hour > 23 || lt.min > 59 || lt.sec > 59 {
		return bad()
	}
	return lt, time.Time{}, nil
}

// numbers splits s at any of seps into decimal numbers.
func numbers(s, seps string) ([]int, bool) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// in returns the time in loc, with the date's numbers in order o, and
// whether it is a date of the calendar.
func (lt localTime) in(o DateOrder, loc *time.Location) (time.Time, bool) {
	day, month := lt.a, lt.b
	if lt.yearFirst || o == MonthFirst {
		day, month = lt.b, lt.a
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(lt.year, time.Month(month), day, lt.hour, lt.min, lt.sec, 0, loc)
	if t.Day() != day {
		return time.Time{}, false // February 30
	}
	return t.UTC(), true
}

// order returns the order the time's own numbers settle: a day above 12.
func (lt localTime) order() DateOrder {
	switch {
	case lt.a > 12 && lt.b <= 12:
		return DayFirst
	case lt.b > 12 && lt.a <= 12:
		return MonthFirst
	}
	return OrderUnknown
}

// nearClient is how near the client's clock a reading of an unsettled
// date must be, and the other far: the two readings of a date are a month
// apart at least, a client's clock within hours of its host's (K40).
const nearClient = 7 * 24 * time.Hour

// localTime reads the CSV time s of request r, whose fields are read: in
// the file's order once settled, else by r's client time.
func (rd *reader) localTime(s string, r *Request) (time.Time, error) {
	lt, t, err := parseLocalTime(s)
	if err != nil || !t.IsZero() {
		return t, err
	}
	o := rd.order
	if lt.yearFirst || lt.a == lt.b {
		o = DayFirst // in reads a year-first date whatever the order; 5/5 reads alike
	}
	if o == OrderUnknown {
		if o = lt.order(); o != OrderUnknown {
			rd.order = o // a day above 12 settles the file's
		}
	}
	if o != OrderUnknown {
		if t, ok := lt.in(o, rd.loc); ok {
			return t, nil
		}
		return time.Time{}, fmt.Errorf("time %q is no date of the calendar, day %s", words.Clip(s), map[DateOrder]string{DayFirst: "first", MonthFirst: "second"}[o])
	}
	dmy, ok1 := lt.in(DayFirst, rd.loc)
	mdy, ok2 := lt.in(MonthFirst, rd.loc)
	near := func(t time.Time, ok bool) bool { return ok && t.Sub(r.ClientTime).Abs() <= nearClient }
	switch {
	case near(dmy, ok1) && !near(mdy, ok2):
		return dmy, nil
	case near(mdy, ok2) && !near(dmy, ok1):
		return mdy, nil
	}
	return time.Time{}, errUnsettled
}

// errUnsettled is a date that reads day first or month first, and that
// neither the file so far nor its record's client time settles: the
// record is held until the file settles it (held), or the file ends.
var errUnsettled = errors.New("day and month unsettled")

// maxHeld bounds the records held for a file to settle their dates.
const maxHeld = 100_000

// heldRecord is a request whose date waits for the file's order.
type heldRecord struct {
	r    Request
	when string
}

// hold keeps r, whose CSV time is when, until the file settles the order
// of its dates; past maxHeld, the file is refused.
func (rd *reader) hold(r *Request, when string) error {
	rd.held = append(rd.held, heldRecord{*r, when})
	if len(rd.held) >= maxHeld {
		return rd.unsettled()
	}
	return nil
}

// release adds the held records, once the file's order is settled.
func (rd *reader) release() error {
	if rd.order == OrderUnknown || len(rd.held) == 0 {
		return nil
	}
	held := rd.held
	rd.held = nil
	for i := range held {
		h := &held[i]
		t, err := rd.localTime(h.when, &h.r)
		if err != nil {
			rd.skip(h.r.Line, 0, err)
			continue
		}
		h.r.Time = t
		if err := rd.accept(&h.r); err != nil {
			return err
		}
	}
	return nil
}

// unsettled is the error of a file whose held records' dates nothing
// settled: a clear refusal naming -culture, not a guess.
func (rd *reader) unsettled() error {
	h := rd.held[0]
	return &Error{File: rd.file, Line: h.r.Line, Msg: fmt.Sprintf("the dates of %s (the first: %q) can be read day first or month first, and neither the file nor the clients' clocks settle which: give -culture, the display language of the Windows that exported it (en-US, month first; en-GB, de-DE, fr-FR, day first)",
		words.Plural(len(rd.held), "record"), words.Clip(h.when))}
}

// eventViewerHeaders are Event Viewer's CSV header, "Level,Date and
// Time,Source,Event ID,Task Category", in the display languages kmssim
// knows, by the names of its date and event id columns. English, German
// and Japanese are from exports seen; the others from Windows' own
// translations of the columns (Event Viewer's help) where found. A
// header of another language is read by the columns' fixed order.
var eventViewerHeaders = []struct {
	lang, date, id string
}{
	{"English", "Date and Time", "Event ID"},
	{"German", "Datum und Uhrzeit", "Ereignis-ID"},
	{"French", "Date et heure", "ID de l’événement"},
	{"French", "Date et heure", "ID de l'événement"},
	{"Spanish", "Fecha y hora", "Id. del evento"},
	{"Italian", "Data e ora", "ID evento"},
	{"Dutch", "Datum en tijd", "Gebeurtenis-id"},
	{"Portuguese", "Data e Hora", "Identificação do Evento"},
	{"Portuguese", "Data e Hora", "ID do Evento"},
	{"Japanese", "日付と時刻", "イベント ID"},
	{"Chinese", "日期和时间", "事件 ID"},
	{"Chinese", "日期和時間", "事件識別碼"},
	{"Russian", "Дата и время", "Код события"},
	{"Polish", "Data i godzina", "Identyfikator zdarzenia"},
}

// A CSV export's times are local times without an offset (-tz): read in
// the wrong zone, every record is off by the same hours from the client's
// clock in its fields, which the host's clock is within minutes of (K40).
// The reader counts each record's difference, to the quarter hour.

// noteOffset counts the difference of r's time from its client's clock.
func (rd *reader) noteOffset(r *Request) {
	d := r.Time.Sub(r.ClientTime)
	if d.Abs() > 15*time.Hour {
		return // a clock far off, not a zone
	}
	if rd.offsets == nil {
		rd.offsets = map[time.Duration]int{}
	}
	rd.offsets[d.Round(15*time.Minute)]++
}

// zoneOffset returns the difference most records of the file share, when
// it is an hour or more and more than half have it.
func (rd *reader) zoneOffset() (time.Duration, bool) {
	var best time.Duration
	for d, n := range rd.offsets {
		if n > rd.offsets[best] || n == rd.offsets[best] && d < best {
			best = d
		}
	}
	return best, best.Abs() >= time.Hour && 2*rd.offsets[best] > rd.sum.Requests
}

// aheadOf says whether d, a time less another, is ahead of or behind it.
func aheadOf(d time.Duration) string {
	if d < 0 {
		return "behind"
	}
	return "ahead of"
}

package eventlog

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"
)

// A host whose clock is wrong logs requests far from the others' (a
// record dated 2099, or 1601): taken at its word, one such record would
// move the moment of the forecast by decades. The import keeps the bulk
// of the log instead: the requests between the last far gap before its
// start and the first far gap after its end, where what lies beyond a gap
// is a few records only.

// maxOutlierShare is the share of a log's records that may lie beyond a
// far gap and still be taken as a wrong clock's: more than that is a
// part of the log, however odd.
const maxOutlierShare = 0.01

// daySpan is what a day of requests holds, for Bulk: how many, and the
// first and latest, in Unix seconds. A gap as long as the count window
// lies between days, so days are fine enough, and hold far less than the
// requests' times would.
type daySpan struct {
	n           int
	first, last int64
}

// noteTime counts a request's time t (Unix seconds) in its day.
func (f *Fleet) noteTime(t int64) {
	day := t / 86400
	if t%86400 < 0 {
		day--
	}
	if f.days == nil {
		f.days = map[int64]*daySpan{}
	}
	d := f.days[day]
	if d == nil {
		d = &daySpan{first: t, last: t}
		f.days[day] = d
	}
	d.n++
	d.first, d.last = min(d.first, t), max(d.last, t)
}

// Bulk returns the first and latest moments of the bulk of the requests
// added so far, and how many lie outside it. A request is outside when
// at most 1% of all (one, of ten or more) lie beyond a gap of more than
// the count window (30 days, K11: no table remembers across it) after the
// bulk's end, or of more than the validity (180 days, K7: no activation
// lasts across it) before its start. It is zero when nothing was added.
func (f *Fleet) Bulk() (from, until time.Time, outside int) {
	if len(f.days) == 0 {
		return time.Time{}, time.Time{}, 0
	}
	var spans []daySpan
	total := 0
	for _, day := range slices.Sorted(maps.Keys(f.days)) {
		spans = append(spans, *f.days[day])
		total += f.days[day].n
	}
	// A lone record beyond a far gap is a wrong clock's in a log of ten
	// or more; in a smaller one, nothing tells which side is wrong.
	limit := int(maxOutlierShare * float64(total))
	if total >= 10 {
		limit = max(limit, 1)
	}
	// The furthest far gap from the end with few enough beyond it.
	hi, beyond := len(spans)-1, 0
	for i := len(spans) - 1; i >= 1; i-- {
		if beyond += spans[i].n; beyond > limit {
			break
		}
		if spans[i].first-spans[i-1].last > int64(f.model.CountWindow) {
			hi = i - 1
		}
	}
	lo, before := 0, 0
	for i := 0; i < hi; i++ {
		if before += spans[i].n; before > limit {
			break
		}
		if spans[i+1].first-spans[i].last > int64(f.model.Validity) {
			lo = i + 1
		}
	}
	for _, d := range spans[lo : hi+1] {
		total -= d.n
	}
	return time.Unix(spans[lo].first, 0).UTC(), time.Unix(spans[hi].last, 0).UTC(), total
}

// NoteTime counts a request at t for Bulk without adding it: for a
// caller that keeps the requests itself (the backtest) and wants only
// the bounds of their bulk.
func (f *Fleet) NoteTime(t time.Time) { f.noteTime(t.Unix()) }

// SetBounds makes Add leave out the requests before from or after until
// (zero: no bound): those far from the bulk of the logs (Bulk). The
// state's moment is then until.
func (f *Fleet) SetBounds(from, until time.Time) { f.from, f.until = from, until }

// SetNow makes Add leave out the requests after now, and State take now
// as its moment, as kmssim import -now does.
func (f *Fleet) SetNow(now time.Time) { f.until, f.now = now, true }

// leaveOut counts a request outside the bounds.
func (f *Fleet) leaveOut(r *Request) {
	f.nOutside++
	if len(f.outside) < maxListed {
		f.outside = append(f.outside, *r)
	}
	if f.outsideHosts == nil {
		f.outsideHosts = map[string]int{}
	}
	f.outsideHosts[ShortName(r.Host)]++
	if f.outsideFirst.IsZero() || r.Time.Before(f.outsideFirst) {
		f.outsideFirst = r.Time
	}
	if r.Time.After(f.outsideLast) {
		f.outsideLast = r.Time
	}
}

// bareKey is a request as any host's log holds it (requestKey): a hash
// of what tells it apart but its time, and the time in Unix seconds,
// apart so that two logs can be compared hours apart.
type bareKey struct {
	key uint64
	at  int64
}

// requestKey is what tells one request from another in any host's log:
// a hash of the machine (in any case), its CMID, the result and the
// activation id, and the time in Unix seconds (an Event Viewer CSV has no
// finer time). It is FNV-1a, written out so that a million requests hash
// without an allocation.
func requestKey(r *Request) bareKey {
	h := fnvString(fnvOffset, r.Machine, true)
	h = fnvString(h, r.CMID, false)
	for i := range 4 {
		h = (h ^ uint64(byte(r.Result>>(8*i)))) * fnvPrime
	}
	return bareKey{key: fnvString(h, r.ActivationID, false), at: r.Time.Unix()}
}

// hash is the request's key and time in one number: what a host's log
// holds once (dedupe).
func (k bareKey) hash() uint64 {
	h := k.key
	for i := range 8 {
		h = (h ^ uint64(byte(k.at>>(8*i)))) * fnvPrime
	}
	return h
}

// The constants of 64-bit FNV-1a (hash/fnv's).
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

// fnvString adds s and a 0 byte that ends it to FNV-1a hash h, with
// ASCII letters in lower case if fold is set.
func fnvString(h uint64, s string, fold bool) uint64 {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if fold && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	return (h ^ 0) * fnvPrime
}

// duplicates counts the keys that stand more than once in keys, which it
// sorts.
func duplicates(keys []uint64) int {
	slices.Sort(keys)
	n := 0
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			n++
		}
	}
	return n
}

// outsideWarnings name the requests Add left out, in one warning, and the
// hosts all of whose requests it left out, which the state lacks.
func (f *Fleet) outsideWarnings() []Warning {
	if f.nOutside == 0 {
		return nil
	}
	var ws []Warning
	for _, h := range slices.Sorted(maps.Keys(f.outsideHosts)) {
		if f.hosts[h] == nil {
			ws = append(ws, Warning{Msg: fmt.Sprintf("%s: all its %s were left out (above), and it is not in the scenario", h, words.Plural(f.outsideHosts[h], "request"))})
		}
	}
	return append([]Warning{f.outsideWarning()}, ws...)
}

// outsideWarning names the requests Add left out, in one warning.
func (f *Fleet) outsideWarning() Warning {
	var where []string
	for _, r := range f.outside {
		place := Warning{File: r.File, Line: r.Line, Event: r.Event, Offset: r.Offset}.String()
		where = append(where, fmt.Sprintf("%s at %s (%s)", r.Machine, r.Time.Format(time.RFC3339), strings.TrimSuffix(place, ": ")))
	}
	if f.nOutside > len(f.outside) {
		where = append(where, fmt.Sprintf("%d more", f.nOutside-len(f.outside)))
	}
	if f.now {
		return Warning{Msg: fmt.Sprintf("%s after -now %s left out: %s", words.Plural(f.nOutside, "request"), f.until.Format(time.RFC3339), strings.Join(where, ", "))}
	}
	return Warning{Msg: fmt.Sprintf("%s far from the rest of the log (%s to %s) left out, a host's or a client's clock being wrong: %s; give -now TIME to set the moment of the forecast yourself",
		words.Plural(f.nOutside, "request"), f.from.Format(time.RFC3339), f.until.Format(time.RFC3339), strings.Join(where, ", "))}
}

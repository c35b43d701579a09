package eventlog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
)

// The checks of an import: what the state built from the logs should not
// be trusted on, each a warning.

// maxClockSkew is how far a client's clock may be from the host's before
// the host refuses it (K40: 0xC004F06C, 4 hours).
const maxClockSkew = 4 * time.Hour

// stale reports whether host h's log, which ends gap before the latest
// event of all, ends much earlier than the others': h heard no renewal
// for a whole renewal interval, while its clients renew at least that
// often (K6), or it was busy and fell silent for a day and more than 20
// of its usual gaps between requests.
func stale(h *HostState, gap, renewal time.Duration) bool {
	if gap > renewal {
		return true
	}
	if gap <= 24*time.Hour || h.Requests < 2 {
		return false
	}
	usual := h.LogEnd.Sub(h.LogStart) / time.Duration(h.Requests-1)
	return gap > 20*usual
}

// maxListed bounds the warnings of one kind; the rest are counted.
const maxListed = 10

// warnings adds the checks' warnings to st: of the hosts' logs, then of
// clones, of clocks and of editions kmssim does not know.
func (f *Fleet) warnings(st *State) {
	var latest time.Time
	for _, h := range st.Hosts {
		if h.LogEnd.After(latest) {
			latest = h.LogEnd
		}
	}
	farNow := f.now && st.At.Sub(latest) > f.model.CountWindow.Std()
	if gap := st.At.Sub(latest); farNow {
		st.warn(Warning{Msg: fmt.Sprintf("-now %s is %s after the latest event of the logs (%s): the state is carried that far by the rules, and every machine is silent by then (it asks no more); export the logs anew for a forecast from today", stamp(st.At), span(gap), stamp(latest))})
	}
	for i := range st.Hosts {
		h := &st.Hosts[i]
		// Where -now is the host's log end, or far from every log, the
		// gap is -now's and is said above.
		if said := farNow || f.now && h.LogEnd.Equal(latest); !said {
			f.staleLog(st, h)
		}
		f.countMismatch(st, h)
	}
	f.cloneWarnings(st)
	f.clockWarnings(st)
	f.unknownWarnings(st)
}

// warn adds warning w to st.
func (st *State) warn(w Warning) { st.Warnings = append(st.Warnings, w) }

// staleLog warns where host h's log ends much earlier than st's moment:
// its table may have changed since (K6).
func (f *Fleet) staleLog(st *State, h *HostState) {
	renewal, _ := f.intervals(f.hosts[h.Name])
	gap := st.At.Sub(h.LogEnd)
	if !stale(h, gap, renewal.Std()) {
		return
	}
	than := "the latest event of the others"
	if f.now {
		than = "-now"
	}
	st.warn(Warning{File: f.hosts[h.Name].lastFile, Msg: fmt.Sprintf("%s's log ends %s, %s before %s (%s): export it again, or its table is older than the import assumes", h.Name, stamp(h.LogEnd), span(gap), than, stamp(st.At))})
}

// countMismatch warns where host h's own figures give another count than
// its log, with the likeliest reason: a log that wrapped (K39), editions
// counted apart, or figures saved at another moment.
func (f *Fleet) countMismatch(st *State, h *HostState) {
	if h.DLV == nil {
		return
	}
	got, want := max(h.Count(scenarios.PoolWindows), 0), h.DLV.CurrentCount
	switch covered := st.At.Sub(h.LogStart); {
	case got == want:
	case covered < f.model.CountWindow.Std():
		st.warn(Warning{File: f.hosts[h.Name].dlvFile, Msg: fmt.Sprintf("%s: its own figures say a count of %d, the log gives %d: the log begins %s, only %s before its end, less than the %s count window, so earlier requests are missing (the log wrapped, K39): export it more often, such as daily", h.Name, want, got, stamp(h.LogStart), span(covered), f.model.CountWindow)})
	case len(h.Unknown) > 0 && got < want:
		var pools []string
		for _, u := range h.Unknown {
			pools = append(pools, fmt.Sprintf("%d in %s", u.Count, u.Pool))
		}
		st.warn(Warning{File: f.hosts[h.Name].dlvFile, Msg: fmt.Sprintf("%s: its own figures say a count of %d, the log gives %d: machines of editions kmssim does not know are counted apart (%s), and may be of this count", h.Name, want, got, strings.Join(pools, ", "))})
	default:
		st.warn(Warning{File: f.hosts[h.Name].dlvFile, Msg: fmt.Sprintf("%s: its own figures say a count of %d, the log gives %d, though it covers the count window: were they saved at another moment than the log's end (%s), or were events dropped?", h.Name, want, got, stamp(h.LogEnd))})
	}
}

// cloneWarnings warns of each CMID sent by several machines: clones,
// which a host counts once (K9).
func (f *Fleet) cloneWarnings(st *State) {
	var clones []string
	for cmid, u := range f.cmids {
		if u.n > 1 {
			clones = append(clones, cmid)
		}
	}
	slices.Sort(clones)
	for i, cmid := range clones {
		if i == maxListed {
			st.warn(Warning{Msg: fmt.Sprintf("%d more CMIDs were sent by several machines", len(clones)-maxListed)})
			break
		}
		u := f.cmids[cmid]
		names := strings.Join(u.names, ", ")
		if u.n > len(u.names) {
			names += ", …"
		}
		st.warn(Warning{Msg: fmt.Sprintf("CMID %s was sent by %d machines (%s): clones not generalized with sysprep (K9); a host counts them once, and they stay unactivated while the count is low", cmid, u.n, names)})
	}
}

// clockWarnings warns of each machine whose clock is so far from its
// host's that a host refuses it (K40), and says whether this one did.
func (f *Fleet) clockWarnings(st *State) {
	var skewed []*machine
	for _, m := range f.machines {
		if m.skew.Abs() > maxClockSkew {
			skewed = append(skewed, m)
		}
	}
	slices.SortFunc(skewed, func(a, b *machine) int {
		return cmp.Or(strings.Compare(a.last.Machine, b.last.Machine), cmp.Compare(a.product.Pool(), b.product.Pool()))
	})
	for i, m := range skewed {
		if i == maxListed {
			st.warn(Warning{Msg: fmt.Sprintf("%d more machines have a clock more than 4 hours from their host's", len(skewed)-maxListed)})
			break
		}
		r := m.skewAt
		msg := fmt.Sprintf("%s's clock is %s %s %s's: more than 4 hours, ", r.Machine, span(m.skew.Abs()), aheadBehind(m.skew), ShortName(r.Host))
		if r.Result == ResultClock {
			msg += "and the host refused it (K40: 0xC004F06C)"
		} else {
			// The log says what the host did: a host that answered saw a
			// clock within 4 hours of its own, whatever the field says.
			msg += fmt.Sprintf("which a host refuses (K40: 0xC004F06C), yet it answered %#x: the machine's timestamp may be in another time zone", r.Result)
		}
		st.warn(Warning{File: r.File, Line: r.Line, Event: r.Event, Offset: r.Offset, Msg: msg})
	}
}

// unknownWarnings warns of each activation id of no edition kmssim knows:
// its machines are counted apart and left out of the scenario.
func (f *Fleet) unknownWarnings(st *State) {
	var ids []string
	for id := range f.unknown {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u := f.unknown[id]
		var counts []string
		for _, h := range f.hostNames() {
			if n := st.unknownCount(u, h); n > 0 {
				counts = append(counts, fmt.Sprintf("%s counts %d", h, n))
			}
		}
		if len(counts) == 0 {
			counts = append(counts, "none within the count window")
		}
		st.warn(Warning{File: u.first.File, Line: u.first.Line, Event: u.first.Event, Offset: u.first.Offset, Msg: fmt.Sprintf(
			"activation id %s is of no edition kmssim knows (%s from %s, minimum count %d): counted apart, in a pool of its own, %s (%s), and left out of the scenario; add its machines as a fleet group of their product if they matter",
			id, words.Plural(u.requests, "request"), words.Plural(len(u.machines), "machine"), u.highest, UnknownPool(id), strings.Join(counts, ", "))})
	}
}

func aheadBehind(d time.Duration) string {
	if d > 0 {
		return "ahead of"
	}
	return "behind"
}

// stamp formats a moment for messages, in UTC.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// span formats a length of time for messages: 3d4h, 5h2m.
func span(d time.Duration) string {
	if d >= 10*24*time.Hour {
		return fmt.Sprintf("%d days", int(d.Hours()/24)) // 26379d5h46m6s says less
	}
	return scenarios.Duration(d / time.Second).String()
}

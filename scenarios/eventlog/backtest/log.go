package backtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/words"
)

// Log is every request of the hosts' logs, read once and kept compactly
// (64 bytes a request, its strings each kept once), in time order, so
// that the state at any past moment can be rebuilt from memory (State)
// without reading the files again.
type Log struct {
	entries []entry
	strs    []string         // the distinct strings of the requests
	index   map[string]int32 // strs' positions
	// Files are the files ReadLog read, in order.
	Files []string
}

// entry is one request, its strings as positions in Log.strs.
type entry struct {
	at                                     int64 // Unix nanoseconds: the host's time, to its 100 ns
	client                                 int64 // Unix seconds: the client's clock, to the minute
	minutes                                int64
	result                                 uint32
	host, machine, cmid, actID, file, line int32
	minCount                               int32
	state                                  int8
	vm                                     bool
}

// ReadLog reads the exports at paths (every form eventlog.Read knows)
// into a Log, each file once. Unreadable records are skipped with a
// warning, as kmssim import skips them; a file that cannot be read is an
// error, and nothing is returned.
func ReadLog(ctx context.Context, paths []string, o eventlog.Options, warn func(eventlog.Warning)) (*Log, error) {
	l := &Log{index: map[string]int32{}}
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, context.Cause(ctx)
		}
		file, err := eventlog.OpenExport(path)
		if err != nil {
			return nil, err
		}
		l.Files = append(l.Files, path)
		fileIndex := l.intern(path)
		_, err = eventlog.Read(file, path, o, func(r *eventlog.Request) error {
			l.entries = append(l.entries, entry{
				at: r.Time.UnixNano(), client: r.ClientTime.Unix(), minutes: r.Minutes, result: r.Result,
				host: l.intern(r.Host), machine: l.intern(r.Machine), cmid: l.intern(r.CMID), actID: l.intern(r.ActivationID),
				file: fileIndex, line: int32(r.Line), minCount: int32(r.MinCount), state: int8(r.State), vm: r.VM,
			})
			return nil
		}, warn)
		file.Close()
		if err != nil {
			return nil, err
		}
	}
	if len(l.entries) == 0 {
		return nil, errors.New("backtest: no request was read")
	}
	l.keepBulk(warn)
	// In time order, ties in the order read: a cut is then a prefix.
	slices.SortStableFunc(l.entries, func(a, b entry) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	return l, nil
}

// intern returns the position of s in l.strs, adding it once.
func (l *Log) intern(s string) int32 {
	if i, ok := l.index[s]; ok {
		return i
	}
	i := int32(len(l.strs))
	l.strs = append(l.strs, s)
	l.index[s] = i
	return i
}

// Len returns the number of requests in the log.
func (l *Log) Len() int { return len(l.entries) }

// Span returns the first and the latest request's moments.
func (l *Log) Span() (first, last time.Time) {
	return time.Unix(0, l.entries[0].at).UTC(), time.Unix(0, l.entries[len(l.entries)-1].at).UTC()
}

// upTo returns how many requests lie at or before t.
func (l *Log) upTo(t time.Time) int {
	ns := t.UnixNano()
	i, _ := slices.BinarySearchFunc(l.entries, ns, func(e entry, ns int64) int {
		if e.at <= ns {
			return -1
		}
		return 1
	})
	return i
}

// request rebuilds the request of e.
func (l *Log) request(e *entry, r *eventlog.Request) {
	*r = eventlog.Request{
		Host: l.strs[e.host], Time: time.Unix(0, e.at).UTC(), Result: e.result, MinCount: int(e.minCount),
		Machine: l.strs[e.machine], CMID: l.strs[e.cmid], ClientTime: time.Unix(e.client, 0).UTC(), VM: e.vm,
		State: int(e.state), Minutes: e.minutes, ActivationID: l.strs[e.actID], File: l.strs[e.file], Line: int(e.line),
	}
}

// State returns the fleet as the log tells it at moment at, as kmssim
// import -now at does: from the requests at or before at only.
func (l *Log) State(at time.Time) (*eventlog.State, error) {
	fleet := eventlog.NewFleet(scenarios.Model{})
	fleet.SetNow(at)
	var r eventlog.Request
	for i := range l.upTo(at) {
		l.request(&l.entries[i], &r)
		fleet.Add(&r)
	}
	st, err := fleet.State()
	if err != nil {
		return nil, fmt.Errorf("backtest: the state at %s: %w", at.Format(time.RFC3339), err)
	}
	return st, nil
}

// keepBulk leaves out the requests far from the bulk of the log, which a
// wrong clock logged (a record of 2099 would put every cut decades
// late), as kmssim import does: the bounds are Fleet.Bulk's, and one
// warning names how many and the span kept.
func (l *Log) keepBulk(warn func(eventlog.Warning)) {
	fleet := eventlog.NewFleet(scenarios.Model{})
	for i := range l.entries {
		fleet.NoteTime(time.Unix(0, l.entries[i].at))
	}
	from, until, outside := fleet.Bulk()
	if outside == 0 {
		return
	}
	lo, hi := from.UnixNano(), until.UnixNano()
	l.entries = slices.DeleteFunc(l.entries, func(e entry) bool { return e.at < lo || e.at > hi })
	warn(eventlog.Warning{Msg: fmt.Sprintf("%s far from the rest of the logs (%s to %s) left out, a host's or a client's clock being wrong",
		words.Plural(outside, "request"), from.Format(time.RFC3339), until.Format(time.RFC3339))})
}

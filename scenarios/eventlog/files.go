package eventlog

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
)

// fileLog is what one file told: the host its requests were read for,
// whether only the file's name gave it (Event Viewer's CSV names no
// computer), the time they span, and where their keys without the host
// stand in Fleet.bare.
type fileLog struct {
	name, host  string
	byName      bool
	first, last time.Time
	from, to    int
}

// noteFile records request r, read for host, with key k, in the log of
// its file, while an import reads its files one after another (readAll).
func (f *Fleet) noteFile(r *Request, host string, k bareKey) {
	if !f.trackFiles {
		return
	}
	if n := len(f.files); n == 0 || f.files[n-1].name != r.File {
		f.files = append(f.files, fileLog{name: r.File, host: host, first: r.Time, last: r.Time, from: len(f.bare), to: len(f.bare)})
	}
	fl := &f.files[len(f.files)-1]
	fl.first, fl.last = minTime(fl.first, r.Time), maxTime(fl.last, r.Time)
	f.bare = append(f.bare, k)
	fl.to = len(f.bare)
}

// markByName notes that file named its host only by its name.
func (f *Fleet) markByName(file string) {
	for i := range f.files {
		if f.files[i].name == file {
			f.files[i].byName = true
		}
	}
}

// checkFiles refuses two files that a host named by a file's name sets
// together wrongly: one host's name for two logs that overlap in time
// without a request in common (two hosts' Events.csv), or two hosts'
// names for one log (kms1-monday.csv and kms1-tuesday.csv). A log a
// file's own records name the host of is trusted.
func (f *Fleet) checkFiles() error {
	sorted := make([][]bareKey, len(f.files)) // each file's, sorted once
	keys := func(i int) []bareKey {
		if sorted[i] == nil {
			sorted[i] = f.sortedBare(&f.files[i])
		}
		return sorted[i]
	}
	for i := range f.files {
		for j := i + 1; j < len(f.files); j++ {
			a, b := &f.files[i], &f.files[j]
			if !a.byName && !b.byName {
				continue
			}
			from, until := maxTime(a.first, b.first), minTime(a.last, b.last)
			if until.Sub(from) < time.Hour {
				continue // apart in time: nothing to compare
			}
			x, y := keys(i), keys(j)
			// What the two could share is what each logged while both did.
			fewer := min(within(x, from, until), within(y, from, until))
			shared := sharedAt(x, y, 0)
			switch {
			case a.host == b.host && shared == 0:
				// The same log read in two time zones shares its requests
				// a whole number of quarter hours apart.
				for d := -maxZoneOffset; d <= maxZoneOffset; d += 15 * 60 {
					if n := sharedAt(x, y, d); d != 0 && 2*n >= fewer {
						return fmt.Errorf("%s and %s, both host %s's log, hold the same %s %s apart: give -tz the time zone of the Windows that saved the Event Viewer CSV (such as -tz Europe/Berlin), whose times are local",
							a.name, b.name, a.host, words.Plural(n, "request"), scenarios.Duration(max(d, -d)))
					}
				}
				return fmt.Errorf("%s and %s are both taken as the log of host %s, as Event Viewer's CSV names no computer, but they share no request from %s to %s, when both logged: two hosts' logs? Name each file after its host, such as kms1.csv and kms2.csv",
					a.name, b.name, a.host, stamp(from), stamp(until))
			case a.host != b.host && shared > 0 && 10*shared >= fewer:
				return fmt.Errorf("%s (host %s) and %s (host %s) hold the same %s: one host's log under two names? Event Viewer's CSV names no computer, so kmssim names the host after the file: give each export of a host the host's name, in folders of their own if need be (jan/kms1.csv, feb/kms1.csv)",
					a.name, a.host, b.name, b.host, words.Plural(shared, "request"))
			}
		}
	}
	return nil
}

// maxZoneOffset is the farthest a time zone is from UTC, in seconds
// (UTC+14, Kiribati).
const maxZoneOffset int64 = 14 * 3600

// sortedBare returns the requests of file a, sorted.
func (f *Fleet) sortedBare(a *fileLog) []bareKey {
	x := slices.Clone(f.bare[a.from:a.to])
	slices.SortFunc(x, func(p, q bareKey) int { return cmp.Or(cmp.Compare(p.key, q.key), cmp.Compare(p.at, q.at)) })
	return x
}

// within counts the requests of x from from to until.
func within(x []bareKey, from, until time.Time) int {
	n := 0
	for _, k := range x {
		if k.at >= from.Unix() && k.at <= until.Unix() {
			n++
		}
	}
	return n
}

// sharedAt counts the requests of sorted x that sorted y holds d seconds
// later.
func sharedAt(x, y []bareKey, d int64) int {
	n := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		c := cmp.Or(cmp.Compare(x[i].key, y[j].key), cmp.Compare(x[i].at+d, y[j].at))
		switch {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

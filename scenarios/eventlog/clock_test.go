package eventlog_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog"
)

// importXML imports the sample kms1.xml with extra events appended.
func importXML(t *testing.T, extra string, o eventlog.ImportOptions) (*eventlog.State, []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, "xml", "kms1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kms1.xml")
	if err := os.WriteFile(path, append(data, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	var warns []string
	st, _, err := eventlog.Import(context.Background(), []string{path}, o, func(w eventlog.Warning) { warns = append(warns, w.String()) })
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range st.Warnings {
		warns = append(warns, w.String())
	}
	return st, warns
}

// A record far from the rest, which a wrong clock logged, does not move
// the moment of the forecast: it is left out, named in one warning.
func TestImportWrongClock(t *testing.T) {
	base, _ := importXML(t, "", eventlog.ImportOptions{})
	for _, tt := range []struct{ name, at string }{
		{"2099", "2099-01-01T00:00:00.0000000Z"},
		{"1601", "1601-01-01T00:00:00.0000000Z"},
		{"next year", "2027-10-13T12:00:00.0000000Z"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ev := strings.Replace(oneEvent, "2026-11-30T14:03:22.4417306Z", tt.at, 1)
			st, warns := importXML(t, ev, eventlog.ImportOptions{})
			if !st.At.Equal(base.At) {
				t.Errorf("the moment is %s, want %s as without the record", st.At, base.At)
			}
			if len(st.Machines) != len(base.Machines) {
				t.Errorf("%d machines, want %d", len(st.Machines), len(base.Machines))
			}
			n := 0
			for _, w := range warns {
				if strings.Contains(w, "far from the rest of the log") {
					n++
					if !strings.Contains(w, "1 request far") || !strings.Contains(w, "pc-042.corp.example at "+tt.at[:10]) || !strings.Contains(w, "kms1.xml:") {
						t.Errorf("warning %q does not name the record", w)
					}
				}
			}
			if n != 1 {
				t.Errorf("warnings %q, want one about the record", warns)
			}
		})
	}
}

// -now sets the moment: the requests after it are left out, and the
// state is carried to it.
func TestImportNow(t *testing.T) {
	base, _ := importXML(t, "", eventlog.ImportOptions{})
	now := base.At.Add(-10 * 24 * time.Hour)
	st, warns := importXML(t, "", eventlog.ImportOptions{Now: now})
	if !st.At.Equal(now) {
		t.Errorf("the moment is %s, want %s", st.At, now)
	}
	if len(warns) == 0 || !strings.Contains(warns[0], "after -now "+now.Format(time.RFC3339)+" left out") {
		t.Errorf("warnings %q, want the requests after -now named first", warns)
	}
	later := base.At.Add(7 * 24 * time.Hour)
	st, _ = importXML(t, "", eventlog.ImportOptions{Now: later})
	if !st.At.Equal(later) || len(st.Machines) != len(base.Machines) {
		t.Errorf("a week after the log: moment %s, %d machines; want %s, %d", st.At, len(st.Machines), later, len(base.Machines))
	}
}

// -now that leaves out a whole host's log, or every request, or lies far
// after the logs, says so; the requests the state counts are those kept,
// each once however many files hold it.
func TestImportNowWarnings(t *testing.T) {
	files := []string{filepath.Join(sampleDir, "xml", "kms1.xml"), filepath.Join(sampleDir, "xml", "kms2.xml")}
	imp := func(now time.Time, files ...string) (*eventlog.State, []string, error) {
		var warns []string
		st, _, err := eventlog.Import(context.Background(), files, eventlog.ImportOptions{Now: now}, func(w eventlog.Warning) { warns = append(warns, w.String()) })
		if st != nil {
			for _, w := range st.Warnings {
				warns = append(warns, w.String())
			}
		}
		return st, warns, err
	}
	st, warns, err := imp(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), files...)
	if err != nil || len(st.Hosts) != 1 || st.Requests != 267 || st.LeftOut != 392 || warns[1] != "kms2: all its 318 requests were left out (above), and it is not in the scenario" {
		t.Errorf("-now before kms2's log: %v, %q", err, warns)
	}
	_, _, err = imp(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), files[0])
	if err == nil || err.Error() != "all 341 requests are after -now 1999-01-01 00:00 UTC: the logs run from 2026-08-14 02:07 UTC to 2026-10-11 18:13 UTC" {
		t.Errorf("-now before every request: %v", err)
	}
	_, warns, _ = imp(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), files...)
	if len(warns) == 0 || !strings.HasPrefix(warns[0], "-now 2099-01-01 00:00 UTC is 26378 days after the latest event of the logs (2026-10-12 23:19 UTC)") || strings.Contains(strings.Join(warns, "\n"), "log ends") {
		t.Errorf("-now far after the logs: %q", warns)
	}
	st, _, err = imp(time.Time{}, append(files, filepath.Join(sampleDir, "evtx", "kms1.evtx"))...)
	if err != nil || st.Requests != 659 || st.Duplicates != 341 {
		t.Errorf("kms1's log twice: %d requests, %d duplicates, %v; want 659 and 341", st.Requests, st.Duplicates, err)
	}
}

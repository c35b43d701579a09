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

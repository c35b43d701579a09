package eventlog_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog"
)

// Event Viewer's CSV names no computer, so the host is the file's name:
// two hosts' logs under one name, or one log under two, are refused,
// each with what to do; one host's log in two forms counts each request
// once.
func TestFilesOfOneHost(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyAs := func(src, dst string) string {
		data, err := os.ReadFile(filepath.Join(sampleDir, src))
		if err != nil {
			t.Fatal(err)
		}
		dst = filepath.Join(dir, dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	kms1, kms2 := copyAs("eventviewer/kms1.csv", "a/Events.csv"), copyAs("eventviewer/kms2.csv", "b/Events.csv")
	monday, tuesday := copyAs("eventviewer/kms1.csv", "kms1-monday.csv"), copyAs("eventviewer/kms1.csv", "kms1-tuesday.csv")
	xml1 := filepath.Join(sampleDir, "xml/kms1.xml")
	// A wrong -tz where the two overlap in part: the newest 150 requests
	// in Event Viewer's CSV (newest first, three lines each), the oldest
	// 250 in the XML (oldest first).
	csvPart, xmlPart := filepath.Join(dir, "late/kms1.csv"), filepath.Join(dir, "early/kms1.xml")
	viewer, err := os.ReadFile(filepath.Join(sampleDir, "eventviewer/kms1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(viewer), "\n")
	xml, err := os.ReadFile(xml1)
	if err != nil {
		t.Fatal(err)
	}
	events := strings.SplitAfter(string(xml), "</Event>")
	for path, data := range map[string]string{csvPart: strings.Join(lines[:1+3*150], ""), xmlPart: strings.Join(events[:250], "") + "\n</Events>\n"} {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		paths    []string
		loc      *time.Location
		err      string
		requests int // and as many duplicates, when dups
		dups     bool
	}{
		{"two hosts as one", []string{kms1, kms2}, berlin, kms1 + " and " + kms2 + " are both taken as the log of host events, as Event Viewer's CSV names no computer, but they share no request from 2026-10-08 06:29 UTC to 2026-10-11 18:13 UTC, when both logged: two hosts' logs? Name each file after its host, such as kms1.csv and kms2.csv", 0, false},
		{"one host as two", []string{monday, tuesday}, berlin, monday + " (host kms1-monday) and " + tuesday + " (host kms1-tuesday) hold the same 341 requests: one host's log under two names?", 0, false},
		{"a wrong time zone", []string{filepath.Join(sampleDir, "eventviewer/kms1.csv"), xml1}, time.UTC, "both host kms1's log, hold the same 341 requests 2h apart: give -tz the time zone of the Windows that saved the Event Viewer CSV", 0, false},
		{"a wrong time zone, in part", []string{csvPart, xmlPart}, time.UTC, "both host kms1's log, hold the same ", 0, false},
		{"one host in two forms", []string{filepath.Join(sampleDir, "eventviewer/kms1.csv"), xml1}, berlin, "", 341, true},
		{"two hosts", []string{filepath.Join(sampleDir, "eventviewer/kms1.csv"), filepath.Join(sampleDir, "eventviewer/kms2.csv")}, berlin, "", 659, false},
		{"one file twice", []string{xml1, xml1}, nil, "", 341, true},
	}
	for _, tt := range tests {
		st, _, err := eventlog.Import(t.Context(), tt.paths, eventlog.ImportOptions{Options: eventlog.Options{Location: tt.loc}}, func(eventlog.Warning) {})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v\nwant %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		dups := 0
		if tt.dups {
			dups = tt.requests
		}
		hostRequests := 0
		for _, h := range st.Hosts {
			hostRequests += h.Requests
		}
		if st.Requests != tt.requests || st.Duplicates != dups || hostRequests != tt.requests {
			t.Errorf("%s: %d requests (%d in the hosts' logs), %d duplicates; want %d, %d", tt.name, st.Requests, hostRequests, st.Duplicates, tt.requests, dups)
		}
	}
}

// A file of which half the events or more cannot be read, as a French
// Event Viewer CSV read with -culture en-US, imports nothing: its
// remnants would make a state (and a forecast) of a third of the fleet.
func TestImportRefusesAFileReadWrongly(t *testing.T) {
	order, err := eventlog.CultureOrder("en-US")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sampleDir, "eventviewer-fr/kms1.csv")
	_, _, err = eventlog.Import(t.Context(), []string{file}, eventlog.ImportOptions{Options: eventlog.Options{Location: berlin, DateOrder: order}}, func(eventlog.Warning) {})
	want := file + ": 199 of its 341 events 12290 could not be read (the warnings say why): with half or more unread, nothing is imported from it; a CSV's dates are read in the display language -culture names, which must be that of the Windows that saved it (docs/import.md)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

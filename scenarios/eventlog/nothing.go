package eventlog

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"
)

// KMSChannel is the log a KMS host records its requests in (K39).
const KMSChannel = "Key Management Service"

// nothing is the one message of a file that imports nothing: what the
// file is (its encoding, form, the logs and event ids it holds) and the
// command that exports what kmssim reads.
func (s *Summary) nothing(file string) string {
	form := string(s.Format)
	if s.Encoding != "" {
		form = string(s.Encoding) + " " + form
	}
	of := ""
	if len(s.Channels) > 0 {
		var logs []string
		for _, c := range byCount(s.Channels) {
			logs = append(logs, fmt.Sprintf("%q", c))
		}
		of = " of the log " + strings.Join(logs, ", ")
	}
	var ids []string
	for i, id := range byCount(s.EventIDs) {
		if i == 5 {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, fmt.Sprintf("%d (%d)", id, s.EventIDs[id]))
	}
	events := words.Plural(s.Other+s.Skipped, "event")
	if len(ids) > 0 {
		events += ", by id " + strings.Join(ids, ", ")
	}
	msg := fmt.Sprintf("nothing to import in this %s file%s: %s", form, of, events)
	if s.Skipped > 0 {
		msg += fmt.Sprintf("; none of its %s could be read (the warnings say why)", words.Plural(s.Skipped, "event 12290"))
	} else {
		msg += "; no event 12290"
	}
	return msg + ". On the KMS host, " + exportCommand(s.Format, file)
}

// byCount returns the keys of m, the most counted first.
func byCount[K cmp.Ordered](m map[K]int) []K {
	return slices.SortedFunc(maps.Keys(m), func(a, b K) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
}

// exportCommand is the command that exports the Key Management Service
// log in form f to a file named as file is (docs/import.md).
func exportCommand(f Format, file string) string {
	base := filepath.Base(file)
	switch f {
	case FormatPowerShell:
		return fmt.Sprintf(`export its log with: Get-WinEvent -LogName "%s" | Export-Csv -NoTypeInformation %s`, KMSChannel, base)
	case FormatEventViewer:
		return fmt.Sprintf(`open Event Viewer, Applications and Services Logs, %s, and Save All Events As… %s`, KMSChannel, base)
	}
	return fmt.Sprintf(`export its log with: wevtutil epl "%s" %s.evtx`, KMSChannel, HostFromFile(base))
}

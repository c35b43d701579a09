// Package eventlog reads what KMS hosts record of the requests they answer
// (event 12290 of the Key Management Service log, K39), in the forms an
// administrator can export, and reconstructs from them the state of a
// fleet at the moment of the latest event: each host's table and each
// machine's licence state. Its Fleet writes that state as a scenario that
// kmssim runs like any other, so that a forecast starts from today.
//
// The readers stream: memory grows with the number of machines and
// hosts, not with the size of the files.
package eventlog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"
)

// EventID is the event a KMS host logs for every request it answers (K39).
const EventID = 12290

// The results a host logs (K40).
const (
	// ResultOK: the request was answered with a count at least the
	// client's threshold.
	ResultOK uint32 = 0
	// ResultCountLow is 0xC004F038: the count is below the client's
	// threshold (K28). The request is counted all the same (K10).
	ResultCountLow uint32 = 0xC004F038
	// ResultUnsupported is 0xC004F042: the host's key cannot activate the
	// product (K16).
	ResultUnsupported uint32 = 0xC004F042
	// ResultClock is 0xC004F06C: the client's clock is too far from the
	// host's.
	ResultClock uint32 = 0xC004F06C
)

// Request is one request a host answered: one event 12290 (K39).
type Request struct {
	// Host is the computer that logged it, as the export names it
	// (kms1.corp.example); for Event Viewer's CSV, which names none, the
	// file's name up to its first dot.
	Host string
	// Time is when the host logged it.
	Time time.Time
	// Result is the HRESULT the host returned: ResultOK, ResultCountLow…
	Result uint32
	// MinCount is the count the client needs, its threshold N (K28).
	MinCount int
	// Machine is the client's name (FQDN).
	Machine string
	// CMID is its client machine id (K9).
	CMID string
	// ClientTime is the client's own clock when it asked, to the minute.
	ClientTime time.Time
	// VM says the client is a virtual machine (K2: it counts alike).
	VM bool
	// State is the client's licence state as it reported it: 0
	// unlicensed, 1 licensed, 2 initial grace, 3 out-of-tolerance grace,
	// 4 non-genuine grace, 5 notification, 6 extended grace.
	State int
	// Minutes is the time left in that state, in minutes.
	Minutes int64
	// ActivationID identifies the product's licence (lower case).
	ActivationID string

	// File and Line locate the record, for messages; in an XML export,
	// whose events may share a line, Event is its number in the file. In
	// an .evtx file, Event is its record id and Offset its place.
	File   string
	Line   int
	Event  int
	Offset int64
}

// The licence states of K39.
const (
	StateUnlicensed   = 0
	StateLicensed     = 1
	StateInitialGrace = 2
	StateOOTGrace     = 3
	StateNonGenuine   = 4
	StateNotification = 5
	StateExtended     = 6
)

// counted reports whether the host counted the request: K10 counts every
// valid request, also one whose count was too low; a product the host
// cannot activate (K16) or a client with a wrong clock is not counted.
func (r *Request) counted() bool {
	return r.Result == ResultOK || r.Result == ResultCountLow
}

// parseFields finds the nine fields of K39 in the insertion strings of
// an event 12290 and reads them into r. Windows writes ten insertion
// strings with the fields at positions 1 to 9; other exports hold nine,
// or one comma-separated string (the message's "Info:%n%1"). Since no
// position can be trusted (K39, revised), the fields are found by their
// shape: the first nine consecutive strings that read as a result, a
// minimum count, a machine name, a CMID, a time, a VM flag, a state, the
// minutes left and an activation id. strs may be changed.
func parseFields(strs []string, r *Request) error {
	if len(strs) < 9 {
		var split []string
		for _, s := range strs {
			split = append(split, strings.Split(s, ",")...)
		}
		strs = split
	}
	if len(strs) < 9 {
		return fmt.Errorf("an event 12290 has 9 fields (result, minimum count, machine, CMID, client time, VM, state, minutes, activation id), in 9 or 10 insertion strings or one comma-separated; this one has %d", len(strs))
	}
	var why error
	for start := 0; start+9 <= len(strs); start++ {
		err := parseInfo(strs[start:start+9], r)
		if err == nil {
			return nil
		}
		// Explain by the layout most like this record's: the one that
		// starts at its first HRESULT.
		if why == nil || start > 0 && isHRESULT(strs[start]) && !isHRESULT(strs[0]) {
			why = err
		}
	}
	if len(strs) == 9 {
		return why
	}
	return fmt.Errorf("no 9 of its %d fields in a row are those of event 12290: %w", len(strs), why)
}

// isHRESULT reports whether s is written as a result: 0x and hex digits.
func isHRESULT(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 || len(s) > 10 || !strings.HasPrefix(s, "0x") {
		return false
	}
	_, err := strconv.ParseUint(s[2:], 16, 32)
	return err == nil
}

// parseInfo reads the nine fields of an event 12290 in the order of K39:
// result, minimum count, machine, CMID, client time, VM, state, minutes,
// activation id. Later fields, which some versions of Windows add, are
// ignored.
func parseInfo(fields []string, r *Request) error {
	if len(fields) < 9 {
		return fmt.Errorf("an event 12290 has 9 fields (result, minimum count, machine, CMID, client time, VM, state, minutes, activation id); this one has %d", len(fields))
	}
	for i := range fields {
		fields[i] = strings.TrimSpace(fields[i])
	}
	if !isHRESULT(fields[0]) {
		return fmt.Errorf("result %q is not an HRESULT such as 0x0 or 0xC004F038", words.Clip(fields[0]))
	}
	res, err := strconv.ParseUint(fields[0][2:], 16, 32)
	if err != nil {
		return err
	}
	r.Result = uint32(res)
	if r.MinCount, err = strconv.Atoi(fields[1]); err != nil || r.MinCount < 1 || r.MinCount > 1000 {
		return fmt.Errorf("minimum count %q is not a count from 1 to 1000", words.Clip(fields[1]))
	}
	r.Machine = strings.ToLower(fields[2])
	if !isMachineName(r.Machine) {
		return fmt.Errorf("machine name %q is not a host name (letters, digits, '.', '_' and '-')", words.Clip(fields[2]))
	}
	r.CMID = strings.ToLower(strings.Trim(fields[3], "{}"))
	if !isGUID(r.CMID) {
		return fmt.Errorf("CMID %q is not a GUID", words.Clip(fields[3]))
	}
	if r.ClientTime, err = parseClientTime(fields[4]); err != nil {
		return err
	}
	switch fields[5] {
	case "0":
	case "1":
		r.VM = true
	default:
		return fmt.Errorf("VM flag %q is not 0 or 1", words.Clip(fields[5]))
	}
	if r.State, err = strconv.Atoi(fields[6]); err != nil || r.State < 0 || r.State > 6 {
		return fmt.Errorf("licence state %q is not one of 0 to 6", words.Clip(fields[6]))
	}
	if r.Minutes, err = strconv.ParseInt(fields[7], 10, 64); err != nil || r.Minutes < 0 || r.Minutes > 100*366*24*60 {
		return fmt.Errorf("time left %q is not a number of minutes", words.Clip(fields[7]))
	}
	r.ActivationID = strings.ToLower(strings.Trim(fields[8], "{}"))
	if !isGUID(r.ActivationID) {
		return fmt.Errorf("activation id %q is not a GUID", words.Clip(fields[8]))
	}
	return nil
}

// hostName reads the name of the computer that logged an event, as the
// export writes it: a host name, kept in the export's case.
func hostName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no computer name")
	}
	if !isMachineName(strings.ToLower(s)) {
		return "", fmt.Errorf("computer name %q is not a host name (letters, digits, '.', '_' and '-')", words.Clip(s))
	}
	return s, nil
}

// isMachineName reports whether s is a machine's name as DNS and NetBIOS
// write it, in lower case: letters, digits, '.', '_' and '-', not first
// '.' or '-', at most 253 characters. Nothing else reaches a scenario's
// files.
func isMachineName(s string) bool {
	if s == "" || len(s) > 253 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parseClientTime reads the client's clock as the event writes it,
// 2026/11/30 14:03 (K39), taken as UTC.
func parseClientTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006/1/2 15:04", "2006/1/2 15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("client time %q is not a time such as 2026/11/30 14:03", words.Clip(s))
}

// isGUID reports whether s is a GUID written with dashes, 8-4-4-4-12 hex
// digits.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// splitInfo returns the comma-separated fields of the Message text of an
// event 12290: those after the line "Info:", or, in a message of another
// display language, the last line with eight commas or more.
func splitInfo(msg string) ([]string, error) {
	if i := strings.Index(msg, "Info:"); i >= 0 {
		return strings.Split(strings.TrimSpace(msg[i+len("Info:"):]), ","), nil
	}
	lines := strings.Split(msg, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Count(lines[i], ",") >= 8 {
			return strings.Split(strings.TrimSpace(lines[i]), ","), nil
		}
	}
	return nil, fmt.Errorf("the message has no line of comma-separated fields (\"Info:\"): %q", words.Clip(msg))
}

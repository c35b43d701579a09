package eventlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"
)

// DLV is what `slmgr /dlv` prints of a KMS host's service (K39), as far
// as an import checks it.
type DLV struct {
	// CurrentCount is the host's Windows count now (K10), -1 if absent.
	CurrentCount int
	// ActivationIntervalMinutes and RenewalIntervalMinutes are the
	// intervals it hands to clients (K27), 0 if absent.
	ActivationIntervalMinutes int
	RenewalIntervalMinutes    int
	// Port is the port it listens on (K17), 0 if absent.
	Port int
	// Requests and Failed are its cumulative requests received, and those
	// that failed, -1 if absent.
	Requests, Failed int
}

var dlvLine = regexp.MustCompile(`(?i)^\s*(Current count|Activation Interval|Renewal Interval|Listening on Port|Total requests received|Failed requests received)\s*:\s*(-?[0-9]+)`)

// isFigures reports whether head, the start of a file (not empty), is of
// a host's own figures that ReadDLV reads: SoftwareLicensingService (or
// Get-KmsLicenseInfo) as JSON or as CSV, or slmgr /dlv's English text.
func isFigures(head []byte) bool {
	// JSON alone is not enough: Get-WinEvent | ConvertTo-Json is JSON too.
	return bytes.Contains(head, []byte("KeyManagementService")) && (head[0] == '{' || head[0] == '[' || bytes.Contains(head, []byte("KeyManagementServiceCurrentCount"))) ||
		bytes.Contains(head, []byte("Software licensing service version"))
}

// ReadDLV reads a KMS host's own figures, saved to a file in any of
// three forms: the text `slmgr /dlv` prints (in English; slmgr /dlv >
// kms1.dlv.txt), which needs at least the line "Current count: N"; or the
// properties of the WMI class SoftwareLicensingService, which carry the
// same figures under fixed names in every display language (K45), as
// JSON (Get-CimInstance SoftwareLicensingService | ConvertTo-Json, or
// Get-KmsLicenseInfo's) or CSV (… | Export-Csv).
func ReadDLV(r io.Reader, file string) (DLV, error) {
	d := DLV{CurrentCount: -1, Requests: -1, Failed: -1}
	text, _, err := decode(bufio.NewReader(r))
	if err != nil {
		return d, &Error{File: file, Msg: err.Error()}
	}
	head, _ := text.Peek(min(text.Size(), 4096))
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<")), bytes.HasPrefix(head, []byte("ElfFile")), hasHeader(head, "Message"), bytes.HasPrefix(head, []byte("#TYPE System.Diagnostics.Eventing")):
		return d, &Error{File: file, Msg: "an export of the event log, not the host's own figures: name it among the exports, without -dlv"}
	case len(head) > 0 && (head[0] == '{' || head[0] == '['):
		return readServiceJSON(text, file)
	case bytes.Contains(head, []byte("KeyManagementServiceCurrentCount")):
		return readServiceCSV(text, file)
	}
	sc := bufio.NewScanner(text)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	found := false
	for line := 1; sc.Scan(); line++ {
		m := dlvLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[2])
		if err != nil || n < -1 {
			return d, &Error{File: file, Line: line, Msg: fmt.Sprintf("%s %q is not a number", m[1], words.Clip(m[2]))}
		}
		switch strings.ToLower(m[1]) {
		case "current count":
			if d.CurrentCount < 0 { // the first product's: Windows
				d.CurrentCount = n
			}
			found = true
		case "activation interval":
			d.ActivationIntervalMinutes = n
		case "renewal interval":
			d.RenewalIntervalMinutes = n
		case "listening on port":
			d.Port = n
		case "total requests received":
			d.Requests = n
		case "failed requests received":
			d.Failed = n
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return d, &Error{File: file, Msg: "not the text slmgr /dlv prints: a line of more than 64 KiB"}
		}
		return d, &Error{File: file, Msg: err.Error()}
	}
	if !found {
		return d, &Error{File: file, Msg: "no \"Current count:\" line, as slmgr /dlv prints in English: in any display language, save the host's figures with Get-CimInstance SoftwareLicensingService | ConvertTo-Json > " + HostFromFile(file) + ".json"}
	}
	return d, nil
}

// The properties of SoftwareLicensingService (K45) a DLV holds. Counts
// are -1 on a machine that is no KMS host or has heard no request.
const (
	propCount    = "KeyManagementServiceCurrentCount"
	propPort     = "KeyManagementServiceListeningPort"
	propTotal    = "KeyManagementServiceTotalRequests"
	propFailed   = "KeyManagementServiceFailedRequests"
	propActivate = "VLActivationInterval"
	propRenew    = "VLRenewalInterval"
)

// fromProperties fills d from the properties of a SoftwareLicensingService,
// by name; get returns a property's value and whether it is there.
func (d *DLV) fromProperties(file string, get func(name string) (string, bool)) error {
	v, ok := get(propCount)
	if !ok {
		return &Error{File: file, Msg: "no " + propCount + ": save Get-CimInstance SoftwareLicensingService | ConvertTo-Json run on the KMS host"}
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{propCount, &d.CurrentCount}, {propPort, &d.Port}, {propTotal, &d.Requests}, {propFailed, &d.Failed}, {propActivate, &d.ActivationIntervalMinutes}, {propRenew, &d.RenewalIntervalMinutes}} {
		if v, ok = get(f.name); !ok || v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < -1 {
			return &Error{File: file, Msg: fmt.Sprintf("%s %q is not a number", f.name, words.Clip(v))}
		}
		*f.to = n
	}
	return nil
}

// readServiceJSON reads ConvertTo-Json's form of SoftwareLicensingService:
// an object, or a list whose first object with a count is the host's.
func readServiceJSON(r io.Reader, file string) (DLV, error) {
	d := DLV{CurrentCount: -1, Requests: -1, Failed: -1}
	var v any
	dec := json.NewDecoder(io.LimitReader(r, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return d, &Error{File: file, Msg: "not valid JSON: " + err.Error()}
	}
	objs, _ := v.([]any)
	if o, ok := v.(map[string]any); ok {
		objs = []any{o}
	}
	for _, o := range objs {
		m, ok := o.(map[string]any)
		if !ok {
			continue
		}
		if _, ok := m[propCount]; !ok {
			continue
		}
		err := d.fromProperties(file, func(name string) (string, bool) {
			switch x := m[name].(type) {
			case json.Number:
				return x.String(), true
			case string:
				return x, true
			}
			return "", false
		})
		return d, err
	}
	return d, &Error{File: file, Msg: "no " + propCount + ": save Get-CimInstance SoftwareLicensingService | ConvertTo-Json run on the KMS host"}
}

// readServiceCSV reads Export-Csv's form of SoftwareLicensingService, with
// or without its #TYPE line, ',' or ';'.
func readServiceCSV(br *bufio.Reader, file string) (DLV, error) {
	d := DLV{CurrentCount: -1, Requests: -1, Failed: -1}
	if b, err := br.Peek(5); err == nil && string(b) == "#TYPE" {
		br.ReadString('\n')
	}
	cr := csv.NewReader(io.LimitReader(br, 1<<20))
	cr.Comma = separator(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return d, &Error{File: file, Msg: "not valid CSV: " + err.Error()}
	}
	row, err := cr.Read()
	if err != nil {
		return d, &Error{File: file, Msg: "no row after the header: " + err.Error()}
	}
	err = d.fromProperties(file, func(name string) (string, bool) {
		i := slices.Index(header, name)
		if i < 0 || i >= len(row) {
			return "", false
		}
		return strings.TrimSpace(row[i]), true
	})
	return d, err
}

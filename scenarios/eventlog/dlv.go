package eventlog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
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

// ReadDLV reads the text `slmgr /dlv` prints on a KMS host (in English),
// saved to a file: slmgr /dlv > kms1.dlv.txt. It needs at least the line
// "Current count: N".
func ReadDLV(r io.Reader, file string) (DLV, error) {
	d := DLV{CurrentCount: -1, Requests: -1, Failed: -1}
	text, _, err := decode(bufio.NewReader(r))
	if err != nil {
		return d, &Error{File: file, Msg: err.Error()}
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
			return d, &Error{File: file, Line: line, Msg: fmt.Sprintf("%s %q is not a number", m[1], scenarios.Clip(m[2]))}
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
		return d, &Error{File: file, Msg: "no \"Current count:\" line: save the output of slmgr /dlv run on the KMS host, in English"}
	}
	return d, nil
}

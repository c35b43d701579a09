package eventlog_test

import (
	"bytes"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// retireLog is the site behind testdata/eventlog/retire/kms1.evtx, the
// log docs/monitoring.md backtests: 8 servers share kms1's count, whose
// threshold is 5 (K1); 4 are retired on day 20, so the count falls to 4
// when the 4th drops out, a count window after its latest request (K11),
// and the 4 left retry every 2 hours from then on (K5, K8). The log
// ends on day 63, before any activation runs out (K7). It is small
// enough to ship: the failing retries of a long log would not be.
const retireLog = `
name: retire
start: 2027-01-04
duration: 63d
sample: 1d
seed: 5
dns:
  - name: corp.example
hosts:
  - name: kms1
    keys: [windows-server-2022]
fleet:
  - {group: servers, count: 8, product: windows-server-2022, join: {at: 0d, over: 7d}}
events:
  - at: 20d
    decommission: {group: servers, count: 4}
`

// The shipped log is the simulation of retireLog, exported as kms1's
// .evtx file: go test ./scenarios/eventlog -run TestRetireLog -update
// writes it again.
func TestRetireLog(t *testing.T) {
	s, err := scenarios.Parse("retire.yaml", []byte(retireLog))
	if err != nil {
		t.Fatal(err)
	}
	_, recs, err := exportRun(s, engine.Time(s.Duration))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeEVTX(&b, byHost(recs)["kms1"], false); err != nil {
		t.Fatal(err)
	}
	golden(t, "retire/kms1.evtx", b.Bytes())
}

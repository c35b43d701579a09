package eventlog_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

var update = flag.Bool("update", false, "rewrite the samples and golden files in testdata/eventlog")

// samples is the fleet behind the sample exports in testdata/eventlog: a
// branch office whose kms1 sits just above 25 after four laptops were
// retired on day 70 (K23), three desktops cloned without sysprep that
// share one CMID (K9), servers and Office beside them (K12, K33), and a
// lab of six machines installed on day 115 against kms2, in their grace.
// The hosts' logs are exported on day 120 (2026-10-13), covering the
// last 60 days: the retired laptops are in them, silent since.
const samples = `
name: samples
start: 2026-06-15
duration: 130d
sample: 1d
seed: 3
dns:
  - name: corp.example
hosts:
  - name: kms1
    keys: [windows-server-2022, office-ltsc-2021]
  - name: kms2
    keys: [windows-10]
    publish: []
fleet:
  - {group: desktops, count: 21, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: laptops, count: 8, product: windows-10, join: {at: 0d, over: 7d}}
  - {group: clones, count: 3, product: windows-10, shared_cmid: true, join: {at: 0d, over: 7d}}
  - {group: servers, count: 2, product: windows-server-2022, join: {at: 0d, over: 7d}}
  - {group: office, count: 7, product: office-ltsc-2021, join: {at: 0d, over: 7d}}
  - {group: lab, count: 6, product: windows-8.1, kms: kms2, join: {at: 115d, over: 1d}}
events:
  - at: 70d
    decommission: {group: laptops, count: 4}
`

const (
	sampleDay    = 120 // the export
	sampleWindow = 60  // days of log kept
	sampleDir    = "../../testdata/eventlog"
	// skewedMachine's clock runs 5 hours ahead (K40).
	skewedMachine = "desktops-0006.corp.example"
)

// The sample exports are what the exporter writes of the samples fleet:
// the test keeps them in step with it (go test -update rewrites them).
func TestSampleExports(t *testing.T) {
	for name, data := range sampleFiles(t) {
		golden(t, name, data)
	}
}

// sampleFiles renders the sample exports and /dlv texts.
func sampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	scn, err := scenarios.Parse("samples.yaml", []byte(samples))
	if err != nil {
		t.Fatal(err)
	}
	D := engine.Time(sampleDay * engine.Day)
	res, recs, err := exportRun(scn, D)
	if err != nil {
		t.Fatal(err)
	}
	from := scn.Start.Add(time.Duration(D-sampleWindow*engine.Day) * time.Second)
	recs = slices.DeleteFunc(recs, func(r record) bool { return r.at.Before(from) })
	for i := range recs {
		if recs[i].machine == skewedMachine {
			recs[i].client = recs[i].client.Add(5 * time.Hour)
		}
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for host, hrecs := range byHost(recs) {
		for _, f := range exportForms {
			var b bytes.Buffer
			if err := f.write(&b, hrecs, host, berlin); err != nil {
				t.Fatal(err)
			}
			files[f.dir+"/"+host+f.ext] = encode(crlf(b.String(), f.crlf), f.enc)
		}
		files[host+".dlv.txt"] = dlvText(res, host, D, len(hrecs))
		props := serviceProperties(res, host, D, len(hrecs))
		files[host+".service.json"] = encode(serviceJSON(props, "    ", ":  "), eventlog.UTF16LE)
		files[host+".service.csv"] = []byte(serviceCSV(props))
		files[host+".kmslicense.json"] = []byte(serviceJSON(kmsLicenseInfo(props), "  ", ": "))
	}
	return files
}

// exportForms are the forms of export the samples are written in, each
// in the exact bytes the tool that docs/import.md names writes: its
// encoding, line ends, separators, culture.
var exportForms = []struct {
	dir, ext string
	enc      eventlog.Encoding
	crlf     bool
	write    func(w io.Writer, recs []record, host string, loc *time.Location) error
}{
	// wevtutil epl "Key Management Service" kms1.evtx; kms2's as the log
	// file itself, copied while the host writes to it (a dirty header).
	{"evtx", ".evtx", eventlog.UTF8, false, func(w io.Writer, recs []record, host string, _ *time.Location) error {
		return writeEVTX(w, recs, host == "kms2")
	}},
	// wevtutil qe "Key Management Service" /f:xml /e:Events > kms1.xml in
	// cmd.exe, kms2's without /e:Events.
	{"xml", ".xml", eventlog.UTF8, false, func(w io.Writer, recs []record, host string, _ *time.Location) error {
		return writeXML(w, recs, host == "kms1")
	}},
	// The same in Windows PowerShell 5.1, whose > writes UTF-16LE with a
	// byte order mark.
	{"ps51-xml", ".xml", eventlog.UTF16LE, true, func(w io.Writer, recs []record, host string, _ *time.Location) error {
		return writeXML(w, recs, true)
	}},
	// Get-WinEvent ... | Export-Csv kms1.csv in Windows PowerShell 5.1,
	// en-US: a #TYPE line, ASCII.
	{"powershell", ".csv", eventlog.UTF8, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writePowerShell(w, recs, loc, enUS, true, false)
	}},
	// Get-WinEvent ... | Export-Csv -UseCulture kms1.csv in PowerShell 7
	// on a German Windows: no #TYPE line, ';', UTF-8 without BOM.
	{"powershell-de", ".csv", eventlog.UTF8, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writePowerShell(w, recs, loc, deDE, false, true)
	}},
	// Event Viewer's Save All Events As… CSV, in English, German, French,
	// Japanese and Dutch, UTF-8 with a BOM.
	{"eventviewer", ".csv", eventlog.UTF8BOM, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writeEventViewer(w, recs, loc, enUS)
	}},
	{"eventviewer-de", ".csv", eventlog.UTF8BOM, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writeEventViewer(w, recs, loc, deDE)
	}},
	{"eventviewer-fr", ".csv", eventlog.UTF8BOM, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writeEventViewer(w, recs, loc, frFR)
	}},
	{"eventviewer-ja", ".csv", eventlog.UTF8BOM, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writeEventViewer(w, recs, loc, jaJP)
	}},
	{"eventviewer-nl", ".csv", eventlog.UTF8BOM, false, func(w io.Writer, recs []record, _ string, loc *time.Location) error {
		return writeEventViewer(w, recs, loc, nlNL)
	}},
}

// crlf returns s with its line ends made CR LF, when on.
func crlf(s string, on bool) string {
	if !on {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// hostCount is host's Windows count at time at.
func hostCount(res *sim.Result, host string, at engine.Time) int {
	count := -1
	for _, h := range res.Hosts {
		if h.Name != host {
			continue
		}
		for _, s := range h.Pools[0].Steps {
			if s.At <= at {
				count = int(s.Value)
			}
		}
	}
	return count
}

// property is one property of an object PowerShell writes out.
type property struct {
	name  string
	value any
}

// serviceProperties are the properties of the WMI class
// SoftwareLicensingService on a host at time at (K45), in the class's
// order, as Get-CimInstance SoftwareLicensingService gives them.
func serviceProperties(res *sim.Result, host string, at engine.Time, requests int) []property {
	return []property{
		{"Version", "10.0.20348.2849"}, {"KeyManagementServiceMachine", nil}, {"IsKeyManagementServiceMachine", 1},
		{"VLActivationInterval", 120}, {"VLRenewalInterval", 10080}, {"KeyManagementServiceCurrentCount", hostCount(res, host, at)},
		{"RequiredClientCount", 25}, {"KeyManagementServiceProductKeyID", "03612-03858-000-000000-03-1033-20348.0000-2832023"},
		{"DiscoveredKeyManagementServiceMachineName", nil}, {"DiscoveredKeyManagementServiceMachinePort", 0},
		{"PolicyCacheRefreshRequired", 0}, {"ClientMachineID", "d1a4b1c2-6f0e-4c3b-9d7e-5a2b8c9d0e1f"}, {"RemainingWindowsReArmCount", 1000},
		{"KeyManagementServiceListeningPort", 1688}, {"KeyManagementServiceDnsPublishing", true}, {"KeyManagementServiceLowPriority", false},
		{"KeyManagementServiceHostCaching", true}, {"KeyManagementServiceUnlicensedRequests", 0}, {"KeyManagementServiceLicensedRequests", requests},
		{"KeyManagementServiceOOBGraceRequests", 0}, {"KeyManagementServiceOOTGraceRequests", 0}, {"KeyManagementServiceNonGenuineGraceRequests", 0},
		{"KeyManagementServiceTotalRequests", requests}, {"KeyManagementServiceFailedRequests", 0}, {"KeyManagementServiceNotificationRequests", 0},
		{"PSComputerName", nil},
		{"CimClass", "root/cimv2:SoftwareLicensingService"},
		{"CimInstanceProperties", []string{"ClientMachineID = \"d1a4b1c2-6f0e-4c3b-9d7e-5a2b8c9d0e1f\"", "DiscoveredKeyManagementServiceMachineIpAddress", "…"}},
		{"CimSystemProperties", "Microsoft.Management.Infrastructure.CimSystemProperties"},
	}
}

// kmsLicenseInfo is what the OSLicense module's Get-KmsLicenseInfo gives
// of the same host (K45): the KMS properties under the same names, with
// KeyManagementServiceLookupDomain, and none of CIM's own.
func kmsLicenseInfo(props []property) []property {
	var out []property
	for _, p := range props {
		if strings.HasPrefix(p.name, "KeyManagementService") || strings.HasPrefix(p.name, "VL") || p.name == "IsKeyManagementServiceMachine" {
			out = append(out, p)
		}
	}
	return append(out, property{"KeyManagementServiceLookupDomain", nil})
}

// serviceJSON writes props as ConvertTo-Json does: Windows PowerShell
// 5.1 indents by four spaces with two after the colon, PowerShell 7 by
// two with one; CR LF.
func serviceJSON(props []property, indent, colon string) string {
	var b strings.Builder
	b.WriteString("{\r\n")
	for i, p := range props {
		var v string
		switch x := p.value.(type) {
		case nil:
			v = "null"
		case string:
			v = strconv.Quote(x)
		case []string:
			var q []string
			for _, e := range x {
				q = append(q, strings.Repeat(indent, 3)+strconv.Quote(e))
			}
			v = "[\r\n" + strings.Join(q, ",\r\n") + "\r\n" + strings.Repeat(indent, 2) + "]"
		default:
			v = fmt.Sprint(x)
		}
		sep := ","
		if i == len(props)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s%q%s%s%s\r\n", indent, p.name, colon, v, sep)
	}
	b.WriteString("}\r\n")
	return b.String()
}

// serviceCSV writes props as Windows PowerShell 5.1's Get-CimInstance
// SoftwareLicensingService | Export-Csv kms1.service.csv does: a #TYPE
// line, every value quoted, True and False, null as nothing.
func serviceCSV(props []property) string {
	var names, values []string
	for _, p := range props {
		names = append(names, psQuote(p.name))
		switch x := p.value.(type) {
		case nil:
			values = append(values, "")
		case bool:
			values = append(values, psQuote(strings.ToUpper(fmt.Sprint(x)[:1])+fmt.Sprint(x)[1:]))
		case []string:
			values = append(values, psQuote("Microsoft.Management.Infrastructure.Internal.Data.CimPropertiesCollection"))
		default:
			values = append(values, psQuote(fmt.Sprint(x)))
		}
	}
	return "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/SoftwareLicensingService\r\n" + strings.Join(names, ",") + "\r\n" + strings.Join(values, ",") + "\r\n"
}

// dlvText writes what slmgr /dlv prints on a host at time at: its count
// then, and its requests (those of the exported log).
func dlvText(res *sim.Result, host string, at engine.Time, requests int) []byte {
	count := hostCount(res, host, at)
	var b strings.Builder
	fmt.Fprintf(&b, "Software licensing service version: 10.0.20348.2849\r\n\r\n")
	fmt.Fprintf(&b, "Name: Windows(R), ServerStandard edition\r\nDescription: Windows(R) Operating System, VOLUME_KMS_WS22 channel\r\n")
	fmt.Fprintf(&b, "Activation ID: 9bd77860-9b31-4b7b-96ad-2564017315bf\r\nProduct Key Channel: Volume:CSVLK\r\nLicense Status: Licensed\r\n\r\n")
	fmt.Fprintf(&b, "Key Management Service is enabled on this machine\r\n    Current count: %d\r\n    Listening on Port: 1688\r\n    DNS publishing enabled\r\n    KMS priority: Normal\r\n\r\n", count)
	fmt.Fprintf(&b, "Key Management Service cumulative requests received from clients\r\n    Total requests received: %d\r\n    Failed requests received: 0\r\n\r\n", requests)
	fmt.Fprintf(&b, "    Activation interval: 120 minutes\r\n    Renewal interval: 10080 minutes\r\n")
	return []byte(b.String())
}

// Importing the samples in each form gives the same scenario, the one in
// testdata/eventlog/golden, and warns of exactly the clones and the
// skewed clock.
func TestImportSamples(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range exportForms {
		t.Run(form.dir, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(sampleDir, form.dir, "*"))
			if err != nil || len(files) != 2 {
				t.Fatalf("samples of %s: %v %v", form.dir, files, err)
			}
			fleet := eventlog.NewFleet(scenarios.Model{})
			for _, file := range files {
				if _, err := fleet.ReadFile(file, eventlog.Options{Location: berlin}, func(w eventlog.Warning) { t.Errorf("warning while reading: %s", w) }); err != nil {
					t.Fatal(err)
				}
			}
			for _, host := range []string{"kms1", "kms2"} {
				data, err := os.ReadFile(filepath.Join(sampleDir, host+".dlv.txt"))
				if err != nil {
					t.Fatal(err)
				}
				d, err := eventlog.ReadDLV(bytes.NewReader(data), host+".dlv.txt")
				if err != nil {
					t.Fatal(err)
				}
				if err := fleet.SetDLV(host, d, host+".dlv.txt"); err != nil {
					t.Fatal(err)
				}
			}
			st, err := fleet.State()
			if err != nil {
				t.Fatal(err)
			}
			var warnings []string
			for _, w := range st.Warnings {
				warnings = append(warnings, w.Msg)
			}
			if len(warnings) != 2 || !strings.Contains(warnings[0], "was sent by 3 machines (clones-") || warnings[1] != skewedMachine+"'s clock is 5h ahead of kms1's: more than 4 hours, which a host refuses (K40: 0xC004F06C), yet it answered 0x0: the machine's timestamp may be in another time zone" {
				t.Errorf("warnings:\n%s\nwant the 3 clones and %s's clock", strings.Join(warnings, "\n"), skewedMachine)
			}
			var scn, fl bytes.Buffer
			if err := eventlog.WriteScenario(&scn, st, eventlog.ScenarioOptions{Name: "branch", Sources: []string{"the samples"}}); err != nil {
				t.Fatal(err)
			}
			if err := eventlog.WriteFleet(&fl, st); err != nil {
				t.Fatal(err)
			}
			golden(t, "golden/scenario.yaml", scn.Bytes())
			golden(t, "golden/"+eventlog.FleetFile, fl.Bytes())
			dir := t.TempDir()
			writeAndLoad(t, st, dir)
		})
	}
}

// golden compares data with the golden file name in testdata/eventlog,
// or rewrites it with -update.
func golden(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join(sampleDir, name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios/eventlog -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from what the test makes: run go test ./scenarios/eventlog -update and review the diff", path)
	}
}

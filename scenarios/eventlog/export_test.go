package eventlog_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// The exporter writes what KMS hosts would log of a simulated run: one
// event 12290 per request a host answered (K39), in the three forms an
// administrator exports. The tests use it for the round trip (simulate,
// export, import, simulate again) and to write the samples in
// testdata/eventlog; BenchmarkImport for its million events.

// domain is the DNS domain of the exported machines and hosts.
const domain = "corp.example"

// record is one event 12290 as a host logs it.
type record struct {
	host    string // FQDN
	at      time.Time
	result  uint32
	n       int
	machine string
	cmid    string
	client  time.Time
	vm      bool
	state   int
	minutes int64
	actID   string
}

// recordsOf turns the exchanges of a run that started at start into the
// records of the hosts that answered them, up to and including until.
func recordsOf(log []sim.Exchange, start time.Time, until engine.Time) []record {
	var out []record
	for _, e := range log {
		if e.At > until {
			break
		}
		if !e.Answered {
			continue // a host that does not answer logs nothing
		}
		r := record{
			host:    strings.ReplaceAll(e.Host, "/", "-") + "." + domain,
			at:      start.Add(time.Duration(e.At) * time.Second),
			n:       e.Threshold,
			machine: machineName(e),
			cmid:    guid("cmid", int(e.CMID)),
			vm:      e.Client%3 == 0,
			actID:   eventlog.ActivationID(e.Product),
		}
		if r.actID == "" {
			r.actID = guid("activation id", slices.Index(scenarios.Products, e.Product))
		}
		r.client = r.at.Truncate(time.Minute)
		switch {
		case e.Unsupported:
			r.result = eventlog.ResultUnsupported
		case e.Count >= e.Threshold:
			r.result = eventlog.ResultOK
		default:
			r.result = eventlog.ResultCountLow
		}
		r.state = loggedState(e.State)
		if e.Deadline >= 0 {
			r.minutes = int64(e.Deadline-e.At) / 60 // whole minutes left
		}
		out = append(out, r)
	}
	return out
}

// machineName names a client of the run: its group and number.
func machineName(e sim.Exchange) string {
	return fmt.Sprintf("%s-%04d.%s", strings.ReplaceAll(e.Group, "/", "-"), e.Client, domain)
}

// loggedState is the K39 number of a client's state as it asks.
func loggedState(s sim.State) int {
	switch s {
	case sim.Licensed:
		return eventlog.StateLicensed
	case sim.OutOfToleranceGrace:
		return eventlog.StateOOTGrace
	case sim.Notification:
		return eventlog.StateNotification
	}
	return eventlog.StateInitialGrace // a first request installs it
}

// guid makes a GUID that depends only on kind and n, as a real CMID is
// fixed for a machine.
func guid(kind string, n int) string {
	b := sha256.Sum256(fmt.Appendf(nil, "%s %d", kind, n))
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", binary.BigEndian.Uint32(b[0:4]), binary.BigEndian.Uint16(b[4:6]), binary.BigEndian.Uint16(b[6:8]), binary.BigEndian.Uint16(b[8:10]), b[10:16])
}

// fields are the nine fields of an event 12290, in the order of K39: the
// <Data> elements of the XML, the Info text of the CSVs.
func (r *record) fields() []string {
	vm := "0"
	if r.vm {
		vm = "1"
	}
	return []string{fmt.Sprintf("0x%X", r.result), fmt.Sprint(r.n), r.machine, r.cmid, r.client.Format("2006/1/2 15:04"),
		vm, fmt.Sprint(r.state), fmt.Sprint(r.minutes), r.actID}
}

// info is the comma-separated Info text of an event 12290 (K39).
func (r *record) info() string { return strings.Join(r.fields(), ",") }

func (r *record) message() string {
	return "An activation request has been processed.\r\nInfo:\r\n" + r.info()
}

// writeXML writes records as wevtutil qe "Key Management Service" /f:xml
// does, with a root element (/e:Events) or without: ten insertion
// strings, the nine fields at 1 to 9 (K39, revised; what stands at 0 is
// undocumented, and the exporter writes 0 there).
func writeXML(w io.Writer, recs []record, root bool) error {
	var b strings.Builder
	if root {
		b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Events>\r\n")
	}
	for i, r := range recs {
		fmt.Fprintf(&b, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-SPP' Guid='{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'/><EventID Qualifiers='16384'>12290</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Key Management Service</Channel><Computer>%s</Computer><Security/></System><EventData><Data>0</Data><Data>%s</Data></EventData></Event>",
			r.at.UTC().Format("2006-01-02T15:04:05.0000000Z"), i+1, r.host, strings.Join(r.fields(), "</Data><Data>"))
		if root {
			b.WriteString("\r\n")
		}
	}
	if root {
		b.WriteString("</Events>\r\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeEVTX writes records as the log's own .evtx file holds them: ten
// insertion strings (writeXML), the file's header as wevtutil epl leaves
// it, or, dirty, as the log file itself is while the host writes to it.
func writeEVTX(w io.Writer, recs []record, dirty bool) error {
	ew := evtxtest.NewWriter(w, evtxtest.Options{Dirty: dirty})
	for _, r := range recs {
		if err := ew.Write(evtxtest.KMSEvent(r.host, r.at, append([]string{"0"}, r.fields()...))); err != nil {
			return err
		}
	}
	return ew.Close()
}

// culture is how a display language writes an export: Event Viewer's
// header, the level's word, the list separator of Export-Csv
// -UseCulture, and the date and time (short date and long time).
type culture struct {
	header []string
	level  string
	sep    rune
	layout string // a Go layout of the culture's default date and time
}

// The cultures the samples are exported in (culture.go's sources).
var (
	enUS = culture{[]string{"Level", "Date and Time", "Source", "Event ID", "Task Category"}, "Information", ',', "1/2/2006 3:04:05 PM"}
	deDE = culture{[]string{"Ebene", "Datum und Uhrzeit", "Quelle", "Ereignis-ID", "Aufgabenkategorie"}, "Informationen", ';', "02.01.2006 15:04:05"}
	frFR = culture{[]string{"Niveau", "Date et heure", "Source", "ID de l’événement", "Catégorie de la tâche"}, "Informations", ';', "02/01/2006 15:04:05"}
	jaJP = culture{[]string{"レベル", "日付と時刻", "ソース", "イベント ID", "タスクのカテゴリ"}, "情報", ',', "2006/01/02 15:04:05"}
	nlNL = culture{[]string{"Niveau", "Datum en tijd", "Bron", "Gebeurtenis-id", "Taakcategorie"}, "Informatie", ';', "2-1-2006 15:04:05"}
)

// writePowerShell writes records as Get-WinEvent -LogName "Key
// Management Service" | Export-Csv does: newest first, the 27 properties
// of an EventLogRecord, every value quoted and a null as nothing, the
// times in loc as culture c writes them, with Windows PowerShell 5.1's
// #TYPE line (typeLine) and Export-Csv -UseCulture's separator
// (useCulture). (An export of a Sysmon log seen in the wild has this
// header and these placeholders for the objects.)
func writePowerShell(w io.Writer, recs []record, loc *time.Location, c culture, typeLine, useCulture bool) error {
	var b strings.Builder
	if typeLine {
		b.WriteString("#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n")
	}
	sep := ","
	if useCulture {
		sep = string(c.sep)
	}
	row := func(fields ...string) {
		b.WriteString(strings.Join(fields, sep))
		b.WriteString("\r\n")
	}
	var header []string
	for _, h := range []string{"Message", "Id", "Version", "Qualifiers", "Level", "Task", "Opcode", "Keywords", "RecordId", "ProviderName", "ProviderId", "LogName", "ProcessId", "ThreadId", "MachineName", "UserId", "TimeCreated", "ActivityId", "RelatedActivityId", "ContainerLog", "MatchedQueryIds", "Bookmark", "LevelDisplayName", "OpcodeDisplayName", "TaskDisplayName", "KeywordsDisplayNames", "Properties"} {
		header = append(header, psQuote(h))
	}
	row(header...)
	q := psQuote
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		row(q(r.message()), q("12290"), q("0"), q("16384"), q("4"), q("0"), q("0"), q("36028797018963968"), q(fmt.Sprint(i+1)),
			q("Microsoft-Windows-Security-SPP"), q("e23b33b0-c8c9-472c-a5f9-f2bdfea0f156"), q("Key Management Service"), q("0"), q("0"),
			q(r.host), "", q(r.at.In(loc).Format(c.layout)), "", "", q("Key Management Service"), q("System.UInt32[]"),
			q("System.Diagnostics.Eventing.Reader.EventBookmark"), q(c.level), q("Info"), "",
			q("System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]"), q("System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// psQuote quotes a value as Export-Csv does: always, doubling quotes.
func psQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// writeEventViewer writes records as Event Viewer's "Save All Events
// As… CSV" does in culture c: five named columns and the message as a
// sixth, newest first, the times in loc, no computer name.
func writeEventViewer(w io.Writer, recs []record, loc *time.Location, c culture) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(c.header); err != nil {
		return err
	}
	for i := len(recs) - 1; i >= 0; i-- {
		r := recs[i]
		if err := cw.Write([]string{c.level, r.at.In(loc).Format(c.layout), "Security-SPP", "12290", "None", r.message()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// byHost splits records by the host that logged them, in order.
func byHost(recs []record) map[string][]record {
	out := map[string][]record{}
	for _, r := range recs {
		name := eventlog.ShortName(r.host)
		out[name] = append(out[name], r)
	}
	return out
}

// exportRun runs scn, tracing every request, and returns the records the
// hosts logged up to and including until.
func exportRun(scn *scenarios.Scenario, until engine.Time) (*sim.Result, []record, error) {
	var log []sim.Exchange
	res, err := sim.Run(scn, sim.Options{Seed: scn.Seed, Trace: func(e sim.Exchange) { log = append(log, e) }})
	if err != nil {
		return nil, nil, err
	}
	return res, recordsOf(log, scn.Start.Time, until), nil
}

// writeLogs writes the records of each host in recs with write into dir,
// as the host's short name and ext, and returns the files, sorted.
func writeLogs(t testing.TB, dir, ext string, recs []record, write func(io.Writer, []record) error) []string {
	t.Helper()
	var files []string
	for host, hrecs := range byHost(recs) {
		var buf bytes.Buffer
		if err := write(&buf, hrecs); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, host+ext)
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	slices.Sort(files)
	return files
}

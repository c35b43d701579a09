package eventlog_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/eventlog"
)

// readAll reads an export from data and returns its requests, warnings
// and error. The CSV forms' times are read in the samples' zone.
func readAll(name string, data io.Reader) ([]eventlog.Request, []string, error) {
	var reqs []eventlog.Request
	var warns []string
	_, err := eventlog.Read(data, name, eventlog.Options{Location: berlin}, func(r *eventlog.Request) error { reqs = append(reqs, *r); return nil },
		func(w eventlog.Warning) { warns = append(warns, w.String()) })
	return reqs, warns, err
}

// berlin is the zone of the samples' CSV times.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

const oneEvent = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-SPP'/><EventID Qualifiers='16384'>12290</EventID><TimeCreated SystemTime='2026-11-30T14:03:22.4417306Z'/><Computer>KMS1.corp.example</Computer></System><EventData><Data>0xC004F038</Data><Data>25</Data><Data>PC-042.corp.example</Data><Data>{0B9C1A52-5F0E-4D7A-9A53-2F1C8E7D4A01}</Data><Data>2026/11/30 19:03</Data><Data>1</Data><Data>1</Data><Data>259140</Data><Data>73111121-5638-40f6-bc11-f1d7b0d64300</Data></EventData></Event>`

// An event's nine fields (K39), read as the host wrote them.
func TestReadEvent(t *testing.T) {
	reqs, warns, err := readAll("kms1.xml", strings.NewReader(oneEvent+"\r\n"+strings.Replace(oneEvent, "<EventID Qualifiers='16384'>12290", "<EventID>12293", 1)))
	if err != nil || len(warns) > 0 {
		t.Fatalf("err %v, warnings %v", err, warns)
	}
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1 (the 12293 is skipped)", len(reqs))
	}
	r := reqs[0]
	want := eventlog.Request{
		Host: "KMS1.corp.example", Time: time.Date(2026, 11, 30, 14, 3, 22, 441730600, time.UTC),
		Result: eventlog.ResultCountLow, MinCount: 25, Machine: "pc-042.corp.example", CMID: "0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01",
		ClientTime: time.Date(2026, 11, 30, 19, 3, 0, 0, time.UTC), VM: true, State: eventlog.StateLicensed, Minutes: 259140,
		ActivationID: "73111121-5638-40f6-bc11-f1d7b0d64300", File: "kms1.xml", Line: 1, Event: 1,
	}
	if r != want {
		t.Errorf("request\n got %+v\nwant %+v", r, want)
	}
}

// Bad input: a clear error with the file and line, and nothing read past
// a bound.
func TestReadBadInput(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join(sampleDir, "xml", "kms2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, want string
	}{
		{"empty.xml", "", "empty.xml: the file is empty"},
		{"inventory.csv", "name,product,group\npc1,windows-10,g\n", "inventory.csv:1: not an export of the Key Management Service log: it starts \"name,product,group\""},
		{"notes.txt", "Hello\n", "notes.txt:1: not an export of the Key Management Service log"},
		{"text.txt", "Event[0]:\n  Log Name: Key Management Service\n", "text.txt:1: this is wevtutil's text form: export with /f:xml"},
		{"cut.xml", string(sample[:len(sample)*2/3]), "cut.xml:"},
		{"app.xml", strings.ReplaceAll(oneEvent, ">12290<", ">1003<"), `app.xml: nothing to import in this UTF-8 wevtutil XML file: 1 event, by id 1003 (1); no event 12290. On the KMS host, export its log with: wevtutil epl "Key Management Service" app.evtx`},
		{"html.xml", "<html><body>" + oneEvent, "html.xml:1: unexpected text before an event"},
		{"other.csv", "\"Message\",\"Id\",\"Level\"\n\"x\",\"12290\",\"4\"\n", "other.csv:1: the header lacks timecreated, machinename"},
		{"viewer.csv", "Level,Date and Time,Source\nInformation,x,y\n", "viewer.csv:1: the header is not Event Viewer's"},
		{"quote.csv", "\"Message\",\"Id\",\"TimeCreated\",\"MachineName\"\n\"Info:\n0x0,25", "quote.csv:2: not valid CSV"},
		{"logs.zip", "PK\x03\x04\x14\x00kms1.evtx", "logs.zip: a ZIP archive: extract the exports from it"},
		{"random.bin", "\x89\x00\x13\xfe\x00\x00\x07", "random.bin: a binary file, and no .evtx (which starts with ElfFile)"},
		// A host's own figures, given where the exports go: -dlv takes them.
		{"kms1.service.json", "{\"KeyManagementServiceCurrentCount\": 28}", "kms1.service.json: the host's own figures (SoftwareLicensingService, or slmgr /dlv), not an export of its log: give them with -dlv kms1.service.json, beside the log's export"},
		{"kms1.service.csv", "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/SoftwareLicensingService\n\"Version\",\"KeyManagementServiceCurrentCount\"\n", "kms1.service.csv: the host's own figures"},
		{"kms1.dlv.txt", "Software licensing service version: 10.0.20348.2849\r\n", "kms1.dlv.txt: the host's own figures"},
		// Get-WinEvent | ConvertTo-Json is JSON, and no host's figures.
		{"events.json", "[{\"Id\": 12290, \"Message\": \"An activation request has been processed.\"}]", "events.json:1: not an export of the Key Management Service log"},
	}
	for _, tt := range tests {
		_, _, err := readAll(tt.name, strings.NewReader(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to start %q", tt.name, err, tt.want)
		}
		var e *eventlog.Error
		if err != nil && !errors.As(err, &e) {
			t.Errorf("%s: %T is not an *eventlog.Error", tt.name, err)
		}
	}
	// The cut XML says where the event that was cut begins.
	_, _, err = readAll("cut.xml", strings.NewReader(string(sample[:len(sample)*2/3])))
	if !strings.Contains(err.Error(), "the file ends inside an event") {
		t.Errorf("cut.xml: %v", err)
	}
}

// endless is a reader of 2 GB that are not a KMS log, made up as it is
// read: it counts what the reader took.
type endless struct {
	head []byte
	fill byte
	left int64
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && e.left > 0 {
		if len(e.head) > 0 {
			p[n] = e.head[0]
			e.head = e.head[1:]
		} else {
			p[n] = e.fill
		}
		n++
		e.left--
	}
	e.read += int64(n)
	return n, nil
}

// A 2 GB file is refused as soon as it cannot be a KMS log: a runaway
// record stops at the record bound, so memory stays bounded.
func TestReadHugeInput(t *testing.T) {
	const size = 2 << 30
	tests := []struct {
		name, head string
		fill       byte
		want       string
	}{
		{"zeros.bin", "", 0, "zeros.bin: a binary file, and no .evtx"},
		{"event.xml", "<Event xmlns='x'><System>", 'A', "event.xml:1: an event of more than 1048576 bytes"},
		{"quote.csv", "\"Message\",\"Id\",\"TimeCreated\",\"MachineName\"\n\"", 'A', "quote.csv:2: a row of more than 1048576 bytes"},
	}
	// After real rows, the line of the runaway row is the one it starts on.
	ps, err := os.ReadFile(filepath.Join(sampleDir, "powershell", "kms1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.SplitAfterN(string(ps), "\"An activation", 4)
	head := strings.Join(rows[:3], "")
	head = head[:len(head)-len("\"An activation")] + "\""
	tests = append(tests, struct {
		name, head string
		fill       byte
		want       string
	}{"ps.csv", head, 'A', fmt.Sprintf("ps.csv:%d: a row of more than", strings.Count(head, "\n")+1)})
	for _, tt := range tests {
		r := &endless{head: []byte(tt.head), fill: tt.fill, left: size}
		_, _, err := readAll(tt.name, r)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if r.read > 4<<20 {
			t.Errorf("%s: read %d bytes before refusing; want at most a few MB", tt.name, r.read)
		}
	}
}

// Records that cannot be read are skipped with a warning naming the file
// and line; the rest are read.
func TestReadSkipsBadRecords(t *testing.T) {
	bad := strings.Replace(oneEvent, "<Data>25</Data>", "<Data>many</Data>", 1)
	data := oneEvent + "\n" + bad + "\n" + oneEvent + "\n"
	reqs, warns, err := readAll("kms1.xml", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 2 || len(warns) != 1 || warns[0] != `kms1.xml:2: event 2: skipped an event 12290: minimum count "many" is not a count from 1 to 1000` {
		t.Errorf("requests %d, warnings %q", len(reqs), warns)
	}
}

// The /dlv text: the count and intervals a host reports.
func TestReadDLV(t *testing.T) {
	d, err := eventlog.ReadDLV(strings.NewReader("Key Management Service is enabled on this machine\r\n    Current count: 23\r\n    Listening on Port: 1688\r\n    Activation Interval: 60 minutes\r\n    Renewal Interval: 1440 minutes\r\n    Total requests received: 1234\r\n    Failed requests received: 7\r\n"), "kms1.dlv.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := eventlog.DLV{CurrentCount: 23, Port: 1688, ActivationIntervalMinutes: 60, RenewalIntervalMinutes: 1440, Requests: 1234, Failed: 7}
	if d != want {
		t.Errorf("got %+v, want %+v", d, want)
	}
	if _, err := eventlog.ReadDLV(strings.NewReader("Name: Windows(R)\n"), "x.txt"); err == nil || !strings.Contains(err.Error(), `x.txt: no "Current count:" line`) {
		t.Errorf("no count: %v", err)
	}
}

// The import's checks: a wrapped log explains a count /dlv disagrees
// with, a host whose log ends early is named.
func TestImportChecks(t *testing.T) {
	f := eventlog.NewFleet(scenarios.Model{})
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	add := func(host, machine, cmid string, t time.Time) {
		f.Add(&eventlog.Request{Host: host, Time: t, Result: eventlog.ResultOK, MinCount: 25, Machine: machine, CMID: cmid, ClientTime: t.Truncate(time.Minute), State: 1, Minutes: 1000, ActivationID: "73111121-5638-40f6-bc11-f1d7b0d64300", File: eventlog.ShortName(host) + ".xml", Line: 1})
	}
	// kms1's log covers 10 days; kms2's ended 8 days before kms1's.
	for i := range 10 {
		add("kms1.corp.example", "pc-"+string(rune('a'+i))+".corp.example", guid("t", i), at.Add(-time.Duration(i)*24*time.Hour))
	}
	add("kms2.corp.example", "pc-z.corp.example", guid("t", 99), at.Add(-8*24*time.Hour))
	if err := f.SetDLV("kms1", eventlog.DLV{CurrentCount: 31}, "kms1.dlv.txt"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDLV("kms3", eventlog.DLV{CurrentCount: 1}, "kms3.dlv.txt"); err == nil || !strings.Contains(err.Error(), `/dlv of host "kms3", whose log was not given (hosts: kms1, kms2)`) {
		t.Errorf("unknown host: %v", err)
	}
	st, err := f.State()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range st.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"kms1.dlv.txt: kms1: its own figures say a count of 31, the log gives 10: the log begins 2026-11-21 12:00 UTC, only 9d before its end, less than the 30d count window, so earlier requests are missing (the log wrapped, K39): export it more often, such as daily",
		"kms2.xml: kms2's log ends 2026-11-22 12:00 UTC, 8d before the latest event of the others (2026-11-30 12:00 UTC): export it again, or its table is older than the import assumes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var buf bytes.Buffer
	if err := eventlog.WriteFleet(&buf, st); err != nil {
		t.Fatal(err)
	}
}

// The nine fields are found by their shape (K39, revised): in nine
// insertion strings, in ten with the fields at 1 to 9 as Windows writes
// them, whatever stands at 0, and in one comma-separated string.
func TestReadLayouts(t *testing.T) {
	const fields = `<Data>0xC004F038</Data><Data>25</Data><Data>PC-042.corp.example</Data><Data>{0B9C1A52-5F0E-4D7A-9A53-2F1C8E7D4A01}</Data><Data>2026/11/30 19:03</Data><Data>1</Data><Data>1</Data><Data>259140</Data><Data>73111121-5638-40f6-bc11-f1d7b0d64300</Data>`
	const joined = `0xC004F038,25,PC-042.corp.example,{0B9C1A52-5F0E-4D7A-9A53-2F1C8E7D4A01},2026/11/30 19:03,1,1,259140,73111121-5638-40f6-bc11-f1d7b0d64300`
	want, _, err := readAll("kms1.xml", strings.NewReader(oneEvent))
	if err != nil || len(want) != 1 {
		t.Fatalf("%v %v", want, err)
	}
	tests := []struct{ name, data string }{
		{"nine strings", fields},
		{"ten strings, an empty first", "<Data></Data>" + fields},
		{"ten strings, a number first", "<Data>1</Data>" + fields},
		{"ten strings, a result first", "<Data>0x0</Data>" + fields},
		{"ten strings, a closed element first", "<Data/>" + fields},
		{"ten strings, a GUID first", "<Data>{55c92734-d682-4d71-983e-d6ec3f16059f}</Data>" + fields},
		{"one comma-separated string", "<Data>" + joined + "</Data>"},
		{"two strings, the fields second", "<Data>Info:</Data><Data>" + joined + "</Data>"},
		{"eleven strings, one after", fields + "<Data>x</Data>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := strings.Replace(oneEvent, fields, tt.data, 1)
			reqs, warns, err := readAll("kms1.xml", strings.NewReader(ev))
			if err != nil || len(warns) > 0 || len(reqs) != 1 {
				t.Fatalf("requests %d, warnings %q, error %v", len(reqs), warns, err)
			}
			if reqs[0] != want[0] {
				t.Errorf("request\n got %+v\nwant %+v", reqs[0], want[0])
			}
		})
	}
	// A record that fits no layout is skipped, with its place and why.
	ev := strings.Replace(oneEvent, fields, "<Data>1</Data>"+strings.Replace(fields, "<Data>25</Data>", "<Data>many</Data>", 1), 1)
	_, warns, _ := readAll("kms1.xml", strings.NewReader(ev+"\n"+oneEvent))
	if len(warns) != 1 || warns[0] != `kms1.xml:1: event 1: skipped an event 12290: no 9 of its 10 fields in a row are those of event 12290: minimum count "many" is not a count from 1 to 1000` {
		t.Errorf("warnings %q", warns)
	}
}

// encode writes text in enc, as Windows tools do.
func encode(text string, enc eventlog.Encoding) []byte {
	switch enc {
	case eventlog.UTF8BOM:
		return append([]byte("\xef\xbb\xbf"), text...)
	case eventlog.UTF16LE, eventlog.UTF16BE:
		var b []byte
		if enc == eventlog.UTF16LE {
			b = []byte{0xff, 0xfe}
		} else {
			b = []byte{0xfe, 0xff}
		}
		for _, u := range utf16.Encode([]rune(text)) {
			if enc == eventlog.UTF16LE {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		return b
	case eventlog.Windows1252:
		var b []byte
		for _, r := range text {
			if r < 0x100 {
				b = append(b, byte(r))
			} else {
				b = append(b, '?')
			}
		}
		return b
	}
	return []byte(text)
}

// Every encoding Windows writes reads alike, in every reader: UTF-16 with
// a byte order mark (Windows PowerShell 5.1's >), without one, UTF-8 with
// and without, ANSI, and line ends of CR LF.
func TestReadEncodings(t *testing.T) {
	files := []string{filepath.Join(sampleDir, "xml", "kms1.xml"), filepath.Join(sampleDir, "powershell", "kms1.csv"), filepath.Join(sampleDir, "eventviewer", "kms1.csv")}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, _, err := readAll(file, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		crlf := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n", "\r\n")
		for _, enc := range []eventlog.Encoding{eventlog.UTF8, eventlog.UTF8BOM, eventlog.UTF16LE, eventlog.UTF16BE, eventlog.Windows1252} {
			for _, text := range []string{string(data), crlf} {
				b := encode(text, enc)
				got, warns, err := readAll(file, bytes.NewReader(b))
				if err != nil || len(warns) > 0 {
					t.Fatalf("%s in %s: %v %q", file, enc, err, warns)
				}
				if len(got) != len(want) {
					t.Fatalf("%s in %s: %d requests, want %d", file, enc, len(got), len(want))
				}
				for i := range got {
					got[i].Line, want[i].Line = 0, 0 // CR LF counts lines alike; the test compares the fields
					if got[i] != want[i] {
						t.Fatalf("%s in %s: request %d\n got %+v\nwant %+v", file, enc, i, got[i], want[i])
					}
				}
				if enc == eventlog.UTF16LE {
					// Without its byte order mark, as some tools write it.
					if got, _, err := readAll(file, bytes.NewReader(b[2:])); err != nil || len(got) != len(want) {
						t.Fatalf("%s in UTF-16LE without BOM: %d requests, %v", file, len(got), err)
					}
				}
			}
		}
	}
	for _, enc := range []eventlog.Encoding{eventlog.UTF8BOM, eventlog.UTF16LE, eventlog.UTF16BE} {
		data, err := os.ReadFile(filepath.Join(sampleDir, "kms1.dlv.txt"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := eventlog.ReadDLV(bytes.NewReader(encode(strings.ReplaceAll(string(data), "\n", "\r\n"), enc)), "kms1.dlv.txt")
		if err != nil || d.CurrentCount < 0 {
			t.Errorf("/dlv in %s: %+v %v", enc, d, err)
		}
	}
}

// A record with an unusable field is skipped and counted, never stopping
// the import, and what the log wrote reaches the terminal escaped.
func TestReadSkipsUnusableFields(t *testing.T) {
	tests := []struct{ name, from, to, want string }{
		{"escape in computer", "KMS1.corp.example", "kms1\x1b[31m.corp.example", `computer name "kms1\x1b[31m.corp.example" is not a host name`},
		{"empty computer", "KMS1.corp.example", "", "no computer name"},
		{"bad CMID", "{0B9C1A52-5F0E-4D7A-9A53-2F1C8E7D4A01}", "{hello}", `CMID "{hello}" is not a GUID`},
		{"bad time", "2026-11-30T14:03:22.4417306Z", "yesterday", `TimeCreated "yesterday" is not a time`},
		{"bidi override in machine", "PC-042.corp.example", "PC-042\u202e.corp.example", `machine name "PC-042\u202e.corp.example" is not a host name`},
	}
	for _, tt := range tests {
		bad := strings.Replace(oneEvent, tt.from, tt.to, 1)
		reqs, warns, err := readAll("kms1.xml", strings.NewReader(oneEvent+"\n"+bad+"\n"+oneEvent))
		if err != nil || len(reqs) != 2 || len(warns) != 1 {
			t.Errorf("%s: requests %d, warnings %q, error %v", tt.name, len(reqs), warns, err)
			continue
		}
		if !strings.Contains(warns[0], tt.want) || strings.ContainsAny(warns[0], "\x1b\u202e") {
			t.Errorf("%s: warning %q, want it to hold %q, escaped", tt.name, warns[0], tt.want)
		}
	}
}

// Event Viewer's CSV in any display language: the date as the culture
// writes it, its day and month settled by the record's client time, by
// the file, or by -culture; a date nothing settles is refused, naming
// -culture.
func TestReadCultureDates(t *testing.T) {
	const info = `"An activation request has been processed.` + "\r\nInfo:\r\n" + `0x0,25,pc-1.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,%s,0,1,259140,73111121-5638-40f6-bc11-f1d7b0d64300"`
	row := func(date, client string) string {
		return "Information," + date + ",Security-SPP,12290,None," + fmt.Sprintf(info, client) + "\r\n"
	}
	tests := []struct {
		name, header, rows string
		order              eventlog.DateOrder
		want               string // the first request's time, or an error's text
	}{
		{"en-US", "Level,Date and Time,Source,Event ID,Task Category", row("3/4/2026 1:15:48 PM", "2026/3/4 13:15"), 0, "2026-03-04T13:15:48Z"},
		{"en-US, zero hour", "Level,Date and Time,Source,Event ID,Task Category", row("3/4/2026 06:38:24 PM", "2026/3/4 18:38"), 0, "2026-03-04T18:38:24Z"},
		{"en-GB by the client", "Level,Date and Time,Source,Event ID,Task Category", row("03/04/2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"de-DE", "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie", row("03.04.2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"ja-JP", "レベル,日付と時刻,ソース,イベント ID,タスクのカテゴリ", row("2026/04/03 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"zh-TW", "層級,日期和時間,來源,事件識別碼,工作類別", row("2026/4/3 下午 01:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"ko-KR", "수준,날짜 및 시간,원본,이벤트 ID,작업 범주", row("2026-04-03 오후 1:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"nl-NL", "Niveau,Datum en tijd,Bron,Gebeurtenis-id,Taakcategorie", row("3-4-2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"es-ES", "Nivel,Fecha y hora,Origen,Id. del evento,Categoría de la tarea", row("3/04/2026 9:05:06", "2026/4/3 9:05"), 0, "2026-04-03T09:05:06Z"},
		{"pt-BR", "Nível,Data e Hora,Fonte,Identificação do Evento,Categoria da Tarefa", row("03/04/2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"zh-CN", "级别,日期和时间,来源,事件 ID,任务类别", row("2026/4/3 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"ru-RU", "Уровень,Дата и время,Источник,Код события,Категория задачи", row("03.04.2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"an unknown language, by the columns' order", "Taso,Päivämäärä ja aika,Lähde,Tapahtumatunnus,Tehtäväluokka", row("3.4.2026 13:15:48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"it-IT of Windows XP", "Livello,Data e ora,Origine,ID evento,Categoria attività", row("03/04/2026 13.15.48", "2026/4/3 13:15"), 0, "2026-04-03T13:15:48Z"},
		{"a direction mark", "Level,Date and Time,Source,Event ID,Task Category", row("\u200e3/4/2026 1:15:48\u00a0PM", "2026/3/4 13:15"), 0, "2026-03-04T13:15:48Z"},
		{"settled by the file", "Level,Date and Time,Source,Event ID,Task Category", row("13/04/2026 13:15:48", "2026/4/13 13:15") + row("03/04/2026 13:15:48", "2020/1/1 0:00"), 0, "2026-04-13T13:15:48Z"},
		{"-culture en-US", "Level,Date and Time,Source,Event ID,Task Category", row("03/04/2026 13:15:48", "2020/1/1 0:00"), eventlog.MonthFirst, "2026-03-04T13:15:48Z"},
		{"-culture fr-FR", "Niveau,Date et heure,Source,ID de l’événement,Catégorie de la tâche", row("03/04/2026 13:15:48", "2020/1/1 0:00"), eventlog.DayFirst, "2026-04-03T13:15:48Z"},
		{"nothing settles", "Level,Date and Time,Source,Event ID,Task Category", row("03/04/2026 13:15:48", "2020/1/1 0:00") + row("10/10/2026 13:15:48", "2020/1/1 0:00"), 0, `kms1.csv:2: the dates of 1 record (the first: "03/04/2026 13:15:48") can be read day first or month first, and neither the file nor the clients' clocks settle which: give -culture`},
		{"held until the file settles", "Level,Date and Time,Source,Event ID,Task Category", row("03/04/2026 13:15:48", "2020/1/1 0:00") + row("13/04/2026 13:15:48", "2026/4/13 13:15"), 0, "2026-04-13T13:15:48Z 2026-04-03T13:15:48Z"},
		{"February 30", "Level,Date and Time,Source,Event ID,Task Category", row("30/02/2026 13:15:48", "2026/2/28 13:15"), 0, `time "30/02/2026 13:15:48" is no date of the calendar`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reqs []eventlog.Request
			var warns []string
			_, err := eventlog.Read(strings.NewReader(tt.header+"\r\n"+tt.rows), "kms1.csv", eventlog.Options{DateOrder: tt.order},
				func(r *eventlog.Request) error { reqs = append(reqs, *r); return nil }, func(w eventlog.Warning) { warns = append(warns, w.String()) })
			if strings.HasPrefix(tt.want, "2") {
				var times []string
				for _, r := range reqs {
					times = append(times, r.Time.Format(time.RFC3339))
				}
				if err != nil || len(reqs) == 0 || !strings.HasPrefix(strings.Join(times, " "), tt.want) {
					t.Fatalf("requests at %v, warnings %q, error %v; want them at %s", times, warns, err, tt.want)
				}
				return
			}
			if (len(warns) == 0 || !strings.Contains(warns[0], tt.want)) && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
				t.Errorf("warnings %q, error %v; want %q", warns, err, tt.want)
			}
		})
	}
}

// A file that imports nothing gets one message: what the file is and the
// command that exports the right log.
func TestReadNothingToImport(t *testing.T) {
	system := func(id string) string {
		return strings.NewReplacer("<EventID Qualifiers='16384'>12290", "<EventID>"+id, "<Computer>", "<Channel>System</Channel><Computer>").Replace(oneEvent)
	}
	xml := "<Events>\r\n" + system("7036") + "\r\n" + system("7036") + "\r\n" + system("10016") + "\r\n</Events>\r\n"
	_, _, err := readAll(`C:\Users\admin\kms1.xml`, bytes.NewReader(encode(xml, eventlog.UTF16LE)))
	want := `C:\Users\admin\kms1.xml: nothing to import in this UTF-16LE wevtutil XML file of the log "System": 3 events, by id 7036 (2), 10016 (1); no event 12290. On the KMS host, export its log with: wevtutil epl "Key Management Service" `
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v\nwant %s…", err, want)
	}
	csv := "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n\"Message\",\"Id\",\"LogName\",\"MachineName\",\"TimeCreated\"\r\n\"x\",\"4624\",\"Security\",\"dc1\",\"1/2/2026 1:00:00 PM\"\r\n"
	_, _, err = readAll("kms1.csv", strings.NewReader(csv))
	want = `kms1.csv: nothing to import in this UTF-8 Get-WinEvent CSV file of the log "Security": 1 event, by id 4624 (1); no event 12290. On the KMS host, export its log with: Get-WinEvent -LogName "Key Management Service" | Export-Csv -NoTypeInformation kms1.csv`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
}

// The host's figures read alike from slmgr /dlv's text and from the WMI
// class's properties (K45), as ConvertTo-Json (UTF-16LE, from Windows
// PowerShell 5.1's >) and Export-Csv write them.
func TestReadHostFigures(t *testing.T) {
	for _, host := range []string{"kms1", "kms2"} {
		text, err := os.ReadFile(filepath.Join(sampleDir, host+".dlv.txt"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := eventlog.ReadDLV(bytes.NewReader(text), host+".dlv.txt")
		if err != nil {
			t.Fatal(err)
		}
		js, err := os.ReadFile(filepath.Join(sampleDir, host+".service.json"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := eventlog.ReadDLV(bytes.NewReader(js), host+".service.json"); err != nil || got != want {
			t.Errorf("%s.service.json: %+v, %v; want %+v as /dlv's", host, got, err, want)
		}
	}
	csv := "#TYPE Microsoft.Management.Infrastructure.CimInstance#root/cimv2/SoftwareLicensingService\r\n" +
		`"Version";"VLActivationInterval";"VLRenewalInterval";"KeyManagementServiceCurrentCount";"KeyManagementServiceListeningPort";"KeyManagementServiceTotalRequests";"KeyManagementServiceFailedRequests"` + "\r\n" +
		`"10.0.20348.2849";"120";"10080";"28";"1688";"911";"3"` + "\r\n"
	got, err := eventlog.ReadDLV(strings.NewReader(csv), "kms1.csv")
	want := eventlog.DLV{CurrentCount: 28, ActivationIntervalMinutes: 120, RenewalIntervalMinutes: 10080, Port: 1688, Requests: 911, Failed: 3}
	if err != nil || got != want {
		t.Errorf("Export-Csv -UseCulture: %+v, %v; want %+v", got, err, want)
	}
	// A /dlv in another display language gets the command that works in any.
	_, err = eventlog.ReadDLV(strings.NewReader("Aktuelle Anzahl: 28\r\n"), "kms1.dlv.txt")
	if err == nil || !strings.Contains(err.Error(), "Get-CimInstance SoftwareLicensingService | ConvertTo-Json > kms1.json") {
		t.Errorf("a German /dlv: %v", err)
	}
	// -1: no KMS host, or no request heard yet.
	got, err = eventlog.ReadDLV(strings.NewReader(`{"KeyManagementServiceCurrentCount": -1}`), "kms3.json")
	if err != nil || got.CurrentCount != -1 {
		t.Errorf("a count of -1: %+v, %v", got, err)
	}
}

// UTF-16 without a byte order mark is told by its zero bytes even when
// the text starts with no ASCII: a Japanese Event Viewer CSV.
func TestReadUTF16WithoutBOM(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sampleDir, "eventviewer-ja", "kms1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	want, _, err := readAll("kms1.csv", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []eventlog.Encoding{eventlog.UTF16LE, eventlog.UTF16BE} {
		b := encode(text, enc)[2:]
		got, warns, err := readAll("kms1.csv", bytes.NewReader(b))
		if err != nil || len(warns) > 0 || len(got) != len(want) {
			t.Errorf("%s without BOM: %d requests, %q, %v; want %d", enc, len(got), warns, err, len(want))
		}
	}
}

// An XML event's text is read as XML writes it: entities and character
// references in any element; an event 12290 of another log is not a KMS
// request; events without an id are skipped under the bound of warnings.
func TestReadXMLText(t *testing.T) {
	ev := strings.NewReplacer("KMS1.corp.example", "KMS1&#x2E;corp.example", "PC-042", "PC&#45;042").Replace(oneEvent)
	reqs, warns, err := readAll("kms1.xml", strings.NewReader(ev))
	if err != nil || len(warns) > 0 || len(reqs) != 1 || reqs[0].Host != "KMS1.corp.example" || reqs[0].Machine != "pc-042.corp.example" {
		t.Errorf("character references: %+v, %q, %v", reqs, warns, err)
	}
	esc := strings.Replace(oneEvent, "KMS1.corp.example", "kms1&#x1b;[31m", 1)
	_, warns, _ = readAll("kms1.xml", strings.NewReader(esc+oneEvent))
	if len(warns) != 1 || !strings.Contains(warns[0], `computer name "kms1\x1b[31m" is not a host name`) {
		t.Errorf("an escape by reference: %q", warns)
	}
	other := strings.Replace(oneEvent, "<Computer>", "<Channel>System</Channel><Computer>", 1)
	reqs, _, err = readAll("kms1.xml", strings.NewReader(other+oneEvent))
	if err != nil || len(reqs) != 1 {
		t.Errorf("an event 12290 of the System log: %d requests, %v; want only the KMS one", len(reqs), err)
	}
	noID := strings.Replace(oneEvent, "<EventID Qualifiers='16384'>12290</EventID>", "", 1)
	_, warns, _ = readAll("kms1.xml", strings.NewReader(strings.Repeat(noID+"\n", 50)+oneEvent))
	if len(warns) != 21 || warns[20] != "kms1.xml: 30 more malformed events skipped" {
		t.Errorf("50 events without an id: %d warnings, the last %q", len(warns), warns[len(warns)-1])
	}
}

// A CSV read in the wrong zone is told by its clients' clocks; Event
// Viewer's CSV takes its host from a file's name that must be one.
func TestReadCSVZoneAndName(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sampleDir, "eventviewer", "kms1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	_, err = eventlog.Read(bytes.NewReader(data), "kms1.csv", eventlog.Options{}, func(*eventlog.Request) error { return nil }, func(w eventlog.Warning) { warns = append(warns, w.String()) })
	want := "kms1.csv: its times are 2h ahead of the clients' clocks in most records: were they written in another time zone than -tz UTC?"
	if err != nil || len(warns) != 1 || !strings.HasPrefix(warns[0], want) {
		t.Errorf("Berlin's times read as UTC: %q, %v; want %q", warns, err, want)
	}
	_, _, err = readAll("Logs/kms1 (2).csv", bytes.NewReader(data))
	want = `Logs/kms1 (2).csv: Event Viewer's CSV names no computer, so kmssim takes the host from the file's name, and "kms1 (2)" is no host name: name the file after its host, such as kms1.csv`
	if err == nil || err.Error() != want {
		t.Errorf("a file not named after its host: %v\nwant %s", err, want)
	}
}

// Get-WinEvent's CSV carries TimeCreated in the culture's form too, and
// an XML declaration may name an 8-bit encoding.
func TestReadPowerShellCultures(t *testing.T) {
	const info = `"An activation request has been processed.` + "\r\nInfo:\r\n" + `0x0,25,pc-1.corp.example,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,2026/4/3 13:15,0,1,259140,73111121-5638-40f6-bc11-f1d7b0d64300"`
	for _, date := range []string{"2026/04/03 13:15:48", "3-4-2026 13:15:48", "03/04/2026 13:15:48", "4/3/2026 1:15:48 PM", "2026-04-03 오후 1:15:48"} {
		csv := `"Message";"Id";"TimeCreated";"MachineName"` + "\r\n" + info + `;"12290";"` + date + `";"kms1.corp.example"` + "\r\n"
		var got []eventlog.Request
		_, err := eventlog.Read(strings.NewReader(csv), "kms1.csv", eventlog.Options{}, func(r *eventlog.Request) error { got = append(got, *r); return nil }, func(w eventlog.Warning) { t.Errorf("%s: %s", date, w) })
		if err != nil || len(got) != 1 || got[0].Time.Format(time.RFC3339) != "2026-04-03T13:15:48Z" {
			t.Errorf("%s: %+v, %v", date, got, err)
		}
	}
	xml := "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\r\n<Events>" + strings.Replace(oneEvent, "</EventData>", "<Data>caf\xe9</Data></EventData>", 1) + "</Events>"
	sum, err := eventlog.Read(strings.NewReader(xml), "kms1.xml", eventlog.Options{}, func(*eventlog.Request) error { return nil }, func(w eventlog.Warning) { t.Error(w) })
	if err != nil || sum.Requests != 1 || sum.Encoding != eventlog.Windows1252 {
		t.Errorf("a windows-1252 declaration: %+v, %v", sum, err)
	}
}

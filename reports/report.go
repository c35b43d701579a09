package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim"
)

//go:embed templates/report.html
var templates embed.FS

var reportTemplate = template.Must(template.ParseFS(templates, "templates/report.html"))

// MaxReportMilestones bounds the milestone table of the report; the rest
// are in milestones.json.
const MaxReportMilestones = 200

type reportData struct {
	Name, Description, File string
	Seed                    uint64
	// Sources, when set, names what the page was made from in the
	// footer instead of File: the two plans of a comparison.
	Sources  string
	Facts    []labelValue
	Findings []string
	Verdicts []sim.Verdict
	// Plan is the verdict on the plan, the page's headline; Checks says
	// how many of the expectations hold, apart from it.
	Plan *PlanVerdict
	// Sides are the verdicts on two plans side by side (kmssim
	// compare), the page's headline in place of Plan.
	Sides          []sideVerdict
	Checks         string
	Charts         []reportChart
	HasDates       bool
	Milestones     []milestoneRow
	MoreMilestones int
	Inputs         []inputTable
	FontCSS        template.CSS
	// Machines is the section on the machines the scenario names (an
	// imported fleet), or nil.
	Machines *machinesSection
	// Run is set when the page reports a run (not only a sweep).
	Run bool
	// Batch is the section of a batch: the replications a run is the
	// first of, or a sweep (whose report has no single run).
	Batch *batchReport
}

type labelValue struct{ Label, Value string }

// reportChart is a chart as the page shows it: drawn twice, for a wide
// screen and paper (SVG), and for a phone (Narrow, see figure.narrow);
// the page's style shows one of them.
type reportChart struct {
	Name, Caption string
	SVG, Narrow   template.HTML
}

// Lead is the chart the page opens with, under the headline, so that the
// first printed page holds both: over replications, the one that speaks
// of all of them (the probability that each count has fallen, else the
// bands); else the run's first (its counts), else the batch's first; nil
// without charts.
func (d *reportData) Lead() *reportChart {
	inBatch, i, ok := d.lead()
	switch {
	case !ok:
		return nil
	case inBatch:
		return &d.Batch.Charts[i]
	}
	return &d.Charts[i]
}

// lead says where Lead is: in the batch's charts or the run's, and at
// which index.
func (d *reportData) lead() (inBatch bool, i int, ok bool) {
	if d.Batch != nil && len(d.Charts) > 0 {
		for _, name := range []string{"falls", "bands"} {
			for i, c := range d.Batch.Charts {
				if c.Name == name {
					return true, i, true
				}
			}
		}
	}
	switch {
	case len(d.Charts) > 0:
		return false, 0, true
	case d.Batch != nil && len(d.Batch.Charts) > 0:
		return true, 0, true
	}
	return false, 0, false
}

// RunCharts are the run's charts other than Lead.
func (d *reportData) RunCharts() []reportChart {
	if inBatch, i, ok := d.lead(); ok && !inBatch {
		return slices.Delete(slices.Clone(d.Charts), i, i+1)
	}
	return d.Charts
}

// BatchCharts are the batch's charts other than Lead.
func (d *reportData) BatchCharts() []reportChart {
	if d.Batch == nil {
		return nil
	}
	if inBatch, i, ok := d.lead(); ok && inBatch {
		return slices.Delete(slices.Clone(d.Batch.Charts), i, i+1)
	}
	return d.Batch.Charts
}

type milestoneRow struct{ Day, Date, What string }

type inputTable struct {
	Title  string
	Header []string
	Rows   [][]string
}

// WriteHTML writes the report of a run: a single self-contained HTML page
// (no scripts, no network: fonts and charts are inside) with the findings,
// the verdicts of the expectations, the charts, the milestones and the
// scenario's inputs. It prints well to PDF.
func WriteHTML(w io.Writer, res *sim.Result, verdicts []sim.Verdict, charts []Chart) error {
	d, err := runReport(res, verdicts, charts, nil)
	if err != nil {
		return err
	}
	return d.write(w)
}

// runReport gathers the report of one run; batch, if not nil, is the
// section of the replications the run is the first of.
func runReport(res *sim.Result, verdicts []sim.Verdict, charts []Chart, batch *batchReport) (*reportData, error) {
	scn := res.Scenario
	events := "events simulated"
	if batch != nil {
		events += " (first replication)" // the others' counts are not kept
	}
	d := &reportData{
		Run:         true,
		Name:        res.Name,
		Description: strings.Join(strings.Fields(res.Description), " "),
		File:        scn.File,
		Seed:        res.Seed,
		Findings:    Findings(res, verdicts),
		Verdicts:    verdicts,
		HasDates:    !res.Start.IsZero(),
		Inputs:      inputTables(scn),
		Machines:    machinesReport(res),
		Batch:       batch,
	}
	if d.File == "" {
		d.File = "(built in)"
	}
	d.Facts = []labelValue{
		{"seed", strconv.FormatUint(res.Seed, 10)},
		{"simulated", scn.Duration.String() + " in samples of " + scn.Sample.String()},
		{"clients", strconv.Itoa(res.Clients)},
		{"hosts", strconv.Itoa(len(res.Hosts))},
		{events, strconv.FormatUint(res.Events, 10)},
	}
	if d.HasDates {
		d.Facts = append(d.Facts[:1], append([]labelValue{{"start", res.Start.String() + " (day 0)"}}, d.Facts[1:]...)...)
	}
	if w := whatIf(scn); w != "" {
		d.Facts = append([]labelValue{{"what-if", w}}, d.Facts...)
	}
	plan := planVerdict(res)
	d.Plan = &plan
	if len(verdicts) > 0 {
		d.Checks = checksWords(verdicts)
	}
	var err error
	if d.Charts, err = inlineCharts(charts); err != nil {
		return nil, err
	}
	for i, m := range res.Milestones {
		if i == MaxReportMilestones {
			d.MoreMilestones = len(res.Milestones) - i
			break
		}
		row := milestoneRow{Day: sim.FormatDays(Days(m.At), 2, false), What: describeMilestone(m, res.Model())}
		if d.HasDates {
			row.Date = Date(res, m.At)
		}
		d.Milestones = append(d.Milestones, row)
	}
	return d, nil
}

// inlineCharts renders charts for the page, which carries the fonts once.
func inlineCharts(charts []Chart) ([]reportChart, error) {
	var out []reportChart
	for _, c := range charts {
		svg, err := c.fig.svg(false)
		if err != nil {
			return nil, err
		}
		narrow, err := c.fig.narrow().svg(false)
		if err != nil {
			return nil, err
		}
		out = append(out, reportChart{Name: c.Name, Caption: c.Caption,
			SVG: template.HTML(stripXMLHeader(svg)), Narrow: template.HTML(stripXMLHeader(narrow))})
	}
	return out, nil
}

// write renders the page.
func (d *reportData) write(w io.Writer) error {
	css, err := fontCSS()
	if err != nil {
		return err
	}
	d.FontCSS = template.CSS(css)
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func describeMilestone(m sim.Milestone, model scenarios.Model) string {
	switch m.Kind {
	case sim.MilestoneCountBelow:
		return fmt.Sprintf("%s %s count fell below %d (now %d)", m.Host, m.Pool, m.Threshold, m.Count)
	case sim.MilestoneCountReached:
		return fmt.Sprintf("%s %s count reached %d", m.Host, m.Pool, m.Threshold)
	case sim.MilestoneFirstActivation:
		return fmt.Sprintf("first %s client activated", m.Product)
	case sim.MilestoneFirstFailedRenewal:
		return fmt.Sprintf("first failed renewal of an activated %s client (0xC004F038)", m.Product)
	case sim.MilestoneFirstExpiryWarning:
		return fmt.Sprintf("first %s client warned that its activation lapses within %s", m.Product, words.Days(int64(model.ExpiryWarning)))
	case sim.MilestoneFirstADFallback:
		return fmt.Sprintf("first %s domain member fell back from AD to KMS", m.Product)
	case sim.MilestoneFirstExpiry:
		return fmt.Sprintf("first %s activation lapsed", m.Product)
	case sim.MilestoneLastExpiry:
		return fmt.Sprintf("last %s activation lapsed", m.Product)
	case sim.MilestoneFirstNotification:
		return fmt.Sprintf("first %s client in notification", m.Product)
	case sim.MilestoneMAKExhausted:
		if m.ESUYear > 0 {
			return fmt.Sprintf("ESU year %d MAK add-on key %s used its last activation", m.ESUYear, m.Key)
		}
		return fmt.Sprintf("MAK key %s used its last activation", m.Key)
	case sim.MilestoneESUShort:
		return fmt.Sprintf("first machine left without ESU year %d: key %s has no activations left", m.ESUYear, m.Key)
	}
	return string(m.Kind)
}

// stripXMLHeader removes the XML declaration, which has no place inside
// an HTML page.
func stripXMLHeader(svg []byte) []byte {
	if bytes.HasPrefix(svg, []byte("<?xml")) {
		if i := bytes.Index(svg, []byte("?>")); i >= 0 {
			svg = bytes.TrimLeft(svg[i+2:], "\n")
		}
	}
	return svg
}

// fontCSS returns the @font-face rules of the faces the charts use, as
// gonum/plot writes them into an SVG with embedded fonts.
func fontCSS() (string, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(vg.Inch, vg.Inch), vgsvg.EmbedFonts(true))
	c.FillString(font.DefaultCache.Lookup(sans(10), 10), vg.Point{}, "x")
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	s := buf.String()
	start, end := strings.Index(s, "<style>"), strings.Index(s, "</style>")
	if start < 0 || end < start {
		return "", fmt.Errorf("report: no embedded font in gonum/plot's SVG")
	}
	return strings.TrimSpace(s[start+len("<style>") : end]), nil
}

// inputTables lays out the scenario's inputs for people.
func inputTables(scn *scenarios.Scenario) []inputTable {
	m := scn.Model
	out := []inputTable{{
		Title:  "Model",
		Header: []string{"setting", "value", "rule"},
		Rows: [][]string{
			{"initial grace", m.Grace.String(), "K3"},
			{"validity of an activation", m.Validity.String(), "K7"},
			{"out-of-tolerance grace", m.OutOfToleranceGrace.String(), "K7"},
			{"count window", m.CountWindow.String(), "K10"},
			{"cache size", strconv.Itoa(m.CacheFactor) + " × highest threshold", "K13"},
		},
	}}
	out = append(out, siteTables("", &scn.Site)...)
	for i := range scn.Sites {
		t := &scn.Sites[i]
		out = append(out, siteTables(fmt.Sprintf("Site %s (%d instances: %s … %s)", t.Name, t.Instances, t.InstanceName(1), t.InstanceName(t.Instances)), &t.Site)...)
	}
	return out
}

func siteTables(prefix string, s *scenarios.Site) []inputTable {
	title := func(t string) string {
		if prefix == "" {
			return t
		}
		return prefix + ": " + strings.ToLower(t)
	}
	dns := inputTable{Title: title("DNS domains"), Header: []string{"domain", "propagation delay"}}
	for _, d := range s.DNS {
		dns.Rows = append(dns.Rows, []string{d.Name, d.Propagation.String()})
	}
	hosts := inputTable{Title: title("Hosts"), Header: []string{"host", "host keys", "SRV priority", "SRV weight", "published in", "retry / renewal interval", "outages"}}
	for _, h := range s.Hosts {
		keys := make([]string, len(h.Keys))
		for i, k := range h.Keys {
			keys[i] = string(k)
		}
		publish := "not in DNS"
		if h.Publish != nil && len(*h.Publish) > 0 {
			publish = strings.Join(*h.Publish, ", ")
		}
		var outages []string
		for _, o := range h.Outages {
			outages = append(outages, fmt.Sprintf("from %s for %s", o.At, o.For))
		}
		hosts.Rows = append(hosts.Rows, []string{h.Name, strings.Join(keys, ", "), strconv.Itoa(h.SRV.Priority), strconv.Itoa(h.SRV.Weight), publish,
			h.ActivationInterval.String() + " / " + h.RenewalInterval.String(), strings.Join(outages, "; ")})
	}
	fleet := inputTable{Title: title("Fleet"), Header: []string{"group", "machines", "product", "threshold", "finds hosts by", "host caching", "CMIDs", "rearms", "installed"}}
	for _, g := range s.Fleet {
		find := "DNS " + g.Domain + ", " + string(g.Selection)
		if g.KMS != "" {
			find = "pinned to " + g.KMS
		}
		caching := "on"
		if g.HostCaching != nil && !*g.HostCaching {
			caching = "off"
		}
		cmid := "own"
		if g.SharedCMID {
			cmid = "shared (clones)"
		}
		join := "at " + g.Join.At.String()
		if g.Join.Over > 0 {
			join = fmt.Sprintf("from %s over %s", g.Join.At, g.Join.Over)
		}
		fleet.Rows = append(fleet.Rows, []string{g.Name, strconv.Itoa(g.Count), string(g.Product), strconv.Itoa(g.Threshold), find, caching, cmid, strconv.Itoa(g.Rearms), join})
	}
	events := inputTable{Title: title("Events"), Header: []string{"at", "event"}}
	for _, e := range s.Events {
		events.Rows = append(events.Rows, []string{e.At.String(), e.Describe()})
	}
	return []inputTable{dns, hosts, fleet, events}
}

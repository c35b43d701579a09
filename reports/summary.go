package reports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios/words"
	"github.com/kmssim/kmssim/sim/batch"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// MaxSummaryCrossings is how many threshold crossings the summary lists
// before it refers to milestones.json for the rest.
const MaxSummaryCrossings = 20

// WriteSummary writes a short plain-text account of b for a planner. For
// a run (a batch of one, or the first replication of a batch): how many
// machines share CMIDs as clones (K46), the threshold crossings, the
// clients that are not activated at the end, when activations first
// lapsed, and, for a single run, the verdicts of the scenario's
// expectations. For replications, how often a count fell below its
// threshold and the verdicts over all of them; for a sweep, one line per
// point.
func WriteSummary(w io.Writer, b *batch.Result) error {
	var buf strings.Builder
	sweep, many := len(b.Parameters) > 0, len(b.Seeds) > 1
	if !sweep {
		// The plan's verdict first: what happens to the machines.
		v := PlanOf(b)
		fmt.Fprintf(&buf, "%s: %s.\n", v.Label(), v.Sentence)
		if w := whatIf(b.Scenario); w != "" {
			fmt.Fprintf(&buf, "What-if: %s.\n", w)
		}
		buf.WriteString("\n")
	}
	if !sweep && b.First != nil {
		var verdicts []sim.Verdict
		if !many {
			verdicts = batch.Check(b)
		}
		writeRunSummary(&buf, b.First, verdicts)
		if many {
			buf.WriteString("\n")
		}
	}
	if sweep || many {
		writeBatchSummary(&buf, b)
	}
	_, err := io.WriteString(w, buf.String())
	return err
}

// writeRunSummary writes the account of one run, res, with the verdicts
// of its expectations (none for a replication, judged over all of them).
func writeRunSummary(b *strings.Builder, res *sim.Result, verdicts []sim.Verdict) {
	summaryHeader(b, res)
	summaryCrossings(b, res)
	summaryEnd(b, res)
	summaryFirsts(b, res)
	summaryTraffic(b, res)
	summaryVerdicts(b, verdicts)
}

// summaryHeader writes what was run: the scenario, its seed and size, its
// description, and the machines that share CMIDs as clones.
func summaryHeader(b *strings.Builder, res *sim.Result) {
	fmt.Fprintf(b, "%s (seed %d): %s days, %s, %s\n",
		res.Name, res.Seed, strconv.FormatFloat(Days(res.Duration), 'f', -1, 64), words.Plural(res.Clients, "client"), words.Plural(len(res.Hosts), "host"))
	if d := strings.Join(strings.Fields(res.Description), " "); d != "" {
		b.WriteString(d + "\n")
	}

	if machines, cmids := res.Clones(); machines > 0 {
		fmt.Fprintf(b, "%s share %s: each counts once (K9, K46)\n", words.Plural(machines, "machine"), words.Plural(cmids, "CMID"))
	}
}

// summaryCrossings lists the moments a host count crossed a threshold, up to
// MaxSummaryCrossings.
func summaryCrossings(b *strings.Builder, res *sim.Result) {
	var crossings []sim.Milestone
	for _, m := range res.Milestones {
		if m.Kind == sim.MilestoneCountBelow || m.Kind == sim.MilestoneCountReached {
			crossings = append(crossings, m)
		}
	}
	if len(crossings) == 0 {
		b.WriteString("\nNo host count crossed a threshold.\n")
	} else {
		b.WriteString("\nThreshold crossings:\n")
		for i, m := range crossings {
			if i == MaxSummaryCrossings {
				fmt.Fprintf(b, "  … and %d more, all in milestones.json (which -format json writes)\n", len(crossings)-i)
				break
			}
			verb := "reached"
			if m.Kind == sim.MilestoneCountBelow {
				verb = "fell below"
			}
			fmt.Fprintf(b, "  %s  %s %s count %s %d (now %d)\n", res.When(m.At), m.Host, m.Pool, verb, m.Threshold, m.Count)
		}
	}
}

// summaryEnd writes the state at the end of the run: the clients not
// activated per product, those at risk, the MAK keys, ESU and host keys.
func summaryEnd(b *strings.Builder, res *sim.Result) {
	fmt.Fprintf(b, "\nAt the end (%s):\n", res.When(res.Duration))
	for i := range res.Products {
		p := &res.Products[i]
		total, notActivated := 0, 0
		for _, s := range sim.States {
			total += p.Final(s)
			if s != sim.Licensed {
				notActivated += p.Final(s)
			}
		}
		fmt.Fprintf(b, "  %s: %d of %d clients not activated (%d in initial grace, %d in out-of-tolerance grace, %d in notification)\n",
			p.Product, notActivated, total, p.Final(sim.InitialGrace), p.Final(sim.OutOfToleranceGrace), p.Final(sim.Notification))
	}

	for _, r := range res.AtRisk {
		fmt.Fprintf(b, "  %s: %d licensed but failing to renew; unless the count recovers their activations lapse from %s to %s\n",
			r.Product, r.Clients, res.When(r.FirstExpiry), res.When(r.LastExpiry))
	}

	for _, k := range res.Keys {
		left := k.Activations
		if n := len(k.Remaining); n > 0 {
			left = int(k.Remaining[n-1])
		}
		fmt.Fprintf(b, "  MAK key %s: %d of %d activations left", k.Name, left, k.Activations)
		for _, m := range res.Milestones {
			if m.Kind == sim.MilestoneMAKExhausted && m.Key == k.Name {
				fmt.Fprintf(b, "; the last used %s", res.When(m.At))
			}
		}
		b.WriteString("\n")
	}

	for _, l := range esuLines(res) {
		b.WriteString(l + "\n")
	}

	for _, k := range res.HostKeys() {
		each := ""
		if k.PerInstance {
			each = ", in each site instance"
		}
		fmt.Fprintf(b, "  Host key %s (%s%s): on %d of %d hosts; host replacements used %s, %d left (K41)\n",
			k.ID, k.Group, each, k.Hosts, scenarios.MaxHostsPerKey, words.Plural(k.Reactivations, "reactivation"), k.Left)
	}
}

// summaryFirsts writes when the first fallback, failed renewal, warning,
// lapse and notification happened.
func summaryFirsts(b *strings.Builder, res *sim.Result) {
	firsts := map[sim.MilestoneKind]string{
		sim.MilestoneFirstADFallback:    "First fallback from AD to KMS",
		sim.MilestoneFirstFailedRenewal: "First failed renewal (0xC004F038)",
		sim.MilestoneFirstExpiryWarning: "First expiry warning",
		sim.MilestoneFirstExpiry:        "First activation lapsed",
		sim.MilestoneLastExpiry:         "Last activation lapsed",
		sim.MilestoneFirstNotification:  "First client in notification",
	}
	any := false
	for _, m := range res.Milestones {
		if label, ok := firsts[m.Kind]; ok {
			if !any {
				b.WriteString("\n")
				any = true
			}
			fmt.Fprintf(b, "%s: %s, %s\n", label, res.When(m.At), m.Product)
		}
	}
	if !any {
		b.WriteString("\nNo activation lapsed and no client reached notification.\n")
	}
}

// summaryTraffic writes the run's totals of requests and activations.
func summaryTraffic(b *strings.Builder, res *sim.Result) {
	t := res.Totals
	fmt.Fprintf(b, "\nTraffic: %d requests (%d answered), %d activations, %d renewals; failed attempts: %d count too low, %d no host, %d product not supported; %s on the wire\n",
		t.Requests, t.Answered, t.Activations, t.Renewals, t.FailCountLow, t.FailNoHost, t.FailUnsupported, words.Bytes(t.BytesOut+t.BytesIn))
	if len(res.Keys) > 0 {
		fmt.Fprintf(b, "MAK: %d activations, %d re-activations from a proxy's store, %d refused (key used up)\n", t.MAKActivations, t.MAKFromStore, t.FailMAK)
	}
}

// summaryVerdicts writes the verdicts of the expectations, if any.
func summaryVerdicts(b *strings.Builder, verdicts []sim.Verdict) {
	if len(verdicts) > 0 {
		fmt.Fprintf(b, "\n%s (the scenario's expectations; not the plan's verdict):\n", checksWords(verdicts))
		for _, v := range verdicts {
			fmt.Fprintf(b, "  %s\n", v)
		}
	}
}

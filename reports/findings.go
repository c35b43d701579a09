package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// maxHostFindings bounds the sentences about single hosts; the rest are
// counted in one sentence.
const maxHostFindings = 6

// on says when t was, for sentences: "day 85.97 (2027-03-30)".
func on(res *sim.Result, t engine.Time) string {
	s := "day " + sim.FormatDays(sim.Days(t), 2, true)
	if d := res.Date(t, time.DateOnly); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// Findings states what happened in the run in plain sentences, most
// important first: which host counts fell below their thresholds and what
// came before, how many machines count as one as clones (K46), which
// clients lost their activation and when, and which expectations failed.
func Findings(res *sim.Result, verdicts []sim.Verdict) []string {
	out, fell, never := hostFindings(res)
	if machines, cmids := res.Clones(); machines > 0 {
		// K46: the commonest cause of a count that does not increase.
		out = append(out, fmt.Sprintf("%s share %s, so a host counts each once (K9, K46): clones are today's commonest reason a count does not increase; generalizing their image with sysprep, or a rearm, gives each its own (K37).",
			words.Plural(machines, "machine"), words.Plural(cmids, "CMID")))
	}
	for i := range res.Products {
		out = append(out, productFindings(res, &res.Products[i])...)
	}
	if res.AD {
		out = append(out, adFindings(res)...)
	}
	out = append(out, makFindings(res)...)
	out = append(out, esuFindings(res)...)
	if fell == 0 && never == 0 && res.Totals.Expiries == 0 && allLicensed(res) {
		out = append(out, "No host count fell below its threshold once reached, no activation lapsed, and every client ends licensed.")
	}
	return append(out, verdictFindings(verdicts)...)
}

// hostFindings says, of each host's count, whether it fell below its
// threshold, reached it and stayed, or never reached it, up to
// maxHostFindings of each and then in all; a site template's hosts are
// said of all their instances at once. It returns how many fell and how
// many never reached their threshold.
func hostFindings(res *sim.Result) (out []string, fell, never int) {
	first := firstCrossings(res)
	instances := &instanceFindings{byKey: map[instanceKey]*instanceCounts{}}
	for hi := range res.Hosts {
		h := &res.Hosts[hi]
		for pi := range h.Pools {
			p := &h.Pools[pi]
			t := topThreshold(p)
			if t == 0 {
				continue
			}
			below, reached := firstOf(first, h.Name, p.Pool, t)
			if h.Site != "" {
				// A host of a site template: said of all its instances at
				// once, not of six arbitrary ones.
				instances.add(h.Name, p, t, below, reached)
				continue
			}
			switch {
			case below != nil:
				fell++
				if fell <= maxHostFindings {
					out = append(out, fellSentence(res, res.Marks, h.Name, p, t, below))
				}
			case reached != nil && reached.At > 0:
				if fell+len(out) < maxHostFindings {
					out = append(out, fmt.Sprintf("%s (%s) reached %d on %s and stayed there.", h.Name, p.Pool, t, on(res, reached.At)))
				}
			case reached == nil:
				never++
				if never <= maxHostFindings {
					peak := peakOf(p)
					out = append(out, fmt.Sprintf("%s (%s) never reached %d: its count peaked at %d.", h.Name, p.Pool, t, peak))
				}
			}
		}
	}
	if fell > maxHostFindings {
		out = append(out, fmt.Sprintf("In all, %d host counts fell below their threshold (see the milestones).", fell))
	}
	if never > maxHostFindings {
		out = append(out, fmt.Sprintf("In all, %d host counts never reached their threshold.", never))
	}
	return append(out, instances.sentences(res, res.Marks)...), fell, never
}

// peakOf returns the highest value a pool's count took in the run, −1
// for a count never sampled.
func peakOf(p *sim.PoolSeries) int32 {
	peak := int32(-1)
	for _, s := range p.Steps {
		peak = max(peak, s.Value)
	}
	return peak
}

// makFindings says when each MAK key used its last activation (K25).
func makFindings(res *sim.Result) []string {
	var out []string
	for _, m := range res.Milestones {
		if m.Kind == sim.MilestoneMAKExhausted {
			s := fmt.Sprintf("MAK key %s used its last activation on %s", m.Key, on(res, m.At))
			if res.Totals.FailMAK > 0 {
				s += fmt.Sprintf("; %s refused after that stayed unactivated", words.Plural(int(res.Totals.FailMAK), "activation"))
			}
			out = append(out, s+".")
		}
	}
	return out
}

// verdictFindings says which expectations failed, or that all hold.
func verdictFindings(verdicts []sim.Verdict) []string {
	var failed []string
	for _, v := range verdicts {
		if !v.Pass {
			failed = append(failed, v.Name)
		}
	}
	switch {
	case len(failed) > 0:
		return []string{fmt.Sprintf("%s; failed: %s.", checksWords(verdicts), strings.Join(failed, "; "))}
	case len(verdicts) > 0:
		return []string{checksWords(verdicts) + "."}
	}
	return nil
}

// adFindings says, per product, how many clients AD activated at most,
// and when domain members first fell back to KMS (K34, K35).
func adFindings(res *sim.Result) []string {
	var out []string
	for _, ps := range res.Products {
		peak, at := int32(0), -1
		for i, v := range ps.LicensedAD {
			if v > peak {
				peak, at = v, i
			}
		}
		if peak == 0 {
			continue
		}
		s := fmt.Sprintf("AD-based activation licensed up to %d %s on %s, without asking a KMS host", peak, clientsOf(ps.Product, int(peak)), on(res, res.Times[at]))
		for _, m := range res.Milestones {
			if m.Kind == sim.MilestoneFirstADFallback && m.Product == ps.Product {
				s += fmt.Sprintf("; domain members first fell back to KMS on %s", on(res, m.At))
				break
			}
		}
		out = append(out, s+".")
	}
	if n := res.Totals.ADFallbacks; n > 0 {
		out = append(out, fmt.Sprintf("In all, %s of domain members fell back from AD to KMS (ad_fallbacks in series.csv says when).", words.Plural(int(n), "attempt")))
	}
	return out
}

// crossingKey identifies the crossings of one threshold of a host's pool.
type crossingKey struct {
	host      string
	pool      scenarios.Pool
	threshold int
	kind      sim.MilestoneKind
}

// firstCrossings indexes the first fall below and the first rise to each
// threshold of each host's pool, once: a run of 10,000 hosts asks for
// every one of them.
func firstCrossings(res *sim.Result) map[crossingKey]*sim.Milestone {
	first := map[crossingKey]*sim.Milestone{}
	for i := range res.Milestones {
		m := &res.Milestones[i]
		if m.Kind != sim.MilestoneCountBelow && m.Kind != sim.MilestoneCountReached {
			continue
		}
		k := crossingKey{m.Host, m.Pool, m.Threshold, m.Kind}
		if first[k] == nil {
			first[k] = m
		}
	}
	return first
}

// firstOf returns the first fall below and the first rise to threshold t
// of a host's pool, from the index of firstCrossings.
func firstOf(first map[crossingKey]*sim.Milestone, host string, pool scenarios.Pool, t int) (below, reached *sim.Milestone) {
	return first[crossingKey{host, pool, t, sim.MilestoneCountBelow}], first[crossingKey{host, pool, t, sim.MilestoneCountReached}]
}

func fellSentence(res *sim.Result, marks []sim.Mark, host string, p *sim.PoolSeries, t int, below *sim.Milestone) string {
	s := fmt.Sprintf("%s (%s) fell below %d on %s", host, p.Pool, t, on(res, below.At))
	// The cause is most likely the last event before the fall that
	// concerns this host, or else the last event before it.
	var cause, own *sim.Mark
	for i := range marks {
		if marks[i].At <= below.At {
			cause = &marks[i]
			if strings.HasPrefix(marks[i].Label, host+" ") {
				own = &marks[i]
			}
		}
	}
	if own != nil {
		cause = own
	}
	switch {
	case cause == nil:
	case cause.At == below.At:
		s += fmt.Sprintf(", when %s", cause.Phrase)
	default:
		s += fmt.Sprintf(", %s days after %s on %s", sim.FormatDays(sim.Days(below.At-cause.At), 1, true), cause.Phrase, on(res, cause.At))
	}
	// Did it come back?
	back := engine.Time(-1)
	for _, m := range res.Milestones {
		if m.Host == host && m.Pool == p.Pool && m.Threshold == t && m.Kind == sim.MilestoneCountReached && m.At > below.At {
			back = m.At
			break
		}
	}
	if back >= 0 {
		return s + fmt.Sprintf("; it was back at %d on %s.", t, on(res, back))
	}
	end := int32(-1)
	if n := len(p.Steps); n > 0 {
		end = p.Steps[n-1].Value
	}
	return s + fmt.Sprintf("; it ends at %d.", end)
}

func productFindings(res *sim.Result, ps *sim.ProductSeries) []string {
	var out []string
	name := string(ps.Product)
	var firstExp, lastExp, firstNote engine.Time = -1, -1, -1
	activated := false
	for _, m := range res.Milestones {
		if m.Product != ps.Product {
			continue
		}
		switch m.Kind {
		case sim.MilestoneFirstExpiry:
			firstExp = m.At
		case sim.MilestoneLastExpiry:
			lastExp = m.At
		case sim.MilestoneFirstNotification:
			firstNote = m.At
		case sim.MilestoneFirstActivation:
			activated = true
		}
	}
	// A client licensed at the start (an imported fleet) was activated
	// before the run.
	activated = activated || slices.ContainsFunc(ps.Clients[sim.Licensed], func(n int32) bool { return n > 0 })
	expiries := 0
	byGroup := map[string]int{} // expiries per group (of site templates: added up)
	var groups []string
	for _, g := range res.Groups {
		if g.Product != ps.Product {
			continue
		}
		for _, t := range g.Transitions {
			if t.From == sim.Licensed && t.To == sim.OutOfToleranceGrace {
				expiries++
				name := templateName(g.Name)
				if byGroup[name] == 0 {
					groups = append(groups, name)
				}
				byGroup[name]++
			}
		}
	}

	// The silent machines' lapses are said apart: retired or away, the
	// log cannot tell (their lapses are no milestone, sim).
	silent, silentGroups, silentByGroup := silentLapses(res, ps.Product)
	for _, g := range silentGroups {
		expiries -= silentByGroup[g]
		if byGroup[g] -= silentByGroup[g]; byGroup[g] == 0 {
			groups = slices.DeleteFunc(groups, func(x string) bool { return x == g })
		}
	}
	total := 0
	for _, s := range sim.States {
		total += ps.Final(s)
	}
	switch {
	case expiries > 0 && firstExp == lastExp:
		out = append(out, fmt.Sprintf("%d %s %s %s activation on %s.", expiries, clientsOf(ps.Product, expiries), withGroups(groups, byGroup), words.Choose(expiries, "its", "their"), on(res, firstExp)))
	case expiries > 0:
		out = append(out, fmt.Sprintf("%d %s %s %s activation between %s and %s.", expiries, clientsOf(ps.Product, expiries), withGroups(groups, byGroup), words.Choose(expiries, "its", "their"), on(res, firstExp), on(res, lastExp)))
	case !activated && total > 0:
		out = append(out, fmt.Sprintf("No %s client was ever activated.", ps.Product))
	}
	if n := len(silent); n > 0 {
		when := "on " + on(res, silent[0])
		if silent[n-1] != silent[0] {
			when = "between " + on(res, silent[0]) + " and " + on(res, silent[n-1])
		}
		out = append(out, fmt.Sprintf("%d silent %s %s %s activation %s; %s.",
			n, clientsOf(ps.Product, n), withGroups(silentGroups, silentByGroup), words.Choose(n, "its", "their"), when, silentWhy))
	}
	for _, r := range res.AtRisk {
		if r.Product != ps.Product {
			continue
		}
		when := "on " + on(res, r.FirstExpiry)
		if r.LastExpiry != r.FirstExpiry {
			when = "between " + on(res, r.FirstExpiry) + " and " + on(res, r.LastExpiry)
		}
		out = append(out, fmt.Sprintf("%d %s %s licensed at the end but failing to renew: unless the count recovers, %s their activation %s.",
			r.Clients, name, words.Choose(r.Clients, "client is", "clients are"), words.Choose(r.Clients, "it loses", "they lose"), when))
	}
	if firstNote >= 0 {
		out = append(out, fmt.Sprintf("The first %s client entered notification (black desktop) on %s; %d of %d are in notification at the end.", name, on(res, firstNote), ps.Final(sim.Notification), total))
	} else if licensed := ps.Final(sim.Licensed); licensed < total {
		out = append(out, fmt.Sprintf("At the end, %d of %d %s clients are licensed.", licensed, total, name))
	}
	return out
}

// silentLapses returns the times, in order, at which the silent named
// machines of product p lose their activation within the run, and how
// many in each fleet group (of site templates: added up).
func silentLapses(res *sim.Result, p scenarios.Product) (times []engine.Time, groups []string, byGroup map[string]int) {
	byGroup = map[string]int{}
	for _, f := range res.Machines {
		if f.Product != p || !f.SilentLapse() {
			continue
		}
		times = append(times, f.Lapse)
		name := templateName(f.FleetGroup)
		if byGroup[name] == 0 {
			groups = append(groups, name)
		}
		byGroup[name]++
	}
	slices.Sort(times)
	slices.Sort(groups)
	return times, groups, byGroup
}

// clientsOf says "windows-7 client" or "windows-7 clients".
func clientsOf(p scenarios.Product, n int) string {
	return string(p) + " " + words.Choose(n, "client", "clients")
}

// withGroups names the groups the clients belong to, when there are
// several, and the verb: "(21 desktops, 2 laptops) lose".
func withGroups(groups []string, n map[string]int) string {
	total := 0
	var parts []string
	for _, g := range groups {
		parts = append(parts, fmt.Sprintf("%d %s", n[g], g))
		total += n[g]
	}
	verb := words.Choose(total, "loses", "lose")
	if len(groups) < 2 {
		if len(groups) == 1 {
			return "of group " + groups[0] + " " + verb
		}
		return verb
	}
	return "(" + strings.Join(parts, ", ") + ") " + verb
}

func allLicensed(res *sim.Result) bool {
	for i := range res.Products {
		ps := &res.Products[i]
		for _, s := range sim.States {
			if s != sim.Licensed && ps.Final(s) > 0 {
				return false
			}
		}
	}
	return true
}

// instanceKey is a host of a site template and a count of it: the same
// host in every instance (branch/kms1, windows, 25).
type instanceKey struct {
	host      string // the template's name and the host's: branch/kms1
	pool      scenarios.Pool
	threshold int
}

// instanceCounts adds up what one host of a template did across the
// template's instances, and remembers the first and worst of them.
type instanceCounts struct {
	hosts, reached, fell  int
	firstReach, lastReach *sim.Milestone
	firstFall             *sim.Milestone
	fallPool              *sim.PoolSeries
	never                 []string // the instances that never reached it, the first few
	neverPeak             int32    // the highest count of those
}

// instanceFindings gathers the hosts of site templates, in the order met.
type instanceFindings struct {
	keys  []instanceKey
	byKey map[instanceKey]*instanceCounts
}

func (f *instanceFindings) add(host string, p *sim.PoolSeries, t int, below, reached *sim.Milestone) {
	k := instanceKey{templateName(host), p.Pool, t}
	c := f.byKey[k]
	if c == nil {
		c = &instanceCounts{neverPeak: -1}
		f.byKey[k] = c
		f.keys = append(f.keys, k)
	}
	c.hosts++
	if reached != nil {
		c.reached++
		if c.firstReach == nil || reached.At < c.firstReach.At {
			c.firstReach = reached
		}
		if c.lastReach == nil || reached.At > c.lastReach.At {
			c.lastReach = reached
		}
	}
	if below != nil {
		c.fell++
		if c.firstFall == nil || below.At < c.firstFall.At {
			c.firstFall, c.fallPool = below, p
		}
	}
	if reached == nil {
		if len(c.never) < 3 {
			c.never = append(c.never, host)
		}
		for _, s := range p.Steps {
			c.neverPeak = max(c.neverPeak, s.Value)
		}
	}
}

// sentences says, per host of a template, how many instances reached and
// fell below the threshold, when, and which came first.
func (f *instanceFindings) sentences(res *sim.Result, marks []sim.Mark) []string {
	var out []string
	for _, k := range f.keys {
		c := f.byKey[k]
		of := fmt.Sprintf("%s of %s %s hosts (%s)", thousands(c.reached), thousands(c.hosts), k.host, k.pool)
		fall := "none fell below it"
		if c.fell > 0 {
			fall = fmt.Sprintf("%s fell below it, the first, %s, on %s", thousands(c.fell), c.firstFall.Host, on(res, c.firstFall.At))
		}
		switch {
		case c.reached == 0:
			out = append(out, fmt.Sprintf("None of %s %s hosts (%s) reached %d: their counts peaked at %d.", thousands(c.hosts), k.host, k.pool, k.threshold, c.neverPeak))
			continue
		case c.firstReach.At == c.lastReach.At:
			out = append(out, fmt.Sprintf("%s reached %d on %s; %s.", of, k.threshold, on(res, c.firstReach.At), fall))
		default:
			out = append(out, fmt.Sprintf("%s reached %d, the first (%s) on %s, the last (%s) on %s; %s.", of, k.threshold, c.firstReach.Host, on(res, c.firstReach.At), c.lastReach.Host, on(res, c.lastReach.At), fall))
		}
		if c.fell > 0 {
			out = append(out, "The first to fall: "+fellSentence(res, marks, c.firstFall.Host, c.fallPool, k.threshold, c.firstFall))
		}
		if n := c.hosts - c.reached; n > 0 {
			names := strings.Join(c.never, ", ")
			if n > len(c.never) {
				names += ", …"
			}
			out = append(out, fmt.Sprintf("%s never reached %d (%s); their counts peaked at %d.", thousands(n), k.threshold, names, c.neverPeak))
		}
	}
	return out
}

// thousands writes n with commas between groups of three digits: 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

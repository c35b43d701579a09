package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"strings"
	"unicode"
)

// Limits that catch typos before they become hour-long runs.
const (
	MaxClients   = 20_000_000 // all groups of all site instances together
	MaxInstances = 100_000
	MaxThreshold = 1000
	MaxSRVValue  = 65535 // RFC 2782: priority and weight are 16-bit
	// MaxFileSize bounds a scenario file: a scenario describes a fleet in
	// a few kilobytes; a larger file is a mistake (a log, an inventory).
	MaxFileSize = 4 << 20
)

// SitePlaceholder in a template's domain names stands for the instance name.
const SitePlaceholder = "{site}"

// Validate checks the scenario after SetDefaults and returns every problem
// at once, each a *FieldError, joined into one error; nil if it can run.
func (s *Scenario) Validate() error {
	c := &checker{s: s}
	if !textRE.MatchString(s.Name) {
		c.errorf("name", "holds a control character")
	}
	if !paragraphRE.MatchString(s.Description) {
		c.errorf("description", "holds a control character")
	}
	for i, e := range s.Expect {
		if !textRE.MatchString(e.Name) {
			c.errorf(fmt.Sprintf("expect[%d].name", i), "holds a control character")
		}
	}
	if s.Duration <= 0 {
		c.errorf("duration", "is required and must be positive, such as 365d")
	}
	if s.Sample <= 0 {
		c.errorf("sample", "must be positive, such as 1h")
	} else if s.Duration > 0 && s.Sample > s.Duration {
		c.errorf("sample", "%s is longer than the duration %s", s.Sample, s.Duration)
	}
	c.model(&s.Model)

	top := scope{path: "", site: &s.Site}
	c.site(top)
	clients := int64(top.clients())
	// The part with the most clients is blamed for a total past the
	// limit: the top level's fleet, or a site template's instances.
	most, mostPath, mostWhy := clients, "fleet", ""
	seen := map[string]bool{}
	for i := range s.Sites {
		t := &s.Sites[i]
		p := fmt.Sprintf("sites[%d]", i)
		c.name(p+".name", t.Name, "site", seen)
		c.bounded(p+".instances", "SiteTemplate.instances", float64(t.Instances))
		sc := scope{path: p + ".", site: &t.Site, parent: &top}
		c.site(sc)
		n := int64(sc.clients()) * int64(max(t.Instances, 0))
		clients += n
		if n > most {
			most, mostPath = n, p
			mostWhy = fmt.Sprintf(": %d instances of %s × %d clients are %d of them", t.Instances, t.Name, sc.clients(), n)
		}
	}
	c.hostKeys()
	c.expectations()
	c.sweep()
	if clients == 0 && len(c.errs) == 0 {
		c.errorf("fleet", "the scenario has no clients: add a fleet group with a count, or an add event")
	}
	if clients > MaxClients {
		c.errorf(mostPath, "%d clients in all is more than the limit of %d%s", clients, MaxClients, mostWhy)
	}
	if len(c.errs) == 0 {
		return nil
	}
	return joinSorted(c.errs)
}

type checker struct {
	s    *Scenario
	errs []error
}

func (c *checker) errorf(path, format string, args ...any) {
	// A group or event built from an inventory is not in the scenario
	// file: what it took from fleet_from is reported there, what it took
	// from a row at the row.
	if head, rest, ok := madePath(path); ok {
		if m, ok := c.s.made[head]; ok {
			msg := fmt.Sprintf(format, args...)
			for _, f := range []struct{ field, from string }{{".mak", "fleet_from.mak"}, {".join", "fleet_from.join"}, {".presence", "fleet_from.laptops"}} {
				if strings.HasPrefix(rest, f.field) {
					c.errs = append(c.errs, &FieldError{
						File: c.s.File,
						Line: c.s.lines.line(f.from),
						Path: f.from,
						Msg:  fmt.Sprintf("%s (%s:%d): %s", m.what, m.file, m.line, msg),
					})
					return
				}
			}
			c.errs = append(c.errs, &FieldError{File: m.file, Line: m.line, Msg: m.what + m.note + ": " + msg})
			return
		}
	}
	c.errs = append(c.errs, &FieldError{
		File: c.s.File,
		Line: c.s.lines.line(path),
		Path: path,
		Msg:  fmt.Sprintf(format, args...),
	})
}

// madePath splits a path of the scenario's own fleet or events into the
// group or event (fleet[3]) and the rest (.mak).
func madePath(path string) (head, rest string, ok bool) {
	if !strings.HasPrefix(path, "fleet[") && !strings.HasPrefix(path, "events[") {
		return "", "", false
	}
	i := strings.IndexByte(path, ']')
	if i < 0 {
		return "", "", false
	}
	return path[:i+1], path[i+1:], true
}

func (c *checker) name(path, name, what string, seen map[string]bool) {
	switch {
	case name == "":
		c.errorf(path, "a %s needs a name", what)
	case !nameRE.MatchString(name):
		c.errorf(path, "%s name %q may hold only letters, digits, '.', '_' and '-'", what, name)
	case seen[name]:
		c.errorf(path, "%s %q is defined twice", what, name)
	}
	seen[name] = true
}

func (c *checker) model(m *Model) {
	for _, f := range []struct {
		path string
		d    Duration
	}{{"model.grace", m.Grace}, {"model.out_of_tolerance_grace", m.OutOfToleranceGrace}, {"model.validity", m.Validity}, {"model.count_window", m.CountWindow}, {"model.expiry_warning", m.ExpiryWarning}} {
		if f.d <= 0 {
			c.errorf(f.path, "must be positive")
		}
	}
	if m.ExpiryWarning >= m.Validity && m.Validity > 0 {
		c.errorf("model.expiry_warning", "%s is not shorter than the validity of an activation (%s)", m.ExpiryWarning, m.Validity)
	}
	c.bounded("model.cache_factor", "Model.cache_factor", float64(m.CacheFactor))
	c.esuDates(m)
}

// scope is a site being checked: the top-level one, or a template whose
// domains, pinned hosts and MAK keys may also be the top level's (parent).
type scope struct {
	path   string // prefix of field paths: "" or "sites[2]."
	site   *Site
	parent *scope // for a template: the scenario's own site
}

func (sc scope) clients() int {
	n := 0
	for _, g := range sc.site.Fleet {
		n += max(g.Count, 0)
	}
	for _, e := range sc.site.Events {
		if e.Add != nil {
			n += max(e.Add.Count, 0)
		}
	}
	return n
}

func (sc scope) hasDomain(name string) bool {
	for _, d := range sc.site.DNS {
		if d.Name == name {
			return true
		}
	}
	return sc.parent != nil && sc.parent.hasDomain(name)
}

func (sc scope) host(name string) *Host {
	for i := range sc.site.Hosts {
		if sc.site.Hosts[i].Name == name {
			return &sc.site.Hosts[i]
		}
	}
	return nil
}

func (sc scope) group(name string) *Group {
	for i := range sc.site.Fleet {
		if sc.site.Fleet[i].Name == name {
			return &sc.site.Fleet[i]
		}
	}
	return nil
}

// site checks a site, the scenario's own or a template: its domains,
// hosts, groups, AD, MAK keys and events, each on its own, and then the
// events against the groups they change, which only the whole site shows.
func (c *checker) site(sc scope) {
	c.domains(sc)
	hostNames := map[string]bool{}
	for i := range sc.site.Hosts {
		c.host(sc, fmt.Sprintf("%shosts[%d]", sc.path, i), &sc.site.Hosts[i], hostNames)
	}
	groupNames := map[string]bool{}
	for i := range sc.site.Fleet {
		c.group(sc, fmt.Sprintf("%sfleet[%d]", sc.path, i), &sc.site.Fleet[i], groupNames)
	}
	c.ad(sc)
	c.makKeys(sc)
	for i := range sc.site.Events {
		c.event(sc, fmt.Sprintf("%sevents[%d]", sc.path, i), &sc.site.Events[i])
	}
	c.overDecommission(sc)
}

// domains checks a site's DNS domains: each named once, and {site} only
// in a template's, where each instance expands it to a domain of its own.
func (c *checker) domains(sc scope) {
	seen := map[string]bool{}
	for i, d := range sc.site.DNS {
		dp := fmt.Sprintf("%sdns[%d]", sc.path, i)
		if d.Name == "" {
			c.errorf(dp+".name", "a DNS domain needs a name")
		} else if seen[d.Name] {
			c.errorf(dp+".name", "domain %q is declared twice", d.Name)
		} else if strings.Contains(d.Name, SitePlaceholder) && sc.parent == nil {
			c.errorf(dp+".name", "%s can only be used in the domains of a site template", SitePlaceholder)
		} else if !domainRE.MatchString(d.Name) {
			c.errorf(dp+".name", "domain %q has a broken placeholder: write %s exactly", d.Name, SitePlaceholder)
		}
		seen[d.Name] = true
		c.notNegative(dp+".propagation", d.Propagation)
	}
}

// host checks host h at path hp: its name, unique among names, its keys,
// the domains it publishes to, its intervals, tables and outages.
func (c *checker) host(sc scope, hp string, h *Host, names map[string]bool) {
	c.name(hp+".name", h.Name, "host", names)
	if len(h.Keys) == 0 {
		c.errorf(hp+".keys", "a host needs at least one host key group (one of %s)", list(KeyGroups))
	}
	if h.OS != "" && !h.OS.Known() {
		c.errorf(hp+".os", "%s", unknown("host OS", h.OS, HostOSes))
	}
	c.keyGroups(hp, h)
	c.srvValues(hp+".srv", h.SRV.Priority, h.SRV.Weight)
	if h.Publish != nil {
		for j, d := range *h.Publish {
			c.domainRef(sc, fmt.Sprintf("%s.publish[%d]", hp, j), d)
		}
	}
	c.interval(hp+".activation_interval", h.ActivationInterval)
	c.interval(hp+".renewal_interval", h.RenewalInterval)
	c.tables(hp, h)
	for j, o := range h.Outages {
		op := fmt.Sprintf("%s.outages[%d]", hp, j)
		c.at(op+".at", o.At)
		if o.For <= 0 {
			c.errorf(op+".for", "an outage needs a positive length, such as 3d")
		}
	}
}

// keyGroups checks the host key groups of host h at path hp: known, each
// once, one Windows key beside Office keys (K32), and each installable on
// the host's OS (K32, K33).
func (c *checker) keyGroups(hp string, h *Host) {
	keys := map[KeyGroup]bool{}
	var windows KeyGroup
	for j, k := range h.Keys {
		kp := fmt.Sprintf("%s.keys[%d]", hp, j)
		switch {
		case !k.Known():
			c.errorf(kp, "%s", unknown("host key group", k, KeyGroups))
			continue
		case keys[k]:
			c.errorf(kp, "key group %q is listed twice", k)
		case k.Windows() && windows != "":
			// K32: one Windows host key, Office keys beside it.
			c.errorf(kp, "a host holds one Windows host key; it has %s already", windows)
		}
		keys[k] = true
		if k.Windows() {
			windows = k
		}
		// K32, K33: a key on an OS it cannot be installed on.
		if ok, on := k.InstallsOn(h.OS); h.OS.Known() && !ok {
			c.errorf(kp, "a %s host key cannot be installed on %s (only on %s)", k, h.OS, list(on))
		}
	}
}

// group checks fleet group g at path gp: its name, unique among names,
// count and product, how it finds a host, its rearms (K4) and intervals,
// when its machines join, and how they activate and live.
func (c *checker) group(sc scope, gp string, g *Group, names map[string]bool) {
	c.name(gp+".group", g.Name, "group", names)
	c.count(gp+".count", g.Count, true)
	switch {
	case g.Product == "":
		c.errorf(gp+".product", "is required (one of %s)", list(Products))
	case !g.Product.Known():
		c.errorf(gp+".product", "%s", unknown("product", g.Product, Products))
	}
	if g.Threshold != 0 || g.Product.Known() { // an unknown product has no default
		c.bounded(gp+".threshold", "Group.threshold", float64(g.Threshold))
	}
	if g.Selection != SelectWeighted && g.Selection != SelectRandom && g.Product.Known() {
		c.errorf(gp+".srv_selection", "unknown selection %q (one of %s, %s)", g.Selection, SelectWeighted, SelectRandom)
	}
	if g.KMS != "" {
		if sc.host(g.KMS) == nil && (sc.parent == nil || sc.parent.host(g.KMS) == nil) {
			c.errorf(gp+".kms", "unknown host %q", g.KMS)
		}
	} else {
		c.domainRef(sc, gp+".domain", g.Domain)
	}
	if c.bounded(gp+".rearms", "Group.rearms", float64(g.Rearms)) && g.Product.Known() && g.Rearms > g.Product.MaxRearms() {
		// K4 revised: the limit of 3 is Vista and 7's.
		c.errorf(gp+".rearms", "%s can be rearmed at most %d times (%s), got %d", g.Product, g.Product.MaxRearms(), rearmLimitWhy(g.Product), g.Rearms)
	}
	c.interval(gp+".activation_interval", g.ActivationInterval)
	c.interval(gp+".renewal_interval", g.RenewalInterval)
	c.at(gp+".join.at", g.Join.At)
	c.notNegative(gp+".join.over", g.Join.Over)
	c.activation(sc, gp, g)
	c.presence(gp+".presence", g.Presence)
	c.lifecycle(gp+".lifecycle", &g.Lifecycle)
	c.pooled(gp, g)
	c.esu(sc, gp, g)
	c.adMember(sc, gp, g)
}

// makKeys checks a site's MAK keys: each named once, with a number of
// activations in bounds (K25).
func (c *checker) makKeys(sc scope) {
	keyNames := map[string]bool{}
	for i, k := range sc.site.MAKKeys {
		kp := fmt.Sprintf("%smak_keys[%d]", sc.path, i)
		c.name(kp+".name", k.Name, "MAK key", keyNames)
		c.bounded(kp+".activations", "MAKKey.activations", float64(k.Activations))
	}
}

// overDecommission reports a group that is decommissioned more machines
// than it ever has (its count and every add), and an event that joins to
// the domain, or takes out of it, more machines than the group ever has.
func (c *checker) overDecommission(sc scope) {
	has, removed, where := map[string]int{}, map[string]int{}, map[string]string{}
	for _, g := range sc.site.Fleet {
		has[g.Name] += max(g.Count, 0)
	}
	for i, e := range sc.site.Events {
		switch {
		case e.Add != nil:
			has[e.Add.Group] += max(e.Add.Count, 0)
		case e.Decommission != nil:
			removed[e.Decommission.Group] += max(e.Decommission.Count, 0)
			where[e.Decommission.Group] = fmt.Sprintf("%sevents[%d].decommission.count", sc.path, i)
		}
	}
	for _, g := range sc.site.Fleet {
		if n := removed[g.Name]; n > has[g.Name] {
			c.errorf(where[g.Name], "group %q is decommissioned %d machines in all but never has more than %d", g.Name, n, has[g.Name])
		}
	}
	for i, e := range sc.site.Events {
		for _, f := range []struct {
			key string
			ch  *FleetChange
		}{{"join_domain", (*FleetChange)(e.JoinDomain)}, {"leave_domain", (*FleetChange)(e.LeaveDomain)}} {
			if f.ch == nil || sc.group(f.ch.Group) == nil || f.ch.Count <= has[f.ch.Group] {
				continue
			}
			c.errorf(fmt.Sprintf("%sevents[%d].%s.count", sc.path, i, f.key), "%s of %d machines, but group %q never has more than %d", f.key, f.ch.Count, f.ch.Group, has[f.ch.Group])
		}
	}
}

func (c *checker) event(sc scope, ep string, e *Event) {
	c.at(ep+".at", e.At)
	keys, acts := e.actions()
	switch len(acts) {
	case 0:
		c.errorf(ep, "an event needs one action: %s", orList(actionKeys))
	case 1:
		acts[0].check(c, sc, ep+"."+keys[0])
	default:
		c.errorf(ep, "an event has one action, this one has %d: write one event for each", len(acts))
	}
}

// hostRef checks a reference to a host of the site.
func (c *checker) hostRef(sc scope, path, name string) {
	if name == "" {
		c.errorf(path, "names no host")
	} else if sc.host(name) == nil {
		c.errorf(path, "unknown host %q", name)
	}
}

// groupRef checks a reference to a group of the site.
func (c *checker) groupRef(sc scope, path, name string) {
	if name == "" {
		c.errorf(path, "names no group")
	} else if sc.group(name) == nil {
		c.errorf(path, "unknown group %q", name)
	}
}

// domainRef checks a reference to a domain of the site or its parent.
func (c *checker) domainRef(sc scope, path, name string) {
	if !sc.hasDomain(name) {
		c.errorf(path, "unknown domain %q: declare it under dns", name)
	}
}

func (c *checker) notNegative(path string, d Duration) {
	if d < 0 {
		c.errorf(path, "must not be negative")
	}
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func (c *checker) count(path string, n int, zeroOK bool) {
	switch {
	case n < 0:
		c.errorf(path, "must not be negative, got %d", n)
	case n == 0 && !zeroOK:
		c.errorf(path, "must be at least 1")
	case n > MaxClients:
		c.errorf(path, "%d is more than the limit of %d clients", n, MaxClients)
	}
}

func (c *checker) at(path string, t Duration) {
	if c.s.Duration > 0 && t > c.s.Duration {
		c.errorf(path, "%s is after the end of the scenario (duration %s)", t, c.s.Duration)
	}
}

func (c *checker) interval(path string, d Duration) {
	if d < MinInterval || d > MaxInterval {
		c.errorf(path, "%s is outside the range KMS allows, 15m to 30d (K27)", d)
	}
}

func (c *checker) srvValues(path string, priority, weight int) {
	c.bounded(path+".priority", "SRV.priority", float64(priority))
	c.bounded(path+".weight", "SRV.weight", float64(weight))
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func list[T ~string](vs []T) string { return strings.Join(strs(vs), ", ") }

// unknown words a name that is none of known: `unknown product "windows-12";
// did you mean "windows-11"? (one of …)`.
func unknown[T ~string](what string, name T, known []T) string {
	if best := words.Closest(name, known); best != "" {
		return fmt.Sprintf("unknown %s %q; did you mean %q? (one of %s)", what, name, best, list(known))
	}
	return fmt.Sprintf("unknown %s %q (one of %s)", what, name, list(known))
}

// hasControl reports whether s holds a control character, which no output
// (a terminal, a CSV cell, a report) should receive from a scenario.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// RoundUp rounds d up to a whole number of the largest unit below it, for
// suggestions that read well: 4h23m becomes 5h.
func RoundUp(d Duration) Duration {
	for _, u := range []Duration{Day, Hour, Minute} {
		if d >= u {
			return (d + u - 1) / u * u
		}
	}
	return d
}

package scenarios

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func (c *checker) expectations() {
	for i := range c.s.Expect {
		c.expectation(fmt.Sprintf("expect[%d]", i), &c.s.Expect[i])
	}
}

func (c *checker) expectation(p string, e *Expectation) {
	subjects := 0
	for _, set := range []bool{e.Count != nil, e.FirstBelow != nil, e.FirstReached != nil, e.Clients != nil, e.LicensedFraction != nil, e.Total != nil, e.PeakRequests != nil} {
		if set {
			subjects++
		}
	}
	switch subjects {
	case 0:
		c.errorf(p, "an expectation needs one subject: count, first_below, first_reached, clients, licensed_fraction, total or peak_requests")
		return
	case 1:
	default:
		c.errorf(p, "an expectation has one subject, this one has %d: write one expectation for each", subjects)
		return
	}

	if e.Probability != nil && !(*e.Probability > 0 && *e.Probability <= 1) {
		c.errorf(p+".probability", "must be more than 0 and at most 1, such as 0.95, got %v", *e.Probability)
	}

	// The window.
	end := c.s.Duration
	if e.At != nil {
		c.at(p+".at", *e.At)
		if e.From != 0 || e.Until != nil {
			c.errorf(p+".at", "at checks one moment: leave out from and until")
		}
	} else {
		c.at(p+".from", e.From)
		if e.Until != nil {
			c.at(p+".until", *e.Until)
			end = *e.Until
		}
		if e.From > end {
			c.errorf(p+".from", "%s is after until (%s)", e.From, end)
		}
	}

	crossing := e.FirstBelow != nil || e.FirstReached != nil
	bounded := e.AtLeast != nil || e.AtMost != nil
	switch {
	case crossing && bounded:
		c.errorf(p, "first_below and first_reached take a window (from, until) or never, not at_least or at_most")
	case crossing && e.At != nil:
		c.errorf(p+".at", "first_below and first_reached take a window (from, until), not a moment")
	case crossing && !e.Never && e.From == 0 && e.Until == nil:
		c.errorf(p, "say when the crossing must happen (from, until) or that it must not (never: true)")
	case !crossing && e.Never:
		c.errorf(p+".never", "never applies to first_below and first_reached only")
	case !crossing && !bounded:
		c.errorf(p, "an expectation needs at_least, at_most or both")
	}
	if e.AtLeast != nil && e.AtMost != nil && *e.AtLeast > *e.AtMost {
		c.errorf(p+".at_least", "%v is more than at_most (%v): nothing can pass", *e.AtLeast, *e.AtMost)
	}

	switch {
	case e.Count != nil:
		c.countSubject(p+".count", e.Count)
	case e.FirstBelow != nil:
		c.countSubject(p+".first_below", e.FirstBelow)
	case e.FirstReached != nil:
		c.countSubject(p+".first_reached", e.FirstReached)
	case e.Clients != nil:
		c.clientsSubject(p+".clients", e.Clients, true)
	case e.LicensedFraction != nil:
		c.clientsSubject(p+".licensed_fraction", e.LicensedFraction, false)
		for _, b := range []struct {
			name string
			v    *float64
		}{{"at_least", e.AtLeast}, {"at_most", e.AtMost}} {
			if b.v != nil && (*b.v < 0 || *b.v > 1) {
				c.errorf(p+"."+b.name, "a fraction is between 0 and 1, got %v", *b.v)
			}
		}
	case e.Total != nil:
		t := e.Total
		if !slices.Contains(Metrics, t.Metric) {
			c.errorf(p+".total.metric", "unknown metric %q (one of %s)", t.Metric, strings.Join(Metrics, ", "))
		}
		if t.Host != "" {
			c.qualifiedHostRef(p+".total.host", t.Host)
			if t.Metric != "requests" && t.Metric != "answered" {
				c.errorf(p+".total.metric", "per host, only requests and answered are counted")
			}
		}
	case e.PeakRequests != nil:
		if e.PeakRequests.Host != "" {
			c.qualifiedHostRef(p+".peak_requests.host", e.PeakRequests.Host)
		}
	}
}

func (c *checker) countSubject(p string, s *CountSubject) {
	c.qualifiedHostRef(p+".host", s.Host)
	if s.Pool != PoolWindows && s.Pool != PoolOffice {
		c.errorf(p+".pool", "unknown pool %q (windows or office)", s.Pool)
	}
	if s.Threshold < 0 || s.Threshold > MaxThreshold {
		c.errorf(p+".threshold", "must be between 1 and %d, got %d", MaxThreshold, s.Threshold)
	}
}

func (c *checker) clientsSubject(p string, s *ClientsSubject, needState bool) {
	if s.Product != "" && !s.Product.Known() {
		c.errorf(p+".product", "unknown product %q (one of %s)", s.Product, list(Products))
	}
	if s.Product != "" && s.Group != "" {
		c.errorf(p, "name a product or a group, not both")
	}
	if s.Group != "" {
		c.qualifiedGroupRef(p+".group", s.Group)
	}
	switch {
	case needState && s.State == "":
		c.errorf(p+".state", "is required (one of %s)", strings.Join(StateNames, ", "))
	case needState && !slices.Contains(StateNames, s.State):
		c.errorf(p+".state", "unknown state %q (one of %s)", s.State, strings.Join(StateNames, ", "))
	case !needState && s.State != "":
		c.errorf(p+".state", "licensed_fraction counts licensed clients: leave out state")
	}
}

// qualifiedHostRef checks a host name as outputs write it: kms1 for the scenario's
// own hosts, branch-007/kms1 for the hosts of site instances.
func (c *checker) qualifiedHostRef(path, name string) {
	c.ref(path, name, "host", func(s *Site, n string) bool {
		return slices.ContainsFunc(s.Hosts, func(h Host) bool { return h.Name == n })
	})
}

// qualifiedGroupRef checks a group name, like qualifiedHostRef.
func (c *checker) qualifiedGroupRef(path, name string) {
	c.ref(path, name, "group", func(s *Site, n string) bool {
		return slices.ContainsFunc(s.Fleet, func(g Group) bool { return g.Name == n })
	})
}

// ref checks a qualified name of a kind of thing that has(site, local)
// finds.
func (c *checker) ref(path, name, what string, has func(s *Site, local string) bool) {
	if site, local, ok := c.siteOf(path, name); ok && !has(site, local) {
		c.errorf(path, "unknown %s %q", what, name)
	}
}

// siteOf resolves the site part of a qualified name: "kms1" is in the
// scenario's own site, "branch-007/kms1" in instance 7 of template branch.
func (c *checker) siteOf(path, name string) (*Site, string, bool) {
	if name == "" {
		c.errorf(path, "is required")
		return nil, "", false
	}
	inst, local, qualified := strings.Cut(name, "/")
	if !qualified {
		return &c.s.Site, name, true
	}
	dash := strings.LastIndexByte(inst, '-')
	n, err := strconv.Atoi(inst[dash+1:])
	if dash > 0 && err == nil {
		for i := range c.s.Sites {
			t := &c.s.Sites[i]
			if t.Name == inst[:dash] {
				if n < 1 || n > t.Instances || t.InstanceName(n) != inst {
					c.errorf(path, "site %q has instances %s to %s, not %q", t.Name, t.InstanceName(1), t.InstanceName(t.Instances), inst)
					return nil, "", false
				}
				return &t.Site, local, true
			}
		}
	}
	c.errorf(path, "unknown site instance %q in %q (write TEMPLATE-NNN/NAME, such as branch-001/kms1)", inst, name)
	return nil, "", false
}

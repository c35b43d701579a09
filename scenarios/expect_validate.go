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
	keys, subjects := e.subjects()
	switch len(subjects) {
	case 0:
		c.errorf(p, "an expectation needs one subject: %s", orList(subjectKeys))
		return
	case 1:
	default:
		c.errorf(p, "an expectation has one subject, this one has %d: write one expectation for each", len(subjects))
		return
	}
	subject := subjects[0]

	if e.Probability != nil {
		c.bounded(p+".probability", "Expectation.probability", *e.Probability)
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

	crossing := subject.Crossing()
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

	subject.check(c, e, p+"."+keys[0])
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

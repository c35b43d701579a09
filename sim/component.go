package sim

import (
	"slices"

	"github.com/kmssim/kmssim/scenarios"
)

// components splits the instances into sets that cannot influence each
// other: two instances are in one set when they use a common DNS domain
// (publishing or looking up records) or one pins clients to a host of the
// other (only the scenario's own hosts can be pinned from elsewhere). The
// sets come in the order of their first instance, each in instance order.
func components(scn *scenarios.Scenario, insts []instance) [][]instance {
	l := newInstanceLinks(len(insts))
	for _, in := range insts {
		l.link(in)
	}
	byRoot := map[int32]int{}
	var out [][]instance
	for _, in := range insts {
		r := l.find(in.index)
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], in)
	}
	return out
}

// instanceLinks are the links between site instances found so far, as a
// union-find: instances with one root are in one component.
type instanceLinks struct {
	parent []int32
	owner  map[string]int32 // domain → the first instance that uses it
}

// newInstanceLinks returns n instances, none linked yet.
func newInstanceLinks(n int) *instanceLinks {
	l := &instanceLinks{parent: make([]int32, n), owner: map[string]int32{}}
	for i := range l.parent {
		l.parent[i] = int32(i)
	}
	return l
}

// find returns the root of instance i's component.
func (l *instanceLinks) find(i int32) int32 {
	for l.parent[i] != i {
		l.parent[i] = l.parent[l.parent[i]]
		i = l.parent[i]
	}
	return i
}

// union puts instances a and b in one component, whose root is the lower.
func (l *instanceLinks) union(a, b int32) {
	ra, rb := l.find(a), l.find(b)
	if ra != rb {
		l.parent[max(ra, rb)] = min(ra, rb)
	}
}

// use links instance in to the other instances that use domain, as it
// sees the domain: they share its records (K19).
func (l *instanceLinks) use(in instance, domain string) {
	d := in.expand(domain)
	if o, ok := l.owner[d]; ok {
		l.union(in.index, o)
	} else {
		l.owner[d] = in.index
	}
}

// link links instance in to those it shares a domain with, and a template
// instance to the scenario's own site where it uses its hosts, MAK keys
// (K25) or AD (K34).
func (l *instanceLinks) link(in instance) {
	s := in.site
	for _, d := range s.DNS {
		l.use(in, d.Name)
	}
	for _, h := range s.Hosts {
		for _, d := range *h.Publish {
			l.use(in, d)
		}
	}
	usesTopKey := func(k string) bool {
		return k != "" && in.template && !slices.ContainsFunc(s.MAKKeys, func(m scenarios.MAKKey) bool { return m.Name == k })
	}
	for _, g := range s.Fleet {
		if usesTopKey(g.MAK) || g.ESU != nil && slices.ContainsFunc(g.ESU.Keys, usesTopKey) {
			l.union(in.index, 0) // its activations come from a key of the scenario's own site
		}
		if g.KMS == "" {
			l.use(in, g.Domain)
		} else if in.template && !slices.ContainsFunc(s.Hosts, func(h scenarios.Host) bool { return h.Name == g.KMS }) {
			l.union(in.index, 0) // pinned to a host of the scenario's own site
		}
	}
	// K34: a template without an AD of its own uses the scenario's.
	usesTopAD := in.template && s.AD == nil
	for _, g := range s.Fleet {
		if usesTopAD && g.ADMember {
			l.union(in.index, 0)
		}
	}
	for i := range s.Events {
		domain, key, ad := links(&s.Events[i])
		if usesTopKey(key) || usesTopAD && ad {
			l.union(in.index, 0)
		}
		if domain != "" {
			l.use(in, domain)
		}
	}
}

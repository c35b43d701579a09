package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// MaxHostsPerKey is how many KMS hosts one host key activates (K41); each
// of them can be reactivated up to 9 more times.
const MaxHostsPerKey = 6

// Key returns the host key that h's KeyID names: its Windows host key (a
// host holds one, K32), or, on a host with Office keys only, its first.
func (h *Host) Key() KeyGroup {
	for _, k := range h.Keys {
		if k.Windows() {
			return k
		}
	}
	if len(h.Keys) > 0 {
		return h.Keys[0]
	}
	return ""
}

// MaxReactivations is how many more times each host of a host key can be
// activated with it (K41): every host_replace of a host with a named key
// (key_id) uses one.
const MaxReactivations = 9

// HostKeyUse is what a named host key (key_id) is used for over a
// scenario (K41): the hosts it activates and the reactivations that
// host_replace events use.
type HostKeyUse struct {
	ID    string   // the key_id; a template's {site} is left as written
	Group KeyGroup // its key group
	// Hosts is how many hosts hold it, counting each instance of a
	// template whose key_id has no {site}.
	Hosts int
	// Reactivations is how many host_replace events reinstall it, and
	// Left how many of its hosts' reactivations remain (K41).
	Reactivations, Left int
	// PerInstance: the key_id holds {site}, so the figures are those of
	// each instance's own key.
	PerInstance bool

	path  string   // the key_id of its first host
	names []string // its hosts, as outputs name them
}

// hostKeyUses walks the named host keys of s in file order (K41),
// calling bad for every problem: a key id of two key groups, a 7th host,
// a 10th reactivation of one host.
func (s *Scenario) hostKeyUses(bad func(path, format string, args ...any)) []*HostKeyUse {
	var out []*HostKeyUse
	uses := map[string]*HostKeyUse{}
	visit := func(prefix, scopeKey string, site *Site, instances int, name func(i int) string) {
		hostKey := map[string]*HostKeyUse{} // host name → its key
		for i := range site.Hosts {
			h := &site.Hosts[i]
			if h.KeyID == "" {
				continue
			}
			kp := fmt.Sprintf("%shosts[%d].key_id", prefix, i)
			per := strings.Contains(h.KeyID, SitePlaceholder)
			switch {
			case hasControl(h.KeyID):
				bad(kp, "a key id may not hold control characters")
				continue
			case per && scopeKey == "":
				bad(kp, "%s can only be used in the key ids of a site template's hosts", SitePlaceholder)
				continue
			}
			id, n := h.KeyID, instances
			if per {
				id, n = scopeKey+h.KeyID, 1
			}
			u := uses[id]
			if u == nil {
				u = &HostKeyUse{ID: h.KeyID, Group: h.Key(), PerInstance: per, path: kp}
				uses[id] = u
				out = append(out, u)
			} else if g := h.Key(); g != u.Group && g != "" && u.Group != "" {
				bad(kp, "host key %q is a %s key (at %s), not %s: one key id names one product key", h.KeyID, u.Group, u.path, g)
				continue
			}
			before := u.Hosts
			u.Hosts += n
			u.Left += n * MaxReactivations
			u.names = append(u.names, name(i))
			if before <= MaxHostsPerKey && u.Hosts > MaxHostsPerKey {
				bad(kp, "K41: host key %q would activate %d hosts (%s): one host key activates at most %d; give the others a key of their own", h.KeyID, u.Hosts, strings.Join(u.names, ", "), MaxHostsPerKey)
			}
			hostKey[h.Name] = u
		}
		replaced := map[string]int{}
		for i := range site.Events {
			r := site.Events[i].HostReplace
			if r == nil || hostKey[r.Host] == nil {
				continue
			}
			u, n := hostKey[r.Host], instances
			if u.PerInstance {
				n = 1
			}
			replaced[r.Host]++
			u.Reactivations += n
			u.Left -= n
			if replaced[r.Host] == MaxReactivations+1 {
				bad(fmt.Sprintf("%sevents[%d].host_replace.host", prefix, i), "K41: this is the %dth replacement of %s, whose host key %q can be reactivated at most %d more times", MaxReactivations+1, r.Host, u.ID, MaxReactivations)
			}
		}
	}
	visit("", "", &s.Site, 1, func(i int) string { return s.Hosts[i].Name })
	for ti := range s.Sites {
		t := &s.Sites[ti]
		n := max(t.Instances, 1)
		visit(fmt.Sprintf("sites[%d].", ti), t.Name+"/", &t.Site, n, func(i int) string {
			if n == 1 {
				return t.InstanceName(1) + "/" + t.Hosts[i].Name
			}
			return fmt.Sprintf("%s/%s in each of %d instances", t.Name, t.Hosts[i].Name, n)
		})
	}
	for _, u := range out {
		u.Left = max(u.Left, 0)
	}
	return out
}

// hostKeys checks the named host keys (K41): a name is one product key,
// of one key group; it activates at most MaxHostsPerKey hosts, each
// reactivated at most MaxReactivations times. A template's host counts
// once per instance, unless its key_id holds {site}: then each instance
// has a key of its own.
func (c *checker) hostKeys() { c.s.hostKeyUses(c.errorf) }

// HostKeys returns the named host keys of a valid s and their use (K41),
// in the order of their first host.
func (s *Scenario) HostKeys() []HostKeyUse {
	var out []HostKeyUse
	for _, u := range s.hostKeyUses(func(string, string, ...any) {}) {
		out = append(out, *u)
	}
	return out
}

// newerKeyUpdates are the updates a host OS needs before it accepts the
// Windows Server 2025 host key (K44).
var newerKeyUpdates = map[HostOS]string{
	OSServer2019: "KB5034768",
	OSServer2022: "KB5034765",
}

// hostWarnings returns the warnings of a site's hosts: a Windows Server
// 2019 or 2022 host holding the Windows Server 2025 host key, which it
// accepts only after the February 2024 update (K44: warned of, not
// refused, the source's confidence being moderate).
func (s *Scenario) hostWarnings(prefix string, hosts []Host) []*FieldError {
	var ws []*FieldError
	for i := range hosts {
		h := &hosts[i]
		kb, ok := newerKeyUpdates[h.OS]
		j := slices.Index(h.Keys, KeyServer2025)
		if !ok || j < 0 {
			continue
		}
		path := fmt.Sprintf("%shosts[%d].keys[%d]", prefix, i, j)
		ws = append(ws, &FieldError{File: s.File, Line: s.lines.line(path), Path: path,
			Msg: fmt.Sprintf("K44: a %s host accepts the %s host key only after update %s (February 2024): install it on %s first", h.OS, KeyServer2025, kb, h.Name)})
	}
	return ws
}

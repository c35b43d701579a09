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

// keyUse is a host key named by key_id, as validation has met it so far.
type keyUse struct {
	group KeyGroup
	path  string   // the key_id of its first host
	hosts int      // hosts that hold it, counting each instance of a template
	names []string // those hosts, as outputs name them
}

// hostKeys checks the named host keys (K41): a name is one product key,
// of one key group, and it activates at most MaxHostsPerKey hosts. A
// template's host counts once per instance, unless its key_id holds
// {site}: then each instance has a key of its own.
func (c *checker) hostKeys() {
	uses := map[string]*keyUse{}
	visit := func(prefix, scopeKey string, hosts []Host, instances int, name func(i int) string) {
		for i := range hosts {
			h := &hosts[i]
			if h.KeyID == "" {
				continue
			}
			kp := fmt.Sprintf("%shosts[%d].key_id", prefix, i)
			per := strings.Contains(h.KeyID, SitePlaceholder)
			switch {
			case hasControl(h.KeyID):
				c.errorf(kp, "a key id may not hold control characters")
				continue
			case per && scopeKey == "":
				c.errorf(kp, "%s can only be used in the key ids of a site template's hosts", SitePlaceholder)
				continue
			}
			id, n := h.KeyID, instances
			if per {
				id, n = scopeKey+h.KeyID, 1
			}
			u := uses[id]
			if u == nil {
				u = &keyUse{group: h.Key(), path: kp}
				uses[id] = u
			} else if g := h.Key(); g != u.group && g != "" && u.group != "" {
				c.errorf(kp, "host key %q is a %s key (at %s), not %s: one key id names one product key", h.KeyID, u.group, u.path, g)
				continue
			}
			before := u.hosts
			u.hosts += n
			u.names = append(u.names, name(i))
			if before <= MaxHostsPerKey && u.hosts > MaxHostsPerKey {
				c.errorf(kp, "K41: host key %q would activate %d hosts (%s): one host key activates at most %d; give the others a key of their own", h.KeyID, u.hosts, strings.Join(u.names, ", "), MaxHostsPerKey)
			}
		}
	}
	s := c.s
	visit("", "", s.Hosts, 1, func(i int) string { return s.Hosts[i].Name })
	for ti := range s.Sites {
		t := &s.Sites[ti]
		n := max(t.Instances, 1)
		visit(fmt.Sprintf("sites[%d].", ti), t.Name+"/", t.Hosts, n, func(i int) string {
			if n == 1 {
				return t.InstanceName(1) + "/" + t.Hosts[i].Name
			}
			return fmt.Sprintf("%s/%s in each of %d instances", t.Name, t.Hosts[i].Name, n)
		})
	}
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

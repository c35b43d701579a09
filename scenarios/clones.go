package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"slices"
	"strconv"
	"strings"
)

// Clones are machines that send one client machine id: images deployed
// without sysprep /generalize or a rearm (K9, K37). A host counts them
// once, so they are today's commonest cause of a count that does not
// increase (K46). A scenario may mean to model them; kmssim says so
// beside the run, it does not refuse them.
type Clones struct {
	// Path is the field that declares them, for a warning at its line.
	Path string
	// What names them: "group lab (shared_cmid)", "CMID 3f2a… of
	// inventory lines 4 and 9".
	What string
	// Machines is how many machines send the shared CMIDs, and CMIDs how
	// many CMIDs they share (one per site instance for a template's
	// group).
	Machines, CMIDs int
}

// Clones lists the machines of s that share a CMID when the run starts:
// groups of more than one machine with shared_cmid: true, pools of
// desktops refreshed from an image that is not generalized (K37), and
// machines of the inventory (fleet_from, with a state) that name the same
// CMID. Machines that become clones later, by a re-imaging without
// generalize, are not listed.
func (s *Scenario) Clones() []Clones {
	var out []Clones
	add := func(path string, g *Group, instances int) {
		why := ""
		switch {
		case g.SharedCMID:
			why = "shared_cmid"
		case g.Pooled != nil && !g.Reimaging().Generalizes():
			why = "pooled, not generalized"
		default:
			return
		}
		if g.Count < 2 {
			return
		}
		out = append(out, Clones{Path: path + ".shared_cmid", What: fmt.Sprintf("group %s (%s)", g.Name, why), Machines: g.Count * instances, CMIDs: instances})
		if why != "shared_cmid" {
			out[len(out)-1].Path = path + ".pooled"
		}
	}
	for i := range s.Fleet {
		add(fmt.Sprintf("fleet[%d]", i), &s.Fleet[i], 1)
	}
	for i := range s.Sites {
		t := &s.Sites[i]
		for j := range t.Fleet {
			add(fmt.Sprintf("sites[%d].fleet[%d]", i, j), &t.Fleet[j], max(t.Instances, 1))
		}
	}

	// Machines of the inventory that name one CMID, in the order of
	// their first line.
	lines := map[string][]int{}
	var order []string
	for i := range s.Fleet {
		for _, m := range s.Fleet[i].Machines {
			if _, ok := lines[m.CMID]; !ok {
				order = append(order, m.CMID)
			}
			lines[m.CMID] = append(lines[m.CMID], m.Line)
		}
	}
	for _, cmid := range order {
		ls := lines[cmid]
		if len(ls) < 2 {
			continue
		}
		slices.Sort(ls)
		nums := make([]string, len(ls))
		for i, l := range ls {
			nums[i] = strconv.Itoa(l)
		}
		out = append(out, Clones{Path: "fleet_from.file", What: fmt.Sprintf("CMID %s of inventory lines %s", words.Clip(cmid), strings.Join(nums, ", ")), Machines: len(ls), CMIDs: 1})
	}
	return out
}

// CloneTotals returns how many machines share how many CMIDs in cs.
func CloneTotals(cs []Clones) (machines, cmids int) {
	for _, c := range cs {
		machines += c.Machines
		cmids += c.CMIDs
	}
	return machines, cmids
}

// Warnings returns what in s is allowed but likely a mistake, or worth
// knowing before a run, each at its line: a 2019 or 2022 host with the
// 2025 host key (K44), and machines that share a CMID (K9, K46).
// Validate has passed.
func (s *Scenario) Warnings() []*FieldError {
	ws := s.hostWarnings("", s.Hosts)
	for i := range s.Sites {
		ws = append(ws, s.hostWarnings(fmt.Sprintf("sites[%d].", i), s.Sites[i].Hosts)...)
	}
	for _, c := range s.Clones() {
		ws = append(ws, &FieldError{File: s.File, Line: s.lines.line(c.Path), Path: c.Path,
			Msg: fmt.Sprintf("%s: %d machines share %s: a host counts each once (K9, K46); if that is not meant, generalize the image with sysprep or rearm the clones (K37)", c.What, c.Machines, words.Plural(c.CMIDs, "CMID"))})
	}
	slices.SortStableFunc(ws, func(a, b *FieldError) int { return a.Line - b.Line })
	return ws
}

package sim

import (
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// instance is one site instance of a scenario: the scenario's own site
// (index 0) or an instance of a template. Its index numbers its random
// stream.
type instance struct {
	index    int32
	name     string
	site     *scenarios.Site
	template bool
}

// expand returns domain d as this instance sees it: {site} becomes its
// name.
func (in instance) expand(d string) string {
	return strings.ReplaceAll(d, scenarios.SitePlaceholder, in.name)
}

func (in instance) clients() int {
	n := 0
	for _, g := range in.site.Fleet {
		n += g.Count
	}
	return n
}

// worldClients returns how many clients the initial fleets of insts hold.
func worldClients(insts []instance) int {
	n := 0
	for _, in := range insts {
		n += in.clients()
	}
	return n
}

// reimaged returns how many machines of the instance's initial fleet are
// re-imaged on a schedule (lifecycle or pool refreshes).
func (in instance) reimaged() int {
	n := 0
	for _, g := range in.site.Fleet {
		if g.Reimaging() != nil {
			n += g.Count
		}
	}
	return n
}

// instances lists the site instances of scn in order.
func instances(scn *scenarios.Scenario) []instance {
	out := []instance{{index: 0, site: &scn.Site}}
	for ti := range scn.Sites {
		t := &scn.Sites[ti]
		for i := 1; i <= t.Instances; i++ {
			out = append(out, instance{index: int32(len(out)), name: t.InstanceName(i), site: &t.Site, template: true})
		}
	}
	return out
}

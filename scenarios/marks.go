package scenarios

import "slices"

// Marks returns the moments of s that charts mark, in time order: host
// outages, events and scheduled re-imagings, those of site templates
// phrased for every instance (" (every branch site)"). Marks alike at the
// same moment appear once.
func (s *Scenario) Marks() []Mark {
	ms := s.Site.marks(s.Duration, "", nil)
	for i := range s.Sites {
		ms = s.Sites[i].marks(s.Duration, " (every "+s.Sites[i].Name+" site)", ms)
	}
	slices.SortStableFunc(ms, func(a, b Mark) int { return int(a.At - b.At) })
	return slices.Compact(ms)
}

// marks appends the marks of the site to ms, up to end.
func (site *Site) marks(end Duration, where string, ms []Mark) []Mark {
	for _, h := range site.Hosts {
		for _, o := range h.Outages {
			ms = append(ms, outageMarks(h.Name, where, o.At, o.For)...)
		}
	}
	for i := range site.Events {
		if a, _ := site.Events[i].Action(); a != nil {
			ms = append(ms, a.Marks(site.Events[i].At, where)...)
		}
	}
	// Scheduled re-imaging is rare enough to mark every time; the daily
	// refreshes of a pool of desktops (K37) are not marked.
	for _, g := range site.Fleet {
		if r := g.Lifecycle.Reimage; r != nil {
			for at := range Repeat(r.Every, r.From, end) {
				ms = append(ms, reimageMark(g.Name, where, at))
			}
		}
	}
	return ms
}

package scenarios

import "slices"

// Where is where an event happens, as its marks say it: in the scenario's
// own site (the zero Where), or in every instance of a site template.
type Where struct {
	// Phrase follows a name in a sentence: "" or " (every branch site)".
	Phrase string
	// Instances is how many sites the event happens in; 0 means 1.
	Instances int
}

// total returns what n machines in each site come to in all of them: a
// chart's label counts all instances ("−9 laptops" for 3 in each of 3
// branches); the sentence says "in every site".
func (w Where) total(n int) int { return n * max(w.Instances, 1) }

// Marks returns the moments of s that charts mark, in time order: host
// outages, events and scheduled re-imagings, those of site templates
// phrased for every instance (" (every branch site)") and counted over
// all of them. Marks alike at the same moment appear once.
func (s *Scenario) Marks() []Mark {
	ms := s.Site.marks(s.Duration, Where{}, nil)
	for i := range s.Sites {
		t := &s.Sites[i]
		ms = t.marks(s.Duration, Where{Phrase: " (every " + t.Name + " site)", Instances: t.Instances}, ms)
	}
	slices.SortStableFunc(ms, func(a, b Mark) int { return int(a.At - b.At) })
	return slices.Compact(ms)
}

// marks appends the marks of the site to ms, up to end.
func (site *Site) marks(end Duration, in Where, ms []Mark) []Mark {
	for _, h := range site.Hosts {
		for _, o := range h.Outages {
			ms = append(ms, outageMarks(h.Name, in.Phrase, o.At, o.For)...)
		}
	}
	for i := range site.Events {
		if a, _ := site.Events[i].Action(); a != nil {
			ms = append(ms, a.Marks(site.Events[i].At, in)...)
		}
	}
	// Scheduled re-imaging is rare enough to mark every time; the daily
	// refreshes of a pool of desktops (K37) are not marked.
	for _, g := range site.Fleet {
		if r := g.Lifecycle.Reimage; r != nil {
			for at := range Repeat(r.Every, r.From, end) {
				ms = append(ms, reimageMark(g.Name, in.Phrase, at))
			}
		}
	}
	return ms
}

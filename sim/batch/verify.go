package batch

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
	"github.com/kmssim/kmssim/sim/engine"
)

// milestoneKinds are the kinds of milestone a run records, and the
// site-wide one a batch adds.
var milestoneKinds = append([]sim.MilestoneKind{KindAnyBelow}, sim.MilestoneKinds...)

// Verify checks r, a part read from a file that anyone could have written,
// against scn, the scenario it says it ran: its name, fingerprint, seeds,
// sweep and expectations must be scn's, and every number it observed must
// be one a run of scn can give (milestone times within the run, hosts,
// products, pools, thresholds and MAK keys of the scenario, counts of
// clients within the clients it has). The error names the field and why.
// ReadPartial has checked r's shape.
func (r *Result) Verify(scn *scenarios.Scenario) error {
	switch {
	case r.Name != scn.Name:
		return fmt.Errorf("scenario: %q, but the scenario it carries is %q", r.Name, scn.Name)
	case r.Fingerprint != Fingerprint(scn):
		return fmt.Errorf("fingerprint: %s, but the scenario it carries has %s", r.Fingerprint, Fingerprint(scn))
	case !slices.Equal(r.Seeds, Seeds(scn.Seed, scn.Replications)):
		return fmt.Errorf("seeds: not those of the scenario's seed %d and %d replications", scn.Seed, scn.Replications)
	case len(r.Parameters) != len(scn.Sweep):
		return fmt.Errorf("parameters: %d, but the scenario sweeps %d", len(r.Parameters), len(scn.Sweep))
	}
	for i, p := range r.Parameters {
		if p.Path != scn.Sweep[i].Path {
			return fmt.Errorf("parameters[%d].path: %q, but the scenario sweeps %q", i, p.Path, scn.Sweep[i].Path)
		}
		if !reflect.DeepEqual(p.Values, scn.Sweep[i].Values) {
			return fmt.Errorf("parameters[%d].values: not the scenario's list for %s", i, p.Path)
		}
	}
	all := scn.Points()
	if r.Total != len(all) {
		return fmt.Errorf("points_total: %d, but the scenario's sweep has %d points", r.Total, len(all))
	}
	if len(r.Expectations) != len(scn.Expect) {
		return fmt.Errorf("expectations: %d, but the scenario has %d", len(r.Expectations), len(scn.Expect))
	}
	for i, e := range scn.Expect {
		if want := expectationName(scn, i, e); r.Expectations[i] != want {
			return fmt.Errorf("expectations[%d]: %q, but the scenario's is %q", i, r.Expectations[i], want)
		}
	}
	for pi, p := range r.Points {
		field := fmt.Sprintf("points[%d]", pi)
		want := all[p.Index] // ReadPartial checked the index
		if !reflect.DeepEqual(p.Values, want.Values) {
			return fmt.Errorf("%s.values: not point %d of the scenario's sweep", field, p.Index)
		}
		at, err := scn.At(want)
		if err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
		lim := limitsOf(at.Scenario())
		for oi, o := range p.Observations {
			if err := lim.check(o); err != nil {
				return fmt.Errorf("%s.observations[%d].%w", field, oi, err)
			}
		}
	}
	return nil
}

// limits are what a run of one scenario can observe.
type limits struct {
	end        engine.Time
	clients    int
	hosts      map[string]bool // of the scenario's own site
	keys       map[string]bool // MAK keys, of every site
	products   map[scenarios.Product]bool
	pools      map[scenarios.Pool]bool
	thresholds map[int]bool
	templates  []template
}

// template is what a site template's instances can observe, each under
// its instance's name (branch-007/kms1).
type template struct {
	t     *scenarios.SiteTemplate
	hosts map[string]bool
	keys  map[string]bool
}

// limitsOf collects the names and bounds of scn, site templates' instances
// included. Its cost does not grow with the number of instances.
func limitsOf(scn *scenarios.Scenario) *limits {
	l := &limits{
		end:        engine.Time(scn.Duration),
		hosts:      map[string]bool{},
		keys:       map[string]bool{},
		products:   map[scenarios.Product]bool{},
		pools:      map[scenarios.Pool]bool{"": true},
		thresholds: map[int]bool{},
	}
	add := func(s *scenarios.Site, instances int, hosts, keys map[string]bool) {
		for _, h := range s.Hosts {
			hosts[h.Name] = true
		}
		for _, k := range s.MAKKeys {
			keys[k.Name] = true
		}
		// Its groups' machines and those its events add are every
		// client it can hold (a replacement takes the place of the
		// machine it replaces).
		// The scenario is valid: its counts lie within MaxClients, so
		// the sums fit an int.
		n := 0
		for _, g := range s.Fleet {
			n += g.Count
		}
		for _, e := range s.Events {
			if e.Add != nil {
				n += e.Add.Count
			}
		}
		l.clients += n * instances
		walk(reflect.ValueOf(s).Elem(), func(name string, v reflect.Value) {
			switch {
			case v.Type() == reflect.TypeOf(scenarios.Product("")):
				p := scenarios.Product(v.String())
				l.products[p] = true
				l.pools[p.Pool()] = true
				l.thresholds[p.Threshold()] = true
			case v.Kind() == reflect.Int && (name == "Threshold" || name == "Thresholds"):
				// A group's own, or those of a host's starting table.
				l.thresholds[int(v.Int())] = true
			}
		})
	}
	add(&scn.Site, 1, l.hosts, l.keys)
	for i := range scn.Sites {
		t := template{&scn.Sites[i], map[string]bool{}, map[string]bool{}}
		add(&t.t.Site, max(t.t.Instances, 0), t.hosts, t.keys)
		l.templates = append(l.templates, t)
	}
	for _, e := range scn.Expect {
		walk(reflect.ValueOf(e), func(name string, v reflect.Value) {
			if v.Kind() == reflect.Int && name == "Threshold" {
				l.thresholds[int(v.Int())] = true
			}
		})
	}
	return l
}

// has reports whether name is one of the scenario's own site (top) or,
// as INSTANCE/NAME, one of an instance of a site template (of gives the
// template's names).
func (l *limits) has(name string, top map[string]bool, of func(t template) map[string]bool) bool {
	if top[name] {
		return true
	}
	inst, rest, ok := strings.Cut(name, "/")
	i := strings.LastIndex(inst, "-")
	if !ok || i < 0 {
		return false
	}
	n, err := strconv.Atoi(inst[i+1:])
	if err != nil {
		return false
	}
	for _, t := range l.templates {
		if inst[:i] == t.t.Name && n >= 1 && n <= t.t.Instances && t.t.InstanceName(n) == inst && of(t)[rest] {
			return true
		}
	}
	return false
}

// check checks one observation against l; the error starts with the
// field's name, to follow a path.
func (l *limits) check(o Observation) error {
	for i, m := range o.Milestones {
		f := fmt.Sprintf("milestones[%d]", i)
		switch {
		case !slices.Contains(milestoneKinds, m.Kind):
			return fmt.Errorf("%s.kind: %q is not a milestone", f, m.Kind)
		case m.At < 0 || m.At > l.end:
			return fmt.Errorf("%s.at_s: %d is outside the run (0 to %d s)", f, m.At, l.end)
		case m.Host != "" && !l.has(m.Host, l.hosts, func(t template) map[string]bool { return t.hosts }):
			return fmt.Errorf("%s.host: %q is not a host of the scenario", f, m.Host)
		case m.Product != "" && !l.products[m.Product]:
			return fmt.Errorf("%s.product: %q is not a product of the scenario", f, m.Product)
		case !l.pools[m.Pool]:
			return fmt.Errorf("%s.pool: %q is not a pool of the scenario's products", f, m.Pool)
		case m.Threshold != 0 && !l.thresholds[m.Threshold]:
			return fmt.Errorf("%s.threshold: %d is not a threshold of the scenario", f, m.Threshold)
		case m.MAKKey != "" && !l.has(m.MAKKey, l.keys, func(t template) map[string]bool { return t.keys }):
			return fmt.Errorf("%s.key: %q is not a MAK key of the scenario", f, m.MAKKey)
		}
	}
	for i, n := range o.NotLicensed {
		f := fmt.Sprintf("not_licensed[%d]", i)
		switch {
		case !l.products[n.Product]:
			return fmt.Errorf("%s.product: %q is not a product of the scenario", f, n.Product)
		case n.Clients < 0 || n.Clients > l.clients:
			return fmt.Errorf("%s.clients: %d, but the scenario has 0 to %d clients", f, n.Clients, l.clients)
		}
	}
	return nil
}

// walk calls fn with every field of v, nested structs, slices and
// pointers followed, and the name of the field that holds it.
func walk(v reflect.Value, fn func(name string, v reflect.Value)) {
	var visit func(name string, v reflect.Value)
	visit = func(name string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				visit(name, v.Elem())
			}
		case reflect.Struct:
			t := v.Type()
			for i := range t.NumField() {
				if t.Field(i).IsExported() {
					visit(t.Field(i).Name, v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return
			}
			for i := range v.Len() {
				visit(name, v.Index(i))
			}
		default:
			fn(name, v)
		}
	}
	visit("", v)
}

package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A path addresses one numeric field of a scenario, for sweeps and for
// kmssim's -set flag. It is written as in the YAML, one key after another,
// separated by dots; an item of a list is addressed by its name where it
// has one, else by its position from 0 in brackets:
//
//	duration
//	model.cache_factor
//	hosts.kms2.srv.weight
//	fleet.laptops.count
//	events[1].decommission.count
//	sites.branch.instances
//	sites.branch.fleet.desktops.count
//	expect[0].at_least
//
// Hosts, domains (dns), site templates (sites), fleet groups and MAK keys
// (mak_keys) are named;
// events, outages and expectations are numbered. Positions in brackets work
// for named lists too (fleet[0].count). Paths lists the valid ones of a
// scenario.

// numericKind reports whether t, once pointers are followed, is a number a
// path can set: a whole number, a real number or a Duration.
func numericKind(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint64, reflect.Float64:
		return true
	}
	return false
}

// itemName returns the name a list item is addressed by, or "".
func itemName(v reflect.Value) string {
	switch x := v.Addr().Interface().(type) {
	case *Host:
		return x.Name
	case *Group:
		return x.Name
	case *Domain:
		return x.Name
	case *SiteTemplate:
		return x.Name
	case *MAKKey:
		return x.Name
	}
	return ""
}

// Paths returns every numeric path of s, in the order of the scenario's
// fields. Numbers that are not set yet (a bound not given) are included:
// setting them is allowed.
func (s *Scenario) Paths() []string {
	var out []string
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		if numericKind(v.Type()) {
			out = append(out, prefix)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			// A nil number (a bound not given) can be set; the fields of
			// an absent part (another action of an event) are not listed.
			if !v.IsNil() {
				walk(prefix, v.Elem())
			}
		case reflect.Struct:
			if !parameters(v) {
				return
			}
			for _, f := range fields(v) {
				walk(join(prefix, f.key), f.v)
			}
		case reflect.Slice:
			for i := range v.Len() {
				item := v.Index(i)
				key := fmt.Sprintf("%s[%d]", prefix, i)
				if name := itemName(item); name != "" && !strings.ContainsAny(name, ".[]") {
					key = prefix + "." + name
				}
				walk(key, item)
			}
		}
	}
	walk("", reflect.ValueOf(s).Elem())
	return out
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// pathSegments splits a path into keys, names and [positions].
func pathSegments(path string) ([]string, error) {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			segs = append(segs, key)
		}
		for rest != "" {
			n, after, ok := strings.Cut(rest, "]")
			if !ok || n == "" {
				return nil, fmt.Errorf("path %q: unclosed [", path)
			}
			segs = append(segs, "["+n+"]")
			rest = strings.TrimPrefix(after, "[")
			if after != "" && !strings.HasPrefix(after, "[") {
				return nil, fmt.Errorf("path %q: unexpected %q after ]", path, after)
			}
		}
		if key == "" && !strings.Contains(part, "[") {
			return nil, fmt.Errorf("path %q: empty key", path)
		}
	}
	return segs, nil
}

// joinSegments is the inverse of pathSegments.
func joinSegments(segs []string) string {
	var b strings.Builder
	for i, seg := range segs {
		if i > 0 && !strings.HasPrefix(seg, "[") {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// Set sets the numeric field at path to value, written as in the YAML: a
// whole number, a number, or a duration with its unit (30d). It reports
// an unknown path with the valid paths nearest to it. Set does not
// validate the scenario; call Validate after the last change.
func (s *Scenario) Set(path, value string) error {
	target, err := s.resolve(path, true)
	if err != nil {
		return err
	}
	if err := setNumber(target, value); err != nil {
		return fmt.Errorf("%s=%s: %w", path, value, err)
	}
	return nil
}

// resolve returns the field at path. With alloc, nil pointers on the way
// are allocated; without, a nil pointer on the way gives the zero Value.
func (s *Scenario) resolve(path string, alloc bool) (reflect.Value, error) {
	segs, err := pathSegments(path)
	if err != nil {
		return reflect.Value{}, err
	}
	v := reflect.ValueOf(s).Elem()
	for i, seg := range segs {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !alloc {
					return reflect.Value{}, nil
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		next, ok := step(v, seg)
		if !ok {
			return reflect.Value{}, s.unknownPath(path, joinSegments(segs[:i]))
		}
		v = next
	}
	if !numericKind(v.Type()) {
		return reflect.Value{}, s.unknownPath(path, joinSegments(segs))
	}
	return v, nil
}

// parameters reports whether struct v holds numbers a sweep or -set may
// vary: a date does not, nor a host's table at the start, which is a
// state read from logs (kmssim import), not a planning parameter.
func parameters(v reflect.Value) bool {
	switch v.Interface().(type) {
	case Date, Table:
		return false
	}
	return true
}

// step goes from v one segment further.
func step(v reflect.Value, seg string) (reflect.Value, bool) {
	switch v.Kind() {
	case reflect.Struct:
		if !parameters(v) {
			return reflect.Value{}, false
		}
		for _, f := range fields(v) {
			if f.key == seg {
				return f.v, true
			}
		}
	case reflect.Slice:
		if n, ok := strings.CutPrefix(seg, "["); ok {
			i, err := strconv.Atoi(strings.TrimSuffix(n, "]"))
			if err != nil || i < 0 || i >= v.Len() {
				return reflect.Value{}, false
			}
			return v.Index(i), true
		}
		for i := range v.Len() {
			if itemName(v.Index(i)) == seg {
				return v.Index(i), true
			}
		}
	}
	return reflect.Value{}, false
}

// unknownPath words an unknown path with the valid ones nearest to it:
// those under the longest prefix that resolved, else those closest in
// spelling.
func (s *Scenario) unknownPath(path, resolved string) error {
	all := s.Paths()
	var near []string
	if resolved != "" {
		for _, p := range all {
			if strings.HasPrefix(p, resolved+".") || strings.HasPrefix(p, resolved+"[") {
				near = append(near, p)
			}
		}
	}
	if len(near) == 0 || len(near) > maxNear {
		near = nearest(path, all, maxNear)
	}
	return fmt.Errorf("unknown path %q: no numeric field there (nearest valid paths: %s; kmssim paths lists them all)", path, strings.Join(near, ", "))
}

const maxNear = 6

// nearest returns up to n candidates closest to s in edit distance, the
// closest first.
func nearest(s string, candidates []string, n int) []string {
	type scored struct {
		p string
		d int
	}
	sc := make([]scored, len(candidates))
	for i, c := range candidates {
		sc[i] = scored{c, words.Distance(s, c)}
	}
	slices.SortStableFunc(sc, func(a, b scored) int { return a.d - b.d })
	var out []string
	for _, c := range sc[:min(n, len(sc))] {
		out = append(out, c.p)
	}
	return out
}

// setNumber parses value for the numeric field v and sets it.
func setNumber(v reflect.Value, value string) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	value = strings.TrimSpace(value)
	switch {
	case v.Type() == reflect.TypeOf(Duration(0)):
		d, err := ParseDuration(value)
		if err != nil {
			return err
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.Int:
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", value)
		}
		v.SetInt(int64(n))
	case v.Kind() == reflect.Uint64:
		n, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number, 0 or more, got %q", value)
		}
		v.SetUint(n)
	case v.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || f != f || f > 1e300 || f < -1e300 {
			return fmt.Errorf("want a number, got %q", value)
		}
		v.SetFloat(f)
	default:
		return fmt.Errorf("not a numeric field")
	}
	return nil
}

// Clone returns a deep copy of s: changing the copy, as Set does, leaves s
// as it was.
func (s *Scenario) Clone() *Scenario {
	c := *s // copies the unexported position index, which is never changed
	deepCopy(reflect.ValueOf(&c).Elem())
	return &c
}

// deepCopy replaces every pointer and slice reachable through v's exported
// fields by a copy of what it points to.
func deepCopy(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(v.Elem())
		deepCopy(p.Elem())
		v.Set(p)
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(s, v)
		for i := range s.Len() {
			deepCopy(s.Index(i))
		}
		v.Set(s)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				deepCopy(v.Field(i))
			}
		}
	}
}

// Get returns the value of the numeric field at path as it would be
// written in the YAML, or "" when the field is not set (a nil bound).
func (s *Scenario) Get(path string) (string, error) {
	v, err := s.resolve(path, false)
	if err != nil || !v.IsValid() {
		return "", err
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", nil
		}
		v = v.Elem()
	}
	switch {
	case v.Type() == reflect.TypeOf(Duration(0)):
		return Duration(v.Int()).String(), nil
	case v.Kind() == reflect.Int, v.Kind() == reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case v.Kind() == reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	}
	return strconv.FormatFloat(v.Float(), 'g', -1, 64), nil
}

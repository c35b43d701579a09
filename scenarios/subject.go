package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Subject is what an expectation is about: one kind of expectation. Every
// type of an Expectation subject field implements it.
type Subject interface {
	// Words name the subject for people: "kms1 windows count",
	// "group pcs clients in notification". threshold is how an unset
	// threshold of a crossing reads: "its threshold", or the number a run
	// found.
	Words(e *Expectation, threshold string) string
	// Crossing reports whether the subject is judged by when a count
	// crosses a threshold (first_below, first_reached) rather than by
	// bounds on a value.
	Crossing() bool

	// check validates the subject, found at path, and its bounds.
	check(c *checker, e *Expectation, path string)
}

// subjectFields are the fields of Expectation that hold a subject.
var subjectFields = fieldsHolding(reflect.TypeOf(Expectation{}), reflect.TypeOf((*Subject)(nil)).Elem())

// subjects returns the subjects e sets, with their keys, in the order of
// Expectation's fields. Every run of a batch asks, so it lists nothing
// else.
func (e *Expectation) subjects() (keys []string, subs []Subject) {
	v := reflect.ValueOf(e).Elem()
	for _, f := range subjectFields {
		if s := v.FieldByIndex(f.index); !s.IsNil() {
			keys, subs = append(keys, f.key), append(subs, s.Interface().(Subject))
		}
	}
	return keys, subs
}

// subjectKeys lists the YAML keys of the subjects, in field order.
var subjectKeys = func() []string {
	var keys []string
	for _, f := range subjectFields {
		keys = append(keys, f.key)
	}
	return keys
}()

// Subject returns the subject of e and its YAML key (count, first_below,
// …), or nil and "" when e sets none. A validated expectation sets
// exactly one.
func (e *Expectation) Subject() (Subject, string) {
	keys, subs := e.subjects()
	if len(subs) == 0 {
		return nil, ""
	}
	return subs[0], keys[0]
}

// Describe words e for people: its subject, its bounds and its window, as
// in "kms1 windows count ≥ 25 from 0s to 90d". end is the end of the
// scenario; threshold is how an unset threshold of a crossing reads.
func (e *Expectation) Describe(end Duration, threshold string) string {
	s, _ := e.Subject()
	if s == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(s.Words(e, threshold))
	if e.AtLeast != nil {
		fmt.Fprintf(&b, " ≥ %s", words.Number(*e.AtLeast))
	}
	if e.AtMost != nil {
		if e.AtLeast != nil {
			b.WriteString(" and")
		}
		fmt.Fprintf(&b, " ≤ %s", words.Number(*e.AtMost))
	}
	from, until := e.Window(end)
	if _, ok := s.(*ESUSubject); ok {
		return b.String() // K42: the whole year, no window
	}
	if e.At != nil {
		fmt.Fprintf(&b, " at %s", from)
	} else if from != 0 || until != end || !s.Crossing() {
		fmt.Fprintf(&b, " from %s to %s", from, until)
	}
	return b.String()
}

// Window returns the closed window [from, until] of e in a scenario that
// ends at end: the moment At, or From to Until (default: the end).
func (e *Expectation) Window(end Duration) (from, until Duration) {
	if e.At != nil {
		return *e.At, *e.At
	}
	if e.Until != nil {
		end = *e.Until
	}
	return e.From, end
}

func (s *CountSubject) Words(e *Expectation, _ string) string {
	return fmt.Sprintf("%s %s count", s.Host, s.Pool)
}

func (*CountSubject) Crossing() bool { return false }

func (s *CountSubject) check(c *checker, e *Expectation, path string) {
	c.qualifiedHostRef(path+".host", s.Host)
	if !slices.Contains(Pools, s.Pool) {
		c.errorf(path+".pool", "%s", unknown("pool", s.Pool, Pools))
	}
	if s.Threshold != 0 { // 0: the default, the highest threshold
		c.bounded(path+".threshold", "CountSubject.threshold", float64(s.Threshold))
	}
}

// setDefaults counts the windows pool unless the subject says otherwise.
func (s *CountSubject) setDefaults() {
	if s.Pool == "" {
		s.Pool = PoolWindows
	}
}

// crossingWords words a crossing of s's threshold.
func crossingWords(s *CountSubject, e *Expectation, verb, threshold string) string {
	if s.Threshold > 0 {
		threshold = strconv.Itoa(s.Threshold)
	}
	when := "first"
	if e.Never {
		when = "never"
	}
	return fmt.Sprintf("%s %s count %s %s %s", s.Host, s.Pool, when, verb, threshold)
}

// Count returns the count s is about.
func (s *FirstBelow) Count() *CountSubject { return (*CountSubject)(s) }

func (s *FirstBelow) Words(e *Expectation, threshold string) string {
	return crossingWords(s.Count(), e, "falls below", threshold)
}

func (*FirstBelow) Crossing() bool { return true }

func (s *FirstBelow) check(c *checker, e *Expectation, path string) { s.Count().check(c, e, path) }

func (s *FirstBelow) setDefaults() { s.Count().setDefaults() }

// Count returns the count s is about.
func (s *FirstReached) Count() *CountSubject { return (*CountSubject)(s) }

func (s *FirstReached) Words(e *Expectation, threshold string) string {
	return crossingWords(s.Count(), e, "reaches", threshold)
}

func (*FirstReached) Crossing() bool { return true }

func (s *FirstReached) check(c *checker, e *Expectation, path string) { s.Count().check(c, e, path) }

func (s *FirstReached) setDefaults() { s.Count().setDefaults() }

// name says whose clients: "group pcs", "windows-7", "all".
func (s *ClientsSubject) name() string {
	switch {
	case s.Group != "":
		return "group " + s.Group
	case s.Product != "":
		return string(s.Product)
	}
	return "all"
}

func (s *ClientsSubject) Words(e *Expectation, _ string) string {
	return fmt.Sprintf("%s clients in %s", s.name(), strings.ReplaceAll(s.State, "_", " "))
}

func (*ClientsSubject) Crossing() bool { return false }

func (s *ClientsSubject) check(c *checker, e *Expectation, path string) {
	s.checkWho(c, path)
	switch {
	case s.State == "":
		c.errorf(path+".state", "is required (one of %s)", strings.Join(StateNames, ", "))
	case !slices.Contains(StateNames, s.State):
		c.errorf(path+".state", "unknown state %q (one of %s)", s.State, strings.Join(StateNames, ", "))
	}
}

// checkWho checks the product or group the clients are of.
func (s *ClientsSubject) checkWho(c *checker, path string) {
	if s.Product != "" && !s.Product.Known() {
		c.errorf(path+".product", "%s", unknown("product", s.Product, Products))
	}
	if s.Product != "" && s.Group != "" {
		c.errorf(path, "name a product or a group, not both")
	}
	if s.Group != "" {
		c.qualifiedGroupRef(path+".group", s.Group)
	}
}

// Clients returns the clients s is about.
func (s *LicensedFraction) Clients() *ClientsSubject { return (*ClientsSubject)(s) }

func (s *LicensedFraction) Words(e *Expectation, _ string) string {
	return fmt.Sprintf("licensed fraction of %s clients", s.Clients().name())
}

func (*LicensedFraction) Crossing() bool { return false }

func (s *LicensedFraction) check(c *checker, e *Expectation, path string) {
	s.Clients().checkWho(c, path)
	if s.State != "" {
		c.errorf(path+".state", "licensed_fraction counts licensed clients: leave out state")
	}
	parent := strings.TrimSuffix(path, ".licensed_fraction")
	for _, b := range []struct {
		name string
		v    *float64
	}{{"at_least", e.AtLeast}, {"at_most", e.AtMost}} {
		if b.v != nil {
			c.bounded(parent+"."+b.name, "Expectation."+b.name, *b.v)
		}
	}
}

func (s *TotalSubject) Words(e *Expectation, _ string) string {
	if s.Host != "" {
		return fmt.Sprintf("total %s to %s", s.Metric, s.Host)
	}
	return "total " + s.Metric
}

func (*TotalSubject) Crossing() bool { return false }

func (s *TotalSubject) check(c *checker, e *Expectation, path string) {
	if !slices.Contains(Metrics, s.Metric) {
		c.errorf(path+".metric", "unknown metric %q (one of %s)", s.Metric, strings.Join(Metrics, ", "))
	}
	if s.Host != "" {
		c.qualifiedHostRef(path+".host", s.Host)
		if s.Metric != "requests" && s.Metric != "answered" {
			c.errorf(path+".metric", "per host, only requests and answered are counted")
		}
	}
}

func (s *PeakSubject) Words(e *Expectation, _ string) string {
	if s.Host != "" {
		return "peak requests/hour to " + s.Host
	}
	return "peak requests/hour"
}

func (*PeakSubject) Crossing() bool { return false }

func (s *PeakSubject) check(c *checker, e *Expectation, path string) {
	if s.Host != "" {
		c.qualifiedHostRef(path+".host", s.Host)
	}
}

func (e *Expectation) firstSubject() Subject {
	s, _ := e.Subject()
	return s
}

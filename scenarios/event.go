package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"reflect"
	"strconv"
	"strings"
)

// Event is a change at a given time. Exactly one of its actions is set.
//
// Each field after At is one kind of event, and its type is the kind's one
// definition: its fields, its validation, the sentence that tells people
// what it does and the marks charts draw for it (see Action). The model
// gives each kind its place in package sim; a test derived from this type
// fails when a kind lacks any of these.
type Event struct {
	At Duration `yaml:"at" schema:"required"`

	// Decommission removes machines from a group, chosen at random.
	Decommission *Decommission `yaml:"decommission" doc:"Remove machines of a group, chosen at random."`
	// Add installs new machines in a group: new CMIDs, fresh grace.
	Add *Add `yaml:"add" doc:"Install new machines in a group."`
	// HostDown stops a host answering, for a span or until HostUp.
	HostDown *HostDown `yaml:"host_down" doc:"The host stops answering, for a span or until host_up."`
	// HostUp makes a host answer again.
	HostUp *HostUp `yaml:"host_up" doc:"The host answers again."`
	// HostReplace replaces a host with a new, empty one of the same name
	// and keys (K15): its count starts again from −1.
	HostReplace *HostReplace `yaml:"host_replace" doc:"K15: replace the host with an empty one."`
	// SRVAdd publishes a host's record in a domain.
	SRVAdd *SRVAdd `yaml:"srv_add" doc:"Publish the host's record in a domain (after its propagation delay)."`
	// SRVRemove withdraws a host's record from a domain.
	SRVRemove *SRVRemove `yaml:"srv_remove" doc:"Withdraw the host's record from a domain (after its propagation delay)."`
	// SRVChange sets the priority and weight of a host's record.
	SRVChange *SRVChange `yaml:"srv_change" doc:"Change the priority or weight of the host's record (after its propagation delay)."`
	// Away sends machines of a group away for a while.
	Away *Away `yaml:"away" doc:"Send machines of a group away for a while: they send nothing until back."`
	// Replace replaces the hardware of machines of a group: new CMIDs,
	// fresh grace, and under MAK a new activation.
	Replace *Replace `yaml:"replace" doc:"Replace the hardware of machines of a group: new CMIDs, fresh grace."`
	// Reimage re-images every machine of a group.
	Reimage *ReimageGroup `yaml:"reimage" doc:"Re-image every machine of a group."`
	// Rearm rearms every machine of a group (K4).
	Rearm *RearmGroup `yaml:"rearm" doc:"K4: rearm every machine of a group."`
	// ADAdd creates an activation object in the site's AD.
	ADAdd *ADAdd `yaml:"ad_add" doc:"K34: create an activation object (a host key) in the site's AD."`
	// ADRemove deletes an activation object from the site's AD.
	ADRemove *ADRemove `yaml:"ad_remove" doc:"K35: delete an activation object: its machines fall back to KMS at their next attempt."`
	// DCDown makes the site's domain controllers unreachable for a span.
	DCDown *DCDown `yaml:"dc_down" doc:"K35: no domain controller answers for a span: domain members fall back to KMS."`
	// LeaveDomain takes machines of a group out of the AD domain.
	LeaveDomain *LeaveDomain `yaml:"leave_domain" doc:"K35: take machines of a group out of the domain: they use KMS from their next attempt, unless act_type ad keeps them to AD (their attempts fail)."`
	// JoinDomain makes machines of a group members of the AD domain.
	JoinDomain *JoinDomain `yaml:"join_domain" doc:"K34: make machines of a group domain members: they try AD first from their next attempt."`
	// Switch moves a group to another activation method.
	Switch *Switch `yaml:"switch" doc:"Move a group to another activation method: kms, mak, subscription (K36: it leaves KMS) or payg (K43: Windows Server 2025 pay-as-you-go through Azure Arc, which leaves KMS too)."`
}

// Action is what an event does: one kind of event. Every type of an
// Event field after At implements it.
type Action interface {
	// Describe says in words what the action does, for the list of a
	// scenario's events: "retire 2 of laptops over 14d".
	Describe() string
	// Marks are the moments of the action, for an event at at, that
	// charts draw as markers; where follows the names of hosts and groups
	// in the phrases (" (every branch site)").
	Marks(at Duration, in Where) []Mark

	// check validates the action, found at path, in its site.
	check(c *checker, sc scope, path string)
}

// Mark is a moment of a scenario that charts draw as a vertical line, so
// that cause and effect sit on one time axis.
type Mark struct {
	At Duration
	// Label is the line's short label on a chart: "−2 laptops".
	Label string
	// Phrase says it in a sentence for findings: "2 machines of group
	// laptops were retired".
	Phrase string
}

// actionKeys lists the YAML keys of the kinds of event, in the order of
// Event's fields.
var actionKeys = func() []string {
	var keys []string
	for _, f := range yamlFieldsOf(reflect.TypeOf(Event{})) {
		if f.key != "at" {
			keys = append(keys, f.key)
		}
	}
	return keys
}()

// actionFields are the fields of Event that hold an action.
var actionFields = fieldsHolding(reflect.TypeOf(Event{}), reflect.TypeOf((*Action)(nil)).Elem())

// actions returns the actions e sets, with their keys, in the order of
// Event's fields. Every run of a batch asks, so it lists nothing else.
func (e *Event) actions() (keys []string, acts []Action) {
	v := reflect.ValueOf(e).Elem()
	for _, f := range actionFields {
		if a := v.FieldByIndex(f.index); !a.IsNil() {
			keys, acts = append(keys, f.key), append(acts, a.Interface().(Action))
		}
	}
	return keys, acts
}

// Action returns the action of e and its YAML key (decommission, add, …),
// or nil and "" when e sets none. A validated event sets exactly one.
func (e *Event) Action() (Action, string) {
	keys, acts := e.actions()
	if len(acts) == 0 {
		return nil, ""
	}
	return acts[0], keys[0]
}

// Describe says in words what e does, or "" when it sets no action.
func (e *Event) Describe() string {
	if a, _ := e.Action(); a != nil {
		return a.Describe()
	}
	return ""
}

// FleetChange is the shape of the events that change Count machines of
// Group, each at a random time of [at, at+Over) (all at at when Over is 0).
type FleetChange struct {
	Group string   `yaml:"group" schema:"required"`
	Count int      `yaml:"count" schema:"required"`
	Over  Duration `yaml:"over" doc:"Spread the changes at random times over [at, at+over)."`
}

// over says " over 14d", or nothing for a change all at once.
func over(d Duration) string {
	if d == 0 {
		return ""
	}
	return " over " + d.String()
}

// marks returns the mark of a change of f.Count machines, or none for a
// change of 0 (a sweep's baseline changes nothing to mark).
func (f *FleetChange) marks(at Duration, label, phrase string) []Mark {
	if f.Count == 0 {
		return nil
	}
	return []Mark{{at, label, phrase}}
}

// machines says "2 machines" or "1 machine".
func (f *FleetChange) machines() string { return words.Plural(f.Count, "machine") }

// were says "were", or "was" for one machine.
func (f *FleetChange) were() string { return words.Choose(f.Count, "was", "were") }

func (f *FleetChange) check(c *checker, sc scope, path string) {
	c.groupRef(sc, path+".group", f.Group)
	// 0 changes nothing: the baseline of a sweep over the count.
	c.count(path+".count", f.Count, true)
	c.notNegative(path+".over", f.Over)
}

// Decommission retires Count machines of Group, chosen at random.
type Decommission FleetChange

func (d *Decommission) Describe() string {
	return fmt.Sprintf("retire %d of %s%s", d.Count, d.Group, over(d.Over))
}

func (d *Decommission) Marks(at Duration, in Where) []Mark {
	f := (*FleetChange)(d)
	return f.marks(at, fmt.Sprintf("−%d %s", in.total(d.Count), d.Group), fmt.Sprintf("%s of group %s%s %s retired", f.machines(), d.Group, in.Phrase, f.were()))
}

func (d *Decommission) check(c *checker, sc scope, path string) {
	(*FleetChange)(d).check(c, sc, path)
}

// Add installs Count new machines in Group: new CMIDs, fresh grace (K3).
type Add FleetChange

func (a *Add) Describe() string {
	return fmt.Sprintf("add %d to %s%s", a.Count, a.Group, over(a.Over))
}

func (a *Add) Marks(at Duration, in Where) []Mark {
	f := (*FleetChange)(a)
	return f.marks(at, fmt.Sprintf("+%d %s", in.total(a.Count), a.Group), fmt.Sprintf("%s %s added to group %s%s", f.machines(), f.were(), a.Group, in.Phrase))
}

func (a *Add) check(c *checker, sc scope, path string) { (*FleetChange)(a).check(c, sc, path) }

// Replace replaces the hardware of Count machines of Group: a new machine
// with a new CMID and a fresh grace takes each one's place, and under MAK
// uses a new activation (K25).
type Replace FleetChange

func (r *Replace) Describe() string {
	return fmt.Sprintf("replace the hardware of %d of %s%s", r.Count, r.Group, over(r.Over))
}

func (r *Replace) Marks(at Duration, in Where) []Mark {
	f := (*FleetChange)(r)
	return f.marks(at, fmt.Sprintf("%d %s replaced", in.total(r.Count), r.Group), fmt.Sprintf("%s of group %s%s %s replaced", f.machines(), r.Group, in.Phrase, f.were()))
}

func (r *Replace) check(c *checker, sc scope, path string) { (*FleetChange)(r).check(c, sc, path) }

// HostDown takes Host down, for For when it is set, else until a HostUp.
type HostDown struct {
	Host string   `yaml:"host" schema:"required"`
	For  Duration `yaml:"for" doc:"How long; 0 or omitted: until host_up."`
}

func (h *HostDown) Describe() string {
	if h.For > 0 {
		return fmt.Sprintf("%s down for %s", h.Host, h.For)
	}
	return h.Host + " down"
}

func (h *HostDown) Marks(at Duration, in Where) []Mark {
	if h.For > 0 {
		return outageMarks(h.Host, in.Phrase, at, h.For)
	}
	return outageMarks(h.Host, in.Phrase, at, 0)[:1]
}

// outageMarks marks host going down at at and coming back after span.
func outageMarks(host, where string, at, span Duration) []Mark {
	return []Mark{
		{at, host + " down", host + where + " went down"},
		{at + span, host + " up", host + where + " came back"},
	}
}

func (h *HostDown) check(c *checker, sc scope, path string) {
	c.hostRef(sc, path+".host", h.Host)
	c.notNegative(path+".for", h.For)
}

// HostRef is the shape of the events that name a host.
type HostRef struct {
	Host string `yaml:"host" schema:"required"`
}

// HostUp makes Host answer again.
type HostUp HostRef

func (h *HostUp) Describe() string { return h.Host + " up" }

func (h *HostUp) Marks(at Duration, in Where) []Mark {
	return outageMarks(h.Host, in.Phrase, at, 0)[1:]
}

func (h *HostUp) check(c *checker, sc scope, path string) { c.hostRef(sc, path+".host", h.Host) }

// HostReplace replaces Host with a new, empty host of the same name and
// keys (K15).
type HostReplace HostRef

func (h *HostReplace) Describe() string { return h.Host + " replaced by an empty host" }

func (h *HostReplace) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, h.Host + " replaced", h.Host + in.Phrase + " was replaced by an empty host"}}
}

func (h *HostReplace) check(c *checker, sc scope, path string) { c.hostRef(sc, path+".host", h.Host) }

// SRVRecord is the shape of the events that change the SRV record of Host
// in Domain (default: the site's default domain). Priority and Weight
// apply to srv_add and srv_change. Every change reaches the clients after
// the domain's propagation delay (K22).
type SRVRecord struct {
	Host     string `yaml:"host" schema:"required"`
	Domain   string `yaml:"domain" doc:"Default: the site's default domain."`
	Priority *int   `yaml:"priority"`
	Weight   *int   `yaml:"weight"`
}

// in says " in corp.example (priority 0, weight 50)".
func (r *SRVRecord) in() string {
	var parts []string
	if r.Priority != nil {
		parts = append(parts, "priority "+strconv.Itoa(*r.Priority))
	}
	if r.Weight != nil {
		parts = append(parts, "weight "+strconv.Itoa(*r.Weight))
	}
	s := " in " + r.Domain
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

func (r *SRVRecord) check(c *checker, sc scope, path string) {
	c.hostRef(sc, path+".host", r.Host)
	c.domainRef(sc, path+".domain", r.Domain)
	c.srvValues(path, deref(r.Priority), deref(r.Weight))
}

// Record returns the record change that r, an SRV event, makes.
func (r *SRVAdd) Record() *SRVRecord    { return (*SRVRecord)(r) }
func (r *SRVRemove) Record() *SRVRecord { return (*SRVRecord)(r) }
func (r *SRVChange) Record() *SRVRecord { return (*SRVRecord)(r) }

// SRVAdd publishes Host's record in Domain.
type SRVAdd SRVRecord

func (r *SRVAdd) Describe() string { return "publish " + r.Host + "'s SRV record" + r.Record().in() }

func (r *SRVAdd) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "SRV +" + r.Host, r.Host + in.Phrase + "'s SRV record was published"}}
}

func (r *SRVAdd) check(c *checker, sc scope, path string) { r.Record().check(c, sc, path) }

// SRVRemove withdraws Host's record from Domain.
type SRVRemove SRVRecord

func (r *SRVRemove) Describe() string { return "remove " + r.Host + "'s SRV record" + r.Record().in() }

func (r *SRVRemove) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "SRV −" + r.Host, r.Host + in.Phrase + "'s SRV record was removed"}}
}

func (r *SRVRemove) check(c *checker, sc scope, path string) {
	r.Record().check(c, sc, path)
	if r.Priority != nil || r.Weight != nil {
		c.errorf(path, "srv_remove takes no priority or weight")
	}
}

// SRVChange sets the priority, the weight or both of Host's record in
// Domain.
type SRVChange SRVRecord

func (r *SRVChange) Describe() string { return "change " + r.Host + "'s SRV record" + r.Record().in() }

func (r *SRVChange) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "SRV " + r.Host, r.Host + in.Phrase + "'s SRV record was changed"}}
}

func (r *SRVChange) check(c *checker, sc scope, path string) {
	r.Record().check(c, sc, path)
	if r.Priority == nil && r.Weight == nil {
		c.errorf(path, "srv_change needs a priority, a weight or both")
	}
}

// Away sends Count machines of Group away from the site for For, each
// leaving at a random time of [at, at+Over): they send nothing until they
// are back (unless the group's presence gives them VPN days).
type Away struct {
	Group string   `yaml:"group" schema:"required"`
	Count int      `yaml:"count" schema:"required"`
	For   Duration `yaml:"for" schema:"required"`
	Over  Duration `yaml:"over"`
}

func (a *Away) Describe() string {
	return fmt.Sprintf("send %d of %s away for %s%s", a.Count, a.Group, a.For, over(a.Over))
}

func (a *Away) Marks(at Duration, in Where) []Mark {
	if a.Count == 0 {
		return nil
	}
	return []Mark{{at, fmt.Sprintf("%d %s away", in.total(a.Count), a.Group),
		fmt.Sprintf("%s of group %s%s went away for %s", words.Plural(a.Count, "machine"), a.Group, in.Phrase, a.For)}}
}

func (a *Away) check(c *checker, sc scope, path string) {
	c.groupRef(sc, path+".group", a.Group)
	c.count(path+".count", a.Count, true)
	if a.For <= 0 {
		c.errorf(path+".for", "a trip needs a positive length, such as 40d")
	}
	c.notNegative(path+".over", a.Over)
}

// ReimageGroup re-images every machine of Group once, as a lifecycle's
// Reimage does.
type ReimageGroup struct {
	Group      string   `yaml:"group" schema:"required"`
	Over       Duration `yaml:"over"`
	Generalize *bool    `yaml:"generalize"`
}

// Generalizes reports whether r generalizes the images (the default).
func (r *ReimageGroup) Generalizes() bool { return generalizes(r.Generalize) }

func (r *ReimageGroup) Describe() string {
	how := "generalized: new CMIDs"
	if !r.Generalizes() {
		how = "as clones that share one CMID"
	}
	return fmt.Sprintf("re-image every machine of %s%s, %s", r.Group, over(r.Over), how)
}

func (r *ReimageGroup) Marks(at Duration, in Where) []Mark {
	return []Mark{reimageMark(r.Group, in.Phrase, at)}
}

// reimageMark marks the re-imaging of group, by an event or a lifecycle.
func reimageMark(group, where string, at Duration) Mark {
	return Mark{at, "re-image " + group, "group " + group + where + " was re-imaged"}
}

func (r *ReimageGroup) check(c *checker, sc scope, path string) {
	c.groupRef(sc, path+".group", r.Group)
	c.notNegative(path+".over", r.Over)
}

// RearmGroup rearms every machine of Group once (slmgr -rearm, K4).
type RearmGroup struct {
	Group string `yaml:"group" schema:"required"`
}

func (r *RearmGroup) Describe() string { return "rearm every machine of " + r.Group }

func (r *RearmGroup) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "rearm " + r.Group, "group " + r.Group + in.Phrase + " was rearmed"}}
}

func (r *RearmGroup) check(c *checker, sc scope, path string) { c.groupRef(sc, path+".group", r.Group) }

// Switch moves every machine of Group to another activation method at
// once, as the documents advise for a site that grows past the KMS
// threshold; machines that join later use it too. To mak uses the key MAK
// (default: the group's). A machine that switches gets the new product key
// and is not activated until the new method activates it: it starts a
// fresh 30-day grace and asks at once (K3; inferred).
type Switch struct {
	Group string `yaml:"group" schema:"required"`
	To    Method `yaml:"to" schema:"required"`
	MAK   string `yaml:"mak"`
}

func (s *Switch) Describe() string {
	if s.MAK != "" {
		return fmt.Sprintf("switch %s to %s with key %s", s.Group, s.To, s.MAK)
	}
	return fmt.Sprintf("switch %s to %s", s.Group, s.To)
}

func (s *Switch) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, s.Group + " → " + string(s.To), "group " + s.Group + in.Phrase + " switched to " + string(s.To)}}
}

func (s *Switch) check(c *checker, sc scope, path string) {
	c.groupRef(sc, path+".group", s.Group)
	g := sc.group(s.Group)
	switch {
	case s.To != MethodKMS && s.To != MethodMAK && s.To != MethodSubscription && s.To != MethodPayg:
		c.errorf(path+".to", "a group switches to kms, mak, subscription or payg, got %q", s.To)
	case s.To == MethodPayg && g != nil && paygMisfit(g.Product) != "":
		c.errorf(path+".to", "%s: group %s cannot switch to payg", paygMisfit(g.Product), s.Group)
	case s.To == MethodMAK && s.MAK == "" && (g == nil || g.MAK == ""):
		c.errorf(path+".mak", "switching to mak needs a key: name one of mak_keys here or in the group")
	case s.MAK != "" && s.To != MethodMAK:
		c.errorf(path+".mak", "a switch to %s takes no MAK key: only a switch to mak uses one", s.To)
	case s.MAK != "" && !sc.makKey(s.MAK):
		c.errorf(path+".mak", "unknown MAK key %q: declare it under mak_keys", s.MAK)
	}
}

// SRVEvent is an event that changes an SRV record: srv_add, srv_remove
// or srv_change.
type SRVEvent interface {
	Action
	Record() *SRVRecord
}

// srvRecord returns the record e changes, if it is an SRV event.
func (e *Event) srvRecord() (*SRVRecord, bool) {
	if a, ok := e.firstAction().(SRVEvent); ok {
		return a.Record(), true
	}
	return nil, false
}

func (e *Event) firstAction() Action {
	a, _ := e.Action()
	return a
}

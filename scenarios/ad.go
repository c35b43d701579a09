package scenarios

import (
	"fmt"
	"slices"
)

// Active Directory-based activation (K34, K35): a site's AD, the
// membership and act-type of its groups, and the kinds of event that
// change them.

// AD is a site's Active Directory domain as it serves activation (K34): the
// activation objects in it, each made from a host key and activating what
// that key activates (K32, K33), for the domain members that can reach a
// domain controller.
type AD struct {
	Objects []KeyGroup `yaml:"objects" doc:"K34: host keys turned into activation objects: they activate what the key activates."`
}

// ActType is the slmgr /act-type restriction of a client (K35).
type ActType string

// The activation types.
const (
	// ActAny tries AD first, then KMS (the default).
	ActAny ActType = "any"
	// ActAD tries AD-based activation only.
	ActAD ActType = "ad"
	// ActKMS tries KMS only.
	ActKMS ActType = "kms"
)

// ActTypes lists every ActType.
var ActTypes = []ActType{ActAny, ActAD, ActKMS}

// ADAdd creates the activation object of host key Object in the site's
// AD (K34): from then on it activates, for the domain members, what the
// key activates.
type ADAdd struct {
	Object KeyGroup `yaml:"object" schema:"required"`
}

func (o *ADAdd) Describe() string { return "create the AD activation object " + string(o.Object) }

func (o *ADAdd) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "AD +" + string(o.Object), "the AD activation object " + string(o.Object) + in.Phrase + " was created"}}
}

func (o *ADAdd) check(c *checker, sc scope, path string) {
	c.adObject(sc, path+".object", o.Object)
}

// ADRemove deletes the activation object of host key Object from the
// site's AD: the machines it activated fall back to KMS at their next
// attempt (K35).
type ADRemove ADAdd

func (o *ADRemove) Describe() string { return "delete the AD activation object " + string(o.Object) }

func (o *ADRemove) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "AD −" + string(o.Object), "the AD activation object " + string(o.Object) + in.Phrase + " was deleted"}}
}

func (o *ADRemove) check(c *checker, sc scope, path string) {
	c.adObject(sc, path+".object", o.Object)
	if sc.hasAD() && o.Object.Known() && !sc.adEverHas(o.Object) {
		c.errorf(path+".object", "the site's AD never has an activation object for %s: it is not among ad.objects and no ad_add creates it", o.Object)
	}
}

// adEverHas reports whether the AD the site uses (its own, or else its
// parent's) holds activation object k at some time: from the start, or
// created by an ad_add of the site or of the AD's.
func (sc scope) adEverHas(k KeyGroup) bool {
	added := func(s *Site) bool {
		return slices.ContainsFunc(s.Events, func(e Event) bool { return e.ADAdd != nil && e.ADAdd.Object == k })
	}
	for s := &sc; s != nil; s = s.parent {
		if added(s.site) {
			return true
		}
		if a := s.site.AD; a != nil {
			return slices.Contains(a.Objects, k)
		}
	}
	return false
}

// DCDown makes the site's domain controllers unreachable for For: domain
// members cannot use AD-based activation meanwhile (K35).
type DCDown struct {
	For Duration `yaml:"for" schema:"required"`
}

func (d *DCDown) Describe() string { return "no domain controller answers for " + d.For.String() }

func (d *DCDown) Marks(at Duration, in Where) []Mark {
	return []Mark{{at, "DC down", "the domain controllers" + in.Phrase + " stopped answering"}, {at + d.For, "DC up", "the domain controllers" + in.Phrase + " answered again"}}
}

func (d *DCDown) check(c *checker, sc scope, path string) {
	if !sc.hasAD() {
		c.errorf(path, "the site has no AD: declare ad with its objects")
	}
	if d.For <= 0 {
		c.errorf(path+".for", "an outage needs a positive length, such as 2d")
	}
}

// LeaveDomain takes Count machines of Group, chosen at random among its
// members, out of the AD domain: they use KMS from their next attempt
// (K35), unless act_type ad restricts them to AD, which fails out of the
// domain.
type LeaveDomain FleetChange

func (l *LeaveDomain) Describe() string {
	return fmt.Sprintf("take %d of %s out of the domain%s", l.Count, l.Group, over(l.Over))
}

func (l *LeaveDomain) Marks(at Duration, in Where) []Mark {
	f := (*FleetChange)(l)
	return f.marks(at, fmt.Sprintf("%d %s leave AD", in.total(l.Count), l.Group), fmt.Sprintf("%s of group %s%s left the domain", f.machines(), l.Group, in.Phrase))
}

func (l *LeaveDomain) check(c *checker, sc scope, path string) {
	(*FleetChange)(l).checkAD(c, sc, path)
}

// checkAD checks a change of membership of f.Count machines, which needs
// an AD.
func (f *FleetChange) checkAD(c *checker, sc scope, path string) {
	f.check(c, sc, path)
	if !sc.hasAD() {
		c.errorf(path, "the site has no AD: declare ad with its objects")
	}
}

// JoinDomain makes Count machines of Group, chosen at random among those
// that are not members, members of the AD domain (K34).
type JoinDomain FleetChange

func (j *JoinDomain) Describe() string {
	return fmt.Sprintf("join %d of %s to the domain%s", j.Count, j.Group, over(j.Over))
}

func (j *JoinDomain) Marks(at Duration, in Where) []Mark {
	f := (*FleetChange)(j)
	return f.marks(at, fmt.Sprintf("%d %s join AD", in.total(j.Count), j.Group), fmt.Sprintf("%s of group %s%s joined the domain", f.machines(), j.Group, in.Phrase))
}

func (j *JoinDomain) check(c *checker, sc scope, path string) { (*FleetChange)(j).checkAD(c, sc, path) }

// hasAD reports whether the site, or else its parent, has an AD.
func (sc scope) hasAD() bool {
	return sc.site.AD != nil || sc.parent != nil && sc.parent.hasAD()
}

// ad checks a site's AD: known host keys, each once.
func (c *checker) ad(sc scope) {
	a := sc.site.AD
	if a == nil {
		return
	}
	for i, k := range a.Objects {
		kp := fmt.Sprintf("%sad.objects[%d]", sc.path, i)
		switch {
		case !k.Known():
			c.errorf(kp, "%s", unknown("host key group", k, KeyGroups))
		case slices.Contains(a.Objects[:i], k):
			c.errorf(kp, "activation object %q is listed twice", k)
		}
	}
}

// adObject checks an event's activation object.
func (c *checker) adObject(sc scope, path string, k KeyGroup) {
	switch {
	case !sc.hasAD():
		c.errorf(path, "the site has no AD: declare ad with its objects")
	case !k.Known():
		c.errorf(path, "%s", unknown("host key group", k, KeyGroups))
	}
}

// adMember checks a group's AD membership and act-type (K35).
func (c *checker) adMember(sc scope, gp string, g *Group) {
	switch {
	case !slices.Contains(ActTypes, g.ActType):
		c.errorf(gp+".act_type", "%s", unknown("act_type", g.ActType, ActTypes))
	case g.ADMember && !sc.hasAD():
		c.errorf(gp+".ad_member", "the site has no AD: declare ad with its objects")
	case g.ActType == ActAD && !g.ADMember:
		c.errorf(gp+".act_type", "act_type ad needs ad_member: true")
	}
}

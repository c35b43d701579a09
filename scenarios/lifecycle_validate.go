package scenarios

import (
	"slices"
)

// makKey reports whether the site, or else its parent, declares key.
func (sc scope) makKey(key string) bool {
	if slices.ContainsFunc(sc.site.MAKKeys, func(k MAKKey) bool { return k.Name == key }) {
		return true
	}
	return sc.parent != nil && sc.parent.makKey(key)
}

// switchesToMAK reports whether an event of the site switches group to
// mak.
func (sc scope) switchesToMAK(group string) bool {
	return slices.ContainsFunc(sc.site.Events, func(e Event) bool {
		return e.Switch != nil && e.Switch.Group == group && e.Switch.To == MethodMAK
	})
}

// activation checks a group's activation method and its MAK key.
func (c *checker) activation(sc scope, gp string, g *Group) {
	if !slices.Contains(Methods, g.Activation) {
		c.errorf(gp+".activation", "unknown activation method %q (one of %s)", g.Activation, list(Methods))
		return
	}
	switch {
	case g.Activation == MethodPayg && paygMisfit(g.Product) != "":
		c.errorf(gp+".activation", "%s", paygMisfit(g.Product))
	case g.Activation == MethodMAK && g.MAK == "":
		c.errorf(gp+".mak", "activation: mak needs a key: name one of mak_keys")
	case g.MAK != "" && !sc.makKey(g.MAK):
		c.errorf(gp+".mak", "unknown MAK key %q: declare it under mak_keys", g.MAK)
	case g.MAK != "" && g.Activation != MethodMAK && !sc.switchesToMAK(g.Name):
		// The key of a group that later switches to mak is the switch's.
		c.errorf(gp+".mak", "activation %s takes no MAK key: only activation: mak uses one, or a switch of the group to mak", g.Activation)
	}
	if g.MAKProxy && g.MAK == "" {
		c.errorf(gp+".mak_proxy", "a MAK proxy activates with a MAK key: set mak")
	}
}

func (c *checker) presence(pp string, pr *Presence) {
	if pr == nil {
		return
	}
	if h := pr.Hours; h != nil {
		if h.From < 0 || h.Until > Day || h.From >= h.Until {
			c.errorf(pp+".hours", "want a window within a day, from before until, such as {from: 8h, until: 18h}; got %s to %s", h.From, h.Until)
		}
	}
	if t := pr.Trips; t != nil {
		if t.Every <= 0 {
			c.errorf(pp+".trips.every", "must be positive, such as 60d")
		}
		if t.Min <= 0 || t.Max < t.Min {
			c.errorf(pp+".trips", "a trip lasts from min to max, both positive and min ≤ max; got %s to %s", t.Min, t.Max)
		}
	}
	c.bounded(pp+".vpn", "Presence.vpn", pr.VPN)
	if pr.VPN > 0 && pr.Trips == nil {
		c.errorf(pp+".vpn", "applies to the days away: add trips")
	}
}

// pooled checks a pool of virtual desktops (K37), which re-images the
// group itself.
func (c *checker) pooled(gp string, g *Group) {
	p := g.Pooled
	if p == nil {
		return
	}
	if p.Refresh <= 0 {
		c.errorf(gp+".pooled.refresh", "must be positive, such as 1d")
	}
	c.notNegative(gp+".pooled.over", p.Over)
	if p.Refresh > 0 && p.Over > p.Refresh {
		c.errorf(gp+".pooled.over", "%s is longer than the refresh (%s): a refresh would start before the last one ends", p.Over, p.Refresh)
	}
	if g.Lifecycle.Reimage != nil {
		c.errorf(gp+".pooled", "a pool refreshes its desktops itself: leave out lifecycle.reimage")
	}
}

func (c *checker) lifecycle(lp string, l *Lifecycle) {
	for _, r := range []struct {
		name string
		r    *Rate
	}{{"retire", l.Retire}, {"replace", l.Replace}} {
		if r.r == nil {
			continue
		}
		if r.r.Every <= 0 {
			c.errorf(lp+"."+r.name+".every", "must be positive, such as 30d")
		}
		c.bounded(lp+"."+r.name+".count", "Rate.count", float64(r.r.Count))
	}
	if r := l.Reimage; r != nil {
		if r.Every <= 0 {
			c.errorf(lp+".reimage.every", "must be positive, such as 120d")
		}
		if r.Over < 0 {
			c.errorf(lp+".reimage.over", "must not be negative")
		}
	}
	if r := l.Rearm; r != nil && r.Every <= 0 {
		c.errorf(lp+".rearm.every", "must be positive, such as 25d")
	}
}

package scenarios

// The documented Windows defaults (KMS-FACTS). A scenario overrides them per
// scenario (model), per host or per group.
const (
	DefaultGrace               = 30 * Day    // K3
	DefaultOutOfToleranceGrace = 30 * Day    // K7, inferred
	DefaultValidity            = 180 * Day   // K7
	DefaultCountWindow         = 30 * Day    // K10
	DefaultExpiryWarning       = 30 * Day    // K38
	DefaultCacheFactor         = 2           // K13
	DefaultActivationInterval  = 2 * Hour    // K5, K27: slmgr /sai 120 minutes
	DefaultRenewalInterval     = 7 * Day     // K6, K27: slmgr /sri 10080 minutes
	DefaultSample              = Hour        // the time series interval
	DefaultDomain              = "default"   // the domain of a scenario that names none
	MinInterval                = 15 * Minute // K27: the allowed range of /sai and /sri
	MaxInterval                = 43200 * Minute
	// K4 revised: Windows 8 and later can be rearmed again and again
	// (slmgr /dlv: "Remaining Windows rearm count: 1000"); Windows Vista
	// and 7 at most 3 times. Product.MaxRearms says which.
	MaxRearms       = 1000
	MaxRearmsVista7 = 3
)

// SetDefaults fills every zero field that has a documented default. Parse
// calls it; a scenario built in Go calls it before Validate. It is
// idempotent.
func (s *Scenario) SetDefaults() {
	if s.Sample == 0 {
		s.Sample = DefaultSample
	}
	if s.Replications == 0 {
		s.Replications = 1
	}
	m := &s.Model
	setDuration(&m.Grace, DefaultGrace)
	setDuration(&m.OutOfToleranceGrace, DefaultOutOfToleranceGrace)
	setDuration(&m.Validity, DefaultValidity)
	setDuration(&m.CountWindow, DefaultCountWindow)
	// K38: 30 days before the 180 run out; a what-if with a validity of
	// 30 days or less is warned in its last sixth.
	setDuration(&m.ExpiryWarning, min(DefaultExpiryWarning, m.Validity/6))
	if m.CacheFactor == 0 {
		m.CacheFactor = DefaultCacheFactor
	}
	if len(s.DNS) == 0 {
		s.DNS = []Domain{{Name: DefaultDomain}}
	}
	top := s.DNS[0].Name
	s.Site.setDefaults(top)
	for i := range s.Sites {
		s.Sites[i].setDefaults(s.Sites[i].DefaultDomain(top))
	}
	for i := range s.Expect {
		if d, ok := s.Expect[i].firstSubject().(interface{ setDefaults() }); ok {
			d.setDefaults()
		}
	}
}

// DefaultDomain returns the domain the template's hosts publish to and its
// groups look up unless they say otherwise: its first domain, or else the
// scenario's default domain top.
func (t *SiteTemplate) DefaultDomain(top string) string {
	if len(t.DNS) > 0 {
		return t.DNS[0].Name
	}
	return top
}

func (site *Site) setDefaults(domain string) {
	for i := range site.Hosts {
		h := &site.Hosts[i]
		if h.Publish == nil {
			h.Publish = &[]string{domain}
		}
		setDuration(&h.ActivationInterval, DefaultActivationInterval)
		setDuration(&h.RenewalInterval, DefaultRenewalInterval)
	}
	for i := range site.Fleet {
		g := &site.Fleet[i]
		if g.Threshold == 0 && g.Product.Known() {
			g.Threshold = g.Product.Threshold()
		}
		if g.Activation == "" {
			g.Activation = MethodKMS
		}
		if g.ActType == "" {
			g.ActType = ActAny
		}
		if g.Selection == "" && g.Product.Known() {
			g.Selection = g.Product.Selection()
		}
		if g.Domain == "" {
			g.Domain = domain
		}
		if g.HostCaching == nil {
			on := true
			g.HostCaching = &on
		}
		setDuration(&g.ActivationInterval, DefaultActivationInterval)
		setDuration(&g.RenewalInterval, DefaultRenewalInterval)
	}
	for i := range site.Events {
		if r, ok := site.Events[i].srvRecord(); ok && r.Domain == "" {
			r.Domain = domain
		}
	}
}

func setDuration(d *Duration, def Duration) {
	if *d == 0 {
		*d = def
	}
}

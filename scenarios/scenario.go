// Package scenarios describes what kmssim simulates: the fleet of KMS
// clients, the hosts they activate against, the DNS domains that connect
// them, and the changes ahead. A Scenario is read from YAML by Load or
// Parse, which decode strictly and validate, and report every problem at
// once with its file, line and field path.
//
// The rules of the model that a scenario's defaults come from are cited by
// their ids in KMS-FACTS (K1…K41).
package scenarios

import (
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Scenario is one simulation to run, as validated by Parse: defaults are
// filled in and every reference resolves.
type Scenario struct {
	// Name identifies the scenario in outputs. Default: the file name.
	Name string `yaml:"name" doc:"Identifies the scenario in outputs. Default: the file name."`
	// Description says what planning question the scenario answers.
	Description string `yaml:"description" doc:"The planning question the scenario answers."`
	// Start is an optional calendar date for day 0, so outputs can show
	// dates. Virtual time itself is always seconds since the start.
	Start Date `yaml:"start" doc:"Calendar date of day 0 (YYYY-MM-DD), so outputs show dates."`
	// Duration is the simulated span; events at exactly Duration still run.
	Duration Duration `yaml:"duration" schema:"required" doc:"The simulated span; events at exactly the end still run."`
	// Sample is the interval of the time series. Default 1h.
	Sample Duration `yaml:"sample" schema:"positive" doc:"Interval of the time series. Default 1h."`
	// Seed seeds every random choice of the run. Default 0.
	Seed uint64 `yaml:"seed" doc:"Seeds every random choice. Default 0."`
	// Model overrides the documented Windows defaults of the model.
	Model Model `yaml:"model" doc:"Overrides of the documented Windows defaults."`

	// Site holds the scenario's own DNS domains, hosts, fleet and events.
	Site `yaml:",inline"`
	// Sites are templates instantiated many times, such as 500 branch
	// offices that each have their own hosts, domain and fleet.
	Sites []SiteTemplate `yaml:"sites" doc:"Site templates, each instantiated many times."`
	// Expect lists what must hold in a run (kmssim check).
	Expect []Expectation `yaml:"expect" doc:"What must hold in a run (kmssim check)."`

	// FleetFrom adds fleet groups built from a machine inventory (CSV) to
	// the scenario's own site.
	FleetFrom *Inventory `yaml:"fleet_from" doc:"Fleet groups built from a machine inventory (CSV: name, product, group or site, laptop, retire, activation)."`

	// Replications is how many times a batch runs the scenario, each time
	// with its own seed derived from Seed (kmssim run, check and sweep).
	// Default 1.
	Replications int `yaml:"replications" schema:"positive" doc:"Runs of the scenario with seeds derived from seed; results give medians, percentiles and probabilities. Default 1."`
	// Sweep names one or two numeric fields to vary, by path, and their
	// values (kmssim sweep). Every combination is a point of the sweep.
	Sweep []Parameter `yaml:"sweep" doc:"One or two numeric fields to vary (kmssim sweep); every combination of their values is a point."`

	// File is where the scenario was read from, for messages.
	File string `yaml:"-"`
	// Source is the text Parse read, so that a scenario can travel with
	// the partial results of a sharded sweep.
	Source []byte `yaml:"-" json:"-"`
	// Overrides are the fields a command line set after parsing (kmssim
	// run -set PATH=VALUE), in order, as PATH=VALUE: a what-if of the
	// scenario as written, which every output names (see Apply).
	Overrides []string `yaml:"-" json:"-"`

	lines *index // positions of fields in File, for messages
	// made maps the paths of the fleet groups and events built from a
	// fleet_from inventory (fleet[3], events[7]), which the scenario file
	// does not have, to the inventory rows they were made from.
	made map[string]madeFrom
}

// FolderName returns the name of the scenario's default output folder
// (out/NAME): its name, with every character that could make it a path
// (separators, a leading dot) replaced, so that a scenario named
// "../../etc" writes into out/_.._.._etc, not outside out/.
func (s *Scenario) FolderName() string {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, s.Name)
	if name == "" || strings.HasPrefix(name, ".") {
		name = "_" + name
	}
	// A what-if writes beside the scenario's own outputs, never over
	// them: out/decommissioning-trap+fleet.laptops.count=6.
	for _, o := range s.Overrides {
		name += "+" + strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>|`, r) || unicode.IsControl(r) {
				return '_'
			}
			return r
		}, o)
	}
	return name
}

// Site is a set of DNS domains, hosts, client groups and events that refer
// to each other by name.
type Site struct {
	// DNS lists the domains the site declares. The first is the site's
	// default domain: hosts publish to it and groups look it up unless they
	// say otherwise. A scenario without domains has one named "default".
	DNS    []Domain `yaml:"dns" doc:"DNS domains; the first is the default domain."`
	Hosts  []Host   `yaml:"hosts" doc:"KMS hosts."`
	Fleet  []Group  `yaml:"fleet" doc:"Groups of alike clients."`
	Events []Event  `yaml:"events" doc:"Changes at given times."`
	// MAKKeys are the Multiple Activation Keys the site's groups use (K25).
	// A group of a site template may also use one of the scenario's own.
	MAKKeys []MAKKey `yaml:"mak_keys" doc:"K25: Multiple Activation Keys with a fixed number of activations."`
	// AD is the site's Active Directory, for AD-based activation (K34).
	// A group of a site template without one may use the scenario's.
	AD *AD `yaml:"ad" doc:"K34: Active Directory-based activation: the activation objects of the site's domain."`
}

// SiteTemplate is a Site instantiated Instances times. In each instance the
// placeholder {site} in domain names becomes the instance's name (the
// template's name and a number: branch-001, branch-002, …), names of hosts,
// groups and domains resolve within the instance first, and the instance
// draws from its own random stream.
type SiteTemplate struct {
	Name      string `yaml:"name" schema:"required"`
	Instances int    `yaml:"instances" schema:"required" doc:"How many instances: NAME-001, NAME-002, ..."`
	Site      `yaml:",inline"`
}

// InstanceName returns the name of instance i (1-based) of t: the
// template's name and the number, zero-padded to at least 3 digits
// (branch-007).
func (t *SiteTemplate) InstanceName(i int) string {
	width := max(3, len(strconv.Itoa(t.Instances)))
	return fmt.Sprintf("%s-%0*d", t.Name, width, i)
}

// Model holds the timing constants of the KMS model. Each zero field takes
// the documented Windows default when the scenario is parsed.
type Model struct {
	// Grace is the initial grace of a fresh install (K3). Default 30d.
	Grace Duration `yaml:"grace" schema:"positive" doc:"K3: initial grace of a fresh install. Default 30d."`
	// OutOfToleranceGrace is the grace after an activation lapses (K7,
	// inferred). Default 30d.
	OutOfToleranceGrace Duration `yaml:"out_of_tolerance_grace" schema:"positive" doc:"K7: grace after an activation lapses. Default 30d."`
	// ExpiryWarning is how long before an activation lapses Windows warns
	// of it (K38). Default 30d (a sixth of the validity when that is
	// shorter than 180d).
	ExpiryWarning Duration `yaml:"expiry_warning" schema:"positive" doc:"K38: how long before an activation lapses Windows warns of it. Default 30d, or a sixth of a shorter validity."`
	// Validity is how long an activation lasts without renewal (K7).
	// Default 180d.
	Validity Duration `yaml:"validity" schema:"positive" doc:"K7: how long an activation lasts without renewal. Default 180d."`
	// CountWindow is how long a host remembers a client (K10). Default 30d.
	CountWindow Duration `yaml:"count_window" schema:"positive" doc:"K10: how long a host counts a client after its last request. Default 30d."`
	// CacheFactor times the highest threshold seen is a host's table size
	// (K13). Default 2.
	CacheFactor int `yaml:"cache_factor" schema:"positive" doc:"K13: a host keeps this many times the highest threshold seen CMIDs. Default 2."`
	// ESUDates are the days Windows 10 ESU years 1, 2 and 3 begin and
	// the day after year 3 ends (K42). Default: ESUYearStarts.
	ESUDates []Date `yaml:"esu_years" doc:"K42: the days ESU years 1, 2 and 3 begin and the day after year 3 ends. Default [2025-11-11, 2026-11-11, 2027-10-13, 2028-10-11]."`
}

// Domain is a DNS domain that holds _vlmcs._tcp SRV records (K19).
type Domain struct {
	// Name is the domain, such as corp.example. In a site template it may
	// contain {site}.
	Name string `yaml:"name" schema:"required" doc:"The domain; in a site template it may contain {site}."`
	// Propagation is how long a record change takes to reach the clients'
	// DNS servers (K22). Default 0.
	Propagation Duration `yaml:"propagation" doc:"K22: how long a record change takes to reach the clients. Default 0s."`
}

// Host is a KMS host.
type Host struct {
	Name string `yaml:"name" schema:"required"`
	// Keys are the host key groups installed (K16), such as
	// [windows-server-2008r2, office-2010].
	Keys []KeyGroup `yaml:"keys" schema:"required" doc:"K16, K32, K33: host keys installed on the host: one Windows key, Office keys beside it."`
	// OS is the host's operating system, which decides the host keys it
	// can hold (K32, K33). Optional: without it, keys are not checked
	// against it.
	OS HostOS `yaml:"os" doc:"K32, K33: the host's OS, such as windows-server-2022; a key it cannot hold is an error."`
	// KeyID names the host's Windows host key (Key), the product key it
	// holds, such as corp-2025: hosts that name the same key share its
	// activations, at most 6 hosts (K41). In a site template a key id
	// without {site} is one key for every instance. Optional.
	KeyID string `yaml:"key_id" doc:"K41: a name for the host's Windows host key; hosts that give the same name hold one key, which activates at most 6 hosts. In a site template {site} makes it a key per instance."`
	// SRV is the host's SRV record (K20).
	SRV SRV `yaml:"srv" doc:"The host's SRV record (RFC 2782). Default priority 0, weight 0."`
	// Publish lists the domains the host registers its SRV record in, as
	// DnsDomainPublishList does (K19). Omitted: the site's default domain.
	// An empty list means the host is not in DNS: only pinned clients
	// reach it.
	Publish *[]string `yaml:"publish" doc:"K19: domains the record is published in. Default: the site's default domain; [] = not in DNS."`
	// ActivationInterval is the retry interval the host tells clients to
	// use while not activated (K27, slmgr /sai). Default 2h.
	ActivationInterval Duration `yaml:"activation_interval" schema:"positive" doc:"K27: retry interval the host hands to clients (slmgr /sai). Default 2h."`
	// RenewalInterval is the renewal interval the host tells activated
	// clients (K27, slmgr /sri). Default 7d.
	RenewalInterval Duration `yaml:"renewal_interval" schema:"positive" doc:"K27: renewal interval the host hands to clients (slmgr /sri). Default 7d."`
	// Outages are spans during which the host does not answer.
	Outages []Outage `yaml:"outages" doc:"Spans during which the host does not answer."`
	// Tables are the host's counts as they stand at the start (K10–K13),
	// as kmssim import reconstructs them. Default: empty, count −1 (K14).
	Tables []Table `yaml:"tables" doc:"K10-K13: the host's counts at the start: per pool, the CMIDs heard in the last count window, oldest first (kmssim import writes them). Default: none heard (K14)."`
}

// SRV is the priority and weight of an SRV record (RFC 2782, K20). The
// zero value, priority 0 and weight 0, is what a KMS host publishes by
// default; records of weight 0 share their priority's traffic equally when
// all of them have weight 0.
type SRV struct {
	// Priority: lower is tried first.
	Priority int `yaml:"priority"`
	// Weight is the share of traffic within a priority.
	Weight int `yaml:"weight"`
}

// Outage is a span of time during which a host does not answer.
type Outage struct {
	At  Duration `yaml:"at" schema:"required"`
	For Duration `yaml:"for" schema:"required" doc:"How long the host is down."`
}

// Group is a set of alike clients.
type Group struct {
	// Name names the group, unique within its site.
	Name string `yaml:"group" schema:"required" doc:"The group's name, unique in its site."`
	// Count is the number of machines that join at Join.
	Count int `yaml:"count" doc:"Machines that join."`
	// Product is what the clients activate (K1).
	Product Product `yaml:"product" schema:"required" doc:"K1: the product the clients activate."`
	// Threshold overrides the product's activation threshold (K1, K28).
	Threshold int `yaml:"threshold" schema:"positive" doc:"K28: the count the clients need. Default: by product (25 or 5)."`
	// Selection is how the clients choose among SRV records (K20).
	// Default: by product.
	Selection Selection `yaml:"srv_selection" doc:"K20: weighted (RFC 2782) or random. Default: by product."`
	// Domain is the DNS domain the clients query (K19). Default: the
	// site's default domain.
	Domain string `yaml:"domain" doc:"K19: the domain the clients query. Default: the site's default domain."`
	// KMS pins the clients to one host by name (slmgr -skms, K19); they do
	// not use DNS.
	KMS string `yaml:"kms" doc:"K19: pins the clients to this host (slmgr -skms); DNS is not used."`
	// HostCaching keeps the host that answered for later attempts (K21,
	// K29). Default true.
	HostCaching *bool `yaml:"host_caching" doc:"K21, K29: stick to the host that answered. Default true."`
	// SharedCMID makes every machine of the group a clone with one CMID,
	// as images deployed without sysprep /generalize are (K9).
	SharedCMID bool `yaml:"shared_cmid" doc:"K9: all machines share one CMID (cloned without sysprep /generalize)."`
	// Rearms is how many times each client's grace is rearmed when it runs
	// out (K4): at most 3 for Windows Vista and 7 and their servers (and
	// Office), at most 1000 for Windows 8 and later (Product.MaxRearms).
	// Each rearm gives the machine a new CMID (K37).
	Rearms int `yaml:"rearms" doc:"K4: times each machine's grace is rearmed when it runs out, each time with a new CMID (K37): 0 to 3 for Windows Vista, 7, Server 2008 and 2008 R2 and Office, 0 to 1000 for Windows 8 and later."`
	// ActivationInterval and RenewalInterval are the client's own
	// intervals, used until a host tells it its own (K27). Defaults 2h, 7d.
	ActivationInterval Duration `yaml:"activation_interval" schema:"positive" doc:"K27: the client's own retry interval until a host answers. Default 2h."`
	RenewalInterval    Duration `yaml:"renewal_interval" schema:"positive" doc:"K27: the client's own renewal interval until a host answers. Default 7d."`
	// Join is when the machines are installed.
	Join Ramp `yaml:"join" doc:"Machines are installed at random times in [at, at+over)."`

	// Activation is how the machines activate (K25): kms (the default),
	// mak, oem, token, subscription (K36) or payg (K43, Windows Server
	// 2025 only). Only kms machines ask a KMS host.
	Activation Method `yaml:"activation" doc:"K25, K36, K43: kms (default), mak (once, against Microsoft), oem, token, subscription (Windows subscription, Microsoft 365 Apps, Azure) or payg (Windows Server 2025 pay-as-you-go through Azure Arc). Only kms machines count toward a host."`
	// MAK names the key (mak_keys) of activation: mak.
	MAK string `yaml:"mak" doc:"The key (mak_keys) the machines activate with."`
	// MAKProxy activates through a VAMT proxy with a store of the
	// confirmation ids it obtained (K26): a re-imaged machine re-activates
	// from the store without using another activation; a new machine
	// still uses one.
	MAKProxy bool `yaml:"mak_proxy" doc:"K26: a VAMT proxy re-activates re-imaged machines from its CID store, using no new activation."`
	// ADMember makes the machines members of the site's AD domain: those
	// of a product that AD can activate try AD-based activation first
	// (K34, K35).
	ADMember bool `yaml:"ad_member" doc:"K34, K35: the machines are domain members and try AD-based activation first (Windows 8.1+, Server 2012+, Office 2013+)."`
	// ActType restricts the activation types the machines try, as slmgr
	// /act-type does (K35). Default any.
	ActType ActType `yaml:"act_type" doc:"K35: slmgr /act-type: any (default: AD first, then KMS), ad (AD only) or kms (KMS only)."`
	// Presence says when the machines are on and can reach a host.
	// Default: always.
	Presence *Presence `yaml:"presence" doc:"When the machines are on and can reach a host. Default: always."`
	// Lifecycle retires, replaces, re-images and rearms the machines on a
	// schedule.
	Lifecycle Lifecycle `yaml:"lifecycle" doc:"Retire, replace, re-image and rearm the machines on a schedule."`
	// Pooled makes the machines non-persistent virtual desktops refreshed
	// from their image every Refresh (K37).
	Pooled *Pooled `yaml:"pooled" doc:"K37: non-persistent (pooled) virtual desktops, refreshed from their image every refresh, generalized (new CMIDs, the default) or not (clones)."`
	// ESU gives Windows 10 machines Extended Security Updates for given
	// years, with one MAK add-on key per year (K42).
	ESU *ESU `yaml:"esu" doc:"K42: Windows 10 Extended Security Updates: the years taken (1-3) and one MAK add-on key (mak_keys) per year, or azure: true (no key)."`

	// Machines are the group's machines that are installed when the run
	// starts, each in its own state, from an inventory with a state
	// column. They are part of Count; the rest join at Join.
	Machines []Machine `yaml:"-"`
}

// Ramp spreads occurrences over [At, At+Over), each at a time drawn
// uniformly from the window. With Over 0 they all happen at At.
type Ramp struct {
	At   Duration `yaml:"at"`
	Over Duration `yaml:"over" doc:"Spread over [at, at+over). Default 0s: all at once."`
}

// Date is a calendar day, written YYYY-MM-DD, or a moment of one, written
// as RFC 3339 and kept in UTC. The zero Date means no calendar: outputs
// show days since the start.
type Date struct{ time.Time }

// ParseDate reads a Date: 2027-01-04, or 2026-11-30T14:03:22Z (any
// offset; the moment is kept in UTC).
func ParseDate(s string) (Date, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Date{t}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil && t.Year() >= 1 && t.Year() <= 9999 {
		return Date{t.UTC()}, nil
	}
	return Date{}, fmt.Errorf("invalid date %q: write YYYY-MM-DD, such as 2027-01-04, or a moment such as 2026-11-30T14:03:22Z", words.Clip(s))
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats d as YYYY-MM-DD, or as RFC 3339 when it is not midnight
// UTC, or "" for the zero Date.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Time.Equal(d.Time.Truncate(24 * time.Hour)):
		return d.Format(time.DateOnly)
	}
	return d.Format(time.RFC3339)
}

// Parameter is a numeric field of the scenario that a sweep varies: its
// path (see Scenario.Paths) and the values it takes, written as in the
// YAML (20, 0.5, 14d).
type Parameter struct {
	Path   string  `yaml:"path" schema:"required" doc:"The field: fleet.laptops.count, hosts.kms2.srv.weight, events[0].decommission.count (kmssim paths lists them)."`
	Values []Value `yaml:"values" schema:"required" doc:"The values the field takes, in order."`
	// Label names the parameter for people, in charts and sentences
	// ("laptops retired"), instead of its path. Optional.
	Label string `yaml:"label" doc:"Names the parameter in charts and sentences, such as: laptops retired. Default: its path."`
}

// Name returns how charts and sentences name p: its label, or its path.
func (p Parameter) Name() string {
	if p.Label != "" {
		return p.Label
	}
	return p.Path
}

// Value is a number or a duration as written in a scenario: 20, 0.5, 14d.
type Value string

// Number returns v as a number: the number it is, or a duration in days;
// ok is false for a value that is neither (Validate accepts none).
func (v Value) Number() (f float64, ok bool) {
	if f, err := strconv.ParseFloat(string(v), 64); err == nil {
		return f, true
	}
	if d, err := ParseDuration(string(v)); err == nil {
		return d.Days(), true
	}
	return 0, false
}

// madeFrom is the inventory row a fleet group or an event was made from,
// for messages: the file, the line and what the row made.
type madeFrom struct {
	file string
	line int
	what string // "group lab-mak", "pc-07: retire"
	note string // said at the row, such as " (made from this row and those like it)"
}

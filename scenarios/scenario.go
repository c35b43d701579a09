// Package scenarios describes what kmssim simulates: the fleet of KMS
// clients, the hosts they activate against, the DNS domains that connect
// them, and the changes ahead. A Scenario is read from YAML by Load or
// Parse, which decode strictly and validate, and report every problem at
// once with its file, line and field path.
//
// The rules of the model that a scenario's defaults come from are cited by
// their ids in KMS-FACTS (K1…K30).
package scenarios

import (
	"fmt"
	"strconv"
	"time"
)

// Scenario is one simulation to run, as validated by Parse: defaults are
// filled in and every reference resolves.
type Scenario struct {
	// Name identifies the scenario in outputs. Default: the file name.
	Name string `yaml:"name"`
	// Description says what planning question the scenario answers.
	Description string `yaml:"description"`
	// Start is an optional calendar date for day 0, so outputs can show
	// dates. Virtual time itself is always seconds since the start.
	Start Date `yaml:"start"`
	// Duration is the simulated span; events at exactly Duration still run.
	Duration Duration `yaml:"duration"`
	// Sample is the interval of the time series. Default 1h.
	Sample Duration `yaml:"sample"`
	// Seed seeds every random choice of the run. Default 0.
	Seed uint64 `yaml:"seed"`
	// Model overrides the documented Windows defaults of the model.
	Model Model `yaml:"model"`

	// Site holds the scenario's own DNS domains, hosts, fleet and events.
	Site `yaml:",inline"`
	// Sites are templates instantiated many times, such as 500 branch
	// offices that each have their own hosts, domain and fleet.
	Sites []SiteTemplate `yaml:"sites"`
	// Expect lists what must hold in a run (kmssim check).
	Expect []Expectation `yaml:"expect"`

	// FleetFrom adds fleet groups built from a machine inventory (CSV) to
	// the scenario's own site.
	FleetFrom *Inventory `yaml:"fleet_from"`

	// Replications is how many times a batch runs the scenario, each time
	// with its own seed derived from Seed (kmssim run, check and sweep).
	// Default 1.
	Replications int `yaml:"replications"`
	// Sweep names one or two numeric fields to vary, by path, and their
	// values (kmssim sweep). Every combination is a point of the sweep.
	Sweep []Parameter `yaml:"sweep"`

	// File is where the scenario was read from, for messages.
	File string `yaml:"-"`
	// Source is the text Parse read, so that a scenario can travel with
	// the partial results of a sharded sweep.
	Source []byte `yaml:"-" json:"-"`

	lines *index // positions of fields in File, for messages
}

// Site is a set of DNS domains, hosts, client groups and events that refer
// to each other by name.
type Site struct {
	// DNS lists the domains the site declares. The first is the site's
	// default domain: hosts publish to it and groups look it up unless they
	// say otherwise. A scenario without domains has one named "default".
	DNS    []Domain `yaml:"dns"`
	Hosts  []Host   `yaml:"hosts"`
	Fleet  []Group  `yaml:"fleet"`
	Events []Event  `yaml:"events"`
	// MAKKeys are the Multiple Activation Keys the site's groups use (K25).
	// A group of a site template may also use one of the scenario's own.
	MAKKeys []MAKKey `yaml:"mak_keys"`
}

// SiteTemplate is a Site instantiated Instances times. In each instance the
// placeholder {site} in domain names becomes the instance's name (the
// template's name and a number: branch-001, branch-002, …), names of hosts,
// groups and domains resolve within the instance first, and the instance
// draws from its own random stream.
type SiteTemplate struct {
	Name      string `yaml:"name"`
	Instances int    `yaml:"instances"`
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
	Grace Duration `yaml:"grace"`
	// OutOfToleranceGrace is the grace after an activation lapses (K7,
	// inferred). Default 30d.
	OutOfToleranceGrace Duration `yaml:"out_of_tolerance_grace"`
	// Validity is how long an activation lasts without renewal (K7).
	// Default 180d.
	Validity Duration `yaml:"validity"`
	// CountWindow is how long a host remembers a client (K10). Default 30d.
	CountWindow Duration `yaml:"count_window"`
	// CacheFactor times the highest threshold seen is a host's table size
	// (K13). Default 2.
	CacheFactor int `yaml:"cache_factor"`
}

// Domain is a DNS domain that holds _vlmcs._tcp SRV records (K19).
type Domain struct {
	// Name is the domain, such as corp.example. In a site template it may
	// contain {site}.
	Name string `yaml:"name"`
	// Propagation is how long a record change takes to reach the clients'
	// DNS servers (K22). Default 0.
	Propagation Duration `yaml:"propagation"`
}

// Host is a KMS host.
type Host struct {
	Name string `yaml:"name"`
	// Keys are the host key groups installed (K16), such as
	// [windows-server-2008r2, office-2010].
	Keys []KeyGroup `yaml:"keys"`
	// SRV is the host's SRV record (K20).
	SRV SRV `yaml:"srv"`
	// Publish lists the domains the host registers its SRV record in, as
	// DnsDomainPublishList does (K19). Omitted: the site's default domain.
	// An empty list means the host is not in DNS: only pinned clients
	// reach it.
	Publish *[]string `yaml:"publish"`
	// ActivationInterval is the retry interval the host tells clients to
	// use while not activated (K27, slmgr /sai). Default 2h.
	ActivationInterval Duration `yaml:"activation_interval"`
	// RenewalInterval is the renewal interval the host tells activated
	// clients (K27, slmgr /sri). Default 7d.
	RenewalInterval Duration `yaml:"renewal_interval"`
	// Outages are spans during which the host does not answer.
	Outages []Outage `yaml:"outages"`
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
	At  Duration `yaml:"at"`
	For Duration `yaml:"for"`
}

// Group is a set of alike clients.
type Group struct {
	// Name names the group, unique within its site.
	Name string `yaml:"group"`
	// Count is the number of machines that join at Join.
	Count int `yaml:"count"`
	// Product is what the clients activate (K1).
	Product Product `yaml:"product"`
	// Threshold overrides the product's activation threshold (K1, K28).
	Threshold int `yaml:"threshold"`
	// Selection is how the clients choose among SRV records (K20).
	// Default: by product.
	Selection Selection `yaml:"srv_selection"`
	// Domain is the DNS domain the clients query (K19). Default: the
	// site's default domain.
	Domain string `yaml:"domain"`
	// KMS pins the clients to one host by name (slmgr -skms, K19); they do
	// not use DNS.
	KMS string `yaml:"kms"`
	// HostCaching keeps the host that answered for later attempts (K21,
	// K29). Default true.
	HostCaching *bool `yaml:"host_caching"`
	// SharedCMID makes every machine of the group a clone with one CMID,
	// as images deployed without sysprep /generalize are (K9).
	SharedCMID bool `yaml:"shared_cmid"`
	// Rearms is how many times each client's grace is rearmed when it runs
	// out (K4), at most 3.
	Rearms int `yaml:"rearms"`
	// ActivationInterval and RenewalInterval are the client's own
	// intervals, used until a host tells it its own (K27). Defaults 2h, 7d.
	ActivationInterval Duration `yaml:"activation_interval"`
	RenewalInterval    Duration `yaml:"renewal_interval"`
	// Join is when the machines are installed.
	Join Ramp `yaml:"join"`

	// Activation is how the machines activate (K25): kms (the default),
	// mak, oem or token. Only kms machines ask a KMS host.
	Activation Method `yaml:"activation"`
	// MAK names the key (mak_keys) of activation: mak.
	MAK string `yaml:"mak"`
	// MAKProxy activates through a VAMT proxy with a store of the
	// confirmation ids it obtained (K26): a re-imaged machine re-activates
	// from the store without using another activation; a new machine
	// still uses one.
	MAKProxy bool `yaml:"mak_proxy"`
	// Presence says when the machines are on and can reach a host.
	// Default: always.
	Presence *Presence `yaml:"presence"`
	// Lifecycle retires, replaces, re-images and rearms the machines on a
	// schedule.
	Lifecycle Lifecycle `yaml:"lifecycle"`
}

// Ramp spreads occurrences over [At, At+Over), each at a time drawn
// uniformly from the window. With Over 0 they all happen at At.
type Ramp struct {
	At   Duration `yaml:"at"`
	Over Duration `yaml:"over"`
}

// Event is a change at a given time. Exactly one of its actions is set.
type Event struct {
	At Duration `yaml:"at"`

	// Decommission removes machines from a group, chosen at random.
	Decommission *FleetChange `yaml:"decommission"`
	// Add installs new machines in a group: new CMIDs, fresh grace.
	Add *FleetChange `yaml:"add"`
	// HostDown stops a host answering, for a span or until HostUp.
	HostDown *HostDown `yaml:"host_down"`
	// HostUp makes a host answer again.
	HostUp *HostRef `yaml:"host_up"`
	// HostReplace replaces a host with a new, empty one of the same name
	// and keys (K15): its count starts again from −1.
	HostReplace *HostRef `yaml:"host_replace"`
	// SRVAdd publishes a host's record in a domain.
	SRVAdd *SRVChange `yaml:"srv_add"`
	// SRVRemove withdraws a host's record from a domain.
	SRVRemove *SRVChange `yaml:"srv_remove"`
	// SRVChange sets the priority and weight of a host's record.
	SRVChange *SRVChange `yaml:"srv_change"`
	// Away sends machines of a group away for a while.
	Away *Away `yaml:"away"`
	// Replace replaces the hardware of machines of a group: new CMIDs,
	// fresh grace, and under MAK a new activation.
	Replace *FleetChange `yaml:"replace"`
	// Reimage re-images every machine of a group.
	Reimage *ReimageGroup `yaml:"reimage"`
	// Rearm rearms every machine of a group (K4).
	Rearm *GroupRef `yaml:"rearm"`
	// Switch moves a group to another activation method.
	Switch *Switch `yaml:"switch"`
}

// FleetChange adds or removes Count machines of Group, each at a random
// time of [At, At+Over) (all at At when Over is 0).
type FleetChange struct {
	Group string   `yaml:"group"`
	Count int      `yaml:"count"`
	Over  Duration `yaml:"over"`
}

// HostDown takes Host down, for For when it is set, else until a HostUp.
type HostDown struct {
	Host string   `yaml:"host"`
	For  Duration `yaml:"for"`
}

// HostRef names a host.
type HostRef struct {
	Host string `yaml:"host"`
}

// SRVChange changes the SRV record of Host in Domain (default: the site's
// default domain). Priority and Weight apply to srv_add and srv_change.
type SRVChange struct {
	Host     string `yaml:"host"`
	Domain   string `yaml:"domain"`
	Priority *int   `yaml:"priority"`
	Weight   *int   `yaml:"weight"`
}

// Date is a calendar day, written YYYY-MM-DD. The zero Date means no
// calendar: outputs show days since the start.
type Date struct{ time.Time }

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// At returns the calendar time of virtual time t (seconds since the start).
func (d Date) At(t Duration) time.Time { return d.Add(time.Duration(t) * time.Second) }

// Parameter is a numeric field of the scenario that a sweep varies: its
// path (see Scenario.Paths) and the values it takes, written as in the
// YAML (20, 0.5, 14d).
type Parameter struct {
	Path   string  `yaml:"path"`
	Values []Value `yaml:"values"`
}

// Value is a number or a duration as written in a scenario: 20, 0.5, 14d.
type Value string

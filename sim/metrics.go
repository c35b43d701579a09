package sim

import (
	"slices"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/engine"
)

// Counters are totals of what happened over a span of time.
type Counters struct {
	// Requests sent to hosts, answered or not; one attempt that fails over
	// sends several.
	Requests int64 `json:"requests"`
	// Answered requests: a host that was up replied.
	Answered int64 `json:"answered"`
	// Activations: attempts that made an unlicensed client Licensed.
	Activations int64 `json:"activations"`
	// Renewals: attempts that renewed a Licensed client (K6).
	Renewals int64 `json:"renewals"`
	// Failed attempts, by cause.
	FailNoHost      int64 `json:"fail_no_host"`     // K30: no host could be contacted
	FailCountLow    int64 `json:"fail_count_low"`   // K28: count below threshold
	FailUnsupported int64 `json:"fail_unsupported"` // K16, K40 0xC004F042: no host activates the product
	BytesOut        int64 `json:"bytes_out"`        // K17: client to host
	BytesIn         int64 `json:"bytes_in"`         // K17: host to client
	Expiries        int64 `json:"expiries"`         // K7: activations that lapsed
	Rearms          int64 `json:"rearms"`           // K4
	// MAKActivations used one of a MAK key's activations (K25);
	// MAKFromStore re-activated a machine from a proxy's CID store without
	// using one (K26); FailMAK were refused: the key had none left.
	MAKActivations int64 `json:"mak_activations"`
	MAKFromStore   int64 `json:"mak_from_store"`
	FailMAK        int64 `json:"fail_mak"`
	// ADActivations and ADRenewals succeeded by AD-based activation
	// (K34); ADFallbacks are the attempts of domain members that found
	// no object or no domain controller and went on to KMS (K35); FailAD
	// those of clients restricted to AD, which could not, in the domain or
	// out of it.
	ADActivations int64 `json:"ad_activations"`
	ADRenewals    int64 `json:"ad_renewals"`
	ADFallbacks   int64 `json:"ad_fallbacks"`
	FailAD        int64 `json:"fail_ad"`
}

// CounterNames name the fields of Counters as every output writes them
// (CSV columns, JSON keys, expectation metrics), in the order of Values.
var CounterNames = []string{
	"requests", "answered", "activations", "renewals",
	"fail_no_host", "fail_count_low", "fail_unsupported",
	"bytes_out", "bytes_in", "expiries", "rearms",
	"mak_activations", "mak_from_store", "fail_mak",
	"ad_activations", "ad_renewals", "ad_fallbacks", "fail_ad",
}

// Values returns the fields of c in the order of CounterNames.
func (c Counters) Values() []int64 {
	return []int64{
		c.Requests, c.Answered, c.Activations, c.Renewals,
		c.FailNoHost, c.FailCountLow, c.FailUnsupported,
		c.BytesOut, c.BytesIn, c.Expiries, c.Rearms,
		c.MAKActivations, c.MAKFromStore, c.FailMAK,
		c.ADActivations, c.ADRenewals, c.ADFallbacks, c.FailAD,
	}
}

// Metric returns the counter called name: one of CounterNames, or
// "failures", the failed attempts of every cause.
func (c Counters) Metric(name string) (int64, bool) {
	if name == "failures" {
		return c.FailNoHost + c.FailCountLow + c.FailUnsupported + c.FailMAK + c.FailAD, true
	}
	if i := slices.Index(CounterNames, name); i >= 0 {
		return c.Values()[i], true
	}
	return 0, false
}

func (c *Counters) add(o Counters) {
	c.Requests += o.Requests
	c.Answered += o.Answered
	c.Activations += o.Activations
	c.Renewals += o.Renewals
	c.FailNoHost += o.FailNoHost
	c.FailCountLow += o.FailCountLow
	c.FailUnsupported += o.FailUnsupported
	c.BytesOut += o.BytesOut
	c.BytesIn += o.BytesIn
	c.Expiries += o.Expiries
	c.Rearms += o.Rearms
	c.MAKActivations += o.MAKActivations
	c.MAKFromStore += o.MAKFromStore
	c.FailMAK += o.FailMAK
	c.ADActivations += o.ADActivations
	c.ADRenewals += o.ADRenewals
	c.ADFallbacks += o.ADFallbacks
	c.FailAD += o.FailAD
}

// hostTraffic counts one host's requests since the last sample.
type hostTraffic struct {
	requests, answered int32
}

// MilestoneKind says what a Milestone marks.
type MilestoneKind string

// The milestones a run records, each at the exact time of the event that
// caused it.
const (
	// MilestoneCountReached: a host's count rose to a threshold.
	MilestoneCountReached MilestoneKind = "count_reached"
	// MilestoneCountBelow: a host's count fell below a threshold.
	MilestoneCountBelow MilestoneKind = "count_below"
	// MilestoneFirstActivation: the first client of a product activated.
	MilestoneFirstActivation MilestoneKind = "first_activation"
	// MilestoneFirstFailedRenewal: a host first answered a licensed
	// client of a product with a count below its threshold (K8, K23,
	// K28: 0xC004F038 in the host's log): the earliest moment the
	// decommissioning trap can be seen, months before an activation
	// lapses.
	MilestoneFirstFailedRenewal MilestoneKind = "first_failed_renewal"
	// MilestoneFirstExpiryWarning: the first client of a product was
	// warned that its activation lapses within 30 days (K38).
	MilestoneFirstExpiryWarning MilestoneKind = "first_expiry_warning"
	// MilestoneFirstExpiry: the first activation of a product lapsed (K7).
	MilestoneFirstExpiry MilestoneKind = "first_expiry"
	// MilestoneLastExpiry: the last activation of a product to lapse in
	// the run.
	MilestoneLastExpiry MilestoneKind = "last_expiry"
	// MilestoneFirstNotification: the first client of a product entered
	// notification mode.
	//
	// The warning, expiry and notification milestones are of the
	// machines in use: a machine placed silent (MachineFate.Silent,
	// retired or away) that lapses has no milestone; its fate has the
	// times.
	MilestoneFirstNotification MilestoneKind = "first_notification"
	// MilestoneFirstADFallback: the first domain member of a product found
	// no AD activation object or no domain controller and went on to KMS
	// (K35).
	MilestoneFirstADFallback MilestoneKind = "first_ad_fallback"
	// MilestoneMAKExhausted: a MAK key's last activation was used (K25).
	MilestoneMAKExhausted MilestoneKind = "mak_exhausted"
)

// MilestoneKinds lists every kind of milestone a run records.
var MilestoneKinds = []MilestoneKind{
	MilestoneCountReached, MilestoneCountBelow,
	MilestoneFirstActivation, MilestoneFirstFailedRenewal,
	MilestoneFirstExpiryWarning, MilestoneFirstExpiry, MilestoneLastExpiry,
	MilestoneFirstNotification, MilestoneFirstADFallback, MilestoneMAKExhausted,
	MilestoneESUShort,
}

// Milestone is a moment worth naming: a threshold crossing or a first or
// last transition of a product's clients.
type Milestone struct {
	At   engine.Time   `json:"at_s"`
	Kind MilestoneKind `json:"kind"`
	// Host and Pool are set for count milestones, with the Threshold
	// crossed and the Count after the crossing.
	Host      string         `json:"host,omitempty"`
	Pool      scenarios.Pool `json:"pool,omitempty"`
	Threshold int            `json:"threshold,omitempty"`
	Count     int            `json:"count,omitempty"`
	// Product is set for the first and last transitions of clients.
	Product scenarios.Product `json:"product,omitempty"`
	// Key is set for MAK milestones: the site-qualified name of the key.
	Key string `json:"key,omitempty"`
	// ESUYear is set for the milestones of ESU add-on keys (K42).
	ESUYear int `json:"esu_year,omitempty"`
}

// metrics collects what the run reports: counters since the last sample,
// count crossings as they happen, and the first and last of each product
// milestone.
type metrics struct {
	w          *world
	interval   Counters
	milestones []Milestone // count crossings
	products   productMarks
}

// productMarks keeps, per product, the first time of each of its "first"
// milestones and the last time of its last expiry. A world notes every
// occurrence; merge notes the marks of every world. It is a short list,
// searched in order: a world notes a mark at nearly every change of state,
// and hashing its key cost a sixth of a batch of small runs.
type productMarks []Milestone

// note records m if it is the first of its kind and product (the last, for
// MilestoneLastExpiry).
func (pm *productMarks) note(m Milestone) {
	for i := range *pm {
		old := &(*pm)[i]
		if old.Kind != m.Kind || old.Product != m.Product {
			continue
		}
		if later := m.Kind == MilestoneLastExpiry; (later && m.At > old.At) || (!later && m.At < old.At) {
			*old = m
		}
		return
	}
	*pm = append(*pm, m)
}

// appendTo appends the marks to ms, by product and kind.
func (pm productMarks) appendTo(ms []Milestone) []Milestone {
	for _, p := range scenarios.Products {
		for _, kind := range productMilestones {
			for _, m := range pm {
				if m.Kind == kind && m.Product == p {
					ms = append(ms, m)
				}
			}
		}
	}
	return ms
}

func (m *metrics) fail(c cause) {
	switch c {
	case causeCountLow:
		m.interval.FailCountLow++
	case causeUnsupported:
		m.interval.FailUnsupported++
	default:
		m.interval.FailNoHost++
	}
}

func (m *metrics) crossing(at engine.Time, pi int32, kind MilestoneKind, threshold, count int) {
	p := &m.w.pools[pi]
	m.milestones = append(m.milestones, Milestone{
		At: at, Kind: kind, Host: m.w.hosts[p.host].name, Pool: p.kind, Threshold: threshold, Count: count,
	})
}

// product notes that a product milestone happened at at.
func (m *metrics) product(at engine.Time, kind MilestoneKind, product scenarios.Product) {
	m.products.note(Milestone{At: at, Kind: kind, Product: product})
}

package scenarios

// Expectation is something that must hold in a run, checked by kmssim
// check and by the tests. It names exactly one subject (Count, FirstBelow,
// FirstReached, Clients, LicensedFraction, Total or PeakRequests) and the
// bounds that apply to it.
//
// Each subject field's type is that subject's one definition: its fields,
// its validation and its words (see Subject). Package sim evaluates each
// in one place; a test derived from this type fails when a subject lacks
// any of these.
//
// Windows: From and Until bound a closed window [From, Until]; Until
// defaults to the end of the scenario. At, when set, checks the single
// moment At instead (after every event at that second).
type Expectation struct {
	// Name labels the expectation in reports. Default: generated from
	// the subject and bounds.
	Name string `yaml:"name" doc:"A label for reports. Default: generated."`

	// Count: a host's count (K10) over the window.
	Count *CountSubject `yaml:"count" doc:"A host's count over the window."`
	// FirstBelow: the first time a host's count falls from at or above a
	// threshold to below it; with Never, that it never does in the window.
	FirstBelow *FirstBelow `yaml:"first_below" doc:"When a host's count first falls below a threshold."`
	// FirstReached: the first time a host's count rises to a threshold;
	// with Never, that it never does in the window.
	FirstReached *FirstReached `yaml:"first_reached" doc:"When a host's count first reaches a threshold."`
	// Clients: the number of clients of a product or group in a state.
	Clients *ClientsSubject `yaml:"clients" doc:"The number of clients of a product or group in a state."`
	// LicensedFraction: the fraction of the present clients of a product
	// or group that are Licensed, from 0 to 1.
	LicensedFraction *LicensedFraction `yaml:"licensed_fraction" doc:"The fraction of present clients that are licensed, 0 to 1."`
	// Total: a counter summed over the window, at the sample grid.
	Total *TotalSubject `yaml:"total" doc:"A counter summed over the window (at the sample grid)."`
	// PeakRequests: the highest request rate, in requests per hour, of
	// any sample interval in the window, for one host or all.
	PeakRequests *PeakSubject `yaml:"peak_requests" doc:"The highest request rate per hour of any sample interval in the window."`
	// ESU: a figure of a Windows 10 ESU year (K42).
	ESU *ESUSubject `yaml:"esu" doc:"K42: a figure of an ESU year: MAK add-on activations needed or used, machines without ESU, Azure machines."`

	// AtLeast and AtMost bound the value, inclusive.
	AtLeast *float64 `yaml:"at_least" doc:"Lower bound, inclusive."`
	AtMost  *float64 `yaml:"at_most" doc:"Upper bound, inclusive."`
	// At checks one moment instead of a window.
	At *Duration `yaml:"at" doc:"Check one moment instead of a window."`
	// From and Until bound the window, inclusive.
	From  Duration  `yaml:"from" doc:"Start of the window, inclusive. Default 0s."`
	Until *Duration `yaml:"until" doc:"End of the window, inclusive. Default: the end of the scenario."`
	// Never: for FirstBelow and FirstReached, the crossing must not happen
	// in the window.
	Never bool `yaml:"never" doc:"first_below, first_reached: the crossing must not happen in the window."`
	// Probability is the least share of the scenario's replications in
	// which the expectation must hold, from 0 to 1. Default 1: in every
	// replication.
	Probability *float64 `yaml:"probability" doc:"The least share of the replications in which it must hold, 0 to 1. Default 1: every one."`
}

// CountSubject names a host's count: the host (site-qualified for site
// instances, such as branch-001/kms1), the pool (default windows) and, for
// crossings, the threshold (default: the highest threshold of the clients
// that asked the pool).
type CountSubject struct {
	Host      string `yaml:"host" schema:"required" doc:"The host: kms1, or branch-001/kms1 for a site instance."`
	Pool      Pool   `yaml:"pool"`
	Threshold int    `yaml:"threshold" schema:"positive" doc:"Default: the highest threshold of the clients that asked."`
}

// FirstBelow is the first time a host's count falls from at or above a
// threshold to below it.
type FirstBelow CountSubject

// FirstReached is the first time a host's count rises to a threshold.
type FirstReached CountSubject

// ClientsSubject names clients: of a Product, or of a Group (a group of the
// scenario's own site, or branch-001/pcs), or all clients when neither is
// set; for Clients, in State.
type ClientsSubject struct {
	Product Product `yaml:"product"`
	Group   string  `yaml:"group" doc:"A group: pcs, or branch-001/pcs for a site instance."`
	State   string  `yaml:"state"`
}

// LicensedFraction is the fraction of the present clients of a product or
// group, or of all, that are Licensed.
type LicensedFraction ClientsSubject

// TotalSubject names a counter: one of Metrics, for all hosts, or for one
// Host (then only requests and answered).
type TotalSubject struct {
	Metric string `yaml:"metric" schema:"required"`
	Host   string `yaml:"host" doc:"One host (requests and answered only). Default: all hosts."`
}

// PeakSubject names a host for PeakRequests; empty means all hosts
// together.
type PeakSubject struct {
	Host string `yaml:"host" doc:"One host. Default: all hosts together."`
}

// Metrics are the counters a Total expectation can name.
var Metrics = []string{
	"requests", "answered", "activations", "renewals", "failures",
	"fail_no_host", "fail_count_low", "fail_unsupported",
	"bytes_out", "bytes_in", "expiries", "rearms",
	"mak_activations", "mak_from_store", "fail_mak",
	"ad_activations", "ad_renewals", "ad_fallbacks", "fail_ad",
}

// StateNames are the client states a Clients expectation can name.
var StateNames = []string{"initial_grace", "licensed", "out_of_tolerance_grace", "notification", "not_licensed"}

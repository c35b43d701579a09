package eventlog

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kmssim/kmssim/scenarios/words"

	"github.com/kmssim/kmssim/scenarios"
)

// Fleet gathers the requests of one or several hosts' logs (Add) and
// reconstructs from them the state at the moment of the latest (State).
// The order of Add does not matter: exports may run newest first
// (Get-WinEvent) or oldest first (wevtutil), and hosts may overlap.
// The zero Fleet is not ready: use NewFleet.
type Fleet struct {
	model    scenarios.Model
	hosts    map[string]*hostLog
	machines map[machineKey]*machine
	cmids    map[string]*cmidUse
	unknown  map[string]*unknownID
	seq      int

	// days count the requests added by day, for Bulk.
	days map[int64]*daySpan
	// from and until bound the requests Add keeps (zero: no bound);
	// outside counts those it left out, and keeps the first few.
	from, until time.Time
	now         bool // until is -now's, not the bulk's end
	outside     []Request
	nOutside    int
	// outsideHosts counts the requests left out by host, and
	// outsideFirst and outsideLast span them.
	outsideHosts              map[string]int
	outsideFirst, outsideLast time.Time
	// files are the files read, in order, each with the span of its
	// requests in bare, their keys without the host (checkFiles).
	files      []fileLog
	bare       []bareKey
	trackFiles bool // readAll reads files one after another
}

// NewFleet returns an empty Fleet that applies the model's rules, with
// the documented Windows defaults where m leaves a field zero.
func NewFleet(m scenarios.Model) *Fleet {
	s := scenarios.Scenario{Model: m}
	s.SetDefaults()
	return &Fleet{
		model:    s.Model,
		hosts:    map[string]*hostLog{},
		machines: map[machineKey]*machine{},
		cmids:    map[string]*cmidUse{},
		unknown:  map[string]*unknownID{},
	}
}

// hostLog is what one host's log says.
type hostLog struct {
	name, fqdn  string
	first, last time.Time
	lastFile    string
	requests    int      // each once (dedupe), though logged in several files
	keys        []uint64 // each request's key and time (bareKey.hash), for dedupe
	pools       map[scenarios.Pool]*poolLog
	products    map[scenarios.Product]bool // answered (counted)
	refused     map[scenarios.Product]bool // K16: 0xC004F042
	dlv         *DLV
	dlvFile     string
}

// poolLog is what a host heard for one of its counts (K12).
type poolLog struct {
	heard      map[string]heard // by CMID: the latest request
	thresholds map[int]bool     // K13: the minimum counts asked for
}

type heard struct {
	at  time.Time
	seq int
}

// machineKey identifies a machine's product licence: a machine that runs
// Windows and Office asks for each (K12).
type machineKey struct {
	name string
	pool scenarios.Pool
}

// machine is what the logs say of one machine's licence: its latest
// request and its latest success.
type machine struct {
	last    Request // Host is the short name
	product scenarios.Product
	seq     int
	okAt    time.Time // its latest success, with the CMID it had then
	okCMID  string
	skew    time.Duration // the largest difference of its clock from its hosts'
	skewAt  *Request
}

// cmidUse tracks the machine names that sent a CMID (K9).
type cmidUse struct {
	names []string // the first few in order, for messages
	n     int
	seen  map[string]bool // once a second name came
}

// unknownID is what the logs say of an activation id of no edition
// kmssim knows: its requests keep a pool of their own on each host,
// counted apart (K12: a host counts each product group apart), and never
// join a guessed product's count.
type unknownID struct {
	requests int
	first    Request
	highest  int // K13: the highest minimum count its clients asked for
	machines map[string]bool
	heard    map[string]map[string]time.Time // by host, by CMID: the latest counted request
}

// UnknownPool returns the name of the pool the requests of an unknown
// activation id are counted in: unknown- and the id's first eight digits.
func UnknownPool(id string) string { return "unknown-" + id[:min(8, len(id))] }

// Add adds one request to the fleet, unless it falls outside the bounds
// SetBounds set.
func (f *Fleet) Add(r *Request) {
	if !f.from.IsZero() && r.Time.Before(f.from) || !f.until.IsZero() && r.Time.After(f.until) {
		f.leaveOut(r)
		return
	}
	f.noteTime(r.Time.Unix())
	hostName, k := ShortName(r.Host), requestKey(r)
	f.noteFile(r, hostName, k)
	f.seq++
	h := f.addToHost(hostName, r, k)
	p, known := activationIDs[r.ActivationID]
	if !known {
		f.addUnknown(r, hostName)
		return
	}
	if r.Result == ResultUnsupported {
		h.refused[p] = true
	}
	if r.counted() {
		h.count(r, p, f.seq)
	}
	f.addMachine(r, p, hostName)
	f.addCMID(r)
}

// addToHost returns the log of the host named hostName, which answered r
// (whose key is k), with r in its requests and time span.
func (f *Fleet) addToHost(hostName string, r *Request, k bareKey) *hostLog {
	h := f.hosts[hostName]
	if h == nil {
		h = &hostLog{name: hostName, fqdn: strings.ToLower(r.Host), first: r.Time, last: r.Time, pools: map[scenarios.Pool]*poolLog{}, products: map[scenarios.Product]bool{}, refused: map[scenarios.Product]bool{}}
		f.hosts[hostName] = h
	}
	h.keys = append(h.keys, k.hash())
	if r.Time.Before(h.first) {
		h.first = r.Time
	}
	if !r.Time.Before(h.last) {
		h.last, h.lastFile = r.Time, r.File
	}
	return h
}

// dedupe counts the host's requests, each once: exports that overlap
// (two files of one log, or its .evtx and its CSV) hold some twice.
func (h *hostLog) dedupe() { h.requests = len(h.keys) - duplicates(h.keys) }

// count adds request r for product p, number seq of the fleet's, to the
// host's count of p's pool: the host keeps the latest request of each
// CMID (K11).
func (h *hostLog) count(r *Request, p scenarios.Product, seq int) {
	h.products[p] = true
	pool := p.Pool()
	pl := h.pools[pool]
	if pl == nil {
		pl = &poolLog{heard: map[string]heard{}, thresholds: map[int]bool{}}
		h.pools[pool] = pl
	}
	pl.thresholds[r.MinCount] = true
	if old, ok := pl.heard[r.CMID]; !ok || !r.Time.Before(old.at) {
		pl.heard[r.CMID] = heard{r.Time, seq}
	}
}

// addMachine notes request r for product p on the machine that sent it:
// its latest request, its latest activation and the farthest its clock
// was from the host's (K40).
func (f *Fleet) addMachine(r *Request, p scenarios.Product, hostName string) {
	key := machineKey{r.Machine, p.Pool()}
	m := f.machines[key]
	if m == nil {
		m = &machine{}
		f.machines[key] = m
	}
	if m.seq == 0 || !r.Time.Before(m.last.Time) {
		m.last, m.product, m.seq = *r, p, f.seq
		m.last.Host = hostName
	}
	if r.Result == ResultOK && !r.Time.Before(m.okAt) {
		m.okAt, m.okCMID = r.Time, r.CMID
	}
	if d := r.ClientTime.Sub(r.Time.Truncate(time.Minute)); d.Abs() > m.skew.Abs() {
		m.skew = d
		c := *r
		m.skewAt = &c
	}
}

// addCMID notes the machine that sent r among those that sent its CMID:
// more than one are clones (K9).
func (f *Fleet) addCMID(r *Request) {
	u := f.cmids[r.CMID]
	if u == nil {
		u = &cmidUse{}
		f.cmids[r.CMID] = u
	}
	switch {
	case u.n == 0:
		u.names, u.n = []string{r.Machine}, 1
	case u.seen == nil && u.names[0] == r.Machine:
	default:
		if u.seen == nil {
			u.seen = map[string]bool{u.names[0]: true}
		}
		if !u.seen[r.Machine] {
			u.seen[r.Machine] = true
			u.n++
			// The first names in order, whatever the order of the files.
			if len(u.names) < 5 {
				u.names = append(u.names, r.Machine)
			} else if last := slices.Max(u.names); r.Machine < last {
				u.names[slices.Index(u.names, last)] = r.Machine
			}
			slices.Sort(u.names)
		}
	}
}

// addUnknown counts a request for an unknown activation id in its own
// pool on host.
func (f *Fleet) addUnknown(r *Request, host string) {
	u := f.unknown[r.ActivationID]
	if u == nil {
		u = &unknownID{first: *r, machines: map[string]bool{}, heard: map[string]map[string]time.Time{}}
		f.unknown[r.ActivationID] = u
	}
	u.requests++
	u.highest = max(u.highest, r.MinCount)
	u.machines[r.Machine] = true
	if !r.counted() {
		return
	}
	if u.heard[host] == nil {
		u.heard[host] = map[string]time.Time{}
	}
	if r.Time.After(u.heard[host][r.CMID]) {
		u.heard[host][r.CMID] = r.Time
	}
}

// SetDLV attaches the text of `slmgr /dlv` read from file to host (its
// short name), for the checks of State.
func (f *Fleet) SetDLV(host string, d DLV, file string) error {
	h := f.hosts[ShortName(host)]
	if h == nil {
		return fmt.Errorf("%s: /dlv of host %q, whose log was not given (hosts: %s)", file, host, strings.Join(f.hostNames(), ", "))
	}
	if h.dlv != nil && h.dlvFile != file {
		return fmt.Errorf("%s: /dlv of host %s, whose figures %s gave already: give one file of each host's figures", file, h.name, h.dlvFile)
	}
	h.dlv, h.dlvFile = &d, file
	return nil
}

func (f *Fleet) hostNames() []string {
	var names []string
	for n := range f.hosts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// State is a fleet at one moment, as the logs tell it: what kmssim
// import writes as a scenario.
type State struct {
	// At is the moment: the latest event of all the logs, to the second.
	At       time.Time
	Domain   string // the DNS domain most hosts are in, or ""
	Hosts    []HostState
	Machines []MachineState
	// Silent counts the machines last heard longer ago than the count
	// window: they stay in the fleet with their states but ask no more.
	Silent int
	// Requests counts the requests the state was built from, each once;
	// Duplicates those that more than one file held (overlapping
	// exports), and LeftOut those far from the bulk or after -now.
	Requests, Duplicates, LeftOut int
	Warnings                      []Warning

	model scenarios.Model // the rules it was reconstructed by
}

// HostState is one host at the moment of a State.
type HostState struct {
	Name, FQDN string
	// Keys are host keys that serve what the host answered (K32, K33):
	// the log cannot tell which the host holds.
	Keys []scenarios.KeyGroup
	// Tables are its counts (K10–K13).
	Tables []scenarios.Table
	// LogStart and LogEnd are its first and latest event.
	LogStart, LogEnd time.Time
	Requests         int
	// ActivationInterval and RenewalInterval are from its /dlv, or zero.
	ActivationInterval, RenewalInterval scenarios.Duration
	DLV                                 *DLV
	// Unknown are its counts of activation ids of no edition kmssim
	// knows, each in a pool of its own; the scenario leaves them out.
	Unknown []UnknownCount
}

// UnknownCount is a host's count of an activation id of no edition
// kmssim knows.
type UnknownCount struct {
	ActivationID string
	Pool         string // UnknownPool's name for it
	Count        int
}

// Count returns the size of the host's table for pool p, -1 when it
// heard no request for it (K14).
func (h *HostState) Count(p scenarios.Pool) int {
	for _, t := range h.Tables {
		if t.Pool == p {
			return len(t.Heard)
		}
	}
	return -1
}

// MachineState is one machine's licence at the moment of a State.
type MachineState struct {
	scenarios.Machine
	Product scenarios.Product
	// Group is where kmssim import puts it: the host it last reached,
	// with -silent for the silent.
	Group string
}

// State reconstructs the fleet at the moment of the latest request, or
// at the upper bound SetBounds set.
func (f *Fleet) State() (*State, error) {
	if len(f.hosts) == 0 && f.nOutside > 0 && f.now {
		return nil, fmt.Errorf("all %s are after -now %s: the logs run from %s to %s", words.Plural(f.nOutside, "request"), stamp(f.until), stamp(f.outsideFirst), stamp(f.outsideLast))
	}
	if len(f.hosts) == 0 {
		return nil, fmt.Errorf("no request was read")
	}
	st := &State{model: f.model}
	for _, h := range f.hosts {
		h.dedupe()
		st.Requests += h.requests
		st.Duplicates += len(h.keys) - h.requests
	}
	end := f.until // -now, or the end of the bulk (Bulk)
	if end.IsZero() {
		for _, h := range f.hosts {
			if h.last.After(end) {
				end = h.last
			}
		}
	}
	st.At = end.Truncate(time.Second)
	st.Domain = f.domain()
	for _, name := range f.hostNames() {
		st.Hosts = append(st.Hosts, f.hostState(f.hosts[name], st))
	}
	for key, m := range f.machines {
		st.Machines = append(st.Machines, f.machineState(key, m, st))
	}
	slices.SortFunc(st.Machines, func(a, b MachineState) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Product.Pool(), b.Product.Pool()))
	})
	f.warnings(st)
	return st, nil
}

// ago returns how long before the state's moment t was, in whole seconds.
func (st *State) ago(t time.Time) scenarios.Duration {
	return scenarios.Duration(st.At.Unix() - t.Unix())
}

// unknownCount is host's count of unknown id u: the CMIDs heard within
// the count window (K11), at most as many as the cache keeps (K13).
func (st *State) unknownCount(u *unknownID, host string) int {
	n := 0
	for _, t := range u.heard[host] {
		if st.ago(t) < st.model.CountWindow {
			n++
		}
	}
	return min(n, st.model.CacheFactor*u.highest) // K13: 2 × the highest threshold
}

// hostState builds a host's tables: the CMIDs heard within the count
// window before the moment (K10, K11), oldest first, of which the cache
// keeps the newest (K13).
func (f *Fleet) hostState(h *hostLog, st *State) HostState {
	hs := HostState{Name: h.name, FQDN: h.fqdn, LogStart: h.first, LogEnd: h.last, Requests: h.requests, DLV: h.dlv}
	if h.dlv != nil {
		hs.ActivationInterval = scenarios.Duration(h.dlv.ActivationIntervalMinutes) * scenarios.Minute
		hs.RenewalInterval = scenarios.Duration(h.dlv.RenewalIntervalMinutes) * scenarios.Minute
	}
	hs.Keys = hostKeys(h)
	for _, id := range slices.Sorted(maps.Keys(f.unknown)) {
		if n := st.unknownCount(f.unknown[id], h.name); n > 0 {
			hs.Unknown = append(hs.Unknown, UnknownCount{ActivationID: id, Pool: UnknownPool(id), Count: n})
		}
	}
	for _, pool := range scenarios.Pools {
		pl := h.pools[pool]
		if pl == nil {
			continue
		}
		t := scenarios.Table{Pool: pool}
		for n := range pl.thresholds {
			t.Thresholds = append(t.Thresholds, n)
		}
		slices.Sort(t.Thresholds)
		type entry struct {
			cmid string
			heard
		}
		var entries []entry
		for cmid, e := range pl.heard {
			if st.ago(e.at) < f.model.CountWindow {
				entries = append(entries, entry{cmid, e})
			}
		}
		slices.SortFunc(entries, func(a, b entry) int {
			return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq))
		})
		// K13: the table holds at most cache_factor × the highest threshold.
		if limit := f.model.CacheFactor * t.Thresholds[len(t.Thresholds)-1]; len(entries) > limit {
			entries = entries[len(entries)-limit:]
		}
		for _, e := range entries {
			t.Heard = append(t.Heard, scenarios.Heard{CMID: e.cmid, Ago: st.ago(e.at)})
		}
		hs.Tables = append(hs.Tables, t)
	}
	return hs
}

// hostKeys chooses host keys that serve every product the host answered
// and none it refused (K16, K32, K33): of the Windows keys, the oldest
// that does, since a newer key would hide a refusal to come; an Office
// key per Office count.
func hostKeys(h *hostLog) []scenarios.KeyGroup {
	var keys []scenarios.KeyGroup
	windows := []scenarios.KeyGroup{scenarios.KeyWindows7, scenarios.KeyWindows10, scenarios.KeyServer2008R2, scenarios.KeyServer2016, scenarios.KeyServer2019, scenarios.KeyServer2022, scenarios.KeyServer2025}
	needWindows := len(h.products) == 0 // it refused all it heard: a key that refuses them
	for p := range h.products {
		needWindows = needWindows || p.Pool() == scenarios.PoolWindows
	}
	if needWindows {
		choice := scenarios.KeyServer2025
		for _, k := range windows {
			fits := true
			for p := range h.products {
				fits = fits && (p.Pool() != scenarios.PoolWindows || k.Activates(p))
			}
			for p := range h.refused {
				fits = fits && !k.Activates(p)
			}
			if fits {
				choice = k
				break
			}
		}
		keys = append(keys, choice)
	}
	for _, pool := range scenarios.Pools {
		if pool == scenarios.PoolWindows || h.pools[pool] == nil {
			continue
		}
		for _, k := range scenarios.KeyGroups {
			if !k.Windows() && slices.ContainsFunc(scenarios.Products, func(p scenarios.Product) bool { return p.Pool() == pool && k.Activates(p) }) {
				keys = append(keys, k)
				break
			}
		}
	}
	return keys
}

// machineState reconstructs one machine's licence at the state's moment
// from its latest request (K5–K8, K39).
func (f *Fleet) machineState(key machineKey, m *machine, st *State) MachineState {
	r := &m.last
	ms := MachineState{Product: m.product}
	ms.Name, ms.CMID, ms.Host, ms.Line = key.name, r.CMID, r.Host, 0
	h := f.hosts[r.Host]
	renewal, retry := f.intervals(h)

	var state string
	var until time.Time
	switch {
	case r.Result == ResultOK:
		// K6: a success restarts the 180 days.
		state, until = "licensed", r.Time.Add(f.model.Validity.Std())
	case m.okCMID == r.CMID && !m.okAt.IsZero() && r.State != StateInitialGrace && r.State != StateExtended:
		// K8: still on the activation of its latest success, which the
		// log holds: its end is known to the second, not to the minute.
		state, until = "licensed", m.okAt.Add(f.model.Validity.Std())
	default:
		state = loggedState(r.State)
		until = r.Time.Add(time.Duration(r.Minutes) * time.Minute)
		// K3, K7: no state lasts longer than its span from the request;
		// more minutes left (K39) than that are a client's error.
		if span := f.model.StateSpan(state); span > 0 && until.After(r.Time.Add(span.Std())) {
			until = r.Time.Add(span.Std())
		}
	}
	// Carry the state forward to the moment (K3, K7), in whole seconds.
	until = until.Truncate(time.Second)
	for state != "notification" && !until.After(st.At) {
		if state == "licensed" {
			state, until = "out_of_tolerance_grace", until.Add(f.model.OutOfToleranceGrace.Std())
		} else {
			state = "notification"
		}
	}
	ms.State = state
	if state != "notification" {
		ms.Until = scenarios.Duration(until.Unix() - st.At.Unix())
	}

	next := r.Time.Add(retry.Std()) // K5: a failure retries
	if r.Result == ResultOK {
		next = r.Time.Add(renewal.Std()) // K6
	}
	ms.Group = r.Host
	switch {
	case st.ago(r.Time) >= f.model.CountWindow:
		// Silent longer than the count window: retired or away, the
		// log cannot tell. It asks no more (K11: it has aged out).
		ms.Silent = true
		ms.Group += "-silent"
		st.Silent++
	case next.Before(st.At):
		ms.Next = 0 // overdue: it is off now, and asks once back
	default:
		ms.Next = scenarios.Duration(next.Unix() - st.At.Unix())
	}
	return ms
}

// intervals returns the renewal and retry intervals host h hands out
// (K27): its /dlv's, or the defaults.
func (f *Fleet) intervals(h *hostLog) (renewal, retry scenarios.Duration) {
	renewal, retry = scenarios.DefaultRenewalInterval, scenarios.DefaultActivationInterval
	if h != nil && h.dlv != nil {
		if h.dlv.RenewalIntervalMinutes > 0 {
			renewal = scenarios.Duration(h.dlv.RenewalIntervalMinutes) * scenarios.Minute
		}
		if h.dlv.ActivationIntervalMinutes > 0 {
			retry = scenarios.Duration(h.dlv.ActivationIntervalMinutes) * scenarios.Minute
		}
	}
	return renewal, retry
}

// loggedState maps a licence state of K39 to the model's: non-genuine
// grace counts as the grace after a lapse, extended grace as a fresh
// one, unlicensed as notification.
func loggedState(s int) string {
	switch s {
	case StateLicensed:
		return "licensed"
	case StateInitialGrace, StateExtended:
		return "initial_grace"
	case StateOOTGrace, StateNonGenuine:
		return "out_of_tolerance_grace"
	}
	return "notification"
}

// domain returns the DNS domain the clients query (K19): the suffix most
// of their names share, which is also where their hosts publish.
func (f *Fleet) domain() string {
	votes := map[string]int{}
	for key := range f.machines {
		if i := strings.IndexByte(key.name, '.'); i > 0 {
			votes[key.name[i+1:]]++
		}
	}
	best := ""
	for d, n := range votes {
		if n > votes[best] || n == votes[best] && d < best {
			best = d
		}
	}
	return best
}

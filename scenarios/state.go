package scenarios

import (
	"cmp"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"slices"
)

// A scenario can start from a state instead of from an empty network: the
// hosts' tables as they are now and machines already installed, each in
// its own licence state. kmssim import reconstructs both from the hosts'
// logs (K39), so that a run forecasts a real fleet from today.

// Table is what one count of a host (K12) holds when the run starts: the
// machine ids it heard in the last count window, oldest first (K10, K11).
type Table struct {
	// Pool is the count the table belongs to. Default windows.
	Pool Pool `yaml:"pool" doc:"K12, K33: the count the table belongs to. Default windows."`
	// Thresholds are the minimum counts the clients that asked needed
	// (K28): the cache holds cache_factor times the highest (K13).
	Thresholds []int `yaml:"thresholds" schema:"required" doc:"K13, K28: the minimum counts the clients that asked needed; the cache holds cache_factor × the highest."`
	// Heard lists the CMIDs in the order the host heard them, oldest
	// first, each with how long before the start it last asked.
	Heard []Heard `yaml:"heard" doc:"K10, K11: the CMIDs heard in the last count window, oldest first."`
}

// Heard is one entry of a host's table: a client machine id (K9) and how
// long before the start the host last heard it.
type Heard struct {
	CMID string   `yaml:"cmid" schema:"required" doc:"K9: the client machine id, as the log writes it."`
	Ago  Duration `yaml:"ago" doc:"How long before the start the host last heard it; less than the count window."`
}

// Machine is one machine already installed when the run starts, in a
// known licence state. Machines come from an inventory with a state
// column (fleet_from), which is what kmssim import writes.
type Machine struct {
	// Line is the machine's line in the inventory, for messages.
	Line int
	// Name is the machine's name, such as pc-042.corp.example.
	Name string
	// Group is its group as the inventory writes it (kms1), which the
	// outputs repeat; the fleet group it runs in may add its product or
	// method to the name (kms1-windows-10) when the group holds several.
	Group string
	// CMID is its client machine id (K9); clones share one.
	CMID string
	// State is its licence state, one of MachineStates.
	State string
	// Until is when that state ends, from the start: the end of its grace
	// (K3, K7) or of its activation (K7). Zero in notification.
	Until Duration
	// Next is when it next asks a host, from the start (K5, K6), unless
	// Silent.
	Next Duration
	// Silent machines ask no more: the log last heard them longer ago
	// than the count window, and cannot tell whether they were retired or
	// are away.
	Silent bool
	// Host is the host it last reached (K21), or "".
	Host string
}

// MachineStates are the licence states a machine can start in.
var MachineStates = []string{"initial_grace", "licensed", "out_of_tolerance_grace", "notification"}

// tables checks the starting tables of host h at path hp.
func (c *checker) tables(hp string, h *Host) {
	seen := map[Pool]bool{}
	for i := range h.Tables {
		t := &h.Tables[i]
		tp := fmt.Sprintf("%s.tables[%d]", hp, i)
		switch {
		case !slices.Contains(Pools, t.Pool):
			c.errorf(tp+".pool", "%s", unknown("pool", t.Pool, Pools))
			continue
		case seen[t.Pool]:
			c.errorf(tp+".pool", "the %s table is given twice", t.Pool)
		case !slices.ContainsFunc(h.Keys, func(k KeyGroup) bool { return k.servesPool(t.Pool) }):
			c.errorf(tp+".pool", "no host key of %s activates a product of the %s count (keys: %s)", h.Name, t.Pool, list(h.Keys))
		}
		seen[t.Pool] = true
		highest := 0
		for j, n := range t.Thresholds {
			c.bounded(fmt.Sprintf("%s.thresholds[%d]", tp, j), "Table.thresholds", float64(n))
			highest = max(highest, n)
		}
		if len(t.Thresholds) == 0 && len(t.Heard) > 0 {
			c.errorf(tp+".thresholds", "a table with entries needs the thresholds its clients asked for, such as [25]")
		}
		// K13: the count never exceeds the cache.
		if limit := c.s.Model.CacheFactor * highest; highest > 0 && len(t.Heard) > limit {
			c.errorf(tp+".heard", "%d entries do not fit a cache of %d (K13: %d × the highest threshold, %d)", len(t.Heard), limit, c.s.Model.CacheFactor, highest)
		}
		cmids := map[string]int{}
		for j, e := range t.Heard {
			ep := fmt.Sprintf("%s.heard[%d]", tp, j)
			switch {
			case e.CMID == "" || hasControl(e.CMID):
				c.errorf(ep+".cmid", "needs a client machine id without control characters")
			case !IsCMID(e.CMID):
				c.errorf(ep+".cmid", "%q is not a CMID: want a GUID such as %s", words.Clip(e.CMID), exampleCMID)
			case cmids[e.CMID] > 0:
				c.errorf(ep+".cmid", "CMID %s is listed twice (first as heard[%d]): a table holds a CMID once", words.Clip(e.CMID), cmids[e.CMID]-1)
			}
			cmids[e.CMID] = j + 1
			switch {
			case e.Ago < 0:
				c.errorf(ep+".ago", "must not be negative")
			case e.Ago >= c.s.Model.CountWindow:
				// K11: heard a whole window ago, it has aged out.
				c.errorf(ep+".ago", "%s is not less than the count window (%s): the entry has aged out (K11)", e.Ago, c.s.Model.CountWindow)
			case c.s.Duration+e.Ago > MaxDuration:
				c.errorf(ep+".ago", "the run and the time before it span more than 100 years")
			case j > 0 && e.Ago > t.Heard[j-1].Ago:
				c.errorf(ep+".ago", "%s is longer ago than the entry before it (%s): list the entries oldest first", e.Ago, t.Heard[j-1].Ago)
			}
		}
	}
}

// exampleCMID is a CMID as messages show one.
const exampleCMID = "0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01"

// IsCMID reports whether s is a client machine id as a host's log writes
// it: a GUID, 8-4-4-4-12 hexadecimal digits, in braces or not (K9).
func IsCMID(s string) bool {
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
				return false
			}
		}
	}
	return true
}

// servesPool reports whether host key k activates some product of pool p.
func (k KeyGroup) servesPool(p Pool) bool {
	return slices.ContainsFunc(Products, func(q Product) bool { return q.Pool() == p && k.Activates(q) })
}

// readMachine reads the state columns of an inventory row: get returns
// a column's trimmed text. It returns the machine and its problems.
func readMachine(name string, line int, get func(string) string) (*Machine, []string) {
	m := &Machine{Line: line, Name: name, CMID: get("cmid"), State: get("state"), Host: get("host")}
	var problems []string
	switch {
	case m.CMID == "":
		problems = append(problems, "cmid is empty: every machine with a state needs its client machine id")
	case !IsCMID(m.CMID):
		problems = append(problems, fmt.Sprintf("cmid %q is not a CMID: want a GUID such as %s", words.Clip(m.CMID), exampleCMID))
	}
	duration := func(col string) (Duration, bool) {
		d, err := ParseDuration(get(col))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", col, err))
			return 0, false
		}
		return d, true
	}
	switch {
	case !slices.Contains(MachineStates, m.State):
		problems = append(problems, fmt.Sprintf("unknown state %q (one of %s)", words.Clip(m.State), list(MachineStates)))
	case m.State == "notification":
		if get("until") != "" {
			problems = append(problems, "until must be empty in notification: it lasts until an activation")
		}
	case get("until") == "":
		problems = append(problems, fmt.Sprintf("until is empty: a machine in %s needs the time its state ends, such as 171d3h", m.State))
	default:
		if d, ok := duration("until"); ok {
			if d <= 0 {
				problems = append(problems, "until must be after the start: a state that has ended gives way to the next (K3, K7)")
			}
			m.Until = d
		}
	}
	if get("next") == "" {
		m.Silent = true
	} else if d, ok := duration("next"); ok {
		m.Next = d
	}
	return m, problems
}

// checkMachines checks what the rows of inventory file say of the
// scenario around them: a stated inventory installs its machines at the
// start, and the host each last reached must exist.
func (s *Scenario) checkMachines(file string, rows []inventoryRow) error {
	var errs []error
	stated := false
	for _, r := range rows {
		m := r.machine
		if m == nil {
			continue
		}
		stated = true
		if m.Host != "" && (&scope{site: &s.Site}).host(m.Host) == nil {
			errs = append(errs, &FieldError{File: file, Line: m.Line, Msg: fmt.Sprintf("%s: host %q is not a host of the scenario (%s)", m.Name, words.Clip(m.Host), hostList(s.Hosts))})
		}
		if m.Until > MaxDuration || m.Next > MaxDuration {
			errs = append(errs, &FieldError{File: file, Line: m.Line, Msg: fmt.Sprintf("%s: until and next are at most 100 years", m.Name)})
		}
		// A state ends at most its model's span after it began, which
		// was at the start or before (the model's defaults are not yet
		// filled in).
		limit := s.Model.StateSpan(m.State)
		var why string
		switch m.State {
		case "licensed":
			why = fmt.Sprintf("the validity (%s): an activation lasts that long at most from its last renewal (K7)", limit)
		case "initial_grace":
			why = fmt.Sprintf("the grace (%s): initial_grace lasts that long at most from the install (K3)", limit)
		case "out_of_tolerance_grace":
			why = fmt.Sprintf("the out-of-tolerance grace (%s): it lasts that long at most from the lapse (K7)", limit)
		}
		if limit > 0 && m.Until > limit {
			errs = append(errs, &FieldError{File: file, Line: m.Line, Msg: fmt.Sprintf("%s: until %s is past %s", m.Name, m.Until, why)})
		}
	}
	if stated && s.FleetFrom.Join != (Ramp{}) {
		errs = append(errs, &FieldError{File: s.File, Line: s.lines.line("fleet_from.join"), Path: "fleet_from.join", Msg: "machines with a state are installed at the start: an inventory with a state column takes no join"})
	}
	if len(errs) == 0 {
		return nil
	}
	return joinSorted(errs)
}

func hostList(hosts []Host) string {
	names := make([]string, len(hosts))
	for i, h := range hosts {
		names[i] = h.Name
	}
	if len(names) == 0 {
		return "it has none"
	}
	return "hosts: " + list(names)
}

// StateSpan returns the longest a machine stays in state from the moment
// it entered it: the validity for licensed (K7), the grace for
// initial_grace (K3), the out-of-tolerance grace for
// out_of_tolerance_grace (K7), and 0 for notification, which has no end.
// A zero field of m stands for its default.
func (m Model) StateSpan(state string) Duration {
	switch state {
	case "licensed":
		return cmp.Or(m.Validity, DefaultValidity)
	case "initial_grace":
		return cmp.Or(m.Grace, DefaultGrace)
	case "out_of_tolerance_grace":
		return cmp.Or(m.OutOfToleranceGrace, DefaultOutOfToleranceGrace)
	}
	return 0
}

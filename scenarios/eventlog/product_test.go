package eventlog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmssim/kmssim/scenarios"
)

// Every id of the table is a GUID as the reader writes it (lower case,
// no braces), listed once, with a name and a product of the model.
func TestEditionsWellFormed(t *testing.T) {
	seen := map[string]string{}
	for _, e := range editions {
		if !isGUID(e.id) || e.id != strings.ToLower(e.id) {
			t.Errorf("%q (%s): not a lower-case GUID", e.id, e.name)
		}
		if prev, dup := seen[e.id]; dup {
			t.Errorf("%s: listed for %q and %q", e.id, prev, e.name)
		}
		seen[e.id] = e.name
		if e.name == "" {
			t.Errorf("%s: no edition name", e.id)
		}
		if !e.product.Known() {
			t.Errorf("%s (%s): unknown product %q", e.id, e.name, e.product)
		}
	}
}

// Each product of the model (K31) has an id, or shares its editions' ids
// with a product that has (sharedIDs); a product that shares has none of
// its own, since the import could not tell the two apart.
func TestEveryProductHasAnID(t *testing.T) {
	for _, p := range scenarios.Products {
		own := ActivationID(p)
		q, shares := sharedIDs[p]
		switch {
		case shares && own != "":
			t.Errorf("%s: shares its ids with %s, yet has %s of its own", p, q, own)
		case shares && ActivationID(q) == "":
			t.Errorf("%s: shares its ids with %s, which has none", p, q)
		case !shares && own == "":
			t.Errorf("%s: no activation id", p)
		}
	}
}

// Spot checks of editions, one of each kind the import meets.
func TestEdition(t *testing.T) {
	for _, c := range []struct {
		id      string
		product scenarios.Product
		name    string
	}{
		{"080a45c5-9f9f-49eb-b4b0-c3c610a5ebd3", scenarios.OfficeLTSC2021, "Office LTSC Standard 2021"},
		{"f510af75-8ab7-4426-a236-1bfb95c34ff8", scenarios.OfficeLTSC2024, "Project Professional 2024"},
		{"fb61ac9a-1688-45d2-8f6b-0674dbffa33c", scenarios.OfficeLTSC2021, "Visio LTSC Professional 2021"},
		{"5b5cf08f-b81a-431d-b080-3450d8620565", scenarios.Office2019, "Visio Professional 2019"},
		{"e558389c-83c3-4b29-adfe-5e4d7f46c358", scenarios.Office2010, "Visio Professional 2010"},
		{"8d368fc1-9470-4be2-8d66-90e836cbb051", scenarios.OfficeLTSC2024, "Office LTSC Professional Plus 2024"},
		{"c052f164-cdf6-409a-a0cb-853ba0f0f55a", scenarios.WindowsServer2025, "Windows Server 2025 Datacenter"},
		{"f0f5ec41-0d55-4732-af02-440a44a3cf0f", scenarios.WindowsServer2012, "Windows Server 2012 Standard"},
		{"73111121-5638-40f6-bc11-f1d7b0d64300", scenarios.Windows10, "Windows 10/11 Enterprise"},
		{"3f1afc82-f8ac-4f6c-8005-1d233e606eee", scenarios.Windows10, "Windows 10/11 Pro Education"},
		{"32d2fab3-e4a8-42c2-923b-4bf4fd13e6ee", scenarios.Windows10LTSC2021, "Windows 10/11 Enterprise LTSC 2019/2021/2024"},
		// Braces and upper case, as some exports write ids.
		{"{C052F164-CDF6-409A-A0CB-853BA0F0F55A}", scenarios.WindowsServer2025, "Windows Server 2025 Datacenter"},
	} {
		p, name, ok := edition(c.id)
		if !ok || p != c.product || name != c.name {
			t.Errorf("edition(%s) = %s, %q, %v; want %s, %q", c.id, p, name, ok, c.product, c.name)
		}
		if q, known := activationIDs[strings.ToLower(strings.Trim(c.id, "{}"))]; !known || q != c.product {
			t.Errorf("activationIDs[%s] = %s, %v; want %s", c.id, q, known, c.product)
		}
	}
	for _, id := range []string{
		"458e1bec-837a-45f6-b9d5-925ed5d299de", // Windows 8 Enterprise: no product of the model
		"58e97c99-f377-4ef1-81d5-4ad5522b5fd8", // Windows 10/11 Home: retail
		"00000000-0000-0000-0000-000000000000",
		"",
	} {
		if p, name, ok := edition(id); ok {
			t.Errorf("edition(%q) = %s, %q: want unknown", id, p, name)
		}
	}
}

// The names agree with the products: an Office, Project or Visio edition
// (or an Office single app) never maps to a Windows product, nor a
// Windows edition to Office; a Windows Server edition maps to a server
// (count 5) and a client edition to a client (25); an Office edition
// names its product's year.
func TestEditionNamesMatchProducts(t *testing.T) {
	for _, e := range editions {
		windows := strings.HasPrefix(e.name, "Windows")
		if got := e.product.Pool() == scenarios.PoolWindows; got != windows {
			t.Errorf("%s %q maps to %s (pool %s)", e.id, e.name, e.product, e.product.Pool())
			continue
		}
		if windows {
			server := strings.Contains(e.name, "Server")
			if got := e.product.Threshold() == 5; got != server {
				t.Errorf("%s %q maps to %s, whose threshold is %d", e.id, e.name, e.product, e.product.Threshold())
			}
			continue
		}
		year := string(e.product)[len(e.product)-4:]
		if !strings.Contains(e.name, year) {
			t.Errorf("%s %q maps to %s", e.id, e.name, e.product)
		}
	}
}

// ActivationID returns the ids it returned before the table grew, so that
// exports written with it stay as they were, and every id it returns
// imports as its product.
func TestActivationID(t *testing.T) {
	before := map[scenarios.Product]string{
		scenarios.Windows7:            "ae2ee509-1b34-41c0-acb7-6d4650168915",
		scenarios.Windows81:           "81671aaf-79d1-4eb1-b004-8cbbe173afea",
		scenarios.Windows10:           "2de67392-b7a7-462a-b1ca-108dd189f588",
		scenarios.Windows10LTSC2021:   "32d2fab3-e4a8-42c2-923b-4bf4fd13e6ee",
		scenarios.WindowsServer2012R2: "00091344-1ea4-4f37-b789-01750ba6988c",
		scenarios.WindowsServer2016:   "21c56779-b449-4d20-adfc-eece0e1ad74b",
		scenarios.WindowsServer2019:   "34e1ae55-27f8-4950-8877-7a03be5fb181",
		scenarios.WindowsServer2022:   "9bd77860-9b31-4b7b-96ad-2564017315bf",
		scenarios.Office2010:          "6f327760-8c5c-417c-9b61-836a98287e0c",
		scenarios.Office2013:          "b322da9c-a2e2-4058-9e4e-f59a6970bd69",
		scenarios.Office2016:          "d450596f-894d-49e0-966a-fd39ed4c4c64",
		scenarios.Office2019:          "85dd8b5f-eaa4-4af3-a628-cce9e77c9a03",
		scenarios.OfficeLTSC2021:      "fbdb3e18-a8ef-4fb3-9183-dffd60bd0984",
	}
	for p, want := range before {
		if got := ActivationID(p); got != want {
			t.Errorf("ActivationID(%s) = %q, was %q", p, got, want)
		}
	}
	for _, p := range scenarios.Products {
		id := ActivationID(p)
		if id == "" {
			continue
		}
		if q, _, ok := edition(id); !ok || q != p {
			t.Errorf("ActivationID(%s) = %s, which imports as %s", p, id, q)
		}
	}
}

// One record of every edition of the table counts in its own product's
// pool (K12, K33): Office Standard 2021, Project Professional 2024 or
// Server 2025 Datacenter never join the Windows count. An id of no
// edition the table knows keeps a pool of its own, counted apart.
func TestImportEveryEdition(t *testing.T) {
	f := NewFleet(scenarios.Model{})
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i, e := range editions {
		f.Add(&Request{Host: "kms1.corp.example", Time: at.Add(time.Duration(i) * time.Minute), Result: ResultOK,
			MinCount: e.product.Threshold(), Machine: fmt.Sprintf("pc-%03d.corp.example", i), CMID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			ClientTime: at, State: StateLicensed, Minutes: 259200, ActivationID: e.id, File: "kms1.xml", Line: i + 1})
	}
	unknown := "11111111-2222-4333-8444-555555555555"
	for i := range 3 {
		f.Add(&Request{Host: "kms1.corp.example", Time: at, Result: ResultOK, MinCount: 5, Machine: fmt.Sprintf("x-%d.corp.example", i),
			CMID: fmt.Sprintf("10000000-0000-4000-8000-%012d", i), ClientTime: at, State: StateLicensed, Minutes: 259200, ActivationID: unknown, File: "kms1.xml", Line: 1000 + i})
	}
	st, err := f.State()
	if err != nil {
		t.Fatal(err)
	}
	want, highest := map[scenarios.Pool]int{}, map[scenarios.Pool]int{}
	for _, e := range editions {
		want[e.product.Pool()]++
		highest[e.product.Pool()] = max(highest[e.product.Pool()], e.product.Threshold())
	}
	h := st.Hosts[0]
	for pool, n := range want {
		// K13: the cache keeps 2 × the highest threshold asked for.
		if got := h.Count(pool); got != min(n, 2*highest[pool]) {
			t.Errorf("pool %s counts %d, want %d", pool, got, min(n, 2*highest[pool]))
		}
	}
	byName := map[string]scenarios.Product{}
	for _, m := range st.Machines {
		byName[m.Name] = m.Product
	}
	for i, e := range editions {
		if got := byName[fmt.Sprintf("pc-%03d.corp.example", i)]; got != e.product {
			t.Errorf("%s (%s): imported as %s, want %s", e.name, e.id, got, e.product)
		}
	}
	if len(h.Unknown) != 1 || h.Unknown[0] != (UnknownCount{ActivationID: unknown, Pool: "unknown-11111111", Count: 3}) {
		t.Errorf("unknown pools %+v, want unknown-11111111 counting 3", h.Unknown)
	}
	if _, ok := byName["x-0.corp.example"]; ok {
		t.Errorf("a machine of an unknown edition is in the scenario's fleet")
	}
	var found bool
	for _, w := range st.Warnings {
		found = found || strings.Contains(w.Msg, "activation id "+unknown+" is of no edition kmssim knows (3 requests from 3 machines, minimum count 5): counted apart, in a pool of its own, unknown-11111111 (kms1 counts 3)")
	}
	if !found {
		t.Errorf("warnings %v, want one naming the unknown id's pool", st.Warnings)
	}
}

// K13: an unknown id's pool keeps 2 × the highest threshold its clients
// asked for, not the first's.
func TestUnknownPoolCache(t *testing.T) {
	f := NewFleet(scenarios.Model{})
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for i := range 30 {
		n := 25
		if i == 0 {
			n = 5
		}
		f.Add(&Request{Host: "kms1.corp.example", Time: at.Add(time.Duration(i) * time.Minute), Result: ResultOK, MinCount: n,
			Machine: fmt.Sprintf("x-%d.corp.example", i), CMID: fmt.Sprintf("10000000-0000-4000-8000-%012d", i), ClientTime: at,
			State: StateLicensed, Minutes: 259200, ActivationID: "11111111-2222-4333-8444-555555555555", File: "kms1.xml", Line: i + 1})
	}
	st, err := f.State()
	if err != nil {
		t.Fatal(err)
	}
	if u := st.Hosts[0].Unknown; len(u) != 1 || u[0].Count != 30 {
		t.Errorf("unknown pools %+v, want one counting 30 (cache 50)", u)
	}
}

// Logs that hold only unknown activation ids leave no machine to
// simulate: WriteScenario says so, rather than write an empty inventory
// that does not load (found by FuzzReadPowerShell).
func TestOnlyUnknownEditions(t *testing.T) {
	at := time.Date(2026, 11, 30, 4, 3, 22, 0, time.UTC)
	for _, n := range []int{1, 3} {
		f := NewFleet(scenarios.Model{})
		for i := range n {
			f.Add(&Request{Host: "kms1.corp.example", Time: at.Add(time.Duration(i) * time.Minute), Result: ResultOK, MinCount: 25,
				Machine: fmt.Sprintf("x-%d.corp.example", i), CMID: fmt.Sprintf("10000000-0000-4000-8000-%012d", i), ClientTime: at,
				State: StateLicensed, Minutes: 259200, ActivationID: "11111111-2222-4333-8444-555555555555", File: "kms1.xml", Line: i + 1})
		}
		st, err := f.State()
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{
			1: "the logs' 1 request is of no edition kmssim knows (the warnings name the activation ids): there is no machine to simulate; add them to a scenario as a group of their product (docs/import.md, products it does not know)",
			3: "the logs' 3 requests are all of no edition kmssim knows (the warnings name the activation ids): there is no machine to simulate; add them to a scenario as a group of their product (docs/import.md, products it does not know)",
		}[n]
		var b strings.Builder
		err = WriteScenario(&b, st, ScenarioOptions{})
		if err == nil || err.Error() != want {
			t.Errorf("%d requests: WriteScenario: %v\nwant %s", n, err, want)
		}
		if b.Len() != 0 {
			t.Errorf("%d requests: wrote %d bytes, want none", n, b.Len())
		}
	}
}

// K40: a clock more than 4 hours off is refused; the warning says the
// host refused it only where its log says so (0xC004F06C).
func TestClockWarningSaysWhatTheHostDid(t *testing.T) {
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		result uint32
		want   string
	}{
		{ResultClock, "pc-1.corp.example's clock is 5h ahead of kms1's: more than 4 hours, and the host refused it (K40: 0xC004F06C)"},
		{ResultOK, "pc-1.corp.example's clock is 5h ahead of kms1's: more than 4 hours, which a host refuses (K40: 0xC004F06C), yet it answered 0x0: the machine's timestamp may be in another time zone"},
	} {
		f := NewFleet(scenarios.Model{})
		f.Add(&Request{Host: "kms1.corp.example", Time: at, Result: tc.result, MinCount: 25, Machine: "pc-1.corp.example",
			CMID: "10000000-0000-4000-8000-000000000001", ClientTime: at.Add(5 * time.Hour), State: StateLicensed, Minutes: 259200,
			ActivationID: "2de67392-b7a7-462a-b1ca-108dd189f588", File: "kms1.xml", Line: 1})
		st, err := f.State()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range st.Warnings {
			got = append(got, w.Msg)
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("result %#x: warnings %q, want %q", tc.result, got, tc.want)
		}
	}
}

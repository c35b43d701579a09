package scenarios

import (
	"slices"
	"testing"
)

// The activation matrix of K16, K32 and K33, one row per host key, written
// out from the sources: what each key activates and where it installs.
func TestHostKeys(t *testing.T) {
	clients7to10 := []Product{Windows7, Windows81, Windows10}
	tests := []struct {
		key       KeyGroup
		activates []Product
		refuses   []Product
		on        []HostOS // nil: not checked
	}{
		{KeyWindows7, []Product{WindowsVista, Windows7}, []Product{WindowsServer2008R2, Windows10, Office2010}, nil},
		{KeyServer2008R2, []Product{WindowsVista, Windows7, WindowsServer2008, WindowsServer2008R2}, []Product{Windows10, WindowsServer2012, Office2010}, nil},
		{KeyOffice2010, []Product{Office2010}, []Product{Office2013, Windows7}, nil},
		{KeyWindows10, append(slices.Clone(clients7to10), Windows10LTSC2019, Windows10LTSC2021),
			[]Product{Windows11, WindowsServer2016, WindowsVista}, []HostOS{OSWindows7, OSWindows81, OSWindows10}},
		{KeyServer2016, append(slices.Clone(clients7to10), WindowsServer2008, WindowsServer2008R2, WindowsServer2012, WindowsServer2012R2, WindowsServer2016),
			[]Product{Windows11, WindowsServer2019, Windows10LTSC2019}, []HostOS{OSServer2012, OSServer2012R2, OSServer2016}},
		{KeyServer2019, append(slices.Clone(clients7to10), Windows10LTSC2019, Windows10LTSC2021, WindowsServer2008, WindowsServer2019),
			[]Product{Windows11, WindowsServer2022, Windows11LTSC2024}, []HostOS{OSServer2012R2, OSServer2016, OSServer2019}},
		{KeyServer2022, append(slices.Clone(clients7to10), Windows11, Windows10LTSC2021, WindowsServer2008, WindowsServer2022),
			[]Product{Windows11LTSC2024, WindowsServer2025, Office2019}, []HostOS{OSServer2016, OSServer2019, OSServer2022}},
		{KeyServer2025, append(slices.Clone(clients7to10), Windows11, Windows11LTSC2024, Windows10LTSC2019, WindowsServer2008, WindowsServer2025),
			[]Product{WindowsVista, OfficeLTSC2024}, []HostOS{OSServer2019, OSServer2022, OSServer2025}},
		{KeyOffice2013, []Product{Office2013}, []Product{Office2016, Office2010}, sinceServer2008R2},
		{KeyOffice2016, []Product{Office2016}, []Product{Office2019, Office2013}, sinceServer2008R2},
		{KeyOffice2019, []Product{Office2019}, []Product{Office2016, OfficeLTSC2021}, sinceServer2012},
		{KeyOfficeLTSC2021, []Product{OfficeLTSC2021}, []Product{Office2019, OfficeLTSC2024}, sinceServer2016},
		{KeyOfficeLTSC2024, []Product{OfficeLTSC2024}, []Product{OfficeLTSC2021}, sinceServer2022},
	}
	if len(tests) != len(KeyGroups) {
		t.Fatalf("%d rows, %d host keys", len(tests), len(KeyGroups))
	}
	for _, tt := range tests {
		t.Run(string(tt.key), func(t *testing.T) {
			for _, p := range tt.activates {
				if !tt.key.Activates(p) {
					t.Errorf("does not activate %s", p)
				}
			}
			for _, p := range tt.refuses {
				if tt.key.Activates(p) {
					t.Errorf("activates %s", p)
				}
			}
			for _, os := range HostOSes {
				ok, _ := tt.key.InstallsOn(os)
				if want := tt.on == nil || slices.Contains(tt.on, os); ok != want {
					t.Errorf("InstallsOn(%s) = %v, want %v", os, ok, want)
				}
			}
		})
	}
	// K33: LTSC 2024 needs Server 2022 or Windows 10 at least.
	if ok, _ := KeyOfficeLTSC2024.InstallsOn(OSServer2019); ok {
		t.Error("Office LTSC 2024's key installs on Server 2019")
	}
}

// K31: the thresholds did not change; every Office version counts apart.
func TestProducts(t *testing.T) {
	tests := []struct {
		p         Product
		threshold int
		pool      Pool
		ad        bool
	}{
		{Windows11, 25, PoolWindows, true},
		{Windows11LTSC2024, 25, PoolWindows, true},
		{Windows81, 25, PoolWindows, true},
		{WindowsServer2025, 5, PoolWindows, true},
		{WindowsServer2012, 5, PoolWindows, true},
		{Office2013, 5, PoolOffice2013, true},
		{OfficeLTSC2024, 5, PoolOfficeLTSC2024, true},
		{Windows7, 25, PoolWindows, false},
		{Office2010, 5, PoolOffice, false},
		{WindowsServer2008R2, 5, PoolWindows, false},
	}
	for _, tt := range tests {
		if tt.p.Threshold() != tt.threshold || tt.p.Pool() != tt.pool || tt.p.AD() != tt.ad || tt.p.Selection() != SelectWeighted {
			t.Errorf("%s: threshold %d pool %s AD %v selection %s", tt.p, tt.p.Threshold(), tt.p.Pool(), tt.p.AD(), tt.p.Selection())
		}
	}
	pools := map[Pool]bool{}
	for _, p := range Products {
		if p.Pool() != PoolWindows && pools[p.Pool()] {
			t.Errorf("%s shares its Office pool", p)
		}
		pools[p.Pool()] = true
	}
	if len(pools) != len(Pools) {
		t.Errorf("products use %d pools of %d", len(pools), len(Pools))
	}
}

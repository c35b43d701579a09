package scenarios

import (
	"fmt"
	"slices"
)

// Product is a volume-licensed product a client asks a KMS host to
// activate (K1, K31). Physical and virtual machines count alike (K2), so
// the model does not tell them apart: a VM is a client like any other.
type Product string

// The products of the model. Windows clients need a count of 25, Windows
// servers and Office 5 (K1, K31). An Office version stands for Office,
// Project and Visio of that version, which share one host key and one
// count (K12, K33).
const (
	WindowsVista        Product = "windows-vista"
	Windows7            Product = "windows-7"
	WindowsServer2008   Product = "windows-server-2008"
	WindowsServer2008R2 Product = "windows-server-2008r2"
	Office2010          Product = "office-2010"

	Windows81           Product = "windows-8.1"
	Windows10           Product = "windows-10"
	Windows11           Product = "windows-11"
	Windows10LTSC2019   Product = "windows-10-ltsc-2019"
	Windows10LTSC2021   Product = "windows-10-ltsc-2021"
	Windows11LTSC2024   Product = "windows-11-ltsc-2024"
	WindowsServer2012   Product = "windows-server-2012"
	WindowsServer2012R2 Product = "windows-server-2012r2"
	WindowsServer2016   Product = "windows-server-2016"
	WindowsServer2019   Product = "windows-server-2019"
	WindowsServer2022   Product = "windows-server-2022"
	WindowsServer2025   Product = "windows-server-2025"
	Office2013          Product = "office-2013"
	Office2016          Product = "office-2016"
	Office2019          Product = "office-2019"
	OfficeLTSC2021      Product = "office-ltsc-2021"
	OfficeLTSC2024      Product = "office-ltsc-2024"
)

// productInfo is what the model knows of a product.
type productInfo struct {
	// threshold is the count its clients need (K1, K28, K31).
	threshold int
	// pool is the count its requests join on a host (K12, K33).
	pool Pool
	// selection is how its clients choose among SRV records (K20).
	selection Selection
	// ad: it can be activated by an Active Directory activation object
	// (K34: Windows 8.1+, Server 2012+, Office 2013+).
	ad bool
	// rearms is how many times a machine can be rearmed per
	// installation (K4).
	rearms int
}

// products is the one table of the products. Its order is the order of
// the outputs' columns: the 2010-era products first, as before.
var products = []struct {
	p Product
	productInfo
}{
	// K1, K20: Vista and Server 2008 pick SRV records at random; Windows
	// 7, Server 2008 R2 and Office 2010 honour priority and weight. K4:
	// Vista and 7, and their servers, can be rearmed 3 times.
	{WindowsVista, productInfo{25, PoolWindows, SelectRandom, false, MaxRearmsVista7}},
	{Windows7, productInfo{25, PoolWindows, SelectWeighted, false, MaxRearmsVista7}},
	{WindowsServer2008, productInfo{5, PoolWindows, SelectRandom, false, MaxRearmsVista7}},
	{WindowsServer2008R2, productInfo{5, PoolWindows, SelectWeighted, false, MaxRearmsVista7}},
	{Office2010, productInfo{5, PoolOffice, SelectWeighted, false, officeRearms}},
	// K31: the thresholds did not change; every later client honours
	// priority and weight (K20). K4 revised: Windows 8 and later, and
	// their servers, can be rearmed 1000 times.
	{Windows81, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{Windows10, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{Windows11, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{Windows10LTSC2019, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{Windows10LTSC2021, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{Windows11LTSC2024, productInfo{25, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2012, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2012R2, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2016, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2019, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2022, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	{WindowsServer2025, productInfo{5, PoolWindows, SelectWeighted, true, MaxRearms}},
	// K33: each Office version has its own host key and, inferred from
	// Office 2010's (K12), its own count. K4 gives no limit of rearms for
	// Office: every version keeps the limit of 3 kmssim has always used.
	{Office2013, productInfo{5, PoolOffice2013, SelectWeighted, true, officeRearms}},
	{Office2016, productInfo{5, PoolOffice2016, SelectWeighted, true, officeRearms}},
	{Office2019, productInfo{5, PoolOffice2019, SelectWeighted, true, officeRearms}},
	{OfficeLTSC2021, productInfo{5, PoolOfficeLTSC2021, SelectWeighted, true, officeRearms}},
	{OfficeLTSC2024, productInfo{5, PoolOfficeLTSC2024, SelectWeighted, true, officeRearms}},
}

// Products lists every Product in a fixed order.
var Products = func() []Product {
	out := make([]Product, len(products))
	for i, p := range products {
		out[i] = p.p
	}
	return out
}()

func (p Product) info() (productInfo, bool) {
	for _, q := range products {
		if q.p == p {
			return q.productInfo, true
		}
	}
	return productInfo{}, false
}

// Known reports whether p is one of Products.
func (p Product) Known() bool { _, ok := p.info(); return ok }

// Threshold is the count a client of product p needs before it accepts an
// activation (K1, K31): 25 for Windows clients, 5 for Windows servers and
// Office.
func (p Product) Threshold() int { i, _ := p.info(); return i.threshold }

// officeRearms is the limit of rearms of every Office version: K4 says
// nothing of Office, and 3 is the limit kmssim has always used.
const officeRearms = 3

// MaxRearms is how many times a machine of product p can be rearmed per
// installation (K4): 3 for Windows Vista and 7 and their servers, 1000
// for Windows 8 and later and theirs (K4 revised: slmgr /dlv shows 1000),
// and 3 for Office, of which K4 says nothing (the limit kmssim always
// used).
func (p Product) MaxRearms() int { i, _ := p.info(); return i.rearms }

// rearmLimitWhy says where product p's limit of rearms comes from, for
// an error (K4).
func rearmLimitWhy(p Product) string {
	if p.Pool() != PoolWindows {
		return "K4 gives Office no limit of its own; kmssim keeps 3"
	}
	return fmt.Sprintf("K4: Windows Vista and 7 and their servers; Windows 8 and later, %d", MaxRearms)
}

// Pool returns the count that requests for p join (K12, K33).
func (p Product) Pool() Pool { i, _ := p.info(); return i.pool }

// Selection returns how clients of product p choose among SRV records by
// default (K20).
func (p Product) Selection() Selection { i, _ := p.info(); return i.selection }

// AD reports whether p can be activated by an Active Directory activation
// object (K34): Windows 8.1 and later, Server 2012 and later, Office 2013
// and later.
func (p Product) AD() bool { i, _ := p.info(); return i.ad }

// Pool names the count a product's requests join on a host (K12): Windows
// clients and servers share one count; Office 2010 has its own, named
// office, and every later Office version its own again (K33).
type Pool string

// The pools of a host.
const (
	PoolWindows        Pool = "windows"
	PoolOffice         Pool = "office" // Office 2010
	PoolOffice2013     Pool = "office-2013"
	PoolOffice2016     Pool = "office-2016"
	PoolOffice2019     Pool = "office-2019"
	PoolOfficeLTSC2021 Pool = "office-ltsc-2021"
	PoolOfficeLTSC2024 Pool = "office-ltsc-2024"
)

// Pools lists every Pool in a fixed order.
var Pools = []Pool{PoolWindows, PoolOffice, PoolOffice2013, PoolOffice2016, PoolOffice2019, PoolOfficeLTSC2021, PoolOfficeLTSC2024}

// Selection is how a client picks a host among the SRV records it got (K20).
type Selection string

// The selection methods of K20.
const (
	// SelectWeighted follows RFC 2782: lowest priority first, then by weight.
	SelectWeighted Selection = "weighted"
	// SelectRandom picks uniformly among all records, ignoring both.
	SelectRandom Selection = "random"
)

// KeyGroup is the kind of KMS host key (CSVLK) installed on a host, which
// decides the products it can activate (K16, K32, K33).
type KeyGroup string

// The host keys.
const (
	// KeyWindows7 is a Windows 7 host key: it activates Vista and Windows 7.
	KeyWindows7 KeyGroup = "windows-7"
	// KeyServer2008R2 is a Windows Server 2008 R2 host key: it activates
	// every Windows volume edition of its time, clients and servers.
	KeyServer2008R2 KeyGroup = "windows-server-2008r2"
	// KeyOffice2010 is the Office 2010 host key: Office, Project and Visio.
	KeyOffice2010 KeyGroup = "office-2010"

	KeyWindows10      KeyGroup = "windows-10"
	KeyServer2016     KeyGroup = "windows-server-2016"
	KeyServer2019     KeyGroup = "windows-server-2019"
	KeyServer2022     KeyGroup = "windows-server-2022"
	KeyServer2025     KeyGroup = "windows-server-2025"
	KeyOffice2013     KeyGroup = "office-2013"
	KeyOffice2016     KeyGroup = "office-2016"
	KeyOffice2019     KeyGroup = "office-2019"
	KeyOfficeLTSC2021 KeyGroup = "office-ltsc-2021"
	KeyOfficeLTSC2024 KeyGroup = "office-ltsc-2024"
)

// HostOS is the operating system of a KMS host, which decides the host
// keys it can hold (K32, K33).
type HostOS string

// The host operating systems a scenario can name.
const (
	OSServer2008R2 HostOS = "windows-server-2008r2"
	OSServer2012   HostOS = "windows-server-2012"
	OSServer2012R2 HostOS = "windows-server-2012r2"
	OSServer2016   HostOS = "windows-server-2016"
	OSServer2019   HostOS = "windows-server-2019"
	OSServer2022   HostOS = "windows-server-2022"
	OSServer2025   HostOS = "windows-server-2025"
	OSWindows7     HostOS = "windows-7"
	OSWindows81    HostOS = "windows-8.1"
	OSWindows10    HostOS = "windows-10"
	OSWindows11    HostOS = "windows-11"
)

// HostOSes lists every HostOS, servers then clients, oldest first.
var HostOSes = []HostOS{OSServer2008R2, OSServer2012, OSServer2012R2, OSServer2016, OSServer2019, OSServer2022, OSServer2025, OSWindows7, OSWindows81, OSWindows10, OSWindows11}

// keyInfo is what a host key activates and where it can be installed.
type keyInfo struct {
	// activates lists the products a host with the key activates.
	activates []Product
	// windows: a Windows host key; a host holds at most one (K32).
	windows bool
	// on lists the host OSes the key can be installed on; nil: not
	// checked (the 2010-era keys, whose documents do not say).
	on []HostOS
}

var (
	servers2008to2016 = []Product{WindowsServer2008, WindowsServer2008R2, WindowsServer2012, WindowsServer2012R2, WindowsServer2016}
	servers2008to2019 = append(slices.Clone(servers2008to2016), WindowsServer2019)
	servers2008to2022 = append(slices.Clone(servers2008to2019), WindowsServer2022)
	servers2008to2025 = append(slices.Clone(servers2008to2022), WindowsServer2025)
	// K32's minimum host OS of the newer Office host keys (K33), and the
	// OSes after it.
	sinceServer2008R2 = []HostOS{OSServer2008R2, OSServer2012, OSServer2012R2, OSServer2016, OSServer2019, OSServer2022, OSServer2025, OSWindows7, OSWindows81, OSWindows10, OSWindows11}
	sinceServer2012   = []HostOS{OSServer2012, OSServer2012R2, OSServer2016, OSServer2019, OSServer2022, OSServer2025, OSWindows81, OSWindows10, OSWindows11}
	sinceServer2016   = []HostOS{OSServer2016, OSServer2019, OSServer2022, OSServer2025, OSWindows10, OSWindows11}
	sinceServer2022   = []HostOS{OSServer2022, OSServer2025, OSWindows10, OSWindows11}
)

// keys is the one table of the host keys: the activation matrix of K16,
// K32 and K33.
var keys = []struct {
	k KeyGroup
	keyInfo
}{
	// K16: the 2010-era keys.
	{KeyWindows7, keyInfo{[]Product{WindowsVista, Windows7}, true, nil}},
	{KeyServer2008R2, keyInfo{[]Product{WindowsVista, Windows7, WindowsServer2008, WindowsServer2008R2}, true, nil}},
	{KeyOffice2010, keyInfo{[]Product{Office2010}, false, nil}},
	// K32. The Windows 10 client key activates client editions only; its
	// LTSC editions are Windows 10 client editions (inferred).
	{KeyWindows10, keyInfo{[]Product{Windows7, Windows81, Windows10, Windows10LTSC2019, Windows10LTSC2021}, true,
		[]HostOS{OSWindows7, OSWindows81, OSWindows10}}},
	// K32: LTSB 2015/2016 are the LTSB editions of its time; none of the
	// LTSC editions modelled here.
	{KeyServer2016, keyInfo{append([]Product{Windows7, Windows81, Windows10}, servers2008to2016...), true,
		[]HostOS{OSServer2012, OSServer2012R2, OSServer2016}}},
	// K32: the planning page lists no Windows 11 for a Server 2019 key; we
	// keep that, and it is uncertain.
	{KeyServer2019, keyInfo{append([]Product{Windows7, Windows81, Windows10, Windows10LTSC2019, Windows10LTSC2021}, servers2008to2019...), true,
		[]HostOS{OSServer2012R2, OSServer2016, OSServer2019}}},
	// K32: not Windows 11 LTSC 2024.
	{KeyServer2022, keyInfo{append([]Product{Windows7, Windows81, Windows10, Windows11, Windows10LTSC2019, Windows10LTSC2021}, servers2008to2022...), true,
		[]HostOS{OSServer2016, OSServer2019, OSServer2022}}},
	{KeyServer2025, keyInfo{append([]Product{Windows7, Windows81, Windows10, Windows11, Windows10LTSC2019, Windows10LTSC2021, Windows11LTSC2024}, servers2008to2025...), true,
		[]HostOS{OSServer2019, OSServer2022, OSServer2025}}},
	// K33: each Office version's key activates that version; the minimum
	// host OS of Office 2013 is not given and is taken as Office 2016's
	// (inferred).
	{KeyOffice2013, keyInfo{[]Product{Office2013}, false, sinceServer2008R2}},
	{KeyOffice2016, keyInfo{[]Product{Office2016}, false, sinceServer2008R2}},
	{KeyOffice2019, keyInfo{[]Product{Office2019}, false, sinceServer2012}},
	{KeyOfficeLTSC2021, keyInfo{[]Product{OfficeLTSC2021}, false, sinceServer2016}},
	{KeyOfficeLTSC2024, keyInfo{[]Product{OfficeLTSC2024}, false, sinceServer2022}},
}

// KeyGroups lists every KeyGroup in a fixed order.
var KeyGroups = func() []KeyGroup {
	out := make([]KeyGroup, len(keys))
	for i, k := range keys {
		out[i] = k.k
	}
	return out
}()

func (k KeyGroup) info() (keyInfo, bool) {
	for _, q := range keys {
		if q.k == k {
			return q.keyInfo, true
		}
	}
	return keyInfo{}, false
}

// Known reports whether k is one of KeyGroups.
func (k KeyGroup) Known() bool { _, ok := k.info(); return ok }

// Activates reports whether a host with key k can activate product p (K16,
// K32, K33).
func (k KeyGroup) Activates(p Product) bool {
	i, _ := k.info()
	return slices.Contains(i.activates, p)
}

// Windows reports whether k is a Windows host key (rather than Office's).
func (k KeyGroup) Windows() bool { i, _ := k.info(); return i.windows }

// InstallsOn reports whether key k can be installed on a host running os
// (K32, K33), and lists the OSes it can; nil means any.
func (k KeyGroup) InstallsOn(os HostOS) (bool, []HostOS) {
	i, _ := k.info()
	return i.on == nil || slices.Contains(i.on, os), i.on
}

// Known reports whether os is one of HostOSes.
func (os HostOS) Known() bool { return slices.Contains(HostOSes, os) }

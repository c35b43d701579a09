package scenarios

import "slices"

// Product is a volume-licensed product a client asks a KMS host to
// activate (K1). Physical and virtual machines count alike (K2), so the
// model does not tell them apart: a VM is a client like any other.
type Product string

// The products of the model (K1). Vista and Windows 7 are Windows clients,
// Server 2008 and 2008 R2 are Windows servers; Office 2010 stands for Office,
// Project and Visio 2010, which share one host key and one count.
const (
	WindowsVista        Product = "windows-vista"
	Windows7            Product = "windows-7"
	WindowsServer2008   Product = "windows-server-2008"
	WindowsServer2008R2 Product = "windows-server-2008r2"
	Office2010          Product = "office-2010"
)

// Products lists every Product in a fixed order.
var Products = []Product{WindowsVista, Windows7, WindowsServer2008, WindowsServer2008R2, Office2010}

// Pool names the count a product's requests join on a host (K12): Windows
// clients and servers share one count, Office has its own.
type Pool string

// The pools of a host.
const (
	PoolWindows Pool = "windows"
	PoolOffice  Pool = "office"
)

// Pools lists every Pool in a fixed order.
var Pools = []Pool{PoolWindows, PoolOffice}

// Known reports whether p is one of Products.
func (p Product) Known() bool { return slices.Contains(Products, p) }

// Threshold is the count a client of product p needs before it accepts an
// activation (K1): 25 for Windows clients, 5 for Windows servers and Office.
func (p Product) Threshold() int {
	switch p {
	case WindowsVista, Windows7:
		return 25
	}
	return 5
}

// Pool returns the count that requests for p join (K12).
func (p Product) Pool() Pool {
	if p == Office2010 {
		return PoolOffice
	}
	return PoolWindows
}

// Selection returns how clients of product p choose among SRV records by
// default (K20): Windows 7, Server 2008 R2 and Office 2010 (which runs on
// their licensing service) honour priority and weight; Vista and Server
// 2008 pick at random.
func (p Product) Selection() Selection {
	switch p {
	case WindowsVista, WindowsServer2008:
		return SelectRandom
	}
	return SelectWeighted
}

// Selection is how a client picks a host among the SRV records it got (K20).
type Selection string

// The selection methods of K20.
const (
	// SelectWeighted follows RFC 2782: lowest priority first, then by weight.
	SelectWeighted Selection = "weighted"
	// SelectRandom picks uniformly among all records, ignoring both.
	SelectRandom Selection = "random"
)

// KeyGroup is the kind of KMS host key installed on a host, which decides
// the products it can activate (K16).
type KeyGroup string

// The host key groups of K16.
const (
	// KeyWindows7 is a Windows 7 host key: it activates Vista and Windows 7.
	KeyWindows7 KeyGroup = "windows-7"
	// KeyServer2008R2 is a Windows Server 2008 R2 host key: it activates
	// every Windows volume edition, clients and servers.
	KeyServer2008R2 KeyGroup = "windows-server-2008r2"
	// KeyOffice2010 is the Office 2010 host key: Office, Project and Visio.
	KeyOffice2010 KeyGroup = "office-2010"
)

// KeyGroups lists every KeyGroup in a fixed order.
var KeyGroups = []KeyGroup{KeyWindows7, KeyServer2008R2, KeyOffice2010}

// Known reports whether k is one of KeyGroups.
func (k KeyGroup) Known() bool { return slices.Contains(KeyGroups, k) }

// Activates reports whether a host with key k can activate product p (K16).
func (k KeyGroup) Activates(p Product) bool {
	switch k {
	case KeyWindows7:
		return p == WindowsVista || p == Windows7
	case KeyServer2008R2:
		return p.Pool() == PoolWindows
	case KeyOffice2010:
		return p == Office2010
	}
	return false
}

package eventlog

import "github.com/kmssim/kmssim/scenarios"

// activationIDs maps the activation ids (SKU ids) of volume editions, as
// the events and slmgr /dlv write them, to the products of the model
// (K31). An edition not listed is taken from the minimum count its
// clients ask for (productForCount), with a warning.
//
// Windows 10 LTSC 2019 and 2021 and Windows 11 LTSC 2024 share one setup
// key (GVLK) and one activation id; the import takes them as LTSC 2021,
// which the same host keys activate, except a Windows Server 2022 key
// (K32): edit the group's product where it matters.
var activationIDs = map[string]scenarios.Product{
	// Windows 7
	"ae2ee509-1b34-41c0-acb7-6d4650168915": scenarios.Windows7, // Enterprise
	"b92e9980-b9d5-4821-9c94-140f632f6312": scenarios.Windows7, // Professional
	// Windows 8.1
	"81671aaf-79d1-4eb1-b004-8cbbe173afea": scenarios.Windows81, // Enterprise
	"c06b6981-d7fd-4a35-b7b4-054742b7af67": scenarios.Windows81, // Pro
	// Windows 10 and 11 share their editions' keys and ids (K31): the
	// import takes them as Windows 10, which every host key that
	// activates 11 activates too (K32).
	"73111121-5638-40f6-bc11-f1d7b0d64300": scenarios.Windows10, // Enterprise
	"2de67392-b7a7-462a-b1ca-108dd189f588": scenarios.Windows10, // Pro
	"e0c42288-980c-4788-a014-c080d2e1926e": scenarios.Windows10, // Education
	"32d2fab3-e4a8-42c2-923b-4bf4fd13e6ee": scenarios.Windows10LTSC2021,
	// Windows Server
	"b3ca044e-a358-4d68-9883-aaa2941aca99": scenarios.WindowsServer2012R2, // Standard
	"00091344-1ea4-4f37-b789-01750ba6988c": scenarios.WindowsServer2012R2, // Datacenter
	"8c1c5410-9f39-4805-8c9d-63a07706358f": scenarios.WindowsServer2016,   // Standard
	"21c56779-b449-4d20-adfc-eece0e1ad74b": scenarios.WindowsServer2016,   // Datacenter
	"de32eafd-aaee-4662-9444-c1befb41bde2": scenarios.WindowsServer2019,   // Standard
	"34e1ae55-27f8-4950-8877-7a03be5fb181": scenarios.WindowsServer2019,   // Datacenter
	"9bd77860-9b31-4b7b-96ad-2564017315bf": scenarios.WindowsServer2022,   // Standard
	"ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03": scenarios.WindowsServer2022,   // Datacenter
	// Office Professional Plus
	"6f327760-8c5c-417c-9b61-836a98287e0c": scenarios.Office2010,
	"b322da9c-a2e2-4058-9e4e-f59a6970bd69": scenarios.Office2013,
	"d450596f-894d-49e0-966a-fd39ed4c4c64": scenarios.Office2016,
	"85dd8b5f-eaa4-4af3-a628-cce9e77c9a03": scenarios.Office2019,
	"fbdb3e18-a8ef-4fb3-9183-dffd60bd0984": scenarios.OfficeLTSC2021,
}

// ActivationID returns an activation id of product p that the import
// recognises, or "" for none; the tests write exports with it.
func ActivationID(p scenarios.Product) string {
	best := ""
	for id, q := range activationIDs {
		if q == p && (best == "" || id < best) {
			best = id // the smallest, so that the choice does not depend on the map's order
		}
	}
	return best
}

// productForCount is the product a request for an unknown activation id
// stands for, by the minimum count it asked for (K31): a Windows client
// for 25, a Windows server for anything less. Office asks for 5 too, but
// an unknown Office id cannot be told from a server's: it joins the
// Windows count, with a warning.
func productForCount(n int) scenarios.Product {
	if n >= 25 {
		return scenarios.Windows10
	}
	return scenarios.WindowsServer2022
}

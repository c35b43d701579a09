package eventlog

import (
	"fmt"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
)

// editionRow is one volume edition: the activation id (SKU id) its clients
// send and KMS hosts log in event 12290 and slmgr /dlv (lower case), the
// product of the model (K31) it counts as, and the edition's name.
type editionRow struct {
	id      string
	product scenarios.Product
	name    string
}

// editions lists every volume (KMS client, GVLK) edition of the products
// of the model, grouped by product. The requests of an edition not listed
// are counted in a pool of their own (UnknownPool), with a warning.
//
// Sources. Each row's id, and the GVLK its comment names, is from py-kms's
// py-kms/KmsDataBase.xml (github.com/Py-KMS-Organization/py-kms, commit
// b0e1615; the older copy in SystemRage/py-kms, commit a3b0c85, gives the
// same GVLK for every listed id it holds), which pairs each id with its
// GVLK and its KMS item, the group of editions one host key activates. "MS GVLK page"
// marks a row whose GVLK Microsoft lists for that edition: "Key Management
// Services (KMS) client activation and product keys" (Windows and Windows
// Server, ms.date 2024-10-01) or "GVLKs for KMS and Active Directory-based
// activation of Office, Project, and Visio" (Office 2016 to LTSC 2024,
// ms.date 2024-09-18); names are Microsoft's where it lists the edition.
// No Microsoft page for the GVLKs of Office 2010 and 2013 was at hand:
// their rows rest on KmsDataBase.xml alone.
//
// What is listed: every released edition, with a GVLK, of the KMS items
// of the modelled products. Left out: retail editions (Home, Core), which
// no KMS host key activates; previews and Insider editions; editions that
// were never released (Windows 10 S "Lean", Windows 10 Remote Server);
// Windows 8, which the model does not have; and Office retail editions.
//
// The first row of each product is the id ActivationID returns for it:
// for the products the table had before, the id it returned then.
var editions = []editionRow{
	// Windows Vista (KMS item "Windows Vista").
	{"cfd8ff08-c0d7-452b-9f60-ef5c70c32094", scenarios.WindowsVista, "Windows Vista Enterprise"},   // KmsDataBase.xml VKK3X-68KWM-X2YGT-QR4M6-4BWMV; MS GVLK page
	{"4f3d1606-3fea-4c01-be3c-8d671c401e3b", scenarios.WindowsVista, "Windows Vista Business"},     // KmsDataBase.xml YFKBB-PQJJV-G996G-VWGXY-2V3X8; MS GVLK page
	{"2c682dc2-8b68-4f63-a165-ae291d4cf138", scenarios.WindowsVista, "Windows Vista Business N"},   // KmsDataBase.xml HMBQG-8H2RH-C77VX-27R82-VMQBT; MS GVLK page
	{"d4f54950-26f2-4fb4-ba21-ffab16afcade", scenarios.WindowsVista, "Windows Vista Enterprise N"}, // KmsDataBase.xml VTC42-BM838-43QHV-84HX6-XJXKV; MS GVLK page

	// Windows 7 (KMS item "Windows 7"), with its ThinPC and embedded
	// editions, which the item holds too.
	{"ae2ee509-1b34-41c0-acb7-6d4650168915", scenarios.Windows7, "Windows 7 Enterprise"},        // KmsDataBase.xml 33PXH-7Y6KF-2VJC9-XBBR8-HVTHH; MS GVLK page
	{"46bbed08-9c7b-48fc-a614-95250573f4ea", scenarios.Windows7, "Windows 7 Enterprise E"},      // KmsDataBase.xml C29WB-22CC8-VJ326-GHFJW-H9DH4; MS GVLK page
	{"1cb6d605-11b3-4e14-bb30-da91c8e3983a", scenarios.Windows7, "Windows 7 Enterprise N"},      // KmsDataBase.xml YDRBP-3D83W-TY26F-D46B2-XCKRJ; MS GVLK page
	{"b92e9980-b9d5-4821-9c94-140f632f6312", scenarios.Windows7, "Windows 7 Professional"},      // KmsDataBase.xml FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4; MS GVLK page
	{"5a041529-fef8-4d07-b06f-b59b573b32d2", scenarios.Windows7, "Windows 7 Professional E"},    // KmsDataBase.xml W82YF-2Q76Y-63HXB-FGJG9-GF7QX; MS GVLK page
	{"54a09a0d-d57b-4c10-8b69-a842d6590ad5", scenarios.Windows7, "Windows 7 Professional N"},    // KmsDataBase.xml MRPKT-YTG23-K7D7T-X2JMM-QY7MG; MS GVLK page
	{"aa6dd3aa-c2b4-40e2-a544-a6bbb3f5c395", scenarios.Windows7, "Windows 7 ThinPC"},            // KmsDataBase.xml 73KQT-CD9G6-K7TQG-66MRP-CQ22C
	{"db537896-376f-48ae-a492-53d0547773d0", scenarios.Windows7, "Windows 7 Embedded POSReady"}, // KmsDataBase.xml YBYF6-BHCR3-JPKRB-CDW7B-F9BK4
	{"e1a8296a-db37-44d1-8cce-7bc961d59c54", scenarios.Windows7, "Windows 7 Embedded Standard"}, // KmsDataBase.xml XGY72-BRBBT-FF8MH-2GG8H-W7KCW

	// Windows 8.1 (KMS item "Windows 8.1 (Volume)"), with the embedded and
	// Core Connected (with Bing) editions the item holds. Windows 8 is no
	// product of the model: its ids are unknown to the import.
	{"81671aaf-79d1-4eb1-b004-8cbbe173afea", scenarios.Windows81, "Windows 8.1 Enterprise"},                      // KmsDataBase.xml MHF9N-XY6XB-WVXMC-BTDCT-MKKG7; MS GVLK page
	{"113e705c-fa49-48a4-beea-7dd879b46b14", scenarios.Windows81, "Windows 8.1 Enterprise N"},                    // KmsDataBase.xml TT4HM-HN7YT-62K67-RGRQJ-JFFXW; MS GVLK page
	{"c06b6981-d7fd-4a35-b7b4-054742b7af67", scenarios.Windows81, "Windows 8.1 Pro"},                             // KmsDataBase.xml GCRJD-8NW9H-F2CDX-CCM8D-9D6T9; MS GVLK page
	{"7476d79f-8e48-49b4-ab63-4d0b813a16e4", scenarios.Windows81, "Windows 8.1 Pro N"},                           // KmsDataBase.xml HMCNV-VVBFX-7HMBH-CTY9B-B4FXY; MS GVLK page
	{"f7e88590-dfc7-4c78-bccb-6f3865b99d1a", scenarios.Windows81, "Windows 8.1 Embedded Industry Automotive"},    // KmsDataBase.xml VHXM3-NR6FT-RY6RT-CK882-KW2CJ
	{"cd4e2d9f-5059-4a50-a92d-05d5bb1267c7", scenarios.Windows81, "Windows 8.1 Embedded Industry Enterprise"},    // KmsDataBase.xml FNFKF-PWTVT-9RC8H-32HB2-JB34X
	{"0ab82d54-47f4-4acb-818c-cc5bf0ecb649", scenarios.Windows81, "Windows 8.1 Embedded Industry Professional"},  // KmsDataBase.xml NMMPB-38DD4-R2823-62W8D-VXKJB
	{"e9942b32-2e55-4197-b0bd-5ff58cba8860", scenarios.Windows81, "Windows 8.1 Core Connected"},                  // KmsDataBase.xml 3PY8R-QHNP9-W7XQD-G6DPH-3J2C9
	{"c6ddecd6-2354-4c19-909b-306a3058484e", scenarios.Windows81, "Windows 8.1 Core Connected N"},                // KmsDataBase.xml Q6HTR-N24GM-PMJFP-69CD8-2GXKR
	{"ba998212-460a-44db-bfb5-71bf09d1c68b", scenarios.Windows81, "Windows 8.1 Core Connected Country Specific"}, // KmsDataBase.xml R962J-37N87-9VVK2-WJ74P-XTMHR
	{"b8f5e3a3-ed33-4608-81e1-37d6c9dcfd9c", scenarios.Windows81, "Windows 8.1 Core Connected Single Language"},  // KmsDataBase.xml KF37N-VDV38-GRRTV-XH8X6-6F3BB

	// Windows 10 and 11 share their editions' keys and ids (K31): the
	// import takes them as Windows 10, which every host key that activates
	// 11 activates too (K32). KMS item "Windows 10/11 2015 (Volume)", and
	// the others named in a row. LTSB 2015 and 2016 are Windows 10 editions
	// of their time (K32) and import as windows-10; so does Enterprise
	// multi-session, whose KMS item asks for a count of 5.
	{"2de67392-b7a7-462a-b1ca-108dd189f588", scenarios.Windows10, "Windows 10/11 Pro"},                      // KmsDataBase.xml W269N-WFGWX-YVC9B-4J6C9-T83GX; MS GVLK page
	{"ec868e65-fadf-4759-b23e-93fe37f2cc29", scenarios.Windows10, "Windows 10/11 Enterprise multi-session"}, // KmsDataBase.xml CPWHC-NT2C7-VYW78-DHDB2-PG3GK (Windows 10 ServerRdsh (Volume))
	{"e0b2d383-d112-413f-8a80-97f373a5820c", scenarios.Windows10, "Windows 10/11 Enterprise G"},             // KmsDataBase.xml YYVX9-NTFWV-6MDM3-9PT4T-4M68B (Windows 10/11 China Government); MS GVLK page
	{"e38454fb-41a4-4f59-a5dc-25080e354730", scenarios.Windows10, "Windows 10/11 Enterprise G N"},           // KmsDataBase.xml 44RPN-FTY23-9VTTB-MP9BX-T84FV (Windows 10/11 China Government); MS GVLK page
	{"2d5a5a60-3040-48bf-beb0-fcd770c20ce0", scenarios.Windows10, "Windows 10 Enterprise LTSB 2016"},        // KmsDataBase.xml DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ (Windows 10 2016 (Volume)); MS GVLK page
	{"9f776d83-7156-45b2-8a5c-359b9c9f22a3", scenarios.Windows10, "Windows 10 Enterprise N LTSB 2016"},      // KmsDataBase.xml QFFDN-GRT3P-VKWWX-X7T3R-8B639 (Windows 10 2016 (Volume)); MS GVLK page
	{"7b51a46c-0c04-4e8f-9af4-8496cca90d5e", scenarios.Windows10, "Windows 10 Enterprise LTSB 2015"},        // KmsDataBase.xml WNMTR-4C88C-JK8YV-HQ7T2-76DF9; MS GVLK page
	{"87b838b7-41b6-4590-8318-5797951d8529", scenarios.Windows10, "Windows 10 Enterprise N LTSB 2015"},      // KmsDataBase.xml 2F77B-TNFGY-69QQF-B8YKP-D69TJ; MS GVLK page
	{"e0c42288-980c-4788-a014-c080d2e1926e", scenarios.Windows10, "Windows 10/11 Education"},                // KmsDataBase.xml NW6C2-QMPVW-D7KKK-3GKT6-VCFB2; MS GVLK page
	{"3c102355-d027-42c6-ad23-2e7ef8a02585", scenarios.Windows10, "Windows 10/11 Education N"},              // KmsDataBase.xml 2WH4N-8QGBV-H22JP-CT43Q-MDWWJ; MS GVLK page
	{"73111121-5638-40f6-bc11-f1d7b0d64300", scenarios.Windows10, "Windows 10/11 Enterprise"},               // KmsDataBase.xml NPPR9-FWDCX-D2C8J-H872K-2YT43; MS GVLK page
	{"e272e3e2-732f-4c65-a8f0-484747d0d947", scenarios.Windows10, "Windows 10/11 Enterprise N"},             // KmsDataBase.xml DPH2V-TTNVB-4X9Q3-TJR4H-KHJW4; MS GVLK page
	{"a80b5abf-76ad-428b-b05d-a47d2dffeebf", scenarios.Windows10, "Windows 10/11 Pro N"},                    // KmsDataBase.xml MH37W-N47XK-V7XM9-C7227-GCQG9; MS GVLK page
	{"3f1afc82-f8ac-4f6c-8005-1d233e606eee", scenarios.Windows10, "Windows 10/11 Pro Education"},            // KmsDataBase.xml 6TP4R-GNPTD-KYYHQ-7B7DP-J447Y; MS GVLK page
	{"5300b18c-2e33-4dc2-8291-47ffcec746dd", scenarios.Windows10, "Windows 10/11 Pro Education N"},          // KmsDataBase.xml YVWGF-BXNMC-HTQYQ-CPQ99-66QFC; MS GVLK page
	{"82bbc092-bc50-4e16-8e18-b74fc486aec3", scenarios.Windows10, "Windows 10/11 Pro for Workstations"},     // KmsDataBase.xml NRG8B-VKK3Q-CXVCJ-9G2XF-6Q84J; MS GVLK page
	{"4b1571d3-bafb-4b40-8087-a961be2caf65", scenarios.Windows10, "Windows 10/11 Pro for Workstations N"},   // KmsDataBase.xml 9FNHH-K3HBT-3W4TD-6383H-6XYWF; MS GVLK page
	{"ca7df2e3-5ea0-47b8-9ac1-b1be4d8edd69", scenarios.Windows10, "Windows 11 SE"},                          // KmsDataBase.xml 37D7F-N49CB-WQR8W-TBJ73-FM8RX
	{"d30136fc-cb4b-416e-a23d-87207abc44a9", scenarios.Windows10, "Windows 11 SE N"},                        // KmsDataBase.xml 6XN7V-PCBDC-BDBRH-8DQY7-G6R44

	// Windows 10 LTSC 2019 and 2021 and Windows 11 LTSC 2024 share one setup
	// key (GVLK) and one activation id, and so do their IoT editions of 2021
	// and 2024: the import takes them as LTSC 2021, which the same host keys
	// activate, except a Windows Server 2022 key (K32): edit the group's
	// product where it matters. KMS item "Windows 10 2019 (Volume)".
	{"32d2fab3-e4a8-42c2-923b-4bf4fd13e6ee", scenarios.Windows10LTSC2021, "Windows 10/11 Enterprise LTSC 2019/2021/2024"},   // KmsDataBase.xml M7XTQ-FN8P6-TTKYV-9D4CC-J462D; MS GVLK page
	{"7103a333-b8c8-49cc-93ce-d37c09687f92", scenarios.Windows10LTSC2021, "Windows 10/11 Enterprise N LTSC 2019/2021/2024"}, // KmsDataBase.xml 92NFX-8DJQP-P6BBQ-THF9C-7CG2H; MS GVLK page
	{"59eb965c-9150-42b7-a0ec-22151b9897c5", scenarios.Windows10LTSC2021, "Windows 10/11 IoT Enterprise LTSC 2021/2024"},    // KmsDataBase.xml KBN8V-HFGQ4-MGXVD-347P6-PDQGT (Windows 10/11 2015 (Volume)); MS GVLK page

	// Windows Server 2008 (KMS items "Windows Server 2008 A/B/C").
	{"68b6e220-cf09-466b-92d3-45cd964b9509", scenarios.WindowsServer2008, "Windows Server 2008 Datacenter"},                 // KmsDataBase.xml 7M67G-PC374-GR742-YH8V4-TCBY3; MS GVLK page
	{"ddfa9f7c-f09e-40b9-8c1a-be877a9a7f4b", scenarios.WindowsServer2008, "Windows Web Server 2008"},                        // KmsDataBase.xml WYR28-R7TFJ-3X2YQ-YCY4H-M249D; MS GVLK page
	{"7afb1156-2c1d-40fc-b260-aab7442b62fe", scenarios.WindowsServer2008, "Windows Server 2008 HPC"},                        // KmsDataBase.xml RCTX3-KWVHP-BR6TB-RB6DM-6X7HP; MS GVLK page
	{"ad2542d4-9154-4c6d-8a44-30f11ee96989", scenarios.WindowsServer2008, "Windows Server 2008 Standard"},                   // KmsDataBase.xml TM24T-X9RMF-VWXK6-X8JC9-BFGM2; MS GVLK page
	{"2401e3d0-c50a-4b58-87b2-7e794b7d2607", scenarios.WindowsServer2008, "Windows Server 2008 Standard without Hyper-V"},   // KmsDataBase.xml W7VD6-7JFBR-RX26B-YKQ3Y-6FFFJ; MS GVLK page
	{"c1af4d90-d1bc-44ca-85d4-003ba33db3b9", scenarios.WindowsServer2008, "Windows Server 2008 Enterprise"},                 // KmsDataBase.xml YQGMW-MPWTJ-34KDK-48M3W-X4Q6V; MS GVLK page
	{"8198490a-add0-47b2-b3ba-316b12d647b4", scenarios.WindowsServer2008, "Windows Server 2008 Enterprise without Hyper-V"}, // KmsDataBase.xml 39BXF-X8Q23-P2WWT-38T2F-G3FPG; MS GVLK page
	{"fd09ef77-5647-4eff-809c-af2b64659a45", scenarios.WindowsServer2008, "Windows Server 2008 Datacenter without Hyper-V"}, // KmsDataBase.xml 22XQ2-VRXRG-P8D42-K34TD-G3QQC; MS GVLK page
	{"01ef176b-3e0d-422a-b4f8-4ea880035e8f", scenarios.WindowsServer2008, "Windows Server 2008 for Itanium-Based Systems"},  // KmsDataBase.xml 4DWFP-JF3DJ-B7DTH-78FJB-PDRHK; MS GVLK page

	// Windows Server 2008 R2 (KMS items "Windows Server 2008 R2 A/B/C"), with
	// MultiPoint Server 2010, which item A holds.
	{"7482e61b-c589-4b7f-8ecc-46d455ac3b87", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 Datacenter"},                // KmsDataBase.xml 74YFP-3QFB3-KQT8W-PMXWJ-7M648; MS GVLK page
	{"f772515c-0e87-48d5-a676-e6962c3e1195", scenarios.WindowsServer2008R2, "Windows MultiPoint Server 2010"},                   // KmsDataBase.xml 736RG-XDKJK-V34PF-BHK87-J6X3K
	{"a78b8bd9-8017-4df5-b86a-09f756affa7c", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 Web"},                       // KmsDataBase.xml 6TPJF-RBVHG-WBW2R-86QPH-6RTM4; MS GVLK page
	{"cda18cf3-c196-46ad-b289-60c072869994", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 HPC edition"},               // KmsDataBase.xml TT8MH-CG224-D3D7Q-498W2-9QCTX; MS GVLK page
	{"68531fb9-5511-4989-97be-d11a0f55633f", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 Standard"},                  // KmsDataBase.xml YC6KT-GKW9T-YTKYR-T4X34-R7VHC; MS GVLK page
	{"620e2b3d-09e7-42fd-802a-17a13652fe7a", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 Enterprise"},                // KmsDataBase.xml 489J6-VHDMP-X63PK-3K798-CPX3Y; MS GVLK page
	{"8a26851c-1c7e-48d3-a687-fbca9b9ac16b", scenarios.WindowsServer2008R2, "Windows Server 2008 R2 for Itanium-based Systems"}, // KmsDataBase.xml GT63C-RJFQ3-4GMB6-BRFB9-CB83V; MS GVLK page

	// Windows Server 2012 (KMS item "Windows Server 2012").
	{"d3643d60-0c42-412d-a7d6-52e6635327f6", scenarios.WindowsServer2012, "Windows Server 2012 Datacenter"},          // KmsDataBase.xml 48HP8-DN98B-MYWDG-T2DCC-8W83P; MS GVLK page
	{"8f365ba6-c1b9-4223-98fc-282a0756a3ed", scenarios.WindowsServer2012, "Windows Server 2012 Essentials"},          // KmsDataBase.xml HTDQM-NBMMG-KGYDT-2DTKT-J2MPV; MS GVLK page; SystemRage's copy names the id a 2012 R2 preview
	{"f0f5ec41-0d55-4732-af02-440a44a3cf0f", scenarios.WindowsServer2012, "Windows Server 2012 Standard"},            // KmsDataBase.xml XC9B7-NBPP2-83J2H-RHMBY-92BT4; MS GVLK page
	{"95fd1c83-7df5-494a-be8b-1300e1c9d1cd", scenarios.WindowsServer2012, "Windows Server 2012 MultiPoint Premium"},  // KmsDataBase.xml XNH6W-2V9GX-RGJ4K-Y8X6F-QGJ2G; MS GVLK page
	{"7d5486c7-e120-4771-b7f1-7b56c6d3170c", scenarios.WindowsServer2012, "Windows Server 2012 MultiPoint Standard"}, // KmsDataBase.xml HM7DN-YVMH3-46JC3-XYTG7-CYQJJ; MS GVLK page

	// Windows Server 2012 R2 (KMS item "Windows Server 2012 R2").
	{"00091344-1ea4-4f37-b789-01750ba6988c", scenarios.WindowsServer2012R2, "Windows Server 2012 R2 Datacenter"},    // KmsDataBase.xml W3GGN-FT8W3-Y4M27-J84CP-Q3VJ9; MS GVLK page
	{"21db6ba4-9a7b-4a14-9e29-64a60c59301d", scenarios.WindowsServer2012R2, "Windows Server 2012 R2 Essentials"},    // KmsDataBase.xml KNC87-3J2TX-XB4WP-VCPJV-M4FWM; MS GVLK page
	{"b3ca044e-a358-4d68-9883-aaa2941aca99", scenarios.WindowsServer2012R2, "Windows Server 2012 R2 Standard"},      // KmsDataBase.xml D2N9P-3P6X9-2R39C-7RTCD-MDVJX; MS GVLK page
	{"b743a2be-68d4-4dd3-af32-92425b7bb623", scenarios.WindowsServer2012R2, "Windows Server 2012 R2 Cloud Storage"}, // KmsDataBase.xml 3NPTF-33KPT-GGBPR-YX76B-39KDD

	// Windows Server 2016 (KMS item "Windows Server 2016"), with the
	// semi-annual channel's version 1803, which the item holds: it imports
	// as its nearest product, 2016. Version 1709 has GVLKs on the MS page
	// but no id in KmsDataBase.xml.
	{"21c56779-b449-4d20-adfc-eece0e1ad74b", scenarios.WindowsServer2016, "Windows Server 2016 Datacenter"},                                // KmsDataBase.xml CB7KF-BWN84-R7R2Y-793K2-8XDDG; MS GVLK page
	{"3dbf341b-5f6c-4fa7-b936-699dce9e263f", scenarios.WindowsServer2016, "Windows Server 2016 Azure Core"},                                // KmsDataBase.xml VP34G-4NPPG-79JTQ-864T4-R3MQX
	{"2b5a1b0f-a5ab-4c54-ac2f-a6d94824a283", scenarios.WindowsServer2016, "Windows Server 2016 Essentials"},                                // KmsDataBase.xml JCKRF-N37P4-C2D82-9YXRT-4M63B; MS GVLK page
	{"8c1c5410-9f39-4805-8c9d-63a07706358f", scenarios.WindowsServer2016, "Windows Server 2016 Standard"},                                  // KmsDataBase.xml WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY; MS GVLK page
	{"43d9af6e-5e86-4be8-a797-d072a046896c", scenarios.WindowsServer2016, "Windows Server 2016 ARM64"},                                     // KmsDataBase.xml K9FYF-G6NCK-73M32-XMVPY-F9DRR
	{"e49c08e7-da82-42f8-bde2-b570fbcae76c", scenarios.WindowsServer2016, "Windows Server Datacenter, version 1803 (Semi-Annual Channel)"}, // KmsDataBase.xml 2HXDN-KRXHB-GPYC7-YCKFJ-7FVDG; MS GVLK page
	{"61c5ef22-f14f-4553-a824-c4b31e84b100", scenarios.WindowsServer2016, "Windows Server Standard, version 1803 (Semi-Annual Channel)"},   // KmsDataBase.xml PTXN8-JFHJM-4WC78-MPCBR-9W4KR; MS GVLK page
	{"7b4433f4-b1e7-4788-895a-c45378d38253", scenarios.WindowsServer2016, "Windows Server 2016 Cloud Storage"},                             // KmsDataBase.xml QN4C6-GBJD2-FB422-GHWJK-GJG2R

	// Windows Server 2019 (KMS item "Windows Server 2019"), with the
	// semi-annual channel's versions 1809 to 20H2, which share the item:
	// they import as their nearest product, 2019.
	{"34e1ae55-27f8-4950-8877-7a03be5fb181", scenarios.WindowsServer2019, "Windows Server 2019 Datacenter"},                                      // KmsDataBase.xml WMDGN-G9PQG-XVVXX-R3X43-63DFG; MS GVLK page
	{"a99cc1f0-7719-4306-9645-294102fbff95", scenarios.WindowsServer2019, "Windows Server 2019 Azure Core"},                                      // KmsDataBase.xml FDNH6-VW9RW-BXPJ7-4XTYG-239TB
	{"034d3cbb-5d4b-4245-b3f8-f84571314078", scenarios.WindowsServer2019, "Windows Server 2019 Essentials"},                                      // KmsDataBase.xml WVDHN-86M7X-466P6-VHXV7-YY726; MS GVLK page
	{"de32eafd-aaee-4662-9444-c1befb41bde2", scenarios.WindowsServer2019, "Windows Server 2019 Standard"},                                        // KmsDataBase.xml N69G4-B89J2-4G8F4-WWYCC-J464C; MS GVLK page
	{"8de8eb62-bbe0-40ac-ac17-f75595071ea3", scenarios.WindowsServer2019, "Windows Server 2019 ARM64"},                                           // KmsDataBase.xml GRFBW-QNDC4-6QBHG-CCK3B-2PR88
	{"90c362e5-0da1-4bfd-b53b-b87d309ade43", scenarios.WindowsServer2019, "Windows Server Datacenter, versions 1809-20H2 (Semi-Annual Channel)"}, // KmsDataBase.xml 6NMRW-2C8FM-D24W7-TQWMY-CWH2D; MS GVLK page
	{"73e3957c-fc0c-400d-9184-5f7b6f2eb409", scenarios.WindowsServer2019, "Windows Server Standard, versions 1809-20H2 (Semi-Annual Channel)"},   // KmsDataBase.xml N2KJX-J94YW-TQVFB-DG9YT-724CC; MS GVLK page

	// Windows Server 2022 (KMS item "Windows Server 2022"). The item's
	// "Semi-Annual Channel" editions are not on the MS page; they import as
	// the item's product, 2022.
	{"9bd77860-9b31-4b7b-96ad-2564017315bf", scenarios.WindowsServer2022, "Windows Server 2022 Standard"},                         // KmsDataBase.xml VDYBN-27WPP-V4HQT-9VMD4-VMK7H; MS GVLK page
	{"8c8f0ad3-9a43-4e05-b840-93b8d1475cbc", scenarios.WindowsServer2022, "Windows Server 2022 Azure Core"},                       // KmsDataBase.xml 6N379-GGTMK-23C6M-XVVTC-CKFRQ
	{"19b5e0fb-4431-46bc-bac1-2f1873e4ae73", scenarios.WindowsServer2022, "Windows Server 2022 Datacenter: Azure Edition"},        // KmsDataBase.xml NTBV8-9K7Q8-V27C6-M2BTV-KHMXV; MS GVLK page
	{"ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03", scenarios.WindowsServer2022, "Windows Server 2022 Datacenter"},                       // KmsDataBase.xml WX4NM-KYWYW-QJJR4-XV3QB-6VM33; MS GVLK page
	{"39e69c41-42b4-4a0a-abad-8e3c10a797cc", scenarios.WindowsServer2022, "Windows Server 2022 Datacenter (Semi-Annual Channel)"}, // KmsDataBase.xml QFND9-D3Y9C-J3KKY-6RPVP-2DPYV
	{"f5e9429c-f50b-4b98-b15c-ef92eb5cff39", scenarios.WindowsServer2022, "Windows Server 2022 Standard (Semi-Annual Channel)"},   // KmsDataBase.xml 67KN8-4FYJW-2487Q-MQ2J7-4C4RG

	// Windows Server 2025 (KMS item "Windows Server 2025").
	{"c052f164-cdf6-409a-a0cb-853ba0f0f55a", scenarios.WindowsServer2025, "Windows Server 2025 Datacenter"},                // KmsDataBase.xml D764K-2NDRG-47T6Q-P8T8W-YP6DF; MS GVLK page
	{"45b5aff2-60a0-42f2-bc4b-ec6e5f7b527e", scenarios.WindowsServer2025, "Windows Server 2025 Azure Core"},                // KmsDataBase.xml QN7G3-4RM92-MT6QR-PR966-FVYV7
	{"c2e946d1-cfa2-4523-8c87-30bc696ee584", scenarios.WindowsServer2025, "Windows Server 2025 Datacenter: Azure Edition"}, // KmsDataBase.xml NQ8HH-FTDTM-6VGY7-TQ3DV-XFBV2; the MS GVLK page has XGN3F-F394H-FD2MY-PP6FD-8MCRC
	{"7dc26449-db21-4e09-ba37-28f2958506a6", scenarios.WindowsServer2025, "Windows Server 2025 Standard"},                  // KmsDataBase.xml TVRH6-WHNXV-R9WG3-9XRFY-MY832; MS GVLK page

	// Office 2010, with Project and Visio (KMS item "Office 2010").
	{"6f327760-8c5c-417c-9b61-836a98287e0c", scenarios.Office2010, "Office Professional Plus 2010"},     // KmsDataBase.xml VYBBJ-TRJPB-QFQRF-QFT4D-H3GVB
	{"8ce7e872-188c-4b98-9d90-f8f90b7aad02", scenarios.Office2010, "Access 2010"},                       // KmsDataBase.xml V7Y44-9T38C-R2VJK-666HK-T7DDX
	{"cee5d470-6e3b-4fcc-8c2b-d17428568a9f", scenarios.Office2010, "Excel 2010"},                        // KmsDataBase.xml H62QG-HXVKF-PP4HP-66KMR-CW9BM
	{"8947d0b8-c33b-43e1-8c56-9b674c052832", scenarios.Office2010, "SharePoint Workspace 2010"},         // KmsDataBase.xml QYYW6-QP4CB-MBV6G-HYMCJ-4T3J4
	{"ca6b6639-4ad6-40ae-a575-14dee07f6430", scenarios.Office2010, "InfoPath 2010"},                     // KmsDataBase.xml K96W8-67RPQ-62T9Y-J8FQJ-BT37T
	{"09ed9640-f020-400a-acd8-d7d867dfd9c2", scenarios.Office2010, "Office Mondo 1 2010"},               // KmsDataBase.xml YBJTT-JG6MD-V9Q7P-DBKXJ-38W9R
	{"ef3d4e49-a53d-4d81-a2b1-2ca6c2556b2c", scenarios.Office2010, "Office Mondo 2 2010"},               // KmsDataBase.xml 7TC2V-WXF6P-TD7RT-BQRXR-B8K32
	{"ab586f5c-5256-4632-962f-fefd8b49e6f4", scenarios.Office2010, "OneNote 2010"},                      // KmsDataBase.xml Q4Y4M-RHWJM-PY37F-MTKWH-D3XHX
	{"ecb7c192-73ab-4ded-acf4-2399b095d0cc", scenarios.Office2010, "Outlook 2010"},                      // KmsDataBase.xml 7YDC2-CWM8M-RRTJC-8MDVC-X3DWQ
	{"45593b1d-dfb1-4e91-bbfb-2d5d0ce2227a", scenarios.Office2010, "PowerPoint 2010"},                   // KmsDataBase.xml RC8FX-88JRY-3PF7C-X8P67-P4VTT
	{"df133ff7-bf14-4f95-afe3-7b48e7e331ef", scenarios.Office2010, "Project Professional 2010"},         // KmsDataBase.xml YGX6F-PGV49-PGW3J-9BTGG-VHKC6
	{"5dc7bf61-5ec9-4996-9ccb-df806a2d0efe", scenarios.Office2010, "Project Standard 2010"},             // KmsDataBase.xml 4HP3K-88W3F-W2K3D-6677X-F9PGB
	{"b50c4f75-599b-43e8-8dcd-1081a7967241", scenarios.Office2010, "Publisher 2010"},                    // KmsDataBase.xml BFK7F-9MYHM-V68C7-DRQ66-83YTP
	{"ea509e87-07a1-4a45-9edc-eba5a39f36af", scenarios.Office2010, "Office Small Business Basics 2010"}, // KmsDataBase.xml D6QFG-VBYP2-XQHM7-J97RH-VVRCK
	{"9da2a678-fb6b-4e67-ab84-60dd6a9c819a", scenarios.Office2010, "Office Standard 2010"},              // KmsDataBase.xml V7QKV-4XVVR-XYV4D-F7DFM-8R6BM
	{"92236105-bb67-494f-94c7-7f7a607929bd", scenarios.Office2010, "Visio Premium 2010"},                // KmsDataBase.xml D9DWC-HPYVV-JGF4P-BTWQB-WX8BJ
	{"e558389c-83c3-4b29-adfe-5e4d7f46c358", scenarios.Office2010, "Visio Professional 2010"},           // KmsDataBase.xml 7MCW8-VRQVK-G677T-PDJCM-Q8TCP
	{"9ed833ff-4f92-4f36-b370-8683a4f13275", scenarios.Office2010, "Visio Standard 2010"},               // KmsDataBase.xml 767HD-QGMWX-8QTDB-9G3R2-KHFGJ
	{"2d0882e7-a4e7-423b-8ccc-70d91e0158b1", scenarios.Office2010, "Word 2010"},                         // KmsDataBase.xml HVHB3-C6FV7-KQX9W-YQG79-CRY7T

	// Office 2013, with Project and Visio (KMS item "Office 2013").
	{"b322da9c-a2e2-4058-9e4e-f59a6970bd69", scenarios.Office2013, "Office Professional Plus 2013"}, // KmsDataBase.xml YC7DK-G2NP3-2QQC3-J6H88-GVGXT
	{"6ee7622c-18d8-4005-9fb7-92db644a279b", scenarios.Office2013, "Access 2013"},                   // KmsDataBase.xml NG2JY-H4JBT-HQXYP-78QH9-4JM2D
	{"f7461d52-7c2b-43b2-8744-ea958e0bd09a", scenarios.Office2013, "Excel 2013"},                    // KmsDataBase.xml VGPNG-Y7HQW-9RHP7-TKPV3-BG7GB
	{"a30b8040-d68a-423f-b0b5-9ce292ea5a8f", scenarios.Office2013, "InfoPath 2013"},                 // KmsDataBase.xml DKT8B-N7VXH-D963P-Q4PHY-F8894
	{"1b9f11e3-c85c-4e1b-bb29-879ad2c909e3", scenarios.Office2013, "Lync 2013"},                     // KmsDataBase.xml 2MG3G-3BNTT-3MFW9-KDQW3-TCK7R
	{"dc981c6b-fc8e-420f-aa43-f8f33e5c0923", scenarios.Office2013, "Office Mondo 2013"},             // KmsDataBase.xml 42QTK-RN8M7-J3C4G-BBGYM-88CYV
	{"efe1f3e6-aea2-4144-a208-32aa872b6545", scenarios.Office2013, "OneNote 2013"},                  // KmsDataBase.xml TGN6P-8MMBC-37P2F-XHXXK-P34VW
	{"771c3afa-50c5-443f-b151-ff2546d863a0", scenarios.Office2013, "Outlook 2013"},                  // KmsDataBase.xml QPN8Q-BJBTJ-334K3-93TGY-2PMBT
	{"8c762649-97d1-4953-ad27-b7e2c25b972e", scenarios.Office2013, "PowerPoint 2013"},               // KmsDataBase.xml 4NT99-8RJFH-Q2VDH-KYG2C-4RD4F
	{"4a5d124a-e620-44ba-b6ff-658961b33b9a", scenarios.Office2013, "Project Professional 2013"},     // KmsDataBase.xml FN8TT-7WMH6-2D4X9-M337T-2342K
	{"427a28d1-d17c-4abf-b717-32c780ba6f07", scenarios.Office2013, "Project Standard 2013"},         // KmsDataBase.xml 6NTH3-CW976-3G3Y2-JK3TX-8QHTT
	{"00c79ff1-6850-443d-bf61-71cde0de305f", scenarios.Office2013, "Publisher 2013"},                // KmsDataBase.xml PN2WF-29XG2-T9HJ7-JQPJR-FCXK4
	{"b13afb38-cd79-4ae5-9f7f-eed058d750ca", scenarios.Office2013, "Office Standard 2013"},          // KmsDataBase.xml KBKQT-2NMXY-JJWGP-M62JB-92CD4
	{"e13ac10e-75d0-4aff-a0cd-764982cf541c", scenarios.Office2013, "Visio Professional 2013"},       // KmsDataBase.xml C2FG9-N6J68-H8BTJ-BW3QX-RM3B3
	{"ac4efaf0-f81f-4f61-bdf7-ea32b02ab117", scenarios.Office2013, "Visio Standard 2013"},           // KmsDataBase.xml J484Y-4NKBF-W2HMG-DBMJC-PGWR7
	{"d9f5b1c6-5386-495a-88f9-9ad6b41ac9b3", scenarios.Office2013, "Word 2013"},                     // KmsDataBase.xml 6Q7VD-NX8JD-WJ2VH-88V73-4GBJ7

	// Office 2016, with Project and Visio (KMS item "Office 2016"). The
	// Click-to-Run volume editions of Project and Visio (XVolume) are not
	// on the MS page; SystemRage's copy of KmsDataBase.xml calls them
	// previews.
	{"d450596f-894d-49e0-966a-fd39ed4c4c64", scenarios.Office2016, "Office Professional Plus 2016"},           // KmsDataBase.xml XQNVK-8JYDB-WJ9W3-YJ8YR-WFG99; MS GVLK page
	{"67c0fc0c-deba-401b-bf8b-9c8ad8395804", scenarios.Office2016, "Access 2016"},                             // KmsDataBase.xml GNH9Y-D2J4T-FJHGG-QRVH7-QPFDW; MS GVLK page
	{"c3e65d36-141f-4d2f-a303-a842ee756a29", scenarios.Office2016, "Excel 2016"},                              // KmsDataBase.xml 9C2PK-NWTVB-JMPW8-BFT28-7FTBF; MS GVLK page
	{"9caabccb-61b1-4b4b-8bec-d10a3c3ac2ce", scenarios.Office2016, "Office Mondo 2016"},                       // KmsDataBase.xml HFTND-W9MK4-8B7MJ-B6C4G-XQBR2
	{"d8cace59-33d2-4ac7-9b1b-9b72339c51c8", scenarios.Office2016, "OneNote 2016"},                            // KmsDataBase.xml DR92N-9HTF2-97XKM-XW2WJ-XW3J6; MS GVLK page
	{"ec9d9265-9d1e-4ed0-838a-cdc20f2551a1", scenarios.Office2016, "Outlook 2016"},                            // KmsDataBase.xml R69KK-NTPKF-7M3Q4-QYBHW-6MT9B; MS GVLK page
	{"d70b1bba-b893-4544-96e2-b7a318091c33", scenarios.Office2016, "PowerPoint 2016"},                         // KmsDataBase.xml J7MQP-HNJ4Y-WJ7YM-PFYGF-BY6C6; MS GVLK page
	{"4f414197-0fc2-4c01-b68a-86cbb9ac254c", scenarios.Office2016, "Project Professional 2016"},               // KmsDataBase.xml YG9NW-3K39V-2T3HJ-93F3Q-G83KT; MS GVLK page
	{"829b8110-0e6f-4349-bca4-42803577788d", scenarios.Office2016, "Project Professional 2016 C2R (XVolume)"}, // KmsDataBase.xml WGT24-HCNMF-FQ7XH-6M8K7-DRTW9
	{"da7ddabc-3fbe-4447-9e01-6ab7440b4cd4", scenarios.Office2016, "Project Standard 2016"},                   // KmsDataBase.xml GNFHQ-F6YQM-KQDGJ-327XX-KQBVC; MS GVLK page
	{"cbbaca45-556a-4416-ad03-bda598eaa7c8", scenarios.Office2016, "Project Standard 2016 C2R (XVolume)"},     // KmsDataBase.xml D8NRQ-JTYM3-7J2DX-646CT-6836M
	{"041a06cb-c5b8-4772-809f-416d03d16654", scenarios.Office2016, "Publisher 2016"},                          // KmsDataBase.xml F47MM-N3XJP-TQXJ9-BP99D-8K837; MS GVLK page
	{"83e04ee1-fa8d-436d-8994-d31a862cab77", scenarios.Office2016, "Skype for Business 2016"},                 // KmsDataBase.xml 869NQ-FJ69K-466HW-QYCP2-DDBV6; MS GVLK page
	{"dedfa23d-6ed1-45a6-85dc-63cae0546de6", scenarios.Office2016, "Office Standard 2016"},                    // KmsDataBase.xml JNRGM-WHDWX-FJJG3-K47QV-DRTFM; MS GVLK page
	{"6bf301c1-b94a-43e9-ba31-d494598c47fb", scenarios.Office2016, "Visio Professional 2016"},                 // KmsDataBase.xml PD3PC-RHNGV-FXJ29-8JK7D-RJRJK; MS GVLK page
	{"b234abe3-0857-4f9c-b05a-4dc314f85557", scenarios.Office2016, "Visio Professional 2016 C2R (XVolume)"},   // KmsDataBase.xml 69WXN-MBYV6-22PQG-3WGHK-RM6XC
	{"aa2a7821-1827-4c2c-8f1d-4513a34dda97", scenarios.Office2016, "Visio Standard 2016"},                     // KmsDataBase.xml 7WHWN-4T7MP-G96JF-G33KR-W8GF4; MS GVLK page
	{"361fe620-64f4-41b5-ba77-84f8e079b1f7", scenarios.Office2016, "Visio Standard 2016 C2R (XVolume)"},       // KmsDataBase.xml NY48V-PPYYH-3F4PX-XJRKJ-W4423
	{"bb11badf-d8aa-470e-9311-20eaf80fe5cc", scenarios.Office2016, "Word 2016"},                               // KmsDataBase.xml WXY84-JN2Q9-RBCCQ-3Q3J3-3PFJ6; MS GVLK page

	// Office 2019, with Project and Visio (KMS item "Office 2019"). There is
	// no OneNote 2019.
	{"85dd8b5f-eaa4-4af3-a628-cce9e77c9a03", scenarios.Office2019, "Office Professional Plus 2019"}, // KmsDataBase.xml NMMKJ-6RK4F-KMJVX-8D9MJ-6MWKP; MS GVLK page
	{"9e9bceeb-e736-4f26-88de-763f87dcc485", scenarios.Office2019, "Access 2019"},                   // KmsDataBase.xml 9N9PT-27V4Y-VJ2PD-YXFMF-YTFQT; MS GVLK page
	{"237854e9-79fc-4497-a0c1-a70969691c6b", scenarios.Office2019, "Excel 2019"},                    // KmsDataBase.xml TMJWT-YYNMB-3BKTF-644FC-RVXBD; MS GVLK page
	{"c8f8a301-19f5-4132-96ce-2de9d4adbd33", scenarios.Office2019, "Outlook 2019"},                  // KmsDataBase.xml 7HD7K-N4PVK-BHBCQ-YWQRW-XW4VK; MS GVLK page
	{"3131fd61-5e4f-4308-8d6d-62be1987c92c", scenarios.Office2019, "PowerPoint 2019"},               // KmsDataBase.xml RRNCX-C64HY-W2MM7-MCH9G-TJHMQ; MS GVLK page
	{"2ca2bf3f-949e-446a-82c7-e25a15ec78c4", scenarios.Office2019, "Project Professional 2019"},     // KmsDataBase.xml B4NPR-3FKK7-T2MBV-FRQ4W-PKD2B; MS GVLK page
	{"1777f0e3-7392-4198-97ea-8ae4de6f6381", scenarios.Office2019, "Project Standard 2019"},         // KmsDataBase.xml C4F7P-NCP8C-6CQPT-MQHV9-JXD2M; MS GVLK page
	{"9d3e4cca-e172-46f1-a2f4-1d2107051444", scenarios.Office2019, "Publisher 2019"},                // KmsDataBase.xml G2KWX-3NW6P-PY93R-JXK2T-C9Y9V; MS GVLK page
	{"734c6c6e-b0ba-4298-a891-671772b2bd1b", scenarios.Office2019, "Skype for Business 2019"},       // KmsDataBase.xml NCJ33-JHBBY-HTK98-MYCV8-HMKHJ; MS GVLK page
	{"6912a74b-a5fb-401a-bfdb-2e3ab46f4b02", scenarios.Office2019, "Office Standard 2019"},          // KmsDataBase.xml 6NWWJ-YQWMR-QKGCB-6TMB3-9D9HK; MS GVLK page
	{"5b5cf08f-b81a-431d-b080-3450d8620565", scenarios.Office2019, "Visio Professional 2019"},       // KmsDataBase.xml 9BGNQ-K37YR-RQHF2-38RQ3-7VCBB; MS GVLK page
	{"e06d7df3-aad0-419d-8dfb-0ac37e2bdf39", scenarios.Office2019, "Visio Standard 2019"},           // KmsDataBase.xml 7TQNQ-K3YQQ-3PFH7-CCPPM-X4VQ2; MS GVLK page
	{"059834fe-a8ea-4bff-b67b-4d006b5447d3", scenarios.Office2019, "Word 2019"},                     // KmsDataBase.xml PBX3G-NWMT6-Q7XBW-PYJGG-WXD33; MS GVLK page

	// Office LTSC 2021, with Project and Visio 2021 (KMS item "Office 2021").
	{"fbdb3e18-a8ef-4fb3-9183-dffd60bd0984", scenarios.OfficeLTSC2021, "Office LTSC Professional Plus 2021"}, // KmsDataBase.xml FXYTK-NJJ8C-GB6DW-3DYQT-6F7TH; MS GVLK page
	{"1fe429d8-3fa7-4a39-b6f0-03dded42fe14", scenarios.OfficeLTSC2021, "Access LTSC 2021"},                   // KmsDataBase.xml WM8YG-YNGDD-4JHDC-PG3F4-FC4T4; MS GVLK page
	{"ea71effc-69f1-4925-9991-2f5e319bbc24", scenarios.OfficeLTSC2021, "Excel LTSC 2021"},                    // KmsDataBase.xml NWG3X-87C9K-TC7YY-BC2G7-G6RVC; MS GVLK page
	{"a5799e4c-f83c-4c6e-9516-dfe9b696150b", scenarios.OfficeLTSC2021, "Outlook LTSC 2021"},                  // KmsDataBase.xml C9FM6-3N72F-HFJXB-TM3V9-T86R9; MS GVLK page
	{"6e166cc3-495d-438a-89e7-d7c9e6fd4dea", scenarios.OfficeLTSC2021, "PowerPoint LTSC 2021"},               // KmsDataBase.xml TY7XF-NFRBR-KJ44C-G83KF-GX27K; MS GVLK page
	{"76881159-155c-43e0-9db7-2d70a9a3a4ca", scenarios.OfficeLTSC2021, "Project Professional 2021"},          // KmsDataBase.xml FTNWT-C6WBT-8HMGF-K9PRX-QV9H8; MS GVLK page
	{"6dd72704-f752-4b71-94c7-11cec6bfc355", scenarios.OfficeLTSC2021, "Project Standard 2021"},              // KmsDataBase.xml J2JDC-NJCYY-9RGQ4-YXWMH-T3D4T; MS GVLK page
	{"aa66521f-2370-4ad8-a2bb-c095e3e4338f", scenarios.OfficeLTSC2021, "Publisher LTSC 2021"},                // KmsDataBase.xml 2MW9D-N4BXM-9VBPG-Q7W6M-KFBGQ; MS GVLK page
	{"1f32a9af-1274-48bd-ba1e-1ab7508a23e8", scenarios.OfficeLTSC2021, "Skype for Business LTSC 2021"},       // KmsDataBase.xml HWCXN-K3WBT-WJBKY-R8BD9-XK29P; MS GVLK page
	{"080a45c5-9f9f-49eb-b4b0-c3c610a5ebd3", scenarios.OfficeLTSC2021, "Office LTSC Standard 2021"},          // KmsDataBase.xml KDX7X-BNVR8-TXXGX-4Q7Y8-78VT3; MS GVLK page
	{"fb61ac9a-1688-45d2-8f6b-0674dbffa33c", scenarios.OfficeLTSC2021, "Visio LTSC Professional 2021"},       // KmsDataBase.xml KNH8D-FGHT4-T8RK3-CTDYJ-K2HT4; MS GVLK page
	{"72fce797-1884-48dd-a860-b2f6a5efd3ca", scenarios.OfficeLTSC2021, "Visio LTSC Standard 2021"},           // KmsDataBase.xml MJVNY-BYWPY-CWV6J-2RKRT-4M8QG; MS GVLK page
	{"abe28aea-625a-43b1-8e30-225eb8fbd9e5", scenarios.OfficeLTSC2021, "Word LTSC 2021"},                     // KmsDataBase.xml TN8H9-M34D3-Y64V9-TR72V-X79KV; MS GVLK page

	// Office LTSC 2024, with Project and Visio 2024 (KMS item "Office 2024").
	// There is no Publisher 2024.
	{"8d368fc1-9470-4be2-8d66-90e836cbb051", scenarios.OfficeLTSC2024, "Office LTSC Professional Plus 2024"}, // KmsDataBase.xml XJ2XN-FW8RK-P4HMP-DKDBV-GCVGB; MS GVLK page
	{"72e9faa7-ead1-4f3d-9f6e-3abc090a81d7", scenarios.OfficeLTSC2024, "Access LTSC 2024"},                   // KmsDataBase.xml 82FTR-NCHR7-W3944-MGRHM-JMCWD; MS GVLK page
	{"cbbba2c3-0ff5-4558-846a-043ef9d78559", scenarios.OfficeLTSC2024, "Excel LTSC 2024"},                    // KmsDataBase.xml F4DYN-89BP2-WQTWJ-GR8YC-CKGJG; MS GVLK page
	{"bef3152a-8a04-40f2-a065-340c3f23516d", scenarios.OfficeLTSC2024, "Outlook LTSC 2024"},                  // KmsDataBase.xml D2F8D-N3Q3B-J28PV-X27HD-RJWB9; MS GVLK page
	{"b63626a4-5f05-4ced-9639-31ba730a127e", scenarios.OfficeLTSC2024, "PowerPoint LTSC 2024"},               // KmsDataBase.xml CW94N-K6GJH-9CTXY-MG2VC-FYCWP; MS GVLK page
	{"f510af75-8ab7-4426-a236-1bfb95c34ff8", scenarios.OfficeLTSC2024, "Project Professional 2024"},          // KmsDataBase.xml FQQ23-N4YCY-73HQ3-FM9WC-76HF4; MS GVLK page
	{"9f144f27-2ac5-40b9-899d-898c2b8b4f81", scenarios.OfficeLTSC2024, "Project Standard 2024"},              // KmsDataBase.xml PD3TT-NTHQQ-VC7CY-MFXK3-G87F8; MS GVLK page
	{"0002290a-2091-4324-9e53-3cfe28884cde", scenarios.OfficeLTSC2024, "Skype for Business LTSC 2024"},       // KmsDataBase.xml 4NKHF-9HBQF-Q3B6C-7YV34-F64P3; MS GVLK page
	{"bbac904f-6a7e-418a-bb4b-24c85da06187", scenarios.OfficeLTSC2024, "Office LTSC Standard 2024"},          // KmsDataBase.xml V28N4-JG22K-W66P8-VTMGK-H6HGR; MS GVLK page
	{"fa187091-8246-47b1-964f-80a0b1e5d69a", scenarios.OfficeLTSC2024, "Visio LTSC Professional 2024"},       // KmsDataBase.xml B7TN8-FJ8V3-7QYCP-HQPMV-YY89G; MS GVLK page
	{"923fa470-aa71-4b8b-b35c-36b79bf9f44b", scenarios.OfficeLTSC2024, "Visio LTSC Standard 2024"},           // KmsDataBase.xml JMMVY-XFNQC-KK4HK-9H7R3-WQQTV; MS GVLK page
	{"d0eded01-0881-4b37-9738-190400095098", scenarios.OfficeLTSC2024, "Word LTSC 2024"},                     // KmsDataBase.xml MQ84N-7VYDM-FXV7C-6K7CC-VFW9J; MS GVLK page
}

// sharedIDs names the products whose clients send ids that editions maps
// to another product, because the two share their editions' keys and ids
// (K31): the import cannot tell them apart.
var sharedIDs = map[scenarios.Product]scenarios.Product{
	scenarios.Windows11:         scenarios.Windows10,
	scenarios.Windows10LTSC2019: scenarios.Windows10LTSC2021,
	scenarios.Windows11LTSC2024: scenarios.Windows10LTSC2021,
}

// byID indexes editions by id; activationIDs gives the product alone.
var (
	byID          = map[string]editionRow{}
	activationIDs = map[string]scenarios.Product{}
)

func init() {
	for _, e := range editions {
		if _, dup := byID[e.id]; dup || !isGUID(e.id) || e.id != strings.ToLower(e.id) {
			panic(fmt.Sprintf("eventlog: activation id %q: malformed or listed twice", e.id))
		}
		byID[e.id] = e
		activationIDs[e.id] = e.product
	}
}

// edition returns the product and the edition name of activation id id,
// such as "Office LTSC Standard 2021", or false if the table does not
// know the id. Braces and case do not matter.
func edition(id string) (scenarios.Product, string, bool) {
	e, ok := byID[strings.ToLower(strings.Trim(id, "{}"))]
	return e.product, e.name, ok
}

// ActivationID returns an activation id of product p that the import
// recognises, or "" for none; the tests write exports with it. It is the
// first of p's rows in editions, so that the choice does not change as
// rows are added.
func ActivationID(p scenarios.Product) string {
	for _, e := range editions {
		if e.product == p {
			return e.id
		}
	}
	return ""
}

// ProductOf returns the product of activation id id as Fleet.Add reads
// it (lower case, no braces), or false when no edition kmssim knows has
// it: the pool a request counts in (K12, K33).
func ProductOf(id string) (scenarios.Product, bool) {
	p, ok := activationIDs[id]
	return p, ok
}

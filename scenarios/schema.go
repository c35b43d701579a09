package scenarios

import (
	"encoding/json"
	"reflect"
)

// SchemaID is the $id of the scenario JSON Schema.
const SchemaID = "https://github.com/kmssim/kmssim/scenarios/schema.json"

// Modeline is the first line of every library scenario: it points editors
// with the YAML language server at the schema beside the file.
const Modeline = "# yaml-language-server: $schema=schema.json"

// Schema returns the JSON Schema (draft-07) of the scenario format,
// generated from the Go types that Parse decodes into, so the two cannot
// disagree on which keys exist. Some rules (exactly one action per event,
// references between names) are checked only by Parse.
func Schema() []byte {
	root := schemaOf(reflect.TypeOf(Scenario{}))
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = SchemaID
	root["title"] = "kmssim scenario"
	data, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("scenarios: schema does not marshal: " + err.Error())
	}
	return append(data, '\n')
}

var (
	durationType = reflect.TypeOf(Duration(0))
	dateType     = reflect.TypeOf(Date{})
	valueType    = reflect.TypeOf(Value(""))
	makType      = reflect.TypeOf(Activations(0))
)

// enums lists the allowed values of named string types and of fields.
var enums = map[string][]string{
	"Product":              strs(Products),
	"KeyGroup":             strs(KeyGroups),
	"Selection":            {string(SelectWeighted), string(SelectRandom)},
	"Pool":                 strs(Pools),
	"Method":               strs(Methods),
	"ClientsSubject.state": StateNames,
	"TotalSubject.metric":  Metrics,
}

// required lists the keys each type must have.
var required = map[string][]string{
	"Scenario":     {"duration"},
	"SiteTemplate": {"name", "instances"},
	"Domain":       {"name"},
	"Host":         {"name", "keys"},
	"Outage":       {"at", "for"},
	"Group":        {"group", "product"},
	"Event":        {"at"},
	"FleetChange":  {"group", "count"},
	"HostDown":     {"host"},
	"HostRef":      {"host"},
	"SRVChange":    {"host"},
	"CountSubject": {"host"},
	"TotalSubject": {"metric"},
	"Parameter":    {"path", "values"},
	"MAKKey":       {"name", "activations"},
	"Hours":        {"from", "until"},
	"Trips":        {"every", "min", "max"},
	"Rate":         {"every", "count"},
	"Every":        {"every"},
	"Reimage":      {"every"},
	"Away":         {"group", "count", "for"},
	"ReimageGroup": {"group"},
	"GroupRef":     {"group"},
	"Switch":       {"group", "to"},
	"Inventory":    {"file"},
}

// descriptions are the hover texts of editors, by type or Type.key.
var descriptions = map[string]string{
	"Duration":                      "A duration with units: 90s, 15m, 2h, 7d, 2w, or a sum such as 1d12h. A bare number is an error.",
	"Scenario.name":                 "Identifies the scenario in outputs. Default: the file name.",
	"Scenario.description":          "The planning question the scenario answers.",
	"Scenario.start":                "Calendar date of day 0 (YYYY-MM-DD), so outputs show dates.",
	"Scenario.duration":             "The simulated span; events at exactly the end still run.",
	"Scenario.sample":               "Interval of the time series. Default 1h.",
	"Scenario.seed":                 "Seeds every random choice. Default 0.",
	"Scenario.model":                "Overrides of the documented Windows defaults.",
	"Scenario.dns":                  "DNS domains; the first is the default domain.",
	"Scenario.hosts":                "KMS hosts.",
	"Scenario.fleet":                "Groups of alike clients.",
	"Scenario.events":               "Changes at given times.",
	"Scenario.sites":                "Site templates, each instantiated many times.",
	"Scenario.expect":               "What must hold in a run (kmssim check).",
	"Scenario.fleet_from":           "Fleet groups built from a machine inventory (CSV: name, product, group or site, laptop, retire, activation).",
	"Inventory.file":                "The CSV file, relative to the scenario file.",
	"Inventory.join":                "When the machines are installed. Default: all at 0s.",
	"Inventory.laptops":             "The presence of the machines marked as laptops.",
	"Inventory.mak":                 "The key (mak_keys) of the machines activated with mak.",
	"Activations":                   "A number of activations, or a licence: Open_MAK_50, 100, 250, 500, 750, 1000; Select_MAK_500 to 5000.",
	"Site.mak_keys":                 "K25: Multiple Activation Keys with a fixed number of activations.",
	"Scenario.mak_keys":             "K25: Multiple Activation Keys with a fixed number of activations.",
	"Group.activation":              "K25: kms (default), mak (once, against Microsoft), oem or token. Only kms machines count toward a host.",
	"Group.mak":                     "The key (mak_keys) the machines activate with.",
	"Group.mak_proxy":               "K26: a VAMT proxy re-activates re-imaged machines from its CID store, using no new activation.",
	"Group.presence":                "When the machines are on and can reach a host. Default: always.",
	"Group.lifecycle":               "Retire, replace, re-image and rearm the machines on a schedule.",
	"Presence.hours":                "Daily window the machines are on, UTC, such as {from: 8h, until: 18h}.",
	"Presence.weekdays":             "Off on Saturdays and Sundays (scenario calendar; without start, day 0 is a Monday).",
	"Presence.trips":                "Each machine goes away now and then: every (mean gap), min to max days away.",
	"Presence.vpn":                  "Share of the days away on which a machine connects by VPN, 0 to 1.",
	"Lifecycle.retire":              "Retire count machines every every.",
	"Lifecycle.replace":             "Replace the hardware of count machines every every: new CMIDs, fresh grace.",
	"Lifecycle.reimage":             "Re-image the whole group every every; generalize (default true) gives new CMIDs (K9).",
	"Lifecycle.rearm":               "K4: rearm every machine every every, at most 3 times per installation.",
	"Reimage.generalize":            "K9: true (default): sysprep /generalize, new CMIDs and grace; false: clones sharing one CMID.",
	"Event.away":                    "Send machines of a group away for a while: they send nothing until back.",
	"Event.replace":                 "Replace the hardware of machines of a group: new CMIDs, fresh grace.",
	"Event.reimage":                 "Re-image every machine of a group.",
	"Event.rearm":                   "K4: rearm every machine of a group.",
	"Event.switch":                  "Move a group to another activation method (kms or mak).",
	"Value":                         "A number, or a duration with units for a duration field: 20, 0.5, 14d.",
	"Scenario.replications":         "Runs of the scenario with seeds derived from seed; results give medians, percentiles and probabilities. Default 1.",
	"Scenario.sweep":                "One or two numeric fields to vary (kmssim sweep); every combination of their values is a point.",
	"Parameter.path":                "The field: fleet.laptops.count, hosts.kms2.srv.weight, events[0].decommission.count (kmssim paths lists them).",
	"Parameter.values":              "The values the field takes, in order.",
	"SiteTemplate.instances":        "How many instances: NAME-001, NAME-002, ...",
	"Model.grace":                   "K3: initial grace of a fresh install. Default 30d.",
	"Model.out_of_tolerance_grace":  "K7: grace after an activation lapses. Default 30d.",
	"Model.validity":                "K7: how long an activation lasts without renewal. Default 180d.",
	"Model.count_window":            "K10: how long a host counts a client after its last request. Default 30d.",
	"Model.cache_factor":            "K13: a host keeps this many times the highest threshold seen CMIDs. Default 2.",
	"Domain.name":                   "The domain; in a site template it may contain {site}.",
	"Domain.propagation":            "K22: how long a record change takes to reach the clients. Default 0s.",
	"Host.keys":                     "K16: host key groups installed on the host.",
	"Host.srv":                      "The host's SRV record (RFC 2782). Default priority 0, weight 0.",
	"Host.publish":                  "K19: domains the record is published in. Default: the site's default domain; [] = not in DNS.",
	"Host.activation_interval":      "K27: retry interval the host hands to clients (slmgr /sai). Default 2h.",
	"Host.renewal_interval":         "K27: renewal interval the host hands to clients (slmgr /sri). Default 7d.",
	"Host.outages":                  "Spans during which the host does not answer.",
	"Group.group":                   "The group's name, unique in its site.",
	"Group.count":                   "Machines that join.",
	"Group.product":                 "K1: the product the clients activate.",
	"Group.threshold":               "K28: the count the clients need. Default: by product (25 or 5).",
	"Group.srv_selection":           "K20: weighted (RFC 2782) or random. Default: by product.",
	"Group.domain":                  "K19: the domain the clients query. Default: the site's default domain.",
	"Group.kms":                     "K19: pins the clients to this host (slmgr -skms); DNS is not used.",
	"Group.host_caching":            "K21, K29: stick to the host that answered. Default true.",
	"Group.shared_cmid":             "K9: all machines share one CMID (cloned without sysprep /generalize).",
	"Group.rearms":                  "K4: times each machine's grace is rearmed when it runs out, 0 to 3.",
	"Group.activation_interval":     "K27: the client's own retry interval until a host answers. Default 2h.",
	"Group.renewal_interval":        "K27: the client's own renewal interval until a host answers. Default 7d.",
	"Group.join":                    "Machines are installed at random times in [at, at+over).",
	"Event.decommission":            "Remove machines of a group, chosen at random.",
	"Event.add":                     "Install new machines in a group.",
	"Event.host_down":               "The host stops answering, for a span or until host_up.",
	"Event.host_up":                 "The host answers again.",
	"Event.host_replace":            "K15: replace the host with an empty one.",
	"Event.srv_add":                 "Publish the host's record in a domain (after its propagation delay).",
	"Event.srv_remove":              "Withdraw the host's record from a domain (after its propagation delay).",
	"Event.srv_change":              "Change the priority or weight of the host's record (after its propagation delay).",
	"Expectation.name":              "A label for reports. Default: generated.",
	"Expectation.count":             "A host's count over the window.",
	"Expectation.first_below":       "When a host's count first falls below a threshold.",
	"Expectation.first_reached":     "When a host's count first reaches a threshold.",
	"Expectation.clients":           "The number of clients of a product or group in a state.",
	"Expectation.licensed_fraction": "The fraction of present clients that are licensed, 0 to 1.",
	"Expectation.total":             "A counter summed over the window (at the sample grid).",
	"Expectation.peak_requests":     "The highest request rate per hour of any sample interval in the window.",
	"Expectation.at_least":          "Lower bound, inclusive.",
	"Expectation.at_most":           "Upper bound, inclusive.",
	"Expectation.at":                "Check one moment instead of a window.",
	"Expectation.from":              "Start of the window, inclusive. Default 0s.",
	"Expectation.until":             "End of the window, inclusive. Default: the end of the scenario.",
	"Expectation.probability":       "The least share of the replications in which it must hold, 0 to 1. Default 1: every one.",
	"Expectation.never":             "first_below, first_reached: the crossing must not happen in the window.",
	"CountSubject.host":             "The host: kms1, or branch-001/kms1 for a site instance.",
	"CountSubject.threshold":        "Default: the highest threshold of the clients that asked.",
	"ClientsSubject.group":          "A group: pcs, or branch-001/pcs for a site instance.",
	"TotalSubject.host":             "One host (requests and answered only). Default: all hosts.",
	"PeakSubject.host":              "One host. Default: all hosts together.",
	"SRVChange.domain":              "Default: the site's default domain.",
	"FleetChange.over":              "Spread the changes at random times over [at, at+over).",
	"HostDown.for":                  "How long; 0 or omitted: until host_up.",
	"Ramp.over":                     "Spread over [at, at+over). Default 0s: all at once.",
	"Outage.for":                    "How long the host is down.",
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// schemaOf returns the schema of a Go type of the scenario format.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case durationType:
		return map[string]any{"type": "string", "pattern": `^\s*([0-9]+[smhdw])+\s*$`, "description": descriptions["Duration"]}
	case dateType:
		return map[string]any{"type": "string", "format": "date", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`}
	case valueType:
		return map[string]any{"type": []string{"number", "string"}, "description": descriptions["Value"]}
	case makType:
		return map[string]any{"type": []string{"integer", "string"}, "description": descriptions["Activations"]}
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if e, ok := enums[t.Name()]; ok {
			s["enum"] = e
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, t.Name(), props)
		s := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
		if r := required[t.Name()]; len(r) > 0 {
			s["required"] = r
		}
		return s
	}
	panic("scenarios: no schema for " + t.String())
}

// addFields adds the properties of struct t (named owner in the tables
// above) to props, inlined fields included.
func addFields(t reflect.Type, owner string, props map[string]any) {
	for _, f := range yamlFieldsOf(t) {
		s := schemaOf(f.field.Type)
		key := owner + "." + f.key
		if e, ok := enums[key]; ok {
			s["enum"] = e
		}
		if d, ok := descriptions[key]; ok {
			s["description"] = d
		}
		props[f.key] = s
	}
}

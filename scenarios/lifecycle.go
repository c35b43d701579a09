package scenarios

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
)

// Method is how a machine activates (K25). Only kms machines ask a KMS
// host, and only they count toward one.
type Method string

// The activation methods.
const (
	// MethodKMS activates against a KMS host and renews (the default).
	MethodKMS Method = "kms"
	// MethodMAK activates once, permanently, against Microsoft with a
	// Multiple Activation Key, using one of its activations (K25).
	MethodMAK Method = "mak"
	// MethodOEM machines come activated by their manufacturer.
	MethodOEM Method = "oem"
	// MethodToken machines activate with a token, without any server.
	MethodToken Method = "token"
	// MethodSubscription machines are activated by Windows subscription
	// activation, Microsoft 365 Apps' online activation or Azure's own KMS
	// (K36): none of them asks or counts on the scenario's hosts.
	MethodSubscription Method = "subscription"
	// MethodPayg machines are Windows Server 2025 licensed pay-as-you-go
	// through Azure Arc, activated and billed by Azure without a product
	// key (K43): like subscription machines they leave KMS (K36). Only
	// Windows Server 2025 can be licensed so (PaygProduct).
	MethodPayg Method = "payg"
)

// Methods lists every Method.
var Methods = []Method{MethodKMS, MethodMAK, MethodOEM, MethodToken, MethodSubscription, MethodPayg}

// PaygProduct is the one product that can be licensed pay-as-you-go
// through Azure Arc (K43).
const PaygProduct = WindowsServer2025

// paygMisfit returns why product p cannot use pay-as-you-go activation
// (K43), or "" if it can.
func paygMisfit(p Product) string {
	if p == PaygProduct {
		return ""
	}
	return fmt.Sprintf("K43: pay-as-you-go (Azure Arc) licenses only %s, not %s", PaygProduct, p)
}

// MAKKey is a Multiple Activation Key with a fixed number of activations
// (K25).
type MAKKey struct {
	Name        string      `yaml:"name" schema:"required"`
	Activations Activations `yaml:"activations" schema:"required"`
}

// Activations is the number of activations of a MAK key: a number, or the
// name of a Microsoft licence such as Open_MAK_50 or Select_MAK_500.
type Activations int

// makEditions are the licences of K25 and their activations.
var makEditions = map[string]Activations{
	"Open_MAK_50": 50, "Open_MAK_100": 100, "Open_MAK_250": 250, "Open_MAK_500": 500,
	"Open_MAK_750": 750, "Open_MAK_1000": 1000,
	"Select_MAK_500": 500, "Select_MAK_1000": 1000, "Select_MAK_2000": 2000,
	"Select_MAK_3000": 3000, "Select_MAK_4000": 4000, "Select_MAK_5000": 5000,
}

// ParseActivations reads a number of activations or a licence name.
func ParseActivations(s string) (Activations, error) {
	s = strings.TrimSpace(s)
	if a, ok := makEditions[s]; ok {
		return a, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("want a number of activations or a licence such as Open_MAK_50, got %q", s)
	}
	return Activations(n), nil
}

// Presence says when a group's machines are switched on and can reach a
// KMS host. An offline machine sends nothing; a request that falls due
// while it is offline is sent when it is next online, as a missed scheduled
// task runs (K5, K6); meanwhile its CMID ages out of the host tables (K11).
// The zero Presence is always online.
type Presence struct {
	// Hours is the daily window the machines are on, in UTC, such as
	// {from: 8h, until: 18h}. Default: all day.
	Hours *Hours `yaml:"hours" doc:"Daily window the machines are on, UTC, such as {from: 8h, until: 18h}."`
	// Weekdays keeps the machines off on Saturdays and Sundays, in the
	// scenario's calendar (start; without a start, day 0 is a Monday).
	Weekdays bool `yaml:"weekdays" doc:"Off on Saturdays and Sundays (scenario calendar; without start, day 0 is a Monday)."`
	// Trips take each machine away from the site now and then.
	Trips *Trips `yaml:"trips" doc:"Each machine goes away now and then: every (mean gap), min to max days away."`
	// VPN is the share of the days away on which a machine connects to
	// the company network and can reach the hosts, from 0 to 1.
	VPN float64 `yaml:"vpn" doc:"Share of the days away on which a machine connects by VPN, 0 to 1."`
}

// Hours is a daily window [From, Until) after midnight UTC.
type Hours struct {
	From  Duration `yaml:"from" schema:"required"`
	Until Duration `yaml:"until" schema:"required"`
}

// Trips: each machine leaves, on average, once every Every (the time
// between a return and the next departure is drawn from an exponential
// distribution) and stays away for a time drawn uniformly from [Min, Max].
type Trips struct {
	Every Duration `yaml:"every" schema:"required"`
	Min   Duration `yaml:"min" schema:"required"`
	Max   Duration `yaml:"max" schema:"required"`
}

// Lifecycle changes a group's machines on a schedule.
type Lifecycle struct {
	// Retire removes Count machines, chosen at random, every Every.
	Retire *Rate `yaml:"retire" doc:"Retire count machines every every."`
	// Replace replaces the hardware of Count machines every Every: a new
	// machine with a new CMID and a fresh grace takes the old one's place.
	Replace *Rate `yaml:"replace" doc:"Replace the hardware of count machines every every: new CMIDs, fresh grace."`
	// Reimage re-images every machine of the group every Every.
	Reimage *Reimage `yaml:"reimage" doc:"Re-image the whole group every every; generalize (default true) gives new CMIDs (K9)."`
	// Rearm rearms every machine of the group every Every (slmgr -rearm),
	// as school labs do: each rearm resets the grace to 30 days and the
	// CMID (K37), at most Product.MaxRearms times per installation (K4: 3
	// for Vista and 7, 1000 for Windows 8 and later).
	Rearm *Every `yaml:"rearm" doc:"K4: rearm every machine every every (a new grace and a new CMID, K37), at most 3 times per installation for Windows Vista and 7 and Office, 1000 for Windows 8 and later."`
}

// Rate is Count machines every Every, the first time at From (default:
// Every after the start).
type Rate struct {
	Every Duration `yaml:"every" schema:"required"`
	Count int      `yaml:"count" schema:"required"`
	From  Duration `yaml:"from"`
}

// Every is a repetition every Every, the first time at From (default:
// Every after the start).
type Every struct {
	Every Duration `yaml:"every" schema:"required"`
	From  Duration `yaml:"from"`
}

// Reimage re-images a whole group every Every (from From), each machine at
// a random time of [t, t+Over). With Generalize (sysprep /generalize, the
// default) each machine gets a new CMID and a fresh 30-day grace (K3, K9);
// without, the images are clones that share one CMID (K9).
type Reimage struct {
	Every      Duration `yaml:"every" schema:"required"`
	From       Duration `yaml:"from"`
	Over       Duration `yaml:"over"`
	Generalize *bool    `yaml:"generalize" doc:"K9: true (default): sysprep /generalize, new CMIDs and grace; false: clones sharing one CMID."`
}

// Pooled describes a pool of non-persistent virtual desktops (K37): every
// desktop is refreshed from the pool's image every Refresh (1d for a pool
// refreshed daily, or at every logoff of desktops used once a day), each
// at a random time of [t, t+Over). Generalized images (sysprep, the
// default) send a new CMID after every refresh, inflating the host's count
// up to its cache (K13) for 30 days (K10); images that are not
// generalized are clones with one CMID (K9).
type Pooled struct {
	Refresh    Duration `yaml:"refresh" schema:"required" doc:"How often every desktop is refreshed from the image, such as 1d."`
	Over       Duration `yaml:"over" doc:"Spread each refresh over [t, t+over). Default 0s."`
	Generalize *bool    `yaml:"generalize" doc:"K9, K37: true (default): a new CMID at every refresh; false: clones sharing one CMID."`
}

// Reimaging returns g's recurring re-imaging: its lifecycle's, or the
// refreshes of its pool (K37); nil if none.
func (g *Group) Reimaging() *Reimage {
	if p := g.Pooled; p != nil {
		return &Reimage{Every: p.Refresh, Over: p.Over, Generalize: p.Generalize}
	}
	return g.Lifecycle.Reimage
}

// Repeat yields the times of a schedule that repeats every every, the
// first time at from (0: every after the start), up to and including end.
// It yields nothing when every is not positive.
func Repeat(every, from, end Duration) iter.Seq[Duration] {
	return func(yield func(Duration) bool) {
		if every <= 0 {
			return
		}
		if from == 0 {
			from = every
		}
		for at := from; at <= end; at += every {
			if !yield(at) {
				return
			}
		}
	}
}

// generalizes reports whether a re-imaging generalizes (default true).
func generalizes(g *bool) bool { return g == nil || *g }

// Generalizes reports whether r generalizes the images (the default).
func (r *Reimage) Generalizes() bool { return generalizes(r.Generalize) }

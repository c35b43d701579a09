package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

// Seeds returns the seeds of n replications of a scenario whose seed is
// seed. The first is seed itself, so the first replication is the run
// kmssim run makes; the others are drawn by SplitMix64 from seed, so that
// neighbouring scenario seeds do not share replications.
func Seeds(seed uint64, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = seed
		if i > 0 {
			out[i] = sim.SplitMix(seed ^ sim.SplitMix(uint64(i)))
		}
	}
	return out
}

// Fingerprint identifies a scenario as it runs, with every value set on
// the command line, whatever file it was read from: a hash of its fields.
func Fingerprint(scn *scenarios.Scenario) string {
	c := scn.Clone()
	c.File = ""
	data, err := json.Marshal(c)
	if err != nil {
		// Every field of a scenario marshals (numbers, strings, dates).
		panic("batch: scenario does not marshal: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

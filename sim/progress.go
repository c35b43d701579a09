package sim

import "sync/atomic"

// Progress measures how far a run has come, for a progress line: the
// run adds to it as it simulates, and another goroutine reads Fraction.
// Its zero value is ready to use; give each run its own.
type Progress struct {
	done, total atomic.Int64 // client-samples: a world's clients for each sample it has simulated
}

// Fraction returns the share of the run simulated so far, from 0 to 1.
func (p *Progress) Fraction() float64 {
	total := p.total.Load()
	if total == 0 {
		return 0
	}
	return min(1, float64(p.done.Load())/float64(total))
}

// weight is what a world of insts adds to the progress per sample: its
// clients, and at least 1 so that a world of none still counts.
func weight(insts []instance) int64 { return int64(max(1, worldClients(insts))) }

// start sets the total of a run of worlds, each simulated at samples
// times; a nil p measures nothing.
func (p *Progress) start(worlds [][]instance, samples int) {
	if p == nil {
		return
	}
	var total int64
	for _, w := range worlds {
		total += weight(w)
	}
	p.total.Store(total * int64(samples))
}

package sim

import (
	"math/rand/v2"
)

// newRand returns the random stream number stream of a run with the given
// seed. Both are mixed with SplitMix64 so that nearby seeds and streams
// give unrelated sequences.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(SplitMix(seed), SplitMix(seed^SplitMix(stream+1))))
}

// SplitMix returns x mixed by SplitMix64's finalizer: nearby inputs give
// unrelated outputs, so seeds 1, 2, 3 start unrelated random streams.
func SplitMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

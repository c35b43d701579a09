package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortKeys sorts as slices.Sort does: short and long lists, keys that
// vary in a few bytes (a world's joins) or in all, duplicates, and
// lists already sorted or reversed.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := map[string]func(i, n int) uint64{
		"joins":    func(i, n int) uint64 { return uint64(r.IntN(7*86400))<<32 | uint64(r.IntN(5)) },
		"random":   func(i, n int) uint64 { return r.Uint64() },
		"equal":    func(i, n int) uint64 { return 42 },
		"few":      func(i, n int) uint64 { return uint64(r.IntN(3)) << 56 },
		"sorted":   func(i, n int) uint64 { return uint64(i) << 20 },
		"reversed": func(i, n int) uint64 { return uint64(n-i) << 40 },
	}
	for name, key := range shapes {
		for _, n := range []int{0, 1, 2, 255, 256, 257, 1000, 100_000} {
			keys := make([]uint64, n)
			for i := range keys {
				keys[i] = key(i, n)
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			sortKeys(keys, nil)
			if !slices.Equal(keys, want) {
				t.Errorf("%s, %d keys: not sorted as slices.Sort sorts them", name, n)
			}
		}
	}
}

// BenchmarkSortKeys sorts the joins of a million clients.
func BenchmarkSortKeys(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 1_000_000)
	for i := range keys {
		keys[i] = uint64(r.IntN(7*86400))<<32 | uint64(r.IntN(10))
	}
	work := make([]uint64, len(keys))
	for _, s := range []struct {
		name string
		sort func([]uint64)
	}{{"radix", func(k []uint64) { sortKeys(k, nil) }}, {"slices.Sort", slices.Sort[[]uint64]}} {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				copy(work, keys)
				s.sort(work)
			}
		})
	}
}

package batch

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Shard is the slice of a sweep's points that one machine runs: point p
// belongs to shard p mod Count. The zero Shard is the whole sweep.
// Interleaving, rather than contiguous blocks, spreads the expensive end
// of a sweep (more clients, longer runs) over every shard.
type Shard struct {
	Index int `json:"index"` // from 0, as a Kubernetes JOB_COMPLETION_INDEX
	Count int `json:"count"`
}

// ParseShard parses "i/n", 0 ≤ i < n.
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, errI := strconv.Atoi(strings.TrimSpace(is))
	n, errN := strconv.Atoi(strings.TrimSpace(ns))
	switch {
	case !ok || errI != nil || errN != nil:
		return Shard{}, fmt.Errorf("%q: want i/n, such as 0/4 for the first of 4 shards", s)
	case n < 1:
		return Shard{}, fmt.Errorf("%q: the number of shards must be 1 or more", s)
	case i < 0 || i >= n:
		return Shard{}, fmt.Errorf("%q: the shard index runs from 0 to %d", s, n-1)
	}
	return Shard{Index: i, Count: n}, nil
}

// String formats s as "i/n", or "" for the whole sweep.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Has reports whether point p belongs to s.
func (s Shard) Has(p int) bool { return s.Count == 0 || p%s.Count == s.Index }

func (s Shard) check(parameters int) error {
	if s.Count == 0 {
		return nil
	}
	if parameters == 0 {
		return errors.New("-shard splits the points of a sweep, and this scenario has none: add sweep: to it, or -set a field to several values")
	}
	if s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("shard %d/%d: the index runs from 0 to %d", s.Index, s.Count, s.Count-1)
	}
	return nil
}

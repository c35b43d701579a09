// Package words writes numbers, units and English for kmssim's messages
// and outputs: every count, size, share and span that a person reads is
// written by one function here, so the same quantity reads the same in
// stdout, the report, the CSV and an error message.
//
// It is a leaf: it imports only the standard library, and every other
// package of kmssim may use it.
package words

import (
	"strconv"
	"unicode/utf8"
)

// maxQuoted is how much of a value from a user's file a message quotes:
// enough to recognise it, never the whole of a runaway field.
const maxQuoted = 80

// Clip shortens s to 80 characters for a message: a message never quotes
// a runaway field of a user's file whole.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return s
	}
	return string([]rune(s)[:maxQuoted]) + "…"
}

// Plural returns n and the noun what, in the plural unless n is 1:
// "1 machine", "3 machines". Every output of kmssim counts things this way.
func Plural(n int, what string) string {
	return strconv.Itoa(n) + " " + Choose(n, what, what+"s")
}

// Choose returns one when n is 1, else many: Choose(n, "was", "were").
func Choose(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Number formats a value without needless decimals: 25, 0.92, 1234.5.
func Number(v float64) string {
	if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Closest returns the one of known closest in spelling to name, when it
// is close enough to be what was meant (a "did you mean"), or "".
func Closest[T ~string](name T, known []T) T {
	var best T
	bestDist := suggestionDistance(string(name))
	for _, k := range known {
		if d := Distance(string(name), string(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// suggestionDistance is the edit distance below which a known name is
// offered for a misspelt one: 3 at most, 2 for short names ("rn" is
// "run"), and none for a single letter, which is no word to correct.
func suggestionDistance(name string) int {
	if len(name) <= 1 {
		return 1 // a single letter is no word to correct
	}
	return min(3, max(2, (len(name)+1)/2))
}

// Distance is the Levenshtein distance between a and b: the number of
// single-byte insertions, deletions and substitutions that turn one into
// the other, by which "did you mean" ranks known names.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

package scenarios

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

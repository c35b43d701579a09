package scenarios

import "strconv"

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

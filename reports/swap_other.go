//go:build !(linux && (amd64 || arm64))

package reports

// canExchange says whether exchange can swap two paths at once here.
const canExchange = false

// exchange swaps two paths at once where the system can; here it cannot,
// and the caller falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

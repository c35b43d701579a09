//go:build !unix

package reports

import "os"

// lockFile does not lock where the system has no flock: two runs into one
// output directory are then not kept apart.
func lockFile(f *os.File) error { return nil }

func unlockFile(f *os.File) error { return nil }

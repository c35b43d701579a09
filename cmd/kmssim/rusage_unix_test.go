//go:build unix

package main

import (
	"os"
	"syscall"
)

// peakRSS returns the peak resident memory of a process that ended, in
// bytes, as the system reports it.
func peakRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss << 10, true // KB on Linux
}

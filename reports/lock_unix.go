//go:build unix

package reports

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on the open file (or directory) f,
// waiting for another process that holds it. The system releases it when
// the process ends, however it ends.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

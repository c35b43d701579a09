//go:build linux && (amd64 || arm64)

package reports

import (
	"os"
	"syscall"
	"unsafe"
)

// canExchange says whether exchange can swap two paths at once here:
// on Linux 3.15 or later, and a file system that supports it.
const canExchange = true

const (
	atFDCWD        = -0x64  // AT_FDCWD
	renameExchange = 1 << 1 // RENAME_EXCHANGE
)

// exchange swaps the entries a and b, both of which must exist, in one
// step: a reader finds each name in place at every moment. It returns
// errNoExchange where the kernel (ENOSYS) or the file system (EINVAL)
// cannot, for the caller to fall back to renames.
func exchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	fd := atFDCWD
	for {
		_, _, errno := syscall.Syscall6(sysRenameat2, uintptr(fd), uintptr(unsafe.Pointer(pa)), uintptr(fd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
		switch errno {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		case syscall.ENOSYS, syscall.EINVAL:
			return errNoExchange
		}
		return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: errno}
	}
}

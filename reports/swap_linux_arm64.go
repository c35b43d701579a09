//go:build linux && arm64

package reports

// sysRenameat2 is renameat2's number on linux/arm64.
const sysRenameat2 = 276

//go:build linux && amd64

package reports

// sysRenameat2 is renameat2's number on linux/amd64.
const sysRenameat2 = 316

//go:build !(linux || aix || solaris || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package discover

import "syscall"

// reuseAddr does nothing where the option is unknown: only one process per
// host then hears beacons, which is a degraded but working setup.
func reuseAddr(_, _ string, _ syscall.RawConn) error { return nil }

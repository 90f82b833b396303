//go:build linux || aix || solaris

package discover

import "syscall"

// reuseAddr sets SO_REUSEADDR so that several processes on one host (two
// replicas in a test, or the app next to `konbit sync`) can all bind the
// beacon port; broadcasts are delivered to every one of them.
func reuseAddr(_, _ string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	})
	if err != nil {
		return err
	}
	return serr
}

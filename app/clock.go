package app

import "time"

// now is the time the screens show and stamp: the wall clock, or the
// clock a test set.
func (u *UI) now() time.Time {
	if u.clock != nil {
		return u.clock()
	}
	return time.Now()
}

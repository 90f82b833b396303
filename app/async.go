package app

import "fyne.io/fyne/v2/lang"

// write runs a replica write off the Fyne thread, so that a click during
// a long import (which holds the database's single writer) never freezes
// the window; a failure is shown to the user. done, if not nil, runs on
// the Fyne thread after a successful write.
func (u *UI) write(fn func() error, done func()) {
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := fn()
		u.post(func() {
			if err != nil {
				u.showError(lang.L("error.save"), err)
				return
			}
			if done != nil {
				done()
			}
		})
	}()
}

package app

import (
	"context"
	"errors"
	"log"

	"fyne.io/fyne/v2/lang"
)

// write runs a replica write off the Fyne thread, so that a click during
// a long import (which holds the database's single writer) never freezes
// the window; a failure is shown to the user. done, if not nil, runs on
// the Fyne thread after a successful write.
//
// fn gets a context that closing the window or rebuilding the screens
// (a language change) does not cancel: a speaking turn or a step of a
// proposal recorded just before must still land. u.bg counts the write,
// and ShowAndRun waits for it before the replica is closed.
func (u *UI) write(fn func(ctx context.Context) error, done func()) {
	u.writeOr(fn, done, nil)
}

// writeOr is write with failed, if not nil, run on the Fyne thread after a
// failure is shown: a screen that showed a change before it was saved then
// shows again what the replica holds, rather than what was not saved.
func (u *UI) writeOr(fn func(ctx context.Context) error, done, failed func()) {
	ctx := context.WithoutCancel(u.ctx)
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		err := fn(ctx)
		if u.ctx.Err() != nil {
			// The window is closed: no screen to update, nobody to
			// tell and no dialog to tell them in.
			if err != nil {
				log.Printf("konbit: save after the window closed: %v", err)
			}
			return
		}
		u.post(func() {
			if err != nil {
				what := lang.L("error.save")
				var f failure
				if errors.As(err, &f) {
					what = f.what
				}
				u.showError(what, err)
				if failed != nil {
					failed()
				}
				return
			}
			if done != nil {
				done()
			}
		})
	}()
}

// failure is an error of a write that says, translated, what went wrong
// (the dialog's first line) when "not saved" would mislead: a step of the
// consent process refused because the proposal changed meanwhile.
type failure struct {
	what string
	err  error
}

func (f failure) Error() string { return f.err.Error() }
func (f failure) Unwrap() error { return f.err }

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// hrPassEntry is the field of an HR passphrase. A focused entry takes every
// key, so the window's Escape (dialogKeys) never sees it while the HR
// member types: the field closes its dialog itself.
type hrPassEntry struct {
	widget.Entry
	onEscape func()
}

func newHRPassEntry() *hrPassEntry {
	e := &hrPassEntry{}
	e.Password = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e) // the renderer adds the reveal button
	return e
}

func (e *hrPassEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// hrAskPassphrase asks this laptop's HR member for their passphrase: Enter
// or the confirm button gives it to done (on the Fyne thread), Escape or
// Cancel close the dialog, with or without the field focused. The field
// is emptied either way, so that the passphrase lives only in what done
// keeps of it.
func (u *UI) hrAskPassphrase(title, text, confirm string, done func(pass []byte)) {
	e := newHRPassEntry()
	e.SetPlaceHolder(lang.L("evalhr.unlock.placeholder"))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, confirm, lang.L("action.cancel"),
		container.NewVBox(message(text), e), func(ok bool) {
			pass := []byte(e.Text)
			e.SetText("")
			if ok && len(pass) > 0 {
				done(pass)
			}
		}, u.win)
	e.OnSubmitted = func(string) { d.Confirm() }
	e.onEscape = d.Hide
	d.SetOnClosed(dialogKeys(u.win, d.Hide, d.Confirm))
	d.Show()
	u.win.Canvas().Focus(e)
}

package app

import (
	"errors"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// dialogWidth keeps dialog text readable: wide enough for a sentence,
// narrow enough to read on a projector.
const dialogWidth = 460

// message is a wrapping label sized for dialogs.
func message(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return container.New(&minWidthLayout{width: dialogWidth}, l)
}

// showError tells the user what failed (what, translated) and why (err).
func (u *UI) showError(what string, err error) {
	log.Printf("konbit: %s: %v", what, err)
	text := what
	if err != nil {
		text += "\n\n" + errorText(err)
	}
	d := dialog.NewCustom(lang.L("dialog.error.title"), lang.L("action.close"), message(text), u.win)
	d.SetIcon(theme.ErrorIcon())
	d.Show()
}

// showFileDialog shows a file dialog nearly as large as the window, its
// folders and names readable. Fyne 2.8.1's FileDialog.Resize reads the
// window Show builds: called before Show it panics, so it comes after.
// (With the Flatpak portal, which replaces the dialog, it would panic
// still: the app is not built for Flatpak.)
func showFileDialog(d *dialog.FileDialog, win fyne.Window) {
	d.Show()
	d.Resize(win.Canvas().Size().Subtract(fyne.NewSize(80, 80)))
}

// showInfo shows a message with a Close button.
func (u *UI) showInfo(title, text string) {
	dialog.NewCustom(title, lang.L("action.close"), message(text), u.win).Show()
}

// confirm asks before a destructive action; onConfirm runs only on "yes".
func (u *UI) confirm(title, text, confirmLabel string, onConfirm func()) {
	d := dialog.NewCustomConfirm(title, confirmLabel, lang.L("action.cancel"), message(text), func(ok bool) {
		if ok {
			onConfirm()
		}
	}, u.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// errorText translates the errors the user can cause and knows the domain
// words for; other errors keep their (English, technical) text.
func errorText(err error) string {
	switch {
	case errors.Is(err, konbit.ErrEmptyName):
		return lang.L("error.name_required")
	case errors.Is(err, konbit.ErrHours):
		return lang.L("error.hours")
	case errors.Is(err, replica.ErrNotFound):
		return lang.L("error.not_found")
	case errors.Is(err, meetings.ErrClosed):
		return lang.L("live.error.closed")
	case errors.Is(err, meetings.ErrWrongStage):
		return lang.L("live.error.wrong_stage")
	case errors.Is(err, meetings.ErrNotWaiting):
		return lang.L("live.error.not_waiting")
	}
	return err.Error()
}

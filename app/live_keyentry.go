package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// keyEntry is a text field of the live screen that lets the live screen's
// keys through while it has the focus: Fyne gives a focused entry every
// key and shortcut, and an entry ignores those it does not know. In the
// raise-hand field, Enter raises a hand: Shift+Enter (or Alt+Enter) a
// direct response, Ctrl+Enter a point of order.
type keyEntry struct {
	widget.Entry
	s          *liveScreen
	raiseField bool
	shift      bool
	focused    bool
	// onBlur, if set, runs when the field loses the focus (after focused
	// is false): the notes are saved then.
	onBlur func()
}

func newKeyEntry(s *liveScreen) *keyEntry {
	e := &keyEntry{s: s}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) FocusGained() { e.focused = true; e.Entry.FocusGained() }
func (e *keyEntry) FocusLost() {
	e.focused = false
	e.shift = false
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

func (e *keyEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

func (e *keyEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if !e.s.active() {
		e.Entry.TypedKey(k)
		return
	}
	if e.raiseField {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			if e.shift {
				e.s.raiseHand(meetings.DirectResponse)
			} else {
				e.s.raiseHand(meetings.Normal)
			}
			return
		case fyne.KeyDown:
			e.s.queue.cycleMatch(1)
			return
		case fyne.KeyUp:
			e.s.queue.cycleMatch(-1)
			return
		case fyne.KeyEscape:
			if !e.s.hideOverlay() {
				e.SetText("")
			}
			return
		}
	}
	if e.s.keys != nil && e.s.keys.typedKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

func (e *keyEntry) TypedShortcut(sc fyne.Shortcut) {
	cs, custom := sc.(*desktop.CustomShortcut)
	if !e.s.active() || (custom && !e.raiseField && wordEditing(cs)) {
		e.Entry.TypedShortcut(sc)
		return
	}
	if custom && e.raiseField &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) {
		switch cs.Modifier {
		case fyne.KeyModifierControl, fyne.KeyModifierSuper:
			e.s.raiseHand(meetings.PointOfOrder)
			return
		case fyne.KeyModifierAlt:
			e.s.raiseHand(meetings.DirectResponse)
			return
		}
	}
	if e.s.keys != nil && e.s.keys.shortcut(sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

// wordEditing tells whether a key combination moves, selects or deletes
// by word in a text field (Ctrl+→, Ctrl+Shift+←, Ctrl+Delete; Alt on
// macOS). In the fields where people write sentences (a proposal, an
// objection, a committee's note) the field keeps them, so that
// Ctrl+→ typed there moves the cursor instead of ending the speaker's
// turn. The raise-hand field holds a few letters of a name: there the live
// screen's keys come first.
func wordEditing(cs *desktop.CustomShortcut) bool {
	switch cs.KeyName {
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyBackspace, fyne.KeyDelete:
		return cs.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0
	}
	return false
}

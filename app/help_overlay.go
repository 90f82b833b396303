package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// combo is one key, with its modifiers.
type combo struct {
	key fyne.KeyName
	mod fyne.KeyModifier
}

// liveKey is a command of the live screen and the keys that run it. The
// same table binds the keys and writes the help overlay, so the help
// lists every key there is.
type liveKey struct {
	combos []combo
	text   string // what it does
	keys   string // how the help writes the keys, when not from combos
	action func(s *liveScreen)
	// dir is a command that goes up (first combo) or down (second).
	dir func(s *liveScreen, step int)
}

// Modifier shortcuts. Ctrl is used, not the platform's "shortcut default"
// (Cmd on macOS), so that what the facilitator types is what the help says.
const (
	ctrl  = fyne.KeyModifierControl
	alt   = fyne.KeyModifierAlt
	shift = fyne.KeyModifierShift
)

// liveKeyTable lists the live screen's keys. Plain function keys work when
// no field has the focus as well as in the live screen's fields; Ctrl and
// Alt combinations too. Keys in the raise-hand field come first.
func liveKeyTable() []liveKey {
	goTo := func(n int) func(s *liveScreen) { return func(s *liveScreen) { s.goToIndex(n) } }
	digits := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	keys := []liveKey{
		{keys: lang.L("live.keys.enter"), text: lang.L("live.key.raise")}, // keys in the raise-hand field: keyEntry
		{keys: lang.L("live.keys.ctrl_enter"), text: lang.L("live.key.raise_point_of_order")},
		{keys: lang.L("live.keys.shift_enter"), text: lang.L("live.key.raise_response")},
		{keys: "↑ ↓", text: lang.L("live.key.choose_name")},
		{combos: []combo{{fyne.KeyF2, 0}, {fyne.KeyR, ctrl}}, text: lang.L("live.key.focus_raise"), action: func(s *liveScreen) { s.queue.focus() }},
		{combos: []combo{{fyne.KeyF8, 0}, {fyne.KeyRight, ctrl}}, text: lang.L("live.key.next_speaker"), action: (*liveScreen).nextSpeaker},
		{combos: []combo{{fyne.KeyF7, 0}, {fyne.KeySpace, ctrl}}, text: lang.L("live.key.pause"), action: (*liveScreen).togglePause},
		{combos: []combo{{fyne.KeyF9, 0}, {fyne.KeyE, ctrl}}, text: lang.L("live.key.end_turn"), action: (*liveScreen).endTurnNow},
		{combos: []combo{{fyne.KeyF6, 0}, {fyne.KeyP, ctrl}}, text: lang.L("live.key.pass"), action: (*liveScreen).roundPass},
		{combos: []combo{{fyne.KeyUp, alt}, {fyne.KeyDown, alt}}, text: lang.L("live.key.select_queue"), dir: (*liveScreen).selectQueue},
		{combos: []combo{{fyne.KeyUp, ctrl}, {fyne.KeyDown, ctrl}}, text: lang.L("live.key.move_queue"), dir: (*liveScreen).moveQueued},
		// Ctrl+L only: Ctrl+Delete deletes a word in a text field.
		{combos: []combo{{fyne.KeyL, ctrl}}, text: lang.L("live.key.lower"), action: (*liveScreen).lowerHand},
		{combos: []combo{{fyne.KeyM, ctrl}}, text: lang.L("live.key.ordering"), action: (*liveScreen).toggleOrdering},
		{combos: []combo{{fyne.KeyPageDown, ctrl}}, text: lang.L("live.key.next_item"), action: (*liveScreen).nextItem},
		{combos: []combo{{fyne.KeyPageUp, ctrl}}, text: lang.L("live.key.previous_item"), action: (*liveScreen).previousItem},
		{keys: "Alt+1 … Alt+9", text: lang.L("live.key.go_to_item")},
		{combos: []combo{{fyne.KeyUp, ctrl | shift}, {fyne.KeyDown, ctrl | shift}}, text: lang.L("live.key.move_item"), dir: (*liveScreen).moveItem},
		{combos: []combo{{fyne.KeyN, ctrl}}, text: lang.L("live.key.add_item"), action: (*liveScreen).addItemDialog},
		{combos: []combo{{fyne.KeyF4, 0}, {fyne.KeyN, ctrl | shift}}, text: lang.L("live.key.notes"), action: (*liveScreen).focusNotes},
		{combos: []combo{{fyne.KeyA, ctrl | shift}}, text: lang.L("live.key.add_action"), action: (*liveScreen).addAction},
		{combos: []combo{{fyne.KeyF, ctrl | shift}}, text: lang.L("live.key.finish"), action: (*liveScreen).confirmFinish},
		{combos: []combo{{fyne.KeyF5, 0}}, text: lang.L("live.key.projector"), action: (*liveScreen).toggleProjector},
		{combos: []combo{{fyne.KeyF1, 0}}, text: lang.L("live.key.help"), action: (*liveScreen).showHelp},
		{combos: []combo{{fyne.KeyEscape, 0}}, text: lang.L("live.key.escape"), action: func(s *liveScreen) { s.hideOverlay() }},
	}
	for i, d := range digits {
		keys = append(keys, liveKey{combos: []combo{{d, alt}}, action: goTo(i)}) // listed as one line above
	}
	return keys
}

// liveKeys routes keys to the live screen's commands: from the window's
// canvas when no field has the focus, from the live screen's fields
// (keyEntry) when one has.
type liveKeys struct {
	s         *liveScreen
	byCombo   map[combo]func()
	canvas    fyne.Canvas
	bound     []*desktop.CustomShortcut
	prevTyped func(*fyne.KeyEvent)
}

// bindKeys binds the table on the main window's canvas.
func (s *liveScreen) bindKeys() *liveKeys {
	k := &liveKeys{s: s, byCombo: map[combo]func(){}, canvas: s.u.win.Canvas()}
	for _, lk := range liveKeyTable() {
		for i, c := range lk.combos {
			var run func()
			switch {
			case lk.dir != nil:
				f, step := lk.dir, -1
				if i == 1 {
					step = 1
				}
				run = func() { f(s, step) }
			case lk.action != nil:
				a := lk.action
				run = func() { a(s) }
			default:
				continue
			}
			k.byCombo[c] = run
			if c.mod != 0 {
				sc := &desktop.CustomShortcut{KeyName: c.key, Modifier: c.mod}
				k.bound = append(k.bound, sc)
				k.canvas.AddShortcut(sc, func(fyne.Shortcut) {
					if s.active() {
						run()
					}
				})
			}
		}
	}
	k.prevTyped = k.canvas.OnTypedKey()
	k.canvas.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if !k.typedKey(ev) && k.prevTyped != nil {
			k.prevTyped(ev)
		}
	})
	return k
}

// unbind gives the window its keys back.
func (k *liveKeys) unbind() {
	for _, sc := range k.bound {
		k.canvas.RemoveShortcut(sc)
	}
	k.canvas.SetOnTypedKey(k.prevTyped)
}

// active tells whether the live screen is the one running and shown: its
// keys are bound on the window's canvas, and a field of it may keep the
// focus, while another screen is shown; there they must do nothing.
func (s *liveScreen) active() bool {
	return s.u.live == s && s.u.current == screenMeetings
}

// typedKey runs the command of a plain key; false if it has none (or the
// live screen is not shown).
func (k *liveKeys) typedKey(ev *fyne.KeyEvent) bool {
	if !k.s.active() {
		return false
	}
	if run, ok := k.byCombo[combo{ev.Name, 0}]; ok {
		run()
		return true
	}
	return false
}

// shortcut runs the command of a key combination; false if it has none.
func (k *liveKeys) shortcut(sc fyne.Shortcut) bool {
	cs, ok := sc.(*desktop.CustomShortcut)
	if !ok || !k.s.active() {
		return false
	}
	if run, ok := k.byCombo[combo{cs.KeyName, cs.Modifier}]; ok {
		run()
		return true
	}
	return false
}

// comboText writes a key combination for people: Ctrl+→.
func comboText(c combo) string {
	var parts []string
	if c.mod&ctrl != 0 {
		parts = append(parts, "Ctrl")
	}
	if c.mod&alt != 0 {
		parts = append(parts, "Alt")
	}
	if c.mod&shift != 0 {
		parts = append(parts, lang.L("live.key.shift"))
	}
	name := string(c.key)
	switch c.key {
	case fyne.KeyRight:
		name = "→"
	case fyne.KeyLeft:
		name = "←"
	case fyne.KeyUp:
		name = "↑"
	case fyne.KeyDown:
		name = "↓"
	case fyne.KeySpace:
		name = lang.L("live.key.space")
	case fyne.KeyEscape:
		name = lang.L("live.key.esc")
	case fyne.KeyPageDown:
		name = lang.L("live.key.page_down")
	case fyne.KeyPageUp:
		name = lang.L("live.key.page_up")
	case fyne.KeyDelete:
		name = lang.L("live.key.delete")
	}
	return strings.Join(append(parts, name), "+")
}

// keysText writes the keys of a command, alternatives separated by commas.
func (lk liveKey) keysText() string {
	if lk.keys != "" {
		return lk.keys
	}
	var out []string
	for _, c := range lk.combos {
		out = append(out, comboText(c))
	}
	return strings.Join(out, ", ")
}

// mainWindowKeys are the main window's own shortcuts (nav.go), listed in
// the help too.
func mainWindowKeys() [][2]string {
	return [][2]string{
		{"Ctrl+1 … Ctrl+6", lang.L("live.key.screens")},
		{"Ctrl+F", lang.L("live.key.search")},
		{"Ctrl+Q", lang.L("live.key.quit")},
	}
}

// helpContent lists every key of the live screen and of the main window.
func helpContent() fyne.CanvasObject {
	grid := func(rows [][2]string) *fyne.Container {
		var objs []fyne.CanvasObject
		for _, r := range rows {
			k := widget.NewLabel(r[0])
			k.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
			d := widget.NewLabel(r[1])
			d.Wrapping = fyne.TextWrapWord
			objs = append(objs, k, d)
		}
		return container.New(layout.NewFormLayout(), objs...)
	}
	var live [][2]string
	for _, lk := range liveKeyTable() {
		if lk.text == "" {
			continue
		}
		live = append(live, [2]string{lk.keysText(), lk.text})
	}
	return container.NewVBox(
		subheading(lang.L("live.help.live")), grid(live),
		subheading(lang.L("live.help.main")), grid(mainWindowKeys()),
		caption(lang.L("live.help.note")),
	)
}

// showHelp shows the help overlay (F1).
func (s *liveScreen) showHelp() {
	if s.help != nil {
		s.help.Hide()
	}
	d := dialog.NewCustom(lang.L("live.help.title"), lang.L("action.close"), container.NewVScroll(helpContent()), s.u.win)
	d.Resize(fyne.NewSize(760, 700))
	d.SetOnClosed(func() { s.help = nil; s.queue.focus() })
	s.help = d
	d.Show()
}

// hideOverlay closes the dialog on top of the window (Escape); false if
// there was none.
func (s *liveScreen) hideOverlay() bool {
	if s.help != nil {
		s.help.Hide()
		return true
	}
	ov := s.u.win.Canvas().Overlays()
	if top := ov.Top(); top != nil {
		if p, ok := top.(*widget.PopUp); ok {
			p.Hide() // a dialog's pop-up: hiding it removes it
		} else {
			ov.Remove(top)
		}
		return true
	}
	return false
}

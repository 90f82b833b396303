package app

import (
	"context"

	"errors"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// roleSetEditor edits the organisation's facilitation roles (one record,
// shared by every meeting): their labels in both languages, their order,
// roles added and removed. A role keeps its key when relabelled, since
// past assignments refer to it; a new role's key comes from its English
// label. Nothing is written until Save, and Save refuses a set the
// meetings could not use, saying why, with the dialog still open.
type roleSetEditor struct {
	t *rolesTab

	setID  uuid.UUID // the set's record id, as read
	rows   []*roleSetRow
	list   *fyne.Container
	scroll *container.Scroll
	errMsg *widget.Label
	dialog *dialog.CustomDialog
}

// roleSetRow is one role being edited; key is empty for a role added in
// this dialog.
type roleSetRow struct {
	key    string
	en, fr *widget.Entry
}

// newEditRolesButton is the roles tab's "Edit roles", beside the
// suggestion options (the suggestion buttons fill the width of a
// projector screen with large text). With the largest text it shows its
// icon only, so that the options' labels still fit.
func newEditRolesButton(t *rolesTab) *widget.Button {
	b := widget.NewButtonWithIcon(lang.L("roleset.edit"), theme.SettingsIcon(), t.showRoleSet)
	if t.p.u.textSize == textXLarge {
		b.SetText("")
	}
	return b
}

// showRoleSet opens the role set editor on the set as it is now.
func (t *rolesTab) showRoleSet() {
	u := t.p.u
	set, _ := u.r.RoleSet()
	e := &roleSetEditor{t: t, setID: set.ID, list: container.NewVBox()}
	for _, r := range set.Roles {
		e.rows = append(e.rows, newRoleSetRow(r))
	}
	e.errMsg = widget.NewLabel("")
	e.errMsg.Wrapping = fyne.TextWrapWord
	e.errMsg.Importance = widget.DangerImportance
	e.errMsg.Hide()
	add := widget.NewButtonWithIcon(lang.L("roleset.add"), theme.ContentAddIcon(), e.add)
	header := container.NewBorder(nil, nil, nil, iconsWidth(),
		container.NewGridWithColumns(2, cell(lang.L("roleset.col.en"), true), cell(lang.L("roleset.col.fr"), true)))
	top := container.NewVBox(paragraph(lang.L("roleset.intro")), header)
	// A wrapping label learns its height from its width: give it one.
	bottom := container.NewVBox(container.NewHBox(add), container.New(&minWidthLayout{width: dialogWidth}, e.errMsg))
	e.scroll = container.NewVScroll(e.list)
	content := container.NewBorder(top, bottom, nil, nil, e.scroll)
	e.show()

	e.dialog = dialog.NewCustomWithoutButtons(lang.L("roleset.title"), content, u.win)
	cancel := widget.NewButton(lang.L("action.cancel"), e.dialog.Hide)
	save := widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), e.save)
	save.Importance = widget.HighImportance
	e.dialog.SetButtons([]fyne.CanvasObject{cancel, save})
	e.dialog.SetOnClosed(func() {
		if t.roleEditor == e {
			t.roleEditor = nil
		}
	})
	t.roleEditor = e
	win := u.win.Canvas().Size()
	pad := 4 * theme.Padding()
	rowsHeight := float32(len(e.rows)+1) * (widget.NewEntry().MinSize().Height + theme.Padding())
	e.dialog.Resize(fyne.NewSize(min(46*theme.TextSize(), win.Width-pad),
		min(top.MinSize().Height+rowsHeight+bottom.MinSize().Height+8*theme.TextSize(), win.Height-pad)))
	e.dialog.Show()
}

func newRoleSetRow(r meetings.RoleDef) *roleSetRow {
	row := &roleSetRow{key: r.Key, en: widget.NewEntry(), fr: widget.NewEntry()}
	row.en.SetText(r.EN)
	row.fr.SetText(r.FR)
	return row
}

// iconsWidth is a spacer as wide as a row's three icon buttons, so that
// the column headings sit above the entries.
func iconsWidth() fyne.CanvasObject {
	b := widget.NewButtonWithIcon("", theme.MoveUpIcon(), nil)
	w := 3*b.MinSize().Width + 2*theme.Padding()
	return container.New(&minWidthLayout{width: w})
}

// show lays the rows out again after a change of the list.
func (e *roleSetEditor) show() {
	e.list.Objects = nil
	for i, r := range e.rows {
		up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { e.move(i, -1) })
		down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { e.move(i, 1) })
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.remove(i) })
		if i == 0 {
			up.Disable()
		}
		if i == len(e.rows)-1 {
			down.Disable()
		}
		e.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(up, down, remove),
			container.NewGridWithColumns(2, r.en, r.fr)))
	}
	e.list.Refresh()
}

// add appends an empty role and puts the cursor in its English label.
func (e *roleSetEditor) add() {
	r := newRoleSetRow(meetings.RoleDef{})
	e.rows = append(e.rows, r)
	e.show()
	e.scroll.Refresh() // learn the new height first
	e.scroll.ScrollToBottom()
	e.t.p.u.win.Canvas().Focus(r.en)
}

// remove drops a role from the list.
func (e *roleSetEditor) remove(i int) {
	if i < 0 || i >= len(e.rows) {
		return
	}
	e.rows = append(e.rows[:i], e.rows[i+1:]...)
	e.show()
}

// move moves a role by delta places.
func (e *roleSetEditor) move(i, delta int) {
	j := i + delta
	if i < 0 || j < 0 || i >= len(e.rows) || j >= len(e.rows) {
		return
	}
	e.rows[i], e.rows[j] = e.rows[j], e.rows[i]
	e.show()
}

// roleSet is the edited set, or why the meetings could not use it: no
// role, a label missing, two roles with one key, or what the domain
// refuses.
func (e *roleSetEditor) roleSet() (meetings.RoleSet, error) {
	s := meetings.RoleSet{ID: e.setID}
	if len(e.rows) == 0 {
		return s, errors.New(lang.L("roleset.error.empty"))
	}
	seen := map[string]bool{}
	for i, r := range e.rows {
		en, fr := strings.TrimSpace(r.en.Text), strings.TrimSpace(r.fr.Text)
		if en == "" || fr == "" {
			return s, errors.New(lang.L("roleset.error.label", map[string]any{"Number": i + 1}))
		}
		key := r.key
		if key == "" {
			key = roleKey(en)
		}
		if seen[key] {
			return s, errors.New(lang.L("roleset.error.duplicate", map[string]any{"Key": key}))
		}
		seen[key] = true
		s.Roles = append(s.Roles, meetings.RoleDef{Key: key, EN: en, FR: fr})
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	return s, nil
}

// save writes the edited set, or says why not and keeps the dialog open.
func (e *roleSetEditor) save() {
	s, err := e.roleSet()
	if err != nil {
		e.errMsg.SetText(err.Error())
		e.errMsg.Show()
		return
	}
	e.errMsg.Hide()
	e.dialog.Hide()
	u := e.t.p.u
	u.write(func(ctx context.Context) error { return u.r.SaveRoleSet(ctx, s) }, nil)
}

// roleKey derives a role's key from its English label: lower case,
// words joined by dashes ("Speaking-queue keeper" → "speaking-queue-keeper").
func roleKey(label string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(label) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			continue
		}
		dash = true
	}
	return b.String()
}

// roleReason says why someone is suggested for a role, naming a role
// added to the set by its label rather than its key (the usual roles have
// sentences of their own).
func roleReason(set meetings.RoleSet, r meetings.Reason, language string) string {
	if _, usual := held(r.Role); !usual {
		r.Role = set.Label(r.Role, language)
	}
	return reasonText(r, language)
}

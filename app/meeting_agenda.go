package app

import (
	"context"

	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// agendaColumns: number, type, title, presenter, timebox, session.
var agendaColumns = &columns{
	weights: []float32{0.5, 1.9, 4.4, 1.8, 1.1, 1.6},
	minEm:   []float32{1.5, 7, 10, 6, 4, 6},
	drop:    []int{5, 3, 1, 4},
}

// itemTypes are the item types in menu order.
var itemTypes = []meetings.ItemType{meetings.InfoItem, meetings.BrainstormItem, meetings.ProposalItem}

// agendaTab shows the agenda in order and edits it: add, edit, remove,
// move up and down (buttons, or Alt+Up and Alt+Down on the list).
type agendaTab struct {
	p *meetingPrep

	items    []meetings.Item
	names    map[uuid.UUID]string
	selected uuid.UUID

	list                 *agendaList
	edit, remove, up, dn *widget.Button
	total                *widget.Label
	empty                *widget.Label
	selecting            bool
	root                 fyne.CanvasObject
}

// agendaList is the agenda's list, which moves its selected item with
// Alt+Up and Alt+Down while it has the keyboard focus.
type agendaList struct {
	widget.List
	t *agendaTab
}

var (
	shortcutMoveUp   = &desktop.CustomShortcut{KeyName: fyne.KeyUp, Modifier: fyne.KeyModifierAlt}
	shortcutMoveDown = &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt}
)

// TypedShortcut moves the selected item; other shortcuts go to the window.
func (l *agendaList) TypedShortcut(s fyne.Shortcut) {
	switch s.ShortcutName() {
	case shortcutMoveUp.ShortcutName():
		l.t.move(-1)
		return
	case shortcutMoveDown.ShortcutName():
		l.t.move(1)
		return
	}
	if c, ok := l.t.p.u.win.Canvas().(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

func newAgendaTab(p *meetingPrep) *agendaTab {
	t := &agendaTab{p: p}
	t.list = &agendaList{t: t}
	t.list.Length = func() int { return len(t.items) }
	t.list.CreateItem = func() fyne.CanvasObject {
		return row(agendaColumns, cell("", false), cell("", false), cell("", true), cell("", false), cell("", false), cell("", false))
	}
	t.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(t.items) {
			return
		}
		it := t.items[id]
		objs := o.(*fyne.Container).Objects
		objs[0].(*widget.Label).SetText(strconv.Itoa(id + 1))
		objs[1].(*widget.Label).SetText(itemTypeLabel(it.Type))
		objs[2].(*widget.Label).SetText(it.Title)
		objs[3].(*widget.Label).SetText(dash(t.names[it.Presenter]))
		objs[4].(*widget.Label).SetText(minutesText(it.Timebox))
		objs[5].(*widget.Label).SetText(dash(it.Session))
	}
	t.list.OnSelected = func(id widget.ListItemID) {
		if t.selecting || id >= len(t.items) {
			return
		}
		t.selected = t.items[id].ID
		t.enable()
	}
	t.list.OnUnselected = func(widget.ListItemID) {
		if !t.selecting {
			t.selected = uuid.Nil
			t.enable()
		}
	}
	t.list.ExtendBaseWidget(t.list)

	add := widget.NewButtonWithIcon(lang.L("meetings.agenda.add"), theme.ContentAddIcon(), func() { t.showItem(nil) })
	add.Importance = widget.HighImportance
	t.edit = widget.NewButtonWithIcon(lang.L("meetings.agenda.edit"), theme.DocumentCreateIcon(), func() {
		if it := t.current(); it != nil {
			t.showItem(it)
		}
	})
	t.remove = widget.NewButtonWithIcon(lang.L("action.remove"), theme.DeleteIcon(), t.confirmRemove)
	t.up = widget.NewButtonWithIcon(lang.L("meetings.agenda.up"), theme.MoveUpIcon(), func() { t.move(-1) })
	t.dn = widget.NewButtonWithIcon(lang.L("meetings.agenda.down"), theme.MoveDownIcon(), func() { t.move(1) })
	t.total = widget.NewLabel("")
	t.empty = paragraph(lang.L("meetings.agenda.empty"))
	header := row(agendaColumns, cell(lang.L("meetings.agenda.col.number"), true),
		cell(lang.L("meetings.agenda.col.type"), true), cell(lang.L("meetings.agenda.col.title"), true),
		cell(lang.L("meetings.agenda.col.presenter"), true), cell(lang.L("meetings.agenda.col.timebox"), true),
		cell(lang.L("meetings.agenda.col.session"), true))
	if p.u.textSize != textNormal {
		// Large text on a projector: the item buttons show their icons
		// only, so that the toolbar still fits 1024 pixels.
		for _, b := range []*widget.Button{t.edit, t.remove, t.up, t.dn} {
			b.SetText("")
		}
	}
	tools := container.NewBorder(nil, nil, container.NewHBox(add, t.edit, t.remove, t.up, t.dn), newSaveTemplateButton(t))
	hint := caption(lang.L("meetings.agenda.keys"))
	t.root = container.NewBorder(container.NewVBox(tools, header, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, t.total, nil, hint)), nil, nil,
		container.NewStack(t.list, t.empty))
	t.enable()
	p.u.watch(p.ctx, t.load)
	return t
}

func (t *agendaTab) load() []<-chan struct{} {
	items, ch1 := t.p.u.r.Agenda(t.p.id)
	names, ch2 := t.p.memberNames()
	t.items, t.names = items, names
	var total time.Duration
	for _, it := range items {
		total += it.Timebox
	}
	n := len(items)
	t.total.SetText(plural(t.p.u.language, n, lang.L("meetings.agenda.total.one", map[string]any{"Count": n, "Time": hoursText(total)}),
		lang.L("meetings.agenda.total.other", map[string]any{"Count": n, "Time": hoursText(total)})))
	t.empty.Hidden = n > 0
	t.list.Refresh()
	t.selecting = true
	found := false
	for i, it := range items {
		if it.ID == t.selected {
			t.list.Select(i)
			found = true
		}
	}
	if !found {
		t.selected = uuid.Nil
		t.list.UnselectAll()
	}
	t.selecting = false
	t.enable()
	return []<-chan struct{}{ch1, ch2}
}

// enable makes the item buttons follow the selection.
func (t *agendaTab) enable() {
	i := t.index()
	for _, b := range []*widget.Button{t.edit, t.remove} {
		if i < 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if i <= 0 {
		t.up.Disable()
	} else {
		t.up.Enable()
	}
	if i < 0 || i >= len(t.items)-1 {
		t.dn.Disable()
	} else {
		t.dn.Enable()
	}
}

// index is the selected item's place in the agenda, -1 if none.
func (t *agendaTab) index() int {
	for i, it := range t.items {
		if it.ID == t.selected && t.selected != uuid.Nil {
			return i
		}
	}
	return -1
}

func (t *agendaTab) current() *meetings.Item {
	if i := t.index(); i >= 0 {
		it := t.items[i]
		return &it
	}
	return nil
}

// move moves the selected item by delta places.
func (t *agendaTab) move(delta int) {
	i := t.index()
	if i < 0 || i+delta < 0 || i+delta >= len(t.items) {
		return
	}
	id := t.selected
	t.p.u.write(func(ctx context.Context) error { return t.p.u.r.MoveItem(ctx, id, i+delta) }, nil)
}

func (t *agendaTab) confirmRemove() {
	it := t.current()
	if it == nil {
		return
	}
	id := it.ID
	t.p.u.confirm(lang.L("meetings.agenda.remove_title"), lang.L("meetings.agenda.remove_text", map[string]any{"Title": it.Title}),
		lang.L("action.remove"), func() {
			t.p.u.write(func(ctx context.Context) error { return t.p.u.r.RemoveItem(ctx, id) }, nil)
		})
}

// showItem adds an item (old nil) or edits one.
func (t *agendaTab) showItem(old *meetings.Item) {
	var typeNames []string
	for _, ty := range itemTypes {
		typeNames = append(typeNames, itemTypeLabel(ty))
	}
	kind := widget.NewSelect(typeNames, nil)
	kind.SetSelectedIndex(0)
	title := widget.NewEntry()
	title.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(lang.L("meetings.error.item_title"))
		}
		return nil
	}
	members, _ := t.p.u.r.Members()
	people := []string{lang.L("meetings.nobody")}
	ids := []uuid.UUID{uuid.Nil}
	for _, m := range members {
		people = append(people, m.Name)
		ids = append(ids, m.ID)
	}
	presenter := widget.NewSelect(people, nil)
	presenter.SetSelectedIndex(0)
	timebox := widget.NewEntry()
	timebox.SetPlaceHolder("15")
	timebox.Validator = func(v string) error {
		if _, ok := parseMinutes(v); !ok {
			return errors.New(lang.L("meetings.error.minutes"))
		}
		return nil
	}
	session := widget.NewEntry()
	session.SetPlaceHolder(lang.L("meetings.agenda.session.placeholder"))
	notes := widget.NewMultiLineEntry()
	notes.Wrapping = fyne.TextWrapWord
	notes.SetMinRowsVisible(3)

	it := meetings.Item{Meeting: t.p.id, Type: meetings.InfoItem}
	heading, confirm := lang.L("meetings.agenda.add_title"), lang.L("action.add")
	if old != nil {
		it = *old
		heading, confirm = lang.L("meetings.agenda.edit_title"), lang.L("action.save")
		for i, ty := range itemTypes {
			if ty == it.Type {
				kind.SetSelectedIndex(i)
			}
		}
		title.SetText(it.Title)
		for i, id := range ids {
			if id == it.Presenter {
				presenter.SetSelectedIndex(i)
			}
		}
		if it.Timebox > 0 {
			timebox.SetText(strconv.Itoa(int(it.Timebox / time.Minute)))
		}
		session.SetText(it.Session)
		notes.SetText(it.Notes)
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("meetings.agenda.type"), kind),
		widget.NewFormItem(lang.L("meetings.agenda.title"), title),
		widget.NewFormItem(lang.L("meetings.agenda.presenter"), presenter),
		widget.NewFormItem(lang.L("meetings.agenda.timebox"), timebox),
		widget.NewFormItem(lang.L("meetings.agenda.session"), session),
		widget.NewFormItem(lang.L("meetings.agenda.notes"), notes),
	}
	items[3].HintText = lang.L("meetings.agenda.timebox.hint")
	d := dialog.NewForm(heading, confirm, lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if i := kind.SelectedIndex(); i >= 0 {
			it.Type = itemTypes[i]
		}
		it.Title = strings.TrimSpace(title.Text)
		it.Presenter = uuid.Nil
		if i := presenter.SelectedIndex(); i > 0 {
			it.Presenter = ids[i]
		}
		mins, _ := parseMinutes(timebox.Text)
		it.Timebox = time.Duration(mins) * time.Minute
		it.Session = strings.TrimSpace(session.Text)
		it.Notes = strings.TrimSpace(notes.Text)
		if old == nil {
			var added meetings.Item
			t.p.u.write(func(ctx context.Context) error {
				var err error
				added, err = t.p.u.r.AddItem(ctx, it)
				return err
			}, func() { t.selected = added.ID; t.load() })
			return
		}
		// Change what the form edits on the item as it is now: its start
		// and end move on while the meeting runs.
		u, edited := t.p.u, it
		u.write(func(ctx context.Context) error {
			u.edits.Lock()
			defer u.edits.Unlock()
			cur, err := u.r.Item(edited.ID)
			if err != nil {
				return err
			}
			cur.Type, cur.Title, cur.Presenter, cur.Timebox = edited.Type, edited.Title, edited.Presenter, edited.Timebox
			cur.Session, cur.Notes = edited.Session, edited.Notes
			return u.r.SaveItem(ctx, cur)
		}, nil)
	}, t.p.u.win)
	d.Resize(fyne.NewSize(34*theme.TextSize(), d.MinSize().Height))
	d.Show()
	t.p.u.win.Canvas().Focus(title)
}

// parseMinutes reads a timebox typed in minutes; empty is none.
func parseMinutes(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 24*60 {
		return 0, false
	}
	return n, true
}

// hoursText shows a planned duration: "45 min", "2 h 15".
func hoursText(d time.Duration) string {
	mins := int((d + time.Minute/2) / time.Minute)
	if mins < 60 {
		return lang.L("meetings.minutes", count(mins))
	}
	return lang.L("meetings.hours", map[string]any{"Hours": mins / 60, "Minutes": twoDigits(mins % 60)})
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

package app

import (
	"context"

	"errors"
	"image/color"
	"log"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// membershipTab lists the members of the work collective who attended no
// collective meeting in the four weeks before this one: being away that
// long is a ground for leaving the work committee, checked at each
// monthly reflection meeting (DOMAIN.md, Meetings). The preparation of a
// meeting shows it, and so does the live meeting while its membership
// check item runs: it depends only on the meeting, not on the screen.
type membershipTab struct {
	u       *UI
	ctx     context.Context
	meeting uuid.UUID
	intro   *widget.Label
	rows    *fyne.Container
	root    fyne.CanvasObject
}

// absenteeColumns: name, last attended.
var absenteeColumns = &columns{weights: []float32{1, 1.4}, minEm: []float32{6, 8}, drop: []int{1}}

// newMembershipTab shows the check for a meeting until ctx is done.
// narrow puts the refresh button under the explanation rather than beside
// it, for the live screen's narrow right-hand column.
func newMembershipTab(ctx context.Context, u *UI, meeting uuid.UUID, narrow bool) *membershipTab {
	t := &membershipTab{u: u, ctx: ctx, meeting: meeting}
	t.intro = paragraph("")
	t.rows = container.NewVBox()
	refresh := widget.NewButtonWithIcon(lang.L("meetings.membership.refresh"), theme.ViewRefreshIcon(), func() { t.load() })
	top := container.NewBorder(nil, nil, nil, container.NewCenter(refresh), t.intro)
	if narrow {
		t.intro.SizeName = theme.SizeNameCaptionText
		top = container.NewVBox(t.intro, container.NewHBox(refresh))
	}
	t.root = container.NewBorder(container.NewVBox(top, widget.NewSeparator()),
		nil, nil, nil, container.NewVScroll(t.rows))
	u.watch(ctx, t.load)
	return t
}

func (t *membershipTab) load() []<-chan struct{} {
	m, mch, _ := t.u.r.Meeting(t.meeting) // its date decides the window
	_, ch1 := t.u.r.Meetings()
	_, ch2 := t.u.r.Members()
	ch3 := t.u.r.WatchAttendance(t.meeting)
	date := m.Date
	t.intro.SetText(lang.L("meetings.membership.intro", map[string]any{"Date": date, "Days": meetings.MembershipWindowDays}))
	t.rows.Objects = nil
	absent, err := t.u.r.MembershipCheck(t.ctx, date)
	switch {
	case err != nil:
		log.Printf("konbit: membership check: %v", err)
		t.rows.Add(paragraph(lang.L("meetings.membership.error")))
	case len(absent) == 0:
		t.rows.Add(paragraph(lang.L("meetings.membership.none")))
	default:
		t.rows.Add(row(absenteeColumns, cell(lang.L("meetings.membership.col.name"), true),
			cell(lang.L("meetings.membership.col.last"), true)))
		for _, a := range absent {
			last := lang.L("meetings.membership.never")
			if a.LastAttended != "" {
				last = a.LastAttended
			}
			t.rows.Add(row(absenteeColumns, cell(a.Name, false), cell(last, false)))
		}
	}
	t.rows.Refresh()
	return []<-chan struct{}{mch, ch1, ch2, ch3}
}

// noteEntry is a multi-line entry that saves when it loses the focus, so
// that the note-taker never has to think of a Save button.
type noteEntry struct {
	widget.Entry
	onBlur func()
}

func newNoteEntry() *noteEntry {
	e := &noteEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(2)
	return e
}

func (e *noteEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

// roundTab takes one note per committee at the round of committees.
type roundTab struct {
	p      *meetingPrep
	notes  map[uuid.UUID]*noteEntry
	saved  map[uuid.UUID]string // the note as last read or written
	layout string               // committees and their members, to rebuild only on change
	box    *fyne.Container
	root   fyne.CanvasObject
}

func newRoundTab(p *meetingPrep) *roundTab {
	t := &roundTab{p: p, notes: map[uuid.UUID]*noteEntry{}, saved: map[uuid.UUID]string{}}
	t.box = container.NewVBox()
	t.root = container.NewBorder(container.NewVBox(caption(lang.L("meetings.round.hint")), widget.NewSeparator()),
		nil, nil, nil, container.NewVScroll(t.box))
	p.u.watch(p.ctx, t.load)
	return t
}

func (t *roundTab) load() []<-chan struct{} {
	committees, ch1 := t.p.u.r.Committees()
	memberships, ch2 := t.p.u.r.Memberships()
	names, ch3 := t.p.memberNames()
	reports, ch4 := t.p.u.r.Reports(t.p.id)
	seats := map[uuid.UUID][]string{}
	for _, ms := range memberships {
		if n, ok := names[ms.Member]; ok {
			seats[ms.Committee] = append(seats[ms.Committee], n)
		}
	}
	var key strings.Builder
	for _, c := range committees {
		slices.SortFunc(seats[c.ID], func(a, b string) int { return strings.Compare(konbit.Fold(a), konbit.Fold(b)) })
		key.WriteString(c.ID.String() + c.Name + strings.Join(seats[c.ID], ",") + ";")
	}
	if key.String() != t.layout {
		t.layout = key.String()
		t.build(committees, seats)
	}
	for _, rep := range reports {
		e, ok := t.notes[rep.Committee]
		if !ok {
			continue
		}
		if e.Text == t.saved[rep.Committee] { // not being edited: show the stored note
			e.SetText(rep.Note)
		}
		t.saved[rep.Committee] = rep.Note
	}
	return []<-chan struct{}{ch1, ch2, ch3, ch4}
}

// build lays out one block per committee: name, members, note, Save.
func (t *roundTab) build(committees []konbit.Committee, seats map[uuid.UUID][]string) {
	old := t.notes
	t.notes = map[uuid.UUID]*noteEntry{}
	t.box.Objects = nil
	if len(committees) == 0 {
		t.box.Add(paragraph(lang.L("meetings.round.empty")))
	}
	for _, c := range committees {
		e, ok := old[c.ID]
		if !ok {
			e = newNoteEntry()
			e.SetPlaceHolder(lang.L("meetings.round.note.placeholder"))
		}
		id := c.ID
		e.onBlur = func() { t.save(id) }
		t.notes[id] = e
		members := lang.L("meetings.round.no_members")
		if len(seats[id]) > 0 {
			members = strings.Join(seats[id], ", ")
		}
		save := widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), func() { t.save(id) })
		title := cell(c.Name, true)
		who := caption(members)
		t.box.Add(container.NewBorder(container.NewBorder(nil, nil, nil, container.NewCenter(save), container.NewVBox(title, who)), nil, nil, nil, e))
		t.box.Add(widget.NewSeparator())
	}
	t.box.Refresh()
}

// flush saves every note that changed.
func (t *roundTab) flush() {
	for id := range t.notes {
		t.save(id)
	}
}

// save writes a committee's note if it changed.
func (t *roundTab) save(committee uuid.UUID) {
	e, ok := t.notes[committee]
	if !ok {
		return
	}
	note := strings.TrimSpace(e.Text)
	if note == strings.TrimSpace(t.saved[committee]) {
		return
	}
	rep := meetings.Report{Meeting: t.p.id, Committee: committee, Note: note}
	t.p.u.write(func(ctx context.Context) error { return t.p.u.r.SaveReport(ctx, rep) }, func() { t.saved[committee] = note })
}

// actionColumns: text, owner, due date.
var actionColumns = &columns{weights: []float32{4, 2, 1.4}, minEm: []float32{8, 5, 5}, drop: []int{2, 1}}

// actionsTab lists the actions of the meeting's body, open ones first, to
// follow them up; a tick marks one done.
type actionsTab struct {
	p       *meetingPrep
	actions []meetings.Action
	owners  map[uuid.UUID]string // members and committees
	list    *widget.List
	empty   *widget.Label
	intro   *widget.Label
	root    fyne.CanvasObject
}

func newActionsTab(p *meetingPrep) *actionsTab {
	t := &actionsTab{p: p}
	add := widget.NewButtonWithIcon(lang.L("meetings.actions.add"), theme.ContentAddIcon(), func() { t.p.u.actionDialog(t.p.id, nil) })
	add.Importance = widget.HighImportance
	t.intro = caption("")
	t.empty = paragraph(lang.L("meetings.actions.empty"))
	t.list = widget.NewList(
		func() int { return len(t.actions) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewCheck("", nil), nil,
				row(actionColumns, cell("", false), cell("", false), cell("", false)))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(t.actions) {
				return
			}
			t.updateRow(t.actions[id], o.(*fyne.Container))
		})
	t.list.OnSelected = func(id widget.ListItemID) {
		t.list.UnselectAll()
		if id < len(t.actions) {
			a := t.actions[id]
			t.p.u.actionDialog(t.p.id, &a)
		}
	}
	checkSpace := canvas.NewRectangle(color.Transparent) // lines the titles up with the rows' text
	checkSpace.SetMinSize(widget.NewCheck("", nil).MinSize())
	header := container.NewBorder(nil, nil, checkSpace, nil, row(actionColumns,
		cell(lang.L("meetings.actions.col.text"), true), cell(lang.L("meetings.actions.col.owner"), true),
		cell(lang.L("meetings.actions.col.due"), true)))
	t.root = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewCenter(add), t.intro), header, widget.NewSeparator()),
		nil, nil, nil, container.NewStack(t.list, t.empty))
	p.u.watch(p.ctx, t.load)
	return t
}

func (t *actionsTab) load() []<-chan struct{} {
	_, mch, _ := t.p.u.r.Meeting(t.p.id)
	actions, ch1 := t.p.u.r.Actions(t.p.m.Body)
	names, ch2 := t.p.memberNames()
	committees, ch3 := t.p.u.r.Committees()
	t.owners = names
	for _, c := range committees {
		t.owners[c.ID] = c.Name
	}
	t.actions = actions
	t.intro.SetText(lang.L("meetings.actions.intro", map[string]any{"Body": t.p.bodyName(t.p.m.Body)}))
	t.empty.Hidden = len(actions) > 0
	t.list.Refresh()
	return []<-chan struct{}{mch, ch1, ch2, ch3}
}

func (t *actionsTab) updateRow(a meetings.Action, o *fyne.Container) {
	cells := o.Objects[0].(*fyne.Container).Objects
	check := o.Objects[1].(*widget.Check)
	check.OnChanged = nil
	check.SetChecked(a.Done)
	check.OnChanged = func(done bool) { t.p.u.setActionDone(a, done) }
	text := cells[0].(*widget.Label)
	if a.About != uuid.Nil && a.OwnerIsCommittee { // an evaluation's plan: say for whom
		text.SetText(lang.L("followup.about", map[string]any{"Text": a.Text, "Person": dash(t.owners[a.About])}))
	} else {
		text.SetText(a.Text)
	}
	text.Importance = widget.MediumImportance
	if a.Done {
		text.Importance = widget.LowImportance
	}
	text.Refresh()
	cells[1].(*widget.Label).SetText(dash(t.owners[a.Owner]))
	due := cells[2].(*widget.Label)
	due.SetText(dash(a.Due))
	due.Importance = widget.MediumImportance
	if !a.Done && a.Due != "" && a.Due < t.p.u.now().Format(meetings.DateLayout) {
		due.Importance = widget.DangerImportance // overdue
	}
	due.Refresh()
}

// setActionDone ticks an action done (now) or open again. Only those
// fields are written, on the action as the replica holds it when the
// write runs: saving the copy the list showed would undo a change made
// meanwhile on another laptop (its text, its due date).
func (u *UI) setActionDone(a meetings.Action, done bool) {
	if a.Done == done {
		return
	}
	now := u.now()
	u.updateAction(a, func(a *meetings.Action) {
		if done {
			a.MarkDone(now)
		} else {
			a.Done, a.DoneAt = false, time.Time{}
		}
	})
}

// updateAction saves a change to an action: a new one as it is, one
// already saved re-read first, so that the change touches only its own
// fields.
func (u *UI) updateAction(a meetings.Action, change func(a *meetings.Action)) {
	u.write(func(ctx context.Context) error {
		if a.ID != uuid.Nil {
			u.edits.Lock()
			defer u.edits.Unlock()
			actions, _ := u.r.Actions(a.Body)
			if i := slices.IndexFunc(actions, func(b meetings.Action) bool { return b.ID == a.ID }); i >= 0 {
				a = actions[i]
			}
		}
		change(&a)
		_, err := u.r.SaveAction(ctx, a)
		return err
	}, nil)
}

// actionDialog adds an action decided at a meeting (old nil) or edits
// one. The preparation of a meeting and the live meeting both use it.
func (u *UI) actionDialog(meeting uuid.UUID, old *meetings.Action) {
	text := widget.NewEntry()
	text.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(lang.L("meetings.error.action_text"))
		}
		return nil
	}
	members, _ := u.r.Members()
	committees, _ := u.r.Committees()
	type owner struct {
		id        uuid.UUID
		committee bool
	}
	var options []string
	var owners []owner
	for _, m := range members {
		options = append(options, m.Name)
		owners = append(owners, owner{id: m.ID})
	}
	for _, c := range committees {
		options = append(options, lang.L("meetings.actions.committee_owner", map[string]any{"Name": c.Name}))
		owners = append(owners, owner{id: c.ID, committee: true})
	}
	who := widget.NewSelect(options, nil)
	who.PlaceHolder = lang.L("meetings.choose")
	due := widget.NewEntry()
	due.SetPlaceHolder(lang.L("meetings.date.placeholder"))
	due.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		return validDate(v)
	}
	a := meetings.Action{Meeting: meeting}
	heading, confirm := lang.L("meetings.actions.add_title"), lang.L("action.add")
	if old != nil {
		a = *old
		heading, confirm = lang.L("meetings.actions.edit_title"), lang.L("action.save")
		text.SetText(a.Text)
		due.SetText(a.Due)
		for i, o := range owners {
			if o.id == a.Owner && o.committee == a.OwnerIsCommittee {
				who.SetSelectedIndex(i)
			}
		}
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("meetings.actions.text"), text),
		widget.NewFormItem(lang.L("meetings.actions.owner"), who),
		widget.NewFormItem(lang.L("meetings.actions.due"), due),
	}
	d := dialog.NewForm(heading, confirm, lang.L("action.cancel"), items, func(ok bool) {
		i := who.SelectedIndex()
		if !ok {
			return
		}
		if i < 0 {
			u.showError(lang.L("meetings.error.owner"), nil)
			return
		}
		txt, o, dueDate := strings.TrimSpace(text.Text), owners[i], strings.TrimSpace(due.Text)
		u.updateAction(a, func(a *meetings.Action) {
			a.Text, a.Owner, a.OwnerIsCommittee, a.Due = txt, o.id, o.committee, dueDate
		})
	}, u.win)
	d.Resize(fyne.NewSize(32*theme.TextSize(), d.MinSize().Height))
	d.Show()
	u.win.Canvas().Focus(text)
}

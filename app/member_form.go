package app

import (
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
)

// mainLanguages get a check box in the member form; other codes are typed.
var mainLanguages = [...]string{langFR, langEN}

// seat is a member's place in one committee.
type seat struct {
	in, occasional bool
}

// committeeRow is one committee in the member form.
type committeeRow struct {
	c          konbit.Committee
	in         *widget.Check
	occasional *widget.Check
}

func (r *committeeRow) state() seat {
	return seat{in: r.in.Checked, occasional: r.in.Checked && r.occasional.Checked}
}

// formValues is a member as the form's widgets show it.
type formValues struct {
	name     string
	category int
	hours    string
	main     [len(mainLanguages)]bool
	other    string
	gender   string
}

// memberForm shows and edits one member (or a new one) and their
// committees.
//
// It keeps orig, the member as last read from the replica. Saving writes
// only what the user changed since (onto the replica's current version),
// and a change arriving meanwhile from another laptop updates the fields
// the user has not touched: concurrent edits of different fields both
// survive.
type memberForm struct {
	s  *membersScreen
	u  *UI
	id uuid.UUID // uuid.Nil for a member not saved yet

	orig      konbit.Member
	origSeats map[uuid.UUID]seat

	title      *widget.Label
	name       *widget.Entry
	category   *widget.Select
	hours      *widget.Entry
	langs      [len(mainLanguages)]*widget.Check
	otherLangs *widget.Entry
	gender     *widget.Entry
	rows       []*committeeRow
	rowBox     *fyne.Container
	status     *widget.Label
	save       *widget.Button
	del        *widget.Button
	box        *fyne.Container
	content    fyne.CanvasObject
	// ctx ends when the form is replaced or closed, stopping its watches.
	ctx    context.Context
	cancel context.CancelFunc
}

// newMemberForm builds the form of m, or of a new member if m is nil.
func newMemberForm(s *membersScreen, m *konbit.Member) *memberForm {
	f := &memberForm{s: s, u: s.u, origSeats: map[uuid.UUID]seat{}}
	f.ctx, f.cancel = context.WithCancel(s.ctx)
	if m != nil {
		f.id = m.ID
		f.orig = *m
	} else {
		f.orig = konbit.Member{Category: konbit.Salaried, Languages: []string{}}
	}

	f.title = heading("")
	f.name = widget.NewEntry()
	f.name.SetPlaceHolder(lang.L("member.name.placeholder"))
	var cats []string
	for _, c := range konbit.Categories() {
		cats = append(cats, categoryLabel(c))
	}
	f.category = widget.NewSelect(cats, func(string) { f.changed() })
	f.category.PlaceHolder = lang.L("member.category.placeholder")
	f.hours = widget.NewEntry()
	f.hours.SetPlaceHolder(lang.L("member.hours.placeholder"))
	f.hours.Validator = func(s string) error {
		_, err := parseHours(s)
		return err
	}
	var checks []fyne.CanvasObject
	for i, code := range mainLanguages {
		f.langs[i] = widget.NewCheck(languageName(code), func(bool) { f.changed() })
		checks = append(checks, f.langs[i])
	}
	f.otherLangs = widget.NewEntry()
	f.otherLangs.SetPlaceHolder(lang.L("member.languages.other_placeholder"))
	f.gender = widget.NewEntry()
	f.gender.SetPlaceHolder(lang.L("member.gender.placeholder"))
	for _, e := range []*widget.Entry{f.name, f.hours, f.otherLangs, f.gender} {
		e.OnChanged = func(string) { f.changed() }
		e.OnSubmitted = func(string) { f.submit() }
	}

	form := widget.NewForm(
		widget.NewFormItem(lang.L("member.name"), f.name),
		widget.NewFormItem(lang.L("member.category"), f.category),
		&widget.FormItem{Text: lang.L("member.hours"), Widget: f.hours, HintText: lang.L("member.hours.hint")},
		widget.NewFormItem(lang.L("member.languages"), container.NewVBox(
			container.NewHBox(checks...),
			container.NewBorder(nil, nil, widget.NewLabel(lang.L("member.languages.other")), nil, f.otherLangs))),
		widget.NewFormItem(lang.L("member.gender"), container.NewVBox(f.gender, caption(lang.L("member.gender.hint")))),
	)

	f.rowBox = container.NewVBox()
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	f.status.Hide()
	f.save = widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), f.submit)
	f.save.Importance = widget.HighImportance
	f.del = widget.NewButtonWithIcon(lang.L("action.delete"), theme.DeleteIcon(), f.confirmDelete)
	f.del.Importance = widget.DangerImportance
	closeBtn := widget.NewButtonWithIcon(lang.L("action.close"), theme.CancelIcon(), s.closeForm)
	if f.id == uuid.Nil {
		f.del.Hide()
	}

	body := container.NewVBox(form, widget.NewSeparator(),
		subheading(lang.L("member.committees")), caption(lang.L("member.committees.hint")), f.rowBox)
	if f.id != uuid.Nil {
		body.Add(newFollowUp(f.u, f.ctx, f.id).box)
	}
	buttons := container.NewBorder(nil, nil, container.NewHBox(f.save, closeBtn), f.del)
	f.box = container.NewBorder(f.title, container.NewVBox(widget.NewSeparator(), f.status, buttons), nil, nil,
		container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, 3*theme.Padding()), body)))
	f.content = f.box

	f.fill(f.orig, f.seatsOf(s.memberships), s.committees, false)
	return f
}

// languageName is the translated name of a language code.
func languageName(code string) string {
	switch code {
	case langFR:
		return lang.L("language.fr")
	case langEN:
		return lang.L("language.en")
	}
	return code
}

// seatsOf picks this member's committee seats out of all memberships.
func (f *memberForm) seatsOf(memberships []konbit.Membership) map[uuid.UUID]seat {
	out := map[uuid.UUID]seat{}
	if f.id == uuid.Nil {
		return out
	}
	for _, ms := range memberships {
		if ms.Member == f.id {
			out[ms.Committee] = seat{in: true, occasional: ms.Occasional}
		}
	}
	return out
}

// valuesOf is how m shows in the widgets.
func (f *memberForm) valuesOf(m konbit.Member) formValues {
	v := formValues{name: m.Name, category: slices.Index(konbit.Categories(), m.Category), gender: m.Gender}
	if m.WeeklyHours != 0 || f.id != uuid.Nil {
		v.hours = f.u.formatHours(m.WeeklyHours)
	}
	var other []string
	for _, l := range m.Languages {
		if i := slices.Index(mainLanguages[:], l); i >= 0 {
			v.main[i] = true
		} else {
			other = append(other, l)
		}
	}
	v.other = strings.Join(other, ", ")
	return v
}

// current is what the widgets show.
func (f *memberForm) current() formValues {
	v := formValues{name: f.name.Text, category: f.category.SelectedIndex(), hours: f.hours.Text,
		other: f.otherLangs.Text, gender: f.gender.Text}
	for i, c := range f.langs {
		v.main[i] = c.Checked
	}
	return v
}

// fill shows member m with its seats among committees. With keepEdits,
// the fields and seats the user has changed keep the user's value.
func (f *memberForm) fill(m konbit.Member, seats map[uuid.UUID]seat, committees []konbit.Committee, keepEdits bool) {
	old, cur, next := f.valuesOf(f.orig), f.current(), f.valuesOf(m)
	take := func(edited bool) bool { return !keepEdits || !edited }
	if take(cur.name != old.name) {
		f.name.SetText(next.name)
	}
	if take(cur.category != old.category) {
		if next.category >= 0 {
			f.category.SetSelectedIndex(next.category)
		} else {
			f.category.ClearSelected()
		}
	}
	if take(cur.hours != old.hours) {
		f.hours.SetText(next.hours)
	}
	if take(cur.main != old.main) {
		for i, c := range f.langs {
			c.SetChecked(next.main[i])
		}
	}
	if take(cur.other != old.other) {
		f.otherLangs.SetText(next.other)
	}
	if take(cur.gender != old.gender) {
		f.gender.SetText(next.gender)
	}

	prev := map[uuid.UUID]seat{}
	for _, r := range f.rows {
		prev[r.c.ID] = r.state()
	}
	f.rows = f.rows[:0]
	f.rowBox.Objects = f.rowBox.Objects[:0]
	for _, c := range committees {
		st := seats[c.ID]
		if p, ok := prev[c.ID]; ok && keepEdits && p != f.origSeats[c.ID] {
			st = p
		}
		f.rows = append(f.rows, f.newRow(c, st))
	}
	if len(committees) == 0 {
		f.rowBox.Add(caption(lang.L("member.committees.none")))
	}
	f.rowBox.Refresh()

	f.orig, f.origSeats = m, seats
	if f.id == uuid.Nil {
		f.title.SetText(lang.L("member.new_title"))
	} else {
		f.title.SetText(m.Name)
	}
	f.changed()
}

func (f *memberForm) newRow(c konbit.Committee, st seat) *committeeRow {
	r := &committeeRow{c: c}
	r.occasional = widget.NewCheck(lang.L("member.occasional"), func(bool) { f.changed() })
	r.in = widget.NewCheck(c.Name, func(in bool) {
		if in {
			r.occasional.Enable()
		} else {
			r.occasional.SetChecked(false)
			r.occasional.Disable()
		}
		f.changed()
	})
	r.in.SetChecked(st.in)
	r.occasional.SetChecked(st.occasional)
	if !st.in {
		r.occasional.Disable()
	}
	f.rowBox.Add(container.NewBorder(nil, nil, r.in, r.occasional))
	return r
}

// dirty reports unsaved edits.
func (f *memberForm) dirty() bool {
	if f.current() != f.valuesOf(f.orig) {
		return true
	}
	for _, r := range f.rows {
		if r.state() != f.origSeats[r.c.ID] {
			return true
		}
	}
	return false
}

// changed updates the Save button after an edit.
func (f *memberForm) changed() {
	if f.save == nil {
		return // still building
	}
	if f.id == uuid.Nil || f.dirty() {
		f.save.Enable()
	} else {
		f.save.Disable()
	}
}

// dataChanged follows a change of the replica; it reports false if the
// member no longer exists (removed on another laptop).
func (f *memberForm) dataChanged() bool {
	if f.id == uuid.Nil {
		f.fill(f.orig, f.origSeats, f.s.committees, true)
		return true
	}
	m, err := f.u.r.Member(f.id)
	if err != nil {
		return false
	}
	f.fill(m, f.seatsOf(f.s.memberships), f.s.committees, true)
	return true
}

// read checks the form and returns the member it describes, with
// translated errors.
func (f *memberForm) read() (konbit.Member, error) {
	m := konbit.Member{ID: f.id, Name: strings.TrimSpace(f.name.Text), Gender: strings.TrimSpace(f.gender.Text)}
	if m.Name == "" {
		return m, errors.New(lang.L("error.name_required"))
	}
	idx := f.category.SelectedIndex()
	if idx < 0 {
		return m, errors.New(lang.L("error.category_required"))
	}
	m.Category = konbit.Categories()[idx]
	h, err := parseHours(f.hours.Text)
	if err != nil {
		return m, err
	}
	m.WeeklyHours = h
	for i, c := range f.langs {
		if c.Checked {
			m.Languages = append(m.Languages, mainLanguages[i])
		}
	}
	for _, l := range konbit.ParseLanguages(f.otherLangs.Text) {
		if !konbit.ValidLanguage(l) {
			return m, errors.New(lang.L("error.language_code", map[string]any{"Code": l}))
		}
		m.Languages = append(m.Languages, l)
	}
	m.Normalize()
	return m, nil
}

// showStatus shows an error (or, with ok, a confirmation) under the form.
func (f *memberForm) showStatus(text string, ok bool) {
	f.status.SetText(text)
	if ok {
		f.status.Importance = widget.SuccessImportance
	} else {
		f.status.Importance = widget.DangerImportance
	}
	f.status.Show()
	f.box.Refresh() // the status line takes room above the buttons
}

// submit saves the member and their committee seats.
func (f *memberForm) submit() {
	m, err := f.read()
	if err != nil {
		f.showStatus(err.Error(), false)
		return
	}
	ctx, r := f.s.ctx, f.u.r
	// Only what the user changed is written, onto the current version (a
	// merge may have changed other fields meanwhile); member and seats go
	// in one change.
	save := m
	if f.id != uuid.Nil {
		cur, err := r.Member(f.id)
		if err != nil {
			f.u.showError(lang.L("error.save_member"), err)
			return
		}
		save = cur.WithEdits(f.orig, m)
	}
	var seats []replica.Seat
	for _, row := range f.rows {
		if st := row.state(); st != f.origSeats[row.c.ID] {
			seats = append(seats, replica.Seat{Committee: row.c.ID, In: st.in, Occasional: st.occasional})
		}
	}
	// The write runs off the Fyne thread: during a long import the
	// database's single writer is busy, and the window must not freeze.
	f.showStatus(lang.L("member.saving"), true)
	f.u.bg.Add(1)
	go func() {
		defer f.u.bg.Done()
		saved, err := r.SaveMember(ctx, save, seats)
		f.u.post(func() { f.saved(saved, err) })
	}()
}

// saved shows the outcome of a save, on the Fyne thread.
func (f *memberForm) saved(saved konbit.Member, err error) {
	r := f.u.r
	if err != nil {
		f.u.showError(lang.L("error.save_member"), err)
		return
	}
	if f.id == uuid.Nil {
		f.id = saved.ID
		f.del.Show()
	}
	// Show what is now stored.
	if stored, err := r.Member(f.id); err == nil {
		saved = stored
		memberships, _ := r.Memberships()
		committees, _ := r.Committees()
		f.fill(saved, f.seatsOf(memberships), committees, false)
	}
	f.s.saved(f.id)
	f.showStatus(lang.L("member.saved", map[string]any{"Name": saved.Name}), true)
}

// confirmDelete asks, then removes the member and their seats.
func (f *memberForm) confirmDelete() {
	if f.id == uuid.Nil {
		return
	}
	name := f.orig.Name
	f.u.confirm(lang.L("member.delete.title"), lang.L("member.delete.text", map[string]any{"Name": name}),
		lang.L("action.delete"), func() {
			if err := f.u.r.RemoveMember(f.s.ctx, f.id); err != nil && !errors.Is(err, replica.ErrNotFound) {
				f.u.showError(lang.L("error.delete_member"), err)
				return
			}
			if f.s.form == f {
				f.s.closeForm()
			}
		})
}

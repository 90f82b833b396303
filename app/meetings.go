package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// meetingColumns: date, time, title, body, status.
var meetingColumns = &columns{
	weights: []float32{1.5, 0.9, 4, 2.8, 1.3},
	minEm:   []float32{6, 3, 8, 6, 4.5},
	drop:    []int{3, 1, 4},
}

// meetingsScreen lists the meetings, newest first, and prepares the
// selected one (agenda, attendance, roles...) in a full-width view with a
// way back to the list: the preparation tabs need the whole width of a
// 1024x768 projector screen.
type meetingsScreen struct {
	u   *UI
	ctx context.Context

	all    []meetings.Meeting
	bodies map[uuid.UUID]string // committee names, by id

	list      *widget.List
	listPanel fyne.CanvasObject
	empty     fyne.CanvasObject // welcome shown while there is no meeting
	listView  *fyne.Container   // listPanel or empty
	root      *fyne.Container
	prep      *meetingPrep // nil while the list shows
	selecting bool
	// newForm is the open "New meeting" dialog (tests fill it in).
	newForm *newMeetingForm
	// templates is the open Templates dialog (meeting_templates.go).
	templates *templatesDialog
}

func newMeetingsScreen(u *UI, ctx context.Context) *meetingsScreen {
	s := &meetingsScreen{u: u, ctx: ctx}
	add := widget.NewButtonWithIcon(lang.L("meetings.new"), theme.ContentAddIcon(), s.showNew)
	add.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, nil, container.NewHBox(newTemplatesButton(s), add), subheading(lang.L("nav.meetings")))
	header := row(meetingColumns,
		cell(lang.L("meetings.col.date"), true), cell(lang.L("meetings.col.time"), true),
		cell(lang.L("meetings.col.title"), true), cell(lang.L("meetings.col.body"), true),
		cell(lang.L("meetings.col.status"), true))
	s.list = widget.NewList(
		func() int { return len(s.all) },
		func() fyne.CanvasObject {
			return row(meetingColumns, cell("", false), cell("", false), cell("", true), cell("", false), cell("", false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.all) {
				return
			}
			m := s.all[id]
			objs := o.(*fyne.Container).Objects
			objs[0].(*widget.Label).SetText(m.Date)
			objs[1].(*widget.Label).SetText(dash(m.Time))
			objs[2].(*widget.Label).SetText(m.Title)
			objs[3].(*widget.Label).SetText(s.bodyName(m.Body))
			st := objs[4].(*widget.Label)
			st.SetText(statusLabel(m.Status))
			st.Importance = widget.MediumImportance
			if m.Status == meetings.Live {
				st.Importance = widget.SuccessImportance
			}
			st.Refresh()
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.selecting || id >= len(s.all) {
			return
		}
		s.open(s.all[id].ID)
	}
	s.listPanel = container.NewPadded(container.NewBorder(
		container.NewVBox(top, header, widget.NewSeparator()), nil, nil, nil, s.list))
	s.empty = s.emptyState()
	s.listView = container.NewStack(s.listPanel)
	s.root = container.NewStack(s.listView)

	u.watch(ctx, s.load)
	return s
}

// content is the screen. Showing it (the navigation does at build, and
// closeLive when a live meeting ends) binds its keys again: the live
// screen binds its own on the same combinations, and removes them when
// it closes.
func (s *meetingsScreen) content() fyne.CanvasObject {
	s.bindKeys()
	return s.root
}

// bindKeys binds Ctrl+N (new meeting) and Alt+1..Alt+6 (the preparation's
// tabs, which take no keyboard focus of their own) on the window's canvas.
// Binding again replaces: a rebuilt screen takes them over.
func (s *meetingsScreen) bindKeys() {
	c := s.u.win.Canvas()
	c.AddShortcut(shortcutNewMeeting, s.typedNew)
	for i, k := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { s.typedTab(i) })
	}
}

// shortcutNewMeeting (Ctrl+N) creates a meeting.
var shortcutNewMeeting = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}

// typedTab shows a tab of the open preparation.
func (s *meetingsScreen) typedTab(i int) {
	if s.u.current == screenMeetings && s.u.live == nil && s.u.meetings == s && s.prep != nil && i < len(s.prep.tabs.Items) {
		s.prep.tabs.SelectIndex(i)
	}
}

// typedNew opens the "New meeting" dialog if this screen shows (not a
// live meeting, another screen or an older copy of this one).
func (s *meetingsScreen) typedNew(fyne.Shortcut) {
	if s.u.current == screenMeetings && s.u.live == nil && s.u.meetings == s && s.newForm == nil {
		s.showNew()
	}
}

func (s *meetingsScreen) load() []<-chan struct{} {
	all, ch1 := s.u.r.Meetings()
	committees, ch2 := s.u.r.Committees()
	s.all = all
	s.bodies = map[uuid.UUID]string{}
	for _, c := range committees {
		s.bodies[c.ID] = c.Name
	}
	want := s.listPanel
	if len(all) == 0 {
		want = s.empty
	}
	if s.listView.Objects[0] != want {
		s.listView.Objects = []fyne.CanvasObject{want}
		s.listView.Refresh()
	}
	s.list.Refresh()
	s.syncSelection()
	return []<-chan struct{}{ch1, ch2}
}

// emptyState says what meetings in Konbit are for, and how to create
// the first one.
func (s *meetingsScreen) emptyState() fyne.CanvasObject {
	img := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.CalendarIcon()))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(5 * theme.TextSize()))
	title := heading(lang.L("nav.meetings"))
	title.Alignment = fyne.TextAlignCenter
	text := paragraph(lang.L("soon.meetings"))
	text.Alignment = fyne.TextAlignCenter
	hint := paragraph(lang.L("meetings.empty"))
	hint.Alignment = fyne.TextAlignCenter
	add := widget.NewButtonWithIcon(lang.L("meetings.new"), theme.ContentAddIcon(), s.showNew)
	add.Importance = widget.HighImportance
	buttons := container.NewCenter(container.NewHBox(add, newTemplatesButton(s)))
	return container.NewVScroll(centered(34*theme.TextSize(), container.NewVBox(img, title, text, hint, buttons)))
}

// syncSelection highlights the open meeting in the list.
func (s *meetingsScreen) syncSelection() {
	s.selecting = true
	defer func() { s.selecting = false }()
	if s.prep != nil {
		for i, m := range s.all {
			if m.ID == s.prep.id {
				s.list.Select(i)
				return
			}
		}
	}
	s.list.UnselectAll()
}

// bodyName names the body a meeting belongs to.
func (s *meetingsScreen) bodyName(body uuid.UUID) string {
	if body == uuid.Nil {
		return lang.L("meetings.body.collective")
	}
	if n, ok := s.bodies[body]; ok {
		return n
	}
	return lang.L("meetings.body.unknown")
}

// open shows the preparation of a meeting in place of the list.
func (s *meetingsScreen) open(id uuid.UUID) {
	if s.prep != nil {
		if s.prep.id == id {
			s.showPrep()
			return
		}
		s.prep.close()
	}
	s.prep = newMeetingPrep(s, id)
	s.showPrep()
	s.syncSelection()
}

func (s *meetingsScreen) showPrep() {
	s.root.Objects = []fyne.CanvasObject{s.prep.root}
	s.root.Refresh()
}

// back closes the preparation and shows the list again.
func (s *meetingsScreen) back() {
	if s.prep != nil {
		s.prep.close()
		s.prep = nil
	}
	s.root.Objects = []fyne.CanvasObject{s.listView}
	s.root.Refresh()
	s.syncSelection()
}

// statusLabel is the translated status of a meeting.
func statusLabel(st meetings.Status) string {
	switch st {
	case meetings.Planned:
		return lang.L("meetings.status.planned")
	case meetings.Live:
		return lang.L("meetings.status.live")
	case meetings.Finished:
		return lang.L("meetings.status.finished")
	}
	return string(st) // written by a newer version
}

// itemTypeLabel is the translated type of an agenda item.
func itemTypeLabel(t meetings.ItemType) string {
	switch t {
	case meetings.InfoItem:
		return lang.L("meetings.type.info")
	case meetings.BrainstormItem:
		return lang.L("meetings.type.brainstorm")
	case meetings.ProposalItem:
		return lang.L("meetings.type.proposal")
	}
	return string(t)
}

// meetingLanguageLabel names the language a meeting is held in.
func meetingLanguageLabel(code string) string {
	switch code {
	case meetings.French:
		return lang.L("language.fr")
	case meetings.English:
		return lang.L("language.en")
	}
	return code
}

// minutesText shows a timebox in minutes ("15 min"), a dash for none.
func minutesText(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return lang.L("meetings.minutes", count(int((d+time.Minute/2)/time.Minute)))
}

// dash shows an empty value as a dash, so that an empty cell reads as
// "not set" rather than as a display glitch.
func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// meetingPrep prepares one meeting: its agenda, who is there, who holds
// which role, the membership check, the round of committees and the
// actions of its body. Each tab watches only what it shows; all stop when
// the preparation closes.
type meetingPrep struct {
	s      *meetingsScreen
	u      *UI
	ctx    context.Context
	cancel context.CancelFunc
	id     uuid.UUID
	m      meetings.Meeting // as last read

	title *widget.Label
	info  *widget.Label
	start *widget.Button
	// minutes writes the minutes of a finished meeting.
	minutes *widget.Button
	tabs    *container.AppTabs

	agenda     *agendaTab
	attendance *attendanceTab
	roles      *rolesTab
	check      *membershipTab
	round      *roundTab
	actions    *actionsTab

	root fyne.CanvasObject
}

// Tabs of the preparation, in order.
const (
	prepAgenda = iota
	prepAttendance
	prepRoles
	prepMembership
	prepRound
	prepActions
)

func newMeetingPrep(s *meetingsScreen, id uuid.UUID) *meetingPrep {
	p := &meetingPrep{s: s, u: s.u, id: id}
	p.ctx, p.cancel = context.WithCancel(s.ctx)
	p.m, _, _ = s.u.r.Meeting(id) // the tabs need its body and date

	p.title = heading("")
	p.title.Wrapping = fyne.TextWrapOff
	p.title.Truncation = fyne.TextTruncateEllipsis
	p.info = widget.NewLabel("")
	p.info.Truncation = fyne.TextTruncateEllipsis
	back := widget.NewButtonWithIcon(lang.L("meetings.back"), theme.NavigateBackIcon(), s.back)
	edit := widget.NewButtonWithIcon(lang.L("meetings.edit"), theme.DocumentCreateIcon(), p.showEdit)
	p.start = widget.NewButtonWithIcon(lang.L("meetings.start"), theme.MediaPlayIcon(), p.startOrResume)
	p.start.Importance = widget.HighImportance
	p.minutes = widget.NewButtonWithIcon(lang.L("minutesdoc.button"), theme.DocumentSaveIcon(), func() { p.u.minutesDialog(p.m, "") })
	p.minutes.Importance = widget.HighImportance
	p.minutes.Hide()
	header := container.NewVBox(
		container.NewBorder(nil, nil, back, nil, p.title),
		container.NewBorder(nil, nil, nil, container.NewHBox(edit, p.minutes, p.start), p.info))

	p.agenda = newAgendaTab(p)
	p.attendance = newAttendanceTab(p)
	p.roles = newRolesTab(p)
	p.check = newMembershipTab(p.ctx, p.u, p.id, false)
	p.round = newRoundTab(p)
	p.actions = newActionsTab(p)
	p.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("meetings.tab.agenda"), theme.ListIcon(), p.agenda.root),
		container.NewTabItemWithIcon(lang.L("meetings.tab.attendance"), theme.AccountIcon(), p.attendance.root),
		container.NewTabItemWithIcon(lang.L("meetings.tab.roles"), theme.GridIcon(), p.roles.root),
		container.NewTabItemWithIcon(lang.L("meetings.tab.membership"), theme.SearchIcon(), p.check.root),
		container.NewTabItemWithIcon(lang.L("meetings.tab.round"), theme.MailReplyAllIcon(), p.round.root),
		container.NewTabItemWithIcon(lang.L("meetings.tab.actions"), theme.ConfirmIcon(), p.actions.root),
	)
	p.tabs.OnSelected = func(*container.TabItem) {
		if p.tabs.SelectedIndex() == prepAttendance {
			p.u.win.Canvas().Focus(p.attendance.filter)
		}
	}
	p.root = container.NewPadded(container.NewBorder(
		container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, p.tabs))
	p.u.watch(p.ctx, p.load)
	return p
}

// close saves the notes being typed and stops the preparation's
// watchers. Writes use the screen's context, so that closing the
// preparation never cancels one under way.
func (p *meetingPrep) close() {
	p.round.flush()
	p.cancel()
}

func (p *meetingPrep) load() []<-chan struct{} {
	m, ch, err := p.u.r.Meeting(p.id)
	if err != nil {
		// Gone (it cannot be deleted today, but a newer version may):
		// back to the list, which no longer shows it.
		p.u.post(func() {
			if p.s.prep == p {
				p.s.back()
			}
		})
		return nil
	}
	_, ch2 := p.u.r.Committees()
	p.m = m
	p.title.SetText(m.Title)
	when := m.Date
	if m.Time != "" {
		when += " " + m.Time
	}
	p.info.SetText(strings.Join([]string{when, p.bodyName(m.Body), statusLabel(m.Status), meetingLanguageLabel(m.Language)}, " · "))
	switch m.Status {
	case meetings.Planned:
		p.start.SetText(lang.L("meetings.start"))
		p.start.SetIcon(theme.MediaPlayIcon())
		p.start.Show()
	case meetings.Live:
		p.start.SetText(lang.L("meetings.resume"))
		p.start.SetIcon(theme.MediaPlayIcon())
		p.start.Show()
	default:
		p.start.Hide()
	}
	if m.Status == meetings.Finished {
		p.minutes.Show()
	} else {
		p.minutes.Hide()
	}
	return []<-chan struct{}{ch, ch2}
}

// startOrResume marks a planned meeting live, then shows the live meeting
// (starting twice does nothing: StartMeeting leaves a live meeting alone).
func (p *meetingPrep) startOrResume() {
	id := p.id
	if p.m.Status == meetings.Live {
		p.u.openLive(id)
		return
	}
	p.u.write(func(ctx context.Context) error { return p.u.r.StartMeeting(ctx, id, p.u.now()) }, func() { p.u.openLive(id) })
}

// showEdit changes the meeting's title, date, time and language.
func (p *meetingPrep) showEdit() {
	m := p.m
	title := widget.NewEntry()
	title.SetText(m.Title)
	title.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(lang.L("meetings.error.title"))
		}
		return nil
	}
	date := widget.NewEntry()
	date.SetText(m.Date)
	date.Validator = validDate
	clock := widget.NewEntry()
	clock.SetText(m.Time)
	clock.SetPlaceHolder(lang.L("meetings.time.placeholder"))
	clock.Validator = validClock
	language := widget.NewSelect([]string{lang.L("language.fr"), lang.L("language.en")}, nil)
	if m.Language == meetings.English {
		language.SetSelectedIndex(1)
	} else {
		language.SetSelectedIndex(0)
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("meetings.title"), title),
		widget.NewFormItem(lang.L("meetings.date"), date),
		widget.NewFormItem(lang.L("meetings.time"), clock),
		widget.NewFormItem(lang.L("meetings.language"), language),
	}
	d := dialog.NewForm(lang.L("meetings.edit.title"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		t, dt, tm, l := strings.TrimSpace(title.Text), strings.TrimSpace(date.Text), clockOrEmpty(clock.Text), meetings.French
		if language.SelectedIndex() == 1 {
			l = meetings.English
		}
		// Change these fields on the meeting as it is now: the copy read
		// when the form opened would write back a status or a current
		// item changed meanwhile (by a live meeting, or a merge).
		u, id := p.u, p.id
		u.write(func(ctx context.Context) error {
			u.edits.Lock()
			defer u.edits.Unlock()
			m, _, err := u.r.Meeting(id)
			if err != nil {
				return err
			}
			m.Title, m.Date, m.Time, m.Language = t, dt, tm, l
			return u.r.SaveMeeting(ctx, m)
		}, nil)
	}, p.u.win)
	d.Resize(fyne.NewSize(30*theme.TextSize(), d.MinSize().Height))
	d.Show()
}

// memberNames maps member ids to names, and lists the members sorted by
// name (as the replica returns them).
func (p *meetingPrep) memberNames() (map[uuid.UUID]string, <-chan struct{}) {
	members, ch := p.u.r.Members()
	names := make(map[uuid.UUID]string, len(members))
	for _, m := range members {
		names[m.ID] = m.Name
	}
	return names, ch
}

// bodyName names a body: the work collective or a committee.
func (p *meetingPrep) bodyName(body uuid.UUID) string {
	if body == uuid.Nil {
		return lang.L("meetings.body.collective")
	}
	committees, _ := p.u.r.Committees()
	for _, c := range committees {
		if c.ID == body {
			return c.Name
		}
	}
	return lang.L("meetings.body.unknown")
}

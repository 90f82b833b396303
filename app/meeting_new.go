package app

import (
	"context"

	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// newMeetingForm is the "New meeting" dialog's fields.
type newMeetingForm struct {
	template *widget.Select
	body     *widget.Select
	date     *widget.Entry
	time     *widget.Entry
	title    *widget.Entry
	language *widget.Select
	dialog   *dialog.FormDialog

	templates []meetings.Template
	bodies    []uuid.UUID // parallel to body.Options
}

// showNew asks for a template, a body, a date and time, a title and a
// language, then creates the meeting with the template's agenda and opens
// its preparation.
func (s *meetingsScreen) showNew() {
	f := &newMeetingForm{}
	templates, _ := s.u.r.Templates()
	f.templates = templates
	var names []string
	for _, t := range templates {
		names = append(names, t.Name(s.u.language))
	}
	f.template = widget.NewSelect(names, nil)
	if len(names) > 0 {
		f.template.SetSelectedIndex(0)
	}

	committees, _ := s.u.r.Committees()
	bodyNames := []string{lang.L("meetings.body.collective")}
	f.bodies = []uuid.UUID{uuid.Nil}
	for _, c := range committees {
		bodyNames = append(bodyNames, c.Name)
		f.bodies = append(f.bodies, c.ID)
	}
	f.body = widget.NewSelect(bodyNames, nil)
	f.body.SetSelectedIndex(0)

	f.date = widget.NewEntry()
	f.date.SetText(s.u.now().Format(meetings.DateLayout))
	f.date.SetPlaceHolder(lang.L("meetings.date.placeholder"))
	f.date.Validator = validDate
	f.time = widget.NewEntry()
	f.time.SetPlaceHolder(lang.L("meetings.time.placeholder"))
	f.time.Validator = validClock
	f.title = widget.NewEntry()
	f.title.SetPlaceHolder(lang.L("meetings.title.placeholder"))

	f.language = widget.NewSelect([]string{lang.L("language.fr"), lang.L("language.en")}, nil)
	if s.u.language == langEN {
		f.language.SetSelectedIndex(1)
	} else {
		f.language.SetSelectedIndex(0)
	}

	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("meetings.template"), f.template),
		widget.NewFormItem(lang.L("meetings.body"), f.body),
		widget.NewFormItem(lang.L("meetings.date"), f.date),
		widget.NewFormItem(lang.L("meetings.time"), f.time),
		widget.NewFormItem(lang.L("meetings.title"), f.title),
		widget.NewFormItem(lang.L("meetings.language"), f.language),
	}
	items[4].HintText = lang.L("meetings.title.hint")
	f.dialog = dialog.NewForm(lang.L("meetings.new.title"), lang.L("meetings.new.create"), lang.L("action.cancel"), items,
		func(ok bool) {
			s.newForm = nil
			if ok {
				s.create(f)
			}
		}, s.u.win)
	f.dialog.Resize(fyne.NewSize(32*theme.TextSize(), f.dialog.MinSize().Height))
	s.newForm = f
	f.dialog.Show()
}

// create writes the meeting of a filled-in form, then opens it.
func (s *meetingsScreen) create(f *newMeetingForm) {
	i := f.template.SelectedIndex()
	if i < 0 || i >= len(f.templates) {
		return
	}
	spec := replica.NewMeeting{
		Template: f.templates[i].Key,
		Date:     strings.TrimSpace(f.date.Text),
		Time:     clockOrEmpty(f.time.Text),
		Title:    strings.TrimSpace(f.title.Text),
		Language: meetings.French,
	}
	if b := f.body.SelectedIndex(); b > 0 && b < len(f.bodies) {
		spec.Body = f.bodies[b]
	}
	if f.language.SelectedIndex() == 1 {
		spec.Language = meetings.English
	}
	var created meetings.Meeting
	s.u.write(func(ctx context.Context) error {
		var err error
		created, err = s.u.r.CreateMeeting(ctx, spec)
		return err
	}, func() {
		if s.ctx.Err() == nil {
			s.open(created.ID)
		}
	})
}

// validDate accepts a civil date written YYYY-MM-DD.
func validDate(v string) error {
	if _, err := time.Parse(meetings.DateLayout, strings.TrimSpace(v)); err != nil {
		return errors.New(lang.L("meetings.error.date"))
	}
	return nil
}

// validClock accepts a time of day written HH:MM (or H:MM), or nothing.
func validClock(v string) error {
	if _, ok := normalizeClock(v); !ok {
		return errors.New(lang.L("meetings.error.clock"))
	}
	return nil
}

// normalizeClock reads a time of day typed as HH:MM or H:MM and writes it
// HH:MM; empty stays empty.
func normalizeClock(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	t, err := time.Parse(meetings.ClockLayout, v) // the hour may have one digit
	if err != nil {
		return "", false
	}
	return t.Format(meetings.ClockLayout), true
}

// clockOrEmpty is the normalized time of day typed, "" if none or bad
// (the form's validator refuses a bad one first).
func clockOrEmpty(v string) string {
	c, _ := normalizeClock(v)
	return c
}

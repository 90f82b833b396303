package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// actionsPanel follows up, during the meeting, what the meeting's body
// took on: its open actions, and those ticked done since the meeting
// started (so that a tick by mistake can be undone). Actions decided now
// are added here (Ctrl+Shift+A), with the preparation's dialog.
//
// The column is narrow: each action takes two lines, its text, then who
// took it on and when it is due, rather than the preparation's table.
type actionsPanel struct {
	s       *liveScreen
	actions []meetings.Action // shown
	intro   *widget.Label
	list    *widget.List
	empty   *widget.Label
	root    fyne.CanvasObject
}

func newActionsPanel(s *liveScreen) *actionsPanel {
	p := &actionsPanel{s: s}
	add := widget.NewButtonWithIcon(lang.L("live.actions.add"), theme.ContentAddIcon(), s.addAction)
	p.intro = caption("")
	p.empty = paragraph(lang.L("live.actions.empty"))
	p.list = widget.NewList(
		func() int { return len(p.actions) },
		func() fyne.CanvasObject {
			text := widget.NewLabel("")
			text.Truncation = fyne.TextTruncateEllipsis
			who := caption("")
			who.Wrapping = fyne.TextWrapOff
			who.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewCheck("", nil), nil, container.NewVBox(text, who))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.actions) {
				p.updateRow(p.actions[id], o.(*fyne.Container))
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.actions) {
			a := p.actions[id]
			s.u.actionDialog(s.id, &a)
		}
	}
	top := container.NewVBox(p.intro, container.NewHBox(add), widget.NewSeparator())
	p.root = container.NewBorder(top, nil, nil, nil, container.NewStack(p.list, p.empty))
	return p
}

func (p *actionsPanel) content() fyne.CanvasObject { return p.root }

// refresh shows the actions the live screen loaded.
func (p *actionsPanel) refresh() {
	s := p.s
	p.actions = p.actions[:0]
	for _, a := range s.actions {
		if !a.Done || (!s.meeting.StartedAt.IsZero() && !a.DoneAt.Before(s.meeting.StartedAt)) {
			p.actions = append(p.actions, a)
		}
	}
	body := lang.L("meetings.body.collective")
	if s.meeting.Body != uuid.Nil {
		body = s.name(s.meeting.Body)
	}
	p.intro.SetText(lang.L("live.actions.intro", map[string]any{"Body": body}))
	p.empty.Hidden = len(p.actions) > 0
	p.empty.Refresh()
	p.list.Refresh()
}

func (p *actionsPanel) updateRow(a meetings.Action, o *fyne.Container) {
	s := p.s
	box := o.Objects[0].(*fyne.Container)
	check := o.Objects[1].(*widget.Check)
	check.OnChanged = nil
	check.SetChecked(a.Done)
	check.OnChanged = func(done bool) { s.u.setActionDone(a, done) }
	text := box.Objects[0].(*widget.Label)
	text.SetText(a.Text)
	text.Importance = widget.MediumImportance
	if a.Done {
		text.Importance = widget.LowImportance
	}
	text.Refresh()
	who := box.Objects[1].(*widget.Label)
	line := s.name(a.Owner)
	if a.Due != "" {
		line = lang.L("live.actions.owner_due", map[string]any{"Owner": line, "Due": a.Due})
	}
	who.SetText(line)
	who.Importance = widget.MediumImportance
	if !a.Done && a.Due != "" && a.Due < s.u.now().Format(meetings.DateLayout) {
		who.Importance = widget.DangerImportance // overdue
	}
	who.Refresh()
}

// addAction adds an action decided now (Ctrl+Shift+A): the actions are
// shown, and the dialog asks what, who and by when.
func (s *liveScreen) addAction() {
	s.selectRight(s.followUp.content())
	s.u.actionDialog(s.id, nil)
}

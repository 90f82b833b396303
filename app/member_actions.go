package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// followUp is the member page's list of the actions their evaluations
// ended in, open ones first, each ticked done here or in the HR
// committee's meetings. The study's people felt "left to themselves" after
// the feedback (seed l.2199-2203): the plan stays in sight until done. It
// is hidden for someone without any.
type followUp struct {
	u      *UI
	person uuid.UUID
	box    *fyne.Container
	rows   *fyne.Container
}

// newFollowUp builds the section and keeps it up to date until ctx ends.
func newFollowUp(u *UI, ctx context.Context, person uuid.UUID) *followUp {
	f := &followUp{u: u, person: person, rows: container.NewVBox()}
	f.box = container.NewVBox(widget.NewSeparator(), subheading(lang.L("followup.title")),
		caption(lang.L("followup.hint")), f.rows)
	u.watch(ctx, f.load)
	return f
}

func (f *followUp) load() []<-chan struct{} {
	actions, ch := f.u.r.PersonActions(f.person)
	campaigns, ch2 := f.u.r.Campaigns()
	committees, ch3 := f.u.r.Committees()
	names := map[uuid.UUID]string{}
	for _, c := range campaigns {
		names[c.ID] = c.Name
	}
	for _, c := range committees {
		names[c.ID] = c.Name
	}
	f.rows.RemoveAll()
	today := f.u.now().Format(meetings.DateLayout)
	for _, a := range actions {
		f.rows.Add(f.row(a, names, today))
	}
	f.box.Hidden = len(actions) == 0
	f.box.Refresh()
	return []<-chan struct{}{ch, ch2, ch3}
}

// row is one action: done box, text, who carries it, due date (red when
// overdue), and the campaign it comes from.
func (f *followUp) row(a meetings.Action, names map[uuid.UUID]string, today string) fyne.CanvasObject {
	check := widget.NewCheck("", func(done bool) { f.u.setActionDone(a, done) })
	check.Checked = a.Done
	text := widget.NewLabel(a.Text)
	text.Wrapping = fyne.TextWrapWord
	if a.Done {
		text.Importance = widget.LowImportance
	}
	owner := lang.L("followup.owner.person")
	if a.OwnerIsCommittee {
		owner = names[a.Owner]
	}
	due := a.Due
	if due == "" {
		due = lang.L("followup.no_due")
	}
	detail := widget.NewLabel(lang.L("followup.detail", map[string]any{"Owner": owner, "Due": due, "Campaign": names[a.Campaign]}))
	detail.Wrapping = fyne.TextWrapWord
	detail.Importance = widget.LowImportance
	if !a.Done && a.Due != "" && a.Due < today {
		detail.Importance = widget.DangerImportance
	}
	return container.NewBorder(nil, nil, check, nil, container.NewVBox(text, detail))
}

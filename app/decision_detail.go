package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// decisionDetail shows one decision of the register: its text and how it
// came to be worded so (the versions, each against the one before, and
// the objections with how each was resolved), where it was taken, its
// review date, and where it stands: its status is changed here, and a
// superseded decision names what replaced it. It follows the replica: a
// status changed on another laptop shows once merged.
type decisionDetail struct {
	u      *UI
	ctx    context.Context
	cancel context.CancelFunc
	id     uuid.UUID
	d      meetings.Decision
	found  bool

	title  *widget.Label
	status *widget.Select
	body   *fyne.Container
	root   fyne.CanvasObject
	// filling is set while the status menu is set from the replica, so
	// that its OnChanged does not write the status back.
	filling bool
}

// newDecisionDetail builds the detail of decision id; back, if not nil,
// is the Back button's action (the register); in a dialog it is nil.
func newDecisionDetail(u *UI, ctx context.Context, id uuid.UUID, back func()) *decisionDetail {
	dd := &decisionDetail{u: u, id: id}
	dd.ctx, dd.cancel = context.WithCancel(ctx)
	dd.title = heading("")
	var labels []string
	for _, st := range decisionStatuses {
		labels = append(labels, decisionStatusLabel(st))
	}
	dd.status = widget.NewSelect(labels, func(string) { dd.statusChosen() })
	dd.body = container.NewVBox()
	var top fyne.CanvasObject = dd.title
	if back != nil {
		b := widget.NewButtonWithIcon(lang.L("register.back"), theme.NavigateBackIcon(), back)
		top = container.NewBorder(nil, nil, b, nil, dd.title)
	}
	dd.root = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(dd.body)))
	u.watch(dd.ctx, dd.load)
	return dd
}

// close stops the detail's watchers.
func (dd *decisionDetail) close() { dd.cancel() }

// show moves the detail to another decision (what supersedes this one).
func (dd *decisionDetail) show(id uuid.UUID) {
	dd.id = id
	dd.load()
}

// load reads the decision and what it is linked to, and shows them.
func (dd *decisionDetail) load() []<-chan struct{} {
	r := dd.u.r
	ch := r.WatchDecisions(uuid.Nil)
	members, mch := r.Members()
	committees, cch := r.Committees()
	chans := []<-chan struct{}{ch, mch, cch}
	d, err := r.Decision(dd.ctx, dd.id)
	if err != nil {
		dd.found = false
		dd.title.SetText(lang.L("register.gone"))
		dd.body.Objects = []fyne.CanvasObject{paragraph(errorText(err))}
		dd.body.Refresh()
		return chans
	}
	dd.d, dd.found = d, true
	names := map[uuid.UUID]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	bodies := map[uuid.UUID]string{}
	for _, c := range committees {
		bodies[c.ID] = c.Name
	}
	dd.title.SetText(d.Title)
	dd.filling = true
	for i, st := range decisionStatuses {
		if st == d.Status {
			dd.status.SetSelectedIndex(i)
		}
	}
	dd.filling = false

	var objs []fyne.CanvasObject
	info := []string{d.Date, bodyName(bodies, &d)}
	// An imported decision has no meeting: its body, "unknown
	// (imported)", says where it comes from.
	if m, _, err := r.Meeting(d.Meeting); err == nil && !d.BodyUnknown() {
		info = append(info, lang.L("register.meeting", map[string]any{"Title": m.Title, "Date": m.Date}))
	}
	objs = append(objs, caption(strings.Join(info, " · ")))

	form := widget.NewForm(widget.NewFormItem(lang.L("register.field.status"), dd.status))
	review := d.ReviewDate
	if review == "" {
		review = lang.L("register.review.none")
	}
	form.Append(lang.L("register.field.review"), widget.NewLabel(review))
	tags := strings.Join(d.Tags, ", ")
	if tags == "" {
		tags = "—"
	}
	form.Append(lang.L("register.field.tags"), widget.NewLabel(tags))
	if later, err := r.SupersededBy(dd.ctx, d.ID); err == nil && len(later) > 0 {
		links := container.NewVBox()
		for _, l := range later {
			links.Add(dd.link(l))
		}
		form.Append(lang.L("register.field.superseded_by"), links)
	}
	if d.Supersedes != uuid.Nil {
		if old, err := r.Decision(dd.ctx, d.Supersedes); err == nil {
			form.Append(lang.L("register.field.supersedes"), dd.link(old))
		}
	}
	objs = append(objs, form, subheading(lang.L("register.field.text")), paragraph(d.Text))

	if n := len(d.Versions); n > 1 {
		objs = append(objs, subheading(lang.L("register.versions", count(n))))
		for i, ver := range d.Versions {
			head := lang.L("register.version", map[string]any{"N": i + 1})
			if !ver.At.IsZero() {
				head += " · " + formatTime(ver.At)
			}
			rt := widget.NewRichText()
			rt.Wrapping = fyne.TextWrapWord
			if i == 0 {
				rt.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: ver.Text, Style: widget.RichTextStyleParagraph}}
			} else {
				rt.Segments = diffSegments(d.Versions[i-1].Text, ver.Text)
			}
			objs = append(objs, cell(head, true), rt)
		}
		objs = append(objs, caption(lang.L("live.consent.diff_legend")))
	}

	objs = append(objs, subheading(lang.L("register.objections")))
	if len(d.Objections) == 0 {
		objs = append(objs, paragraph(lang.L("register.objections.none")))
	}
	for _, o := range d.Objections {
		who, ok := names[o.Member]
		if !ok {
			who = "?"
		}
		state := lang.L("live.consent.objection_open")
		if o.Resolved {
			state = lang.L("live.consent.objection_resolved", map[string]any{"How": resolutionText(o)})
		}
		objs = append(objs, paragraph(fmt.Sprintf("• %s — %s (%s)", who, o.Text, state)))
	}
	dd.body.Objects = objs
	dd.body.Refresh()
	return chans
}

// link is a button that opens another decision in this detail.
func (dd *decisionDetail) link(d meetings.Decision) fyne.CanvasObject {
	id := d.ID
	b := widget.NewButtonWithIcon(d.Date+" · "+d.Title, theme.DocumentIcon(), func() { dd.show(id) })
	b.Importance = widget.LowImportance
	b.Alignment = widget.ButtonAlignLeading
	return b
}

// statusChosen changes the decision's status to the one chosen: a
// superseded decision first needs the one that replaces it.
func (dd *decisionDetail) statusChosen() {
	i := dd.status.SelectedIndex()
	if dd.filling || !dd.found || i < 0 || i >= len(decisionStatuses) {
		return
	}
	st := decisionStatuses[i]
	if st == dd.d.Status {
		return
	}
	if st == meetings.Superseded {
		dd.pickSuperseding()
		return
	}
	dd.setStatus(st, uuid.Nil)
}

// setStatus writes a status; on failure the menu shows the status the
// replica holds again.
func (dd *decisionDetail) setStatus(st meetings.DecisionStatus, by uuid.UUID) {
	u, id := dd.u, dd.d.ID
	u.writeOr(func(ctx context.Context) error {
		return u.r.SetDecisionStatus(ctx, id, st, by)
	}, nil, func() { dd.load() })
}

// pickSuperseding asks which decision supersedes this one, searching the
// register as the Decisions screen does; cancelling leaves the status as
// it was.
func (dd *decisionDetail) pickSuperseding() {
	var hits []replica.DecisionHit
	chosen := -1
	list := widget.NewList(
		func() int { return len(hits) },
		func() fyne.CanvasObject { return cell("", false) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(hits) {
				o.(*widget.Label).SetText(hits[id].Decision.Date + " · " + hits[id].Decision.Title)
			}
		})
	list.OnSelected = func(id widget.ListItemID) { chosen = id }
	search := widget.NewEntry()
	search.SetPlaceHolder(lang.L("register.search"))
	find := func(text string) {
		all, err := dd.u.r.SearchDecisions(dd.ctx, replica.DecisionQuery{Text: text, From: dd.d.Date, Limit: 50})
		hits = hits[:0]
		if err == nil {
			for _, h := range all {
				if h.Decision.ID != dd.d.ID {
					hits = append(hits, h)
				}
			}
		}
		chosen = -1
		list.UnselectAll()
		list.Refresh()
	}
	search.OnChanged = find
	find("")
	content := container.NewBorder(container.NewVBox(paragraph(lang.L("register.supersede.help")), search), nil, nil, nil, list)
	d := dialog.NewCustomConfirm(lang.L("register.supersede.title"), lang.L("register.supersede.choose"), lang.L("action.cancel"),
		content, func(ok bool) {
			if ok && chosen >= 0 && chosen < len(hits) {
				dd.setStatus(meetings.Superseded, hits[chosen].Decision.ID)
				return
			}
			dd.load() // the menu shows the status as it is
		}, dd.u.win)
	d.Resize(fyne.NewSize(dialogWidth*1.4, 480))
	d.Show()
}

// showDecisionDialog shows a decision over the current screen (from a
// live meeting: the facilitator must not lose the meeting to read it).
func (u *UI) showDecisionDialog(id uuid.UUID) {
	dd := newDecisionDetail(u, u.ctx, id, nil)
	d := dialog.NewCustom(lang.L("register.dialog.title"), lang.L("action.close"), dd.root, u.win)
	d.SetOnClosed(dd.close)
	size := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(size.Width*0.8, size.Height*0.85))
	d.Show()
}

package app

import (
	"context"

	"image/color"
	"strconv"
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

	"github.com/konbit/konbit/meetings"
)

// agendaPanel is the left of the live screen: the agenda with the current
// item highlighted, each item's time against its timebox, overruns in
// red, and when the meeting will end at this pace.
type agendaPanel struct {
	s        *liveScreen
	progress meetings.AgendaStatus
	list     *widget.List
	sel      int // selected row, -1 for none
	end      *textBox
	bottom   *fyne.Container
	root     *fyne.Container
}

func newAgendaPanel(s *liveScreen) *agendaPanel {
	p := &agendaPanel{s: s, sel: -1}
	p.list = widget.NewList(
		func() int { return len(p.progress.Items) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(color.Transparent)
			bg.CornerRadius = theme.InputRadiusSize()
			title := widget.NewLabel("")
			title.Truncation = fyne.TextTruncateEllipsis
			times := widget.NewLabel("")
			times.SizeName = theme.SizeNameCaptionText
			return container.NewStack(bg, container.NewVBox(title, times))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.progress.Items) {
				return
			}
			ip := p.progress.Items[id]
			c := o.(*fyne.Container)
			bg := c.Objects[0].(*canvas.Rectangle)
			box := c.Objects[1].(*fyne.Container)
			title := box.Objects[0].(*widget.Label)
			times := box.Objects[1].(*widget.Label)
			title.SetText(strconv.Itoa(id+1) + ". " + ip.Item.Title + itemMark(ip.Item))
			title.TextStyle.Bold = ip.Current
			times.SetText(itemTimes(ip))
			switch {
			case ip.Over:
				times.Importance = widget.DangerImportance
			case ip.State == meetings.ItemDone:
				times.Importance = widget.SuccessImportance
			default:
				times.Importance = widget.MediumImportance
			}
			bg.FillColor = color.Transparent
			bg.StrokeWidth = 0
			if ip.Current {
				bg.FillColor = withAlpha(theme.Color(theme.ColorNamePrimary), 0x38)
				bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
				bg.StrokeWidth = 2
				if ip.Over {
					bg.FillColor = withAlpha(theme.Color(theme.ColorNameError), 0x38)
					bg.StrokeColor = theme.Color(theme.ColorNameError)
				}
			}
			title.Refresh()
			times.Refresh()
			bg.Refresh()
		})
	p.list.OnSelected = func(id widget.ListItemID) { p.sel = id }
	p.end = newTextBox(paragraph)

	prev := widget.NewButtonWithIcon(lang.L("live.item.previous"), theme.NavigateBackIcon(), s.previousItem)
	next := widget.NewButtonWithIcon(lang.L("live.item.next"), theme.NavigateNextIcon(), s.nextItem)
	next.Importance = widget.HighImportance
	goTo := widget.NewButtonWithIcon(lang.L("live.item.go_to"), theme.MailForwardIcon(), s.goToSelected)
	add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), s.addItemDialog)
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { s.moveItem(-1) })
	down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { s.moveItem(1) })
	buttons := container.NewVBox(
		container.NewGridWithColumns(2, prev, next),
		container.NewBorder(nil, nil, nil, container.NewHBox(add, up, down), goTo),
	)
	p.bottom = container.NewVBox(widget.NewSeparator(), p.end.Container, buttons)
	p.root = container.NewBorder(subheading(lang.L("live.agenda")), p.bottom, nil, nil, p.list)
	return p
}

func (p *agendaPanel) content() fyne.CanvasObject { return p.root }

func (p *agendaPanel) refresh() { p.refreshTimes(p.s.u.now()) }

// refreshTimes recomputes the live agenda at now.
func (p *agendaPanel) refreshTimes(now time.Time) {
	s := p.s
	p.progress = meetings.Progress(s.items, s.meeting.CurrentItem, now)
	if p.sel >= len(p.progress.Items) {
		p.sel = -1
	}
	p.list.Refresh()
	text := lang.L("live.agenda.end", map[string]any{"Time": clockTime(p.progress.ProjectedEnd)})
	imp := widget.MediumImportance
	if p.progress.Overrun > 0 {
		text += " · " + lang.L("live.agenda.overrun", map[string]any{"Over": fmtDur(p.progress.Overrun)})
		imp = widget.DangerImportance
	}
	if s.meeting.Status == meetings.Planned {
		text = lang.L("live.agenda.not_started") + " · " + text
	}
	if p.end.set(text, imp) {
		p.root.Refresh() // the projected end may take another line
	}
}

// itemMark flags the items that run a tool.
func itemMark(it meetings.Item) string {
	switch {
	case it.Type == meetings.ProposalItem:
		return " · " + lang.L("live.item.proposal")
	case it.Kind == meetings.KindRoundPeople || it.Kind == meetings.KindRoundCommittees:
		return " · " + lang.L("live.item.round")
	}
	return ""
}

// itemTimes says an item's time against its timebox.
func itemTimes(ip meetings.ItemProgress) string {
	box := lang.L("live.item.no_timebox")
	if ip.Item.Timebox > 0 {
		box = fmtDur(ip.Item.Timebox)
	}
	switch {
	case ip.State == meetings.ItemPending:
		return lang.L("live.item.pending", map[string]any{"Box": box})
	case ip.Over:
		return lang.L("live.item.over", map[string]any{"Elapsed": fmtDur(ip.Elapsed), "Box": box, "Over": fmtDur(ip.Overrun)})
	case ip.State == meetings.ItemDone:
		return lang.L("live.item.done", map[string]any{"Elapsed": fmtDur(ip.Elapsed), "Box": box})
	}
	return lang.L("live.item.running", map[string]any{"Elapsed": fmtDur(ip.Elapsed), "Box": box})
}

// nextItem moves the meeting on to the next item (Ctrl+PageDown).
func (s *liveScreen) nextItem() {
	idx := s.currentIndex()
	if idx+1 >= len(s.items) {
		return
	}
	s.goToItem(s.items[idx+1].ID)
}

// previousItem goes back to the item before (Ctrl+PageUp).
func (s *liveScreen) previousItem() {
	if idx := s.currentIndex(); idx > 0 {
		s.goToItem(s.items[idx-1].ID)
	}
}

// goToIndex goes to the n-th item (0-based; Alt+1..9).
func (s *liveScreen) goToIndex(n int) {
	if n < len(s.items) {
		s.goToItem(s.items[n].ID)
	}
}

// goToSelected goes to the item selected in the agenda.
func (s *liveScreen) goToSelected() {
	if i := s.agenda.sel; i >= 0 && i < len(s.items) {
		s.goToItem(s.items[i].ID)
	}
}

func (s *liveScreen) currentIndex() int {
	for i, it := range s.items {
		if it.ID == s.meeting.CurrentItem {
			return i
		}
	}
	return -1
}

// goToItem makes an item the current one. The turn in progress ends on
// the item it was given on, and the new item starts with an empty queue.
func (s *liveScreen) goToItem(item uuid.UUID) {
	if item == s.meeting.CurrentItem {
		return
	}
	now := s.u.now()
	s.endTurn(now)
	s.floor = newFloorFor(item, s.meeting.Ordering)
	s.meeting.CurrentItem = item
	s.saveFloor()
	s.refresh()
	id := s.id
	s.u.writeOr(func(ctx context.Context) error { return s.u.r.GoToItem(ctx, id, item, now) }, nil, s.reload)
}

// moveItem moves the item selected in the agenda up or down.
func (s *liveScreen) moveItem(step int) {
	i := s.agenda.sel
	if i < 0 || i >= len(s.items) || i+step < 0 || i+step >= len(s.items) {
		return
	}
	id := s.items[i].ID
	s.agenda.sel = i + step
	s.agenda.list.Select(i + step)
	s.u.write(func(ctx context.Context) error { return s.u.r.MoveItem(ctx, id, i+step) }, nil)
}

// addItemDialog adds an item to the agenda during the meeting (Ctrl+N).
func (s *liveScreen) addItemDialog() {
	title := widget.NewEntry()
	typ := widget.NewSelect([]string{lang.L("live.type.info"), lang.L("live.type.brainstorm"), lang.L("live.type.proposal")}, nil)
	typ.SetSelectedIndex(0)
	box := widget.NewEntry()
	box.SetText("10")
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("live.add.title"), title),
		widget.NewFormItem(lang.L("live.add.type"), typ),
		widget.NewFormItem(lang.L("live.add.timebox"), box),
	}
	d := dialog.NewForm(lang.L("live.add"), lang.L("live.add.ok"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		tb, err := parseDur(box.Text)
		if err != nil {
			s.u.showError(lang.L("live.error.add_item"), err)
			return
		}
		it := meetings.Item{Meeting: s.id, Title: strings.TrimSpace(title.Text), Timebox: tb,
			Type: []meetings.ItemType{meetings.InfoItem, meetings.BrainstormItem, meetings.ProposalItem}[max(0, typ.SelectedIndex())]}
		s.u.write(func(ctx context.Context) error {
			_, err := s.u.r.AddItem(ctx, it)
			return err
		}, nil)
	}, s.u.win)
	d.Resize(fyne.NewSize(dialogWidth, 0))
	d.Show()
	s.u.win.Canvas().Focus(title)
}

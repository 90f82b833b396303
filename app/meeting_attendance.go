package app

import (
	"context"

	"errors"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// attendanceColumns: name, status.
var attendanceColumns = &columns{weights: []float32{1.3, 1}, minEm: []float32{6, 5}, drop: []int{1}}

// attendanceStatuses are the statuses in button order.
var attendanceStatuses = []meetings.AttendanceStatus{meetings.Present, meetings.Late, meetings.Excused, meetings.Absent}

// attendanceTab checks people in. Check-in happens at the door, fast, from
// the keyboard: typing the first letters of a name filters the list and
// Enter marks the first match present, leaving the cursor in the box for
// the next person.
type attendanceTab struct {
	p *meetingPrep

	members []konbit.Member // sorted by name
	marks   map[uuid.UUID]meetings.Mark
	shown   []konbit.Member

	filter  *widget.Entry
	summary *widget.Label
	last    *widget.Label // what Enter just did
	bottom  *fyne.Container
	list    *widget.List
	root    fyne.CanvasObject
}

func newAttendanceTab(p *meetingPrep) *attendanceTab {
	t := &attendanceTab{p: p, marks: map[uuid.UUID]meetings.Mark{}}
	t.filter = widget.NewEntry()
	t.filter.SetPlaceHolder(lang.L("meetings.attendance.filter"))
	t.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	t.filter.OnChanged = func(string) { t.refilter() }
	t.filter.OnSubmitted = func(string) { t.checkInFirst() }
	t.summary = widget.NewLabel("")
	t.summary.Truncation = fyne.TextTruncateEllipsis
	t.last = widget.NewLabel("")
	t.last.Importance = widget.SuccessImportance

	t.list = widget.NewList(
		func() int { return len(t.shown) },
		func() fyne.CanvasObject {
			buttons := container.NewHBox()
			for _, st := range attendanceStatuses { // labelled now, so that the row is wide enough
				buttons.Add(widget.NewButton(statusButtonLabel(st), nil))
			}
			return container.NewBorder(nil, nil, nil, buttons, row(attendanceColumns, cell("", true), cell("", false)))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(t.shown) {
				return
			}
			t.updateRow(t.shown[id], o.(*fyne.Container))
		})
	t.list.OnSelected = func(widget.ListItemID) { t.list.UnselectAll() } // rows act through their buttons

	top := container.NewBorder(nil, nil, nil, nil, t.filter)
	t.bottom = container.NewBorder(nil, nil, nil, t.last, t.summary)
	t.root = container.NewBorder(container.NewVBox(top, caption(lang.L("meetings.attendance.hint")), widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), t.bottom), nil, nil, t.list)
	p.u.watch(p.ctx, t.load)
	return t
}

func (t *attendanceTab) load() []<-chan struct{} {
	watch := t.p.u.r.WatchAttendance(t.p.id) // before reading, so no mark is missed
	members, ch := t.p.u.r.Members()
	marks, err := t.p.u.r.Attendance(t.p.ctx, t.p.id)
	if err != nil {
		log.Printf("konbit: attendance of %s: %v", t.p.id, err)
	}
	t.members = members
	t.marks = make(map[uuid.UUID]meetings.Mark, len(marks))
	for _, mk := range marks {
		t.marks[mk.Member] = mk
	}
	t.refilter()
	t.showSummary()
	return []<-chan struct{}{watch, ch}
}

// refilter shows the members whose name, or a word of it, starts with
// what was typed (case and accents ignored); whole-name matches first.
func (t *attendanceTab) refilter() {
	t.shown = t.shown[:0:0]
	var words []konbit.Member
	for _, m := range t.members {
		switch konbit.MatchName(m.Name, t.filter.Text) {
		case konbit.WholeMatch:
			t.shown = append(t.shown, m)
		case konbit.WordMatch:
			words = append(words, m)
		}
	}
	t.shown = append(t.shown, words...)
	t.list.Refresh()
	if len(t.shown) > 0 {
		t.list.ScrollToTop()
	}
}

// checkInFirst marks the first person shown present and clears the box.
func (t *attendanceTab) checkInFirst() {
	if strings.TrimSpace(t.filter.Text) == "" || len(t.shown) == 0 {
		return
	}
	m := t.shown[0]
	t.mark(m, meetings.Present, time.Time{})
	t.last.SetText(lang.L("meetings.attendance.marked", map[string]any{"Name": m.Name, "Status": markLabel(meetings.Mark{Status: meetings.Present})}))
	t.bottom.Refresh() // the label grew: lay the line out again
	t.filter.SetText("")
	t.p.u.win.Canvas().Focus(t.filter)
}

// mark writes a member's attendance.
func (t *attendanceTab) mark(m konbit.Member, status meetings.AttendanceStatus, arrived time.Time) {
	id := t.p.id
	// Show it at once; the watcher confirms when the write lands.
	t.marks[m.ID] = meetings.Mark{Meeting: id, Member: m.ID, Status: status, Arrived: arrived}
	t.list.Refresh()
	t.showSummary()
	t.p.u.write(func(ctx context.Context) error { return t.p.u.r.Attend(ctx, id, status, arrived, m.ID) }, nil)
}

// askLate asks when a late member arrived (now by default).
func (t *attendanceTab) askLate(m konbit.Member) {
	at := widget.NewEntry()
	at.SetText(t.p.u.now().Format(meetings.ClockLayout))
	at.Validator = func(v string) error {
		if c, ok := normalizeClock(v); !ok || c == "" {
			return errors.New(lang.L("meetings.error.clock"))
		}
		return nil
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("meetings.attendance.arrived"), at)}
	d := dialog.NewForm(lang.L("meetings.attendance.late_title", map[string]any{"Name": m.Name}), lang.L("action.save"),
		lang.L("action.cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			c, _ := normalizeClock(at.Text)
			arrived, err := time.ParseInLocation(meetings.DateLayout+" "+meetings.ClockLayout, t.p.m.Date+" "+c, time.Local)
			if err != nil {
				arrived = t.p.u.now()
			}
			t.mark(m, meetings.Late, arrived)
		}, t.p.u.win)
	d.Show()
	t.p.u.win.Canvas().Focus(at)
}

func (t *attendanceTab) updateRow(m konbit.Member, o *fyne.Container) {
	cells := o.Objects[0].(*fyne.Container).Objects
	buttons := o.Objects[1].(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(m.Name)
	mk, marked := t.marks[m.ID]
	st := cells[1].(*widget.Label)
	if marked {
		st.SetText(markLabel(mk))
	} else {
		st.SetText(lang.L("meetings.attendance.unmarked"))
	}
	for i, status := range attendanceStatuses {
		b := buttons[i].(*widget.Button)
		b.SetText(statusButtonLabel(status))
		b.Importance = widget.MediumImportance
		if marked && mk.Status == status {
			b.Importance = widget.HighImportance
		}
		b.OnTapped = func() {
			if status == meetings.Late {
				t.askLate(m)
				return
			}
			t.mark(m, status, time.Time{})
		}
		b.Refresh()
	}
}

func (t *attendanceTab) showSummary() {
	n := map[meetings.AttendanceStatus]int{}
	for _, m := range t.members {
		if mk, ok := t.marks[m.ID]; ok {
			n[mk.Status]++
		}
	}
	marked := n[meetings.Present] + n[meetings.Late] + n[meetings.Excused] + n[meetings.Absent]
	t.summary.SetText(lang.L("meetings.attendance.summary", map[string]any{
		"Present": n[meetings.Present], "Late": n[meetings.Late], "Excused": n[meetings.Excused],
		"Absent": n[meetings.Absent], "Unmarked": len(t.members) - marked,
	}))
}

// markLabel says how someone attended: "Late (09:12)".
func markLabel(mk meetings.Mark) string {
	switch mk.Status {
	case meetings.Present:
		return lang.L("meetings.attendance.present")
	case meetings.Late:
		if mk.Arrived.IsZero() {
			return lang.L("meetings.attendance.late")
		}
		return lang.L("meetings.attendance.late_at", map[string]any{"Time": mk.Arrived.Local().Format(meetings.ClockLayout)})
	case meetings.Excused:
		return lang.L("meetings.attendance.excused")
	case meetings.Absent:
		return lang.L("meetings.attendance.absent")
	}
	return string(mk.Status)
}

// statusButtonLabel is the label of a row's button that sets a status.
func statusButtonLabel(s meetings.AttendanceStatus) string {
	switch s {
	case meetings.Present:
		return lang.L("meetings.attendance.mark_present")
	case meetings.Late:
		return lang.L("meetings.attendance.mark_late")
	case meetings.Excused:
		return lang.L("meetings.attendance.mark_excused")
	}
	return lang.L("meetings.attendance.mark_absent")
}

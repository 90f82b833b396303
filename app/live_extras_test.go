package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// rightTab is the title of the right-hand tab shown.
func (tu *testUI) rightTab() string {
	if sel := tu.live.right.Selected(); sel != nil {
		return sel.Text
	}
	return ""
}

// labelsIn is the text of every visible label in o, one per line.
func labelsIn(o fyne.CanvasObject) string {
	var parts []string
	for _, l := range find[*widget.Label](o, nil) {
		parts = append(parts, l.Text)
	}
	return strings.Join(parts, "\n")
}

// tapCheck ticks the first check box in o, in its middle: a check box
// taller than its box (a two-line row) takes only taps on the box.
func tapCheck(o fyne.CanvasObject) {
	c := find[*widget.Check](o, nil)[0]
	test.TapAt(c, fyne.NewPos(c.Size().Width/2, c.Size().Height/2))
}

// The notes of the current item are saved a moment after the last key
// (by the UI's clock, not at each key) and when the meeting moves on;
// notes merged from another laptop replace the field's text only while it
// does not have the focus.
func TestLiveNotes(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Reflection", []meetings.Item{
		{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute},
		{Type: meetings.InfoItem, Title: "Budget", Timebox: 20 * time.Minute},
	}, "Omar", "Jenny")
	tu.openLive(m.ID)
	tu.settle()
	notes := tu.live.notes.entry
	if !notes.Disabled() {
		t.Error("notes can be typed before any item runs")
	}
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })

	tu.key(fyne.KeyF4)
	if tu.rightTab() != "Notes" || tu.win.Canvas().Focused() != notes {
		t.Fatalf("F4 shows %q, focus on %T", tu.rightTab(), tu.win.Canvas().Focused())
	}
	if got := tu.live.notes.title.Text; got != "Notes of item 1: Website" {
		t.Errorf("notes title %q", got)
	}
	notesOf := func(id uuid.UUID) string {
		it, err := tu.r.Item(id)
		if err != nil {
			t.Fatal(err)
		}
		return it.Notes
	}
	test.Type(notes, "Quotes sent")
	clk.add(time.Second)
	tu.live.refreshTimes() // the ticker
	tu.bg.Wait()
	if got := notesOf(items[0].ID); got != "" {
		t.Fatalf("saved %q before the debounce", got)
	}
	clk.add(time.Second)
	tu.live.refreshTimes()
	tu.bg.Wait()
	if got := notesOf(items[0].ID); got != "Quotes sent" {
		t.Fatalf("after the debounce the notes are %q", got)
	}
	tu.settle()

	// The meeting moves on before the debounce: the notes are saved.
	test.Type(notes, ", two of them")
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("next item", func() bool { return tu.live.meeting.CurrentItem == items[1].ID })
	tu.bg.Wait()
	if got := notesOf(items[0].ID); got != "Quotes sent, two of them" {
		t.Fatalf("notes of the item left: %q", got)
	}
	tu.settle()
	if notes.Text != "" || tu.live.notes.title.Text != "Notes of item 2: Budget" {
		t.Fatalf("the field shows %q under %q", notes.Text, tu.live.notes.title.Text)
	}
	if tu.rightTab() != "Notes" {
		t.Errorf("the notes tab did not stay shown: %q", tu.rightTab())
	}

	// Another laptop writes the notes while the field has the focus here.
	other := func(text string) {
		it, _ := tu.r.Item(items[1].ID)
		it.Notes = text
		if err := tu.r.SaveItem(context.Background(), it); err != nil {
			t.Fatal(err)
		}
		tu.settle()
	}
	tu.win.Canvas().Focus(notes)
	other("Budget approved")
	if notes.Text != "" {
		t.Fatalf("a merge replaced the focused field's text with %q", notes.Text)
	}
	tu.win.Canvas().Unfocus()
	tu.settle()
	if notes.Text != "Budget approved" {
		t.Fatalf("after the focus left, the field shows %q", notes.Text)
	}
	other("Budget approved, with one abstention")
	if notes.Text != "Budget approved, with one abstention" {
		t.Fatalf("a merge did not reach the unfocused field: %q", notes.Text)
	}
	tu.bg.Wait()
	if got := notesOf(items[1].ID); got != "Budget approved, with one abstention" {
		t.Errorf("the merged notes were written over: %q", got)
	}
	if got := notesOf(items[0].ID); got != "Quotes sent, two of them" {
		t.Errorf("notes of the first item: %q", got)
	}
}

// The membership check item shows, beside the floor, the members who
// came to no meeting of the collective in the four weeks before.
func TestLiveMembershipCheck(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	ctx := context.Background()
	// Five weeks before, Omar came to a meeting; one week before, everyone
	// else did.
	attended := func(date string, who ...string) {
		past, err := tu.r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateBlank, Date: date, Title: "Weekly", Language: meetings.French})
		if err != nil {
			t.Fatal(err)
		}
		var ids []uuid.UUID
		for _, n := range who {
			ids = append(ids, memberNamed(t, tu.r, n).ID)
		}
		if err := tu.r.Attend(ctx, past.ID, meetings.Present, time.Time{}, ids...); err != nil {
			t.Fatal(err)
		}
	}
	members, _ := tu.r.Members()
	var others []string
	for _, mb := range members {
		if mb.Name != "Omar" && mb.Name != "Steve" {
			others = append(others, mb.Name)
		}
	}
	attended("2011-04-12", "Omar")
	attended("2011-05-10", others...)

	m, items := liveMeeting(t, tu.r, "Reflection", []meetings.Item{
		{Type: meetings.InfoItem, Title: "Website", Timebox: 10 * time.Minute},
		{Type: meetings.InfoItem, Kind: meetings.KindMembershipCheck, Title: "Membership check", Timebox: 10 * time.Minute},
	}, "Jenny")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.settle()
	if tu.live.check != nil || slices.ContainsFunc(tu.live.right.Items, func(it *container.TabItem) bool { return it.Text == "Absences" }) {
		t.Fatal("the membership check is shown on another item")
	}
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("membership check item", func() bool { return tu.live.meeting.CurrentItem == items[1].ID })
	tu.settle()
	if tu.rightTab() != "Absences" || tu.live.check == nil {
		t.Fatalf("right tab %q on the membership check", tu.rightTab())
	}
	text := labelsIn(tu.live.check.rows)
	if !containsAll(text, "Omar\n2011-04-12", "Steve\nNever") || strings.Contains(text, "Jenny") {
		t.Fatalf("membership check lists:\n%s", text)
	}
	// Another item: the check's watchers end.
	tu.combo(fyne.KeyPageUp, fyne.KeyModifierControl)
	tu.settle()
	if tu.live.check != nil || tu.rightTab() == "Absences" {
		t.Fatalf("the check stayed after the item: %q", tu.rightTab())
	}
}

// An action decided during the meeting is added from the keyboard, is
// listed with its owner and due date, and a tick marks it done (it stays
// listed, so that a tick by mistake can be undone).
func TestLiveActions(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := liveMeeting(t, tu.r, "Reflection", []meetings.Item{
		{Type: meetings.InfoItem, Title: "Website", Timebox: 10 * time.Minute},
	}, "Jenny", "Heidi")
	// An old action done before this meeting is not listed.
	old, err := tu.r.SaveAction(context.Background(), meetings.Action{Meeting: m.ID, Text: "Old errand",
		Owner: memberNamed(t, tu.r, "Omar").ID, Done: true, DoneAt: meetingStart.Add(-24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.settle()
	p := tu.live.followUp
	if len(p.actions) != 0 || p.empty.Hidden {
		t.Fatalf("actions listed: %+v", p.actions)
	}

	tu.combo(fyne.KeyA, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if tu.rightTab() != "Actions" {
		t.Errorf("Ctrl+Shift+A shows %q", tu.rightTab())
	}
	dlg := tu.topOverlay()
	entries := find[*widget.Entry](dlg, nil)
	test.Type(entries[0], "Call the printer")
	find[*widget.Select](dlg, nil)[0].SetSelected("Heidi")
	test.Type(entries[1], "2011-06-01")
	test.Tap(tu.button(dlg, "Add"))
	var added meetings.Action
	tu.eventually("the action is saved", func() bool {
		as, _ := tu.r.Actions(uuid.Nil)
		for _, a := range as {
			if a.ID != old.ID {
				added = a
			}
		}
		return len(as) == 2
	})
	if added.Text != "Call the printer" || added.Owner != memberNamed(t, tu.r, "Heidi").ID || added.Due != "2011-06-01" || added.Meeting != m.ID {
		t.Fatalf("added %+v", added)
	}
	tu.settle()
	if len(p.actions) != 1 || p.actions[0].ID != added.ID {
		t.Fatalf("listed %+v", p.actions)
	}
	if text := labelsIn(p.list); !containsAll(text, "Call the printer", "Heidi · due 2011-06-01") {
		t.Fatalf("the list shows:\n%s", text)
	}

	clk.add(5 * time.Minute)
	tapCheck(p.list)
	tu.eventually("the action is done", func() bool {
		as, _ := tu.r.Actions(uuid.Nil)
		return slices.ContainsFunc(as, func(a meetings.Action) bool {
			return a.ID == added.ID && a.Done && a.DoneAt.Equal(meetingStart.Add(5*time.Minute))
		})
	})
	tu.settle()
	if len(p.actions) != 1 || !p.actions[0].Done {
		t.Fatalf("after the tick the list holds %+v", p.actions)
	}
	tapCheck(p.list)
	tu.eventually("the action is open again", func() bool {
		as, _ := tu.r.Actions(uuid.Nil)
		return slices.ContainsFunc(as, func(a meetings.Action) bool { return a.ID == added.ID && !a.Done })
	})
}

// The new keys are in the help.
func TestLiveHelpListsNotesAndActions(t *testing.T) {
	newTestUI(t, langEN, nil) // loads the English texts
	text := labelsIn(helpContent())
	if !containsAll(text, "F4, Ctrl+Shift+N", "Ctrl+Shift+A") {
		t.Fatalf("help:\n%s", text)
	}
}

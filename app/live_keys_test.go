package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// speaking opens a live meeting on its first item with Omar speaking.
func speaking(t *testing.T, tu *testUI, items []meetings.Item, present ...string) (meetings.Meeting, []meetings.Item) {
	t.Helper()
	m, added := liveMeeting(t, tu.r, "Production", items, present...)
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("first item started", func() bool { return tu.live.meeting.CurrentItem == added[0].ID })
	tu.raiseKeys("om", 0)
	tu.key(fyne.KeyF8)
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Omar" {
		t.Fatalf("floor: %+v, want Omar", cur)
	}
	return m, added
}

// In a field where people write sentences, the word-editing keys edit the
// text: Ctrl+→ does not end the speaker's turn, Ctrl+Delete lowers no hand.
func TestLiveWordEditingKeysStayInTextFields(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	speaking(t, tu, []meetings.Item{{Type: meetings.ProposalItem, Title: "Summer schedule", Timebox: 15 * time.Minute}},
		"Omar", "Jenny")
	tu.raiseKeys("jen", 0)

	e := tu.live.consent.amendText
	tu.win.Canvas().Focus(e)
	e.SetText("We close in July")
	e.CursorColumn = 0
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierControl})
	tu.settle()
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Omar" {
		t.Fatalf("Ctrl+→ in the amendment ended Omar's turn: floor %+v", cur)
	}
	if e.CursorColumn == 0 {
		t.Error("Ctrl+→ did not move the cursor by a word")
	}
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyDelete, Modifier: fyne.KeyModifierControl})
	tu.settle()
	if len(tu.queueNames()) != 1 {
		t.Fatalf("Ctrl+Delete in the amendment changed the queue: %v", tu.queueNames())
	}
	if e.Text == "We close in July" {
		t.Error("Ctrl+Delete did not delete a word")
	}
	// The live screen's other keys still work from there.
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierControl})
	tu.settle()
	if tu.live.floor.Queue.Current != nil {
		t.Fatal("Ctrl+E in the amendment did not end the turn")
	}
}

// The live screen's keys do nothing while another screen is shown, though
// they stay bound on the window and a field of the live screen may keep
// the focus.
func TestLiveKeysOnlyOnTheLiveScreen(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Production", []meetings.Item{
		{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute},
		{Type: meetings.InfoItem, Title: "Budget", Timebox: 20 * time.Minute},
	}, "Omar", "Jenny")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("first item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	tu.raiseKeys("om", 0)

	tu.showScreen(screenMembers)
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl) // the raise-hand field kept the focus
	if tu.live.keys.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierControl}) {
		t.Error("the live screen took Ctrl+PageDown on the Members screen")
	}
	tu.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF8})
	tu.key(fyne.KeyF8)
	tu.settle()
	tu.bg.Wait()
	if got, _, _ := tu.r.Meeting(m.ID); got.CurrentItem != items[0].ID || tu.live.meeting.CurrentItem != items[0].ID {
		t.Fatal("the next-item key moved the agenda on from the Members screen")
	}
	if tu.live.floor.Queue.Current != nil {
		t.Fatal("F8 gave the floor from the Members screen")
	}

	tu.showScreen(screenMeetings)
	tu.key(fyne.KeyF8)
	if tu.live.floor.Queue.Current == nil {
		t.Fatal("F8 does nothing back on the live screen")
	}
}

// With more matching names than the hint shows, the one chosen with
// Up/Down is always shown.
func TestLiveRaiseHandHintFollowsTheChoice(t *testing.T) {
	tu := newTestUI(t, langEN, func(r *replica.Replica) {
		loadSample(r)
		for _, n := range []string{"Sam", "Sarah"} {
			if _, err := r.AddMember(context.Background(), konbit.Member{Name: n}); err != nil {
				panic(err)
			}
		}
	})
	useFakeClock(tu, meetingStart)
	speaking(t, tu, []meetings.Item{{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute}}, "Omar")
	e := tu.live.queue.raise
	tu.win.Canvas().Focus(e)
	e.SetText("s")
	tu.settle()
	if n := len(tu.live.queue.matches); n < shownMatches+2 {
		t.Fatalf("%d names start with s, want more than the hint shows", n)
	}
	for range shownMatches + 1 {
		tu.key(fyne.KeyDown)
	}
	chosen := tu.live.name(tu.live.queue.matches[tu.live.queue.pick])
	if hint := tu.live.queue.hint.text; !strings.Contains(hint, "▶ "+chosen) {
		t.Fatalf("the hint %q does not show the chosen name %s", hint, chosen)
	}
	tu.key(fyne.KeyReturn)
	if names := tu.queueNames(); len(names) != 1 || names[0] != chosen {
		t.Fatalf("queue %v, want %s", names, chosen)
	}
}

func TestMatchWindow(t *testing.T) {
	for _, c := range []struct{ n, pick, from, to int }{
		{3, 2, 0, 3}, {5, 4, 0, 5}, {8, 0, 0, 5}, {8, 2, 0, 5}, {8, 3, 1, 6}, {8, 5, 3, 8}, {8, 7, 3, 8},
	} {
		if from, to := matchWindow(c.n, c.pick, 5); from != c.from || to != c.to || c.pick < from || c.pick >= to {
			t.Errorf("matchWindow(%d, %d) = [%d, %d), want [%d, %d)", c.n, c.pick, from, to, c.from, c.to)
		}
	}
}

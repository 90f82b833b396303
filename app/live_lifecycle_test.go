package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

var oneItem = []meetings.Item{{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute}}

// Finishing the meeting records the turn in progress, marks the meeting
// finished and goes back to the Meetings screen.
func TestLiveFinishMeeting(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	clk.add(40 * time.Second)

	tu.combo(fyne.KeyF, fyne.KeyModifierControl|fyne.KeyModifierShift)
	if tu.live == nil {
		t.Fatal("the meeting finished without asking")
	}
	test.Tap(tu.button(tu.topOverlay(), "Finish the meeting"))
	tu.settle()
	if tu.live != nil || tu.meetingsTab.Objects[0] != tu.meetings.content() {
		t.Fatal("finishing did not go back to the Meetings screen")
	}
	segs := tu.waitSegments(m.ID, 1)
	if segs[0].Duration != 40*time.Second || tu.memberName(segs[0].Speaker) != "Omar" {
		t.Fatalf("last turn recorded as %v for %v", segs[0].Speaker, segs[0].Duration)
	}
	tu.eventually("meeting finished", func() bool {
		got, _, _ := tu.r.Meeting(m.ID)
		return got.Status == meetings.Finished && got.CurrentItem == uuid.Nil
	})
}

// Closing the app with a speaker's timer running pauses it: the time the
// app is closed is not the speaker's.
func TestLiveCloseWhileSpeakingPausesTheTimer(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	clk.add(20 * time.Second)

	tu2 := reopen(t, tu) // the window closes with the live meeting open
	clk.add(time.Hour)
	tu2.openLive(m.ID)
	tu2.settle()
	if e := tu2.live.floor.Timer.Elapsed(clk.now()); e != 20*time.Second || tu2.live.floor.Timer.Running {
		t.Fatalf("after an hour closed, the timer says %v running=%v, want 20s paused", e, tu2.live.floor.Timer.Running)
	}
	tu2.key(fyne.KeyF7) // resumed
	clk.add(10 * time.Second)
	tu2.key(fyne.KeyF9)
	if segs := tu2.waitSegments(m.ID, 1); segs[0].Duration != 30*time.Second {
		t.Fatalf("turn recorded for %v, want 30s", segs[0].Duration)
	}
}

// A turn ended just before the window closes is recorded: closing does
// not cancel the write.
func TestLiveTurnEndedAtCloseIsRecorded(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	clk.add(25 * time.Second)
	tu.live.endTurnNow() // and at once:
	tu.close()
	tu.bg.Wait()
	segs, err := tu.r.Segments(context.Background(), m.ID)
	if err != nil || len(segs) != 1 || segs[0].Duration != 25*time.Second {
		t.Fatalf("segments after closing: %+v %v", segs, err)
	}
}

// Leaving the live screen and coming back at once starts from the floor
// as it was left, not from an older save still being written: the turn
// is not ended twice.
func TestLiveReopenAtOnceKeepsTheFloor(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	tu.raiseKeys("jen", 0)
	clk.add(15 * time.Second)
	tu.live.nextSpeaker() // Omar's turn ends, Jenny's starts; not saved yet
	tu.closeLive()
	tu.openLive(m.ID)
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Jenny" {
		t.Fatalf("reopened floor: %+v, want Jenny", cur)
	}
	tu.settle()
	tu.key(fyne.KeyF7) // resume (leaving paused her)
	clk.add(5 * time.Second)
	tu.key(fyne.KeyF9)
	segs := tu.waitSegments(m.ID, 2)
	if tu.memberName(segs[0].Speaker) != "Omar" || tu.memberName(segs[1].Speaker) != "Jenny" {
		t.Fatalf("segments: %s, %s", tu.memberName(segs[0].Speaker), tu.memberName(segs[1].Speaker))
	}
}

// A change of language rebuilds the window: the live meeting goes on,
// timer running, projector open, on the screen that was shown.
func TestLiveSurvivesRebuild(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	tu.key(fyne.KeyF5)
	old := tu.live
	clk.add(10 * time.Second)
	tu.showScreen(screenSettings)
	tu.rebuild()
	tu.settle()
	if tu.live == nil || tu.live == old || tu.live.id != m.ID {
		t.Fatal("the live meeting did not come back after the rebuild")
	}
	if old.ctx.Err() == nil || old.projector != nil {
		t.Fatal("the old live screen still runs")
	}
	if tu.current != screenSettings {
		t.Fatalf("the rebuild switched to screen %d", tu.current)
	}
	if tu.live.projector == nil {
		t.Error("the projector did not come back")
	}
	f := tu.live.floor
	if f.Queue.Current == nil || !f.Timer.Running || f.Timer.Elapsed(clk.now()) != 10*time.Second {
		t.Fatalf("floor after rebuild: %+v %+v", f.Queue.Current, f.Timer)
	}
	tu.showScreen(screenMeetings)
	if tu.meetingsTab.Objects[0] != tu.live.root {
		t.Fatal("the Meetings tab does not show the live meeting")
	}
}

// Closing the main window with the projector open stops the live meeting
// and closes the projector.
func TestLiveCloseClosesProjector(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	speaking(t, tu, oneItem, "Omar")
	tu.key(fyne.KeyF5)
	p := tu.live.projector
	if p == nil {
		t.Fatal("no projector")
	}
	tu.close()
	if tu.live != nil || !p.closedByUs {
		t.Fatal("closing the window left the live meeting or its projector open")
	}
}

// memberName is a member's name, as the test reads segments after the live
// screen closed.
func (tu *testUI) memberName(id uuid.UUID) string {
	for _, mb := range must(tu.r.Members()) {
		if mb.ID == id {
			return mb.Name
		}
	}
	return "?"
}

func must[T any](v T, _ <-chan struct{}) T { return v }

package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// finishLive finishes the live meeting as the facilitator would (Ctrl+
// Shift+F, then confirm) and waits for the minutes dialog it opens.
func finishLive(t *testing.T, tu *testUI) {
	t.Helper()
	tu.combo(fyne.KeyF, fyne.KeyModifierControl|fyne.KeyModifierShift)
	test.Tap(tu.button(tu.topOverlay(), "Finish the meeting"))
	tu.eventually("the minutes dialog", func() bool {
		return tu.win.Canvas().Overlays().Top() != nil && strings.Contains(tu.dialogText(), "Write the minutes")
	})
}

// The minutes exist when the meeting ends: finishing opens the minutes
// dialog of that meeting, whose Save leads to the save dialog with the
// meeting's file name (then exportMinutes, see TestMinutesExport).
func TestLiveFinishOffersMinutes(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	clk.add(30 * time.Second)
	finishLive(t, tu)
	if !strings.Contains(tu.dialogText(), "The meeting is finished") {
		t.Errorf("the dialog does not say why it opened:\n%s", tu.dialogText())
	}
	if len(find(tu.topOverlay(), func(c *widget.Check) bool { return c.Text == "Include the speaking-time chart" })) != 1 {
		t.Fatal("the minutes dialog does not offer the chart")
	}
	got, _, _ := tu.r.Meeting(m.ID)
	if got.Status != meetings.Finished {
		t.Fatalf("meeting %s when its minutes are offered", got.Status)
	}
	test.Tap(tu.button(tu.topOverlay(), "Save as…"))
	tu.settle()
	name := minutesFileName(got, minutesOptions{PDF: true})
	if len(find(tu.topOverlay(), func(e *widget.Entry) bool { return e.Text == name })) != 1 {
		t.Fatalf("the save dialog does not propose %q", name)
	}
}

// Cancelling the minutes leaves the meeting finished, on the Meetings
// screen.
func TestLiveFinishMinutesCancelled(t *testing.T) {
	tu := newTestUI(t, langFR, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, _ := speaking(t, tu, oneItem, "Omar", "Jenny")
	clk.add(30 * time.Second)
	tu.combo(fyne.KeyF, fyne.KeyModifierControl|fyne.KeyModifierShift)
	test.Tap(tu.button(tu.topOverlay(), "Terminer la réunion"))
	tu.eventually("the minutes dialog", func() bool {
		return tu.win.Canvas().Overlays().Top() != nil && strings.Contains(tu.dialogText(), "Écrire le compte rendu")
	})
	test.Tap(tu.button(tu.topOverlay(), "Annuler"))
	tu.settle()
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("a dialog is left after cancelling:\n%s", tu.dialogText())
	}
	if tu.live != nil || tu.meetingsTab.Objects[0] != tu.meetings.content() {
		t.Fatal("cancelling the minutes did not leave the Meetings screen")
	}
	if got, _, _ := tu.r.Meeting(m.ID); got.Status != meetings.Finished {
		t.Fatalf("meeting %s after cancelling its minutes", got.Status)
	}
}

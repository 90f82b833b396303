package app

import (
	"context"

	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"
)

// confirmFinish asks before finishing the meeting (Ctrl+Shift+F, or the
// Finish button): a finished meeting cannot be resumed.
func (s *liveScreen) confirmFinish() {
	s.u.confirm(lang.L("live.finish.title"), lang.L("live.finish.text", map[string]any{"Title": s.meeting.Title}),
		lang.L("live.finish.confirm"), s.finishMeeting)
}

// finishMeeting ends the turn in progress (it is recorded), closes the
// current item, marks the meeting finished and goes back to the Meetings
// screen. The floor is emptied: nothing is left to restore.
func (s *liveScreen) finishMeeting() {
	now := s.u.now()
	s.endTurn(now)
	s.floor = newFloorFor(uuid.Nil, s.meeting.Ordering)
	s.saveFloor()
	u, id := s.u, s.id
	u.write(func(ctx context.Context) error { return u.r.FinishMeeting(ctx, id, now) }, func() { u.offerMinutes(id) })
	if u.live == s {
		u.closeLive()
	}
}

// offerMinutes opens the minutes dialog of a meeting just finished: the
// minutes exist when the meeting ends (issue 6), not when someone later
// remembers to write them. Cancelling it leaves the meeting as it is;
// the minutes stay offered on the meeting's page.
func (u *UI) offerMinutes(id uuid.UUID) {
	m, _, err := u.r.Meeting(id)
	if err != nil {
		u.showError(lang.L("minutesdoc.failed"), err)
		return
	}
	u.minutesDialog(m, lang.L("minutesdoc.finished"))
}

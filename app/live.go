package app

import (
	"fyne.io/fyne/v2"
	"github.com/google/uuid"
)

// liveScreen runs a meeting. (Placeholder until the live screen lands.)
type liveScreen struct {
	meeting uuid.UUID
}

// openLive shows the live screen of a meeting in place of the Meetings
// screen.
func (u *UI) openLive(meeting uuid.UUID) {
	u.live = &liveScreen{meeting: meeting}
}

// closeLive goes back to the Meetings screen.
func (u *UI) closeLive() {
	u.live = nil
	u.meetingsTab.Objects = []fyne.CanvasObject{u.meetings.content()}
	u.meetingsTab.Refresh()
}

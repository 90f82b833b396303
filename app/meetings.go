package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// meetingsScreen lists the meetings and prepares the selected one.
// (Placeholder until the meetings screen lands.)
type meetingsScreen struct {
	u    *UI
	ctx  context.Context
	root fyne.CanvasObject
}

func newMeetingsScreen(u *UI, ctx context.Context) *meetingsScreen {
	return &meetingsScreen{u: u, ctx: ctx, root: comingSoon(theme.CalendarIcon(), lang.L("nav.meetings"), lang.L("soon.meetings"))}
}

func (s *meetingsScreen) content() fyne.CanvasObject { return s.root }

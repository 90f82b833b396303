package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// Golden images of a meeting's preparation (the agenda of a monthly
// reflection meeting of the sample organisation), in English and French,
// at the 1024x768 of a projector. The meeting has a fixed date and the
// clock is fixed, so nothing in the image depends on the day it runs.
func TestGoldenMeetingPrep(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			var id uuid.UUID
			tu := newTestUI(t, l, func(r *replica.Replica) {
				sampleMeeting(meetings.TemplateMonthlyReflection, l, &id)(r)
				titles := map[string][2]string{
					langEN: {"Budget for 2012", "Ideas for the summer party"},
					langFR: {"Budget 2012", "Idées pour la fête de l'été"},
				}[l]
				ctx := context.Background()
				for _, it := range []meetings.Item{
					{Meeting: id, Type: meetings.ProposalItem, Title: titles[0], Presenter: memberNamed(t, r, "Heidi").ID, Timebox: 25 * time.Minute},
					{Meeting: id, Type: meetings.BrainstormItem, Title: titles[1], Presenter: memberNamed(t, r, "Omar").ID, Timebox: 15 * time.Minute},
				} {
					if _, err := r.AddItem(ctx, it); err != nil {
						t.Fatal(err)
					}
				}
			})
			tu.openPrep(id)
			test.AssertImageMatches(t, "meetings_prep_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

// The attendance tab after three check-ins, and the roles suggested for
// them.
func TestGoldenMeetingAttendanceAndRoles(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			var id uuid.UUID
			tu := newTestUI(t, l, sampleMeeting(meetings.TemplateMonthlyReflection, l, &id))
			p := tu.openPrep(id)
			tu.checkIn(p, "Om", "Ant", "Hei", "Jen", "Lyd", "Sam", "Yann")
			tu.eventually("seven present", func() bool { return len(presentNames(t, tu.r, id)) == 7 })
			tu.settle()
			test.AssertImageMatches(t, "meetings_attendance_"+l+".png", tu.win.Canvas().Capture())
			p.tabs.SelectIndex(prepRoles)
			p.roles.suggest.OnTapped()
			tu.settle()
			test.AssertImageMatches(t, "meetings_roles_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

// The list of meetings, newest first, in French; and its welcome when
// there is none, in English.
func TestGoldenMeetingsList(t *testing.T) {
	tu := newTestUI(t, langFR, func(r *replica.Replica) {
		loadSample(r)
		ctx := context.Background()
		for _, m := range []replica.NewMeeting{
			{Template: meetings.TemplateWeeklyProduction, Date: "2011-05-10", Time: "09:30"},
			{Template: meetings.TemplateMonthlyReflection, Date: "2011-05-17", Time: "18:00"},
			{Template: meetings.TemplateCommittee, Body: committeeNamed(t, r, "Vente").ID, Date: "2011-05-12", Time: "13:00"},
			{Template: meetings.TemplateWeekend, Date: "2011-06-04", Time: "09:00", Title: "Fin de semaine au chalet"},
		} {
			if _, err := r.CreateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	})
	tu.showScreen(screenMeetings)
	tu.settle()
	test.AssertImageMatches(t, "meetings_list_fr.png", tu.win.Canvas().Capture())

	empty := newTestUI(t, langEN, loadSample)
	empty.showScreen(screenMeetings)
	empty.settle()
	test.AssertImageMatches(t, "meetings_empty_en.png", empty.win.Canvas().Capture())
}

package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/konbit/konbit/meetings"
)

// Golden images of the live meeting and of the projector window at
// 1024x768, in English and French: the sample organisation, a check-in
// round done, a running item over its speaking limit with two people
// queued, and some speaking time already recorded. The clock is fixed, so
// every time shown is too.
func TestGoldenLive(t *testing.T) {
	titles := map[string][3]string{
		langEN: {"Check-in round", "Website redesign", "Summer schedule"},
		langFR: {"Tour de table", "Refonte du site web", "Horaire d'été"},
	}
	meetingTitle := map[string]string{langEN: "Monthly reflection meeting", langFR: "Réunion de réflexion mensuelle"}
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			systemLocale(t, "en_US.UTF-8")
			tu := newTestUI(t, l, loadSample)
			clk := useFakeClock(tu, meetingStart)
			ctx := context.Background()
			tt := titles[l]
			m, items := liveMeeting(t, tu.r, meetingTitle[l], []meetings.Item{
				{Type: meetings.InfoItem, Kind: meetings.KindRoundPeople, Title: tt[0], Timebox: 10 * time.Minute},
				{Type: meetings.InfoItem, Title: tt[1], Timebox: 20 * time.Minute},
				{Type: meetings.ProposalItem, Title: tt[2], Timebox: 15 * time.Minute},
			}, "Omar", "Antoine", "Jenny", "Heidi", "Geneviève", "Steve")
			m.SpeakingLimit = 2 * time.Minute
			if err := tu.r.SaveMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			if err := tu.r.GoToItem(ctx, m.ID, items[0].ID, meetingStart); err != nil {
				t.Fatal(err)
			}
			speak := func(item int, name string, at, d time.Duration) {
				s := meetings.Segment{Meeting: m.ID, Item: items[item].ID, Speaker: memberNamed(t, tu.r, name).ID,
					Kind: meetings.Normal, Start: meetingStart.Add(at), Duration: d, Language: meetings.French}
				if _, err := tu.r.RecordSegment(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			speak(0, "Omar", 0, 3*time.Minute)
			speak(0, "Antoine", 3*time.Minute, 90*time.Second)
			speak(0, "Jenny", 270*time.Second, 50*time.Second)
			speak(0, "Heidi", 320*time.Second, 40*time.Second)
			if err := tu.r.GoToItem(ctx, m.ID, items[1].ID, meetingStart.Add(9*time.Minute)); err != nil {
				t.Fatal(err)
			}
			speak(1, "Omar", 9*time.Minute, 4*time.Minute)

			clk.add(14 * time.Minute)
			tu.openLive(m.ID)
			tu.settle()
			tu.raiseKeys("je", 0)
			clk.add(30 * time.Second)
			tu.raiseKeys("gen", 0)
			clk.add(30 * time.Second)
			tu.raiseKeys("ant", 0)
			tu.key(fyne.KeyF8) // Jenny speaks from 19:15
			clk.add(150 * time.Second)
			tu.raiseKeys("om", fyne.KeyModifierShift)
			tu.win.Canvas().Unfocus()
			tu.live.refreshTimes()
			tu.settle()
			test.AssertImageMatches(t, "live_"+l+".png", tu.win.Canvas().Capture())

			tu.key(fyne.KeyF5)
			p := tu.live.projector
			if p == nil {
				t.Fatal("F5 did not open the projector")
			}
			p.win.Resize(fyne.NewSize(projWidth, projHeight))
			tu.live.refreshTimes()
			test.AssertImageMatches(t, "projector_"+l+".png", p.win.Canvas().Capture())
			tu.key(fyne.KeyF5)
			if tu.live.projector != nil {
				t.Fatal("F5 did not close the projector")
			}
		})
	}
}

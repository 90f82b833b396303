package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/konbit/konbit/meetings"
)

// After an end of turn (F9) in a round, the next-speaker key gives the
// floor to the participant the round moved on to: nobody is skipped.
func TestLiveRoundEndTurnThenNext(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Stand-up", []meetings.Item{{Type: meetings.InfoItem, Kind: meetings.KindRoundPeople, Title: "Stand-up", Timebox: 9 * time.Minute}},
		"Omar", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	tu.live.startRound() // Heidi, Jenny, Omar
	clk.add(time.Minute)
	tu.key(fyne.KeyF9)
	if tu.live.floor.Queue.Current != nil {
		t.Fatal("F9 left someone on the floor")
	}
	tu.key(fyne.KeyF8)
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Jenny" {
		t.Fatalf("after F9 then F8 the floor is %+v, want Jenny", cur)
	}
	clk.add(time.Minute)
	tu.key(fyne.KeyF8)
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Omar" {
		t.Fatalf("next in the round: %+v, want Omar", cur)
	}
	if segs := tu.waitSegments(m.ID, 2); tu.live.name(segs[1].Speaker) != "Jenny" {
		t.Fatalf("second turn recorded for %s", tu.live.name(segs[1].Speaker))
	}
}

// A change of ordering made from a copy of the meeting older than the
// replica's does not undo what changed meanwhile (here the current item,
// moved on by another laptop).
func TestLiveSettingDoesNotRevertTheMeeting(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	ctx := context.Background()
	m, items := speaking(t, tu, []meetings.Item{
		{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute},
		{Type: meetings.InfoItem, Title: "Budget", Timebox: 20 * time.Minute},
	}, "Omar")
	if err := tu.r.GoToItem(ctx, m.ID, items[1].ID, meetingStart); err != nil { // not shown yet
		t.Fatal(err)
	}
	tu.live.toggleOrdering()
	tu.live.setLimit("3")
	tu.bg.Wait()
	got, _, _ := tu.r.Meeting(m.ID)
	if got.CurrentItem != items[1].ID || got.Ordering != meetings.Progressive {
		t.Fatalf("meeting after the change: current %v (want %v), ordering %s", got.CurrentItem, items[1].ID, got.Ordering)
	}
	it, err := tu.r.Item(items[0].ID)
	if err != nil || it.SpeakingLimit != 3*time.Minute || it.EndedAt.IsZero() {
		t.Fatalf("item after the limit: limit %v, ended %v (%v)", it.SpeakingLimit, it.EndedAt, err)
	}
}

// proposalAtConsentRound presents a proposal and takes it to its consent
// round.
func proposalAtConsentRound(t *testing.T, tu *testUI, present ...string) (meetings.Meeting, meetings.Item) {
	t.Helper()
	m, items := liveMeeting(t, tu.r, "Reflection", []meetings.Item{{Type: meetings.ProposalItem, Title: "Summer schedule", Timebox: 15 * time.Minute}},
		present...)
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("proposal item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	c := tu.live.consent
	c.presentProposal("We close the workshop the first two weeks of July.")
	tu.bg.Wait()
	for range 3 {
		c.advanceStage()
		tu.bg.Wait()
		tu.settle()
	}
	if p := tu.live.proposal; p == nil || p.Stage != meetings.ConsentRound {
		t.Fatalf("proposal: %+v", p)
	}
	return m, items[0]
}

// An answer recorded here from a copy older than the replica's keeps the
// answer recorded meanwhile on another laptop.
func TestLiveConsentKeepsConcurrentAnswers(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	_, item := proposalAtConsentRound(t, tu, "Omar", "Jenny", "Heidi")
	omar, heidi := memberNamed(t, tu.r, "Omar").ID, memberNamed(t, tu.r, "Heidi").ID

	// Another laptop: Omar objects.
	p, _, _ := tu.r.Proposal(item.ID)
	if err := p.Respond(omar, meetings.ObjectionResponse, "Too early"); err != nil {
		t.Fatal(err)
	}
	if err := tu.r.SaveProposal(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	// Here, before the screen has seen it: Heidi objects.
	if !tu.live.consent.respondAs(heidi, meetings.ObjectionResponse, "July is busy") {
		t.Fatal("Heidi's objection refused")
	}
	tu.bg.Wait()
	got, _, _ := tu.r.Proposal(item.ID)
	if _, ok := got.Responses[omar]; !ok {
		t.Error("Omar's objection, recorded on the other laptop, was lost")
	}
	if _, ok := got.Responses[heidi]; !ok {
		t.Error("Heidi's objection was not recorded")
	}
}

// A step the screen allowed but the proposal as it is now refuses (it was
// withdrawn on another laptop) shows why, and the screen shows the
// proposal as it is.
func TestLiveConsentStepRefusedByTheReplica(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	_, item := proposalAtConsentRound(t, tu, "Omar", "Jenny")
	p, _, _ := tu.r.Proposal(item.ID)
	if err := p.Withdraw(); err != nil {
		t.Fatal(err)
	}
	if err := tu.r.SaveProposal(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	jenny := memberNamed(t, tu.r, "Jenny").ID
	if !tu.live.consent.respondAs(jenny, meetings.ObjectionResponse, "No") {
		t.Fatal("the screen, not knowing yet, refused")
	}
	tu.bg.Wait()
	tu.settle()
	if text := tu.dialogText(); !containsAll(text, "not allowed") {
		t.Errorf("the refusal says %q", text)
	}
	if lp := tu.live.proposal; lp == nil || lp.Stage != meetings.Withdrawn {
		t.Fatalf("the screen shows %+v, want the withdrawn proposal", lp)
	}
	if got, _, _ := tu.r.Proposal(item.ID); len(got.Responses) != 0 {
		t.Fatal("an answer was recorded on a withdrawn proposal")
	}
}

// Progressive ordering counts the turn that just ended at once, before
// its segment is written.
func TestLiveProgressiveCountsTheTurnJustEnded(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	speaking(t, tu, oneItem, "Omar", "Jenny")
	omar := memberNamed(t, tu.r, "Omar").ID
	clk.add(30 * time.Second)
	tu.live.endTurnNow() // no settle: the write may not have landed
	if n := tu.live.stats().SpokeOnItem[omar]; n != 1 {
		t.Fatalf("Omar spoke %d times on the item, want 1 at once", n)
	}
	tu.settle()
	tu.bg.Wait()
	tu.settle()
	if n := tu.live.stats().SpokeOnItem[omar]; n != 1 || len(tu.live.pending) != 0 {
		t.Fatalf("after the write: %d turns, %d pending", n, len(tu.live.pending))
	}
}

package app

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// useFakeClock makes the UI's clock one the test moves, starting at at.
func useFakeClock(tu *testUI, at time.Time) *fakeClock {
	c := &fakeClock{t: at}
	tu.clock = c.now
	return c
}

// meetingStart is when the test meetings start (local time, so that the
// times shown do not depend on the machine's time zone).
var meetingStart = time.Date(2011, 5, 17, 19, 0, 0, 0, time.Local)

// liveMeeting creates a blank meeting with the given items and marks the
// named members present.
func liveMeeting(t *testing.T, r *replica.Replica, title string, items []meetings.Item, present ...string) (meetings.Meeting, []meetings.Item) {
	t.Helper()
	ctx := context.Background()
	m, err := r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateBlank, Date: "2011-05-17", Time: "19:00",
		Title: title, Language: meetings.French})
	if err != nil {
		t.Fatal(err)
	}
	var out []meetings.Item
	for _, it := range items {
		it.Meeting = m.ID
		added, err := r.AddItem(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, added)
	}
	var ids []uuid.UUID
	for _, n := range present {
		ids = append(ids, memberNamed(t, r, n).ID)
	}
	if len(ids) > 0 {
		if err := r.Attend(ctx, m.ID, meetings.Present, time.Time{}, ids...); err != nil {
			t.Fatal(err)
		}
	}
	return m, out
}

// raiseKeys types a name prefix in the raise-hand field and presses Enter
// with the given modifier (0, Ctrl or Shift), as the keyboard would.
func (tu *testUI) raiseKeys(prefix string, mod fyne.KeyModifier) {
	tu.t.Helper()
	e := tu.live.queue.raise
	tu.win.Canvas().Focus(e)
	test.Type(e, prefix)
	switch mod {
	case 0:
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	case fyne.KeyModifierShift:
		e.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		e.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	default:
		// The driver turns a modified Enter into a shortcut for the
		// focused widget.
		e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: mod})
	}
	tu.settle()
}

// key presses a plain key while the raise-hand field has the focus.
func (tu *testUI) key(name fyne.KeyName) {
	tu.live.queue.raise.TypedKey(&fyne.KeyEvent{Name: name})
	tu.settle()
}

// combo presses a key combination while the raise-hand field has the
// focus.
func (tu *testUI) combo(name fyne.KeyName, mod fyne.KeyModifier) {
	tu.live.queue.raise.TypedShortcut(&desktop.CustomShortcut{KeyName: name, Modifier: mod})
	tu.settle()
}

// queueNames lists the queue in order of service.
func (tu *testUI) queueNames() []string {
	var out []string
	for _, p := range tu.live.queue.order {
		out = append(out, tu.live.name(p.Entry.Member))
	}
	return out
}

// waitSegments waits until the meeting has n segments, and returns them
// in order of start.
func (tu *testUI) waitSegments(meeting uuid.UUID, n int) []meetings.Segment {
	tu.t.Helper()
	var segs []meetings.Segment
	tu.eventually("segments recorded", func() bool {
		var err error
		segs, err = tu.r.Segments(context.Background(), meeting)
		return err == nil && len(segs) >= n
	})
	if len(segs) != n {
		tu.t.Fatalf("%d segments, want %d", len(segs), n)
	}
	return segs
}

func TestLiveQueueByKeyboard(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Production", []meetings.Item{{Type: meetings.InfoItem, Title: "Website", Timebox: 20 * time.Minute}},
		"Omar", "Antoine", "Samuel", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	if tu.current != screenMeetings || tu.meetingsTab.Objects[0] != tu.live.root {
		t.Fatal("the live screen is not shown in the Meetings tab")
	}

	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl) // first item
	tu.eventually("first item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	got, _, _ := tu.r.Meeting(m.ID)
	if got.Status != meetings.Live {
		t.Fatalf("meeting is %s after going to its first item", got.Status)
	}

	tu.raiseKeys("om", 0)
	clk.add(10 * time.Second)
	tu.raiseKeys("jen", 0)
	clk.add(10 * time.Second)
	tu.raiseKeys("sam", fyne.KeyModifierControl) // point of order
	if want := []string{"Samuel", "Omar", "Jenny"}; !slices.Equal(tu.queueNames(), want) {
		t.Fatalf("queue %v, want %v", tu.queueNames(), want)
	}
	if k := tu.live.queue.order[0].Entry.Kind; k != meetings.PointOfOrder {
		t.Fatalf("Samuel raised %s, want a point of order", k)
	}

	// A direct response goes right after points of order; lowered again.
	tu.raiseKeys("hei", fyne.KeyModifierShift)
	if want := []string{"Samuel", "Heidi", "Omar", "Jenny"}; !slices.Equal(tu.queueNames(), want) {
		t.Fatalf("queue %v, want %v", tu.queueNames(), want)
	}
	tu.combo(fyne.KeyDown, fyne.KeyModifierAlt) // rows 0, 1, 2 then back to 1 (Heidi)
	tu.combo(fyne.KeyDown, fyne.KeyModifierAlt)
	tu.combo(fyne.KeyDown, fyne.KeyModifierAlt)
	tu.combo(fyne.KeyUp, fyne.KeyModifierAlt)
	tu.combo(fyne.KeyL, fyne.KeyModifierControl)
	if want := []string{"Samuel", "Omar", "Jenny"}; !slices.Equal(tu.queueNames(), want) {
		t.Fatalf("after lowering Heidi's hand: queue %v, want %v", tu.queueNames(), want)
	}

	// Unknown prefixes raise nobody.
	tu.raiseKeys("zz", 0)
	if len(tu.queueNames()) != 3 {
		t.Fatal("a name matching nobody raised a hand")
	}
	tu.live.queue.raise.SetText("")

	start := clk.now()
	tu.key(fyne.KeyF8) // Samuel has the floor
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Samuel" {
		t.Fatalf("floor: %+v, want Samuel", cur)
	}
	clk.add(30 * time.Second)
	tu.combo(fyne.KeyRight, fyne.KeyModifierControl) // Omar
	clk.add(20 * time.Second)
	// Pause with nothing focused: the key reaches the canvas.
	tu.win.Canvas().Unfocus()
	tu.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF7})
	tu.settle()
	if tu.live.floor.Timer.Running {
		t.Fatal("F7 did not pause the timer")
	}
	clk.add(15 * time.Second) // an interpreter translates: not Omar's time
	tu.combo(fyne.KeySpace, fyne.KeyModifierControl)
	clk.add(40 * time.Second)
	tu.key(fyne.KeyF8) // Jenny
	clk.add(45 * time.Second)
	tu.combo(fyne.KeyE, fyne.KeyModifierControl) // end of turn, nobody next
	if tu.live.floor.Queue.Current != nil {
		t.Fatal("the floor is still taken after the end of turn")
	}

	segs := tu.waitSegments(m.ID, 3)
	want := []struct {
		name  string
		kind  meetings.TurnKind
		start time.Time
		d     time.Duration
	}{
		{"Samuel", meetings.PointOfOrder, start, 30 * time.Second},
		{"Omar", meetings.Normal, start.Add(30 * time.Second), 60 * time.Second},
		{"Jenny", meetings.Normal, start.Add(105 * time.Second), 45 * time.Second},
	}
	for i, w := range want {
		s := segs[i]
		if tu.live.name(s.Speaker) != w.name || s.Kind != w.kind || !s.Start.Equal(w.start) || s.Duration != w.d ||
			s.Item != items[0].ID || s.Language != meetings.French {
			t.Errorf("segment %d: %s %s at %v for %v on %v in %q, want %s %s at %v for %v",
				i, tu.live.name(s.Speaker), s.Kind, s.Start, s.Duration, s.Item, s.Language, w.name, w.kind, w.start, w.d)
		}
	}
	// The equity panel follows the segments.
	tu.eventually("equity refreshed", func() bool { return len(tu.live.segments) == 3 })
	if got := tu.live.equity.notSpokenText; got != "Antoine, Heidi" {
		t.Errorf("not spoken yet: %q", got)
	}

	// Progressive ordering: someone who spoke on the item goes after
	// someone who has not.
	tu.combo(fyne.KeyM, fyne.KeyModifierControl)
	tu.eventually("ordering saved", func() bool {
		m2, _, _ := tu.r.Meeting(m.ID)
		return m2.Ordering == meetings.Progressive
	})
	tu.raiseKeys("om", 0)
	clk.add(time.Second)
	tu.raiseKeys("ant", 0)
	if want := []string{"Antoine", "Omar"}; !slices.Equal(tu.queueNames(), want) {
		t.Fatalf("progressive queue %v, want %v", tu.queueNames(), want)
	}
	// The keeper moves Omar up: the move is marked.
	tu.combo(fyne.KeyDown, fyne.KeyModifierAlt) // row 0
	tu.combo(fyne.KeyDown, fyne.KeyModifierAlt) // row 1: Omar
	tu.combo(fyne.KeyUp, fyne.KeyModifierControl)
	if want := []string{"Omar", "Antoine"}; !slices.Equal(tu.queueNames(), want) {
		t.Fatalf("after the move: queue %v, want %v", tu.queueNames(), want)
	}
	if !tu.live.queue.order[0].Entry.Moved || tu.live.queue.order[0].Why.Code != meetings.WhyManual {
		t.Fatal("the keeper's move is not marked")
	}

	// Help lists the keys; Escape closes it.
	tu.key(fyne.KeyF1)
	if text := tu.dialogText(); !containsAll(text, "Ctrl+PageDown", "F8, Ctrl+→", "Ctrl+1 … Ctrl+6") {
		t.Fatalf("help lacks keys:\n%s", text)
	}
	tu.key(fyne.KeyEscape)
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the help")
	}

	tu.closeLive()
	tu.settle()
	if tu.live != nil || tu.meetingsTab.Objects[0] != tu.meetings.content() {
		t.Fatal("closeLive did not bring the Meetings screen back")
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestLiveProposalWithAmendment(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	useFakeClock(tu, meetingStart)
	ctx := context.Background()
	m, items := liveMeeting(t, tu.r, "Reflection", []meetings.Item{{Type: meetings.ProposalItem, Title: "Summer schedule", Timebox: 15 * time.Minute}},
		"Omar", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("proposal item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	c := tu.live.consent
	if tu.live.right.Selected().Content != c.content() {
		t.Fatal("the proposal tab is not shown for a proposal item")
	}

	c.presentText.SetText("We close the workshop the first two weeks of July.")
	test.Tap(tu.button(c.root, "Present the proposal"))
	tu.settle()
	proposal := func() meetings.Proposal {
		p, ok, _ := tu.r.Proposal(items[0].ID)
		if !ok {
			t.Fatal("no proposal saved")
		}
		return p
	}
	tu.eventually("proposal presented", func() bool { _, ok, _ := tu.r.Proposal(items[0].ID); return ok })
	for _, want := range []meetings.Stage{meetings.Clarifying, meetings.Reactions, meetings.ConsentRound} {
		test.Tap(c.advance)
		tu.eventually("stage "+string(want), func() bool { return proposal().Stage == want })
	}

	// Silence gives consent: only an objection is entered.
	jenny := slices.Index(c.whoIDs, memberNamed(t, tu.r, "Jenny").ID)
	c.who.SetSelectedIndex(jenny)
	if len(c.kinds) != 1 || c.kinds[0] != meetings.ObjectionResponse {
		t.Fatalf("with silence consent the answers offered are %v", c.kinds)
	}
	c.why.SetText("July is our busiest month for sales.")
	test.Tap(c.respond)
	tu.eventually("objection saved", func() bool { p := proposal(); return len(p.Open()) == 1 })

	// Adopting with the objection open is refused and changes nothing.
	if !c.adopt.Disabled() {
		t.Error("Adopt is enabled with an objection open")
	}
	before := proposal()
	if c.adoptWith(replica.Adoption{Title: "Summer schedule"}) {
		t.Fatal("adoption with an open objection was accepted")
	}
	if text := tu.dialogText(); !containsAll(text, "not allowed", "objection") {
		t.Errorf("refusal says %q", text)
	}
	tu.live.hideOverlay()
	tu.settle()
	tu.bg.Wait()
	if ds, _ := tu.r.Decisions(ctx, m.ID); len(ds) != 0 {
		t.Fatal("a refused adoption wrote a decision")
	}
	if after := proposal(); after.Stage != before.Stage || len(after.Objections) != 1 || after.Outcome != "" {
		t.Fatalf("a refused adoption changed the proposal: %+v", after)
	}

	// The objection is worked into an amendment.
	test.Tap(c.advance)
	tu.eventually("amending", func() bool { return proposal().Stage == meetings.Amending })
	if len(c.checks) != 1 || !c.checks[0].Checked {
		t.Fatalf("the open objection is not offered for resolution: %v", c.checks)
	}
	c.amendText.SetText("We close the workshop the last two weeks of August.")
	if len(c.preview.Segments) < 2 {
		t.Error("no difference shown for the amendment")
	}
	test.Tap(c.amendBtn)
	tu.eventually("second consent round", func() bool {
		p := proposal()
		return p.Stage == meetings.ConsentRound && p.Round == 2
	})
	if c.adopt.Disabled() {
		t.Fatal("Adopt is disabled with no objection open")
	}
	test.Tap(c.adopt)
	form := tu.topOverlay()
	entries := find[*widget.Entry](form, nil)
	if len(entries) < 2 {
		t.Fatalf("the adoption form has %d fields", len(entries))
	}
	entries[1].SetText("schedule, holidays")
	test.Tap(tu.button(form, "Adopt"))
	var ds []meetings.Decision
	tu.eventually("decision recorded", func() bool {
		ds, _ = tu.r.Decisions(ctx, m.ID)
		return len(ds) == 1
	})
	d := ds[0]
	if len(d.Versions) != 2 || d.Text != "We close the workshop the last two weeks of August." || d.Title != "Summer schedule" {
		t.Errorf("decision: %q %q with %d versions", d.Title, d.Text, len(d.Versions))
	}
	if len(d.Objections) != 1 || !d.Objections[0].Resolved || d.Objections[0].Member != memberNamed(t, tu.r, "Jenny").ID {
		t.Errorf("decision objections: %+v", d.Objections)
	}
	if !slices.Equal(d.Tags, []string{"holidays", "schedule"}) {
		t.Errorf("decision tags: %v", d.Tags)
	}
	// The decision is read from SQL, the proposal from the live view,
	// which the same change updates just after.
	tu.bg.Wait()
	if p := proposal(); p.Stage != meetings.Adopted {
		t.Errorf("proposal is %s after adoption", p.Stage)
	}
	tu.eventually("outcome shown", func() bool { return tu.live.proposal != nil && tu.live.proposal.Stage == meetings.Adopted })
	if !c.withdraw.Disabled() {
		t.Error("Withdraw is enabled on an adopted proposal")
	}
}

// reopen closes the UI (with its live meeting, if one is open) and opens a
// new one on the same replica, as a restart of the app would.
func reopen(t *testing.T, tu *testUI) *testUI {
	t.Helper()
	tu.settle()
	tu.close()
	tu.bg.Wait()
	q := &postQueue{}
	tu2 := &testUI{t: t, q: q}
	tu2.UI = newUI(test.NewTempApp(t), tu.r, q.post)
	tu2.clock = tu.clock
	tu2.quit = func() {}
	t.Cleanup(func() {
		tu2.close()
		tu2.bg.Wait()
	})
	tu2.win.Resize(fyne.NewSize(defaultWinWidth, defaultWinHeight))
	return tu2
}

func TestFloorSurvivesRestart(t *testing.T) {
	tu := newTestUI(t, langFR, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Production", []meetings.Item{{Type: meetings.InfoItem, Title: "Site web", Timebox: 20 * time.Minute}},
		"Omar", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	tu.raiseKeys("hei", 0)
	clk.add(5 * time.Second)
	tu.raiseKeys("om", 0)
	clk.add(5 * time.Second)
	tu.raiseKeys("jen", fyne.KeyModifierControl)
	tu.key(fyne.KeyF8) // Jenny speaks (point of order)
	clk.add(20 * time.Second)
	tu.key(fyne.KeyF7) // paused at 20 s

	tu2 := reopen(t, tu)
	clk.add(time.Minute)
	tu2.openLive(m.ID)
	tu2.settle()
	if want := []string{"Heidi", "Omar"}; !slices.Equal(tu2.queueNames(), want) {
		t.Fatalf("restored queue %v, want %v", tu2.queueNames(), want)
	}
	cur := tu2.live.floor.Queue.Current
	if cur == nil || tu2.live.name(cur.Member) != "Jenny" || cur.Kind != meetings.PointOfOrder {
		t.Fatalf("restored floor: %+v, want Jenny's point of order", cur)
	}
	if e := tu2.live.floor.Timer.Elapsed(clk.now()); e != 20*time.Second || tu2.live.floor.Timer.Running {
		t.Fatalf("restored timer: %v running=%v, want 20s paused", e, tu2.live.floor.Timer.Running)
	}
	tu2.key(fyne.KeyF7)
	clk.add(10 * time.Second)
	tu2.key(fyne.KeyF8)
	segs := tu2.waitSegments(m.ID, 1)
	if segs[0].Duration != 30*time.Second || tu2.live.name(segs[0].Speaker) != "Jenny" {
		t.Fatalf("segment after restart: %s for %v", tu2.live.name(segs[0].Speaker), segs[0].Duration)
	}
}

func TestLiveRoundOfPeople(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	clk := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Stand-up", []meetings.Item{{Type: meetings.InfoItem, Kind: meetings.KindRoundPeople, Title: "Stand-up", Timebox: 9 * time.Minute}},
		"Omar", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	if tu.live.right.Selected().Content != tu.live.round.content() {
		t.Fatal("the round tab is not shown for a round item")
	}
	test.Tap(tu.live.round.start)
	r := tu.live.floor.Round
	if r == nil || r.Timebox != 3*time.Minute {
		t.Fatalf("round: %+v, want a 3 min timebox each", r)
	}
	// Heidi, Jenny, Omar by name. Heidi speaks, Jenny passes, Omar speaks,
	// Jenny comes back.
	clk.add(time.Minute)
	tu.key(fyne.KeyF8)
	tu.key(fyne.KeyF6)
	clk.add(2 * time.Minute)
	tu.key(fyne.KeyF8)
	if cur := tu.live.floor.Queue.Current; cur == nil || tu.live.name(cur.Member) != "Jenny" {
		t.Fatalf("the one who passed does not come back: %+v", cur)
	}
	clk.add(30 * time.Second)
	tu.key(fyne.KeyF8)
	if !tu.live.floor.Round.Finished() {
		t.Fatal("round not finished")
	}
	segs := tu.waitSegments(m.ID, 3)
	var got []string
	for _, s := range segs {
		got = append(got, tu.live.name(s.Speaker)+" "+s.Duration.String())
	}
	if want := []string{"Heidi 1m0s", "Omar 2m0s", "Jenny 30s"}; !slices.Equal(got, want) {
		t.Fatalf("round segments %v, want %v", got, want)
	}
}

package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// groupCode is the reveal code HR hands the group of person in session.
func groupCode(t *testing.T, r *replica.Replica, c evaluation.Campaign, session string, person uuid.UUID) replica.GroupCode {
	t.Helper()
	codes, err := r.RevealCodes(context.Background(), c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, gc := range codes {
		if gc.Session != session {
			continue
		}
		for _, m := range gc.Members {
			if m == person {
				return gc
			}
		}
	}
	t.Fatalf("no code for %s's group in %s", person, session)
	return replica.GroupCode{}
}

// revealGroup picks the work session and group g, types code and taps
// Reveal.
func revealGroup(tu *testUI, s *evalScreen, g int, code string) {
	tu.t.Helper()
	v := s.reveal
	v.session.SetSelectedIndex(0)
	tu.settle()
	v.group.SetSelectedIndex(g)
	v.code.SetText("")
	test.Type(v.code, code)
	test.Tap(v.open)
	tu.bg.Wait()
	tu.settle()
}

// TestEvalRevealWrongCode: a wrong code reveals nothing and says so.
func TestEvalRevealWrongCode(t *testing.T) {
	var f evalFixture
	tu := newTestUI(t, langEN, f.setup)
	s := openEvaluations(tu, evalTabReveal)
	gc := groupCode(t, tu.r, f.c, evaluation.SessionWork, f.c.Participants[0])
	wrong := "ABCD-EFGH-JKMN-PQRS"
	if gc.Code == wrong {
		wrong = "SRQP-NMKJ-HGFE-DCBA"
	}
	revealGroup(tu, s, gc.Group, wrong)
	if s.reveal.shown != nil {
		t.Fatal("a wrong code revealed the answers")
	}
	want := lang.L("eval.reveal.wrong_code", map[string]any{"Group": gc.Group + 1})
	if !s.reveal.msg.Visible() || s.reveal.msg.Text != want {
		t.Fatalf("message %q, want %q", s.reveal.msg.Text, want)
	}
}

// TestEvalRevealReflectReport goes through the participants' side: fill
// the grids (self and peers), reveal with the group's code, write the
// reflection and its action plan, then, once HR has released the reports,
// read one's own.
func TestEvalRevealReflectReport(t *testing.T) {
	var f evalFixture
	tu := newTestUI(t, langEN, f.freshSetup)
	ctx := context.Background()
	person := f.c.Participants[0]
	name := memberName(t, tu.r, person)

	// Fill: self and peers, by taps and typing.
	s := openEvaluations(tu, evalTabFill)
	if s.campaign.ID != f.c.ID {
		t.Fatalf("the screen shows campaign %q, not the new one", s.campaign.Name)
	}
	s.fill.shared.SetChecked(false)
	fm := pickPerson(tu, s, name)
	fillAll(t, fm, 4, "") // 5 everywhere
	test.Type(fm.people[0].rows[0].comment, "my-own-view")
	test.Type(fm.people[1].rows[0].comment, "peer-comment-one")
	test.Type(fm.people[2].rows[0].comment, "peer-comment-two")
	test.Tap(fm.submitBtn)
	tu.bg.Wait()
	tu.settle()
	tu.win.Canvas().Overlays().Remove(tu.topOverlay())
	// The group sees who has submitted, and nothing of the content.
	if st := fm.status.Text; !strings.HasPrefix(st, "Submitted: 1 of ") || strings.Contains(st, name+" (") ||
		strings.Contains(st, "peer-comment") {
		t.Fatalf("status after %s submitted: %q", name, st)
	}

	// Reveal.
	gc := groupCode(t, tu.r, f.c, evaluation.SessionWork, person)
	s.tabs.SelectIndex(evalTabReveal)
	revealGroup(tu, s, gc.Group, strings.ToLower(gc.Code))
	v := s.reveal
	if v.shown == nil {
		t.Fatalf("the group's code did not reveal: %q", v.msg.Text)
	}
	v.showPerson(indexOf(v.shown.members, person))
	results := texts(v.shown.tabs.Items[0].Content)
	for _, want := range []string{name, "my-own-view", "5"} {
		if !strings.Contains(results, want) {
			t.Fatalf("results of %s lack %q:\n%s", name, want, results)
		}
	}
	// Peers' comments are anonymous by default.
	for _, m := range v.shown.members {
		if m != person && strings.Contains(results, memberName(t, tu.r, m)+":") {
			t.Fatalf("a rater is named in %s's results:\n%s", name, results)
		}
	}
	// Ctrl+Page Down, even from a field of the reflection, shows the next
	// person.
	tu.eventually("the reflection to open", func() bool { return v.shown.refl.loaded })
	v.shown.refl.entries[0].TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyPageDown, Modifier: fyne.KeyModifierShortcutDefault})
	if v.shown.person == indexOf(v.shown.members, person) {
		t.Fatal("Ctrl+Page Down did not move to the next person")
	}
	v.showPerson(indexOf(v.shown.members, person))

	// Reflection, co-written, saved, reopened with the code. Ctrl+R goes
	// to it, the cursor in its first answer.
	s.shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault})
	refl := v.shown.refl
	if v.shown.tabs.SelectedIndex() != 1 || tu.win.Canvas().Focused() != fyne.Focusable(refl.entries[0]) {
		t.Fatal("Ctrl+R did not open the reflection with the cursor in it")
	}
	tu.eventually("the reflection to open", func() bool { return refl.loaded })
	test.Type(refl.entries[0], "Pair up on the estimates")
	test.Type(refl.entries[4], "Lunch together on Fridays")
	refl.entries[4].TypedShortcut(ctrlS()) // saves now
	tu.bg.Wait()
	tu.settle()
	got, ok, err := tu.r.ReadReflection(ctx, f.c.ID, evaluation.SessionWork, person, gc.Code)
	if err != nil || !ok || got.Answers[evaluation.QuestionImprove] != "Pair up on the estimates" ||
		got.Answers[evaluation.QuestionRelations] != "Lunch together on Fridays" {
		t.Fatalf("reflection read back: %+v, %v, %v", got, ok, err)
	}

	// Action plan.
	test.Type(refl.text, "Train on the new press")
	test.Type(refl.due, "2011-06-30")
	test.Tap(refl.add)
	tu.bg.Wait()
	tu.settle()
	acts, _ := tu.r.PersonActions(person)
	found := false
	for _, a := range acts {
		if a.Campaign == f.c.ID && a.Text == "Train on the new press" && a.Due == "2011-06-30" && a.Owner == person && !a.Done {
			found = true
		}
	}
	if !found {
		t.Fatalf("action plan: %+v", acts)
	}
	if !strings.Contains(texts(refl.actions), "Train on the new press") {
		t.Fatalf("the new action is not listed: %q", texts(refl.actions))
	}

	// Hiding the answers leaves nothing of them on screen.
	test.Tap(tu.button(v.content(), lang.L("eval.reveal.close")))
	tu.settle()
	if v.shown != nil || strings.Contains(texts(v.content()), "my-own-view") {
		t.Fatal("the revealed answers stayed on screen")
	}

	// My report: refused before the release, shown after with the code.
	s.tabs.SelectIndex(evalTabMine)
	m := s.mine
	m.person.SetSelectedIndex(indexOf(m.people, person))
	test.Type(m.code, "ABCD-EFGH-JKMN-PQRS")
	test.Tap(m.openBtn)
	tu.bg.Wait()
	tu.settle()
	if !m.msg.Visible() || m.msg.Text != lang.L("eval.mine.not_released") {
		t.Fatalf("before the release: %q", m.msg.Text)
	}
	codes, err := tu.r.ReleaseCampaign(ctx, f.c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	tu.settle()
	code := ""
	for _, rc := range codes {
		if rc.Person == person {
			code = rc.Code
		}
	}
	// A wrong code opens nothing.
	m.person.SetSelectedIndex(indexOf(m.people, person))
	m.code.SetText("")
	test.Type(m.code, "ABCD-EFGH-JKMN-PQRS")
	test.Tap(m.openBtn)
	tu.bg.Wait()
	tu.settle()
	if m.body.Objects[0] != m.form || m.msg.Text != lang.L("eval.mine.wrong_code") {
		t.Fatalf("a wrong code: %q", m.msg.Text)
	}
	m.code.SetText("")
	test.Type(m.code, code)
	test.Tap(m.openBtn)
	tu.bg.Wait()
	tu.settle()
	if m.body.Objects[0] == m.form {
		t.Fatalf("the report did not open: %q", m.msg.Text)
	}
	report := texts(m.body)
	for _, want := range []string{name, "my-own-view", "Pair up on the estimates", "Train on the new press"} {
		if !strings.Contains(report, want) {
			t.Fatalf("report lacks %q:\n%s", want, report)
		}
	}
	if len(find[*canvas.Image](m.body, nil)) == 0 {
		t.Fatal("no chart in the report")
	}
}

// TestGoldenEvalReveal is a revealed group's first member, in both
// languages.
func TestGoldenEvalReveal(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			var f evalFixture
			tu := newTestUI(t, l, f.setup)
			s := openEvaluations(tu, evalTabReveal)
			gc := groupCode(t, tu.r, f.c, evaluation.SessionWork, f.c.Participants[0])
			revealGroup(tu, s, gc.Group, gc.Code)
			if s.reveal.shown == nil {
				t.Fatalf("not revealed: %q", s.reveal.msg.Text)
			}
			tu.eventually("the reflection to open", func() bool { return s.reveal.shown.refl.loaded })
			test.AssertImageMatches(t, "evalreveal_"+l+".png", evalShot(tu))
		})
	}
}

func indexOf(ids []uuid.UUID, id uuid.UUID) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// ctrlS is the Ctrl+S shortcut.
func ctrlS() *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
}

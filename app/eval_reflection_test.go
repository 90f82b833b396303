package app

import (
	"context"
	"maps"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// openReflection reveals the work-session group of person with its code
// and opens the reflection about them, loaded.
func openReflection(tu *testUI, s *evalScreen, c evaluation.Campaign, person [16]byte) (*evalReflection, replica.GroupCode) {
	tu.t.Helper()
	gc := groupCode(tu.t, tu.r, c, evaluation.SessionWork, person)
	s.tabs.SelectIndex(evalTabReveal)
	tu.settle()
	revealGroup(tu, s, gc.Group, gc.Code)
	v := s.reveal
	if v.shown == nil {
		tu.t.Fatalf("not revealed: %q", v.msg.Text)
	}
	v.showPerson(indexOf(v.shown.members, person))
	v.shown.tabs.SelectIndex(1)
	refl := v.shown.refl
	tu.eventually("the reflection to open", func() bool { return refl.loaded })
	tu.settle()
	return refl, gc
}

// reflectionTexts are the five answers of the golden images.
var reflectionTexts = map[string][5]string{
	langEN: {
		"Prepare the estimates with a colleague before quoting.",
		"Pay for the training course on the new press.",
		"Ask them to present the layout work at the general meeting.",
		"Run a short workshop on typesetting for the newcomers.",
		"Hold the Friday check-in also when the workshop is busy.",
	},
	langFR: {
		"Préparer les devis avec un·e collègue avant de les chiffrer.",
		"Financer la formation sur la nouvelle presse.",
		"Lui demander de présenter la mise en page à l’assemblée générale.",
		"Animer un court atelier de composition pour les nouveaux.",
		"Garder le point du vendredi même quand l’atelier déborde.",
	},
}

// TestGoldenEvalReflection is the reflection about a person with its
// five answers and an action plan of two actions, one done, in both
// languages.
func TestGoldenEvalReflection(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			var f evalFixture
			tu := newTestUI(t, l, f.freshSetup)
			tu.clock = func() time.Time { return time.Date(2012, 3, 20, 10, 30, 0, 0, time.Local) }
			s := openEvaluations(tu, evalTabReveal)
			person := f.c.Participants[0]
			refl, _ := openReflection(tu, s, f.c, person)
			for i, text := range reflectionTexts[l] {
				refl.entries[i].SetText(text) // as typed, without a cursor in every field
			}
			refl.saveNow()
			tu.bg.Wait()
			tu.settle()
			actions := [][2]string{{"Training on the new press", "2012-06-30"}, {"Co-write the next three estimates", "2012-05-15"}}
			if l == langFR {
				actions = [][2]string{{"Formation sur la nouvelle presse", "2012-06-30"}, {"Co-écrire les trois prochains devis", "2012-05-15"}}
			}
			for i, a := range actions {
				refl.text.SetText(a[0])
				refl.due.SetText(a[1])
				if i == 1 && len(refl.owners) > 1 {
					refl.owner.SetSelectedIndex(1) // a committee
				}
				test.Tap(refl.add)
				tu.bg.Wait()
				tu.settle()
			}
			checks := find[*widget.Check](refl.actions, func(c *widget.Check) bool { return c.Text == actions[1][0] })
			if len(checks) != 1 {
				t.Fatalf("action %q listed %d times", actions[1][0], len(checks))
			}
			test.Tap(checks[0])
			tu.bg.Wait()
			tu.settle()
			tu.win.Canvas().Unfocus()
			tu.settle()
			// The questions, then the action plan: the pane scrolls at
			// 1024x768.
			test.AssertImageMatches(t, "evalreflect_"+l+".png", evalShot(tu))
			scroll := find[*container.Scroll](refl.root, nil)
			if len(scroll) == 0 {
				t.Fatal("the reflection does not scroll")
			}
			scroll[0].ScrollToBottom()
			tu.settle()
			// The test driver's painter clips a field's own scroller to
			// the field alone, not to the pane scrolled (Fyne 2.8.1; the
			// window's painter does both): fields scrolled out of view
			// would be painted over the header. Hide those.
			drv := fyne.CurrentApp().Driver()
			top := drv.AbsolutePositionForObject(scroll[0]).Y
			for _, e := range refl.entries {
				if drv.AbsolutePositionForObject(e).Y+e.Size().Height <= top {
					e.Hide()
				}
			}
			test.AssertImageMatches(t, "evalreflect_plan_"+l+".png", evalShot(tu))
		})
	}
}

// testClock is a clock a test moves by hand; the UI reads it from
// goroutines.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestEvalReflectionFromOtherLaptop: two laptops co-write the same
// reflection. A save made on the other laptop and merged here shows at
// once in the answers nobody here is typing in; an answer being typed
// keeps its words, a banner says a newer version exists, and "Load it"
// brings it in (even after this laptop's own save replaced it).
func TestEvalReflectionFromOtherLaptop(t *testing.T) {
	ctx := context.Background()
	var f evalFixture
	tu := newTestUI(t, langEN, f.freshSetup)
	clock := &testClock{t: time.Date(2012, 3, 20, 10, 30, 0, 0, time.Local)}
	tu.clock = clock.now

	// The other laptop holds the same campaign, from a bundle.
	other := openReplica(t)
	admit(t, other, tu.r)
	if _, err := other.ImportFile(ctx, exportFrom(t, tu.r), nil); err != nil {
		t.Fatal(err)
	}
	admit(t, tu.r, other)
	person := f.c.Participants[0]
	s := openEvaluations(tu, evalTabReveal)
	refl, gc := openReflection(tu, s, f.c, person)
	// Typing is saved on Ctrl+S only, so that the order of the saves is
	// the test's.
	refl.saver.delay = time.Hour

	otherSaves := func(answers map[string]string, what string, shown func() bool) {
		t.Helper()
		ref := evaluation.Reflection{Campaign: f.c.ID, Session: evaluation.SessionWork, Person: person, Answers: answers}
		if err := other.SaveReflection(ctx, ref); err != nil {
			t.Fatal(err)
		}
		if _, err := tu.r.ImportFile(ctx, exportFrom(t, other), nil); err != nil {
			t.Fatal(err)
		}
		tu.eventually(what, shown)
		tu.settle()
	}
	saved := func(want map[string]string) {
		t.Helper()
		refl.saveNow()
		tu.eventually("the save", func() bool {
			got, _, err := tu.r.ReadReflection(ctx, f.c.ID, evaluation.SessionWork, person, gc.Code)
			return err == nil && maps.Equal(got.Answers, want)
		})
		tu.settle()
	}

	// Nobody types here: the other laptop's text shows.
	otherSaves(map[string]string{evaluation.QuestionImprove: "from-the-other-laptop"}, "the other laptop's text",
		func() bool { return refl.entries[0].Text == "from-the-other-laptop" })
	if refl.newerBox.Visible() {
		t.Fatal("a banner while nobody types")
	}

	// Someone here types in the first answer (saved) and the second (not
	// yet): the other laptop's new first answer and third answer arrive.
	test.Type(refl.entries[0], "typed-here-and ")
	saved(map[string]string{evaluation.QuestionImprove: "typed-here-and from-the-other-laptop"})
	test.Type(refl.entries[1], "typing-here")
	otherSaves(map[string]string{
		evaluation.QuestionImprove:  "newer-from-the-other-laptop",
		evaluation.QuestionShowcase: "third-from-the-other-laptop",
	}, "the answer nobody types in to be updated", func() bool { return refl.entries[2].Text == "third-from-the-other-laptop" })
	if got := refl.entries[0].Text; got != "typed-here-and from-the-other-laptop" {
		t.Fatalf("the text being typed was replaced: %q", got)
	}
	if got := refl.entries[1].Text; got != "typing-here" {
		t.Fatalf("the text being typed was replaced: %q", got)
	}
	if !refl.newerBox.Visible() {
		t.Fatal("no banner about the newer version")
	}

	// This laptop's save keeps the typing and takes in the third answer;
	// the banner stays until the group chooses.
	saved(map[string]string{
		evaluation.QuestionImprove:  "typed-here-and from-the-other-laptop",
		evaluation.QuestionOrgHelp:  "typing-here",
		evaluation.QuestionShowcase: "third-from-the-other-laptop",
	})
	if !refl.newerBox.Visible() {
		t.Fatal("the banner went away before the group chose")
	}
	test.Tap(tu.button(refl.newerBox, "Load it"))
	tu.eventually("the newer version to be saved", func() bool {
		got, _, _ := tu.r.ReadReflection(ctx, f.c.ID, evaluation.SessionWork, person, gc.Code)
		return got.Answers[evaluation.QuestionImprove] == "newer-from-the-other-laptop" &&
			got.Answers[evaluation.QuestionOrgHelp] == "typing-here"
	})
	tu.settle()
	if got := refl.entries[0].Text; got != "newer-from-the-other-laptop" || refl.newerBox.Visible() {
		t.Fatalf("\"Load it\" shows %q (banner %v)", got, refl.newerBox.Visible())
	}

	// A while after the last key, the group has stopped typing: the next
	// save from the other laptop shows at once. It was written without
	// the third answer, which that laptop never saw (the saves crossed):
	// the answer stays, and is saved again with the rest.
	clock.add(time.Minute)
	otherSaves(map[string]string{evaluation.QuestionImprove: "latest", evaluation.QuestionOrgHelp: "typing-here"},
		"the latest version", func() bool { return refl.entries[0].Text == "latest" })
	if refl.newerBox.Visible() || refl.entries[2].Text != "third-from-the-other-laptop" {
		t.Fatalf("after the pause: banner %v, third answer %q", refl.newerBox.Visible(), refl.entries[2].Text)
	}
	saved(map[string]string{
		evaluation.QuestionImprove:  "latest",
		evaluation.QuestionOrgHelp:  "typing-here",
		evaluation.QuestionShowcase: "third-from-the-other-laptop",
	})

	// Typing again when another version comes: "Keep mine" saves what
	// was typed over it.
	test.Type(refl.entries[4], "ours")
	otherSaves(map[string]string{evaluation.QuestionImprove: "latest", evaluation.QuestionRelations: "theirs"},
		"the banner", func() bool { return refl.newerBox.Visible() })
	test.Tap(tu.button(refl.newerBox, "Keep mine"))
	tu.eventually("our version to be saved", func() bool {
		got, _, _ := tu.r.ReadReflection(ctx, f.c.ID, evaluation.SessionWork, person, gc.Code)
		return got.Answers[evaluation.QuestionRelations] == "ours"
	})
	tu.settle()
	if refl.newerBox.Visible() || refl.entries[4].Text != "ours" {
		t.Fatalf("after \"Keep mine\": banner %v, answer %q", refl.newerBox.Visible(), refl.entries[4].Text)
	}
}

package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// evalFixture is the sample organisation with its finished 2011 campaign,
// its HR key locked with cheap costs (passphrase "demo").
type evalFixture struct {
	c evaluation.Campaign
}

func (f *evalFixture) setup(r *replica.Replica) {
	loadSample(r)
	c, _, err := r.LoadSampleCampaign(context.Background(), []byte("demo"), seal.Params{Time: 1, Memory: 64, Threads: 1})
	if err != nil {
		panic(err)
	}
	f.c = c
}

// freshSetup is setup plus a second campaign (2012) with the same people
// and HR members, its groups formed, nothing answered nor released: listed
// first (newest start), it is the one the screen picks.
func (f *evalFixture) freshSetup(r *replica.Replica) {
	f.setup(r)
	ctx := context.Background()
	c := f.c
	c.ID, c.Name, c.Start, c.End = uuid.Nil, "Évaluation 2012", "2012-03-12", "2012-04-13"
	c.Visibility = evaluation.DefaultVisibility()
	c, err := r.CreateCampaign(ctx, c)
	if err != nil {
		panic(err)
	}
	if _, err := r.FormGroups(ctx, c.ID, 2012); err != nil {
		panic(err)
	}
	f.c = c
}

// evalOf is the Evaluations screen of the window.
func evalOf(tu *testUI) *evalScreen {
	tu.t.Helper()
	root, ok := tu.tabs.Items[screenEvaluations].Content.(*evalRoot)
	if !ok {
		tu.t.Fatal("the Evaluations tab does not hold the evaluations screen")
	}
	return root.s
}

// openEvaluations shows the Evaluations screen on tab.
func openEvaluations(tu *testUI, tab int) *evalScreen {
	tu.showScreen(screenEvaluations)
	tu.settle()
	s := evalOf(tu)
	s.tabs.SelectIndex(tab)
	tu.settle()
	return s
}

// pickPerson taps a name in the "who are you" list and waits for the
// draft to load.
func pickPerson(tu *testUI, s *evalScreen, name string) *evalForm {
	tu.t.Helper()
	test.Tap(tu.button(s.fill.body, name))
	tu.bg.Wait()
	tu.settle()
	if s.fill.form == nil || s.name(s.fill.form.evaluator) != name {
		tu.t.Fatalf("tapping %s did not open their grids", name)
	}
	return s.fill.form
}

// tapLevel taps the option at index i of a criterion's levels (0 is the
// lowest level; one past the highest is "can't say").
func tapLevel(t *testing.T, row *evalCritRow, i int) {
	t.Helper()
	if i == len(row.levels.Options) && row.cantSay != nil {
		test.Tap(row.cantSay)
		return
	}
	var items []fyne.Tappable
	for _, o := range test.LaidOutObjects(row.levels) {
		if tp, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(row.levels) {
			items = append(items, tp)
		}
	}
	if i >= len(items) {
		t.Fatalf("criterion %s has %d options, not %d", row.crit.Key, len(items), i+1)
	}
	test.Tap(items[i])
}

// fillAll answers every criterion of every grid of the form, level i on
// all, a comment on the first criterion of each person.
func fillAll(t *testing.T, fm *evalForm, i int, comment string) {
	t.Helper()
	for _, pg := range fm.people {
		for j, row := range pg.rows {
			tapLevel(t, row, i)
			if j == 0 && comment != "" {
				test.Type(row.comment, comment)
			}
		}
	}
}

// texts is every text shown in o: labels, entries, selected options.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, obj := range objects(o) {
		switch w := obj.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Entry:
			b.WriteString(w.Text + "\n")
		case *evalEntry:
			b.WriteString(w.Text + "\n")
		case *widget.Check:
			b.WriteString(w.Text + "\n")
		case *widget.RadioGroup:
			b.WriteString(w.Selected + "\n")
		}
	}
	return b.String()
}

// formEmpty reports whether nothing is answered in the form.
func formEmpty(fm *evalForm) bool {
	for _, pg := range fm.people {
		if pg.overall.Text != "" {
			return false
		}
		for _, row := range pg.rows {
			if row.levels.Selected != "" || row.cantSay.Checked || row.comment.Text != "" {
				return false
			}
		}
	}
	return true
}

// groupMates are two other members of person's group in session.
func groupMates(t *testing.T, r *replica.Replica, c evaluation.Campaign, session string, person uuid.UUID) []uuid.UUID {
	t.Helper()
	_, members, ok := r.GroupOf(c.ID, session, person)
	if !ok {
		t.Fatalf("%s is in no group", person)
	}
	return slices.DeleteFunc(slices.Clone(members), func(m uuid.UUID) bool { return m == person })
}

func memberName(t *testing.T, r *replica.Replica, id uuid.UUID) string {
	t.Helper()
	m, err := r.Member(id)
	if err != nil {
		t.Fatal(err)
	}
	return m.Name
}

// TestEvalFillSubmit fills the grids of self and peers by taps and typing,
// in personal mode: the answers are submitted (the group's status says so),
// and the draft stays to revise.
func TestEvalFillSubmit(t *testing.T) {
	var f evalFixture
	tu := newTestUI(t, langEN, f.setup)
	s := openEvaluations(tu, evalTabFill)
	s.fill.shared.SetChecked(false)
	person := f.c.Participants[0]
	name := memberName(t, tu.r, person)
	fm := pickPerson(tu, s, name)
	if len(fm.people) < 3 || fm.people[0].evaluated != person {
		t.Fatalf("the form has %d grids, the first on %s", len(fm.people), fm.people[0].evaluated)
	}

	// Submitting with nothing answered says what is missing.
	test.Tap(fm.submitBtn)
	tu.bg.Wait()
	tu.q.drain()
	if !fm.problem.Visible() || !strings.Contains(fm.problem.Text, name) {
		t.Fatalf("an empty grid was not refused: %q", fm.problem.Text)
	}

	// Choosing a level shows its behavioural anchor.
	row := fm.people[0].rows[0]
	tapLevel(t, row, 3)
	if row.levels.Selected != "4" {
		t.Fatalf("tapping the fourth option selected %q", row.levels.Selected)
	}
	if a, _ := row.crit.Anchor(4); !strings.Contains(row.anchor.Text, a.In(langEN)) {
		t.Fatalf("anchor shown %q, want the level 4 anchor %q", row.anchor.Text, a.In(langEN))
	}
	fillAll(t, fm, 3, "Explains clearly")
	tapLevel(t, fm.people[1].rows[1], 5) // can't say
	test.Type(fm.people[2].overall, "A pleasure to work with")
	fm.people[2].overall.TypedShortcut(ctrlS()) // Ctrl+S in a field submits
	tu.bg.Wait()
	tu.settle()
	if fm.problem.Visible() {
		t.Fatalf("complete grids refused: %s", fm.problem.Text)
	}
	if !strings.Contains(tu.dialogText(), name) {
		t.Fatalf("no confirmation of the submission: %q", tu.dialogText())
	}
	grids, _, _ := tu.r.CampaignGrids(f.c.ID)
	got := 0
	for _, a := range tu.r.AnswerStatus(f.c.ID) {
		if a.Evaluator == person && a.Session == evaluation.SessionWork && a.Criterion != evaluation.OverallKey {
			got++
		}
	}
	if want := len(fm.people) * len(grids[0].Criteria); got != want {
		t.Fatalf("%d answers by %s in the work session, want %d", got, name, want)
	}
	// Personal mode: the form stays, and the draft too.
	if s.fill.form != fm || fm.people[2].overall.Text != "A pleasure to work with" {
		t.Fatal("personal mode lost the answers on submit")
	}
	if _, ok, err := tu.r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, person); err != nil || !ok {
		t.Fatalf("the draft is gone in personal mode (%v)", err)
	}
	if want := lang.L("eval.fill.status.all", map[string]any{"Total": len(fm.members)}); fm.status.Text != want {
		t.Fatalf("the group's status says %q, want %q", fm.status.Text, want)
	}
}

// TestEvalFillSharedLaptop: on a shared laptop, after A submits, the next
// person's screen holds no trace of A's answers, and choosing A again
// brings nothing back.
func TestEvalFillSharedLaptop(t *testing.T) {
	var f evalFixture
	tu := newTestUI(t, langEN, f.setup)
	s := openEvaluations(tu, evalTabFill)
	if !s.fill.shared.Checked {
		t.Fatal("shared-laptop mode is not the default")
	}
	a := f.c.Participants[0]
	aName := memberName(t, tu.r, a)
	b := groupMates(t, tu.r, f.c, evaluation.SessionWork, a)[0]
	bName := memberName(t, tu.r, b)

	fm := pickPerson(tu, s, aName)
	fillAll(t, fm, 1, "secret-of-A")
	test.Type(fm.people[1].overall, "overall-secret-of-A")
	tu.settle()
	test.Tap(fm.submitBtn)
	tu.bg.Wait()
	tu.settle()
	if s.fill.form != nil {
		t.Fatal("the form stayed open after a submission on a shared laptop")
	}
	screen := texts(s.fill.body)
	if strings.Contains(screen, "secret-of-A") {
		t.Fatal("A's answers are still on screen")
	}
	if _, ok, _ := tu.r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, a); ok {
		t.Fatal("A's draft was kept on a shared laptop")
	}
	// Close the confirmation, as the next person would.
	tu.win.Canvas().Overlays().Remove(tu.topOverlay())

	fmB := pickPerson(tu, s, bName)
	if !formEmpty(fmB) || strings.Contains(texts(tu.win.Canvas().Content()), "secret-of-A") {
		t.Fatal("B's screen shows A's answers")
	}
	test.Tap(tu.button(s.fill.body, lang.L("eval.fill.change_person")))
	tu.settle()
	fmA := pickPerson(tu, s, aName)
	if !formEmpty(fmA) || strings.Contains(texts(tu.win.Canvas().Content()), "secret-of-A") {
		t.Fatal("choosing A again brought A's answers back")
	}

	// B starts, then leaves without submitting: asked, B deletes the draft,
	// and nobody picking B's name finds it.
	test.Tap(tu.button(s.fill.body, lang.L("eval.fill.change_person")))
	tu.settle()
	fmB = pickPerson(tu, s, bName)
	tapLevel(t, fmB.people[0].rows[0], 0)
	test.Type(fmB.people[0].rows[0].comment, "unsent-of-B")
	test.Tap(tu.button(s.fill.body, lang.L("eval.fill.change_person")))
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.leave.delete")))
	tu.bg.Wait()
	tu.settle()
	if s.fill.form != nil {
		t.Fatal("B's form stayed open")
	}
	if _, ok, _ := tu.r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, b); ok {
		t.Fatal("B's draft was kept after B chose to delete it")
	}
	if fmB = pickPerson(tu, s, bName); !formEmpty(fmB) {
		t.Fatal("B's deleted draft came back")
	}
}

// TestEvalFillDraftSurvives: answers typed are kept as a draft on this
// laptop; closing the app (or a crash after the save) and opening it again
// on the same data brings them back.
func TestEvalFillDraftSurvives(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	r, err := replica.Open(ctx, dir, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetSetting(ctx, settingLanguage, langEN); err != nil {
		t.Fatal(err)
	}
	var f evalFixture
	f.setup(r)
	person := f.c.Participants[1]
	name := memberName(t, r, person)

	tu := newTestUIOn(t, r)
	s := openEvaluations(tu, evalTabFill)
	s.fill.shared.SetChecked(false)
	fm := pickPerson(tu, s, name)
	tapLevel(t, fm.people[0].rows[0], 1)
	test.Type(fm.people[0].rows[0].comment, "draft words")
	test.Type(fm.people[1].overall, "kept for later")
	tu.close()
	tu.bg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	r, err = replica.Open(ctx, dir, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	tu = newTestUIOn(t, r)
	t.Cleanup(func() { tu.close(); tu.bg.Wait() }) // before the replica closes
	s = openEvaluations(tu, evalTabFill)
	s.fill.shared.SetChecked(false)
	fm = pickPerson(tu, s, name)
	row := fm.people[0].rows[0]
	if row.levels.Selected != "2" || row.comment.Text != "draft words" || fm.people[1].overall.Text != "kept for later" {
		t.Fatalf("draft not restored: level %q, comment %q, overall %q", row.levels.Selected, row.comment.Text, fm.people[1].overall.Text)
	}
}

// TestGoldenEvalFill is the fill screen with a few answers, in both
// languages.
func TestGoldenEvalFill(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			var f evalFixture
			tu := newTestUI(t, l, f.setup)
			s := openEvaluations(tu, evalTabFill)
			test.AssertImageMatches(t, "evalfill_who_"+l+".png", evalShot(tu))
			fm := pickPerson(tu, s, memberName(t, tu.r, f.c.Participants[0]))
			tapLevel(t, fm.people[0].rows[0], 3)
			tapLevel(t, fm.people[0].rows[1], 1)
			test.Type(fm.people[0].rows[0].comment, "Clear at the weekly meeting")
			tu.settle()
			test.AssertImageMatches(t, "evalfill_grid_"+l+".png", evalShot(tu))
		})
	}
}

// TestEvalFillSharedDraftConfirm: on a shared laptop, a draft left behind
// (here by closing the app, as a crash would) comes back only once
// whoever picks the name confirms, in a dialog that names the person and
// says when the draft was saved, that it is theirs; "Not me" shows
// nothing of it, and the person may delete it and start afresh.
func TestEvalFillSharedDraftConfirm(t *testing.T) {
	var f evalFixture
	r := openReplica(t)
	if err := r.SetSetting(context.Background(), settingLanguage, langEN); err != nil {
		t.Fatal(err)
	}
	f.setup(r)
	saved := time.Date(2011, 5, 17, 9, 40, 0, 0, time.Local)
	person := f.c.Participants[2]
	name := memberName(t, r, person)

	tu := newTestUIOn(t, r)
	tu.clock = func() time.Time { return saved }
	s := openEvaluations(tu, evalTabFill)
	if !s.fill.shared.Checked {
		t.Fatal("shared-laptop mode is not the default")
	}
	fm := pickPerson(tu, s, name)
	tapLevel(t, fm.people[0].rows[0], 2)
	test.Type(fm.people[0].rows[0].comment, "draft-of-C")
	tu.close() // the laptop goes down with the draft typed
	tu.bg.Wait()
	if _, ok, err := r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, person); err != nil || !ok {
		t.Fatalf("no draft kept for crash recovery (%v)", err)
	}

	tu = newTestUIOn(t, r)
	t.Cleanup(func() { tu.close(); tu.bg.Wait() })
	tu.clock = func() time.Time { return saved.Add(25 * time.Minute) }
	s = openEvaluations(tu, evalTabFill)
	pick := func() {
		t.Helper()
		test.Tap(tu.button(s.fill.body, name))
		tu.bg.Wait()
		tu.settle()
	}
	onScreen := func() bool {
		return strings.Contains(texts(tu.win.Canvas().Content()), "draft-of-C")
	}

	// Someone picks the name: asked first, nothing shown behind.
	pick()
	if s.fill.form != nil || onScreen() {
		t.Fatal("the draft was opened before anyone said it was theirs")
	}
	ask := tu.dialogText()
	for _, want := range []string{name, formatTime(saved), "25 minutes"} {
		if !strings.Contains(ask, want) {
			t.Fatalf("the dialog does not say %q:\n%s", want, ask)
		}
	}
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.draft.not_me")))
	tu.settle()
	if s.fill.form != nil || s.fill.opening != nil || onScreen() {
		t.Fatal("\"Not me\" opened the draft")
	}
	if _, ok, _ := tu.r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, person); !ok {
		t.Fatal("\"Not me\" lost the draft")
	}

	// The person confirms: the draft is back.
	pick()
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.draft.mine", map[string]any{"Name": name})))
	tu.settle()
	fm = s.fill.form
	if fm == nil || fm.evaluator != person || fm.people[0].rows[0].comment.Text != "draft-of-C" ||
		fm.people[0].rows[0].levels.Selected != "3" {
		t.Fatal("confirming did not restore the draft")
	}

	// Back to the list, keeping it; then the person deletes it.
	test.Tap(tu.button(s.fill.body, lang.L("eval.fill.change_person")))
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.leave.keep")))
	tu.bg.Wait()
	tu.settle()
	pick()
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.draft.delete")))
	tu.bg.Wait()
	tu.settle()
	if s.fill.form == nil || !formEmpty(s.fill.form) || onScreen() {
		t.Fatal("after deleting the draft, the form should open empty")
	}
	if _, ok, _ := tu.r.LoadDraft(context.Background(), f.c.ID, evaluation.SessionWork, person); ok {
		t.Fatal("the draft is still on the laptop")
	}

	// Personal mode restores without asking, as before.
	fm = s.fill.form
	tapLevel(t, fm.people[0].rows[0], 1)
	test.Tap(tu.button(s.fill.body, lang.L("eval.fill.change_person")))
	test.Tap(tu.button(tu.topOverlay(), lang.L("eval.fill.leave.keep")))
	tu.bg.Wait()
	tu.settle()
	s.fill.shared.SetChecked(false)
	if fm = pickPerson(tu, s, name); fm.people[0].rows[0].levels.Selected != "2" {
		t.Fatal("personal mode did not restore the draft")
	}
}

package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/replica"
)

// hrCheapParams keep the demo key's Argon2id fast in tests.
func hrCheapParams() seal.Params { return seal.Params{Time: 1, Memory: 64, Threads: 1} }

// hrLoadSampleCampaign is the sample organisation with the demo's finished
// campaign, this laptop being an HR member's (passphrase "demo").
func hrLoadSampleCampaign(r *replica.Replica) {
	loadSample(r)
	if _, _, err := r.LoadSampleCampaign(context.Background(), []byte("demo"), hrCheapParams()); err != nil {
		panic(err)
	}
}

// hrOpenPane shows the HR pane of the demo campaign as the window's
// content, on tab.
func hrOpenPane(t *testing.T, language string, tab int) (*testUI, *hrPane) {
	t.Helper()
	return hrOpenPaneSized(t, language, tab, textNormal)
}

// hrOpenPaneSized is hrOpenPane at a text size (Settings).
func hrOpenPaneSized(t *testing.T, language string, tab int, size string) (*testUI, *hrPane) {
	t.Helper()
	tu := newTestUI(t, language, func(r *replica.Replica) {
		hrLoadSampleCampaign(r)
		if err := r.SetSetting(context.Background(), settingTextSize, size); err != nil {
			t.Fatal(err)
		}
	})
	c, err := tu.r.FindCampaign(replica.SampleCampaignName)
	if err != nil {
		t.Fatal(err)
	}
	p := newHRPane(tu.UI, c)
	tu.win.SetContent(p.root)
	p.tabs.SelectIndex(tab)
	tu.settle()
	tu.bg.Wait()
	tu.settle()
	return tu, p
}

// hrUnlock types pass in the unlock dialog and waits for the answers.
func (tu *testUI) hrUnlock(p *hrPane, pass string) {
	tu.t.Helper()
	test.Tap(p.reports.unlockBtn)
	dlg := tu.topOverlay()
	test.Type(tu.hrPassField(), pass)
	test.Tap(tu.button(dlg, lang.L("evalhr.unlock")))
	tu.bg.Wait()
	tu.settle()
}

func TestEvalHRWrongPassphrase(t *testing.T) {
	tu, p := hrOpenPane(t, langEN, 3)
	tu.hrUnlock(p, "not the passphrase")
	v := p.reports
	if v.unlockedNow() || v.answers != nil {
		t.Fatalf("a wrong passphrase unlocked %d answers", len(v.answers))
	}
	if !v.status.Visible() || !strings.Contains(v.status.Text, "Wrong passphrase") {
		t.Errorf("status %q (visible %v), want the wrong passphrase said", v.status.Text, v.status.Visible())
	}
	if v.open.Visible() {
		t.Error("the reports show while locked")
	}
}

func TestEvalHRUnlockReport(t *testing.T) {
	tu, p := hrOpenPane(t, langEN, 2)
	ctx := context.Background()

	// Completeness needs no key.
	fills, err := tu.r.Completeness(p.id)
	if err != nil {
		t.Fatal(err)
	}
	answered, total := 0, 0
	for _, g := range fills {
		answered += g.Answered
		total += g.Total
	}
	want := lang.L("evalhr.progress.summary", map[string]any{"Answered": answered, "Total": total, "Percent": hrPercent(answered, total)})
	if p.progress.summary.Text != want || total == 0 {
		t.Errorf("progress %q, want %q", p.progress.summary.Text, want)
	}
	if bars := find[*widget.ProgressBar](p.progress.root, nil); len(bars) != len(fills) {
		t.Errorf("%d progress bars for %d groups", len(bars), len(fills))
	}

	p.tabs.SelectIndex(3)
	tu.hrUnlock(p, "demo")
	v := p.reports
	if !v.unlockedNow() || len(v.answers) == 0 {
		t.Fatalf("not unlocked with the right passphrase: %q", v.status.Text)
	}
	// The first person of the list: their numbers are those the domain
	// computes from the answers read here.
	v.list.Select(1)
	person := v.entries[1]
	answers, err := tu.r.ReadAnswers(ctx, p.id, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := tu.r.Campaign(p.id)
	grids, _, _ := tu.r.CampaignGrids(p.id)
	rep, err := evaluation.PersonReport(&c, grids, answers, person, evaluation.HRView)
	if err != nil {
		t.Fatal(err)
	}
	if v.report.Person != person || len(v.report.Lines) != len(rep.Lines) {
		t.Fatalf("report of %s with %d lines, want %s with %d", v.report.Person, len(v.report.Lines), person, len(rep.Lines))
	}
	shown := labelTexts(v.detail)
	for _, ln := range rep.Lines {
		name := p.criterionName(ln.Session, ln.Criterion)
		// The row, not a session title of the same name (Involvement).
		i := -1
		for j := range shown {
			if shown[j] == name && j+5 < len(shown) && shown[j+1] != lang.L("evalhr.col.criterion") {
				i = j
				break
			}
		}
		if i < 0 {
			t.Fatalf("no line for %s in %q", name, shown)
		}
		if ln.HasSelf && shown[i+1] != strconv.Itoa(ln.Self) {
			t.Errorf("%s: self %q, want %d", name, shown[i+1], ln.Self)
		}
		if ln.Peers.Count > 0 && shown[i+2] != hrNumber(langEN, ln.Peers.Mean, false) {
			t.Errorf("%s: peers %q, want %s", name, shown[i+2], hrNumber(langEN, ln.Peers.Mean, false))
		}
		if !strings.HasPrefix(shown[i+4], strconv.Itoa(ln.Peers.Count)) {
			t.Errorf("%s: raters %q, want %d", name, shown[i+4], ln.Peers.Count)
		}
		if ln.HasGap && shown[i+5] != hrNumber(langEN, ln.Gap, true) {
			t.Errorf("%s: gap %q, want %s", name, shown[i+5], hrNumber(langEN, ln.Gap, true))
		}
	}

	// Lock forgets everything.
	test.Tap(tu.button(v.open, lang.L("evalhr.lock")))
	if v.unlockedNow() || v.answers != nil || len(v.detail.Objects) != 0 {
		t.Error("Lock kept the answers")
	}
}

func TestEvalHRMoveAndSave(t *testing.T) {
	tu, p := hrOpenPane(t, langEN, 1)
	v := p.groups
	if len(v.edited) != 2 || !v.scored || v.score.RepeatCount != 0 {
		t.Fatalf("%d sessions, scored %v, %d repeats: want the demo's two sessions without repeats", len(v.edited), v.scored, v.score.RepeatCount)
	}
	// A and B are together at work; A joins B's involvement group.
	a, b := v.edited[0].Groups[0][0], v.edited[0].Groups[0][1]
	from := slices.IndexFunc(v.edited[1].Groups, func(g []uuid.UUID) bool { return slices.Contains(g, a) })
	to := slices.IndexFunc(v.edited[1].Groups, func(g []uuid.UUID) bool { return slices.Contains(g, b) })
	names := find(v.sessions, func(bt *widget.Button) bool { return bt.Text == p.name(a) })
	if len(names) != 2 {
		t.Fatalf("%d buttons named %s, want one per session", len(names), p.name(a))
	}
	// By keyboard: Space on the focused name picks, Space on a focused
	// "Move here" moves; the focus stays on the person.
	space := &fyne.KeyEvent{Name: fyne.KeySpace}
	cv := tu.win.Canvas()
	cv.Focus(names[1])
	names[1].TypedKey(space)
	if f, ok := cv.Focused().(*widget.Button); !ok || f.Text != p.name(a) || f.Importance != widget.HighImportance {
		t.Fatalf("focus on %v after the pick, want %s's button", cv.Focused(), p.name(a))
	}
	here := find(v.sessions, func(bt *widget.Button) bool { return bt.Text == lang.L("evalhr.groups.move_here") })
	if len(here) != len(v.edited[1].Groups)-1 {
		t.Fatalf("%d Move here buttons", len(here))
	}
	target := to
	if to > from {
		target--
	}
	cv.Focus(here[target])
	here[target].TypedKey(space)
	tu.bg.Wait()
	tu.settle()
	if f, ok := cv.Focused().(*widget.Button); !ok || f.Text != p.name(a) {
		t.Errorf("focus on %v after the move, want %s's button", cv.Focused(), p.name(a))
	}
	if v.score.RepeatCount != 1 || len(v.score.Repeats) != 1 {
		t.Fatalf("%d repeats after the move, want 1", v.score.RepeatCount)
	}
	checks := labelTexts(v.checks)
	if !slices.Contains(checks, lang.L("evalhr.groups.repeats", map[string]any{"Count": 1})) {
		t.Errorf("checks %q do not say the repeat", checks)
	}
	if !slices.Contains(v.edited[1].Groups[to], a) || v.p.stored[1].Groups[to][0] == a {
		t.Fatal("the move did not change the working copy only")
	}
	test.Tap(v.saveBtn)
	tu.bg.Wait()
	tu.settle()
	stored, _, err := tu.r.Groups(p.id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(stored[1].Groups, func(g []uuid.UUID) bool { return slices.Contains(g, a) && slices.Contains(g, b) }) {
		t.Error("the saved involvement groups do not hold the move")
	}
	if v.dirty || !v.saveBtn.Disabled() {
		t.Error("still unsaved after Save")
	}
}

func TestEvalHRNewCampaign(t *testing.T) {
	tu := newTestUI(t, langEN, hrLoadSampleCampaign)
	var got evaluation.Campaign
	tu.showNewCampaign(func(c evaluation.Campaign) { got = c })
	dlg := tu.topOverlay()
	entry := func(placeholder string) *widget.Entry {
		es := find(dlg, func(e *widget.Entry) bool { return e.PlaceHolder == placeholder })
		if len(es) != 1 {
			t.Fatalf("%d entries %q", len(es), placeholder)
		}
		return es[0]
	}
	test.Type(entry(lang.L("evalhr.setup.name")), "Évaluation 2012")
	dates := find(dlg, func(e *widget.Entry) bool { return e.PlaceHolder == lang.L("evalhr.setup.date_format") })
	if len(dates) != 2 {
		t.Fatalf("%d date entries", len(dates))
	}
	for i, date := range []string{"2012-03-12", "2012-04-13"} {
		dates[i].SetText("")
		test.Type(dates[i], date)
	}
	test.Tap(tu.button(dlg, lang.L("evalhr.setup.create")))
	tu.bg.Wait()
	tu.settle()
	c, err := tu.r.FindCampaign("Évaluation 2012")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != c.ID || c.Start != "2012-03-12" || c.End != "2012-04-13" {
		t.Errorf("created %+v, done with %s", c, got.ID)
	}
	sample, _ := tu.r.FindCampaign(replica.SampleCampaignName)
	if len(c.Participants) != len(sample.Participants) || len(c.HR) != 2 || c.Committee == uuid.Nil {
		t.Errorf("%d participants (want %d), %d HR, committee %s", len(c.Participants), len(sample.Participants), len(c.HR), c.Committee)
	}
	if !slices.Equal(c.Sessions, evaluation.DefaultSessions()) || c.Visibility.MinRaters != evaluation.DefaultMinRaters {
		t.Errorf("sessions %v, k %d", c.Sessions, c.Visibility.MinRaters)
	}
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed open")
	}
}

func TestGoldenEvalGroups(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu, _ := hrOpenPane(t, l, 1)
			test.AssertImageMatches(t, "eval_groups_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestGoldenEvalReport(t *testing.T) {
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu, p := hrOpenPane(t, l, 3)
			tu.hrUnlock(p, "demo")
			p.reports.list.Select(1)
			tu.settle()
			test.AssertImageMatches(t, "eval_report_"+l+".png", tu.win.Canvas().Capture())
		})
	}
}

func TestEvalHRExportsAndCodes(t *testing.T) {
	tu, p := hrOpenPane(t, langFR, 3)
	tu.hrUnlock(p, "demo")
	v := p.reports
	files := map[string][]byte{}
	v.save = func(name string, write func(io.Writer) error) {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		files[name] = buf.Bytes()
	}

	// The CSV holds aggregates only: one row per person, session and
	// criterion, no comment.
	test.Tap(tu.button(v.open, lang.L("evalhr.export.csv")))
	c, _ := tu.r.Campaign(p.id)
	csvData := files[replica.SampleCampaignName+".csv"]
	rows, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(c.Participants)*5 || rows[0][0] != "person_id" {
		t.Errorf("%d CSV rows, want a header and %d×5", len(rows), len(c.Participants))
	}
	if bytes.Contains(csvData, []byte("Continue comme ça")) {
		t.Error("the CSV holds a comment")
	}

	// The person's PDF.
	v.list.Select(1)
	person := v.entries[1]
	test.Tap(tu.button(v.detail, lang.L("evalhr.export.pdf")))
	pdf := files[replica.SampleCampaignName+" - "+p.name(person)+".pdf"]
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("no PDF written (files %v)", len(files))
	}

	// The groups' reveal codes, as the replica gives them.
	codes, err := tu.r.RevealCodes(context.Background(), p.id, []byte("demo"))
	if err != nil || len(codes) == 0 {
		t.Fatalf("%d codes: %v", len(codes), err)
	}
	test.Tap(tu.button(v.open, lang.L("evalhr.codes")))
	tu.bg.Wait()
	tu.settle()
	shown := tu.dialogText()
	for _, gc := range codes {
		if !strings.Contains(shown, gc.Code) {
			t.Fatalf("code %s of group %d (%s) not shown", gc.Code, gc.Group, gc.Session)
		}
	}
	tu.topOverlay().Hide()

	// The demo campaign is released: the button shows the personal codes.
	if !c.Visibility.Released || v.releaseBtn.Text != lang.L("evalhr.release.codes") {
		t.Fatalf("released %v, button %q", c.Visibility.Released, v.releaseBtn.Text)
	}
	personal, err := tu.r.ReleaseCodes(context.Background(), p.id, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(v.releaseBtn)
	tu.bg.Wait()
	tu.settle()
	shown = tu.dialogText()
	for _, rc := range personal {
		if !strings.Contains(shown, rc.Code) || !strings.Contains(shown, p.name(rc.Person)) {
			t.Fatalf("personal code of %s not shown", p.name(rc.Person))
		}
	}
	tu.topOverlay().Hide()

	// A pane no longer drawn drops its renderer, and the answers with it.
	test.WidgetRenderer(p.root).Destroy()
	if v.unlockedNow() || v.answers != nil {
		t.Error("the answers outlived the pane's renderer")
	}
}

func TestEvalHRRelease(t *testing.T) {
	tu := newTestUI(t, langEN, hrLoadSampleCampaign)
	ctx := context.Background()
	sample, _ := tu.r.FindCampaign(replica.SampleCampaignName)
	c := evaluation.NewCampaign(uuid.Nil, "Évaluation 2012", "2012-03-12", "2012-04-13")
	c.HR, c.Participants = sample.HR, sample.Participants[:8]
	c, err := tu.r.CreateCampaign(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tu.r.FormGroups(ctx, c.ID, 1); err != nil {
		t.Fatal(err)
	}
	p := newHRPane(tu.UI, c)
	tu.win.SetContent(p.root)
	p.tabs.SelectIndex(3)
	tu.settle()
	tu.hrUnlock(p, "demo")
	v := p.reports
	if v.releaseBtn.Text != lang.L("evalhr.release") {
		t.Fatalf("button %q before the release", v.releaseBtn.Text)
	}
	test.Tap(v.releaseBtn)
	// Confirmation first.
	test.Tap(tu.button(tu.topOverlay(), lang.L("evalhr.release")))
	tu.bg.Wait()
	tu.settle()
	got, _ := tu.r.Campaign(c.ID)
	if !got.Visibility.Released {
		t.Fatal("not released")
	}
	codes, err := tu.r.ReleaseCodes(ctx, c.ID, []byte("demo"))
	if err != nil || len(codes) != 8 {
		t.Fatalf("%d codes: %v", len(codes), err)
	}
	shown := tu.dialogText()
	for _, rc := range codes {
		if !strings.Contains(shown, rc.Code) {
			t.Errorf("code of %s not shown", p.name(rc.Person))
		}
	}
	if v.releaseBtn.Text != lang.L("evalhr.release.codes") {
		t.Errorf("button %q after the release", v.releaseBtn.Text)
	}
}

func TestEvalHRSetupEdits(t *testing.T) {
	tu, p := hrOpenPane(t, langEN, 0)
	// The campaign: a new name, the release kept.
	f := p.setup.form
	f.name.SetText("")
	test.Type(f.name, "Évaluation 2011 (printemps)")
	test.Tap(p.setup.save)
	tu.bg.Wait()
	tu.settle()
	c, _ := tu.r.Campaign(p.id)
	if c.Name != "Évaluation 2011 (printemps)" || !c.Visibility.Released || len(c.HR) != 2 {
		t.Errorf("saved %q, released %v, %d HR", c.Name, c.Visibility.Released, len(c.HR))
	}

	// The work grid: a criterion from the bank, then saved.
	e := p.setup.edits[evaluation.SessionWork]
	if e == nil {
		t.Fatal("no editor for the work grid")
	}
	e.bank.SetSelectedIndex(0)
	key := e.bankKeys[0]
	test.Tap(tu.button(e.root, lang.L("evalhr.grid.add_bank")))
	test.Tap(e.save)
	tu.bg.Wait()
	tu.settle()
	grids, _, _ := tu.r.CampaignGrids(p.id)
	if g := grids[0]; g.Session != evaluation.SessionWork || len(g.Criteria) != 4 || g.Criteria[3].Key != key {
		t.Errorf("work grid %+v, want the bank's %s added", g.Criteria, key)
	}
	// Removing it again.
	test.Tap(find(e.list, func(b *widget.Button) bool { return b.Text == lang.L("action.remove") })[3])
	test.Tap(e.save)
	tu.bg.Wait()
	tu.settle()
	grids, _, _ = tu.r.CampaignGrids(p.id)
	if len(grids[0].Criteria) != 3 {
		t.Errorf("%d criteria after the removal", len(grids[0].Criteria))
	}
}

// hrExchange brings to's missing changes over from from, as a bundle would.
func hrExchange(t *testing.T, from, to *replica.Replica) {
	t.Helper()
	ctx := context.Background()
	v, err := to.Vector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := from.Export(ctx, &buf, v, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := to.Import(ctx, &buf, nil); err != nil {
		t.Fatal(err)
	}
}

// hrPassField is the passphrase field of the dialog on top.
func (tu *testUI) hrPassField() *hrPassEntry {
	tu.t.Helper()
	es := find[*hrPassEntry](tu.topOverlay(), nil)
	if len(es) != 1 {
		tu.t.Fatalf("%d passphrase fields in the dialog", len(es))
	}
	return es[0]
}

// A new HR member's laptop publishes its key; from the Setup tab, this
// laptop's HR member gives them the campaign's key; once the change
// reaches their laptop, they read the answers with their own passphrase.
func TestEvalHRGrantNewMember(t *testing.T) {
	tu, p := hrOpenPane(t, langEN, 0)
	ctx := context.Background()
	c := p.c

	// Lydie's laptop, paired with this one, has every record.
	lydie := openReplica(t)
	admit(t, lydie, tu.r)
	admit(t, tu.r, lydie)
	hrExchange(t, tu.r, lydie)
	mss, _ := tu.r.Memberships()
	var newcomer uuid.UUID
	for _, ms := range mss {
		if ms.Committee == c.Committee && !c.IsHR(ms.Member) {
			newcomer = ms.Member
			break
		}
	}
	if newcomer == uuid.Nil {
		t.Fatal("the HR committee has no member beside the campaign's HR")
	}
	name := p.name(newcomer)

	// Before Lydie's key is here, nobody can be given access.
	test.Tap(p.setup.grantBtn)
	if text := tu.dialogText(); !strings.Contains(text, lang.L("evalhr.grant.nobody")) {
		t.Fatalf("dialog says %q, want nobody to give access to", text)
	}
	tu.topOverlay().Hide()

	if err := lydie.CreateHRKey(ctx, newcomer, []byte("lydie"), hrCheapParams()); err != nil {
		t.Fatal(err)
	}
	hrExchange(t, lydie, tu.r)
	tu.settle()
	if _, err := lydie.ReadAnswers(ctx, c.ID, []byte("lydie")); !errors.Is(err, replica.ErrNotGranted) {
		t.Fatalf("before the grant: %v, want ErrNotGranted", err)
	}

	grant := func(pass string) {
		t.Helper()
		test.Tap(p.setup.grantBtn)
		test.Tap(tu.button(tu.topOverlay(), name))
		e := tu.hrPassField()
		if tu.win.Canvas().Focused() != e {
			t.Fatal("the passphrase field is not focused")
		}
		test.Type(e, pass)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter gives access
		tu.bg.Wait()
		tu.settle()
	}

	// A wrong passphrase gives nobody access, and says so.
	grant("not demo")
	want := lang.L("evalhr.grant.error.passphrase")
	if text := tu.dialogText(); !strings.Contains(text, want) || !strings.Contains(text, lang.L("evalhr.grant.failed", map[string]any{"Name": name})) {
		t.Fatalf("after a wrong passphrase the dialog says %q", text)
	}
	tu.topOverlay().Hide()
	if got, _ := tu.r.Campaign(c.ID); got.IsHR(newcomer) {
		t.Fatal("a wrong passphrase gave access")
	}
	if p.setup.grantBtn.Disabled() {
		t.Error("the button stayed disabled after the failure")
	}

	grant("demo")
	if text := tu.dialogText(); !strings.Contains(text, lang.L("evalhr.grant.done", map[string]any{"Name": name, "Campaign": c.Name})) {
		t.Fatalf("after the grant the dialog says %q", text)
	}
	tu.topOverlay().Hide()
	if got, _ := tu.r.Campaign(c.ID); !got.IsHR(newcomer) {
		t.Error("the new member is not among the campaign's HR")
	}
	if len(p.grantCandidates()) != 0 {
		t.Errorf("%s still offered after the grant", name)
	}

	// On Lydie's laptop, after the next sync.
	hrExchange(t, tu.r, lydie)
	got, err := lydie.ReadAnswers(ctx, c.ID, []byte("lydie"))
	if err != nil {
		t.Fatal(err)
	}
	want2, _ := tu.r.ReadAnswers(ctx, c.ID, []byte("demo"))
	if len(got) == 0 || len(got) != len(want2) {
		t.Errorf("Lydie reads %d answers, HR here %d", len(got), len(want2))
	}
}

// Escape closes the passphrase dialogs while the field has the focus (the
// field takes the keys), and with no field focused; nothing is unlocked.
func TestEvalHRPassphraseEscape(t *testing.T) {
	tu, p := hrOpenPane(t, langFR, 3)
	test.Tap(p.reports.unlockBtn)
	e := tu.hrPassField()
	test.Type(e, "demo")
	tu.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape in the field left the unlock dialog open")
	}
	if e.Text != "" {
		t.Error("the passphrase stayed in the closed dialog's field")
	}
	tu.bg.Wait()
	tu.settle()
	if p.reports.unlockedNow() {
		t.Error("Escape unlocked the answers")
	}

	// Unfocused: the window's keys close it.
	test.Tap(p.reports.unlockBtn)
	tu.hrPassField()
	tu.win.Canvas().Unfocus()
	tu.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the unlock dialog open")
	}

	// The grant's passphrase dialog too.
	p.tabs.SelectIndex(0)
	p.setup.askGrantPassphrase(konbit.Member{Name: "Lydie"})
	tu.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tu.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the grant's passphrase dialog open")
	}
}

// hrNavWidth is the width the navigation bar takes beside a screen, at the
// current text size: the bar of the main window's tabs with empty screens.
func (tu *testUI) hrNavWidth() float32 {
	items := make([]*container.TabItem, 0, len(tu.tabs.Items))
	for _, it := range tu.tabs.Items {
		items = append(items, container.NewTabItemWithIcon(it.Text, it.Icon, container.NewStack()))
	}
	nav := container.NewAppTabs(items...)
	nav.SetTabLocation(container.TabLocationLeading)
	return nav.MinSize().Width
}

// The HR pane, unlocked on a person's report (its widest face), fits a
// 1024-pixel window beside the navigation bar at every text size, in
// French (the longer texts).
func TestEvalHRFitsAtEveryTextSize(t *testing.T) {
	for _, size := range []string{textNormal, textLarge, textXLarge} {
		t.Run(size, func(t *testing.T) {
			tu, p := hrOpenPaneSized(t, langFR, 3, size)
			if got := theme.TextSize(); got != theme.DefaultTheme().Size(theme.SizeNameText)*textScale(size) {
				t.Fatalf("text size %v", got)
			}
			tu.hrUnlock(p, "demo")
			p.reports.list.Select(1)
			tu.settle()
			room := defaultWinWidth - tu.hrNavWidth() - 2*theme.Padding()
			if w := p.root.MinSize().Width; w > room {
				t.Errorf("the pane needs %.0f pixels, %.0f available (setup %.0f, groups %.0f, progress %.0f, reports %.0f)", w, room,
					p.setup.root.MinSize().Width, p.groups.root.MinSize().Width, p.progress.root.MinSize().Width, p.reports.root.MinSize().Width)
			} else {
				t.Logf("%.0f of %.0f pixels", w, room)
			}
		})
	}
}

// Keys in an HR member's name from two laptops: the new campaign form asks
// which laptop is theirs, refuses to create the campaign until it is
// picked, then seals it to that laptop's key only.
func TestEvalHRNewCampaignPicksLaptop(t *testing.T) {
	tu := newTestUI(t, langEN, hrLoadSampleCampaign)
	ctx := context.Background()
	sample, _ := tu.r.FindCampaign(replica.SampleCampaignName)
	mathieu := sample.HR[1]
	other := openReplica(t)
	admit(t, other, tu.r)
	admit(t, tu.r, other)
	hrExchange(t, tu.r, other)
	if err := other.CreateHRKey(ctx, mathieu, []byte("not mathieu"), hrCheapParams()); err != nil {
		t.Fatal(err)
	}
	hrExchange(t, other, tu.r)
	tu.settle()

	tu.showNewCampaign(nil)
	dlg := tu.topOverlay()
	name := find(dlg, func(e *widget.Entry) bool { return e.PlaceHolder == lang.L("evalhr.setup.name") })[0]
	test.Type(name, "Évaluation 2012")
	picks := find(dlg, func(s *widget.Select) bool { return s.PlaceHolder == lang.L("evalhr.setup.which_laptop") })
	if len(picks) != 1 {
		t.Fatalf("%d laptop pickers, want 1 (Mathieu's)", len(picks))
	}
	test.Tap(tu.button(dlg, lang.L("evalhr.setup.create")))
	tu.bg.Wait()
	tu.settle()
	if _, err := tu.r.FindCampaign("Évaluation 2012"); err == nil {
		t.Fatal("created without saying which laptop is Mathieu's")
	}
	if !strings.Contains(tu.dialogText(), lang.L("evalhr.error.several_keys")) {
		t.Fatalf("error says %q", tu.dialogText())
	}
	tu.topOverlay().Hide()
	picks[0].SetSelected(tu.r.DeviceLabel(tu.r.Device()))
	test.Tap(tu.button(dlg, lang.L("evalhr.setup.create")))
	tu.bg.Wait()
	tu.settle()
	c, err := tu.r.FindCampaign("Évaluation 2012")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tu.r.SealedTo(c.ID) {
		if k.Device == other.Device() {
			t.Fatal("the campaign is sealed to the other laptop's key in Mathieu's name")
		}
	}
	if n := len(tu.r.SealedTo(c.ID)); n != 2 {
		t.Fatalf("sealed to %d keys, want 2", n)
	}
}

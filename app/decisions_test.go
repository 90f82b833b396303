package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// registerNow is the day the register tests run on.
var registerNow = time.Date(2011, 6, 1, 10, 0, 0, 0, time.Local)

// wikiBook is an extract of the old wiki's decision book.
const wikiBook = `Décisions de l'assemblée (ancien wiki)

## 2010-11-14 Règlement intérieur
Le règlement intérieur de l'atelier est adopté : horaires d'ouverture, clés, rangement des outils.

## 2011-02-01 : Nouveau règlement intérieur
Le règlement intérieur est révisé : l'atelier ouvre à 8 h, les clés sont au bureau.

## 2011-03-08 - Embauches saisonnières
Deux embauches saisonnières pour l'été, choisies par le comité d'embauche.
`

// importWiki seeds the register with the old wiki's decisions.
func importWiki(r *replica.Replica) {
	if _, err := r.ImportWikiDecisions(context.Background(), strings.NewReader(wikiBook), "decisions.md"); err != nil {
		panic(err)
	}
}

// withRegister loads the sample organisation and the wiki's decisions.
func withRegister(r *replica.Replica) {
	loadSample(r)
	importWiki(r)
}

// withHistory adds half a year of meetings, decisions and speech to the
// sample organisation, ending the week before registerNow.
func withHistory(r *replica.Replica) {
	withRegister(r)
	if _, err := r.LoadSampleHistory(context.Background(), replica.SampleHistory{End: "2011-06-01", Weeks: 26, Seed: 1}); err != nil {
		panic(err)
	}
}

// atRegisterNow sets the UI's clock and rebuilds the screens with it, as
// if the app had been opened that day.
func (tu *testUI) atRegisterNow() {
	tu.clock = func() time.Time { return registerNow }
	tu.rebuild()
	tu.settle()
}

// decisionTitled finds a decision of the register by its exact title.
func decisionTitled(t *testing.T, r *replica.Replica, title string) meetings.Decision {
	t.Helper()
	hits, err := r.SearchDecisions(context.Background(), replica.DecisionQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Decision.Title == title {
			return h.Decision
		}
	}
	t.Fatalf("no decision %q", title)
	return meetings.Decision{}
}

// shownTitles lists the titles of the decisions the register lists.
func (tu *testUI) shownTitles() []string {
	var out []string
	for _, h := range tu.decisions.reg.hits {
		out = append(out, h.Decision.Title)
	}
	return out
}

func TestRegisterFindsWithoutAccent(t *testing.T) {
	tu := newTestUI(t, langEN, withRegister)
	tu.atRegisterNow()
	tu.showScreen(screenDecisions)
	tu.settle()
	reg := tu.decisions.reg
	if got := len(reg.hits); got != 3 {
		t.Fatalf("the register lists %d decisions, want the 3 imported", got)
	}
	// Ctrl+F on the Decisions screen goes to the register's search box.
	tu.focusSearch()
	if tu.win.Canvas().Focused() != reg.search {
		t.Fatal("Ctrl+F on the Decisions screen does not focus the register search")
	}
	test.Type(reg.search, "reglement")
	tu.settle()
	got := tu.shownTitles()
	if len(got) != 2 || got[0] != "Règlement intérieur" && got[1] != "Règlement intérieur" {
		t.Fatalf("typing reglement lists %q, want the two Règlement intérieur", got)
	}
	// The matched word is bold in the snippet.
	rts := find(reg.list, func(rt *widget.RichText) bool { return strings.Contains(rt.String(), "intérieur") })
	bold := false
	for _, rt := range rts {
		for _, sg := range rt.Segments {
			if ts, ok := sg.(*widget.TextSegment); ok && ts.Style.TextStyle.Bold && strings.EqualFold(konbit.Fold(ts.Text), "reglement") {
				bold = true
			}
		}
	}
	if !bold {
		t.Error("the matched word is not bold in the snippet")
	}
	// Filters: the body unknown (imported) keeps them, the work collective
	// has none.
	reg.body.SetSelectedIndex(1)
	tu.settle()
	if n := len(reg.hits); n != 0 {
		t.Errorf("the work collective has %d decisions about reglement, want none (they are imported)", n)
	}
	reg.body.SetSelected("Unknown (imported)")
	tu.settle()
	if n := len(reg.hits); n != 2 {
		t.Errorf("the imported decisions about reglement are %d, want 2", n)
	}
	reg.to.SetText("2010-12-31")
	tu.settle()
	if got := tu.shownTitles(); len(got) != 1 || got[0] != "Règlement intérieur" {
		t.Errorf("before 2011 the register lists %q", got)
	}
	// Elsewhere Ctrl+F still goes to the members.
	tu.showScreen(screenMeetings)
	tu.focusSearch()
	if tu.win.Canvas().Focused() != tu.members.search {
		t.Error("Ctrl+F outside the Decisions screen no longer focuses the member search")
	}
}

func TestRegisterChangeStatus(t *testing.T) {
	tu := newTestUI(t, langEN, withRegister)
	tu.atRegisterNow()
	tu.showScreen(screenDecisions)
	tu.settle()
	reg := tu.decisions.reg
	old := decisionTitled(t, tu.r, "Règlement intérieur")
	newer := decisionTitled(t, tu.r, "Nouveau règlement intérieur")
	reg.openDetail(old.ID)
	tu.settle()
	dd := reg.detail
	if dd == nil || dd.title.Text != "Règlement intérieur" {
		t.Fatal("the decision did not open")
	}
	if !strings.Contains(labelsIn(dd.root), "2010-11-14 · Unknown (imported)") {
		t.Errorf("the detail does not say the decision was imported:\n%s", labelsIn(dd.root))
	}

	dd.status.SetSelected("Implemented")
	tu.bg.Wait()
	tu.eventually("status implemented", func() bool {
		d, _ := tu.r.Decision(context.Background(), old.ID)
		return d.Status == meetings.Implemented
	})
	tu.settle()
	if got := tu.shownTitles(); len(got) != 3 {
		t.Fatalf("after the change the register lists %q", got)
	}

	// Superseded asks which decision replaces it.
	dd.status.SetSelected("Superseded")
	top := tu.topOverlay()
	lists := find[*widget.List](top, nil)
	if len(lists) != 1 {
		t.Fatal("no list of decisions to choose from")
	}
	found := false
	for i := 0; i < lists[0].Length(); i++ {
		if strings.Contains(labelAt(lists[0], i), "Nouveau règlement intérieur") {
			lists[0].Select(i)
			found = true
		}
	}
	if !found {
		t.Fatal("the later decision is not offered")
	}
	test.Tap(tu.button(top, "Superseded by this one"))
	tu.bg.Wait()
	tu.eventually("superseded", func() bool {
		d, _ := tu.r.Decision(context.Background(), old.ID)
		n, _ := tu.r.Decision(context.Background(), newer.ID)
		return d.Status == meetings.Superseded && n.Supersedes == old.ID
	})
	tu.settle()
	if bs := find(dd.root, func(b *widget.Button) bool { return strings.Contains(b.Text, "Nouveau règlement intérieur") }); len(bs) != 1 {
		t.Fatal("no link to the decision that supersedes it")
	} else {
		test.Tap(bs[0])
		if dd.title.Text != "Nouveau règlement intérieur" {
			t.Errorf("the link opened %q", dd.title.Text)
		}
		if len(find(dd.root, func(b *widget.Button) bool { return b.Text == "2010-11-14 · Règlement intérieur" })) != 1 {
			t.Error("the newer decision does not link to what it supersedes")
		}
	}
	test.Tap(tu.button(reg.root, "Register"))
	if reg.detail != nil {
		t.Error("Back did not close the decision")
	}
}

// labelAt is the text of a list's row i.
func labelAt(l *widget.List, i int) string {
	o := l.CreateItem()
	l.UpdateItem(i, o)
	return o.(*widget.Label).Text
}

func TestRegisterOfferReview(t *testing.T) {
	tu := newTestUI(t, langEN, func(r *replica.Replica) {
		withRegister(r)
		d := decisionTitled(t, r, "Embauches saisonnières")
		d.ReviewDate = "2011-06-15"
		if err := r.SaveDecision(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	})
	tu.atRegisterNow()
	tu.showScreen(screenDecisions)
	tu.settle()
	reg := tu.decisions.reg
	if len(reg.due) != 1 {
		t.Fatalf("%d reviews due, want 1", len(reg.due))
	}
	if !strings.Contains(labelsIn(reg.reviews), "Review on 2011-06-15: Embauches saisonnières") {
		t.Fatalf("the review is not shown:\n%s", labelsIn(reg.reviews))
	}
	offer := func() {
		test.Tap(tu.button(reg.reviews, "Offer for the next meeting"))
		tu.bg.Wait()
		tu.settle()
	}
	offer()
	if !strings.Contains(labelsIn(reg.reviews), "No planned meeting of its body") {
		t.Fatalf("without a planned meeting:\n%s", labelsIn(reg.reviews))
	}
	m, err := tu.r.CreateMeeting(context.Background(), replica.NewMeeting{Template: meetings.TemplateBlank, Date: "2011-06-07",
		Title: "Assemblée de juin", Language: meetings.French})
	if err != nil {
		t.Fatal(err)
	}
	offer()
	if !strings.Contains(labelsIn(reg.reviews), "On the agenda of Assemblée de juin (2011-06-07)") {
		t.Fatalf("after offering:\n%s", labelsIn(reg.reviews))
	}
	items, _ := tu.r.Agenda(m.ID)
	if len(items) != 1 || items[0].Title != "Révision\u00a0: Embauches saisonnières" {
		t.Fatalf("the meeting's agenda is %v", items)
	}
}

func TestSimilarDecisionsWhileDrafting(t *testing.T) {
	tu := newTestUI(t, langEN, withRegister)
	clock := useFakeClock(tu, meetingStart)
	m, items := liveMeeting(t, tu.r, "Réflexion", []meetings.Item{{Type: meetings.ProposalItem, Title: "Atelier", Timebox: 15 * time.Minute}},
		"Omar", "Jenny", "Heidi")
	tu.openLive(m.ID)
	tu.settle()
	tu.combo(fyne.KeyPageDown, fyne.KeyModifierControl)
	tu.eventually("proposal item started", func() bool { return tu.live.meeting.CurrentItem == items[0].ID })
	c := tu.live.consent
	hints := func() []*linkLabel { return find[*linkLabel](c.root, nil) }

	c.presentText.SetText("Le règlement")
	clock.add(time.Second)
	tu.live.refreshTimes()
	if n := len(hints()); n != 0 {
		t.Fatalf("%d hints for two words", n)
	}
	c.presentText.SetText("Réviser le règlement intérieur de l'atelier")
	tu.live.refreshTimes()
	if n := len(hints()); n != 0 {
		t.Fatal("hints shown before typing paused")
	}
	clock.add(time.Second)
	tu.live.refreshTimes()
	hs := hints()
	if len(hs) == 0 {
		t.Fatal("no similar decision shown")
	}
	want := "You may have decided this on 2010-11-14: Règlement intérieur"
	var link *linkLabel
	for _, h := range hs {
		if h.Text == want {
			link = h
		}
	}
	if link == nil {
		var got []string
		for _, h := range hs {
			got = append(got, h.Text)
		}
		t.Fatalf("hints %q, want %q among them", got, want)
	}
	test.Tap(link)
	tu.settle()
	if !strings.Contains(tu.dialogText(), "Le règlement intérieur de l'atelier est adopté") {
		t.Fatalf("tapping the hint did not open the decision:\n%s", tu.dialogText())
	}
}

// finishedMeeting returns a finished meeting of the sample history.
func finishedMeeting(t *testing.T, r *replica.Replica) meetings.Meeting {
	t.Helper()
	ms, _ := r.Meetings()
	for _, m := range ms {
		if m.Status == meetings.Finished && m.Template == meetings.TemplateMonthlyReflection {
			return m
		}
	}
	t.Fatal("no finished meeting")
	return meetings.Meeting{}
}

func TestMinutesExport(t *testing.T) {
	tu := newTestUI(t, langEN, func(r *replica.Replica) {
		loadSample(r)
		if _, err := r.LoadSampleHistory(context.Background(), replica.SampleHistory{End: "2011-06-01", Weeks: 8, Seed: 3,
			CommitteeMeetingsPerWeek: -1, ProposalsPerMeeting: 2}); err != nil {
			t.Fatal(err)
		}
	})
	m := finishedMeeting(t, tu.r)
	// The preparation of a finished meeting offers its minutes.
	p := tu.openPrep(m.ID)
	test.Tap(tu.button(p.root, "Minutes…"))
	if len(find(tu.topOverlay(), func(c *widget.Check) bool { return c.Text == "Include the speaking-time chart" })) != 1 {
		t.Fatal("the minutes dialog does not offer the chart")
	}
	if got := minutesFileName(m, minutesOptions{PDF: true}); got != m.Date+"-"+strings.ReplaceAll(konbit.Fold(m.Title), " ", "-")+".pdf" {
		t.Errorf("proposed file name %q", got)
	}

	dir := t.TempDir()
	pdf := filepath.Join(dir, "minutes.pdf")
	if err := os.WriteFile(pdf, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	tu.exportMinutes(m.ID, minutesOptions{PDF: true, Paper: "a4", Chart: true}, pdf)
	tu.bg.Wait()
	tu.settle()
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("the PDF minutes were not written (%v): %.20q", err, data)
	}
	if !strings.Contains(tu.dialogText(), "Written to "+pdf) {
		t.Errorf("the user is not told where: %s", tu.dialogText())
	}
	md := filepath.Join(dir, "minutes.md")
	if err := tu.writeMinutes(context.Background(), m.ID, minutesOptions{Lang: meetings.English}, md); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(md)
	if !strings.Contains(string(data), m.Title) {
		t.Errorf("the Markdown minutes do not name the meeting:\n%.300s", data)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// A folder that does not exist: an error, nothing written.
	if err := tu.writeMinutes(context.Background(), m.ID, minutesOptions{}, filepath.Join(dir, "no", "such.md")); err == nil {
		t.Error("writing into a missing folder did not fail")
	}
}

func TestStatisticsView(t *testing.T) {
	tu := newTestUI(t, langEN, withHistory)
	tu.atRegisterNow()
	tu.showScreen(screenDecisions)
	v := tu.decisions.stats
	if len(v.rep.Rows) != 0 {
		t.Fatal("the statistics were computed before they were shown")
	}
	tu.decisions.showStats()
	tu.settle()
	if v.from.Text != "2010-06-02" || v.to.Text != "2011-06-01" {
		t.Errorf("default range %s – %s, want the last twelve months", v.from.Text, v.to.Text)
	}
	if len(v.rep.Rows) < 5 || v.rep.Gini <= 0 {
		t.Fatalf("rows %d, Gini %v", len(v.rep.Rows), v.rep.Gini)
	}
	text := labelsIn(v.root)
	if !strings.Contains(text, "Gini 0.") {
		t.Errorf("no Gini shown:\n%s", text)
	}
	if len(find[*shareBar](v.root, nil)) != len(v.rep.Rows) {
		t.Error("not one bar per row")
	}
	if len(v.trend.months) < 5 {
		t.Errorf("%d months in the trend", len(v.trend.months))
	}
	// Grouped by category: the sample has salaried and freelancers.
	v.by.SetSelected("Category")
	tu.settle()
	text = labelsIn(v.root)
	if !strings.Contains(text, "Salaried") {
		t.Errorf("by category:\n%s", text)
	}
	// Exports.
	dir := t.TempDir()
	for _, kind := range []string{"csv", "png", "trend"} {
		path := filepath.Join(dir, "stats."+kind)
		if err := writeFileAtomic(path, v.exporter(v.rep, kind)); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		if kind == "csv" && !strings.Contains(string(data), "salaried") {
			t.Errorf("CSV:\n%s", data)
		}
		if kind != "csv" && !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s is not a PNG", kind)
		}
	}
	// A range with no meeting says so.
	v.from.SetText("2001-01-01")
	v.to.SetText("2001-12-31")
	tu.settle()
	if !strings.Contains(labelsIn(v.root), "No speaking time") {
		t.Errorf("empty range:\n%s", labelsIn(v.root))
	}
}

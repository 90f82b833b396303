package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestGoldenEvalMyReport is a person's released report of the demo
// campaign, opened with their code, in both languages.
func TestGoldenEvalMyReport(t *testing.T) {
	// A first drawing, thrown away: after the whole suite under the race
	// detector, the first one drew a separator line from Fyne's caches as
	// an earlier test's window had it (as TestGoldenSyncNetwork found).
	warm := openMyReport(t, langEN)
	evalShot(warm)
	for _, l := range []string{langEN, langFR} {
		t.Run(l, func(t *testing.T) {
			tu := openMyReport(t, l)
			test.AssertImageMatches(t, "evalmyreport_"+l+".png", evalShot(tu))
		})
	}
}

// openMyReport opens the demo campaign's first participant's released
// report with their code, in language l.
func openMyReport(t *testing.T, l string) *testUI {
	t.Helper()
	var f evalFixture
	tu := newTestUI(t, l, f.setup)
	person := f.c.Participants[0]
	codes, err := tu.r.ReleaseCodes(context.Background(), f.c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	code := ""
	for _, rc := range codes {
		if rc.Person == person {
			code = rc.Code
		}
	}
	if code == "" {
		t.Fatal("no release code for the person")
	}
	s := openEvaluations(tu, evalTabMine)
	m := s.mine
	m.person.SetSelectedIndex(indexOf(m.people, person))
	test.Type(m.code, code)
	test.Tap(m.openBtn)
	tu.bg.Wait()
	tu.settle()
	if m.body.Objects[0] == m.form {
		t.Fatalf("the report did not open: %q", m.msg.Text)
	}
	return tu
}

// TestEvalMyReportClosesOnTab: a report left open is closed when another
// tab is shown, so that the next person at the laptop does not find it.
func TestEvalMyReportClosesOnTab(t *testing.T) {
	var f evalFixture
	tu := newTestUI(t, langEN, f.setup)
	person := f.c.Participants[1]
	codes, err := tu.r.ReleaseCodes(context.Background(), f.c.ID, []byte("demo"))
	if err != nil {
		t.Fatal(err)
	}
	s := openEvaluations(tu, evalTabMine)
	m := s.mine
	m.person.SetSelectedIndex(indexOf(m.people, person))
	for _, rc := range codes {
		if rc.Person == person {
			test.Type(m.code, rc.Code)
		}
	}
	test.Tap(m.openBtn)
	tu.bg.Wait()
	tu.settle()
	if m.body.Objects[0] == m.form {
		t.Fatalf("the report did not open: %q", m.msg.Text)
	}
	s.tabs.SelectIndex(evalTabFill)
	s.tabs.SelectIndex(evalTabMine)
	if m.body.Objects[0] != m.form || m.code.Text != "" {
		t.Fatal("the report stayed open after another tab was shown")
	}
}

package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/meetings"
)

// Several meeting types can be chosen together: ticked in the pop-up,
// they are the query's templates and only their meetings are counted.
func TestStatisticsSeveralTemplates(t *testing.T) {
	tu := newTestUI(t, langEN, withHistory)
	tu.atRegisterNow()
	tu.showScreen(screenDecisions)
	tu.decisions.showStats()
	tu.settle()
	v := tu.decisions.stats
	all := len(v.rep.Meetings)
	if v.template.menu.Selected != "All types" || len(v.query().Templates) != 0 {
		t.Fatalf("at first %q, templates %v", v.template.menu.Selected, v.query().Templates)
	}

	test.Tap(v.template.menu)
	checks := find[*widget.Check](tu.topOverlay(), nil)
	if len(checks) != len(v.template.keys) {
		t.Fatalf("%d check boxes for %d templates", len(checks), len(v.template.keys))
	}
	for _, c := range checks {
		if c.Text == "Weekly production meeting" || c.Text == "Monthly reflection meeting" {
			test.Tap(c)
		}
	}
	tu.settle()
	want := []string{meetings.TemplateWeeklyProduction, meetings.TemplateMonthlyReflection}
	if got := v.query().Templates; !slices.Equal(got, want) {
		t.Fatalf("templates %v, want %v", got, want)
	}
	if v.template.menu.Selected != "2 types" {
		t.Errorf("the menu says %q", v.template.menu.Selected)
	}
	if len(v.rep.Meetings) == 0 || len(v.rep.Meetings) >= all {
		t.Fatalf("%d meetings of two types, %d of all", len(v.rep.Meetings), all)
	}
	for _, me := range v.rep.Meetings {
		if m, _, _ := tu.r.Meeting(me.ID); !slices.Contains(want, m.Template) {
			t.Fatalf("a %s meeting counted", m.Template)
		}
	}

	// One left: the menu names it; "All types" clears the choice.
	test.Tap(tu.button(tu.topOverlay(), "All types"))
	tu.settle()
	if len(v.query().Templates) != 0 || len(v.rep.Meetings) != all {
		t.Fatalf("after All types: templates %v, %d meetings", v.query().Templates, len(v.rep.Meetings))
	}
	v.template.choose([]string{meetings.TemplateMonthlyReflection})
	tu.settle()
	if v.template.menu.Selected != "Monthly reflection meeting" {
		t.Errorf("one type chosen, the menu says %q", v.template.menu.Selected)
	}
	// The choice outlives a reload of the templates.
	ts, _ := tu.r.Templates()
	v.template.set(ts, langEN)
	if !slices.Equal(v.template.chosen, []string{meetings.TemplateMonthlyReflection}) {
		t.Errorf("after a reload: %v", v.template.chosen)
	}
}

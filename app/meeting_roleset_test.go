package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
)

// openRoleSet shows the roles tab and opens its role set editor.
func (tu *testUI) openRoleSet(p *meetingPrep) *roleSetEditor {
	tu.t.Helper()
	p.tabs.SelectIndex(prepRoles)
	test.Tap(tu.button(p.roles.root, "Edit roles"))
	if p.roles.roleEditor == nil {
		tu.t.Fatal("Edit roles did not open the editor")
	}
	return p.roles.roleEditor
}

// rowOf is the index of the role with key in the editor, -1 if none.
func (e *roleSetEditor) rowOf(key string) int {
	return slices.IndexFunc(e.rows, func(r *roleSetRow) bool { return r.key == key })
}

// A role added ("Greeter", « Accueil ») and one removed (the interpreter)
// make the organisation's role set; the roles tab and its suggestions use
// it at once.
func TestEditRoleSet(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	e := tu.openRoleSet(p)
	if len(e.rows) != 6 || e.rows[0].en.Text != "Facilitator" || e.rows[0].fr.Text != "Animation" {
		t.Fatalf("the editor starts with %d roles", len(e.rows))
	}

	test.Tap(tu.button(tu.topOverlay(), "Add role"))
	added := e.rows[len(e.rows)-1]
	test.Type(added.en, "Greeter")
	test.Type(added.fr, "Accueil")
	i := e.rowOf(meetings.Interpreter)
	buttons := find[*widget.Button](e.list.Objects[i], nil) // up, down, remove
	if len(buttons) != 3 {
		t.Fatalf("%d buttons on the interpreter's row", len(buttons))
	}
	test.Tap(buttons[2])
	// The greeter comes first: moved up past the five other roles.
	for j := len(e.rows) - 1; j > 0; j-- {
		e.move(j, -1)
	}
	test.Tap(tu.button(tu.topOverlay(), "Save"))
	tu.bg.Wait()
	tu.eventually("the role set is saved", func() bool {
		set, _ := tu.r.RoleSet()
		return slices.Contains(set.Keys(), "greeter")
	})
	set, _ := tu.r.RoleSet()
	want := []string{"greeter", meetings.Facilitator, meetings.NoteTaker, meetings.TimeKeeper, meetings.QueueKeeper, meetings.MoodWatcher}
	if !slices.Equal(set.Keys(), want) {
		t.Errorf("role set %v, want %v", set.Keys(), want)
	}
	if set.Label("greeter", meetings.English) != "Greeter" || set.Label("greeter", meetings.French) != "Accueil" {
		t.Errorf("greeter labelled %+v", set.Roles[0])
	}
	if p.roles.roleEditor != nil {
		t.Error("the editor is still open after saving")
	}
	tu.settle()
	if got := roleLabels(p); !slices.Equal(got, []string{"Greeter", "Facilitator", "Note-taker", "Time-keeper", "Speaking-queue keeper", "Mood watcher"}) {
		t.Errorf("the roles tab shows %v", got)
	}

	// The suggestions cover the new role, named by its label.
	tu.checkIn(p, "Om", "Ant", "Sam", "Jen", "Hei", "Lyd", "Yann")
	tu.eventually("seven people are present", func() bool { return len(presentNames(t, tu.r, id)) == 7 })
	tu.settle()
	p.tabs.SelectIndex(prepRoles)
	test.Tap(p.roles.suggest)
	tu.settle()
	var greeter *meetings.Suggestion
	for _, s := range p.roles.suggestions {
		if s.Role == meetings.Interpreter {
			t.Error("the removed interpreter is still suggested")
		}
		if s.Role == "greeter" {
			greeter = &s
		}
	}
	if greeter == nil {
		t.Fatal("no greeter suggested")
	}
	if got := p.roles.suggestionText(*greeter); !strings.Contains(got, "never held the role “Greeter”") {
		t.Errorf("the greeter's suggestion says %q", got)
	}
}

// roleLabels lists the roles the roles tab shows, in order.
func roleLabels(p *meetingPrep) []string {
	var out []string
	for _, r := range p.roles.rows.Objects {
		out = append(out, find[*widget.Label](r, nil)[0].Text)
	}
	return out
}

// A set the meetings could not use is refused with a message, the
// editor stays open, and nothing is written.
func TestRoleSetRefusesInvalid(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	e := tu.openRoleSet(p)
	save := func() string {
		t.Helper()
		test.Tap(tu.button(tu.topOverlay(), "Save"))
		tu.bg.Wait()
		tu.settle()
		if p.roles.roleEditor != e {
			t.Fatal("the editor closed on an invalid role set")
		}
		if !e.errMsg.Visible() {
			t.Fatal("no message shown")
		}
		return e.errMsg.Text
	}

	e.rows[2].fr.SetText("  ")
	if got := save(); got != "Role 3 needs a label in English and in French." {
		t.Errorf("empty label: %q", got)
	}
	e.rows[2].fr.SetText("Gardien·ne du temps")

	e.add()
	e.rows[len(e.rows)-1].en.SetText("Facilitator")
	e.rows[len(e.rows)-1].fr.SetText("Animation bis")
	if got := save(); got != "Two roles would both be “facilitator”: give them different English labels." {
		t.Errorf("duplicate key: %q", got)
	}

	e.rows[len(e.rows)-1].en.SetText("!!!") // no letter to make a key of
	if got := save(); !strings.Contains(got, "has no key") {
		t.Errorf("domain error: %q", got)
	}

	for len(e.rows) > 0 {
		e.remove(0)
	}
	if got := save(); got != "Keep at least one role." {
		t.Errorf("no role: %q", got)
	}

	set, _ := tu.r.RoleSet()
	if !slices.Equal(set.Keys(), meetings.DefaultRoleSet().Keys()) {
		t.Errorf("the role set changed: %v", set.Keys())
	}
	if got := roleLabels(p); len(got) != 6 || got[5] != "Interpreter" {
		t.Errorf("the roles tab shows %v", got)
	}
}

func TestRoleKey(t *testing.T) {
	for in, want := range map[string]string{
		"Greeter": "greeter", "Speaking-queue keeper": "speaking-queue-keeper", "  Mood   watcher ": "mood-watcher",
		"Café host": "café-host", "!!!": "",
	} {
		if got := roleKey(in); got != want {
			t.Errorf("roleKey(%q) = %q, want %q", in, got, want)
		}
	}
}

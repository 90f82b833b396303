package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// fixedNow is the clock of the meeting tests: a Tuesday evening.
var fixedNow = time.Date(2011, 5, 17, 18, 5, 0, 0, time.Local)

// sampleMeeting loads the sample organisation and creates a meeting of
// the work collective from a template, dated fixedNow.
func sampleMeeting(template, language string, id *uuid.UUID) func(*replica.Replica) {
	return func(r *replica.Replica) {
		loadSample(r)
		m, err := r.CreateMeeting(context.Background(), replica.NewMeeting{
			Template: template, Date: fixedNow.Format(meetings.DateLayout), Time: "18:00", Language: language,
		})
		if err != nil {
			panic(err)
		}
		*id = m.ID
	}
}

// openPrep shows the preparation of a meeting.
func (tu *testUI) openPrep(id uuid.UUID) *meetingPrep {
	tu.t.Helper()
	tu.clock = func() time.Time { return fixedNow }
	tu.showScreen(screenMeetings)
	tu.settle()
	tu.meetings.open(id)
	tu.settle()
	if tu.meetings.prep == nil || tu.meetings.prep.id != id {
		tu.t.Fatal("the meeting's preparation did not open")
	}
	return tu.meetings.prep
}

func TestCreateMeetingFromTemplate(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	tu.clock = func() time.Time { return fixedNow }
	tu.showScreen(screenMeetings)
	tu.settle()

	// Ctrl+N opens the dialog on the Meetings screen.
	tu.meetings.typedNew(shortcutNewMeeting) // the test canvas cannot type shortcuts
	if tu.meetings.newForm == nil {
		t.Fatal("Ctrl+N did not open the new meeting dialog")
	}
	dlg := tu.topOverlay()
	tmpl, err := tu.r.Template(meetings.TemplateMonthlyReflection)
	if err != nil {
		t.Fatal(err)
	}
	selects := find[*widget.Select](dlg, nil) // template, body, language
	if len(selects) != 3 {
		t.Fatalf("%d selects in the dialog, want 3", len(selects))
	}
	selects[0].SetSelected(tmpl.Name(langEN))
	entries := find[*widget.Entry](dlg, nil) // date, time, title
	if len(entries) != 3 {
		t.Fatalf("%d entries in the dialog, want 3", len(entries))
	}
	if entries[0].Text != "2011-05-17" {
		t.Errorf("date defaults to %q, want today 2011-05-17", entries[0].Text)
	}
	entries[0].SetText("")
	test.Type(entries[0], "2011-06-07")
	test.Type(entries[1], "9:30")
	test.Type(entries[2], "June reflection")
	test.Tap(tu.button(dlg, "Create"))

	var m meetings.Meeting
	tu.eventually("the meeting is created", func() bool {
		all, _ := tu.r.Meetings()
		for _, x := range all {
			if x.Title == "June reflection" {
				m = x
				return true
			}
		}
		return false
	})
	if m.Template != meetings.TemplateMonthlyReflection || m.Date != "2011-06-07" || m.Time != "09:30" ||
		m.Language != meetings.English || m.Body != uuid.Nil {
		t.Errorf("created %+v", m)
	}
	items, _ := tu.r.Agenda(m.ID)
	want := tmpl.Instantiate(m.ID, meetings.English)
	if len(items) != len(want) || len(items) == 0 {
		t.Fatalf("%d agenda items, want the template's %d", len(items), len(want))
	}
	for i := range want {
		if items[i].Title != want[i].Title || items[i].Kind != want[i].Kind {
			t.Errorf("item %d is %q (%s), want %q (%s)", i, items[i].Title, items[i].Kind, want[i].Title, want[i].Kind)
		}
	}
	tu.eventually("the new meeting opens", func() bool { return tu.meetings.prep != nil && tu.meetings.prep.id == m.ID })
	tu.settle()
	if got := tu.meetings.prep.title.Text; got != "June reflection" {
		t.Errorf("preparation titled %q", got)
	}
	if n := len(tu.meetings.prep.agenda.items); n != len(want) {
		t.Errorf("the agenda tab shows %d items, want %d", n, len(want))
	}
}

// checkIn types the first letters of each name, then Enter, in the
// attendance box.
func (tu *testUI) checkIn(p *meetingPrep, prefixes ...string) {
	tu.t.Helper()
	p.tabs.SelectIndex(prepAttendance)
	box := p.attendance.filter
	for _, pre := range prefixes {
		test.Type(box, pre)
		box.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if box.Text != "" {
			tu.t.Fatalf("the box still holds %q after Enter", box.Text)
		}
	}
}

// presentNames lists who is marked present at a meeting.
func presentNames(t *testing.T, r *replica.Replica, meeting uuid.UUID) []string {
	t.Helper()
	marks, err := r.Attendance(context.Background(), meeting)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, mk := range marks {
		if mk.Status == meetings.Present {
			m, err := r.Member(mk.Member)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m.Name)
		}
	}
	slices.Sort(out)
	return out
}

func TestCheckInFivePeopleByKeyboard(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)

	// "cla" finds Marie-Claude by the start of a word of her name.
	test.Type(p.attendance.filter, "cla")
	if len(p.attendance.shown) != 1 || p.attendance.shown[0].Name != "Marie-Claude" {
		t.Errorf("cla shows %v", p.attendance.shown)
	}
	p.attendance.filter.SetText("")

	tu.checkIn(p, "Om", "ant", "Sam", "jen", "héi")
	want := []string{"Antoine", "Heidi", "Jenny", "Omar", "Samuel"}
	tu.eventually("five people are present", func() bool { return slices.Equal(presentNames(t, tu.r, id), want) })
	tu.settle()
	if got := p.attendance.summary.Text; !strings.HasPrefix(got, "5 present") {
		t.Errorf("summary %q", got)
	}

	// The row buttons give the other statuses.
	p.attendance.filter.SetText("Omar")
	o := p.attendance.list
	test.Tap(tu.button(o, "Excused"))
	tu.eventually("Omar is excused", func() bool {
		marks, _ := tu.r.Attendance(context.Background(), id)
		for _, mk := range marks {
			if m, _ := tu.r.Member(mk.Member); m.Name == "Omar" {
				return mk.Status == meetings.Excused
			}
		}
		return false
	})
}

func TestAcceptSuggestedRoles(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	tu.checkIn(p, "Om", "Ant", "Sam", "Jen", "Hei", "Lyd", "Yann")
	tu.eventually("seven people are present", func() bool { return len(presentNames(t, tu.r, id)) == 7 })
	tu.settle()

	p.tabs.SelectIndex(prepRoles)
	test.Tap(p.roles.suggest)
	set, _ := tu.r.RoleSet()
	if len(p.roles.suggestions) != len(set.Roles) {
		t.Fatalf("%d suggestions, want %d", len(p.roles.suggestions), len(set.Roles))
	}
	if labelsContaining(p.roles.root, "never facilitated") == 0 {
		t.Error("the suggestions do not say why")
	}
	first := p.roles.suggestions
	test.Tap(p.roles.again)
	if len(p.roles.suggestions) != len(first) {
		t.Fatal("drawing again lost suggestions")
	}
	test.Tap(p.roles.accept)

	present := presentNames(t, tu.r, id)
	var roles []meetings.Assignment
	tu.eventually("the roles are assigned", func() bool {
		roles, _ = tu.r.Roles(id)
		return len(roles) == len(set.Roles)
	})
	holders := map[uuid.UUID]bool{}
	for _, a := range roles {
		m, err := tu.r.Member(a.Member)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(present, m.Name) {
			t.Errorf("%s holds %s but is not present", m.Name, a.Role)
		}
		if holders[a.Member] {
			t.Errorf("%s holds two roles", m.Name)
		}
		holders[a.Member] = true
		if !strings.HasPrefix(a.Reason, "never ") {
			t.Errorf("reason for %s: %q", a.Role, a.Reason)
		}
	}
	tu.settle()
	if len(p.roles.suggestions) != 0 {
		t.Error("suggestions still pending after accepting")
	}
	if n := labelsContaining(p.roles.rows, "never "); n != len(set.Roles) {
		t.Errorf("%d reasons shown, want %d", n, len(set.Roles))
	}

	// A hand choice overrides a role.
	sel := find[*widget.Select](p.roles.rows, nil)[0] // facilitator
	sel.SetSelected("Lydie")
	tu.eventually("Lydie facilitates", func() bool {
		roles, _ := tu.r.Roles(id)
		for _, a := range roles {
			if a.Role == meetings.Facilitator {
				m, _ := tu.r.Member(a.Member)
				return m.Name == "Lydie"
			}
		}
		return false
	})
}

// labelsContaining counts the labels in o whose text contains s.
func labelsContaining(o fyne.CanvasObject, s string) int {
	return len(find(o, func(l *widget.Label) bool { return strings.Contains(l.Text, s) }))
}

func TestAgendaAddAndMove(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	before, _ := tu.r.Agenda(id)

	test.Tap(tu.button(p.agenda.root, "Add item"))
	dlg := tu.topOverlay()
	selects := find[*widget.Select](dlg, nil) // type, presenter
	selects[0].SetSelected("Proposal")
	selects[1].SetSelected("Heidi")
	entries := find[*widget.Entry](dlg, nil) // title, timebox, session, notes
	test.Type(entries[0], "Buy a projector")
	test.Type(entries[1], "20")
	test.Tap(tu.button(dlg, "Add"))

	var added meetings.Item
	tu.eventually("the item is added last", func() bool {
		items, _ := tu.r.Agenda(id)
		if len(items) != len(before)+1 {
			return false
		}
		added = items[len(items)-1]
		return true
	})
	heidi := memberNamed(t, tu.r, "Heidi")
	if added.Title != "Buy a projector" || added.Type != meetings.ProposalItem || added.Timebox != 20*time.Minute || added.Presenter != heidi.ID {
		t.Errorf("added %+v", added)
	}
	tu.settle()
	if p.agenda.selected != added.ID {
		t.Fatal("the new item is not selected")
	}

	indexOf := func() int {
		items, _ := tu.r.Agenda(id)
		return slices.IndexFunc(items, func(it meetings.Item) bool { return it.ID == added.ID })
	}
	test.Tap(p.agenda.up)
	tu.eventually("the item moves up", func() bool { return indexOf() == len(before)-1 })
	tu.settle()
	p.agenda.list.TypedShortcut(shortcutMoveUp)
	tu.eventually("Alt+Up moves it up again", func() bool { return indexOf() == len(before)-2 })
	tu.settle()
	p.agenda.list.TypedShortcut(shortcutMoveDown)
	tu.eventually("Alt+Down moves it down", func() bool { return indexOf() == len(before)-1 })
	tu.settle()
	if p.agenda.selected != added.ID || p.agenda.index() != len(before)-1 {
		t.Error("the moved item did not stay selected")
	}
	items, _ := tu.r.Agenda(id)
	for i := range before[:len(before)-1] {
		if items[i].ID != before[i].ID {
			t.Errorf("item %d changed place", i)
		}
	}
}

func TestRoundOfCommitteesAndActions(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	vente := committeeNamed(t, tu.r, "Vente")

	p.tabs.SelectIndex(prepRound)
	note := p.round.notes[vente.ID]
	test.Type(note, "Two quotes sent")
	note.FocusLost()
	tu.eventually("the note is saved", func() bool {
		reps, _ := tu.r.Reports(id)
		return len(reps) == 1 && reps[0].Committee == vente.ID && reps[0].Note == "Two quotes sent"
	})

	p.tabs.SelectIndex(prepActions)
	test.Tap(tu.button(p.actions.root, "Add action"))
	dlg := tu.topOverlay()
	test.Type(find[*widget.Entry](dlg, nil)[0], "Call the printer")
	find[*widget.Select](dlg, nil)[0].SetSelected("Committee: Vente")
	test.Tap(tu.button(dlg, "Add"))
	tu.eventually("the action is saved", func() bool {
		as, _ := tu.r.Actions(uuid.Nil)
		return len(as) == 1 && as[0].Owner == vente.ID && as[0].OwnerIsCommittee
	})
	tu.settle()
	check := find[*widget.Check](p.actions.list, nil)[0]
	test.Tap(check)
	tu.eventually("the action is done", func() bool {
		as, _ := tu.r.Actions(uuid.Nil)
		return len(as) == 1 && as[0].Done && as[0].DoneAt.Equal(fixedNow)
	})
}

func TestReasonText(t *testing.T) {
	if err := loadLanguage(langFR); err != nil {
		t.Fatal(err)
	}
	fr := map[meetings.Reason]string{
		{Code: meetings.ReasonFewest, Count: 0, Window: 10, Role: meetings.Facilitator}: "a animé 0 fois lors des 10 dernières réunions",
		{Code: meetings.ReasonNever, Role: meetings.NoteTaker}:                          "n'a jamais pris de notes",
		{Code: meetings.ReasonFewest, Count: 2, Window: 1, Role: meetings.TimeKeeper}:   "a gardé le temps 2 fois lors de la dernière réunion",
		{Code: meetings.ReasonNoneLeft, Role: meetings.Interpreter}:                     "chaque personne présente a déjà un rôle",
	}
	for r, want := range fr {
		if got := reasonText(r, langFR); got != want {
			t.Errorf("%+v: %q, want %q", r, got, want)
		}
	}
	if err := loadLanguage(langEN); err != nil {
		t.Fatal(err)
	}
	// In English the sentences are the domain's own.
	for _, role := range meetings.DefaultRoleSet().Keys() {
		for _, r := range []meetings.Reason{
			{Code: meetings.ReasonNever, Role: role},
			{Code: meetings.ReasonFewest, Count: 0, Window: 10, Role: role},
			{Code: meetings.ReasonFewest, Count: 1, Window: 10, Role: role},
			{Code: meetings.ReasonNoneLeft, Role: role},
		} {
			if got, want := reasonText(r, langEN), r.String(); got != want {
				t.Errorf("%+v: %q, want %q", r, got, want)
			}
		}
	}
}

func TestStartMeetingOpensLive(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	if p.start.Text != "Start meeting" {
		t.Fatalf("button %q", p.start.Text)
	}
	test.Tap(p.start)
	tu.eventually("the live meeting opens", func() bool { return tu.live != nil })
	m, _, err := tu.r.Meeting(id)
	if err != nil || m.Status != meetings.Live || !m.StartedAt.Equal(fixedNow) {
		t.Errorf("meeting %+v, %v", m, err)
	}
	tu.closeLive()
	tu.settle()
	if tu.meetingsTab.Objects[0] != tu.meetings.root || tu.meetings.prep != p {
		t.Fatal("closing the live meeting does not come back to its preparation")
	}
	if p.start.Text != "Resume live meeting" {
		t.Errorf("button %q", p.start.Text)
	}
	test.Tap(p.start)
	tu.eventually("the live meeting opens again", func() bool { return tu.live != nil })
	tu.closeLive()
}

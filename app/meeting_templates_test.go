package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// An agenda edited in a meeting's preparation (an item removed, one
// added, a timebox changed) becomes its template's agenda after the
// confirmation; a meeting created from the template afterwards, in the
// other language, starts with it.
func TestSaveAgendaAsTemplate(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateMonthlyReflection, meetings.English, &id))
	p := tu.openPrep(id)
	ctx := context.Background()
	items, _ := tu.r.Agenda(id)
	if len(items) != 2 || items[0].Kind != meetings.KindMembershipCheck {
		t.Fatalf("the monthly reflection starts with %+v", items)
	}
	if err := tu.r.RemoveItem(ctx, items[0].ID); err != nil { // the membership check
		t.Fatal(err)
	}
	committees := items[1]
	committees.Timebox = 45 * time.Minute
	if err := tu.r.SaveItem(ctx, committees); err != nil {
		t.Fatal(err)
	}
	if _, err := tu.r.AddItem(ctx, meetings.Item{Meeting: id, Type: meetings.ProposalItem, Title: "Budget", Timebox: 20 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	tu.settle()

	test.Tap(tu.button(p.agenda.root, "Save agenda as template"))
	if got := tu.dialogText(); !strings.Contains(got, "“Monthly reflection meeting”") || !strings.Contains(got, "2 items, 1 h 05") {
		t.Errorf("the confirmation says %q", got)
	}
	test.Tap(tu.button(tu.topOverlay(), "Save as template"))
	tu.bg.Wait()
	tu.settle()
	if got := tu.dialogText(); !strings.Contains(got, "Template saved") {
		t.Errorf("after saving the dialog says %q", got)
	}

	tmpl, err := tu.r.Template(meetings.TemplateMonthlyReflection)
	if err != nil {
		t.Fatal(err)
	}
	want := []meetings.TemplateItem{
		// From the template, unchanged title: keeps its French title.
		{Type: meetings.InfoItem, Kind: meetings.KindRoundCommittees, TitleEN: "Round of committees", TitleFR: "Tour des comités", Timebox: 45 * time.Minute},
		// New: one title for both languages.
		{Type: meetings.ProposalItem, Kind: meetings.KindNormal, TitleEN: "Budget", TitleFR: "Budget", Timebox: 20 * time.Minute},
	}
	if !slices.Equal(tmpl.Items, want) {
		t.Errorf("template items %+v, want %+v", tmpl.Items, want)
	}
	if tmpl.NameEN != "Monthly reflection meeting" || tmpl.ID != meetings.TemplateID(meetings.TemplateMonthlyReflection) {
		t.Errorf("template %+v", tmpl)
	}

	m, err := tu.r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateMonthlyReflection, Date: "2011-06-14", Language: meetings.French})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := tu.r.Agenda(m.ID)
	var titles []string
	for _, it := range got {
		titles = append(titles, it.Title)
	}
	if !slices.Equal(titles, []string{"Tour des comités", "Budget"}) || got[0].Timebox != 45*time.Minute || got[1].Type != meetings.ProposalItem {
		t.Errorf("the new meeting's agenda is %v (%+v)", titles, got)
	}
}

// Sessions follow the agenda: the template's that are still used, in
// their order, then new ones; a retitled item has its new title in both
// languages.
func TestAgendaAsTemplateSessions(t *testing.T) {
	var weekend meetings.Template
	for _, d := range meetings.DefaultTemplates() {
		if d.Key == meetings.TemplateWeekend {
			weekend = d
		}
	}
	m := uuid.New()
	items := weekend.Instantiate(m, meetings.French)
	items = slices.Delete(items, 2, 3) // the workshops, the only item of Saturday afternoon
	items[1].Title = "Bilan de l'année et des comptes"
	items = append(items, meetings.Item{Meeting: m, Type: meetings.InfoItem, Kind: meetings.KindNormal, Title: "Pique-nique", Session: "Dimanche après-midi"})
	got := agendaAsTemplate(weekend, items, meetings.French)
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Saturday morning", "Sunday morning", "Dimanche après-midi"}; !slices.Equal(got.Sessions, want) {
		t.Errorf("sessions %q, want %q", got.Sessions, want)
	}
	if it := got.Items[0]; it.TitleEN != "Opening round" || it.TitleFR != "Tour d'ouverture" {
		t.Errorf("unchanged item %+v", it)
	}
	if it := got.Items[1]; it.TitleEN != "Bilan de l'année et des comptes" || it.TitleFR != it.TitleEN {
		t.Errorf("retitled item %+v", it)
	}
	if len(got.Items) != 5 || got.Items[4].Session != "Dimanche après-midi" {
		t.Errorf("items %+v", got.Items)
	}
}

func TestRenameAndResetTemplate(t *testing.T) {
	var id uuid.UUID
	tu := newTestUI(t, langEN, sampleMeeting(meetings.TemplateCommittee, meetings.English, &id))
	tu.showScreen(screenMeetings)
	tu.settle()
	test.Tap(tu.button(tu.meetings.root, "Templates"))
	d := tu.meetings.templates
	if d == nil || len(d.templates) != len(meetings.DefaultTemplates()) {
		t.Fatal("the Templates dialog does not list the templates")
	}
	text := tu.dialogText()
	for _, want := range []string{"Weekly production meeting", "2 items, 55 min", "General assembly", "5 items, 1 h 45", "Blank meeting", "no items"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, text)
		}
	}
	i := slices.IndexFunc(d.templates, func(x meetings.Template) bool { return x.Key == meetings.TemplateCommittee })
	row := d.rows.Objects[i]
	reset := find(row, func(b *widget.Button) bool { return b.Text == "Reset" })[0]
	if !reset.Disabled() {
		t.Error("a template as shipped can be reset")
	}

	test.Tap(tu.button(row, "Rename"))
	entries := find[*widget.Entry](tu.topOverlay(), nil)
	if len(entries) != 2 || entries[0].Text != "Committee meeting" || entries[1].Text != "Réunion de comité" {
		t.Fatalf("rename form %v", entries)
	}
	entries[0].SetText("Committee huddle")
	entries[1].SetText("Caucus de comité")
	test.Tap(tu.button(tu.topOverlay(), "Save"))
	tu.bg.Wait()
	tu.eventually("the template is renamed", func() bool {
		tm, _ := tu.r.Template(meetings.TemplateCommittee)
		return tm.NameEN == "Committee huddle" && tm.NameFR == "Caucus de comité"
	})
	tu.settle()
	text = tu.dialogText()
	if !strings.Contains(text, "Committee huddle") || !strings.Contains(text, "changed from the default") {
		t.Errorf("the dialog shows:\n%s", text)
	}
	tm, _ := tu.r.Template(meetings.TemplateCommittee)
	if len(tm.Items) != 2 {
		t.Errorf("renaming changed the agenda: %+v", tm.Items)
	}

	row = tu.meetings.templates.rows.Objects[i]
	reset = find(row, func(b *widget.Button) bool { return b.Text == "Reset" })[0]
	if reset.Disabled() {
		t.Fatal("an edited template cannot be reset")
	}
	test.Tap(reset)
	if got := tu.dialogText(); !strings.Contains(got, "“Committee huddle” will get back") {
		t.Errorf("the reset confirmation says %q", got)
	}
	test.Tap(tu.button(tu.topOverlay(), "Reset"))
	tu.bg.Wait()
	tu.eventually("the template is reset", func() bool {
		tm, _ := tu.r.Template(meetings.TemplateCommittee)
		return tm.NameEN == "Committee meeting" && tm.NameFR == "Réunion de comité"
	})
	tu.settle()
	if text := tu.dialogText(); strings.Contains(text, "Committee huddle") {
		t.Errorf("the dialog still shows the old name:\n%s", text)
	}
}

package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit"
)

func TestEmptyStateLoadsSample(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	s := tu.members
	if s.root.Objects[0] != s.empty {
		t.Fatal("an empty replica should show the welcome")
	}
	test.Tap(tu.button(s.root, "Load the sample organisation"))
	tu.eventually("26 members listed", func() bool { return len(s.shown) == 26 })
	if members, _ := tu.r.Members(); len(members) != 26 {
		t.Fatalf("replica has %d members, want 26", len(members))
	}
	if s.root.Objects[0] != s.main {
		t.Fatal("the list should replace the welcome")
	}
	if got := s.total.Text; got != "26 members" {
		t.Errorf("total = %q", got)
	}
	// The committees tab follows too.
	tu.eventually("13 committees listed", func() bool { return len(tu.committees.committees) == 13 })
}

func TestAddMemberThroughTheForm(t *testing.T) {
	tu := newTestUI(t, langEN, nil)
	s := tu.members
	test.Tap(tu.button(s.root, "Add a member"))
	f := s.form
	if f == nil || s.root.Objects[0] != s.main {
		t.Fatal("Add a member should open an empty form")
	}

	// Saving without a name is refused, with a message in the language.
	tu.save(f)
	if !f.status.Visible() || f.status.Text != "A name is required." {
		t.Fatalf("status = %q", f.status.Text)
	}

	test.Type(f.name, "Rosalie")
	f.category.SetSelected("Freelancer")
	test.Type(f.hours, "90")
	tu.save(f)
	if f.status.Text != "Weekly hours must be a number from 0 to 80." {
		t.Fatalf("status = %q", f.status.Text)
	}
	if members, _ := tu.r.Members(); len(members) != 0 {
		t.Fatal("an invalid member was saved")
	}
	f.hours.SetText("")
	test.Type(f.hours, "17,5")
	test.Tap(f.langs[0]) // French
	test.Type(f.otherLangs, "ES, ht")
	test.Type(f.gender, "femme")
	tu.save(f)

	m := memberNamed(t, tu.r, "Rosalie")
	want := konbit.Member{ID: m.ID, Name: "Rosalie", Category: konbit.Freelancer, WeeklyHours: 17.5,
		Languages: []string{"es", "fr", "ht"}, Gender: "femme"}
	if m.Name != want.Name || m.Category != want.Category || m.WeeklyHours != want.WeeklyHours ||
		!slices.Equal(m.Languages, want.Languages) || m.Gender != want.Gender {
		t.Fatalf("saved %+v, want %+v", m, want)
	}
	if f.status.Text != "Rosalie saved." {
		t.Errorf("status = %q", f.status.Text)
	}
	if !f.del.Visible() || f.id != m.ID {
		t.Error("after saving, the form should edit the new member")
	}
	tu.eventually("the new member listed and selected", func() bool {
		return len(s.shown) == 1 && s.shown[0].ID == m.ID
	})
	if len(f.rows) != 0 {
		t.Error("no committee exists, so none should be offered")
	}
}

func TestEditMemberKeepsOtherFields(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	before := memberNamed(t, tu.r, "Omar")
	seatsBefore := seatsOf(tu.r, before)
	f := tu.selectMember("Omar")
	if f.hours.Text != "35" || f.name.Text != "Omar" || f.category.Selected != "Salaried" || f.gender.Text != "homme" {
		t.Fatalf("form shows %q %q %q %q", f.name.Text, f.category.Selected, f.hours.Text, f.gender.Text)
	}
	if f.save.Disabled() == false {
		t.Error("Save should wait for a change")
	}
	f.hours.SetText("")
	test.Type(f.hours, "30")
	if f.save.Disabled() {
		t.Fatal("Save should be enabled after an edit")
	}
	tu.save(f)

	after := memberNamed(t, tu.r, "Omar")
	if after.WeeklyHours != 30 {
		t.Fatalf("hours = %v, want 30", after.WeeklyHours)
	}
	after.WeeklyHours = before.WeeklyHours
	if after.Name != before.Name || after.Category != before.Category || after.Gender != before.Gender ||
		!slices.Equal(after.Languages, before.Languages) {
		t.Errorf("other fields changed: %+v, was %+v", after, before)
	}
	if got := seatsOf(tu.r, after); !mapsEqual(got, seatsBefore) {
		t.Errorf("committees changed: %v, was %v", got, seatsBefore)
	}
	tu.eventually("list shows 30 h", func() bool {
		for _, m := range tu.members.shown {
			if m.Name == "Omar" {
				return m.WeeklyHours == 30
			}
		}
		return false
	})
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// An edit merged from another laptop while the form is open shows in the
// fields the user has not touched, and saving keeps it.
func TestEditMergesConcurrentChange(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	f := tu.selectMember("Jenny")
	f.hours.SetText("")
	test.Type(f.hours, "32")

	// Meanwhile (as if merged from a bundle) her languages change.
	m := memberNamed(t, tu.r, "Jenny")
	m.Languages = []string{"en", "fr"}
	if err := tu.r.UpdateMember(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	tu.eventually("the form to show the new languages", func() bool { return f.langs[1].Checked })
	if f.hours.Text != "32" {
		t.Fatalf("the user's unsaved edit was lost: hours %q", f.hours.Text)
	}
	tu.save(f)
	got := memberNamed(t, tu.r, "Jenny")
	if got.WeeklyHours != 32 || !slices.Equal(got.Languages, []string{"en", "fr"}) {
		t.Fatalf("got %+v", got)
	}
}

func TestDeleteMember(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	omar := memberNamed(t, tu.r, "Omar")
	f := tu.selectMember("Omar")
	test.Tap(f.del)
	if !strings.Contains(tu.dialogText(), "Delete Omar?") {
		t.Fatalf("confirm dialog says %q", tu.dialogText())
	}
	// Cancel first: nothing happens.
	test.Tap(tu.button(tu.topOverlay(), "Cancel"))
	if _, err := tu.r.Member(omar.ID); err != nil {
		t.Fatal("cancel deleted the member")
	}
	test.Tap(f.del)
	test.Tap(tu.button(tu.topOverlay(), "Delete"))
	if _, err := tu.r.Member(omar.ID); err == nil {
		t.Fatal("the member is still there")
	}
	if len(seatsOf(tu.r, omar)) != 0 {
		t.Error("their committee seats are still there")
	}
	if tu.members.form != nil {
		t.Error("the form should close")
	}
	tu.eventually("25 members listed", func() bool { return len(tu.members.shown) == 25 })
}

// A member deleted on another laptop while their form is open: the form
// closes and says why.
func TestMemberDeletedElsewhere(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	f := tu.selectMember("Matt")
	if err := tu.r.RemoveMember(context.Background(), f.id); err != nil {
		t.Fatal(err)
	}
	tu.eventually("the form to close", func() bool { return tu.members.form == nil })
	if !strings.Contains(tu.dialogText(), "The card of Matt was deleted") {
		t.Errorf("dialog says %q", tu.dialogText())
	}
}

func TestSearchIgnoresCaseAndAccents(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	s := tu.members
	names := func() []string {
		var out []string
		for _, m := range s.shown {
			out = append(out, m.Name)
		}
		return out
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"genevieve", []string{"Geneviève"}},
		{"SÉB", []string{"Sébastien"}},
		{"  felix ", []string{"Félix"}},
		{"chris", []string{"Chris", "Christian"}},
		{"jean-fran", []string{"Jean-François"}},
		{"nobody", nil},
	} {
		s.search.SetText("")
		test.Type(s.search, c.q)
		if got := names(); !slices.Equal(got, c.want) {
			t.Errorf("search %q shows %v, want %v", c.q, got, c.want)
		}
	}
	if s.total.Text != "0 of 26" {
		t.Errorf("total = %q", s.total.Text)
	}
	s.search.SetText("")
	if len(s.shown) != 26 || s.total.Text != "26 members" {
		t.Errorf("cleared search shows %d (%q)", len(s.shown), s.total.Text)
	}
}

func TestJoinAndLeaveCommitteeThroughTheForm(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	maxime := memberNamed(t, tu.r, "Maxime")
	if len(seatsOf(tu.r, maxime)) != 0 {
		t.Fatal("Maxime should start in no committee")
	}
	f := tu.selectMember("Maxime")
	row := func(name string) *committeeRow {
		for _, r := range f.rows {
			if r.c.Name == name {
				return r
			}
		}
		t.Fatalf("no row for %s", name)
		return nil
	}
	if !row("Vente").occasional.Disabled() {
		t.Error("'occasionally' should wait for the committee to be ticked")
	}
	test.Tap(row("Vente").in)
	test.Tap(row("Financement").in)
	test.Tap(row("Financement").occasional)
	tu.save(f)
	if got := seatsOf(tu.r, maxime); !mapsEqual(got, map[string]bool{"Vente": false, "Financement": true}) {
		t.Fatalf("seats = %v", got)
	}

	test.Tap(row("Vente").in) // leave
	test.Tap(row("Financement").occasional)
	tu.save(f)
	if got := seatsOf(tu.r, maxime); !mapsEqual(got, map[string]bool{"Financement": false}) {
		t.Fatalf("seats = %v", got)
	}
	tu.eventually("the list to count 1 committee", func() bool {
		for _, m := range tu.members.shown {
			if m.ID == maxime.ID {
				return tu.members.counts[m.ID] == 1
			}
		}
		return false
	})
}

func TestCommittees(t *testing.T) {
	tu := newTestUI(t, langEN, loadSample)
	s := tu.committees
	tu.peopleTabs.SelectIndex(1)

	// Select the board: its two externals and Omar, Antoine, Sébastien.
	for i, c := range s.committees {
		if c.Name == "Conseil d'administration (CA)" {
			s.list.Select(i)
		}
	}
	text := strings.Join(labelTexts(s.detail), "\n")
	for _, want := range []string{"Conseil d'administration (CA)", "5 members", "Antoine", "Denis", "Marie-Claude", "Omar", "Sébastien"} {
		if !strings.Contains(text, want) {
			t.Errorf("board detail lacks %q:\n%s", want, text)
		}
	}

	// Add a committee through the dialog.
	test.Tap(tu.button(s.root, "Add committee"))
	d := tu.topOverlay()
	entries := find[*widget.Entry](d, nil)
	if len(entries) != 2 {
		t.Fatalf("dialog has %d entries", len(entries))
	}
	test.Type(entries[0], "Accueil")
	test.Type(entries[1], "Accueille les nouvelles personnes.")
	test.Tap(tu.button(d, "Add"))
	c := committeeNamed(t, tu.r, "Accueil")
	if c.Description != "Accueille les nouvelles personnes." {
		t.Errorf("description = %q", c.Description)
	}
	tu.eventually("the new committee selected", func() bool {
		return len(s.committees) == 14 && strings.Contains(strings.Join(labelTexts(s.detail), "\n"), "Nobody sits on this committee yet.")
	})

	// Remove it, after confirming.
	test.Tap(tu.button(s.detail, "Remove committee"))
	test.Tap(tu.button(tu.topOverlay(), "Remove"))
	cs, _ := tu.r.Committees()
	if len(cs) != 13 {
		t.Fatalf("%d committees, want 13", len(cs))
	}
	tu.eventually("13 committees listed", func() bool { return len(s.committees) == 13 })
}

func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range find[*widget.Label](o, nil) {
		out = append(out, l.Text)
	}
	return out
}

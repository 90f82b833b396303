package meetings_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestBuildMinutes(t *testing.T) {
	mid := id(1)
	ana, bruno, gene, felix, gone, kitchen := id(20), id(21), id(22), id(23), id(24), id(30)
	m := meetings.Meeting{ID: mid, Title: "Hebdo", Template: meetings.TemplateWeeklyProduction, Date: "2011-03-08", Time: "13:30", Language: "fr", Status: meetings.Finished}
	items := []meetings.Item{
		{ID: id(11), Meeting: mid, Position: 2, Type: meetings.ProposalItem, Title: "Machine à café", Presenter: felix, Timebox: 10 * time.Minute,
			StartedAt: t0.Add(10 * time.Minute), EndedAt: t0.Add(22 * time.Minute)},
		{ID: id(10), Meeting: mid, Position: 1, Type: meetings.InfoItem, Title: "Nouvelles", Notes: "RAS", StartedAt: t0, EndedAt: t0.Add(9 * time.Minute)},
		{ID: id(12), Meeting: mid, Position: 3, Type: meetings.ProposalItem, Title: "Horaires"},
	}
	p := meetings.NewProposal(id(11), mid, "Acheter une machine", true, t0)
	for range 3 {
		_ = p.Advance()
	}
	if err := p.Respond(bruno, meetings.ObjectionResponse, "Trop chère"); err != nil {
		t.Fatal(err)
	}
	if err := p.Amend("Acheter une machine d'occasion", []string{"o1"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := p.Adopt(nil); err != nil {
		t.Fatal(err)
	}
	d, err := meetings.DecisionFromProposal(p, "Machine à café", uuid.Nil, m.Date, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	q := meetings.NewProposal(id(12), mid, "Commencer à 8 h", true, t0)
	_ = q.Postpone()
	orphan := d
	orphan.ID, orphan.Item, orphan.Title = id(40), id(99), "Sans point"
	in := meetings.MinutesInput{
		Meeting: m, Items: items, RoleSet: meetings.DefaultRoleSet(),
		Marks: []meetings.Mark{
			{Meeting: mid, Member: gene, Status: meetings.Present}, {Meeting: mid, Member: ana, Status: meetings.Present},
			{Meeting: mid, Member: felix, Status: meetings.Late, Arrived: t0.Add(5 * time.Minute)},
			{Meeting: mid, Member: bruno, Status: meetings.Excused}, {Meeting: mid, Member: gone, Status: meetings.Absent},
			{Meeting: id(2), Member: bruno, Status: meetings.Present}, // another meeting
		},
		Roles: []meetings.Assignment{
			{Meeting: mid, Role: meetings.Facilitator, Member: ana},
			{Meeting: mid, Role: "custom", Member: gene},
			{Meeting: mid, Role: "unassigned"},
		},
		Proposals: map[uuid.UUID]meetings.Proposal{id(11): p, id(12): q},
		Decisions: []meetings.Decision{d, orphan},
		Actions: []meetings.Action{
			{ID: id(50), Meeting: mid, Text: "Chercher des devis", Owner: felix},
			{ID: id(51), Meeting: mid, Text: "Nettoyer", Owner: kitchen, OwnerIsCommittee: true, Due: "2011-03-15"},
			{ID: id(52), Meeting: id(2), Text: "Ailleurs", Owner: ana},
		},
		Segments: []meetings.Segment{
			{Meeting: mid, Speaker: ana, Start: t0, Duration: 3 * time.Minute},
			{Meeting: mid, Speaker: felix, Start: t0, Duration: time.Minute},
			{Meeting: mid, Speaker: ana, Start: t0, Duration: time.Minute},
		},
		Names:    map[uuid.UUID]string{ana: "Ana", bruno: "Bruno", gene: "Geneviève", felix: "Félix", kitchen: "Cuisine"},
		Location: time.UTC,
	}
	got := meetings.BuildMinutes(in)
	if got.Language != "fr" || !got.IncludeChart || got.Body != "" || got.Template != meetings.TemplateWeeklyProduction || got.Start != "13:30" || got.End != "" {
		t.Errorf("header: %+v", got)
	}
	if !slices.Equal(got.Present, []string{"Ana", "Geneviève"}) || !slices.Equal(got.Excused, []string{"Bruno"}) ||
		!slices.Equal(got.Absent, []string{gone.String()[:8]}) || len(got.Late) != 1 || got.Late[0] != (meetings.LateArrival{Name: "Félix", Arrived: "13:35"}) {
		t.Errorf("attendance: %+v %+v %+v %+v", got.Present, got.Late, got.Excused, got.Absent)
	}
	if len(got.Roles) != 2 || got.Roles[0].Name != "Ana" || got.Roles[0].Label != meetings.DefaultRoleSet().Label(meetings.Facilitator, "fr") ||
		got.Roles[1] != (meetings.RoleLine{Label: "custom", Name: "Geneviève"}) {
		t.Errorf("roles: %+v", got.Roles)
	}
	if len(got.Items) != 3 || got.Items[0].Title != "Nouvelles" || got.Items[0].Number != 1 || got.Items[0].Taken != 9*time.Minute || got.Items[0].Notes != "RAS" {
		t.Fatalf("items: %+v", got.Items)
	}
	coffee := got.Items[1]
	if coffee.Presenter != "Félix" || coffee.Taken != 12*time.Minute || coffee.Timebox != 10*time.Minute || len(coffee.Decisions) != 1 || coffee.NotAdopted != nil {
		t.Fatalf("coffee: %+v", coffee)
	}
	dec := coffee.Decisions[0]
	if dec.Text != "Acheter une machine d'occasion" || dec.Versions != 2 || dec.Outcome != meetings.Adopted || len(dec.Objections) != 1 ||
		dec.Objections[0].By != "Bruno" || !dec.Objections[0].Resolved || dec.Objections[0].Resolution != "amended in version 2" {
		t.Errorf("decision: %+v", dec)
	}
	if na := got.Items[2].NotAdopted; na == nil || na.Outcome != meetings.Postponed || na.Text != "Commencer à 8 h" || got.Items[2].Taken != 0 {
		t.Errorf("postponed: %+v", got.Items[2])
	}
	if len(got.Unplaced) != 1 || got.Unplaced[0].Title != "Sans point" {
		t.Errorf("unplaced: %+v", got.Unplaced)
	}
	if len(got.Actions) != 2 || got.Actions[0] != (meetings.ActionLine{Text: "Nettoyer", Owner: "Cuisine", Due: "2011-03-15"}) || got.Actions[1].Owner != "Félix" {
		t.Errorf("actions: %+v", got.Actions)
	}
	// Shares among the three present (Ana, Geneviève, Félix late): Ana 4 of
	// 5 minutes, Félix 1, Geneviève none; an equal share is a third.
	want := []meetings.SpeakingRow{
		{Name: "Ana", Turns: 2, Time: 4 * time.Minute, Share: 0.8, EqualShare: 1.0 / 3},
		{Name: "Félix", Turns: 1, Time: time.Minute, Share: 0.2, EqualShare: 1.0 / 3},
		{Name: "Geneviève", EqualShare: 1.0 / 3},
	}
	if len(got.Speaking) != 3 {
		t.Fatalf("speaking: %+v", got.Speaking)
	}
	for i, w := range want {
		g := got.Speaking[i]
		if g.Name != w.Name || g.Turns != w.Turns || g.Time != w.Time || !minutesNear(g.Share, w.Share) || !minutesNear(g.EqualShare, w.EqualShare) {
			t.Errorf("speaking[%d] = %+v, want %+v", i, g, w)
		}
	}

	// In English, with the template and a committee body named.
	tpl := meetings.Template{Key: "weekly-production", NameEN: "Weekly production", NameFR: "Production hebdomadaire"}
	in.Template, in.Language = &tpl, "en"
	in.Meeting.Body = kitchen
	got = meetings.BuildMinutes(in)
	if got.Language != "en" || got.Template != "Weekly production" || got.Body != "Cuisine" || got.Roles[0].Label != meetings.DefaultRoleSet().Label(meetings.Facilitator, "en") {
		t.Errorf("english: %q %q %q %+v", got.Language, got.Template, got.Body, got.Roles)
	}
}

func minutesNear(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

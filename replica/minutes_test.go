package replica_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// The minutes of a meeting gather what its records hold: attendance by
// status, roles, each item with its decisions, the actions and the
// speaking shares, with names resolved.
func TestMinutesOf(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.LoadSampleHistory(ctx, replica.SampleHistory{End: "2011-06-01", Weeks: 8, Seed: 3, CommitteeMeetingsPerWeek: -1, ProposalsPerMeeting: 3}); err != nil {
		t.Fatal(err)
	}
	// The meeting with the most decisions.
	ms, _ := r.Meetings()
	var m meetings.Meeting
	var decided []meetings.Decision
	for _, c := range ms {
		ds, err := r.Decisions(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) > len(decided) {
			m, decided = c, ds
		}
	}
	if len(decided) == 0 {
		t.Fatal("no meeting with a decision in the sample history")
	}
	got, err := r.MinutesOf(ctx, m.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Meeting.ID != m.ID || got.Language != m.Language || !got.IncludeChart || got.Template == "" || got.Template == m.Template {
		t.Errorf("header: meeting %v, language %q, template %q", got.Meeting.ID, got.Language, got.Template)
	}
	marks, _ := r.Attendance(ctx, m.ID)
	if n := len(got.Present) + len(got.Late) + len(got.Excused) + len(got.Absent); n != len(marks) || len(got.Present) == 0 {
		t.Errorf("%d names in the attendance, %d marks", n, len(marks))
	}
	for _, n := range got.Present {
		if _, err := r.FindMember(n); err != nil {
			t.Errorf("present %q is not a member's name: %v", n, err)
		}
	}
	items, _ := r.Agenda(m.ID)
	if len(got.Items) != len(items) {
		t.Fatalf("%d items, agenda has %d", len(got.Items), len(items))
	}
	var titles []string
	for _, it := range got.Items {
		for _, d := range it.Decisions {
			titles = append(titles, d.Title)
		}
		if it.Taken <= 0 {
			t.Errorf("item %q: no time taken", it.Title)
		}
	}
	for _, d := range decided {
		if !slices.Contains(titles, d.Title) {
			t.Errorf("decision %q missing from the minutes (%v)", d.Title, titles)
		}
	}
	if len(got.Roles) == 0 {
		t.Error("no roles")
	}
	sum := 0.0
	for _, s := range got.Speaking {
		sum += s.Share
	}
	if len(got.Speaking) == 0 || math.Abs(sum-1) > 1e-9 {
		t.Errorf("speaking shares sum to %v over %d rows", sum, len(got.Speaking))
	}
	var acts int
	all, _ := r.Actions(m.Body)
	for _, a := range all {
		if a.Meeting == m.ID {
			acts++
		}
	}
	if len(got.Actions) != acts {
		t.Errorf("%d actions, want %d", len(got.Actions), acts)
	}

	// Another language; a bad one; an unknown meeting.
	other := meetings.English
	if m.Language == meetings.English {
		other = meetings.French
	}
	if en, err := r.MinutesOf(ctx, m.ID, other); err != nil || en.Language != other || en.Roles[0].Label == got.Roles[0].Label {
		t.Errorf("in %s: %v, roles %+v vs %+v", other, err, en.Roles, got.Roles)
	}
	if _, err := r.MinutesOf(ctx, m.ID, "de"); err == nil {
		t.Error("German minutes were accepted")
	}
	if _, err := r.MinutesOf(ctx, uuid.New(), ""); err == nil {
		t.Error("minutes of no meeting")
	}
}

// A late arrival shows with its time.
func TestMinutesOfLate(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	m := runMeeting(t, r, "2011-03-08", "Omar", "Omar", "Jenny")
	at := m.When(time.Local).Add(12 * time.Minute)
	if err := r.Attend(ctx, m.ID, meetings.Late, at, memberIDs(t, r, "Geneviève")...); err != nil {
		t.Fatal(err)
	}
	got, err := r.MinutesOf(ctx, m.ID, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Late) != 1 || got.Late[0] != (meetings.LateArrival{Name: "Geneviève", Arrived: "13:42"}) {
		t.Errorf("late: %+v", got.Late)
	}
	if len(got.Speaking) != 6 || got.Speaking[0].Name != "Omar" || got.Speaking[0].Turns != 2 {
		t.Errorf("speaking: %+v", got.Speaking)
	}
}

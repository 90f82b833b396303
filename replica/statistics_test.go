package replica_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// speak records turns of the given lengths (seconds) by one person.
func speak(t *testing.T, r *replica.Replica, m meetings.Meeting, who uuid.UUID, seconds ...int) {
	t.Helper()
	at := m.When(time.Local)
	for i, s := range seconds {
		seg := meetings.Segment{Meeting: m.ID, Speaker: who, Kind: meetings.Normal,
			Start: at.Add(time.Duration(i) * time.Minute), Duration: time.Duration(s) * time.Second}
		if _, err := r.RecordSegment(context.Background(), seg); err != nil {
			t.Fatal(err)
		}
	}
}

// Two meetings, as in the domain's hand-computed test: a monthly
// reflection where Omar speaks 60 s (two turns), Jenny 30 s and Heidi is
// silent; a weekly meeting where Omar speaks 10 s, Steve 30 s and Jenny,
// not marked, 20 s. Grand total 150 s.
func TestSpeakingReport(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	p := memberIDs(t, r, "Omar", "Jenny", "Heidi", "Steve")
	m1, err := r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateMonthlyReflection, Date: "2011-01-10", Time: "13:30"})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := r.CreateMeeting(ctx, replica.NewMeeting{Template: meetings.TemplateWeeklyProduction, Date: "2011-02-14", Time: "10:00"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Attend(ctx, m1.ID, meetings.Present, time.Time{}, p[0], p[1]); err != nil {
		t.Fatal(err)
	}
	if err := r.Attend(ctx, m1.ID, meetings.Late, m1.When(time.Local).Add(10*time.Minute), p[2]); err != nil {
		t.Fatal(err)
	}
	if err := r.Attend(ctx, m2.ID, meetings.Present, time.Time{}, p[0], p[3]); err != nil {
		t.Fatal(err)
	}
	// Someone excused is not present.
	if err := r.Attend(ctx, m2.ID, meetings.Excused, time.Time{}, memberIDs(t, r, "Lydie")...); err != nil {
		t.Fatal(err)
	}
	speak(t, r, m1, p[0], 30, 30)
	speak(t, r, m1, p[1], 30)
	speak(t, r, m2, p[0], 10)
	speak(t, r, m2, p[3], 30)
	speak(t, r, m2, p[1], 20)

	rep, err := r.SpeakingReport(ctx, replica.StatsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]meetings.StatsRow{
		"Omar":  {Time: 70 * time.Second, Turns: 3, Share: 70.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		"Jenny": {Time: 50 * time.Second, Turns: 2, Share: 50.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		"Steve": {Time: 30 * time.Second, Turns: 1, Share: 30.0 / 150, EqualShare: 20.0 / 150, Meetings: 1},
		"Heidi": {EqualShare: 30.0 / 150, Meetings: 1, SilentMeetings: 1},
	}
	if len(rep.Rows) != 4 || rep.Rows[0].Name != "Omar" || rep.Rows[3].Name != "Heidi" {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	for _, row := range rep.Rows {
		w := want[row.Name]
		if row.Time != w.Time || row.Turns != w.Turns || math.Abs(row.Share-w.Share) > 1e-9 ||
			math.Abs(row.EqualShare-w.EqualShare) > 1e-9 || row.Meetings != w.Meetings || row.SilentMeetings != w.SilentMeetings {
			t.Errorf("%s: %+v, want %+v", row.Name, row, w)
		}
	}
	if math.Abs(rep.Gini-16.0/45) > 1e-9 || len(rep.Months) != 2 {
		t.Errorf("gini %v, months %+v", rep.Gini, rep.Months)
	}

	// Filters: by template, by date, by body.
	rep, err = r.SpeakingReport(ctx, replica.StatsQuery{Templates: []string{meetings.TemplateMonthlyReflection}})
	if err != nil || len(rep.Meetings) != 1 || rep.Meetings[0].ID != m1.ID || rep.Time != 90*time.Second {
		t.Errorf("by template: %+v, %v", rep.Meetings, err)
	}
	rep, err = r.SpeakingReport(ctx, replica.StatsQuery{From: "2011-02-01", To: "2011-02-14"})
	if err != nil || len(rep.Meetings) != 1 || rep.Meetings[0].ID != m2.ID || rep.Time != 60*time.Second {
		t.Errorf("by date: %+v, %v", rep.Meetings, err)
	}
	cs, _ := r.Committees()
	c := cs[0]
	rep, err = r.SpeakingReport(ctx, replica.StatsQuery{Bodies: []uuid.UUID{c.ID}})
	if err != nil || len(rep.Rows) != 0 {
		t.Errorf("a body with no meeting: %+v, %v", rep.Rows, err)
	}
	rep, err = r.SpeakingReport(ctx, replica.StatsQuery{Bodies: []uuid.UUID{uuid.Nil}, By: "category"})
	if err != nil || len(rep.Rows) != 1 || rep.Rows[0].Key != meetings.OtherKey || rep.Rows[0].People != 4 {
		// Four people, all salaried? Whatever they are, no group under 3.
		for _, row := range rep.Rows {
			if row.People < 3 {
				t.Errorf("by category: %+v, %v", rep.Rows, err)
			}
		}
	}

	for _, q := range []replica.StatsQuery{
		{From: "2011-13-01"}, {To: "yesterday"}, {From: "2011-02-01", To: "2011-01-01"},
		{Templates: []string{"tea-party"}}, {Bodies: []uuid.UUID{uuid.New()}}, {By: "height"},
	} {
		if _, err := r.SpeakingReport(ctx, q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
}

// The demo's year shows the skew the field study describes: a few voices
// take most of the time.
func TestSpeakingReportOfTheDemoIsSkewed(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	if err := r.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.LoadSampleHistory(ctx, replica.SampleHistory{End: "2011-06-01", Seed: 1}); err != nil {
		t.Fatal(err)
	}
	for _, by := range meetings.Groupings() {
		rep, err := r.SpeakingReport(ctx, replica.StatsQuery{By: string(by)})
		if err != nil {
			t.Fatal(err)
		}
		var share, equal float64
		for _, row := range rep.Rows {
			share += row.Share
			equal += row.EqualShare
			if by != meetings.ByPerson && row.People < meetings.MinGroup {
				t.Errorf("by %s: row %q of %d people", by, row.Key, row.People)
			}
		}
		if math.Abs(share-1) > 1e-9 || math.Abs(equal-1) > 1e-9 {
			t.Errorf("by %s: shares sum to %v and %v", by, share, equal)
		}
		if by == meetings.ByPerson {
			t.Logf("demo: gini %.3f, top fifth %.3f, %d people, %d months", rep.Gini, rep.TopFifthShare, rep.People, len(rep.Months))
			if rep.Gini < 0.3 || rep.TopFifthShare < 0.4 || len(rep.Months) < 12 {
				t.Errorf("demo not skewed enough: gini %.3f, top fifth %.3f", rep.Gini, rep.TopFifthShare)
			}
			top := rep.Rows[0]
			if top.Share < 1.5*top.EqualShare {
				t.Errorf("the top speaker takes %.3f against an equal %.3f", top.Share, top.EqualShare)
			}
		} else {
			var keys []string
			for _, row := range rep.Rows {
				keys = append(keys, row.Key)
			}
			t.Logf("by %s: %s", by, strings.Join(keys, ", "))
		}
	}
}

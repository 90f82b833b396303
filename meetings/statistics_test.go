package meetings_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

const eps = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) < eps }

func TestGini(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []float64
		want   float64
	}{
		{"none", nil, 0},
		{"all zero", []float64{0, 0, 0}, 0},
		{"all equal", []float64{5, 5, 5, 5}, 0},
		{"one of two", []float64{0, 7}, 0.5},
		{"one of four", []float64{0, 0, 9, 0}, 0.75},
		{"one of ten", []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0.9},
		// Pairs |60-30|, |60-0|, |30-0| = 120, twice over ordered pairs,
		// divided by 2·n²·mean = 2·9·30.
		{"60 30 0", []float64{60, 30, 0}, 240.0 / 540},
		{"10 30 20", []float64{10, 30, 20}, 80.0 / 360},
	} {
		if got := meetings.Gini(c.values); !near(got, c.want) {
			t.Errorf("Gini(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestTopFifthShare(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []float64
		want   float64
	}{
		{"none", nil, 0},
		{"five, the first", []float64{1, 5, 1, 1, 1}, 5.0 / 9},
		{"ten, the first two", []float64{1, 1, 1, 1, 1, 1, 1, 1, 4, 3}, 7.0 / 15},
		{"four: 0.8 of the first", []float64{70, 50, 0, 30}, 56.0 / 150},
		{"equal", []float64{2, 2, 2, 2, 2}, 0.2},
	} {
		if got := meetings.TopFifthShare(c.values); !near(got, c.want) {
			t.Errorf("TopFifthShare(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}

func secs(n int) time.Duration { return time.Duration(n) * time.Second }

func person(name string, cat konbit.Category, langs ...string) meetings.StatsPerson {
	return meetings.StatsPerson{Member: konbit.Member{Name: name, Category: cat, Languages: langs}}
}

// Two meetings, computed by hand:
//
//	m1 2011-01-10, present A B C: A 60 s in 2 turns, B 30 s, C silent.
//	   total 90, 3 present, equal time 30 each.
//	m2 2011-02-14, present A D, and B spoke unmarked: A 10, D 30, B 20.
//	   total 60, 3 present, equal time 20 each.
//
// Grand total 150 s. A: 70 s, equal 50; B: 50, equal 50; C: 0, equal 30;
// D: 30, equal 20.
func handInput() (meetings.StatsInput, [4]uuid.UUID) {
	a, b, c, d := id(1), id(2), id(3), id(4)
	in := meetings.StatsInput{
		Meetings: []meetings.MeetingSpeech{
			{ID: id(61), Date: "2011-02-14", Present: []uuid.UUID{a, d},
				Speech: map[uuid.UUID]meetings.Speech{a: {1, secs(10)}, d: {1, secs(30)}, b: {1, secs(20)}}},
			{ID: id(60), Date: "2011-01-10", Present: []uuid.UUID{a, b, c, c},
				Speech: map[uuid.UUID]meetings.Speech{a: {2, secs(60)}, b: {1, secs(30)}}},
		},
		People: map[uuid.UUID]meetings.StatsPerson{
			a: person("Ana", konbit.Salaried, "fr"), b: person("Bob", konbit.Salaried, "en", "fr"),
			c: person("Chloé", konbit.Freelancer, "fr"), d: person("Dan", konbit.Salaried, "en"),
		},
	}
	return in, [4]uuid.UUID{a, b, c, d}
}

func TestBuildStatsByPerson(t *testing.T) {
	in, p := handInput()
	rep, err := meetings.BuildStats(in, meetings.ByPerson)
	if err != nil {
		t.Fatal(err)
	}
	want := []meetings.StatsRow{
		{Key: p[0].String(), Name: "Ana", People: 1, Time: secs(70), Turns: 3, Share: 70.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		{Key: p[1].String(), Name: "Bob", People: 1, Time: secs(50), Turns: 2, Share: 50.0 / 150, EqualShare: 50.0 / 150, Meetings: 2},
		{Key: p[3].String(), Name: "Dan", People: 1, Time: secs(30), Turns: 1, Share: 30.0 / 150, EqualShare: 20.0 / 150, Meetings: 1},
		{Key: p[2].String(), Name: "Chloé", People: 1, Time: 0, Turns: 0, Share: 0, EqualShare: 30.0 / 150, Meetings: 1, SilentMeetings: 1},
	}
	checkRows(t, rep.Rows, want)
	if rep.People != 4 || rep.Time != secs(150) || rep.Turns != 6 {
		t.Errorf("totals: %d people, %v, %d turns", rep.People, rep.Time, rep.Turns)
	}
	// Weighted by speaking time: (4/9·90 + 2/9·60) / 150 = 16/45.
	if !near(rep.Gini, 16.0/45) {
		t.Errorf("Gini = %v, want 16/45", rep.Gini)
	}
	if !near(rep.TopFifthShare, 56.0/150) {
		t.Errorf("top fifth = %v, want 56/150", rep.TopFifthShare)
	}
	if len(rep.Meetings) != 2 || rep.Meetings[0].Date != "2011-01-10" || !near(rep.Meetings[0].Gini, 4.0/9) ||
		rep.Meetings[0].Present != 3 || rep.Meetings[1].Present != 3 || !near(rep.Meetings[1].Gini, 2.0/9) {
		t.Errorf("meetings: %+v", rep.Meetings)
	}
	wantMonths := []meetings.MonthEquity{
		{Month: "2011-01", Meetings: 1, Time: secs(90), Gini: 4.0 / 9, TopFifthShare: 36.0 / 90},
		{Month: "2011-02", Meetings: 1, Time: secs(60), Gini: 2.0 / 9, TopFifthShare: 18.0 / 60},
	}
	if len(rep.Months) != 2 {
		t.Fatalf("months: %+v", rep.Months)
	}
	for i, w := range wantMonths {
		g := rep.Months[i]
		if g.Month != w.Month || g.Meetings != w.Meetings || g.Time != w.Time || !near(g.Gini, w.Gini) || !near(g.TopFifthShare, w.TopFifthShare) {
			t.Errorf("month %d = %+v, want %+v", i, g, w)
		}
	}
}

func checkRows(t *testing.T, got, want []meetings.StatsRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("rows:\n%+v\nwant\n%+v", got, want)
	}
	var share, equal float64
	for i := range want {
		g, w := got[i], want[i]
		share += g.Share
		equal += g.EqualShare
		if g.Key != w.Key || g.Name != w.Name || g.People != w.People || g.Time != w.Time || g.Turns != w.Turns ||
			!near(g.Share, w.Share) || !near(g.EqualShare, w.EqualShare) || g.Meetings != w.Meetings || g.SilentMeetings != w.SilentMeetings {
			t.Errorf("row %d =\n%+v\nwant\n%+v", i, g, w)
		}
	}
	if len(got) > 0 && (!near(share, 1) || !near(equal, 1)) {
		t.Errorf("shares sum to %v, equal shares to %v; want 1", share, equal)
	}
}

// crowd is one meeting of n people where person i (from 1) speaks i·10 s
// in i turns: the total is 10·n(n+1)/2 s.
func crowd(n int, describe func(i int) meetings.StatsPerson) meetings.StatsInput {
	in := meetings.StatsInput{People: map[uuid.UUID]meetings.StatsPerson{}}
	m := meetings.MeetingSpeech{ID: id(200), Date: "2011-05-03", Speech: map[uuid.UUID]meetings.Speech{}}
	for i := 1; i <= n; i++ {
		m.Present = append(m.Present, id(byte(i)))
		m.Speech[id(byte(i))] = meetings.Speech{Turns: i, Time: secs(10 * i)}
		in.People[id(byte(i))] = describe(i)
	}
	in.Meetings = []meetings.MeetingSpeech{m}
	return in
}

func TestBuildStatsFoldsSmallGroups(t *testing.T) {
	// 7 people: 1-3 salaried, 4-5 freelancers, 6-7 external; total 280 s.
	// The two groups of two are folded into "other" (4 people).
	in := crowd(7, func(i int) meetings.StatsPerson {
		switch {
		case i <= 3:
			return person("", konbit.Salaried)
		case i <= 5:
			return person("", konbit.Freelancer)
		}
		return person("", konbit.External)
	})
	rep, err := meetings.BuildStats(in, meetings.ByCategory)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, rep.Rows, []meetings.StatsRow{
		{Key: "salaried", Name: "salaried", People: 3, Time: secs(60), Turns: 6, Share: 60.0 / 280, EqualShare: 3.0 / 7, Meetings: 1},
		{Key: meetings.OtherKey, Name: "other", People: 4, Time: secs(220), Turns: 22, Share: 220.0 / 280, EqualShare: 4.0 / 7, Meetings: 1},
	})

	// By language: 1-3 fr, 4-7 en, 8-9 en+fr. "other" gets the two of
	// en+fr, too few: the smallest group left (fr) joins it. Total 450 s.
	in = crowd(9, func(i int) meetings.StatsPerson {
		switch {
		case i <= 3:
			return person("", konbit.Salaried, "fr")
		case i <= 7:
			return person("", konbit.Salaried, "en")
		}
		return person("", konbit.Salaried, "fr", "en")
	})
	rep, _ = meetings.BuildStats(in, meetings.ByLanguage)
	checkRows(t, rep.Rows, []meetings.StatsRow{
		{Key: "en", Name: "en", People: 4, Time: secs(220), Turns: 22, Share: 220.0 / 450, EqualShare: 4.0 / 9, Meetings: 1},
		{Key: "other", Name: "other", People: 5, Time: secs(230), Turns: 23, Share: 230.0 / 450, EqualShare: 5.0 / 9, Meetings: 1},
	})

	// Gender: 2 women, 4 not given... and 1 "Non-binary": every group of
	// fewer than 3 is folded; "not given" stays.
	in = crowd(7, func(i int) meetings.StatsPerson {
		p := person("", konbit.Salaried)
		switch {
		case i <= 2:
			p.Member.Gender = "Woman"
		case i == 3:
			p.Member.Gender = "non-binary"
		}
		return p
	})
	rep, _ = meetings.BuildStats(in, meetings.ByGender)
	if len(rep.Rows) != 2 || rep.Rows[0].Key != meetings.NotGivenKey || rep.Rows[0].People != 4 ||
		rep.Rows[1].Key != meetings.OtherKey || rep.Rows[1].People != 3 {
		t.Errorf("by gender: %+v", rep.Rows)
	}
	for _, r := range rep.Rows {
		if r.People < meetings.MinGroup {
			t.Errorf("row %q has %d people", r.Key, r.People)
		}
	}

	// By person nothing is folded.
	rep, _ = meetings.BuildStats(in, meetings.ByPerson)
	if len(rep.Rows) != 7 {
		t.Errorf("by person: %d rows", len(rep.Rows))
	}
}

func TestBuildStatsByCommittee(t *testing.T) {
	// One meeting, 5 present, 120 s: A 60, B 30, C 30, D and E silent;
	// equal time 24 each. X = {A, B, D}, Y = {A, C, E}: A's time and
	// equal share are split in two.
	// X: 30 + 30 + 0 = 60 s, equal 12 + 24 + 24 = 60; Y alike.
	x, y := id(100), id(101)
	a, b, c, d, e := id(1), id(2), id(3), id(4), id(5)
	in := meetings.StatsInput{
		Meetings: []meetings.MeetingSpeech{{ID: id(90), Date: "2011-03-01", Present: []uuid.UUID{a, b, c, d, e},
			Speech: map[uuid.UUID]meetings.Speech{a: {4, secs(60)}, b: {1, secs(30)}, c: {2, secs(30)}}}},
		People: map[uuid.UUID]meetings.StatsPerson{
			a: {Committees: []uuid.UUID{x, y}}, b: {Committees: []uuid.UUID{x}}, d: {Occasional: []uuid.UUID{x}},
			c: {Committees: []uuid.UUID{y}}, e: {Committees: []uuid.UUID{y}},
		},
		CommitteeNames: map[uuid.UUID]string{x: "Ventes", y: "Vie communautaire"},
	}
	rep, err := meetings.BuildStats(in, meetings.ByCommittee)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, rep.Rows, []meetings.StatsRow{
		{Key: x.String(), Name: "Ventes", People: 3, Time: secs(60), Turns: 5, Share: 0.5, EqualShare: 0.5, Meetings: 1},
		{Key: y.String(), Name: "Vie communautaire", People: 3, Time: secs(60), Turns: 6, Share: 0.5, EqualShare: 0.5, Meetings: 1},
	})
}

func TestBuildStatsBySeniority(t *testing.T) {
	// At 2011-12-31: first 2011-06-01 under a year; 2010-12-31 exactly
	// one year; 2008-12-31 exactly three.
	firsts := []string{"2011-06-01", "2011-01-02", "", "2010-12-31", "2009-01-01", "2010-05-05", "2008-12-31", "2005-01-01", "2007-07-07"}
	in := crowd(9, func(i int) meetings.StatsPerson {
		return meetings.StatsPerson{FirstAttended: firsts[i-1]}
	})
	in.End = "2011-12-31"
	rep, _ := meetings.BuildStats(in, meetings.BySeniority)
	// Under 1: 1, 2, 3 (no first date: the meeting of the selection).
	// 1-3: 4, 5, 6. 3+: 7, 8, 9.
	want := []struct {
		key  string
		time time.Duration
	}{{meetings.SeniorityUnder1, secs(60)}, {meetings.Seniority1to3, secs(150)}, {meetings.Seniority3Plus, secs(240)}}
	if len(rep.Rows) != 3 {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	for i, w := range want {
		if rep.Rows[i].Key != w.key || rep.Rows[i].Time != w.time || rep.Rows[i].People != 3 {
			t.Errorf("row %d = %+v, want %s %v", i, rep.Rows[i], w.key, w.time)
		}
	}
}

func TestBuildStatsEdges(t *testing.T) {
	if _, err := meetings.BuildStats(meetings.StatsInput{}, "height"); err == nil {
		t.Error("unknown grouping accepted")
	}
	rep, err := meetings.BuildStats(meetings.StatsInput{}, meetings.ByGender)
	if err != nil || len(rep.Rows) != 0 || rep.Gini != 0 {
		t.Errorf("empty selection: %+v, %v", rep, err)
	}
	// A meeting where nobody spoke: people attended, all silent, shares 0.
	in := meetings.StatsInput{Meetings: []meetings.MeetingSpeech{{ID: id(1), Date: "2011-01-01", Present: []uuid.UUID{id(2), id(3)}}}}
	rep, _ = meetings.BuildStats(in, meetings.ByPerson)
	if len(rep.Rows) != 2 || rep.Rows[0].SilentMeetings != 1 || rep.Rows[0].Share != 0 || len(rep.Months) != 0 {
		t.Errorf("silent meeting: %+v", rep)
	}
	if g, err := meetings.ParseGrouping(""); err != nil || g != meetings.ByPerson {
		t.Errorf("default grouping %q, %v", g, err)
	}
}

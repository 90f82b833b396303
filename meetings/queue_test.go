package meetings_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

type raise struct {
	who  uuid.UUID
	kind meetings.TurnKind
	at   int // seconds after t0
}

func members(ps []meetings.Placed) []uuid.UUID {
	var out []uuid.UUID
	for _, p := range ps {
		out = append(out, p.Entry.Member)
	}
	return out
}

func TestQueueOrder(t *testing.T) {
	a, b, c, d := id(1), id(2), id(3), id(4)
	stats := meetings.Stats{
		SpokeOnItem:     map[uuid.UUID]int{a: 2},
		SpokenInMeeting: map[uuid.UUID]time.Duration{a: time.Minute, b: 5 * time.Minute, c: 2 * time.Minute},
	}
	tests := []struct {
		name    string
		mode    meetings.Ordering
		raises  []raise
		want    []uuid.UUID
		whyLast string
	}{
		{"first come", meetings.FirstCome, []raise{{a, meetings.Normal, 1}, {b, meetings.Normal, 2}, {c, meetings.Normal, 3}},
			[]uuid.UUID{a, b, c}, meetings.WhyFirstCome},
		{"point of order then response first", meetings.FirstCome,
			[]raise{{a, meetings.Normal, 1}, {b, meetings.DirectResponse, 2}, {c, meetings.PointOfOrder, 3}, {d, meetings.PointOfOrder, 4}},
			[]uuid.UUID{c, d, b, a}, meetings.WhyFirstCome},
		{"progressive: not spoken on item, then least time", meetings.Progressive,
			[]raise{{a, meetings.Normal, 1}, {b, meetings.Normal, 2}, {c, meetings.Normal, 3}, {d, meetings.Normal, 4}},
			[]uuid.UUID{d, c, b, a}, meetings.WhySpokenItem},
		{"progressive keeps priorities", meetings.Progressive,
			[]raise{{b, meetings.Normal, 1}, {a, meetings.PointOfOrder, 2}, {c, meetings.Normal, 3}},
			[]uuid.UUID{a, c, b}, meetings.WhyNotSpokenItem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := meetings.NewQueue(tc.mode)
			for _, r := range tc.raises {
				if err := q.Raise(r.who, r.kind, t0.Add(time.Duration(r.at)*time.Second)); err != nil {
					t.Fatal(err)
				}
			}
			got := q.Order(stats)
			if !slices.Equal(members(got), tc.want) {
				t.Errorf("order = %v, want %v", members(got), tc.want)
			}
			if w := got[len(got)-1].Why; w.Code != tc.whyLast || w.String() == "" {
				t.Errorf("last why = %+v (%q), want %s", w, w, tc.whyLast)
			}
			for i, want := range tc.want {
				turn, ok := q.Next(t0.Add(time.Hour), stats)
				if !ok || turn.Member != want || q.Current == nil || q.Current.Member != want {
					t.Fatalf("Next #%d = %v %v, want %v", i, turn, ok, want)
				}
			}
			if _, ok := q.Next(t0, stats); ok || q.Current != nil {
				t.Error("Next on an empty queue gives a turn")
			}
		})
	}
}

func TestQueueRaiseLower(t *testing.T) {
	a := id(1)
	q := meetings.NewQueue(meetings.FirstCome)
	if err := q.Raise(a, meetings.Normal, t0); err != nil {
		t.Fatal(err)
	}
	if err := q.Raise(a, meetings.Normal, t0); err == nil {
		t.Error("duplicate normal raise accepted")
	}
	if err := q.Raise(a, meetings.PointOfOrder, t0); err != nil {
		t.Errorf("point of order while waiting: %v", err)
	}
	if err := q.Raise(a, "shout", t0); err == nil {
		t.Error("unknown kind accepted")
	}
	if err := q.Raise(uuid.Nil, meetings.Normal, t0); err == nil {
		t.Error("nobody raised a hand")
	}
	if err := q.Lower(a); err != nil || q.Waiting(a) {
		t.Errorf("Lower: %v, still waiting %v", err, q.Waiting(a))
	}
	if err := q.Lower(a); !errors.Is(err, meetings.ErrNotWaiting) {
		t.Errorf("Lower twice: %v", err)
	}
}

func TestQueueMove(t *testing.T) {
	a, b, c, d := id(1), id(2), id(3), id(4)
	stats := meetings.Stats{SpokeOnItem: map[uuid.UUID]int{a: 1}}
	q := meetings.NewQueue(meetings.Progressive)
	for i, m := range []uuid.UUID{a, b, c} {
		_ = q.Raise(m, meetings.Normal, t0.Add(time.Duration(i)*time.Second))
	}
	_ = q.Raise(d, meetings.PointOfOrder, t0.Add(time.Minute))
	// Progressive order is b, c, a; the keeper moves a to the front.
	if err := q.Move(a, 0, stats); err != nil {
		t.Fatal(err)
	}
	_ = q.Raise(id(5), meetings.Normal, t0.Add(2*time.Minute))
	got := q.Order(stats)
	if want := []uuid.UUID{d, a, b, c, id(5)}; !slices.Equal(members(got), want) {
		t.Errorf("after move: %v, want %v", members(got), want)
	}
	if got[1].Why.Code != meetings.WhyManual || !got[1].Entry.Moved {
		t.Errorf("moved entry = %+v", got[1])
	}
	if err := q.Move(id(9), 0, stats); !errors.Is(err, meetings.ErrNotWaiting) {
		t.Errorf("move of someone not waiting: %v", err)
	}
	// Once the moved hand is served, the mode applies again.
	q.Next(t0, stats)
	q.Next(t0, stats)
	if got := q.Order(stats); got[0].Why.Code == meetings.WhyManual {
		t.Errorf("still manual after the moved hand spoke: %+v", got)
	}
}

func TestQueueEndTurnAndJSON(t *testing.T) {
	q := meetings.NewQueue(meetings.FirstCome)
	_ = q.Raise(id(1), meetings.Normal, t0)
	_ = q.Raise(id(2), meetings.DirectResponse, t0)
	q.Next(t0, meetings.Stats{})
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var back meetings.Queue
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	turn, d, ok := back.EndTurn(t0.Add(90 * time.Second))
	if !ok || turn.Member != id(2) || d != 90*time.Second || back.Current != nil || len(back.Entries) != 1 {
		t.Errorf("EndTurn after JSON = %v %v %v, queue %+v", turn, d, ok, back)
	}
	if _, _, ok := back.EndTurn(t0); ok {
		t.Error("EndTurn with nobody speaking")
	}
}

// StatsOf counts turns on the item and time in the whole meeting.
func TestStatsOf(t *testing.T) {
	item, other, a, b := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	segs := []meetings.Segment{
		{Item: item, Speaker: a, Duration: time.Minute},
		{Item: other, Speaker: a, Duration: 2 * time.Minute},
		{Item: item, Speaker: b, Duration: 30 * time.Second},
		{Item: item, Speaker: a, Duration: time.Minute},
	}
	st := meetings.StatsOf(segs, item)
	if st.SpokeOnItem[a] != 2 || st.SpokeOnItem[b] != 1 || st.SpokenInMeeting[a] != 4*time.Minute || st.SpokenInMeeting[b] != 30*time.Second {
		t.Fatalf("%+v", st)
	}
}

package meetings_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func historySpec(seed int64) meetings.HistorySpec {
	var people []meetings.HistoryPerson
	for i := 0; i < 12; i++ {
		people = append(people, meetings.HistoryPerson{ID: uuid.NewSHA1(uuid.Nil, []byte{byte(i)}), Voice: 1 / float64(i+1), Collective: true, Joined: i / 10 * 4})
	}
	return meetings.HistorySpec{Start: time.Date(2010, 5, 31, 0, 0, 0, 0, time.UTC), Weeks: 8, Seed: seed, People: people,
		Committee:                []meetings.HistoryCommittee{{ID: uuid.NewSHA1(uuid.Nil, []byte("c")), Members: []uuid.UUID{people[0].ID, people[5].ID}}},
		CommitteeMeetingsPerWeek: 1, Weekend: 6}
}

// The same spec gives the same history, ids included; another seed does
// not. Every record it makes passes validation.
func TestGenerateHistoryDeterministicAndValid(t *testing.T) {
	a, b := meetings.GenerateHistory(historySpec(1)), meetings.GenerateHistory(historySpec(1))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same spec, different histories")
	}
	if reflect.DeepEqual(a, meetings.GenerateHistory(historySpec(2))) {
		t.Fatal("another seed gave the same history")
	}
	if len(a) != 8+8+2+1 {
		t.Fatalf("%d meetings, want 19", len(a))
	}
	for _, h := range a {
		if err := h.Meeting.Validate(); err != nil {
			t.Fatal(err)
		}
		for _, s := range h.Segments {
			if err := s.Validate(); err != nil {
				t.Fatalf("%s: %v", h.Meeting.Date, err)
			}
		}
		for _, it := range h.Items {
			if err := it.Validate(); err != nil {
				t.Fatal(err)
			}
		}
		for _, d := range h.Decisions {
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
		}
		for _, mk := range h.Marks {
			if err := mk.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

package meetings_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestOpenFor(t *testing.T) {
	sales := id(50)
	acts := []meetings.Action{
		{ID: id(1), Body: uuid.Nil, Text: "b", Due: "2011-03-20"},
		{ID: id(2), Body: uuid.Nil, Text: "a"},
		{ID: id(3), Body: uuid.Nil, Text: "c", Due: "2011-03-10"},
		{ID: id(4), Body: uuid.Nil, Text: "d", Done: true, DoneAt: t0},
		{ID: id(5), Body: sales, Text: "e"},
		{ID: id(6), Body: uuid.Nil, Text: "f", Owner: sales, OwnerIsCommittee: true, Due: "2011-04-01"},
	}
	ids := func(as []meetings.Action) []uuid.UUID {
		var out []uuid.UUID
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	tests := []struct {
		body uuid.UUID
		want []uuid.UUID
	}{
		{uuid.Nil, []uuid.UUID{id(3), id(1), id(6), id(2)}},
		{sales, []uuid.UUID{id(6), id(5)}},
	}
	for _, tc := range tests {
		if got := ids(meetings.OpenFor(tc.body, acts)); !slices.Equal(got, tc.want) {
			t.Errorf("OpenFor(%v) = %v, want %v", tc.body, got, tc.want)
		}
	}
}

func TestActionValidate(t *testing.T) {
	tests := []struct {
		name string
		a    meetings.Action
		ok   bool
	}{
		{"valid", meetings.Action{Text: "call", Due: "2011-03-10"}, true},
		{"no text", meetings.Action{}, false},
		{"committee without id", meetings.Action{Text: "x", OwnerIsCommittee: true}, false},
		{"bad due", meetings.Action{Text: "x", Due: "soon"}, false},
		{"done time not done", meetings.Action{Text: "x", DoneAt: t0}, false},
	}
	for _, tc := range tests {
		if err := tc.a.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	a := meetings.Action{Text: "x"}
	old := a
	a.MarkDone(t0)
	if f := a.ChangedFields(&old); len(f) != 2 || a.Validate() != nil {
		t.Errorf("MarkDone changes %v", f)
	}
}

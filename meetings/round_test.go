package meetings_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestRound(t *testing.T) {
	a, b, c, d := id(1), id(2), id(3), id(4)
	tests := []struct {
		name    string
		steps   string // s: speaks (Advance), p: passes
		order   []uuid.UUID
		done    []uuid.UUID
		skipped []uuid.UUID
	}{
		{"everyone speaks", "ssss", []uuid.UUID{a, b, c, d}, []uuid.UUID{a, b, c, d}, nil},
		{"pass comes back after the others", "spsss", []uuid.UUID{a, b, c, d, b}, []uuid.UUID{a, c, d, b}, nil},
		{"pass twice is skipped", "ppssps", []uuid.UUID{a, b, c, d, a, b}, []uuid.UUID{c, d, b}, []uuid.UUID{a}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := meetings.NewRound([]uuid.UUID{a, b, c, d}, 2*time.Minute)
			var order []uuid.UUID
			for _, st := range tc.steps {
				cur, ok := r.Current()
				if !ok {
					t.Fatal("finished too early")
				}
				order = append(order, cur)
				if st == 'p' {
					r.Pass()
				} else {
					r.Advance()
				}
			}
			if !r.Finished() || r.Left() != 0 {
				t.Errorf("not finished: %+v", r)
			}
			if !slices.Equal(order, tc.order) || !slices.Equal(r.Done, tc.done) || !slices.Equal(r.Skipped, tc.skipped) {
				t.Errorf("order %v done %v skipped %v", order, r.Done, r.Skipped)
			}
			r.Advance() // no effect once finished
			r.Pass()
			if len(r.Done) != len(tc.done) {
				t.Error("Advance after the end changed the round")
			}
		})
	}
	r := meetings.NewRound([]uuid.UUID{a, b}, 0)
	r.Pass()
	b2, _ := json.Marshal(r)
	var back meetings.Round
	if err := json.Unmarshal(b2, &back); err != nil || back.Left() != 2 {
		t.Errorf("JSON round trip: %v %+v", err, back)
	}
}

package meetings_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"pgregory.net/rapid"
)

func agenda(positions ...float64) []meetings.Item {
	var out []meetings.Item
	for i, p := range positions {
		out = append(out, meetings.Item{ID: id(byte(i + 1)), Meeting: id(100), Position: p, Title: "x", Type: meetings.InfoItem, Kind: meetings.KindNormal})
	}
	return out
}

func order(items []meetings.Item) []uuid.UUID {
	s := slices.Clone(items)
	meetings.SortItems(s)
	var out []uuid.UUID
	for _, it := range s {
		out = append(out, it.ID)
	}
	return out
}

func TestPositionBetween(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct{ before, after, want float64 }{
		{-inf, inf, 1},
		{-inf, 1, 0},
		{3, inf, 4},
		{1, 2, 1.5},
		{1, math.Nextafter(1, 2), 1}, // no room: falls back to before
	}
	for _, tc := range tests {
		if got := meetings.PositionBetween(tc.before, tc.after); got != tc.want {
			t.Errorf("PositionBetween(%v, %v) = %v, want %v", tc.before, tc.after, got, tc.want)
		}
	}
}

func TestSortItemsTieBreaksByID(t *testing.T) {
	items := agenda(1, 1, 0)
	if got, want := order(items), []uuid.UUID{id(3), id(1), id(2)}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestReorder(t *testing.T) {
	tests := []struct {
		name  string
		move  uuid.UUID
		index int
		want  []uuid.UUID
	}{
		{"to front", id(3), 0, []uuid.UUID{id(3), id(1), id(2), id(4)}},
		{"to end", id(1), 3, []uuid.UUID{id(2), id(3), id(4), id(1)}},
		{"clamped", id(1), 99, []uuid.UUID{id(2), id(3), id(4), id(1)}},
		{"middle", id(4), 1, []uuid.UUID{id(1), id(4), id(2), id(3)}},
		{"new item", id(9), 2, []uuid.UUID{id(1), id(2), id(9), id(3), id(4)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := agenda(1, 2, 3, 4)
			pos := meetings.Reorder(items, tc.move, tc.index)
			i := slices.IndexFunc(items, func(it meetings.Item) bool { return it.ID == tc.move })
			if i < 0 {
				items = append(items, meetings.Item{ID: tc.move, Position: pos})
			} else {
				items[i].Position = pos
			}
			if got := order(items); !slices.Equal(got, tc.want) {
				t.Errorf("order = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReorderProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "n")
		items := agenda()
		for i := range n {
			items = append(items, meetings.Item{ID: id(byte(i + 1)), Position: float64(i)})
		}
		for range rapid.IntRange(1, 20).Draw(t, "moves") {
			from := rapid.IntRange(0, n-1).Draw(t, "from")
			to := rapid.IntRange(0, n-1).Draw(t, "to")
			want := order(items)
			mv := want[from]
			want = slices.Insert(slices.Delete(want, from, from+1), to, mv)
			i := slices.IndexFunc(items, func(it meetings.Item) bool { return it.ID == mv })
			items[i].Position = meetings.Reorder(items, mv, to)
			if got := order(items); !slices.Equal(got, want) {
				t.Fatalf("after moving %v to %d: %v, want %v", mv, to, got, want)
			}
		}
	})
}

func TestRenumber(t *testing.T) {
	got := meetings.Renumber(agenda(0.5, 0.25, 9))
	if got[0].ID != id(2) || got[0].Position != 1 || got[2].Position != 3 {
		t.Errorf("Renumber = %+v", got)
	}
}

func TestProgress(t *testing.T) {
	m := time.Minute
	items := agenda(1, 2, 3, 4)
	for i := range items {
		items[i].Timebox = 10 * m
	}
	items[0].StartedAt, items[0].EndedAt = t0, t0.Add(12*m) // done, 2m over
	items[1].StartedAt = t0.Add(12 * m)                     // current
	now := t0.Add(16 * m)                                   // 4m into item 2
	st := meetings.Progress(items, id(2), now)
	tests := []struct {
		i       int
		state   meetings.ItemState
		elapsed time.Duration
		over    bool
	}{
		{0, meetings.ItemDone, 12 * m, true},
		{1, meetings.ItemRunning, 4 * m, false},
		{2, meetings.ItemPending, 0, false},
	}
	for _, tc := range tests {
		p := st.Items[tc.i]
		if p.State != tc.state || p.Elapsed != tc.elapsed || p.Over != tc.over {
			t.Errorf("item %d = %+v", tc.i, p)
		}
	}
	if st.Items[0].Overrun != 2*m || st.Overrun != 2*m {
		t.Errorf("overrun = %v / %v", st.Items[0].Overrun, st.Overrun)
	}
	if want := now.Add(6*m + 20*m); !st.ProjectedEnd.Equal(want) {
		t.Errorf("projected end = %v, want %v", st.ProjectedEnd, want)
	}
	// The current item overruns: it adds nothing, but is not negative.
	late := t0.Add(30 * m)
	st = meetings.Progress(items, id(2), late)
	if want := late.Add(20 * m); !st.ProjectedEnd.Equal(want) || !st.Items[1].Over || st.Items[1].Remaining != -8*m {
		t.Errorf("overrunning current: end %v want %v, item %+v", st.ProjectedEnd, want, st.Items[1])
	}
	// A current item whose start was not recorded still counts whole.
	items[1].StartedAt = time.Time{}
	st = meetings.Progress(items, id(2), now)
	if want := now.Add(30 * m); !st.ProjectedEnd.Equal(want) || st.Items[1].State != meetings.ItemRunning {
		t.Errorf("unstarted current: end %v want %v", st.ProjectedEnd, want)
	}
}

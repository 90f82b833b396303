package meetings

import (
	"cmp"
	"slices"
	"time"

	"github.com/google/uuid"
)

// Share is one person's part of the speaking time, shown live to counter
// "always the same people who speak" (DOMAIN.md, Speaking).
type Share struct {
	Member     uuid.UUID
	Turns      int
	Time       time.Duration
	Share      float64 // of the total speaking time, 0 if nobody spoke
	EqualShare float64 // 1 / number present, 0 if nobody is
	Spoken     bool
}

// LiveShares sums the segments per speaker, for everyone present and
// anyone else who spoke, sorted by time spoken (most first), then id.
func LiveShares(segments []Segment, present []uuid.UUID) []Share {
	by := map[uuid.UUID]*Share{}
	var order []uuid.UUID
	at := func(m uuid.UUID) *Share {
		if s, ok := by[m]; ok {
			return s
		}
		s := &Share{Member: m}
		by[m] = s
		order = append(order, m)
		return s
	}
	for _, p := range present {
		at(p)
	}
	var total time.Duration
	for _, sg := range segments {
		s := at(sg.Speaker)
		s.Turns++
		s.Time += sg.Duration
		total += sg.Duration
	}
	equal := 0.0
	if n := countDistinct(present); n > 0 {
		equal = 1 / float64(n)
	}
	out := make([]Share, 0, len(order))
	for _, m := range order {
		s := *by[m]
		s.Spoken = s.Turns > 0
		s.EqualShare = equal
		if total > 0 {
			s.Share = float64(s.Time) / float64(total)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Share) int {
		if c := cmp.Compare(b.Time, a.Time); c != 0 {
			return c
		}
		return compareIDs(a.Member, b.Member)
	})
	return out
}

// NotSpoken lists the present members with no segment, in present order.
func NotSpoken(segments []Segment, present []uuid.UUID) []uuid.UUID {
	spoke := map[uuid.UUID]bool{}
	for _, s := range segments {
		spoke[s.Speaker] = true
	}
	var out []uuid.UUID
	for _, p := range present {
		if !spoke[p] {
			spoke[p] = true // once each
			out = append(out, p)
		}
	}
	return out
}

func countDistinct(ids []uuid.UUID) int {
	seen := map[uuid.UUID]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	return len(seen)
}

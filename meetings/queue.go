package meetings

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
)

// TurnKind is why someone asks for the floor.
type TurnKind string

// Turn kinds.
const (
	Normal         TurnKind = "normal"
	PointOfOrder   TurnKind = "point-of-order" // about the process: served first
	DirectResponse TurnKind = "response"       // a direct reply to the current speaker: served next
)

// ErrNotWaiting is returned when acting on someone not in the queue.
var ErrNotWaiting = errors.New("not waiting in the speaking queue")

// Turn is the speaker who has the floor.
type Turn struct {
	Member  uuid.UUID `json:"member"`
	Kind    TurnKind  `json:"kind"`
	Started time.Time `json:"started"`
}

// Entry is a raised hand.
type Entry struct {
	Member uuid.UUID `json:"member"`
	Kind   TurnKind  `json:"kind"`
	Raised time.Time `json:"raised"`
	Moved  bool      `json:"moved,omitempty"` // placed by hand by the queue keeper
}

// Queue is the speaking queue of the current item. It is plain data,
// saved locally as JSON by the app so that it survives a restart; it is
// not a replicated record.
//
// Order of service: points of order first, then responses, each by raise
// time; then normal hands by the queue's Mode. Once the queue keeper has
// moved someone (Move), the normal hands follow their stored order instead
// – the keeper's order, with later hands appended – until no moved hand is
// left waiting; then Mode applies again.
type Queue struct {
	Mode    Ordering `json:"mode"`
	Current *Turn    `json:"current,omitempty"`
	Entries []Entry  `json:"entries"`
}

// StatsOf is what progressive ordering needs from a meeting's segments:
// turns on the item and speaking time in the meeting, per person.
func StatsOf(segments []Segment, item uuid.UUID) Stats {
	st := Stats{SpokeOnItem: map[uuid.UUID]int{}, SpokenInMeeting: map[uuid.UUID]time.Duration{}}
	for _, s := range segments {
		if s.Item == item {
			st.SpokeOnItem[s.Speaker]++
		}
		st.SpokenInMeeting[s.Speaker] += s.Duration
	}
	return st
}

// Stats is what progressive ordering knows of who has spoken.
type Stats struct {
	SpokeOnItem     map[uuid.UUID]int           // turns on the current item
	SpokenInMeeting map[uuid.UUID]time.Duration // speaking time in the meeting
}

// Why codes of a place in the queue.
const (
	WhyPointOfOrder  = "point-of-order"
	WhyResponse      = "response"
	WhyManual        = "manual"
	WhyFirstCome     = "first-come"
	WhyNotSpokenItem = "not-spoken-on-item"
	WhySpokenItem    = "spoken-on-item"
)

// Why says why an entry is where it is in the queue.
type Why struct {
	Code        string
	Raised      time.Time
	SpokeOnItem int
	Spoken      time.Duration // in the meeting so far
}

// String explains the place in English.
func (w Why) String() string {
	switch w.Code {
	case WhyPointOfOrder:
		return "point of order: goes before everyone"
	case WhyResponse:
		return "direct response: goes before other hands"
	case WhyManual:
		return "placed here by the queue keeper"
	case WhyFirstCome:
		return "raised a hand at " + w.Raised.Format("15:04:05")
	case WhyNotSpokenItem:
		return fmt.Sprintf("has not spoken on this item yet (%s in the meeting)", w.Spoken.Round(time.Second))
	case WhySpokenItem:
		turns := "times"
		if w.SpokeOnItem == 1 {
			turns = "time"
		}
		return fmt.Sprintf("spoke %d %s on this item (%s in the meeting)", w.SpokeOnItem, turns, w.Spoken.Round(time.Second))
	}
	return w.Code
}

// Placed is an entry at its place in the order of service.
type Placed struct {
	Entry Entry
	Why   Why
}

// NewQueue returns an empty queue served in the given mode.
func NewQueue(mode Ordering) Queue { return Queue{Mode: mode, Entries: []Entry{}} }

// Raise adds a hand. The same person may wait once per kind: raising again
// the same kind is refused.
func (q *Queue) Raise(member uuid.UUID, kind TurnKind, now time.Time) error {
	if member == uuid.Nil {
		return fmt.Errorf("raise hand: no member given")
	}
	switch kind {
	case Normal, PointOfOrder, DirectResponse:
	default:
		return fmt.Errorf("raise hand: unknown kind %q: want normal, point-of-order or response", kind)
	}
	for _, e := range q.Entries {
		if e.Member == member && e.Kind == kind {
			return fmt.Errorf("raise hand: %s is already waiting (%s)", member, kind)
		}
	}
	q.Entries = append(q.Entries, Entry{Member: member, Kind: kind, Raised: now})
	return nil
}

// Lower removes every hand the member raised.
func (q *Queue) Lower(member uuid.UUID) error {
	n := len(q.Entries)
	q.Entries = slices.DeleteFunc(q.Entries, func(e Entry) bool { return e.Member == member })
	if len(q.Entries) == n {
		return fmt.Errorf("lower hand of %s: %w", member, ErrNotWaiting)
	}
	return nil
}

// Move puts the member's normal hand at index (0-based, clamped) among the
// normal hands in their current order of service (computed with stats), and
// fixes that order: from then on normal hands are served in stored order.
func (q *Queue) Move(member uuid.UUID, index int, stats Stats) error {
	var normal []Entry
	for _, p := range q.Order(stats) {
		if p.Entry.Kind == Normal {
			normal = append(normal, p.Entry)
		}
	}
	at := slices.IndexFunc(normal, func(e Entry) bool { return e.Member == member })
	if at < 0 {
		return fmt.Errorf("move %s: %w", member, ErrNotWaiting)
	}
	e := normal[at]
	e.Moved = true
	normal = slices.Delete(normal, at, at+1)
	index = max(0, min(index, len(normal)))
	normal = slices.Insert(normal, index, e)
	others := slices.DeleteFunc(slices.Clone(q.Entries), func(e Entry) bool { return e.Kind == Normal })
	q.Entries = append(others, normal...)
	return nil
}

// manual reports whether the keeper's stored order applies.
func (q *Queue) manual() bool {
	return slices.ContainsFunc(q.Entries, func(e Entry) bool { return e.Kind == Normal && e.Moved })
}

// Order returns the waiting hands in order of service, each with why.
func (q *Queue) Order(stats Stats) []Placed {
	var poo, resp, normal []Placed
	for _, e := range q.Entries {
		w := Why{Raised: e.Raised, SpokeOnItem: stats.SpokeOnItem[e.Member], Spoken: stats.SpokenInMeeting[e.Member]}
		switch e.Kind {
		case PointOfOrder:
			w.Code = WhyPointOfOrder
			poo = append(poo, Placed{e, w})
		case DirectResponse:
			w.Code = WhyResponse
			resp = append(resp, Placed{e, w})
		default:
			normal = append(normal, Placed{e, w})
		}
	}
	byRaise := func(a, b Placed) int {
		if c := a.Entry.Raised.Compare(b.Entry.Raised); c != 0 {
			return c
		}
		return compareIDs(a.Entry.Member, b.Entry.Member)
	}
	slices.SortStableFunc(poo, byRaise)
	slices.SortStableFunc(resp, byRaise)
	switch {
	case q.manual():
		for i := range normal {
			normal[i].Why.Code = WhyManual
		}
	case q.Mode == Progressive:
		for i := range normal {
			normal[i].Why.Code = WhyNotSpokenItem
			if normal[i].Why.SpokeOnItem > 0 {
				normal[i].Why.Code = WhySpokenItem
			}
		}
		slices.SortStableFunc(normal, func(a, b Placed) int {
			if c := compareBool(a.Why.SpokeOnItem > 0, b.Why.SpokeOnItem > 0); c != 0 {
				return c
			}
			if c := cmp.Compare(a.Why.Spoken, b.Why.Spoken); c != 0 {
				return c
			}
			return byRaise(a, b)
		})
	default:
		for i := range normal {
			normal[i].Why.Code = WhyFirstCome
		}
		slices.SortStableFunc(normal, byRaise)
	}
	return slices.Concat(poo, resp, normal)
}

// Next gives the floor to the first hand in order of service, removing it
// from the queue, and returns the new turn. It replaces the current turn:
// end that one first (EndTurn) to record its segment. With nobody waiting
// it clears the floor and returns false.
func (q *Queue) Next(now time.Time, stats Stats) (Turn, bool) {
	order := q.Order(stats)
	if len(order) == 0 {
		q.Current = nil
		return Turn{}, false
	}
	e := order[0].Entry
	q.Entries = slices.DeleteFunc(q.Entries, func(x Entry) bool { return x.Member == e.Member && x.Kind == e.Kind })
	t := Turn{Member: e.Member, Kind: e.Kind, Started: now}
	q.Current = &t
	return t, true
}

// EndTurn takes the floor back and returns the turn that ended and how
// long it lasted (false if nobody had the floor).
func (q *Queue) EndTurn(now time.Time) (Turn, time.Duration, bool) {
	if q.Current == nil {
		return Turn{}, 0, false
	}
	t := *q.Current
	q.Current = nil
	return t, max(0, now.Sub(t.Started)), true
}

// Waiting reports whether the member has a hand raised.
func (q *Queue) Waiting(member uuid.UUID) bool {
	return slices.ContainsFunc(q.Entries, func(e Entry) bool { return e.Member == member })
}

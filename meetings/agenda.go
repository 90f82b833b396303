package meetings

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// ItemType is one of the three item types the co-op adopted after its
// 2010 diagnosis (DOMAIN.md, Facilitation).
type ItemType string

// Item types.
const (
	InfoItem       ItemType = "info"
	BrainstormItem ItemType = "brainstorm"
	ProposalItem   ItemType = "proposal"
)

// ItemKind says whether an item runs a special tool (a round, the
// membership check, the round of accounts) or is a plain discussion.
type ItemKind string

// Item kinds.
const (
	KindNormal          ItemKind = "normal"
	KindRoundPeople     ItemKind = "round-people"     // each person in turn
	KindRoundCommittees ItemKind = "round-committees" // each committee reports
	KindMembershipCheck ItemKind = "membership-check" // who was absent 4+ weeks
	KindAccounts        ItemKind = "accounts"         // weekly look at the finances
)

// Item is one item of a meeting's agenda. Items are ordered by Position
// (then id), a number chosen between the neighbours' so that a move is a
// single field write that merges with concurrent edits.
type Item struct {
	ID        uuid.UUID
	Meeting   uuid.UUID
	Position  float64
	Type      ItemType
	Kind      ItemKind
	Title     string
	Presenter uuid.UUID
	Timebox   time.Duration
	Notes     string // synthetic minutes of the item
	Session   string // session label in a multi-session meeting, e.g. "Saturday morning"
	// SpeakingLimit bounds each turn on this item; 0 means the meeting's.
	SpeakingLimit time.Duration
	StartedAt     time.Time
	EndedAt       time.Time
}

// Item field names.
const (
	FieldMeeting   = "meeting"
	FieldPosition  = "position"
	FieldType      = "type"
	FieldKind      = "kind"
	FieldPresenter = "presenter"
	FieldTimebox   = "timebox_ms"
	FieldNotes     = "notes"
	FieldSession   = "session"
	// FieldItemSpeakingLimit is an item's own limit per turn.
	FieldItemSpeakingLimit = "speaking_limit_ms"
)

// Fields encodes every field of the item.
func (it *Item) Fields() []crdt.Field {
	return []crdt.Field{
		idField(FieldMeeting, it.Meeting),
		field(FieldPosition, it.Position),
		field(FieldType, string(it.Type)),
		field(FieldKind, string(it.Kind)),
		field(FieldTitle, strings.TrimSpace(it.Title)),
		idField(FieldPresenter, it.Presenter),
		durField(FieldTimebox, it.Timebox),
		field(FieldNotes, it.Notes),
		field(FieldSession, it.Session),
		durField(FieldItemSpeakingLimit, it.SpeakingLimit),
		timeField(FieldStartedAt, it.StartedAt),
		timeField(FieldEndedAt, it.EndedAt),
	}
}

// ChangedFields encodes only the fields that differ from old.
func (it *Item) ChangedFields(old *Item) []crdt.Field {
	return changedFields(it.Fields(), old.Fields())
}

// ItemFromFields decodes an agenda item, tolerating missing or malformed
// values (a missing type is info, a missing kind normal).
func ItemFromFields(id uuid.UUID, f map[string][]byte) Item {
	it := Item{ID: id, Type: InfoItem, Kind: KindNormal}
	it.Meeting = getID(f, FieldMeeting)
	get(f, FieldPosition, &it.Position)
	get(f, FieldType, &it.Type)
	get(f, FieldKind, &it.Kind)
	get(f, FieldTitle, &it.Title)
	it.Presenter = getID(f, FieldPresenter)
	it.Timebox = getDur(f, FieldTimebox)
	get(f, FieldNotes, &it.Notes)
	get(f, FieldSession, &it.Session)
	it.SpeakingLimit = getDur(f, FieldItemSpeakingLimit)
	it.StartedAt = getTime(f, FieldStartedAt)
	it.EndedAt = getTime(f, FieldEndedAt)
	return it
}

// Validate reports the first problem with the item.
func (it *Item) Validate() error {
	if it.Meeting == uuid.Nil {
		return fmt.Errorf("agenda item %q belongs to no meeting", it.Title)
	}
	if strings.TrimSpace(it.Title) == "" {
		return fmt.Errorf("agenda item title is empty")
	}
	if math.IsNaN(it.Position) || math.IsInf(it.Position, 0) {
		return fmt.Errorf("agenda item %q has no valid position", it.Title)
	}
	switch it.Type {
	case InfoItem, BrainstormItem, ProposalItem:
	default:
		return fmt.Errorf("agenda item type %q: want info, brainstorm or proposal", it.Type)
	}
	switch it.Kind {
	case KindNormal, KindRoundPeople, KindRoundCommittees, KindMembershipCheck, KindAccounts:
	default:
		return fmt.Errorf("agenda item kind %q is unknown", it.Kind)
	}
	if it.Timebox < 0 {
		return fmt.Errorf("agenda item %q: timebox %v is negative", it.Title, it.Timebox)
	}
	if it.SpeakingLimit < 0 || it.SpeakingLimit > MaxSegment {
		return fmt.Errorf("agenda item %q: speaking limit %v is out of range", it.Title, it.SpeakingLimit)
	}
	if !it.StartedAt.IsZero() && !it.EndedAt.IsZero() && it.EndedAt.Before(it.StartedAt) {
		return fmt.Errorf("agenda item %q ends before it starts", it.Title)
	}
	return nil
}

// CompareItems orders items by position, then id (so that two items given
// the same position on two laptops still have one order everywhere).
func CompareItems(a, b Item) int {
	if c := cmp.Compare(a.Position, b.Position); c != 0 {
		return c
	}
	return compareIDs(a.ID, b.ID)
}

// SortItems sorts items into agenda order, in place.
func SortItems(items []Item) { slices.SortFunc(items, CompareItems) }

// PositionBetween returns a position strictly between before and after
// when there is room. Pass math.Inf(-1) for "no item before" and
// math.Inf(1) for "no item after". When floating point has no room left
// between two very close positions it returns before; the id tie-break
// still gives one order, and Renumber can spread positions out again.
func PositionBetween(before, after float64) float64 {
	lo, hi := math.IsInf(before, -1), math.IsInf(after, 1)
	switch {
	case lo && hi:
		return 1
	case lo:
		return after - 1
	case hi:
		return before + 1
	}
	mid := before + (after-before)/2
	if mid <= before || mid >= after {
		return before
	}
	return mid
}

// Reorder returns the position that puts item id at newIndex (0-based,
// clamped) in the agenda order of the other items. Writing that one
// position field is the whole move. If id is not among items, the result
// is the position at which to insert a new item at newIndex.
func Reorder(items []Item, id uuid.UUID, newIndex int) float64 {
	rest := make([]Item, 0, len(items))
	for _, it := range items {
		if it.ID != id {
			rest = append(rest, it)
		}
	}
	SortItems(rest)
	newIndex = max(0, min(newIndex, len(rest)))
	before, after := math.Inf(-1), math.Inf(1)
	if newIndex > 0 {
		before = rest[newIndex-1].Position
	}
	if newIndex < len(rest) {
		after = rest[newIndex].Position
	}
	return PositionBetween(before, after)
}

// Renumber returns the items in agenda order with positions 1, 2, 3...
// Each changed position is a field write: use it only when positions have
// run out of room, not for every move.
func Renumber(items []Item) []Item {
	out := slices.Clone(items)
	SortItems(out)
	for i := range out {
		out[i].Position = float64(i + 1)
	}
	return out
}

// ItemState is where an item stands during the meeting.
type ItemState string

// Item states.
const (
	ItemPending ItemState = "pending"
	ItemRunning ItemState = "running"
	ItemDone    ItemState = "done"
)

// ItemProgress is one item of the live agenda.
type ItemProgress struct {
	Item      Item
	State     ItemState
	Current   bool
	Elapsed   time.Duration
	Remaining time.Duration // timebox minus elapsed, negative once over
	Over      bool          // elapsed beyond a non-zero timebox
	Overrun   time.Duration // how far beyond, 0 if not over
}

// AgendaStatus is the live view of an agenda: per item elapsed time against
// its timebox, and when the meeting will end at this pace.
type AgendaStatus struct {
	Items        []ItemProgress
	Overrun      time.Duration // total overrun of all items
	ProjectedEnd time.Time
}

// Progress computes the live agenda at now. An item is done once ended,
// running once started, pending otherwise; the current item counts as
// running even if its start was not recorded. The projected end is now,
// plus what is left of the current and running items (at least 0), plus
// the timeboxes of the items not started.
func Progress(items []Item, current uuid.UUID, now time.Time) AgendaStatus {
	sorted := slices.Clone(items)
	SortItems(sorted)
	st := AgendaStatus{Items: make([]ItemProgress, 0, len(sorted))}
	var left time.Duration
	for _, it := range sorted {
		p := ItemProgress{Item: it, Current: it.ID == current}
		switch {
		case !it.EndedAt.IsZero():
			p.State = ItemDone
			if !it.StartedAt.IsZero() {
				p.Elapsed = it.EndedAt.Sub(it.StartedAt)
			}
		case !it.StartedAt.IsZero():
			p.State = ItemRunning
			p.Elapsed = max(0, now.Sub(it.StartedAt))
		case p.Current:
			p.State = ItemRunning
		default:
			p.State = ItemPending
		}
		p.Remaining = it.Timebox - p.Elapsed
		if it.Timebox > 0 && p.Elapsed > it.Timebox {
			p.Over, p.Overrun = true, p.Elapsed-it.Timebox
			st.Overrun += p.Overrun
		}
		switch p.State {
		case ItemRunning:
			left += max(0, p.Remaining)
		case ItemPending:
			left += it.Timebox
		}
		st.Items = append(st.Items, p)
	}
	st.ProjectedEnd = now.Add(left)
	return st
}

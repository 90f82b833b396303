package meetings

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
)

// MaxSegment bounds one speaking turn; longer is a timer left running.
const MaxSegment = 4 * time.Hour

// Segment is one speaking turn, recorded when it ends so that speaking
// time can be measured ("it is always the same people who speak",
// DOMAIN.md, Speaking). It is written once, as the one field "v".
type Segment struct {
	ID       uuid.UUID
	Meeting  uuid.UUID
	Item     uuid.UUID // uuid.Nil if spoken outside an item
	Speaker  uuid.UUID
	Kind     TurnKind
	Start    time.Time
	Duration time.Duration
	Language string // language spoken, "" if not noted
}

// FieldSegment is the one field of a segment record.
const FieldSegment = "v"

type segmentJSON struct {
	Meeting    string   `json:"meeting"`
	Item       string   `json:"item,omitempty"`
	Speaker    string   `json:"speaker"`
	Kind       TurnKind `json:"kind"`
	Start      int64    `json:"start"`
	DurationMS int64    `json:"duration_ms"`
	Language   string   `json:"language,omitempty"`
}

// SegmentOf records a turn that ended at end, with a new id.
func SegmentOf(meeting, item uuid.UUID, t Turn, end time.Time, language string) Segment {
	return Segment{ID: crdt.NewID(), Meeting: meeting, Item: item, Speaker: t.Member, Kind: t.Kind,
		Start: t.Started, Duration: end.Sub(t.Started), Language: language}
}

// Fields encodes the segment as its one field.
func (s *Segment) Fields() []crdt.Field {
	return []crdt.Field{field(FieldSegment, segmentJSON{idText(s.Meeting), idText(s.Item), idText(s.Speaker),
		s.Kind, millis(s.Start), s.Duration.Milliseconds(), s.Language})}
}

// SegmentFromFields decodes a segment, tolerating a missing or bad value
// (which gives a segment Validate refuses).
func SegmentFromFields(id uuid.UUID, f map[string][]byte) Segment {
	var w segmentJSON
	if b, ok := f[FieldSegment]; ok {
		_ = json.Unmarshal(b, &w)
	}
	kind := w.Kind
	if kind == "" {
		kind = Normal
	}
	return Segment{ID: id, Meeting: parseID(w.Meeting), Item: parseID(w.Item), Speaker: parseID(w.Speaker), Kind: kind,
		Start: instant(w.Start), Duration: time.Duration(w.DurationMS) * time.Millisecond, Language: w.Language}
}

// Validate reports the first problem with the segment.
func (s *Segment) Validate() error {
	if s.Meeting == uuid.Nil {
		return fmt.Errorf("speaking segment belongs to no meeting")
	}
	if s.Speaker == uuid.Nil {
		return fmt.Errorf("speaking segment names no speaker")
	}
	if s.Duration <= 0 {
		return fmt.Errorf("speaking segment lasts %v: it must last more than zero", s.Duration)
	}
	if s.Duration > MaxSegment {
		return fmt.Errorf("speaking segment lasts %v: more than %v is a timer left running", s.Duration.Round(time.Second), MaxSegment)
	}
	if s.Language != "" && !konbit.ValidLanguage(s.Language) {
		return fmt.Errorf("speaking segment language %q: use two letters such as fr or en", s.Language)
	}
	return nil
}

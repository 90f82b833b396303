package meetings

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// AttendanceStatus is how a member attended a meeting.
type AttendanceStatus string

// Attendance statuses.
const (
	Present AttendanceStatus = "present"
	Late    AttendanceStatus = "late"
	Excused AttendanceStatus = "excused"
	Absent  AttendanceStatus = "absent"
)

// Mark is one member's attendance at one meeting. Its record id is derived
// from the meeting and member (AttendanceID) and the whole mark is one
// field, so two laptops marking the same person write one register and the
// later mark wins whole.
type Mark struct {
	Meeting uuid.UUID
	Member  uuid.UUID
	Status  AttendanceStatus
	Arrived time.Time // arrival time of a late member
	Date    string    // the meeting's date, copied for range queries
}

// FieldMark is the one field of an attendance record.
const FieldMark = "mark"

// AttendanceID is the deterministic record id of a member's mark at a
// meeting.
func AttendanceID(meeting, member uuid.UUID) uuid.UUID {
	return derive("attendance", meeting.String(), member.String())
}

// ID is the mark's record id.
func (m *Mark) ID() uuid.UUID { return AttendanceID(m.Meeting, m.Member) }

// Attended reports whether the member was there (present or late).
func (m Mark) Attended() bool { return m.Status == Present || m.Status == Late }

type markJSON struct {
	Meeting string           `json:"meeting"`
	Member  string           `json:"member"`
	Status  AttendanceStatus `json:"status"`
	Arrived int64            `json:"arrived,omitempty"`
	Date    string           `json:"date"`
}

// Fields encodes the mark as its one field.
func (m *Mark) Fields() []crdt.Field {
	return []crdt.Field{field(FieldMark, markJSON{idText(m.Meeting), idText(m.Member), m.Status, millis(m.Arrived), m.Date})}
}

// MarkFromFields decodes a mark; a missing or bad value gives a mark with
// no meeting, which Validate refuses. The id is not stored in the mark: it
// is derived from it.
func MarkFromFields(_ uuid.UUID, f map[string][]byte) Mark {
	var w markJSON
	if b, ok := f[FieldMark]; ok {
		_ = json.Unmarshal(b, &w)
	}
	return Mark{Meeting: parseID(w.Meeting), Member: parseID(w.Member), Status: w.Status, Arrived: instant(w.Arrived), Date: w.Date}
}

// Validate reports the first problem with the mark.
func (m *Mark) Validate() error {
	if m.Meeting == uuid.Nil {
		return fmt.Errorf("attendance mark belongs to no meeting")
	}
	if m.Member == uuid.Nil {
		return fmt.Errorf("attendance mark names no member")
	}
	switch m.Status {
	case Present, Late, Excused, Absent:
	default:
		return fmt.Errorf("attendance status %q: want present, late, excused or absent", m.Status)
	}
	if !m.Arrived.IsZero() && m.Status != Late {
		return fmt.Errorf("an arrival time is only kept for a late member, not one marked %s", m.Status)
	}
	return checkDate("attendance date", m.Date, true)
}

package sqlite

import (
	"context"
	"fmt"

	"github.com/google/uuid"
)

// Aggregates for speaking-time statistics over months and years: sums
// computed by SQLite over the projections, so that five years of speech
// segments are never decoded one by one.

// MeetingSpeaking is one person's speaking in one meeting.
type MeetingSpeaking struct {
	Meeting, Speaker uuid.UUID
	Turns            int
	DurationMs       int64
}

// SpeakingByMeeting sums turns and speaking time per meeting and speaker,
// over the given meetings (every meeting when none is given). No record
// is decoded: the sums run on the covering index segments(meeting,
// speaker, duration_ms), without sorting the segments.
func (db *DB) SpeakingByMeeting(ctx context.Context, meetingIDs ...uuid.UUID) ([]MeetingSpeaking, error) {
	q := "SELECT meeting, speaker, COUNT(*), SUM(duration_ms) FROM segments"
	var args []any
	if len(meetingIDs) > 0 {
		q += " WHERE meeting IN (" + placeholders(len(meetingIDs), 1) + ")"
		args = idArgs(meetingIDs)
	}
	rows, err := db.read.QueryContext(ctx, q+" GROUP BY meeting, speaker", args...)
	if err != nil {
		return nil, fmt.Errorf("sum speaking time per meeting: %w", err)
	}
	defer rows.Close()
	var out []MeetingSpeaking
	for rows.Next() {
		var meeting, speaker []byte
		var ms MeetingSpeaking
		if err := rows.Scan(&meeting, &speaker, &ms.Turns, &ms.DurationMs); err != nil {
			return nil, fmt.Errorf("sum speaking time per meeting: %w", err)
		}
		copy(ms.Meeting[:], meeting)
		copy(ms.Speaker[:], speaker)
		out = append(out, ms)
	}
	return out, rows.Err()
}

// Presence is a member marked present or late at a meeting.
type Presence struct {
	Meeting, Member uuid.UUID
}

// PresenceRows lists every (meeting, member) marked present or late, over
// all meetings: the statistics need the selection's attendance and each
// person's first meeting ever.
func (db *DB) PresenceRows(ctx context.Context) ([]Presence, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT meeting, member FROM attendance WHERE status IN ('present', 'late')")
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	var out []Presence
	var meeting, member []byte
	for rows.Next() {
		var p Presence
		if err := rows.Scan(&meeting, &member); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		copy(p.Meeting[:], meeting)
		copy(p.Member[:], member)
		out = append(out, p)
	}
	return out, rows.Err()
}

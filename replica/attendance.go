package replica

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Attendance returns the attendance marks of a meeting, read from the
// store's attendance projection.
func (r *Replica) Attendance(ctx context.Context, meeting uuid.UUID) ([]meetings.Mark, error) {
	recs, err := r.db.AttendanceOf(ctx, meeting)
	if err != nil {
		return nil, err
	}
	out := make([]meetings.Mark, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.MarkFromFields(rec.ID, rec.Visible()))
	}
	return out, nil
}

// WatchAttendance returns a channel closed at the next attendance mark
// written for the meeting.
func (r *Replica) WatchAttendance(meeting uuid.UUID) <-chan struct{} {
	return r.topics.watch(konbit.TypeAttendance, meeting)
}

// Attend marks members at a meeting (present, late with an arrival time,
// excused or absent), all in one change. Marking someone again replaces
// their mark: the record id is derived from the meeting and the member.
func (r *Replica) Attend(ctx context.Context, meeting uuid.UUID, status meetings.AttendanceStatus, arrived time.Time, members ...uuid.UUID) error {
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return err
	}
	if len(members) == 0 {
		return fmt.Errorf("attendance: no member given")
	}
	var ops []crdt.Op
	for _, id := range members {
		if _, err := r.Member(id); err != nil {
			return err
		}
		mk := meetings.Mark{Meeting: meeting, Member: id, Status: status, Date: m.Date}
		if status == meetings.Late {
			mk.Arrived = arrived
		}
		if err := mk.Validate(); err != nil {
			return err
		}
		ops = append(ops, crdt.Set(mk.ID(), konbit.TypeAttendance, mk.Fields()...))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	return nil
}

// Present lists the members marked present or late at a meeting.
func (r *Replica) Present(ctx context.Context, meeting uuid.UUID) ([]uuid.UUID, error) {
	marks, err := r.Attendance(ctx, meeting)
	if err != nil {
		return nil, err
	}
	var out []uuid.UUID
	for _, mk := range marks {
		if mk.Attended() {
			out = append(out, mk.Member)
		}
	}
	return out, nil
}

// MembershipCheck lists the members who attended no meeting of the work
// collective in the four weeks before date (YYYY-MM-DD), with the last
// one they attended. External members (on the board by the by-laws, not
// in the work collective) are left out.
func (r *Replica) MembershipCheck(ctx context.Context, date string) ([]meetings.Absentee, error) {
	// Every mark, not only those dated before: a mark carries its
	// meeting's date as it was when marked, and a meeting may have been
	// moved since. The meetings' own dates decide (the domain's rule).
	rows, err := r.db.AttendanceRows(ctx, "", "9999-12-31~")
	if err != nil {
		return nil, err
	}
	marks := make([]meetings.Mark, 0, len(rows))
	for _, row := range rows {
		marks = append(marks, meetings.Mark{Meeting: row.Meeting, Member: row.Member, Status: meetings.AttendanceStatus(row.Status), Date: row.Date})
	}
	ms, _ := r.Meetings()
	byID := make(map[uuid.UUID]meetings.Meeting, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
	}
	members, _ := r.Members()
	refs := make([]meetings.MemberRef, 0, len(members))
	for _, m := range members {
		if m.Category == konbit.External {
			continue // not in the work collective: its meetings do not bind them
		}
		refs = append(refs, meetings.MemberRef{ID: m.ID, Name: m.Name})
	}
	return meetings.MembershipCheck(refs, marks, byID, date, 0)
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Reads of the record types served from SQL rather than the live view.
// Each returns whole records (fields with their stamps), found through a
// projection table's index and read from the records table by id.

// EachRecordOfTypes calls fn for every live record of the given types, in
// id order, through the type index: the live view loads only its types.
func (db *DB) EachRecordOfTypes(ctx context.Context, types []string, fn func(*crdt.Record) error) error {
	if len(types) == 0 {
		return nil
	}
	args := make([]any, len(types))
	for i, t := range types {
		args[i] = t
	}
	rows, err := db.read.QueryContext(ctx,
		"SELECT id, state FROM records WHERE type IN ("+placeholders(len(types), 1)+") AND deleted = 0 ORDER BY id", args...)
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	return scanRecords(rows, fn)
}

func (db *DB) projected(ctx context.Context, query string, args ...any) ([]*crdt.Record, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read records: %w", err)
	}
	var out []*crdt.Record
	err = scanRecords(rows, func(r *crdt.Record) error {
		if !r.Deleted {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// SegmentsOf returns the speech segments of the given meetings, in order
// of start time.
func (db *DB) SegmentsOf(ctx context.Context, meetingIDs ...uuid.UUID) ([]*crdt.Record, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	return db.projected(ctx, `SELECT r.id, r.state FROM segments s JOIN records r ON r.id = s.id
		WHERE s.meeting IN (`+placeholders(len(meetingIDs), 1)+`) ORDER BY s.start_ms, s.id`, idArgs(meetingIDs)...)
}

// SegmentsBySpeaker returns a person's speech segments that started in
// [fromMs, toMs), in order of start time.
func (db *DB) SegmentsBySpeaker(ctx context.Context, speaker uuid.UUID, fromMs, toMs int64) ([]*crdt.Record, error) {
	return db.projected(ctx, `SELECT r.id, r.state FROM segments s JOIN records r ON r.id = s.id
		WHERE s.speaker = ? AND s.start_ms >= ? AND s.start_ms < ? ORDER BY s.start_ms, s.id`, speaker[:], fromMs, toMs)
}

// SpeakingTime is one person's speaking in a set of meetings.
type SpeakingTime struct {
	Speaker    uuid.UUID
	Turns      int
	DurationMs int64
}

// SpeakingTotals sums speaking time and turns per speaker over the given
// meetings, from the projection alone (no record is decoded).
func (db *DB) SpeakingTotals(ctx context.Context, meetingIDs ...uuid.UUID) ([]SpeakingTime, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT speaker, COUNT(*), SUM(duration_ms) FROM segments
		WHERE meeting IN (`+placeholders(len(meetingIDs), 1)+`) GROUP BY speaker ORDER BY speaker`, idArgs(meetingIDs)...)
	if err != nil {
		return nil, fmt.Errorf("sum speaking time: %w", err)
	}
	defer rows.Close()
	var out []SpeakingTime
	for rows.Next() {
		var id []byte
		var st SpeakingTime
		if err := rows.Scan(&id, &st.Turns, &st.DurationMs); err != nil {
			return nil, fmt.Errorf("sum speaking time: %w", err)
		}
		copy(st.Speaker[:], id)
		out = append(out, st)
	}
	return out, rows.Err()
}

// AttendanceOf returns the attendance marks of the given meetings.
func (db *DB) AttendanceOf(ctx context.Context, meetingIDs ...uuid.UUID) ([]*crdt.Record, error) {
	if len(meetingIDs) == 0 {
		return nil, nil
	}
	return db.projected(ctx, `SELECT r.id, r.state FROM attendance a JOIN records r ON r.id = a.id
		WHERE a.meeting IN (`+placeholders(len(meetingIDs), 1)+`) ORDER BY a.id`, idArgs(meetingIDs)...)
}

// AttendanceBetween returns the attendance marks of meetings dated in
// [from, to) (YYYY-MM-DD), through the date index.
func (db *DB) AttendanceBetween(ctx context.Context, from, to string) ([]*crdt.Record, error) {
	return db.projected(ctx, `SELECT r.id, r.state FROM attendance a JOIN records r ON r.id = a.id
		WHERE a.date >= ? AND a.date < ? ORDER BY a.date, a.id`, from, to)
}

// DecisionsOf returns the decisions taken at the given meetings; with no
// meeting, every decision, newest first.
func (db *DB) DecisionsOf(ctx context.Context, meetingIDs ...uuid.UUID) ([]*crdt.Record, error) {
	if len(meetingIDs) == 0 {
		return db.projected(ctx, `SELECT r.id, r.state FROM decisions d JOIN records r ON r.id = d.id ORDER BY d.date DESC, d.id`)
	}
	return db.projected(ctx, `SELECT r.id, r.state FROM decisions d JOIN records r ON r.id = d.id
		WHERE d.meeting IN (`+placeholders(len(meetingIDs), 1)+`) ORDER BY d.date, d.id`, idArgs(meetingIDs)...)
}

// Record reads one record by id (nil if absent), whatever its type.
func (db *DB) Record(ctx context.Context, id uuid.UUID) (*crdt.Record, error) {
	recs, err := db.projected(ctx, "SELECT id, state FROM records WHERE id = ?", id[:])
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

// ProjectionCounts reports how many rows each projection holds, for
// checks and tests.
func (db *DB) ProjectionCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, pr := range projections() {
		var n int
		if err := db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+pr.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", pr.name, err)
		}
		out[pr.name] = n
	}
	return out, nil
}

// DropProjections empties every projection and marks it out of date, so
// the next open rebuilds them from the records: a repair, should one ever
// be suspected wrong.
func (db *DB) DropProjections(ctx context.Context) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, pr := range projections() {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+pr.name); err != nil {
				return fmt.Errorf("drop projection %s: %w", pr.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM projections"); err != nil {
			return fmt.Errorf("drop projection versions: %w", err)
		}
		return nil
	})
}

func idArgs(ids []uuid.UUID) []any {
	out := make([]any, len(ids))
	for i := range ids {
		id := ids[i]
		out[i] = id[:]
	}
	return out
}

// AttendanceRow is an attendance mark as the projection holds it, for
// scans over years of marks that need no other field.
type AttendanceRow struct {
	Meeting, Member uuid.UUID
	Status          string
	Date            string
}

// AttendanceRows returns the marks of meetings dated in [from, to), and of
// the given meetings if any are given, straight from the projection (no
// record is decoded).
func (db *DB) AttendanceRows(ctx context.Context, from, to string, meetingIDs ...uuid.UUID) ([]AttendanceRow, error) {
	q := "SELECT meeting, member, status, date FROM attendance WHERE date >= ? AND date < ?"
	args := []any{from, to}
	if len(meetingIDs) > 0 {
		q += " AND meeting IN (" + placeholders(len(meetingIDs), 1) + ")"
		args = append(args, idArgs(meetingIDs)...)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	defer rows.Close()
	var out []AttendanceRow
	for rows.Next() {
		var meeting, member []byte
		var r AttendanceRow
		if err := rows.Scan(&meeting, &member, &r.Status, &r.Date); err != nil {
			return nil, fmt.Errorf("read attendance: %w", err)
		}
		copy(r.Meeting[:], meeting)
		copy(r.Member[:], member)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Records reads records by id (tombstones included; absent ids skipped),
// in batches.
func (db *DB) Records(ctx context.Context, ids []uuid.UUID) ([]*crdt.Record, error) {
	var out []*crdt.Record
	for len(ids) > 0 {
		n := min(len(ids), loadBatch)
		rows, err := db.read.QueryContext(ctx, selectQuery(n), idArgs(ids[:n])...)
		if err != nil {
			return nil, fmt.Errorf("read records: %w", err)
		}
		if err := scanRecords(rows, func(r *crdt.Record) error { out = append(out, r); return nil }); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

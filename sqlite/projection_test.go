package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

func segmentOp(id, meeting uuid.UUID, start time.Time) crdt.Op {
	s := meetings.Segment{ID: id, Meeting: meeting, Speaker: crdt.NewID(), Kind: meetings.Normal, Start: start, Duration: time.Minute}
	return crdt.Set(id, konbit.TypeSegment, s.Fields()...)
}

func counts(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	c, err := db.ProjectionCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Projections follow the records on both paths into the store, a local
// commit and a merge, in the same transaction; a tombstone removes its
// row; each write names the meeting it touched.
func TestProjectionsFollowCommitsAndMerges(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, sqlite.Options{}), open(t, sqlite.Options{})
	m := crdt.NewID()
	s1, s2 := crdt.NewID(), crdt.NewID()
	_, w, err := a.CommitTopics(ctx, []crdt.Op{segmentOp(s1, m, time.Now()), segmentOp(s2, m, time.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Topics) != 1 || w.Topics[0] != (sqlite.Topic{Type: konbit.TypeSegment, Scope: m}) {
		t.Fatalf("topics %v", w.Topics)
	}
	if c := counts(t, a); c["segments"] != 2 {
		t.Fatalf("after commit: %v", c)
	}
	res := syncPair(t, a, b)
	if c := counts(t, b); c["segments"] != 2 || len(res.Topics) != 1 {
		t.Fatalf("after merge: %v, topics %v", c, res.Topics)
	}
	if recs, err := b.SegmentsOf(ctx, m); err != nil || len(recs) != 2 {
		t.Fatalf("segments of the meeting: %d (%v)", len(recs), err)
	}
	if _, err := a.Commit(ctx, []crdt.Op{crdt.Delete(s1, konbit.TypeSegment)}); err != nil {
		t.Fatal(err)
	}
	syncPair(t, a, b)
	for name, db := range map[string]*sqlite.DB{"a": a, "b": b} {
		if c := counts(t, db); c["segments"] != 1 {
			t.Fatalf("%s after delete: %v", name, c)
		}
	}
}

// A peer that writes one id under two types (a bug or a hostile laptop):
// the record takes the type of the earliest write, everywhere, and leaves
// the projection of the other type, so two laptops never answer
// differently.
func TestRetypedRecordLeavesItsProjection(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2011, 5, 3, 9, 0, 0, 0, time.UTC)
	a := open(t, sqlite.Options{Now: func() time.Time { return t0.Add(time.Hour) }})
	b := open(t, sqlite.Options{Now: func() time.Time { return t0 }})
	id, m := crdt.NewID(), crdt.NewID()
	if _, err := b.Commit(ctx, []crdt.Op{crdt.Set(id, konbit.TypeMeeting, crdt.Field{Name: "title", Value: []byte(`"x"`)})}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(ctx, []crdt.Op{segmentOp(id, m, t0)}); err != nil {
		t.Fatal(err)
	}
	if c := counts(t, a); c["segments"] != 1 {
		t.Fatalf("before: %v", c)
	}
	res := syncPair(t, b, a)
	if len(res.Retyped) != 1 || res.Retyped[0].Type != konbit.TypeMeeting {
		t.Fatalf("retyped %v", res.Retyped)
	}
	syncPair(t, a, b)
	for name, db := range map[string]*sqlite.DB{"a": a, "b": b} {
		if c := counts(t, db); c["segments"] != 0 {
			t.Fatalf("%s keeps a segment row for a meeting record: %v", name, c)
		}
	}
	if dumpDB(t, a) != dumpDB(t, b) {
		t.Fatal("dumps differ")
	}
}

// Dropped projections are rebuilt from the records at the next open.
func TestProjectionsRebuiltAtOpen(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/k.db"
	db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	m := crdt.NewID()
	mk := meetings.Mark{Meeting: m, Member: crdt.NewID(), Status: meetings.Present, Date: "2011-05-03"}
	if _, err := db.Commit(ctx, []crdt.Op{segmentOp(crdt.NewID(), m, time.Now()), crdt.Set(mk.ID(), konbit.TypeAttendance, mk.Fields()...)}); err != nil {
		t.Fatal(err)
	}
	if err := db.DropProjections(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c := counts(t, db); c["segments"] != 1 || c["attendance"] != 1 || c["decisions"] != 0 {
		t.Fatalf("rebuilt: %v", c)
	}
	rows, err := db.AttendanceRows(ctx, "2011-05-01", "2011-05-31")
	if err != nil || len(rows) != 1 || rows[0].Member != mk.Member || rows[0].Status != "present" {
		t.Fatalf("attendance rows %+v (%v)", rows, err)
	}
}

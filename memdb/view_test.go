package memdb

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

func change(seq uint64, hlc crdt.Timestamp, ops ...crdt.Op) *crdt.Change {
	return &crdt.Change{Origin: crdt.DeviceID{1}, Seq: seq, HLC: hlc, Ops: ops}
}

func TestViewMergesChangesAndWatchFires(t *testing.T) {
	v, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	id := crdt.NewID()
	recs, ch := v.ByType("member")
	if len(recs) != 0 {
		t.Fatal("not empty")
	}
	if err := v.ApplyChanges([]*crdt.Change{change(1, 10, crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Ana"`)}))}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("watch channel did not fire")
	}
	recs, ch = v.ByType("member")
	if len(recs) != 1 || string(recs[0].Fields["name"]) != `"Ana"` {
		t.Fatalf("got %+v", recs)
	}
	held := recs[0]
	// An older write loses; a newer one wins; readers' copies stay intact.
	v.ApplyChanges([]*crdt.Change{change(2, 5, crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Old"`)}))})
	v.ApplyChanges([]*crdt.Change{change(3, 20, crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Anna"`)}))})
	if r, _ := v.Get(id); r == nil || string(r.Fields["name"]) != `"Anna"` {
		t.Fatalf("Get: %+v", r)
	}
	if string(held.Fields["name"]) != `"Ana"` {
		t.Fatal("a reader's record was mutated in place")
	}
	<-ch
	_, ch = v.ByType("member")
	if err := v.ApplyChanges([]*crdt.Change{change(4, 30, crdt.Delete(id, "member"))}); err != nil {
		t.Fatal(err)
	}
	<-ch
	if v.Count("member") != 0 {
		t.Fatal("deleted record still listed")
	}
	if r, _ := v.Get(id); r != nil {
		t.Fatal("deleted record still found")
	}
	// A write after the delete does not resurrect it.
	v.ApplyChanges([]*crdt.Change{change(5, 40, crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Zombie"`)}))})
	if v.Count("member") != 0 {
		t.Fatal("record resurrected")
	}
}

func TestViewLoad(t *testing.T) {
	v, _ := New(nil)
	live := &crdt.Record{ID: crdt.NewID(), Type: "committee", Fields: map[string]crdt.FieldState{"name": {Value: []byte(`"CA"`)}}}
	dead := &crdt.Record{ID: crdt.NewID(), Type: "committee", Deleted: true}
	if err := v.Load([]*crdt.Record{live, dead}); err != nil {
		t.Fatal(err)
	}
	if v.Count("committee") != 1 {
		t.Fatalf("count %d", v.Count("committee"))
	}
}

// A prepared update holds no lock: a local edit committed meanwhile is
// kept, and the prepared update is merged onto it at commit.
func TestPreparedUpdateRebasesOnConcurrentCommit(t *testing.T) {
	v, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	id := crdt.NewID()
	f := func(name, val string) crdt.Field { return crdt.Field{Name: name, Value: []byte(val)} }
	if err := v.ApplyChanges([]*crdt.Change{change(1, 10, crdt.Set(id, "member", f("name", `"Ana"`)))}); err != nil {
		t.Fatal(err)
	}
	slow, err := v.Prepare([]*crdt.Change{change(2, 30, crdt.Set(id, "member", f("hours", "30")))})
	if err != nil {
		t.Fatal(err)
	}
	// While slow is prepared, another write lands (it would deadlock if
	// Prepare held the write lock).
	if err := v.ApplyChanges([]*crdt.Change{change(3, 20, crdt.Set(id, "member", f("name", `"Anna"`)))}); err != nil {
		t.Fatal(err)
	}
	slow.Commit()
	r, _ := v.Get(id)
	if r == nil || string(r.Fields["name"]) != `"Anna"` || string(r.Fields["hours"]) != "30" {
		t.Fatalf("lost a write: %+v", r)
	}
}

// The view holds only the record types it is told to keep.
func TestViewKeepsOnlyItsTypes(t *testing.T) {
	v, err := New(func(typ string) bool { return typ != "segment" })
	if err != nil {
		t.Fatal(err)
	}
	seg, mem := crdt.NewID(), crdt.NewID()
	val := crdt.Field{Name: "v", Value: []byte(`1`)}
	if err := v.ApplyChanges([]*crdt.Change{change(1, 10, crdt.Set(seg, "segment", val), crdt.Set(mem, "member", val))}); err != nil {
		t.Fatal(err)
	}
	if r, _ := v.Get(seg); r != nil {
		t.Fatal("segment held by the view")
	}
	if r, _ := v.Get(mem); r == nil {
		t.Fatal("member missing from the view")
	}
	if err := v.Load([]*crdt.Record{{ID: crdt.NewID(), Type: "segment"}}); err != nil {
		t.Fatal(err)
	}
	if n := len(v.All()); n != 1 {
		t.Fatalf("view holds %d records, want 1", n)
	}
}

// Records are indexed under their meeting: a meeting's watcher wakes for
// its own items, not for another meeting's.
func TestByScopeWatchesOneMeeting(t *testing.T) {
	v, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	m1, m2 := crdt.NewID(), crdt.NewID()
	item := func(m uuid.UUID) crdt.Op {
		return crdt.Set(crdt.NewID(), "agenda_item", crdt.Field{Name: "meeting", Value: []byte(`"` + m.String() + `"`)})
	}
	if err := v.ApplyChanges([]*crdt.Change{change(1, 10, item(m1), item(m1), item(m2))}); err != nil {
		t.Fatal(err)
	}
	recs, ch := v.ByScope("agenda_item", m1.String())
	if len(recs) != 2 {
		t.Fatalf("meeting 1 has %d items, want 2", len(recs))
	}
	if err := v.ApplyChanges([]*crdt.Change{change(2, 20, item(m2))}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
		t.Fatal("an item of another meeting woke the watcher")
	default:
	}
	if err := v.ApplyChanges([]*crdt.Change{change(3, 30, item(m1))}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("a new item of the meeting did not wake the watcher")
	}
}

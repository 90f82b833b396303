package memdb

import (
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

func change(seq uint64, hlc crdt.Timestamp, ops ...crdt.Op) *crdt.Change {
	return &crdt.Change{Origin: crdt.DeviceID{1}, Seq: seq, HLC: hlc, Ops: ops}
}

func TestViewMergesChangesAndWatchFires(t *testing.T) {
	v, err := New()
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
	v, _ := New()
	live := &crdt.Record{ID: crdt.NewID(), Type: "committee", Fields: map[string]crdt.FieldState{"name": {Value: []byte(`"CA"`)}}}
	dead := &crdt.Record{ID: crdt.NewID(), Type: "committee", Deleted: true}
	if err := v.Load([]*crdt.Record{live, dead}); err != nil {
		t.Fatal(err)
	}
	if v.Count("committee") != 1 {
		t.Fatalf("count %d", v.Count("committee"))
	}
}

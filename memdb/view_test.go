package memdb

import (
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

func TestViewWatchFiresOnApply(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	id := crdt.NewID()
	recs, ch := v.ByType("member")
	if len(recs) != 0 {
		t.Fatal("not empty")
	}
	if err := v.Apply([]crdt.DumpRecord{{ID: id, Type: "member", Fields: map[string][]byte{"name": []byte(`"Ana"`)}}}); err != nil {
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
	if r, _ := v.Get(id); r == nil || r.Type != "member" {
		t.Fatal("Get")
	}
	if err := v.Apply([]crdt.DumpRecord{{ID: id, Type: "member", Deleted: true}}); err != nil {
		t.Fatal(err)
	}
	<-ch
	if v.Count("member") != 0 {
		t.Fatal("deleted record still visible")
	}
	if r, _ := v.Get(id); r != nil {
		t.Fatal("deleted record still found")
	}
}

package sqlite_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

func heldChange(t *testing.T, id crdt.Identity, seq uint64, value []byte) sqlite.HeldChange {
	t.Helper()
	c := crdt.Change{Seq: seq, HLC: crdt.MakeTimestamp(1_760_000_000_000, uint16(seq)),
		Ops: []crdt.Op{crdt.Set(crdt.NewID(), "member", crdt.Field{Name: "name", Value: value})}}
	c.Sign(id)
	return sqlite.HeldChange{Change: c, Key: id.Public()}
}

func TestHeldChanges(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqlite.Options{})
	a, _ := crdt.NewIdentity()
	b, _ := crdt.NewIdentity()
	hs := []sqlite.HeldChange{heldChange(t, a, 1, []byte(`"x"`)), heldChange(t, a, 2, []byte(`"y"`)), heldChange(t, b, 1, []byte(`"z"`))}
	n, over, err := db.Hold(ctx, hs)
	if err != nil || n != 3 || len(over) != 0 {
		t.Fatalf("Hold = %d, %d over, %v", n, len(over), err)
	}
	// Holding again is idempotent.
	if n, _, err := db.Hold(ctx, hs); err != nil || n != 0 {
		t.Fatalf("Hold again = %d, %v", n, err)
	}
	if _, _, err := db.Hold(ctx, []sqlite.HeldChange{{Change: hs[0].Change, Key: b.Public()}}); err == nil {
		t.Fatal("held a change under another device's key")
	}
	got, err := db.Held(ctx, a.Device())
	if err != nil || len(got) != 2 || got[0].Change.Seq != 1 || got[1].Change.Seq != 2 {
		t.Fatalf("Held(a) = %+v, %v", got, err)
	}
	if err := got[1].Change.Verify(got[1].Key); err != nil {
		t.Fatalf("a held change no longer verifies: %v", err)
	}
	by, err := db.HeldOrigins(ctx)
	if err != nil || by[a.Device()] != 2 || by[b.Device()] != 1 {
		t.Fatalf("HeldOrigins = %v, %v", by, err)
	}
	if err := db.DeleteHeld(ctx, []*crdt.Change{&got[0].Change, &got[0].Change}); err != nil {
		t.Fatal(err)
	}
	tot, err := db.HeldTotal(ctx)
	if err != nil || tot.Changes != 2 || tot.Bytes == 0 {
		t.Fatalf("HeldTotal = %+v, %v", tot, err)
	}
}

// TestHeldIsBounded: beyond MaxHeldBytes, changes are not held.
func TestHeldIsBounded(t *testing.T) {
	ctx := context.Background()
	db := open(t, sqlite.Options{})
	a, _ := crdt.NewIdentity()
	big := bytes.Repeat([]byte{'a'}, 15<<20)
	var hs []sqlite.HeldChange
	for seq := uint64(1); seq <= 5; seq++ {
		hs = append(hs, heldChange(t, a, seq, big))
	}
	n, over, err := db.Hold(ctx, hs)
	if err != nil || n != 4 || len(over) != 1 || over[0].Change.Seq != 5 {
		t.Fatalf("Hold = %d held, %d over, %v", n, len(over), err)
	}
	if tot, _ := db.HeldTotal(ctx); tot.Bytes > sqlite.MaxHeldBytes {
		t.Fatalf("%d bytes held", tot.Bytes)
	}
}

package groupkey_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
)

func identity(t *testing.T) crdt.Identity {
	t.Helper()
	id, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestKexIsDerivedFromTheSeed(t *testing.T) {
	id := identity(t)
	a, err := groupkey.KexPublic(id)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := crdt.IdentityFromSeed(id.Private.Seed())
	b, err := groupkey.KexPublic(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) || len(a) != groupkey.KexSize {
		t.Fatalf("kex not deterministic: %x vs %x", a, b)
	}
	other, _ := groupkey.KexPublic(identity(t))
	if bytes.Equal(a, other) {
		t.Fatal("two identities share a kex")
	}
	if _, err := groupkey.ParseKex(a[:31]); err == nil {
		t.Fatal("short kex accepted")
	}
}

func TestSealOpen(t *testing.T) {
	alice, bob := identity(t), identity(t)
	kex, _ := groupkey.KexPublic(bob)
	e, key, err := groupkey.NewEpoch()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := groupkey.Seal(key, e, bob.Device(), kex)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, key) {
		t.Fatal("sealed copy holds the key in clear")
	}
	got, err := groupkey.Open(bob, e, sealed)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("open: %x, %v", got, err)
	}

	// Another device cannot open it, even claiming to be the recipient.
	if _, err := groupkey.Open(alice, e, sealed); !errors.Is(err, groupkey.ErrOpen) {
		t.Fatalf("alice opened bob's key: %v", err)
	}
	// Filed under another epoch, it does not open.
	e2, _, _ := groupkey.NewEpoch()
	if _, err := groupkey.Open(bob, e2, sealed); !errors.Is(err, groupkey.ErrOpen) {
		t.Fatalf("opened under another epoch: %v", err)
	}
	// Sealed for alice's id but with bob's kex: the info binds the recipient.
	wrong, _ := groupkey.Seal(key, e, alice.Device(), kex)
	if _, err := groupkey.Open(bob, e, wrong); !errors.Is(err, groupkey.ErrOpen) {
		t.Fatalf("opened a key sealed for another recipient id: %v", err)
	}
	// Any flipped bit is refused.
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		if _, err := groupkey.Open(bob, e, bad); err == nil {
			t.Fatalf("tampered byte %d accepted", i)
		}
	}
	if _, err := groupkey.Open(bob, e, sealed[:len(sealed)-1]); err == nil {
		t.Fatal("truncated sealed key accepted")
	}
	if _, err := groupkey.Seal(key[:16], e, bob.Device(), kex); err == nil {
		t.Fatal("short key sealed")
	}
}

func TestGrantRecordRoundTrip(t *testing.T) {
	bob, by := identity(t), identity(t)
	kex, _ := groupkey.KexPublic(bob)
	e, key, _ := groupkey.NewEpoch()
	sealed, _ := groupkey.Seal(key, e, bob.Device(), kex)
	g := groupkey.Grant{Epoch: e, Recipient: bob.Device(), Sealed: sealed,
		Created: time.UnixMilli(1_790_000_000_123).UTC(), By: by.Device()}
	op := g.Op()
	if op.Type != groupkey.TypeGroupKey || op.Record != groupkey.GrantID(e, bob.Device()) {
		t.Fatalf("op %v %v", op.Type, op.Record)
	}
	fields := map[string][]byte{}
	for _, f := range op.Fields {
		fields[f.Name] = f.Value
	}
	got, err := groupkey.GrantFromFields(op.Record, fields)
	if err != nil {
		t.Fatal(err)
	}
	if got.Epoch != g.Epoch || got.Recipient != g.Recipient || got.By != g.By ||
		!got.Created.Equal(g.Created) || !bytes.Equal(got.Sealed, g.Sealed) {
		t.Fatalf("round trip: %+v != %+v", got, g)
	}
	// Filed under another id: refused.
	if _, err := groupkey.GrantFromFields(groupkey.GrantID(e, by.Device()), fields); err == nil {
		t.Fatal("grant under a foreign id accepted")
	}
	delete(fields, groupkey.FieldCreated)
	if _, err := groupkey.GrantFromFields(op.Record, fields); err == nil {
		t.Fatal("grant without created accepted")
	}
}

func TestCurrentEpoch(t *testing.T) {
	d1, d2 := crdt.DeviceID{1}, crdt.DeviceID{2}
	t0 := time.UnixMilli(1_000_000)
	a, b, c := groupkey.Epoch{0xa}, groupkey.Epoch{0xb}, groupkey.Epoch{0xc}
	grants := []groupkey.Grant{
		{Epoch: b, Recipient: d1, Created: t0.Add(time.Second)},
		{Epoch: a, Recipient: d1, Created: t0},
		{Epoch: c, Recipient: d2, Created: t0.Add(time.Second)}, // tie with b: c wins by id
		{Epoch: a, Recipient: d2, Created: t0.Add(time.Hour)},   // a re-sealer cannot move a forward
	}
	cur, ok := groupkey.Current(grants)
	if !ok || cur.Epoch != c {
		t.Fatalf("current = %v, want c", cur.Epoch)
	}
	es := groupkey.Epochs(grants)
	if len(es) != 3 || es[0].Epoch != a || !es[0].Created.Equal(t0) || len(es[0].Recipients) != 2 {
		t.Fatalf("epochs: %+v", es)
	}
	// Order of arrival does not matter.
	rev := []groupkey.Grant{grants[3], grants[2], grants[1], grants[0]}
	if cur2, _ := groupkey.Current(rev); cur2.Epoch != c {
		t.Fatal("current depends on order")
	}
	if _, ok := groupkey.Current(nil); ok {
		t.Fatal("current epoch without grants")
	}
}

// TestTrustedDropsEpochsSealedByRemoved: an epoch any removed device
// sealed (made or re-sealed) is never current, however far ahead it is
// dated.
func TestTrustedDropsEpochsSealedByRemoved(t *testing.T) {
	a, x := identity(t).Device(), identity(t).Device()
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	honest := groupkey.Grant{Epoch: groupkey.Epoch{1}, Recipient: a, Sealed: []byte{1}, Created: now, By: a}
	planted := groupkey.Grant{Epoch: groupkey.Epoch{2}, Recipient: a, Sealed: []byte{1}, Created: now.AddDate(10, 0, 0), By: x}
	resealed := planted
	resealed.By, resealed.Recipient = a, identity(t).Device()
	all := []groupkey.Grant{honest, planted, resealed}
	if cur, _ := groupkey.Current(all); cur.Epoch != planted.Epoch {
		t.Fatal("setup: the planted epoch should be current while x is a member")
	}
	removed := func(d crdt.DeviceID) bool { return d == x }
	trusted := groupkey.Trusted(all, removed)
	if len(trusted) != 1 {
		t.Fatalf("trusted grants %+v, want the honest one only", trusted)
	}
	if cur, _ := groupkey.Current(trusted); cur.Epoch != honest.Epoch {
		t.Fatalf("current %v, want the honest epoch", cur.Epoch)
	}
	if got := groupkey.Trusted(all, func(crdt.DeviceID) bool { return false }); len(got) != 3 {
		t.Fatalf("nobody removed: %d grants kept", len(got))
	}
}

package replica_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

// TestForgedHRKeyRefused: a paired laptop cannot publish an HR key in the
// name of another laptop (to be granted the campaigns sealed to it): the
// laptop importing its changes refuses them and keeps only the real key.
func TestForgedHRKeyRefused(t *testing.T) {
	ctx := context.Background()
	a, b, x := openReplica(t), openReplica(t), openReplica(t)
	pairAndHandOver(t, a, b, x)
	anna := uuid.New()
	if err := b.CreateHRKey(ctx, anna, []byte("chalet"), fastKey); err != nil {
		t.Fatal(err)
	}
	exchange(t, b, a)

	fake, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	bd := b.Device()
	if _, err := x.Commit(ctx, crdt.Set(trust.HRKeyID(anna, bd), konbit.TypeHRKey,
		crdt.Field{Name: trust.HRKeyFieldMember, Value: anna[:]},
		crdt.Field{Name: trust.HRKeyFieldDevice, Value: bd[:]},
		crdt.Field{Name: trust.HRKeyFieldPublic, Value: fake.PublicKey().Bytes()})); err != nil {
		t.Fatal(err)
	}
	res := exchange(t, x, a)
	if res.Refused[x.Device()] == "" {
		t.Fatalf("forged HR key accepted: %+v", res)
	}
	pubs := a.HRPublicKeys()[anna]
	if len(pubs) != 1 || pubs[0].Equal(fake.PublicKey()) {
		t.Fatalf("Anna's keys on a: %d, forged one among them", len(pubs))
	}
}

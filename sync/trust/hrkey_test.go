package trust_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
)

func hrKeyOp(id, member uuid.UUID, device crdt.DeviceID) crdt.Op {
	return crdt.Set(id, konbit.TypeHRKey,
		crdt.Field{Name: trust.HRKeyFieldMember, Value: member[:]},
		crdt.Field{Name: trust.HRKeyFieldDevice, Value: device[:]},
		crdt.Field{Name: trust.HRKeyFieldPublic, Value: make([]byte, 32)})
}

// TestHRKeyForgery: only the laptop an HR key names may publish it, under
// the id its member and laptop imply, so no member can publish a fake HR
// key for another laptop and be granted the campaigns sealed to it.
func TestHRKeyForgery(t *testing.T) {
	r, _, a, _, x := forgerySetup(t)
	m := uuid.New()
	for _, tc := range []struct {
		name string
		op   crdt.Op
		want trust.Verdict
	}{
		{"own key", hrKeyOp(trust.HRKeyID(m, x.ID()), m, x.ID()), trust.Accept},
		{"another laptop's key", hrKeyOp(trust.HRKeyID(m, a.ID()), m, a.ID()), trust.Refuse},
		{"mismatched id", hrKeyOp(trust.HRKeyID(uuid.New(), x.ID()), m, x.ID()), trust.Refuse},
		{"random id", hrKeyOp(uuid.New(), m, x.ID()), trust.Refuse},
		{"no device field", crdt.Set(trust.HRKeyID(m, x.ID()), konbit.TypeHRKey, crdt.Field{Name: trust.HRKeyFieldMember, Value: m[:]}), trust.Refuse},
		{"delete", crdt.Delete(trust.HRKeyID(m, a.ID()), konbit.TypeHRKey), trust.Refuse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := judgeOne(r, x.change(tc.op)); v != tc.want {
				t.Fatalf("judged %v, want %v", v, tc.want)
			}
		})
	}
}

package trust_test

import (
	"math"
	"testing"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
	"github.com/konbit/konbit/sync/trust"
)

// forgerySetup: self admitted a, b and x; x is the member who tries to
// abuse its place on the roster.
func forgerySetup(t *testing.T) (r *trust.Roster, self, a, b, x *dev) {
	self, a, b, x = newDev(t), newDev(t), newDev(t), newDev(t)
	var adms []trust.Admission
	for _, d := range []*dev{a, b, x} {
		adm, err := trust.NewAdmission(d.id.Public(), "", self.ID(), at)
		if err != nil {
			t.Fatal(err)
		}
		adms = append(adms, adm)
	}
	return trust.NewRoster(self.ID(), adms, nil), self, a, b, x
}

func judgeOne(r *trust.Roster, c *crdt.Change) trust.Verdict {
	j := r.Judge([]*crdt.Change{c})
	switch {
	case len(j.Accepted) == 1:
		return trust.Accept
	case len(j.Held) == 1:
		return trust.Hold
	}
	return trust.Refuse
}

// TestSelfRemovalRefused: a laptop that removes itself (with a cut that
// keeps everything it writes later) forges the roster: its real removal
// must not be pre-empted.
func TestSelfRemovalRefused(t *testing.T) {
	r, _, _, _, x := forgerySetup(t)
	if v := judgeOne(r, x.change(x.removes(x, math.MaxUint64))); v != trust.Refuse {
		t.Fatalf("self-removal judged %v, want refused", v)
	}
	if _, err := trust.RemovalFromFields(trust.RemovalID(x.ID(), x.ID()), map[string][]byte{}); err == nil {
		t.Fatal("empty removal parsed")
	}
	// Written under the legacy shared id, it is refused too.
	op := x.removes(x, math.MaxUint64)
	op.Record = trust.LegacyRemovalID(x.ID())
	if v := judgeOne(r, x.change(op)); v != trust.Refuse {
		t.Fatalf("legacy-id self-removal judged %v, want refused", v)
	}
}

// TestRemovalsKeyedPerRemover: two laptops removing one device write two
// records; the roster keeps the smallest cut, in either order.
func TestRemovalsKeyedPerRemover(t *testing.T) {
	r, _, a, b, x := forgerySetup(t)
	ra := trust.Removal{Device: x.ID(), By: a.ID(), At: at, Cut: 3}
	rb := trust.Removal{Device: x.ID(), By: b.ID(), At: at.Add(1e9), Cut: 10}
	if ra.ID() == rb.ID() {
		t.Fatal("two removers share one removal record")
	}
	for _, batch := range [][]*crdt.Change{{a.change(ra.Op()), b.change(rb.Op())}, {b.change(rb.Op()), a.change(ra.Op())}} {
		j := r.Judge(batch)
		if len(j.Accepted) != 2 {
			t.Fatalf("removals: %+v", j)
		}
		if rm, ok := j.Roster.Removal(x.ID()); !ok || rm.Cut != 3 {
			t.Fatalf("removal %+v, want the cut 3", rm)
		}
	}
	ros := trust.NewRoster(r.Self(), nil, []trust.Removal{rb, ra})
	if rm, _ := ros.Removal(x.ID()); rm.Cut != 3 {
		t.Fatalf("stored removals: cut %d, want 3", rm.Cut)
	}
}

// TestDeviceRecordOnlyByItsDevice: a laptop's device record (its name and
// the key-exchange key the group key is sealed to) is written by that
// laptop only.
func TestDeviceRecordOnlyByItsDevice(t *testing.T) {
	r, _, _, b, x := forgerySetup(t)
	kex, err := konbit.DeviceKexField(make([]byte, konbit.KexSize))
	if err != nil {
		t.Fatal(err)
	}
	name := crdt.Field{Name: "name", Value: []byte(`"Mallory"`)}
	cases := []struct {
		name string
		op   crdt.Op
		want trust.Verdict
	}{
		{"own kex", crdt.Set(konbit.DeviceRecordID(x.ID()), konbit.TypeDevice, kex), trust.Accept},
		{"own name", crdt.Set(konbit.DeviceRecordID(x.ID()), konbit.TypeDevice, name), trust.Accept},
		{"another's kex", crdt.Set(konbit.DeviceRecordID(b.ID()), konbit.TypeDevice, kex), trust.Refuse},
		{"another's name", crdt.Set(konbit.DeviceRecordID(b.ID()), konbit.TypeDevice, name), trust.Refuse},
		{"delete of another's", crdt.Delete(konbit.DeviceRecordID(b.ID()), konbit.TypeDevice), trust.Refuse},
		{"another's retyped", crdt.Set(konbit.DeviceRecordID(b.ID()), konbit.TypeMember, name), trust.Refuse},
		{"a stranger's", crdt.Set(konbit.DeviceRecordID(newDev(t).ID()), konbit.TypeDevice, kex), trust.Refuse},
		{"a stranger's retyped", crdt.Set(konbit.DeviceRecordID(newDev(t).ID()), konbit.TypeMember, name), trust.Refuse},
		{"own retyped", crdt.Set(konbit.DeviceRecordID(x.ID()), konbit.TypeMember, name), trust.Refuse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if v := judgeOne(r, x.change(tc.op)); v != tc.want {
				t.Fatalf("judged %v, want %v", v, tc.want)
			}
		})
	}
}

// TestGrantOnlyInOwnName: a group key grant says who sealed it; that must
// be the change's origin.
func TestGrantOnlyInOwnName(t *testing.T) {
	r, _, _, b, x := forgerySetup(t)
	g := groupkey.Grant{Epoch: groupkey.Epoch{1}, Recipient: b.ID(), Sealed: []byte{1, 2, 3}, Created: at, By: x.ID()}
	if v := judgeOne(r, x.change(g.Op())); v != trust.Accept {
		t.Fatalf("own grant judged %v", v)
	}
	g.By = b.ID()
	if v := judgeOne(r, x.change(g.Op())); v != trust.Refuse {
		t.Fatalf("grant in another's name judged %v, want refused", v)
	}
}

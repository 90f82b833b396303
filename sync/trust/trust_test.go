package trust_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/trust"
	"pgregory.net/rapid"
)

var at = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

type dev struct {
	id  crdt.Identity
	seq uint64
}

func newDev(t testing.TB) *dev {
	id, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return &dev{id: id}
}

func (d *dev) ID() crdt.DeviceID { return d.id.Device() }

// change makes d's next change with the given ops.
func (d *dev) change(ops ...crdt.Op) *crdt.Change {
	d.seq++
	c := &crdt.Change{Seq: d.seq, HLC: crdt.MakeTimestamp(at.UnixMilli(), uint16(d.seq)), Ops: ops}
	c.Sign(d.id)
	return c
}

func (d *dev) admits(t interface{ Fatal(...any) }, o *dev) crdt.Op {
	a, err := trust.NewAdmission(o.id.Public(), "laptop", d.ID(), at)
	if err != nil {
		t.Fatal(err)
	}
	return a.Op()
}

func (d *dev) removes(o *dev, cut uint64) crdt.Op {
	return trust.Removal{Device: o.ID(), By: d.ID(), At: at, Cut: cut}.Op()
}

func member() crdt.Op {
	return crdt.Set(crdt.NewID(), konbit.TypeMember, crdt.Field{Name: "name", Value: []byte(`"Ana"`)})
}

func TestTypesMatchRoot(t *testing.T) {
	if trust.TypeAdmission != konbit.TypeAdmission || trust.TypeRemoval != konbit.TypeRemoval {
		t.Fatal("roster types differ from the root package's")
	}
	if konbit.ResidencyOf(trust.TypeAdmission) != konbit.Live || konbit.ResidencyOf(trust.TypeRemoval) != konbit.Live {
		t.Fatal("roster records must be live")
	}
}

func TestRecordRoundTrip(t *testing.T) {
	a, b := newDev(t), newDev(t)
	adm, err := trust.NewAdmission(b.id.Public(), "Marie's laptop", a.ID(), at)
	if err != nil {
		t.Fatal(err)
	}
	rec := &crdt.Record{}
	c := a.change(adm.Op(), a.removes(b, 7))
	for i := range c.Ops {
		r := &crdt.Record{ID: c.Ops[i].Record}
		r.ApplyOp(&c.Ops[i], c.Stamp())
		gotA, gotR, err := trust.FromRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && (gotA == nil || gotA.Device != b.ID() || gotA.Name != "Marie's laptop" || !gotA.At.Equal(at) || gotA.By != a.ID()) {
			t.Fatalf("admission = %+v", gotA)
		}
		if i == 1 && (gotR == nil || gotR.Cut != 7 || gotR.Device != b.ID() || gotR.By != a.ID()) {
			t.Fatalf("removal = %+v", gotR)
		}
		rec = r
	}
	_ = rec
	adms, rems, err := trust.FromChange(c)
	if err != nil || len(adms) != 1 || len(rems) != 1 {
		t.Fatalf("FromChange = %v, %v, %v", adms, rems, err)
	}
	if trust.AdmissionID(b.ID(), a.ID()) == trust.AdmissionID(a.ID(), b.ID()) || trust.RemovalID(a.ID(), b.ID()) == trust.RemovalID(b.ID(), a.ID()) {
		t.Fatal("ids collide")
	}
}

func TestFromChangeRefusesForgery(t *testing.T) {
	a, b, m := newDev(t), newDev(t), newDev(t)
	inName := a.admits(t, b) // written by a...
	bad := []struct {
		name string
		c    *crdt.Change
	}{
		{"admission in another's name", m.change(inName)},
		{"removal in another's name", m.change(a.removes(b, 1))},
		{"delete of an admission", m.change(crdt.Delete(trust.AdmissionID(b.ID(), m.ID()), trust.TypeAdmission))},
		{"admission with a foreign id", m.change(crdt.Set(trust.AdmissionID(a.ID(), m.ID()), trust.TypeAdmission, m.admits(t, b).Fields...))},
		{"truncated removal", m.change(crdt.Set(trust.RemovalID(b.ID(), a.ID()), trust.TypeRemoval, crdt.Field{Name: trust.FieldDevice, Value: []byte("short")}))},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := trust.FromChange(tc.c); !errors.Is(err, trust.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// verdicts maps each change of the batch to its verdict.
func verdicts(j trust.Judgement, n int) []trust.Verdict {
	out := make([]trust.Verdict, n)
	for _, i := range j.Accepted {
		out[i] = trust.Accept
	}
	for _, i := range j.Held {
		out[i] = trust.Hold
	}
	for _, i := range j.Refused {
		out[i] = trust.Refuse
	}
	return out
}

func TestJudge(t *testing.T) {
	const A, H, R = trust.Accept, trust.Hold, trust.Refuse
	type setup struct {
		self, a, b, c, m *dev
	}
	cases := []struct {
		name   string
		stored func(s setup) ([]trust.Admission, []trust.Removal)
		batch  func(t *testing.T, s setup) []*crdt.Change
		want   []trust.Verdict
	}{
		{
			name:  "unknown origin is held",
			batch: func(t *testing.T, s setup) []*crdt.Change { return []*crdt.Change{s.a.change(member())} },
			want:  []trust.Verdict{H},
		},
		{
			name: "self admits a in the batch",
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.a.change(member()), s.self.change(s.self.admits(t, s.a))}
			},
			want: []trust.Verdict{A, A},
		},
		{
			name: "chain self admits a admits b admits c, reversed order",
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{
					s.c.change(member()),
					s.b.change(s.b.admits(t, s.c)),
					s.a.change(s.a.admits(t, s.b)),
					s.self.change(s.self.admits(t, s.a)),
				}
			},
			want: []trust.Verdict{A, A, A, A},
		},
		{
			name: "admission by an unadmitted device does not count",
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.m.change(s.m.admits(t, s.a)), s.a.change(member())}
			},
			want: []trust.Verdict{H, H},
		},
		{
			name: "stored admission and removal: before the cut stays, after is refused",
			stored: func(s setup) ([]trust.Admission, []trust.Removal) {
				a, _ := trust.NewAdmission(s.a.id.Public(), "", s.self.ID(), at)
				return []trust.Admission{a}, []trust.Removal{{Device: s.a.ID(), By: s.self.ID(), At: at, Cut: 1}}
			},
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.a.change(member()), s.a.change(member())}
			},
			want: []trust.Verdict{A, R},
		},
		{
			name: "removal in the batch applies to the batch",
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{
					s.a.change(member()),
					s.a.change(s.a.admits(t, s.b)), // after the cut: not accepted, so b is not admitted
					s.b.change(member()),
					s.self.change(s.self.admits(t, s.a), s.self.removes(s.a, 1)),
				}
			},
			want: []trust.Verdict{A, R, H, A},
		},
		{
			name: "removal is sticky: a later admission does not undo it",
			stored: func(s setup) ([]trust.Admission, []trust.Removal) {
				return nil, []trust.Removal{{Device: s.a.ID(), By: s.self.ID(), At: at, Cut: 0}}
			},
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.self.change(s.self.admits(t, s.a)), s.a.change(member())}
			},
			want: []trust.Verdict{A, R},
		},
		{
			name: "forged admission from an admitted device is refused",
			stored: func(s setup) ([]trust.Admission, []trust.Removal) {
				a, _ := trust.NewAdmission(s.a.id.Public(), "", s.self.ID(), at)
				return []trust.Admission{a}, nil
			},
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.a.change(s.self.admits(t, s.m)), s.m.change(member())}
			},
			want: []trust.Verdict{R, H},
		},
		{
			name: "retyping a removal record is refused",
			stored: func(s setup) ([]trust.Admission, []trust.Removal) {
				a, _ := trust.NewAdmission(s.a.id.Public(), "", s.self.ID(), at)
				return []trust.Admission{a}, []trust.Removal{{Device: s.b.ID(), By: s.self.ID(), At: at}}
			},
			batch: func(t *testing.T, s setup) []*crdt.Change {
				return []*crdt.Change{s.a.change(crdt.Delete(trust.RemovalID(s.b.ID(), s.self.ID()), konbit.TypeMember))}
			},
			want: []trust.Verdict{R},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := setup{newDev(t), newDev(t), newDev(t), newDev(t), newDev(t)}
			var adms []trust.Admission
			var rems []trust.Removal
			if tc.stored != nil {
				adms, rems = tc.stored(s)
			}
			r := trust.NewRoster(s.self.ID(), adms, rems)
			batch := tc.batch(t, s)
			j := r.Judge(batch)
			if got := verdicts(j, len(batch)); !slices.Equal(got, tc.want) {
				t.Fatalf("verdicts = %v, want %v (refused: %v)", got, tc.want, j.RefusedBy)
			}
			for _, i := range j.Refused {
				if j.RefusedBy[batch[i].Origin] == "" {
					t.Errorf("no reason for refusing %s", batch[i].Origin.Short())
				}
			}
		})
	}
}

func TestCheck(t *testing.T) {
	self, a, b := newDev(t), newDev(t), newDev(t)
	adm, _ := trust.NewAdmission(a.id.Public(), "", self.ID(), at)
	r := trust.NewRoster(self.ID(), []trust.Admission{adm}, []trust.Removal{{Device: b.ID(), By: self.ID(), At: at}})
	if r.Check(self.ID()) != nil || r.Check(a.ID()) != nil {
		t.Fatal("self and admitted must pass")
	}
	if err := r.Check(b.ID()); err == nil {
		t.Fatal("removed device passes")
	}
	if err := r.Check(newDev(t).ID()); err == nil {
		t.Fatal("unknown device passes")
	}
}

// TestJudgeProperties: random batches of devices admitting, removing and
// editing, judged in random orders.
func TestJudgeProperties(t *testing.T) {
	devs := make([]*dev, 6)
	for i := range devs {
		devs[i] = newDev(t)
	}
	self := devs[0]
	rapid.Check(t, func(rt *rapid.T) {
		for _, d := range devs {
			d.seq = 0
		}
		n := rapid.IntRange(1, 30).Draw(rt, "n")
		var batch []*crdt.Change
		for k := 0; k < n; k++ {
			d := devs[rapid.IntRange(0, len(devs)-1).Draw(rt, "origin")]
			o := devs[rapid.IntRange(1, len(devs)-1).Draw(rt, "other")]
			var op crdt.Op
			switch rapid.IntRange(0, 5).Draw(rt, "kind") {
			case 0, 1:
				op = d.admits(rt, o)
			case 2:
				op = d.removes(o, rapid.Uint64Range(0, 5).Draw(rt, "cut"))
			default:
				op = member()
			}
			if d == o {
				op = member()
			}
			batch = append(batch, d.change(op))
		}
		r := trust.NewRoster(self.ID(), nil, nil)
		j := r.Judge(batch)
		want := verdicts(j, len(batch))

		// Independent of the batch's order.
		perm := rapid.Permutation(indices(len(batch))).Draw(rt, "perm")
		shuffled := make([]*crdt.Change, len(batch))
		for k, i := range perm {
			shuffled[k] = batch[i]
		}
		got := verdicts(r.Judge(shuffled), len(batch))
		for k, i := range perm {
			if got[k] != want[i] {
				rt.Fatalf("change %d: %v in one order, %v in another", i, want[i], got[k])
			}
		}

		// Nothing from an origin that no accepted admission reaches is
		// accepted: rebuild the reachable set independently.
		reach := map[crdt.DeviceID]bool{self.ID(): true}
		for grew := true; grew; {
			grew = false
			for _, i := range j.Accepted {
				adms, _, _ := trust.FromChange(batch[i])
				for _, a := range adms {
					if reach[a.By] && !reach[a.Device] {
						reach[a.Device], grew = true, true
					}
				}
			}
		}
		for _, i := range j.Accepted {
			if !reach[batch[i].Origin] {
				rt.Fatalf("change %d from unadmitted %s accepted", i, batch[i].Origin.Short())
			}
		}
		// Every change gets exactly one verdict.
		if len(j.Accepted)+len(j.Held)+len(j.Refused) != len(batch) {
			rt.Fatalf("verdicts %d+%d+%d for %d changes", len(j.Accepted), len(j.Held), len(j.Refused), len(batch))
		}
		// The judged roster is stable: judging the accepted changes again
		// against it accepts them all.
		var acc []*crdt.Change
		for _, i := range j.Accepted {
			acc = append(acc, batch[i])
		}
		if again := j.Roster.Judge(acc); len(again.Accepted) != len(acc) {
			rt.Fatalf("judging the accepted changes again accepts %d of %d", len(again.Accepted), len(acc))
		}
	})
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// BenchmarkJudge: a 50,000-op delta of ordinary records from one admitted
// device.
func BenchmarkJudge(b *testing.B) {
	self, a := newDev(b), newDev(b)
	adm, _ := trust.NewAdmission(a.id.Public(), "", self.ID(), at)
	r := trust.NewRoster(self.ID(), []trust.Admission{adm}, nil)
	var batch []*crdt.Change
	for i := 0; i < 500; i++ {
		ops := make([]crdt.Op, 100)
		for k := range ops {
			ops[k] = member()
		}
		batch = append(batch, a.change(ops...))
	}
	b.ResetTimer()
	for b.Loop() {
		if j := r.Judge(batch); len(j.Accepted) != len(batch) {
			b.Fatal("not all accepted")
		}
	}
}

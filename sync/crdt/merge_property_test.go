package crdt_test

import (
	"bytes"
	"flag"
	"testing"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
)

// replica is a State plus the changes it holds (to relay them).
type replica struct {
	st   *crdt.State
	held map[heldKey]crdt.Change
	dev  int
}

type heldKey struct {
	origin crdt.DeviceID
	seq    uint64
}

func key(c crdt.Change) heldKey {
	return heldKey{c.Origin, c.Seq}
}

func (r *replica) receive(sim *crdttest.Sim, cs []crdt.Change) {
	for _, c := range cs {
		r.st.Apply(&c)
		r.held[key(c)] = c
		sim.Devices[r.dev].Clock.Observe(c.HLC)
	}
}

func (r *replica) all() []crdt.Change {
	out := make([]crdt.Change, 0, len(r.held))
	for _, c := range r.held {
		out = append(out, c)
	}
	return out
}

func dump(t *testing.T, st *crdt.State) string {
	var b bytes.Buffer
	if err := st.Dump(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMergeConverges: 3 to 5 replicas make random edits (concurrent edits of
// one field, edits racing deletes, unknown fields and ops) and exchange
// them in random orders, with duplicates, partial deliveries and relays.
// Once every replica holds every change, all dumps are equal, and equal to
// applying all changes once in yet another order.
var trialsFlag = flag.Int("konbit.trials", 0, "trials of TestMergeConverges (default 2000, 200 with -short)")

func TestMergeConverges(t *testing.T) {
	trials := 2000
	if testing.Short() {
		trials = 200
	}
	if *trialsFlag > 0 {
		trials = *trialsFlag
	}
	for trial := 0; trial < trials; trial++ {
		n := 3 + trial%3
		sim := crdttest.New(int64(trial), n, false)
		reps := make([]*replica, n)
		for i := range reps {
			reps[i] = &replica{st: crdt.NewState(), held: map[heldKey]crdt.Change{}, dev: i}
		}
		var everything []crdt.Change
		steps := 10 + sim.Rng.Intn(40)
		for s := 0; s < steps; s++ {
			if sim.Rng.Intn(3) > 0 {
				i := sim.Rng.Intn(n)
				c := sim.RandomChange(i)
				everything = append(everything, c)
				reps[i].receive(sim, []crdt.Change{c})
				continue
			}
			src, dst := sim.Rng.Intn(n), sim.Rng.Intn(n)
			cs := reps[src].all()
			if sim.Rng.Intn(2) == 0 {
				cs = sim.Subset(cs)
			}
			reps[dst].receive(sim, sim.Shuffled(cs))
		}
		// Final rounds: a relay ring, then everyone to everyone.
		for i := 0; i < n; i++ {
			reps[(i+1)%n].receive(sim, sim.Shuffled(reps[i].all()))
		}
		for i := range reps {
			for j := range reps {
				reps[j].receive(sim, sim.Shuffled(reps[i].all()))
			}
		}
		ref := crdt.NewState()
		for _, c := range sim.Shuffled(everything) {
			ref.Apply(&c)
		}
		want := dump(t, ref)
		for i, r := range reps {
			if got := dump(t, r.st); got != want {
				t.Fatalf("trial %d: replica %d diverges\n got: %s\nwant: %s", trial, i, got, want)
			}
			if v := r.st.Vector(); !v.Covers(ref.Vector()) || !ref.Vector().Covers(v) {
				t.Fatalf("trial %d: replica %d vector %v, want %v", trial, i, v, ref.Vector())
			}
		}
	}
}

// TestApplyIdempotent: applying the same change twice is a no-op the
// second time.
func TestApplyIdempotent(t *testing.T) {
	sim := crdttest.New(1, 3, false)
	st := crdt.NewState()
	var cs []crdt.Change
	for i := 0; i < 100; i++ {
		cs = append(cs, sim.RandomChange(i%3))
	}
	for _, c := range cs {
		if !st.Apply(&c) {
			t.Fatal("new change reported as known")
		}
	}
	before := dump(t, st)
	for _, c := range cs {
		if st.Apply(&c) {
			t.Fatal("known change reported as new")
		}
	}
	if dump(t, st) != before {
		t.Fatal("re-applying changed the state")
	}
}

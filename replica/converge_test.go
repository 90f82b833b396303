package replica_test

import (
	"bytes"
	"context"
	"flag"
	"testing"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
)

var bundleTrials = flag.Int("konbit.bundle-trials", 0, "trials of TestBundlesConverge (default 25, 8 with -short)")

// TestBundlesConverge: 3 to 5 laptops edit at random (concurrent edits of
// one field, edits against deletes, unknown fields and record types) and
// pass bundles around in random order: full bundles and deltas, bundles
// imported twice, bundles relayed by a third laptop, several bundles at
// once. When everyone has exchanged with everyone, all dumps are equal.
func TestBundlesConverge(t *testing.T) {
	trials := 25
	if testing.Short() {
		trials = 8
	}
	if *bundleTrials > 0 {
		trials = *bundleTrials
	}
	ctx := context.Background()
	for trial := 0; trial < trials; trial++ {
		n := 3 + trial%3
		sim := crdttest.New(int64(1000+trial), n, false)
		reps := make([]*replica.Replica, n)
		for i := range reps {
			r, err := replica.Open(ctx, t.TempDir(), sqlite.Options{Synchronous: "OFF"})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			reps[i] = r
		}
		pair(t, reps...)
		var inFlight [][]byte // bundles written, to deliver again later
		for step := 0; step < 40; step++ {
			switch i := sim.Rng.Intn(n); sim.Rng.Intn(4) {
			case 0, 1: // a local edit (ops drawn by the simulation)
				c := sim.RandomChange(i)
				var ops []crdt.Op
				for _, op := range c.Ops {
					if op.Known() {
						ops = append(ops, op)
					}
				}
				if len(ops) > 0 {
					if _, err := reps[i].Commit(ctx, ops...); err != nil {
						t.Fatal(err)
					}
				}
			case 2: // i sends to j a full bundle or a delta
				j := sim.Rng.Intn(n)
				var since crdt.Vector
				if sim.Rng.Intn(2) == 0 {
					since, _ = reps[j].Vector(ctx)
				}
				var buf bytes.Buffer
				if _, err := reps[i].Export(ctx, &buf, since, nil); err != nil {
					t.Fatal(err)
				}
				inFlight = append(inFlight, buf.Bytes())
				if _, err := reps[j].Import(ctx, bytes.NewReader(buf.Bytes()), nil); err != nil {
					t.Fatal(err)
				}
			case 3: // an old bundle turns up again, anywhere (USB stick, relay)
				if len(inFlight) > 0 {
					b := inFlight[sim.Rng.Intn(len(inFlight))]
					if _, err := reps[i].Import(ctx, bytes.NewReader(b), nil); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		// Everyone exchanges with everyone, through deltas.
		for i := range reps {
			for j := range reps {
				if i != j {
					exchange(t, reps[i], reps[j])
				}
			}
		}
		for i := range reps {
			exchange(t, reps[i], reps[0])
		}
		for j := range reps {
			exchange(t, reps[0], reps[j])
		}
		want := dump(t, reps[0])
		for i, r := range reps {
			if got := dump(t, r); got != want {
				t.Fatalf("trial %d: replica %d differs:\n%s\nvs\n%s", trial, i, got, want)
			}
			// The live view agrees with the store.
			if a, b := viewDump(t, r), storeLiveDump(t, r); a != b {
				t.Fatalf("trial %d: replica %d live view differs from store:\n%s\nvs\n%s", trial, i, a, b)
			}
		}
	}
}

func viewDump(t *testing.T, r *replica.Replica) string {
	var recs []crdt.DumpRecord
	for _, rec := range r.LiveView().All() {
		recs = append(recs, crdt.DumpRecord{ID: rec.ID, Type: rec.Type, Fields: rec.Fields})
	}
	var b bytes.Buffer
	if err := crdt.WriteDump(&b, recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func storeLiveDump(t *testing.T, r *replica.Replica) string {
	var recs []crdt.DumpRecord
	err := r.Store().EachRecord(context.Background(), func(rec *crdt.Record) error {
		if !rec.Deleted && r.LiveView().Holds(rec.Type) {
			recs = append(recs, crdt.DumpRecord{ID: rec.ID, Type: rec.Type, Fields: rec.Visible()})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := crdt.WriteDump(&b, recs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

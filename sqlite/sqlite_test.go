package sqlite_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
)

func open(t testing.TB, opts sqlite.Options) *sqlite.DB {
	t.Helper()
	if opts.Synchronous == "" {
		opts.Synchronous = "OFF" // tests need no durability across power cuts
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "konbit.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func dumpDB(t testing.TB, db *sqlite.DB) string {
	t.Helper()
	var b bytes.Buffer
	if err := db.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestCommitPersistsAcrossReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "k.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := crdt.NewID()
	c, err := db.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Ana"`)})})
	if err != nil {
		t.Fatal(err)
	}
	if c.Seq != 1 {
		t.Fatalf("seq %d", c.Seq)
	}
	if err := c.Verify(db.Identity().Public()); err != nil {
		t.Fatalf("local change not validly signed: %v", err)
	}
	dev := db.Device()
	before := dumpDB(t, db)
	db.Close()

	db, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Device() != dev {
		t.Fatal("device identity changed on reopen")
	}
	if got := dumpDB(t, db); got != before || !strings.Contains(got, `"name":"Ana"`) {
		t.Fatalf("state lost on reopen: %s", got)
	}
	c2, err := db.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"Anna"`)})})
	if err != nil {
		t.Fatal(err)
	}
	if c2.Seq != 2 || c2.HLC <= c.HLC {
		t.Fatalf("sequence/clock not resumed: seq %d hlc %v after %v", c2.Seq, c2.HLC, c.HLC)
	}
	v, _ := db.Vector(ctx)
	if v[dev] != 2 {
		t.Fatalf("vector %v", v)
	}
}

// syncAll copies every change src holds that dst lacks.
func syncPair(t testing.TB, src, dst *sqlite.DB) sqlite.MergeResult {
	t.Helper()
	ctx := context.Background()
	v, err := dst.Vector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs, keys, err := src.ChangesSince(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := dst.Merge(ctx, keys, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestDeltaSyncAndIdempotence(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, sqlite.Options{}), open(t, sqlite.Options{})
	id := crdt.NewID()
	for i := 0; i < 5; i++ {
		if _, err := a.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "n", Value: []byte{'0' + byte(i)}})}); err != nil {
			t.Fatal(err)
		}
	}
	if res := syncPair(t, a, b); res.New != 5 || res.Known != 0 {
		t.Fatalf("first sync %+v", res)
	}
	if res := syncPair(t, a, b); res.New != 0 {
		t.Fatalf("second sync should send nothing: %+v", res)
	}
	// Merging the same changes again counts them as known and changes nothing.
	cs, keys, _ := a.ChangesSince(ctx, nil)
	before := dumpDB(t, b)
	res, err := b.Merge(ctx, keys, cs, nil)
	if err != nil || res.Known != 5 || res.New != 0 {
		t.Fatalf("re-merge %+v %v", res, err)
	}
	if dumpDB(t, b) != before || dumpDB(t, a) != before {
		t.Fatal("dumps differ")
	}
}

func TestGapKeepsVectorBelowAndIsFilledLater(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, sqlite.Options{}), open(t, sqlite.Options{})
	for i := 0; i < 3; i++ {
		a.Commit(ctx, []crdt.Op{crdt.Set(crdt.NewID(), "x", crdt.Field{Name: "f", Value: []byte("1")})})
	}
	cs, keys, _ := a.ChangesSince(ctx, nil)
	if _, err := b.Merge(ctx, keys, []crdt.Change{cs[0], cs[2]}, nil); err != nil {
		t.Fatal(err)
	}
	v, _ := b.Vector(ctx)
	if v[a.Device()] != 1 {
		t.Fatalf("vector %d with a gap at 2, want 1", v[a.Device()])
	}
	syncPair(t, a, b)
	v, _ = b.Vector(ctx)
	if v[a.Device()] != 3 || dumpDB(t, a) != dumpDB(t, b) {
		t.Fatalf("gap not filled: %v", v)
	}
}

func TestMergeRefusesWrongOrChangedKeyAndStaysUnchanged(t *testing.T) {
	ctx := context.Background()
	a, b := open(t, sqlite.Options{}), open(t, sqlite.Options{})
	a.Commit(ctx, []crdt.Op{crdt.Set(crdt.NewID(), "x", crdt.Field{Name: "f", Value: []byte("1")})})
	cs, _, _ := a.ChangesSince(ctx, nil)
	before := dumpDB(t, b)
	other, _ := crdt.NewIdentity()
	if _, err := b.Merge(ctx, map[crdt.DeviceID]ed25519.PublicKey{a.Device(): other.Public()}, cs, nil); err == nil {
		t.Fatal("key of another device accepted")
	}
	if dumpDB(t, b) != before {
		t.Fatal("refused merge changed the state")
	}
}

func TestFutureClockIsAcceptedButFlagged(t *testing.T) {
	ctx := context.Background()
	now := time.UnixMilli(1_760_000_000_000)
	future := now.Add(72 * time.Hour)
	a := open(t, sqlite.Options{Now: func() time.Time { return future }})
	b := open(t, sqlite.Options{Now: func() time.Time { return now }})
	id := crdt.NewID()
	a.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"A"`)})})
	res := syncPair(t, a, b)
	if res.New != 1 || res.Future[a.Device()] < 71*time.Hour {
		t.Fatalf("future change not flagged: %+v", res)
	}
	devs, err := b.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var flagged bool
	for _, d := range devs {
		if d.ID == a.Device() && d.AheadBy >= 71*time.Hour {
			flagged = true
		}
		if d.Self && d.AheadBy != 0 {
			t.Fatal("self flagged")
		}
	}
	if !flagged {
		t.Fatalf("device not flagged: %+v", devs)
	}
	// A local edit made after seeing the future change still wins: the
	// hybrid clock moved past it.
	c, err := b.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"B"`)})})
	if err != nil {
		t.Fatal(err)
	}
	if c.HLC.WallMillis() < future.UnixMilli() {
		t.Fatalf("local clock did not advance past observed change")
	}
	syncPair(t, b, a)
	if !strings.Contains(dumpDB(t, a), `"name":"B"`) {
		t.Fatal("later edit lost")
	}
}

// TestStoreAgreesWithModel: 3-5 durable replicas exchanging random changes
// in random orders (duplicates, partial relays) converge to the state of
// the in-memory reference model.
func TestStoreAgreesWithModel(t *testing.T) {
	trials := 60
	if testing.Short() {
		trials = 10
	}
	ctx := context.Background()
	for trial := 0; trial < trials; trial++ {
		n := 3 + trial%3
		sim := crdttest.New(int64(trial), n, true)
		keys := map[crdt.DeviceID]ed25519.PublicKey{}
		for _, d := range sim.Devices {
			keys[d.ID.Device()] = d.ID.Public()
		}
		dbs := make([]*sqlite.DB, n)
		held := make([][]crdt.Change, n)
		for i := range dbs {
			dbs[i] = open(t, sqlite.Options{})
		}
		ref := crdt.NewState()
		for s := 0; s < 30; s++ {
			i := sim.Rng.Intn(n)
			if sim.Rng.Intn(3) > 0 {
				c := sim.RandomChange(i)
				ref.Apply(&c)
				held[i] = append(held[i], c)
				if _, err := dbs[i].Merge(ctx, keys, []crdt.Change{c}, nil); err != nil {
					t.Fatal(err)
				}
				continue
			}
			j := sim.Rng.Intn(n)
			cs, _, err := dbs[i].ChangesSince(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			cs = sim.Shuffled(sim.Subset(cs))
			if _, err := dbs[j].Merge(ctx, keys, cs, nil); err != nil {
				t.Fatal(err)
			}
		}
		for round := 0; round < 2; round++ {
			for i := range dbs {
				for j := range dbs {
					if i != j {
						syncPair(t, dbs[i], dbs[j])
					}
				}
			}
		}
		var want bytes.Buffer
		ref.Dump(&want)
		for i, db := range dbs {
			if got := dumpDB(t, db); got != want.String() {
				t.Fatalf("trial %d replica %d:\n got %s\nwant %s", trial, i, got, want.String())
			}
		}
	}
}

// TestFutureClockBlamesOnlyTheWrongLaptop: A's clock is 3 days ahead. B
// merges A's changes, so B's hybrid clock moves past them and B's own
// edits are stamped in the future too. C, merging both from B, must flag
// A and not B.
func TestFutureClockBlamesOnlyTheWrongLaptop(t *testing.T) {
	ctx := context.Background()
	now := time.UnixMilli(1_760_000_000_000)
	clock := func() time.Time { return now }
	a := open(t, sqlite.Options{Now: func() time.Time { return now.Add(72 * time.Hour) }})
	b := open(t, sqlite.Options{Now: clock})
	c := open(t, sqlite.Options{Now: clock})
	id := crdt.NewID()
	a.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "name", Value: []byte(`"A"`)})})
	syncPair(t, a, b)
	for i := 0; i < 3; i++ {
		if _, err := b.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "hours", Value: []byte{'1' + byte(i)}})}); err != nil {
			t.Fatal(err)
		}
	}
	res := syncPair(t, b, c)
	if _, ok := res.Future[a.Device()]; !ok {
		t.Fatalf("A not flagged: %+v", res.Future)
	}
	if by, ok := res.Future[b.Device()]; ok {
		t.Fatalf("B flagged (%v) for stamps it only inherited from A", by)
	}
	// Later, B's inherited stamps arrive on their own: still explained.
	b.Commit(ctx, []crdt.Op{crdt.Set(id, "member", crdt.Field{Name: "hours", Value: []byte("9")})})
	if res := syncPair(t, b, c); len(res.Future) != 0 {
		t.Fatalf("B flagged on a later sync: %+v", res.Future)
	}
	// A laptop that sees B's stamps without A's changes cannot tell who
	// is to blame: it flags B, whose changes are the ones stamped ahead.
	d := open(t, sqlite.Options{Now: clock})
	cs, keys, _ := b.ChangesSince(ctx, nil)
	var onlyB []crdt.Change
	for _, ch := range cs {
		if ch.Origin == b.Device() {
			onlyB = append(onlyB, ch)
		}
	}
	r1, err := d.Merge(ctx, keys, onlyB, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r1.Future[b.Device()]; !ok {
		t.Fatalf("B's unexplained future stamps not flagged: %+v", r1.Future)
	}
}

// TestTwoProcessesShareADatabase: the command line may commit while the
// app holds the same database open; neither reuses the other's sequence
// numbers.
func TestTwoProcessesShareADatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	app, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	cli, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	var last crdt.Timestamp
	for i, db := range []*sqlite.DB{app, cli, app, cli, cli, app} {
		c, err := db.Commit(ctx, []crdt.Op{crdt.Set(crdt.NewID(), "x", crdt.Field{Name: "f", Value: []byte("1")})})
		if err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
		if c.Seq != uint64(i+1) || c.HLC <= last {
			t.Fatalf("commit %d: seq %d hlc %v after %v", i, c.Seq, c.HLC, last)
		}
		last = c.HLC
	}
}

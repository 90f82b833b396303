package replica_test

import (
	"bytes"
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/groupkey"
	"github.com/konbit/konbit/sync/peer"
	"github.com/konbit/konbit/sync/trust"
)

func exportAll(t *testing.T, r *replica.Replica, since crdt.Vector) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := r.Export(context.Background(), &buf, since, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSelfRemovalDoesNotPreemptRemoval: a laptop that writes its own
// removal, with a cut that would keep everything it writes later, is
// refused; its real removal is then written and its later changes
// refused.
func TestSelfRemovalDoesNotPreemptRemoval(t *testing.T) {
	ctx := context.Background()
	a, x := openReplica(t), openReplica(t)
	pair(t, a, x)
	self := trust.Removal{Device: x.Device(), By: x.Device(), At: time.Now(), Cut: math.MaxUint64}
	if _, err := x.Commit(ctx, self.Op()); err != nil {
		t.Fatal(err)
	}
	res := exchange(t, x, a)
	if res.Refused[x.Device()] == "" {
		t.Fatalf("self-removal not refused: %+v", res)
	}
	if err := a.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	if _, err := x.AddMember(ctx, memberNamed("After")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, a)
	if hasMember(a, "After") {
		t.Fatal("a change made after the removal was merged")
	}
	entries, _ := a.Roster(ctx)
	for _, e := range entries {
		if e.Device == x.Device() && (e.Status != replica.StatusRemoved || e.RemovedBy != a.Device()) {
			t.Fatalf("roster entry %+v", e)
		}
	}
}

// TestSmallestCutWins: two laptops remove the same device, the later
// (with a larger cut, having merged more of it) does not raise the
// earlier's cut: a third laptop that learns both refuses what came after
// the first removal.
func TestSmallestCutWins(t *testing.T) {
	ctx := context.Background()
	a, b, c, x := openReplica(t), openReplica(t), openReplica(t), openReplica(t)
	pair(t, a, b, c, x)
	if _, err := x.AddMember(ctx, memberNamed("Before")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, a)
	exchange(t, x, b)
	if err := a.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	if _, err := x.AddMember(ctx, memberNamed("After")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, b) // b has not heard of a's removal yet
	time.Sleep(5 * time.Millisecond)
	if err := b.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, c)
	exchange(t, b, c)
	exchange(t, x, c) // judged against the removals c holds
	if !hasMember(c, "Before") || hasMember(c, "After") {
		t.Fatalf("c: before kept %v, after refused %v", hasMember(c, "Before"), !hasMember(c, "After"))
	}
	// b learns of a's removal: it has the smaller cut, and b does not
	// send x's later changes on.
	exchange(t, a, b)
	d := openReplica(t)
	pair(t, d, b)
	if err := d.Admit(ctx, x.Identity().Public(), ""); err != nil {
		t.Fatal(err)
	}
	exchange(t, b, d)
	if !hasMember(d, "Before") || hasMember(d, "After") {
		t.Fatalf("d: before kept %v, after refused %v", hasMember(d, "Before"), !hasMember(d, "After"))
	}
}

// grantsOf reads the group key grants a replica holds.
func grantsOf(t *testing.T, r *replica.Replica) []groupkey.Grant {
	t.Helper()
	recs, _ := r.LiveView().ByType(konbit.TypeGroupKey)
	var out []groupkey.Grant
	for _, rec := range recs {
		g, err := groupkey.GrantFromFields(rec.ID, rec.Fields)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

// opensAny reports whether id can open any grant of r (whoever it is
// addressed to) of an epoch created after since.
func opensAny(t *testing.T, r *replica.Replica, id crdt.Identity, newer map[groupkey.Epoch]bool) bool {
	for _, g := range grantsOf(t, r) {
		if !newer[g.Epoch] {
			continue
		}
		if _, err := groupkey.Open(id, g.Epoch, g.Sealed); err == nil {
			return true
		}
	}
	return false
}

func epochsOf(t *testing.T, r *replica.Replica) map[groupkey.Epoch]bool {
	out := map[groupkey.Epoch]bool{}
	for _, g := range grantsOf(t, r) {
		out[g.Epoch] = true
	}
	return out
}

func newEpochs(before, after map[groupkey.Epoch]bool) map[groupkey.Epoch]bool {
	out := map[groupkey.Epoch]bool{}
	for e := range after {
		if !before[e] {
			out[e] = true
		}
	}
	return out
}

// TestForgedDeviceRecordRefused: a member cannot write another laptop's
// device record: neither its key-exchange key (to be handed the group key
// meant for it, even after its own removal) nor its name.
func TestForgedDeviceRecordRefused(t *testing.T) {
	ctx := context.Background()
	a, b, x := openReplica(t), openReplica(t), openReplica(t)
	pairAndHandOver(t, a, b, x)
	if err := b.SetDeviceName(ctx, "Bea's laptop"); err != nil {
		t.Fatal(err)
	}
	exchange(t, b, a)
	xKex, err := groupkey.KexPublic(x.Identity())
	if err != nil {
		t.Fatal(err)
	}
	kf, _ := konbit.DeviceKexField(xKex)
	nf, _ := konbit.DeviceNameField("Mallory")
	for _, f := range []crdt.Field{kf, nf} {
		if _, err := x.Commit(ctx, crdt.Set(konbit.DeviceRecordID(b.Device()), konbit.TypeDevice, f)); err != nil {
			t.Fatal(err)
		}
		res := exchange(t, x, a)
		if res.Refused[x.Device()] == "" {
			t.Fatalf("forged %s accepted: %+v", f.Name, res)
		}
	}
	if n := a.DeviceName(b.Device()); n != "Bea's laptop" {
		t.Fatalf("b's name is %q on a", n)
	}
	before := epochsOf(t, a)
	if err := a.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	fresh := newEpochs(before, epochsOf(t, a))
	if len(fresh) != 1 {
		t.Fatalf("removal made %d new epochs, want 1", len(fresh))
	}
	if opensAny(t, a, x.Identity(), fresh) {
		t.Fatal("the removed laptop can open the new group key")
	}
	if !opensAny(t, a, b.Identity(), fresh) {
		t.Fatal("the new group key was not sealed to b's real key")
	}
}

// TestPlantedEpochReplacedAfterRemoval: a member makes an epoch dated far
// ahead, sealed to everyone but itself, so that it stays current after
// its removal; once it is removed, that epoch is no longer used and a new
// one it cannot open replaces it.
func TestPlantedEpochReplacedAfterRemoval(t *testing.T) {
	ctx := context.Background()
	a, b, x := openReplica(t), openReplica(t), openReplica(t)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	pairAndHandOver(t, a, b, x)
	// x withdraws its key-exchange key (its own record: allowed), so
	// that nobody seals its epoch to it, and plants its epoch, sealed to
	// a and b, dated in ten years.
	if _, err := x.Commit(ctx, crdt.Set(konbit.DeviceRecordID(x.Device()), konbit.TypeDevice, crdt.Field{Name: konbit.FieldKex, Value: []byte{0}})); err != nil {
		t.Fatal(err)
	}
	e, key, err := groupkey.NewEpoch()
	if err != nil {
		t.Fatal(err)
	}
	future := time.Now().AddDate(10, 0, 0).UTC().Truncate(time.Millisecond)
	var ops []crdt.Op
	for _, r := range []*replica.Replica{a, b} {
		kex, _ := groupkey.KexPublic(r.Identity())
		sealed, err := groupkey.Seal(key, e, r.Device(), kex)
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, groupkey.Grant{Epoch: e, Recipient: r.Device(), Sealed: sealed, Created: future, By: x.Device()}.Op())
	}
	if _, err := x.Commit(ctx, ops...); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, a)
	exchange(t, x, b)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}

	before := epochsOf(t, a)
	if err := a.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := newEpochs(before, epochsOf(t, a))
	if len(fresh) == 0 {
		t.Fatal("no new epoch after removing the planter")
	}
	if opensAny(t, a, x.Identity(), fresh) {
		t.Fatal("the removed laptop can open the new group key")
	}
	// The folder writes under the new epoch, not the planted one.
	dir := t.TempDir()
	if _, err := a.FolderSync(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddMember(ctx, memberNamed("Secret")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.FolderSync(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := x.FolderSync(ctx, dir, nil); err != nil {
		t.Logf("x's folder sync: %v", err)
	}
	if hasMember(x, "Secret") {
		t.Fatal("the removed laptop read what was written after its removal")
	}
	// a and b still open the planted epoch (what was written under it).
	if keys, _ := a.GroupKeys(); keys[e] == nil {
		t.Fatal("a lost the planted epoch's key")
	}
	// A grant in another's name is refused.
	y := openReplica(t)
	pair(t, y, b)
	forged := groupkey.Grant{Epoch: e, Recipient: b.Device(), Sealed: []byte{1}, Created: future, By: a.Device()}
	if _, err := y.Commit(ctx, forged.Op()); err != nil {
		t.Fatal(err)
	}
	if res := exchange(t, y, b); res.Refused[y.Device()] == "" {
		t.Fatalf("grant in a's name accepted: %+v", res)
	}
}

// TestConcurrentMergesJudgedInTurn: a batch bringing x's removal and one
// carrying x's later changes, merged at once by two sessions: the second
// is judged against the roster the first leaves, so x's later changes are
// refused whichever starts first. The first merge is held inside its
// transaction while the second starts, the interleaving that let both be
// judged against the old roster.
func TestConcurrentMergesJudgedInTurn(t *testing.T) {
	ctx := context.Background()
	b, x := openReplica(t), openReplica(t)
	pair(t, b, x)
	if _, err := x.AddMember(ctx, memberNamed("Before")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, b)
	if err := b.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := x.AddMember(ctx, memberNamed("After"+string(rune('0'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	removal, later := exportAll(t, b, nil), exportAll(t, x, nil)
	for i := range 24 {
		a := openReplica(t)
		pair(t, a, b)
		if err := a.Admit(ctx, x.Identity().Public(), ""); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var laterRes replica.ImportResult
		var laterErr error
		var once sync.Once
		hold := func(phase string, done, total int64) {
			if phase != "merge" {
				return
			}
			once.Do(func() {
				wg.Add(1)
				go func() {
					defer wg.Done()
					laterRes, laterErr = a.ImportBytes(ctx, later, x.Device())
				}()
				time.Sleep(100 * time.Millisecond)
			})
		}
		if i%2 == 1 {
			// Also plainly concurrent, for the race detector.
			hold = nil
			wg.Add(1)
			go func() {
				defer wg.Done()
				laterRes, laterErr = a.ImportBytes(ctx, later, x.Device())
			}()
		}
		if _, err := a.Import(ctx, bytes.NewReader(removal), hold); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if laterErr != nil {
			t.Fatal(laterErr)
		}
		if hold != nil && hasMember(a, "After0") {
			t.Fatalf("round %d: x's changes after its removal were merged: %+v", i, laterRes)
		}
		if !hasMember(a, "Before") {
			t.Fatalf("round %d: x's change before its removal was lost", i)
		}
	}
}

// TestRefusedChangesNotSentOn: a replica that merged a removed device's
// later changes before it learnt of the removal keeps them but sends them
// neither in bundles nor in peer batches.
func TestRefusedChangesNotSentOn(t *testing.T) {
	ctx := context.Background()
	a, b, x := openReplica(t), openReplica(t), openReplica(t)
	pair(t, a, b, x)
	if _, err := x.AddMember(ctx, memberNamed("Before")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, a)
	if err := a.RemoveDevice(ctx, x.Device()); err != nil {
		t.Fatal(err)
	}
	rm, ok := removalOf(ctx, t, a, x.Device())
	if !ok {
		t.Fatal("no removal")
	}
	if _, err := x.AddMember(ctx, memberNamed("After")); err != nil {
		t.Fatal(err)
	}
	exchange(t, x, b)
	exchange(t, a, b) // b learns of the removal after merging "After"
	if !hasMember(b, "After") {
		t.Fatal("setup: b should hold x's later change")
	}
	later := func(changes []crdt.Change) int {
		n := 0
		for _, c := range changes {
			if c.Origin == x.Device() && c.Seq > rm {
				n++
			}
		}
		return n
	}
	bun, err := bundle.Decode(bytes.NewReader(exportAll(t, b, nil)), bundle.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := later(bun.Changes); n != 0 {
		t.Fatalf("export sends %d changes of x after its removal", n)
	}
	var sent []crdt.Change
	var cur peer.Cursor
	for {
		batch, err := b.PeerStore().NextBatch(ctx, crdt.Vector{}, nil, cur, 1<<10)
		if err != nil {
			t.Fatal(err)
		}
		if batch.Changes == 0 {
			break
		}
		bb, err := bundle.Decode(bytes.NewReader(batch.Data), bundle.DecodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(bb.Changes) != batch.Changes {
			t.Fatalf("batch says %d changes, holds %d", batch.Changes, len(bb.Changes))
		}
		sent = append(sent, bb.Changes...)
		cur = batch.Last
	}
	if n := later(sent); n != 0 {
		t.Fatalf("peer batches send %d changes of x after its removal", n)
	}
	if len(sent) != len(bun.Changes) {
		t.Fatalf("peer batches sent %d changes, the export %d", len(sent), len(bun.Changes))
	}
}

// removalOf is the smallest cut of d's removal on r's roster, as its
// removal records say.
func removalOf(ctx context.Context, t *testing.T, r *replica.Replica, d crdt.DeviceID) (uint64, bool) {
	t.Helper()
	recs, _ := r.LiveView().ByType(konbit.TypeRemoval)
	cut, found := uint64(math.MaxUint64), false
	for _, rec := range recs {
		rm, err := trust.RemovalFromFields(rec.ID, rec.Fields)
		if err == nil && rm.Device == d && rm.Cut < cut {
			cut, found = rm.Cut, true
		}
	}
	return cut, found
}

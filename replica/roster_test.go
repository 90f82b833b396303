package replica_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/bundle"
)

func hasMember(r *replica.Replica, name string) bool {
	ms, _ := r.Members()
	for _, m := range ms {
		if m.Name == name {
			return true
		}
	}
	return false
}

func heldTotal(t *testing.T, r *replica.Replica) int {
	t.Helper()
	tot, err := r.Store().HeldTotal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tot.Changes
}

// TestUnadmittedHeldThenMerged: the changes of a laptop nobody admitted
// are held aside, named in the result, and merged by the import that
// brings its admission; in the other order they merge at once.
func TestUnadmittedHeldThenMerged(t *testing.T) {
	ctx := context.Background()
	for _, admissionFirst := range []bool{false, true} {
		a, b, c := openReplica(t), openReplica(t), openReplica(t)
		pair(t, a, b)
		if _, err := c.AddMember(ctx, memberNamed("Carla")); err != nil {
			t.Fatal(err)
		}
		if err := a.Admit(ctx, c.Identity().Public(), "Carla's laptop"); err != nil {
			t.Fatal(err)
		}
		if admissionFirst {
			exchange(t, a, b)
		}
		res := exchange(t, c, b)
		if admissionFirst {
			if res.Problem() != nil || !hasMember(b, "Carla") {
				t.Fatalf("admitted first: %v, member merged %v", res.Problem(), hasMember(b, "Carla"))
			}
			continue
		}
		if res.Held[c.Device()] == 0 || res.New != 0 || hasMember(b, "Carla") {
			t.Fatalf("unadmitted: held %v, new %d", res.Held, res.New)
		}
		if p := res.Problem(); p == nil || !strings.Contains(p.Error(), c.Device().Short()) || !strings.Contains(p.Error(), "held aside") {
			t.Fatalf("problem %v must name the device", p)
		}
		if heldTotal(t, b) == 0 {
			t.Fatal("nothing held")
		}
		// Crash safety: the held changes survive a reopen.
		dir := b.Dir()
		b.Close()
		b2, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			t.Fatal(err)
		}
		defer b2.Close()
		res = exchange(t, a, b2)
		if res.Released == 0 || !hasMember(b2, "Carla") || res.Problem() != nil {
			t.Fatalf("admission arrived: released %d, problem %v", res.Released, res.Problem())
		}
		if n := heldTotal(t, b2); n != 0 {
			t.Fatalf("%d changes still held after their merge", n)
		}
		if err := b2.PeerAllowed(c.Device()); err != nil {
			t.Fatalf("admitted through a: %v", err)
		}
	}
}

// TestLocalAdmissionReleasesHeld: admitting a laptop here (pairing) merges
// what it sent before, and what the laptops it admitted sent.
func TestLocalAdmissionReleasesHeld(t *testing.T) {
	ctx := context.Background()
	a, b, c := openReplica(t), openReplica(t), openReplica(t)
	pair(t, b, c) // b admits c; a knows neither
	if _, err := c.AddMember(ctx, memberNamed("Carla")); err != nil {
		t.Fatal(err)
	}
	exchange(t, c, b)
	if res := exchange(t, b, a); len(res.Held) != 2 || hasMember(a, "Carla") {
		t.Fatalf("held %v", res.Held)
	}
	if err := a.Admit(ctx, b.Identity().Public(), "Bea's laptop"); err != nil {
		t.Fatal(err)
	}
	if !hasMember(a, "Carla") || heldTotal(t, a) != 0 {
		t.Fatalf("after admitting b: Carla merged %v, %d still held", hasMember(a, "Carla"), heldTotal(t, a))
	}
	if err := a.PeerAllowed(c.Device()); err != nil {
		t.Fatal(err)
	}
}

// TestStaleHeldRowsDropped: a crash between the merge of released held
// changes and the deletion of their rows leaves rows that the next import
// drops.
func TestStaleHeldRowsDropped(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	if _, err := a.AddMember(ctx, memberNamed("Ana")); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	cs, keys, err := a.Store().ChangesSince(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var stale []sqlite.HeldChange
	for _, c := range cs {
		stale = append(stale, sqlite.HeldChange{Change: c, Key: keys[c.Origin]})
	}
	if _, _, err := b.Store().Hold(ctx, stale); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b)
	if n := heldTotal(t, b); n != 0 {
		t.Fatalf("%d stale held rows left", n)
	}
}

// TestRemovedDeviceRefusedAfterItsRemoval: once a removal has arrived,
// the removed laptop's later changes are refused everywhere, its earlier
// ones stay, and it is refused as a peer.
func TestRemovedDeviceRefusedAfterItsRemoval(t *testing.T) {
	ctx := context.Background()
	a, b, c := openReplica(t), openReplica(t), openReplica(t)
	pair(t, a, b, c)
	if _, err := c.AddMember(ctx, memberNamed("Before")); err != nil {
		t.Fatal(err)
	}
	exchange(t, c, a)
	if err := a.RemoveDevice(ctx, c.Device()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddMember(ctx, memberNamed("After")); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b) // b learns of the removal
	res := exchange(t, c, b)
	if !hasMember(b, "Before") || hasMember(b, "After") {
		t.Fatalf("before kept %v, after refused %v", hasMember(b, "Before"), !hasMember(b, "After"))
	}
	if res.Refused[c.Device()] == "" || res.Problem() == nil || !strings.Contains(res.Problem().Error(), "removed") {
		t.Fatalf("refusal not reported: %+v", res.Refused)
	}
	for _, r := range []*replica.Replica{a, b} {
		if err := r.PeerAllowed(c.Device()); err == nil || !strings.Contains(err.Error(), c.Device().Short()) {
			t.Fatalf("removed device allowed as a peer: %v", err)
		}
	}
	// Admitting it again does not undo the removal.
	if err := b.Admit(ctx, c.Identity().Public(), ""); err == nil {
		t.Fatal("a removed device was admitted again")
	}
	entries, err := b.Roster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Device == c.Device() && (e.Status != replica.StatusRemoved || e.RemovedBy != a.Device()) {
			t.Fatalf("roster entry %+v", e)
		}
		if e.Self != (e.Device == b.Device()) {
			t.Fatalf("self flag wrong: %+v", e)
		}
	}
	if len(entries) != 3 || !entries[0].Self {
		t.Fatalf("roster %+v", entries)
	}
}

// TestRelayedTamperedChangeRefused: a relay that alters a change it
// forwards (and signs the bundle as itself) gets the whole bundle refused.
func TestRelayedTamperedChangeRefused(t *testing.T) {
	ctx := context.Background()
	a, b, relay := openReplica(t), openReplica(t), openReplica(t)
	pair(t, a, b, relay)
	if _, err := a.AddMember(ctx, memberNamed("Ana")); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, relay)
	var buf bytes.Buffer
	if _, err := relay.Export(ctx, &buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	bun, err := bundle.Decode(&buf, bundle.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tampered := false
	for i := range bun.Changes {
		c := &bun.Changes[i]
		for j := range c.Ops {
			for k := range c.Ops[j].Fields {
				if f := &c.Ops[j].Fields[k]; c.Origin == a.Device() && f.Name == "name" && string(f.Value) == `"Ana"` {
					f.Value = []byte(`"Mallory"`)
					tampered = true
				}
			}
		}
	}
	if !tampered {
		t.Fatal("no change to tamper with")
	}
	var out bytes.Buffer
	if err := bundle.Encode(&out, bun, relay.Identity().Private); err != nil {
		t.Fatal(err)
	}
	before := dump(t, b)
	if _, err := b.Import(ctx, &out, nil); !errors.Is(err, bundle.ErrSignature) {
		t.Fatalf("tampered change: %v, want a signature error", err)
	}
	if dump(t, b) != before {
		t.Fatal("a refused bundle changed the database")
	}
}

// TestImportBytesChecksTheSender: a peer's batch must be written by the
// peer the connection authenticated.
func TestImportBytesChecksTheSender(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	var buf bytes.Buffer
	if _, err := a.Export(ctx, &buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ImportBytes(ctx, buf.Bytes(), b.Device()); err == nil {
		t.Fatal("batch from another sender accepted")
	}
	if res, err := b.ImportBytes(ctx, buf.Bytes(), a.Device()); err != nil || res.New == 0 {
		t.Fatalf("ImportBytes: %+v %v", res, err)
	}
}

// TestRosterFoundedOnceFromExistingDatabase: a database from before the
// roster holds other laptops' changes; opening it admits them, once, with
// a notice. A fresh database writes nothing.
func TestRosterFoundedOnceFromExistingDatabase(t *testing.T) {
	ctx := context.Background()
	a := openReplica(t)
	if _, err := a.AddMember(ctx, memberNamed("Ana")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	b, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Notices()) != 0 {
		t.Fatalf("fresh database notices: %v", b.Notices())
	}
	if v, _ := b.Vector(ctx); v[b.Device()] != 0 {
		t.Fatal("a fresh database wrote a change")
	}
	// What an old Konbit did: merge without a roster.
	cs, keys, err := a.Store().ChangesSince(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Store().Merge(ctx, keys, cs, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Store().SetSetting(ctx, "roster_founded", ""); err != nil {
		t.Fatal(err)
	}
	b.Close()
	for i := 0; i < 2; i++ {
		b, err = replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			t.Fatal(err)
		}
		n := b.Notices()
		v, _ := b.Vector(ctx)
		b.Close()
		if i == 0 && (len(n) != 1 || n[0].Kind != replica.NoticeRosterFounded || len(n[0].Devices) != 1 || n[0].Devices[0] != a.Device() || !strings.Contains(n[0].String(), a.Device().Short()) || v[b.Device()] != 1) {
			t.Fatalf("first open: notices %v, own changes %d", n, v[b.Device()])
		}
		if i == 1 && (len(n) != 0 || v[b.Device()] != 1) {
			t.Fatalf("second open: notices %v, own changes %d", n, v[b.Device()])
		}
		if err := func() error {
			b, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
			if err != nil {
				return err
			}
			defer b.Close()
			return b.PeerAllowed(a.Device())
		}(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPermissionsTightenedAtOpen: the data directory and database files
// are private; wider modes are fixed and reported.
func TestPermissionsTightenedAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	r, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Notices()) != 0 {
		t.Fatalf("notices on a fresh directory: %v", r.Notices())
	}
	r.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, replica.DBFile): 0o600} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Fatalf("%s: mode %v, want %04o", path, fi.Mode().Perm(), want)
		}
	}
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Join(dir, replica.DBFile), 0o644)
	r, err = replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if len(r.Notices()) != 2 {
		t.Fatalf("notices: %v", r.Notices())
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("directory left at %v", fi.Mode().Perm())
	}
}

// toV1 rewrites a version 2 bundle file as version 1 (no header
// signature) with its creation time moved: what anyone can forge, since
// a version 1 header is not signed.
func toV1(t *testing.T, v2 []byte, created time.Time) []byte {
	t.Helper()
	hlen := int(binary.BigEndian.Uint32(v2[10:14]))
	var out []byte
	out = append(out, v2[:14+hlen]...)
	binary.BigEndian.PutUint16(out[8:], 1)
	binary.BigEndian.PutUint64(out[14+2:], uint64(created.UnixMilli()))
	out = append(out, v2[14+hlen+64:len(v2)-32]...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// TestUnsignedHeaderIsNotBelieved: an old (version 1) bundle is still
// merged, but its header's clock cannot get a laptop blamed.
func TestUnsignedHeaderIsNotBelieved(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	if _, err := a.AddMember(ctx, memberNamed("Ana")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := a.Export(ctx, &buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	old := toV1(t, buf.Bytes(), time.Now().Add(5*24*time.Hour))
	h, err := bundle.ReadHeader(bytes.NewReader(old))
	if err != nil || h.Signed || h.FormatVersion != 1 {
		t.Fatalf("forged v1 header: %+v %v", h, err)
	}
	res, err := b.Import(ctx, bytes.NewReader(old), nil)
	if err != nil || !hasMember(b, "Ana") {
		t.Fatalf("v1 import: %+v %v", res, err)
	}
	if len(res.Future) != 0 {
		t.Fatalf("an unsigned header got a laptop blamed: %v", res.Future)
	}
	if w, _ := b.ClockWarnings(ctx); len(w) != 0 {
		t.Fatalf("clock warnings %v", w)
	}
	// Its vector is not used either.
	p := filepath.Join(t.TempDir(), "old.konbit")
	if err := os.WriteFile(p, old, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := replica.ReadVectorFile(p); err != nil || len(v) != 0 {
		t.Fatalf("vector of an unsigned bundle: %v %v", v, err)
	}
}

package replica_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/folder"
)

// pairAndHandOver admits every replica on every other's roster and
// syncs them (over the "network") until every one holds the current group
// key, as pairing does.
func pairAndHandOver(t *testing.T, rs ...*replica.Replica) {
	t.Helper()
	ctx := context.Background()
	for _, a := range rs {
		for _, b := range rs {
			if a != b {
				if err := a.Admit(ctx, b.Identity().Public(), ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for range 3 {
		for _, a := range rs {
			if err := a.ReconcileGroupKey(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range rs {
			for _, b := range rs {
				if a != b {
					exchange(t, a, b) // the existing test helper: a delta bundle
				}
			}
		}
	}
}

func folderSync(t *testing.T, r *replica.Replica, dir string) replica.FolderResult {
	t.Helper()
	res, err := r.FolderSync(context.Background(), dir, nil)
	if err != nil {
		t.Fatalf("folder sync of %s: %v", r.Device().Short(), err)
	}
	return res
}

func sameKeys(t *testing.T, rs ...*replica.Replica) {
	t.Helper()
	first, err := rs[0].GroupKeys()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs[1:] {
		keys, err := r.GroupKeys()
		if err != nil {
			t.Fatal(err)
		}
		for e, k := range first {
			if !bytes.Equal(keys[e], k) {
				t.Fatalf("%s lacks epoch %x", r.Device().Short(), e)
			}
		}
	}
}

func TestGroupKeyHandedToEveryone(t *testing.T) {
	ctx := context.Background()
	a, b, c := openReplica(t), openReplica(t), openReplica(t)
	// All three make the first key at once (they synced with each other
	// before anyone had one): they agree on one current epoch.
	pairAndHandOver(t, a, b, c)
	sameKeys(t, a, b, c)
	sameKeys(t, c, b, a)
	if keys, _ := a.GroupKeys(); len(keys) == 0 {
		t.Fatal("no group key")
	}
	// A newly paired laptop that has not synced does not make its own.
	d := openReplica(t)
	if err := d.Admit(ctx, a.Identity().Public(), ""); err != nil {
		t.Fatal(err)
	}
	if err := d.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	if keys, _ := d.GroupKeys(); len(keys) != 0 {
		t.Fatal("an unsynced newcomer made a group key")
	}
	// Reconciling again when everything is handed out writes nothing.
	before, _ := a.Vector(ctx)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	if after, _ := a.Vector(ctx); after[a.Device()] != before[a.Device()] {
		t.Fatal("an idle reconcile wrote a change")
	}
}

func TestFolderSyncThreeReplicas(t *testing.T) {
	ctx := context.Background()
	a, b, c := openReplica(t), openReplica(t), openReplica(t)
	if err := a.ReconcileGroupKey(ctx); err != nil { // a founds the group key
		t.Fatal(err)
	}
	pairAndHandOver(t, a, b, c)
	sameKeys(t, a, b, c)
	dir := t.TempDir()

	const secret = "Zéphyrine Boisjoli-Tremblay"
	names := map[*replica.Replica]string{a: secret, b: "Anselme Vachon", c: "Rosalie Dufresne-Ouellet"}
	for r, name := range names {
		if _, err := r.AddMember(ctx, konbit.Member{Name: name, Category: konbit.Salaried}); err != nil {
			t.Fatal(err)
		}
	}
	folderSync(t, a, dir)
	folderSync(t, b, dir)

	// What sync tools and crashes drop in the folder.
	own := filepath.Join(dir, a.Device().String())
	entries, _ := os.ReadDir(own)
	var seg []byte
	var segName string
	for _, e := range entries {
		if _, ok := folder.ParseSegmentName(e.Name()); ok {
			segName = e.Name()
			seg, _ = os.ReadFile(filepath.Join(own, e.Name()))
		}
	}
	if seg == nil {
		t.Fatal("a wrote no segment")
	}
	drop := map[string][]byte{
		filepath.Join(own, segName+".sync-conflict-20261126-010203-ABCDEF1"):               seg,
		filepath.Join(own, strings.TrimSuffix(segName, ".kseg")+" (conflicted copy).kseg"): seg,
		filepath.Join(own, ".syncthing."+segName+".tmp"):                                   seg[:len(seg)/3],
		filepath.Join(own, "~"+segName):                                                    seg,
		// Half-written under a real segment name: skipped, never fatal.
		filepath.Join(dir, b.Device().String(), folder.Span{First: 7, Last: 7}.Name()): seg[:len(seg)-5],
	}
	for p, data := range drop {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var warnings int
	for range 2 {
		for _, r := range []*replica.Replica{a, b, c} {
			warnings += len(folderSync(t, r, dir).Warnings)
		}
	}
	if warnings == 0 {
		t.Fatal("no warning for the half-written segment")
	}
	want := dump(t, a)
	for _, name := range names {
		if !strings.Contains(want, name) {
			t.Fatalf("a lacks %s", name)
		}
	}
	if dump(t, b) != want || dump(t, c) != want {
		t.Fatal("dumps differ after folder sync")
	}

	// Nothing in the folder is readable without the key.
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		for _, name := range names {
			if bytes.Contains(data, []byte(name)) {
				t.Errorf("%s holds %q in clear", p, name)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A laptop that holds no key of this group (it made its own) reads
	// nothing of it.
	stranger := openReplica(t)
	res, err := stranger.FolderSync(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 0 || res.Merged != 0 || strings.Contains(dump(t, stranger), secret) {
		t.Fatalf("a stranger read the folder: %+v", res)
	}

	// Everyone has read everything: each compacts its segments.
	os.Remove(filepath.Join(dir, b.Device().String(), folder.Span{First: 7, Last: 7}.Name()))
	for _, name := range []string{"Odilon Gagné", "Perpétue Lalancette"} {
		if _, err := a.AddMember(ctx, konbit.Member{Name: name, Category: konbit.Freelancer}); err != nil {
			t.Fatal(err)
		}
		for _, r := range []*replica.Replica{a, b, c} {
			folderSync(t, r, dir)
		}
	}
	if dump(t, b) != dump(t, a) || dump(t, c) != dump(t, a) {
		t.Fatal("dumps differ")
	}
	res = folderSync(t, a, dir)
	if res.Compacted < 2 {
		entries, _ := os.ReadDir(own)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("a did not compact: %+v; files %v", res, names)
	}
}

func TestFolderTamperedSegmentIsRefused(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	pairAndHandOver(t, a, b)
	dir := t.TempDir()
	if _, err := a.AddMember(ctx, konbit.Member{Name: "Hermine Lachance", Category: konbit.Salaried}); err != nil {
		t.Fatal(err)
	}
	res := folderSync(t, a, dir)
	p := filepath.Join(dir, a.Device().String(), res.Wrote)
	data, _ := os.ReadFile(p)
	data[len(data)/2] ^= 0x20
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res = folderSync(t, b, dir)
	if res.Read != 0 || len(res.Warnings) == 0 || strings.Contains(dump(t, b), "Hermine") {
		t.Fatalf("tampered segment: %+v", res)
	}
}

func TestFolderRotationAfterRemoval(t *testing.T) {
	ctx := context.Background()
	a, b, c := openReplica(t), openReplica(t), openReplica(t)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	pairAndHandOver(t, a, b, c)
	dir := t.TempDir()
	for _, r := range []*replica.Replica{a, b, c} {
		folderSync(t, r, dir)
	}
	// c is stolen: a removes it, which replaces the key.
	before, _ := a.GroupKeys()
	if err := a.RemoveDevice(ctx, c.Device()); err != nil {
		t.Fatal(err)
	}
	if after, _ := a.GroupKeys(); len(after) != len(before)+1 {
		t.Fatalf("removing a laptop left %d group keys, want a new one beside the %d", len(after), len(before))
	}
	exchange(t, a, b)
	if _, err := a.AddMember(ctx, konbit.Member{Name: "Eudore Plamondon", Category: konbit.Salaried}); err != nil {
		t.Fatal(err)
	}
	folderSync(t, a, dir)
	folderSync(t, b, dir)
	if !strings.Contains(dump(t, b), "Eudore") {
		t.Fatal("b did not get the change written under the new key")
	}
	res := folderSync(t, c, dir)
	if strings.Contains(dump(t, c), "Eudore") {
		t.Fatalf("the removed laptop read a change written after its removal: %+v", res)
	}
	// A laptop paired after the rotation reads the older segments too.
	d := openReplica(t)
	pairAndHandOver(t, a, b, d)
	res = folderSync(t, d, dir)
	if res.Read < 2 || len(res.Warnings) > 0 { // a's first segment is under the old key
		t.Fatalf("the newcomer could not read every segment: %+v", res)
	}
	for range 2 {
		for _, r := range []*replica.Replica{a, b, d} {
			folderSync(t, r, dir)
		}
	}
	if keys, _ := d.GroupKeys(); len(keys) != 2 {
		t.Fatalf("the newcomer holds %d keys, want both epochs", len(keys))
	}
	if dump(t, d) != dump(t, a) || dump(t, b) != dump(t, a) {
		t.Fatal("dumps differ after the newcomer's folder sync")
	}
	// Without the key at all, the pass says so.
	none := openReplica(t)
	if err := none.Admit(ctx, a.Identity().Public(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := none.FolderSync(ctx, dir, nil); !errors.Is(err, folder.ErrNoGroupKey) {
		t.Fatalf("no key: %v", err)
	}
}

func TestWatchFolderPicksUpOthersWrites(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, b := openReplica(t), openReplica(t)
	if err := a.ReconcileGroupKey(ctx); err != nil {
		t.Fatal(err)
	}
	pairAndHandOver(t, a, b)
	dir := t.TempDir()
	passes := make(chan error, 100)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.WatchFolder(ctx, dir, 20*time.Millisecond, func(_ replica.FolderResult, err error) {
			select {
			case passes <- err:
			default:
			}
		})
	}()
	defer func() { cancel(); <-done }()
	if err := <-passes; err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddMember(ctx, konbit.Member{Name: "Gédéon Fortier", Category: konbit.Salaried}); err != nil {
		t.Fatal(err)
	}
	folderSync(t, b, dir)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(dump(t, a), "Gédéon") {
		if time.Now().After(deadline) {
			t.Fatal("the watch did not pick up b's segment")
		}
		if err := <-passes; err != nil {
			t.Fatal(err)
		}
	}
}

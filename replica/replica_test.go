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
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
)

func memberNamed(name string) konbit.Member {
	return konbit.Member{Name: name, Category: konbit.Salaried, WeeklyHours: 30, Languages: []string{"fr"}}
}

func openReplica(t *testing.T) *replica.Replica {
	t.Helper()
	r, err := replica.Open(context.Background(), t.TempDir(), sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func dump(t *testing.T, r *replica.Replica) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMembersCommitteesAndWatch(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	_, ch := r.Members()
	ana, err := r.AddMember(ctx, memberNamed("Ana"))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	default:
		t.Fatal("members watch did not fire on add")
	}
	if _, err := r.AddMember(ctx, konbit.Member{Name: "  "}); !errors.Is(err, konbit.ErrEmptyName) {
		t.Fatalf("empty name: %v", err)
	}
	c, err := r.AddCommittee(ctx, konbit.Committee{Name: "Vente"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Join(ctx, c.ID, ana.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := r.Join(ctx, c.ID, ana.ID, false); err != nil {
		t.Fatal(err)
	}
	if ms, _ := r.Memberships(); len(ms) != 1 {
		t.Fatalf("memberships %v", ms)
	}
	ana.WeeklyHours = 20
	if err := r.UpdateMember(ctx, ana); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Member(ana.ID); got.WeeklyHours != 20 || got.Name != "Ana" {
		t.Fatalf("update: %+v", got)
	}
	if err := r.RemoveMember(ctx, ana.ID); err != nil {
		t.Fatal(err)
	}
	if ms, _ := r.Members(); len(ms) != 0 {
		t.Fatal("member not removed")
	}
	if ms, _ := r.Memberships(); len(ms) != 0 {
		t.Fatal("membership of removed member kept")
	}
}

func TestConcurrentEditsOfDifferentFieldsBothSurvive(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	m, _ := a.AddMember(ctx, memberNamed("Omar"))
	exchange(t, a, b)
	ma, _ := a.Member(m.ID)
	ma.WeeklyHours = 35
	a.UpdateMember(ctx, ma)
	mb, _ := b.Member(m.ID)
	mb.Languages = []string{"en", "fr"}
	b.UpdateMember(ctx, mb)
	exchange(t, a, b)
	exchange(t, b, a)
	got, _ := a.Member(m.ID)
	if got.WeeklyHours != 35 || len(got.Languages) != 2 {
		t.Fatalf("an edit was lost: %+v", got)
	}
	if dump(t, a) != dump(t, b) {
		t.Fatal("replicas differ")
	}
}

func exchange(t *testing.T, from, to *replica.Replica) replica.ImportResult {
	t.Helper()
	ctx := context.Background()
	v, err := to.Vector(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := from.Export(ctx, &buf, v, nil); err != nil {
		t.Fatal(err)
	}
	res, err := to.Import(ctx, &buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestImportRefusesBadBundlesAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	a, b := openReplica(t), openReplica(t)
	pair(t, a, b)
	if err := a.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	b.AddMember(ctx, memberNamed("Local"))
	var buf bytes.Buffer
	if _, err := a.Export(ctx, &buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	before := dump(t, b)
	dir := t.TempDir()
	cases := map[string][]byte{
		"truncated": good[:len(good)/2],
		"corrupted": func() []byte { c := append([]byte(nil), good...); c[len(c)/2] ^= 0x40; return c }(),
		"foreign":   func() []byte { c := append([]byte(nil), good...); c[8], c[9] = 0, 9; return c }(),
		"empty":     {},
		"text":      []byte("not a bundle at all"),
	}
	for name, data := range cases {
		p := filepath.Join(dir, name+".konbit")
		os.WriteFile(p, data, 0o600)
		// A good bundle next to a bad one: all or nothing, so neither lands.
		gp := filepath.Join(dir, "good.konbit")
		os.WriteFile(gp, good, 0o600)
		_, err := b.ImportFiles(ctx, []string{gp, p}, nil)
		if err == nil {
			t.Fatalf("%s bundle accepted", name)
		}
		if !strings.Contains(err.Error(), name+".konbit") {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
		if dump(t, b) != before {
			t.Fatalf("%s bundle changed the database", name)
		}
	}
	if _, err := b.Import(ctx, bytes.NewReader(cases["foreign"]), nil); !errors.Is(err, bundle.ErrVersion) {
		t.Fatalf("foreign version: %v", err)
	}
	res, err := b.Import(ctx, bytes.NewReader(good), nil)
	if err != nil || res.New != 2 { // the sample and a's admission of b
		t.Fatalf("good bundle: %+v %v", res, err)
	}
	if ms, _ := b.Members(); len(ms) != 27 {
		t.Fatalf("%d members after import, want 26 + 1", len(ms))
	}
}

func TestBundleFromLaptopWithFastClockFlagsIt(t *testing.T) {
	ctx := context.Background()
	now := time.UnixMilli(1_760_000_000_000)
	fast, err := replica.Open(ctx, t.TempDir(), sqlite.Options{Synchronous: "OFF", Now: func() time.Time { return now.Add(5 * 24 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	b, err := replica.Open(ctx, t.TempDir(), sqlite.Options{Synchronous: "OFF", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pair(t, fast, b)
	// Even a bundle with no changes tells the sender's clock.
	res := exchange(t, fast, b)
	if res.Future[fast.Device()] < 4*24*time.Hour {
		t.Fatalf("sender clock not flagged: %+v", res.Future)
	}
	warn, err := b.ClockWarnings(ctx)
	if err != nil || len(warn) != 1 || warn[0].ID != fast.Device() {
		t.Fatalf("warnings %+v %v", warn, err)
	}
}

// TestCatchUpWithAnotherProcess: the command line adds a member while the
// app holds the same data directory open; the app's live view catches up
// and its screens are woken.
func TestCatchUpWithAnotherProcess(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	app, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.AddMember(ctx, memberNamed("Dans l'app")); err != nil {
		t.Fatal(err)
	}
	if n, err := app.CatchUp(ctx); n != 0 || err != nil {
		t.Fatalf("own commit seen as external: %d %v", n, err)
	}
	cli, err := replica.Open(ctx, dir, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli.AddMember(ctx, memberNamed("Par la ligne de commande")); err != nil {
		t.Fatal(err)
	}
	cli.Close()
	_, ch := app.Members()
	n, err := app.CatchUp(ctx)
	if err != nil || n != 1 {
		t.Fatalf("catch up: %d records, %v", n, err)
	}
	select {
	case <-ch:
	default:
		t.Fatal("watchers not woken")
	}
	if ms, _ := app.Members(); len(ms) != 2 {
		t.Fatalf("members %v", ms)
	}
	if n, _ := app.CatchUp(ctx); n != 0 {
		t.Fatalf("second catch up found %d", n)
	}
	// The app can go on committing: no sequence number clash.
	if _, err := app.AddMember(ctx, memberNamed("Encore")); err != nil {
		t.Fatal(err)
	}
}

// TestOpaqueValuesTravelAndMerge: a sealed value (ciphertext, say an
// evaluation answer only the HR committee can read) is carried, merged and
// dumped like any other, without being understood.
func TestOpaqueValuesTravelAndMerge(t *testing.T) {
	ctx := context.Background()
	a, b, relay := openReplica(t), openReplica(t), openReplica(t)
	pair(t, a, b, relay)
	id := crdt.NewID()
	sealed := []byte{0x00, 0xff, 0x13, 0x37, '"', '{'}
	if _, err := a.Commit(ctx, crdt.Set(id, "sealed-answer", crdt.Field{Name: "box", Value: sealed})); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, relay)
	exchange(t, relay, b)
	// A type this version does not know is kept in the store, not in the
	// live view.
	if rec, _ := b.LiveView().Get(id); rec != nil {
		t.Fatalf("unknown type loaded into the live view: %+v", rec)
	}
	rec, err := b.Store().Record(ctx, id)
	if err != nil || rec == nil || !bytes.Equal(rec.Fields["box"].Value, sealed) {
		t.Fatalf("sealed value altered: %+v %v", rec, err)
	}
	exchange(t, b, a) // a learns the others' admissions too
	d := dump(t, b)
	if !strings.Contains(d, `"box":{"base64":"AP8TNyJ7"}`) || d != dump(t, a) {
		t.Fatalf("dump: %s", d)
	}
}

func TestDefaultDataDir(t *testing.T) {
	t.Setenv("KONBIT_DATA", "")
	t.Setenv("XDG_DATA_HOME", "/srv/xdg")
	if d, err := replica.DefaultDataDir(); err != nil || d != "/srv/xdg/konbit" {
		t.Fatalf("XDG: %q %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ana")
	if d, _ := replica.DefaultDataDir(); d != "/home/ana/.local/share/konbit" {
		t.Fatalf("home: %q", d)
	}
	t.Setenv("KONBIT_DATA", "/mnt/stick/konbit")
	if d, _ := replica.DefaultDataDir(); d != "/mnt/stick/konbit" {
		t.Fatalf("KONBIT_DATA: %q", d)
	}
}

// TestSaveMemberIsOneChange: a new member and their seats are one change,
// so no crash or sync can show the member without their committees.
func TestSaveMemberIsOneChange(t *testing.T) {
	ctx := context.Background()
	r := openReplica(t)
	c1, _ := r.AddCommittee(ctx, konbit.Committee{Name: "Vente"})
	c2, _ := r.AddCommittee(ctx, konbit.Committee{Name: "Femmes"})
	before, _ := r.Vector(ctx)
	m, err := r.SaveMember(ctx, memberNamed("Lydie"), []replica.Seat{{Committee: c1.ID, In: true}, {Committee: c2.ID, In: true, Occasional: true}})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := r.Vector(ctx)
	if after[r.Device()] != before[r.Device()]+1 {
		t.Fatalf("saved in %d changes", after[r.Device()]-before[r.Device()])
	}
	if ms, _ := r.Memberships(); len(ms) != 2 {
		t.Fatalf("memberships %+v", ms)
	}
	// Leaving one committee and changing hours: one more change.
	m.WeeklyHours = 12
	if _, err := r.SaveMember(ctx, m, []replica.Seat{{Committee: c1.ID}}); err != nil {
		t.Fatal(err)
	}
	if v, _ := r.Vector(ctx); v[r.Device()] != after[r.Device()]+1 {
		t.Fatal("update not in one change")
	}
	ms, _ := r.Memberships()
	if len(ms) != 1 || ms[0].Committee != c2.ID || !ms[0].Occasional {
		t.Fatalf("memberships after leaving: %+v", ms)
	}
	if _, err := r.SaveMember(ctx, memberNamed("X"), []replica.Seat{{Committee: crdt.NewID(), In: true}}); !errors.Is(err, replica.ErrNotFound) {
		t.Fatalf("unknown committee: %v", err)
	}
}

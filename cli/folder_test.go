package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// pairWithGroupKey pairs data directories as pairing over the network would:
// each admits the other, and they sync until both hold the group key.
func pairWithGroupKey(t *testing.T, dirs ...string) {
	t.Helper()
	ctx := context.Background()
	rs := openDirs(t, dirs...)
	defer closeAll(rs)
	admitAll(t, rs)
	for range 3 {
		for _, a := range rs {
			if err := a.ReconcileGroupKey(ctx); err != nil {
				t.Fatal(err)
			}
			for _, b := range rs {
				if a == b {
					continue
				}
				var buf bytes.Buffer
				if _, err := a.Export(ctx, &buf, nil, nil); err != nil {
					t.Fatal(err)
				}
				if _, err := b.ImportBytes(ctx, buf.Bytes(), a.Device()); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func TestFolderSyncCommand(t *testing.T) {
	a, b, shared := t.TempDir(), t.TempDir(), t.TempDir()
	must(t, "--data", a, "member", "add", "Ana", "Lopez")
	// a is alone in its group: it makes the group key and writes.
	out := must(t, "--data", a, "folder-sync", shared)
	if !strings.Contains(out, "wrote 0000000000000001-0000000000000001.kseg") {
		t.Fatalf("first pass:\n%s", out)
	}
	// b was never paired: alone in its own group, it cannot read a's
	// segments, and says so.
	if r := run(t, "--data", b, "folder-sync", shared); r.code != ExitOK ||
		!strings.Contains(r.stdout, "read 0 segments") || !strings.Contains(r.stderr, "does not hold") {
		t.Fatalf("unpaired: %+v", r)
	}
	pairWithGroupKey(t, a, b)
	must(t, "--data", a, "member", "add", "Bruno", "Tremblay")
	must(t, "--data", a, "folder-sync", shared)
	out = must(t, "--data", b, "folder-sync", shared)
	if !strings.Contains(out, "read 2 segments") {
		t.Fatalf("b's pass:\n%s", out)
	}
	if l := must(t, "--data", b, "member", "list"); !strings.Contains(l, "Bruno Tremblay") {
		t.Fatalf("b lacks a's member:\n%s", l)
	}
	// c admitted a but never synced with it: it has no key yet (it does
	// not make one of its own, which would take over the group's).
	c := t.TempDir()
	rc, err := replica.Open(context.Background(), c, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	ra, err := replica.Open(context.Background(), a, sqlite.Options{Synchronous: "OFF"})
	if err != nil {
		t.Fatal(err)
	}
	err = rc.Admit(context.Background(), ra.Identity().Public(), "")
	ra.Close()
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, "--data", c, "folder-sync", shared); r.code != ExitError || !strings.Contains(r.stderr, "no group key") {
		t.Fatalf("paired but never synced: %+v", r)
	}
	if r := run(t, "--data", b, "folder-sync"); r.code != ExitUsage {
		t.Fatalf("no folder: %+v", r)
	}
	if r := run(t, "--data", b, "folder-sync", shared+"/nonexistent"); r.code != ExitError {
		t.Fatalf("missing folder: %+v", r)
	}
}

package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sqlite"
)

// openDirs opens the replicas of data directories for a test's setup;
// the caller closes them (closeAll) before the commands run on the dirs.
func openDirs(t *testing.T, dirs ...string) []*replica.Replica {
	t.Helper()
	var rs []*replica.Replica
	for _, d := range dirs {
		r, err := replica.Open(context.Background(), d, sqlite.Options{Synchronous: "OFF"})
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

func closeAll(rs []*replica.Replica) {
	for _, r := range rs {
		r.Close()
	}
}

// admitAll puts every replica on every other's roster, as pairing does.
func admitAll(t *testing.T, rs []*replica.Replica) {
	t.Helper()
	for _, a := range rs {
		for _, b := range rs {
			if a != b {
				if err := a.Admit(context.Background(), b.Identity().Public(), ""); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// pairDirs puts the replicas of the given data directories on each
// other's roster, as pairing does.
func pairDirs(t *testing.T, dirs ...string) {
	t.Helper()
	rs := openDirs(t, dirs...)
	defer closeAll(rs)
	admitAll(t, rs)
}

func TestDeviceCommands(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	idA := strings.TrimSpace(must(t, "--data", a, "device", "id"))
	idC := strings.TrimSpace(must(t, "--data", c, "device", "id"))
	if len(idA) != 32 {
		t.Fatalf("device id %q", idA)
	}
	pairDirs(t, a, b)
	must(t, "--data", c, "member", "add", "Carla")

	// An unpaired laptop's bundle: what was merged is said, and the held
	// device is an error.
	fromC := filepath.Join(t.TempDir(), "c.konbit")
	must(t, "--data", c, "export", "--out", fromC)
	r := run(t, "--data", a, "import", fromC)
	if r.code != ExitError || !strings.Contains(r.stdout, "imported 0 new changes") || !strings.Contains(r.stderr, "not on this group's roster") {
		t.Fatalf("unpaired import: %+v", r)
	}

	var roster []deviceJSON
	out := must(t, "--data", a, "devices", "--format", "json")
	if err := json.Unmarshal([]byte(out), &roster); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(roster) != 2 || !roster[0].Self || roster[0].ID != idA || roster[0].Status != "founder" ||
		roster[1].Status != "admitted" || roster[1].By != idA || roster[1].At == "" {
		t.Fatalf("roster: %+v", roster)
	}
	idB := roster[1].ID

	// Remove b by its short form; it then shows as removed.
	short := strings.ToUpper(idB[:4] + "-" + idB[4:8])
	if out := must(t, "--data", a, "device", "remove", short); !strings.Contains(out, "removed") {
		t.Fatalf("remove: %s", out)
	}
	out = must(t, "--data", a, "devices")
	if !strings.Contains(out, "removed") || !strings.Contains(out, "this laptop") {
		t.Fatalf("devices:\n%s", out)
	}
	if r := run(t, "--data", a, "device", "remove", idC); r.code != ExitError || !strings.Contains(r.stderr, "no device") {
		t.Fatalf("removing an unknown device: %+v", r)
	}
	if r := run(t, "--data", a, "device", "remove", idA); r.code != ExitError {
		t.Fatalf("removing itself: %+v", r)
	}
	if r := run(t, "--data", a, "devices", "--format", "xml"); r.code != ExitUsage {
		t.Fatalf("bad format: %+v", r)
	}
}

package cli

import (
	"bytes"
	"context"
	"fmt"
	"github.com/konbit/konbit/evaluation/seal"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/konbit/konbit/sqlite"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &Env{Stdout: &out, Stderr: &errb, Store: sqlite.Options{Synchronous: "OFF"}, KeyParams: testKeyParams()})
	return result{code, out.String(), errb.String()}
}

// testKeyParams make the HR keys tests create cheap to unlock.
func testKeyParams() seal.Params { return seal.Params{Time: 1, Memory: 64, Threads: 1} }

func must(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, args...)
	if r.code != 0 {
		t.Fatalf("konbit %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

func TestMemberCommands(t *testing.T) {
	d := t.TempDir()
	out := must(t, "--data", d, "member", "add", "Ana", "Lopez", "--category", "freelancer", "--hours", "20", "--lang", "fr,en")
	id := strings.Fields(out)[0]
	list := must(t, "member", "list", "--data", d)
	for _, want := range []string{"Ana Lopez", "freelancer", "20", "en,fr"} {
		if !strings.Contains(list, want) {
			t.Fatalf("list lacks %q:\n%s", want, list)
		}
	}
	must(t, "--data", d, "member", "set", id, "hours=32", "category=salaried")
	list = must(t, "--data", d, "member", "list")
	if !strings.Contains(list, "salaried") || !strings.Contains(list, "32") {
		t.Fatalf("set not applied:\n%s", list)
	}
	if r := run(t, "--data", d, "member", "set", id, "hours=lots"); r.code != 1 || !strings.Contains(r.stderr, "not a number") {
		t.Fatalf("bad value: %+v", r)
	}
	if r := run(t, "--data", d, "member", "set", id, "shoe=42"); r.code == 0 || !strings.Contains(r.stderr, "unknown member field") {
		t.Fatalf("bad field: %+v", r)
	}
	must(t, "--data", d, "committee", "add", "Vente", "--description", "Ventes")
	must(t, "--data", d, "committee", "join", "Vente", "Ana Lopez", "--occasional")
	if l := must(t, "--data", d, "member", "list"); !strings.Contains(l, "Vente (occasional)") {
		t.Fatalf("membership missing:\n%s", l)
	}
	if l := must(t, "--data", d, "committee", "list"); !strings.Contains(l, "Vente") || !strings.Contains(l, "1") {
		t.Fatalf("committee list:\n%s", l)
	}
	must(t, "--data", d, "member", "remove", id[:8])
	if l := must(t, "--data", d, "member", "list"); strings.Contains(l, "Ana") {
		t.Fatalf("not removed:\n%s", l)
	}
}

func TestUsageErrors(t *testing.T) {
	d := t.TempDir()
	for _, args := range [][]string{
		{"--data", d, "frobnicate"},
		{"--data", d, "member"},
		{"--data", d, "member", "add", "X", "--hours"},
		{"--data", d, "export"},
		{"--data", d, "import"},
		{"--data", d, "member", "add", "X", "--colour", "red"},
	} {
		if r := run(t, args...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, r.code, ExitUsage, r.stderr)
		}
	}
	if r := run(t, "help"); r.code != 0 || !strings.Contains(r.stdout, "export") {
		t.Fatalf("help: %+v", r)
	}
	if r := run(t, "--data", d); r.code != ExitUsage {
		t.Fatalf("no GUI in tests: exit %d", r.code)
	}
}

func TestDemoExportImportDump(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	pairDirs(t, a, b)                                 // one admission change on each side
	demo := must(t, "--data", a, "demo", "--no-eval") // the campaign is counted in TestDemoEvalCampaign
	if !strings.Contains(demo, "26 members, 13 committees") {
		t.Fatalf("demo: %s", demo)
	}
	// One change for the organisation, one for its history of meetings.
	if !strings.Contains(demo, "added 52 weeks of meetings: ") {
		t.Fatalf("demo: %s", demo)
	}
	changes := 3 // and a's admission of b
	if r := run(t, "--data", a, "demo"); r.code == 0 {
		t.Fatal("demo twice should refuse")
	}
	must(t, "--data", b, "member", "add", "Local", "Person")
	bundle := filepath.Join(t.TempDir(), "a.konbit")
	must(t, "--data", a, "export", "--out", bundle)
	out := must(t, "--data", b, "import", bundle)
	if !strings.Contains(out, fmt.Sprintf("imported %d new changes, 0 already known", changes)) {
		t.Fatalf("import: %s", out)
	}
	// b → a using a's vector: only b's own changes travel (its admission
	// of a and its member).
	vec := filepath.Join(t.TempDir(), "a.vector")
	must(t, "--data", a, "vector", "--out", vec)
	back := filepath.Join(t.TempDir(), "b.konbit")
	if out := must(t, "--data", b, "export", "--out", back, "--since-vector", vec); !strings.Contains(out, "exported 2 changes") {
		t.Fatalf("delta export: %s", out)
	}
	must(t, "--data", a, "import", back)
	if da, db := must(t, "--data", a, "dump"), must(t, "--data", b, "dump"); da != db {
		t.Fatal("dumps differ after exchange")
	}
	// A bundle can stand in for a vector: the header carries its sender's.
	must(t, "--data", b, "member", "add", "Later", "Person")
	again := filepath.Join(t.TempDir(), "c.konbit")
	if out := must(t, "--data", b, "export", "--out", again, "--since-vector", back); !strings.Contains(out, "exported 1 changes") {
		t.Fatalf("since bundle: %s", out)
	}
	// Re-import: all known.
	if out := must(t, "--data", b, "import", bundle); !strings.Contains(out, fmt.Sprintf("0 new changes, %d already known", changes)) {
		t.Fatalf("re-import: %s", out)
	}
	if out := must(t, "--data", b, "devices"); strings.Count(out, "\n") != 3 || !strings.Contains(out, "this laptop") {
		t.Fatalf("devices:\n%s", out)
	}
	// Laptops name themselves; the name travels with the next bundle.
	must(t, "--data", a, "device", "name", "Portable", "de", "Omar")
	if out := must(t, "--data", a, "device", "name"); !strings.Contains(out, "Portable de Omar") {
		t.Fatalf("device name: %s", out)
	}
	named := filepath.Join(t.TempDir(), "named.konbit")
	must(t, "--data", a, "export", "--out", named)
	if out := must(t, "--data", b, "import", named); !strings.Contains(out, "Portable de Omar (") {
		t.Fatalf("import does not name the laptop: %s", out)
	}
	if out := must(t, "--data", b, "devices"); !strings.Contains(out, "Portable de Omar") {
		t.Fatalf("devices lack the name:\n%s", out)
	}
}

func TestImportCorruptBundleExitsNonZeroAndKeepsData(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	must(t, "--data", a, "demo")
	must(t, "--data", b, "member", "add", "Keep", "Me")
	pairDirs(t, a, b)
	good := filepath.Join(t.TempDir(), "a.konbit")
	must(t, "--data", a, "export", "--out", good)
	data, _ := os.ReadFile(good)
	bad := filepath.Join(t.TempDir(), "bad.konbit")
	os.WriteFile(bad, data[:len(data)-10], 0o600)
	before := must(t, "--data", b, "dump")
	r := run(t, "--data", b, "import", bad)
	if r.code != ExitError || !strings.Contains(r.stderr, "bad.konbit") || !strings.Contains(r.stderr, "unchanged") {
		t.Fatalf("corrupt import: %+v", r)
	}
	if after := must(t, "--data", b, "dump"); after != before {
		t.Fatal("refused import changed the database")
	}
}

func TestDataDirFromEnvironment(t *testing.T) {
	d := t.TempDir()
	t.Setenv("KONBIT_DATA", d)
	must(t, "member", "add", "Env", "Person")
	if _, err := os.Stat(filepath.Join(d, "konbit.db")); err != nil {
		t.Fatalf("KONBIT_DATA not used: %v", err)
	}
	// --data wins over the environment.
	other := t.TempDir()
	must(t, "--data", other, "member", "add", "Flag", "Person")
	if l := must(t, "member", "list"); strings.Contains(l, "Flag Person") || !strings.Contains(l, "Env Person") {
		t.Fatalf("list from KONBIT_DATA:\n%s", l)
	}
}

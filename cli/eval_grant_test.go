package cli

import (
	"strings"
	"testing"
)

// A new HR member reads nothing of a campaign until a current one grants
// them its key from their own laptop; the grant reaches the newcomer's
// laptop by the next bundle; groups of three with k = 3 are warned about.
func TestEvalGrant(t *testing.T) {
	d := evalTiny(t) // Omar's laptop (passphrase "omar"), campaign Tiny
	jenny := t.TempDir()
	pairDirs(t, d, jenny)
	carry(t, d, jenny)
	t.Setenv(PassphraseEnv, "jenny")
	must(t, "--data", jenny, "eval", "key", "init", "--member", "Jenny")
	if r := run(t, "--data", jenny, "eval", "report", "Tiny", "--format", "csv"); r.code != ExitError || !strings.Contains(r.stderr, "not been granted") {
		t.Fatalf("before the grant: exit %d %s", r.code, r.stderr)
	}
	carry(t, jenny, d)
	if r := run(t, "--data", d, "eval", "grant", "Tiny"); r.code != ExitUsage {
		t.Fatalf("no --member: exit %d", r.code)
	}
	t.Setenv(PassphraseEnv, "wrong")
	if r := run(t, "--data", d, "eval", "grant", "Tiny", "--member", "Jenny"); r.code != ExitError || !strings.Contains(r.stderr, "passphrase") {
		t.Fatalf("wrong passphrase: exit %d %s", r.code, r.stderr)
	}
	t.Setenv(PassphraseEnv, "omar")
	if out := must(t, "--data", d, "eval", "grant", "Tiny", "--member", "Jenny"); !strings.Contains(out, "Jenny can now read") {
		t.Fatalf("grant: %s", out)
	}
	carry(t, d, jenny)
	t.Setenv(PassphraseEnv, "jenny")
	csv := must(t, "--data", jenny, "eval", "report", "Tiny", "--format", "csv")
	if !strings.Contains(csv, "Omar") {
		t.Fatalf("Jenny's report after the grant:\n%s", csv)
	}
	if list := must(t, "--data", jenny, "eval", "list"); !strings.Contains(list, "Jenny") {
		t.Fatalf("Jenny is not listed among the HR members:\n%s", list)
	}
	// Another laptop publishes a key in Jenny's name: a new campaign with
	// Jenny among its HR members is refused until HR says which laptop is
	// hers.
	other := t.TempDir()
	pairDirs(t, d, other)
	carry(t, d, other)
	t.Setenv(PassphraseEnv, "not jenny")
	must(t, "--data", other, "eval", "key", "init", "--member", "Jenny")
	carry(t, other, d)
	t.Setenv(PassphraseEnv, "omar")
	if r := run(t, "--data", d, "eval", "new", "Autumn", "--hr", "Omar,Lydie,Jenny", "--participants", "Omar,Lydie,Jenny"); r.code != ExitError ||
		!strings.Contains(r.stderr, "several laptops") || !strings.Contains(r.stderr, "--hr-laptop") {
		t.Fatalf("keys in Jenny's name from two laptops: exit %d %s", r.code, r.stderr)
	}
	jennyLaptop := strings.Fields(must(t, "--data", jenny, "device", "id"))[0]
	// A new campaign says which laptops it is sealed to (stderr; stdout is
	// the id alone): Omar's, Lydie's, and Jenny's own.
	nc := run(t, "--data", d, "eval", "new", "Autumn", "--hr", "Omar,Lydie,Jenny", "--hr-laptop", "Jenny="+jennyLaptop,
		"--participants", "Omar,Lydie,Jenny")
	if nc.code != 0 || strings.Count(nc.stderr, "sealed to ") != 3 || !strings.Contains(nc.stderr, "sealed to Jenny's HR key on the laptop") ||
		strings.Count(strings.TrimSpace(nc.stdout), "\n") != 0 {
		t.Fatalf("eval new: exit %d\n%s\n%s", nc.code, nc.stdout, nc.stderr)
	}
	r := run(t, "--data", d, "eval", "groups", "Tiny", "--size", "3", "--format", "json")
	if r.code != 0 || !strings.Contains(r.stderr, "will see no peer mean") || !strings.HasPrefix(r.stdout, "{") {
		t.Fatalf("small groups: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/konbit/konbit/sqlite"
)

// carry brings everything laptop from holds to laptop to, by a bundle.
func carry(t *testing.T, from, to string) {
	t.Helper()
	b := filepath.Join(t.TempDir(), "x.konbit")
	must(t, "--data", from, "export", "--out", b)
	must(t, "--data", to, "import", b)
}

// evalHRKeys gives Omar an HR key (passphrase "omar") on laptop d, and
// Lydie one ("lydie") on a second laptop whose public key is brought to d:
// a campaign needs two HR members with keys. It leaves
// $KONBIT_PASSPHRASE set to Omar's and returns Lydie's laptop.
func evalHRKeys(t *testing.T, d string) string {
	t.Helper()
	d2 := t.TempDir()
	pairDirs(t, d, d2)
	carry(t, d, d2)
	t.Setenv(PassphraseEnv, "lydie")
	must(t, "--data", d2, "eval", "key", "init", "--member", "Lydie")
	t.Setenv(PassphraseEnv, "omar")
	if out := must(t, "--data", d, "eval", "key", "init", "--member", "Omar"); !strings.Contains(out, "HR key of Omar") {
		t.Fatalf("key init: %s", out)
	}
	carry(t, d2, d)
	return d2
}

// A tiny campaign of three, answered by hand: status from the clear
// fields on a laptop without key, reports computed by hand, and no report
// without the key or with a wrong passphrase.
func TestEvalAnswersStatusAndReport(t *testing.T) {
	d := t.TempDir()
	must(t, "--data", d, "demo", "--weeks", "0", "--no-eval")
	evalHRKeys(t, d)
	if r := run(t, "--data", d, "eval", "new", "Tiny", "--hr", "Omar,Jenny", "--participants", "Omar,Lydie,Jenny",
		"--start", "2011-03-01", "--end", "2011-03-31"); r.code != ExitError || !strings.Contains(r.stderr, "Jenny") {
		t.Fatalf("Jenny has no key, yet: exit %d %s", r.code, r.stderr)
	}
	must(t, "--data", d, "eval", "new", "Tiny", "--hr", "Omar,Lydie", "--participants", "Omar,Lydie,Jenny",
		"--start", "2011-03-01", "--end", "2011-03-31")
	must(t, "--data", d, "eval", "groups", "Tiny", "--size", "3")
	answer := func(ev, ed string, more ...string) {
		t.Helper()
		must(t, append([]string{"--data", d, "eval", "answer", "Tiny", "--session", "work", "--criterion", "communication",
			"--evaluator", ev, "--evaluated", ed}, more...)...)
	}
	answer("Omar", "Omar", "--score", "4")
	answer("Lydie", "Omar", "--score", "3")
	answer("Jenny", "Omar", "--score", "5", "--comment", "Omar explique bien")
	answer("Lydie", "Lydie", "--cant-say")
	answer("Omar", "Jenny", "--score", "1")
	answer("Omar", "Jenny", "--score", "2") // replaces the 1
	if r := run(t, "--data", d, "eval", "answer", "Tiny", "--session", "work", "--criterion", "communication",
		"--evaluator", "Omar", "--evaluated", "Jenny", "--score", "9"); r.code != ExitError {
		t.Fatalf("off-scale score: exit %d", r.code)
	}
	if r := run(t, "--data", d, "eval", "answer", "Tiny", "--session", "work", "--criterion", "communication",
		"--evaluator", "Omar", "--evaluated", "Jenny"); r.code != ExitUsage {
		t.Fatalf("no score: exit %d", r.code)
	}

	// A laptop without key sees who filled what, and no answer.
	relay := t.TempDir()
	pairDirs(t, d, relay)
	carry(t, d, relay)
	st := must(t, "--data", relay, "eval", "status", "Tiny")
	for _, want := range []string{"Tiny: 5 of 45 answers", "work group 1: 5/27", "involvement group 1: 0/18", "Omar: 2/9", "Lydie: 2/9", "Jenny: 1/9"} {
		if !strings.Contains(st, want) {
			t.Fatalf("status lacks %q:\n%s", want, st)
		}
	}
	out := filepath.Join(t.TempDir(), "r.json")
	if r := run(t, "--data", relay, "eval", "report", "Tiny", "--format", "json", "--out", out); r.code != ExitError || !strings.Contains(r.stderr, "no HR key") {
		t.Fatalf("relay report: exit %d %s", r.code, r.stderr)
	}
	db, err := os.ReadFile(filepath.Join(relay, "konbit.db"))
	if err != nil || bytes.Contains(db, []byte("Omar explique bien")) {
		t.Fatalf("the relay's database holds the comment in clear (%v)", err)
	}
	t.Setenv(PassphraseEnv, "omar!")
	if r := run(t, "--data", d, "eval", "report", "Tiny", "--format", "json", "--out", out); r.code != ExitError || !strings.Contains(r.stderr, "wrong passphrase") {
		t.Fatalf("wrong passphrase: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a report was written without the key")
	}
	t.Setenv(PassphraseEnv, "omar")

	// Omar: self 4; peers 3 and 5: mean 4, population SD 1, gap 0; two
	// raters, below k = 3.
	must(t, "--data", d, "eval", "report", "Tiny", "--person", "Omar", "--format", "json", "--out", out)
	var rep struct {
		Lines []struct {
			Session, Criterion string
			HasSelf            bool
			Self               int
			Peers              struct {
				Count    int
				Mean, SD float64
				Min, Max int
			}
			Gap    float64
			HasGap bool
			BelowK bool
		}
		Comments []struct{ Text string }
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	l := rep.Lines[0]
	if l.Session != "work" || l.Criterion != "communication" || !l.HasSelf || l.Self != 4 || l.Peers.Count != 2 ||
		l.Peers.Mean != 4 || l.Peers.SD != 1 || l.Peers.Min != 3 || l.Peers.Max != 5 || !l.HasGap || l.Gap != 0 || !l.BelowK {
		t.Fatalf("Omar's communication line: %+v", l)
	}
	if len(rep.Comments) != 1 || rep.Comments[0].Text != "Omar explique bien" {
		t.Fatalf("comments %+v", rep.Comments)
	}

	// The CSV holds aggregates only, read here through the terminal prompt.
	t.Setenv(PassphraseEnv, "")
	csvOut := filepath.Join(t.TempDir(), "r.csv")
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader("omar\n"), Stdout: &stdout, Stderr: &stderr, Store: sqlite.Options{Synchronous: "OFF"}}
	if code := Run(context.Background(), []string{"--data", d, "eval", "report", "Tiny", "--format", "csv", "--out", csvOut}, env); code != 0 {
		t.Fatalf("csv report: exit %d %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "passphrase") {
		t.Fatalf("no prompt: %q", stderr.String())
	}
	f, _ := os.ReadFile(csvOut)
	rows, err := csv.NewReader(bytes.NewReader(f)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, row := range rows[1:] {
		if row[2] == "work" && row[3] == "communication" {
			got[row[1]] = row[4:]
		}
	}
	// Two peers each, under k = 3: the CSV leaves the peer figures blank
	// (with two raters, the range is their two scores).
	want := map[string]string{
		"Omar":  "4,2,0,,,,,,true",
		"Jenny": ",1,0,,,,,,true",
	}
	for who, w := range want {
		if strings.Join(got[who], ",") != w {
			t.Errorf("%s: %v, want %s", who, got[who], w)
		}
	}
	if got["Lydie"][0] != "cant_say" || got["Lydie"][1] != "0" {
		t.Errorf("Lydie: %v", got["Lydie"])
	}
	if bytes.Contains(f, []byte("explique")) {
		t.Error("the CSV holds a comment")
	}
	if len(rows) != 1+3*5 {
		t.Errorf("%d CSV rows, want a header and 3 people × 5 criteria", len(rows))
	}

	// No passphrase at all: refused.
	if r := run(t, "--data", d, "eval", "report", "Tiny", "--format", "csv"); r.code != ExitError || !strings.Contains(r.stderr, PassphraseEnv) {
		t.Fatalf("no passphrase: exit %d %s", r.code, r.stderr)
	}
}

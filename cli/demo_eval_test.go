package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The demo's finished 2011 campaign, there by default: every group
// complete, a reflection and actions per person, reports released, and the
// HR report readable on this laptop with the passphrase the demo announces.
func TestDemoEvalCampaign(t *testing.T) {
	d := t.TempDir()
	out := must(t, "--data", d, "demo", "--weeks", "0")
	for _, want := range []string{`"Évaluation 2011": 24 participants, 12 groups`, "24 reflections", "reports released", `the demo HR passphrase is "demo"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("demo output lacks %q:\n%s", want, out)
		}
	}

	status := must(t, "--data", d, "eval", "status", "Évaluation 2011")
	groups := regexp.MustCompile(`(?m)^(work|involvement) group \d+: (\d+)/(\d+)$`).FindAllStringSubmatch(status, -1)
	if len(groups) != 12 {
		t.Fatalf("status lists %d groups, want 12:\n%s", len(groups), status)
	}
	for _, g := range groups {
		if g[2] != g[3] || g[2] == "0" {
			t.Fatalf("group incomplete: %s\n%s", g[0], status)
		}
	}

	t.Setenv(PassphraseEnv, "nope")
	if r := run(t, "--data", d, "eval", "report", "Évaluation 2011", "--format", "csv"); r.code != ExitError {
		t.Fatalf("wrong passphrase: exit %d", r.code)
	}
	t.Setenv(PassphraseEnv, "demo")
	file := filepath.Join(t.TempDir(), "eval.csv")
	must(t, "--data", d, "eval", "report", "Évaluation 2011", "--format", "csv", "--out", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 24 people, 3 work and 2 involvement criteria each.
	if len(rows) != 1+24*5 {
		t.Fatalf("%d CSV rows, want %d", len(rows), 1+24*5)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	// Everyone scored themselves; a line has its peer figures exactly when
	// at least k peers scored it (under k they would single someone out),
	// which is most lines: peers only now and then cannot say.
	var peers int
	for _, row := range rows[1:] {
		if row[col["self"]] == "" {
			t.Fatalf("row without self score: %v", row)
		}
		if (row[col["peer_mean"]] != "") != (row[col["below_k"]] == "false") {
			t.Fatalf("peer mean shown or hidden against k: %v", row)
		}
		if row[col["peer_mean"]] != "" {
			peers++
		}
	}
	if peers < len(rows[1:])*3/4 {
		t.Fatalf("only %d of %d lines have a peer mean", peers, len(rows)-1)
	}
}

package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const wikiPage = `# Décisions

## 2009-11-14 Embauche d'un développeur
On embauche un développeur Drupal.

## 2010-01-05 : Règlement intérieur
Le règlement s'applique à tous.
`

func TestDecisionsCommand(t *testing.T) {
	c := newClock(t, "2015-06-01")
	c.must("demo", "--weeks", "8")
	page := filepath.Join(t.TempDir(), "decisions.md")
	if err := os.WriteFile(page, []byte(wikiPage), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := c.must("decisions", "import", page); !strings.Contains(out, "2 decisions imported") {
		t.Fatalf("import said %q", out)
	}

	type row struct {
		ID, Date, Title, Text, Status, Meeting, Body string
	}
	all := decodeJSON[[]row](t, c.must("decisions", "--format", "json"))
	if len(all) < 10 {
		t.Fatalf("only %d decisions", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Date > all[i-1].Date {
			t.Fatal("not newest first")
		}
	}

	// Found without its accent, in its language; imported, its body unknown.
	hits := decodeJSON[[]row](t, c.must("decisions", "--search", "REGLEMENT", "--format", "json"))
	if len(hits) != 1 || hits[0].Title != "Règlement intérieur" || hits[0].Meeting != "" || hits[0].Body != "unknown" || hits[0].Status != "active" || hits[0].ID == "" || hits[0].Text == "" {
		t.Fatalf("search: %+v", hits)
	}
	unknown := decodeJSON[[]row](t, c.must("decisions", "--body", "unknown", "--format", "json"))
	if len(unknown) != 2 {
		t.Errorf("unknown body: %d decisions", len(unknown))
	}
	coll := decodeJSON[[]row](t, c.must("decisions", "--body", "collective", "--format", "json"))
	for _, d := range coll {
		if d.Body != "collective" || d.Meeting == "" {
			t.Errorf("collective filter gave %+v", d)
		}
	}
	if len(coll) == 0 || len(coll)+len(unknown) >= len(all) {
		t.Errorf("collective %d, unknown %d, all %d: want committees' decisions besides", len(coll), len(unknown), len(all))
	}
	ranged := decodeJSON[[]row](t, c.must("decisions", "--from", "2009-01-01", "--to", "2009-12-31", "--format", "json"))
	if len(ranged) != 1 || ranged[0].Date != "2009-11-14" {
		t.Errorf("date range: %+v", ranged)
	}
	if got := decodeJSON[[]row](t, c.must("decisions", "--status", "revoked", "--format", "json")); len(got) != 0 {
		t.Errorf("revoked: %+v", got)
	}

	// CSV parses back; the table shows the titles.
	recs, err := csv.NewReader(strings.NewReader(c.must("decisions", "--search", "l'embauche", "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || !slices.Contains(recs[0], "title") || !slices.ContainsFunc(recs[1:], func(r []string) bool { return r[2] == "Embauche d'un développeur" }) {
		t.Errorf("csv: %q", recs)
	}
	if table := c.must("decisions", "--search", "embauche"); !strings.Contains(table, "Embauche d'un développeur") || !strings.Contains(table, "TITLE") {
		t.Errorf("table:\n%s", table)
	}

	c.refused(2, "--status", "decisions", "--status", "lost")
	c.refused(2, "--format", "decisions", "--format", "xml")
	c.refused(2, "not a date", "decisions", "--from", "2010-02-30")
	c.refused(1, "committee", "decisions", "--body", "Nowhere")
}

func TestDecisionsImportIsAllOrNothing(t *testing.T) {
	c := newClock(t, "2015-06-01")
	c.must("member", "add", "Ana")
	page := filepath.Join(t.TempDir(), "bad.md")
	bad := wikiPage + "\n## 2010-02-30 Impossible\nTexte.\n"
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	c.refused(1, "line 9: impossible date 2010-02-30", "decisions", "import", page)
	c.refused(1, "nothing imported", "decisions", "import", page)
	c.refused(1, "no such file", "decisions", "import", filepath.Join(t.TempDir(), "none.md"))
	c.refused(2, "one file", "decisions", "import")
}

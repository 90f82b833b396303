package meetings_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

func TestParseWikiDecisions(t *testing.T) {
	type entry struct{ date, title, text string }
	for _, c := range []struct {
		name string
		page string
		want []entry
	}{
		{"empty", "", nil},
		{"no heading", "# Décisions\nrien\n", nil},
		{"plain", "intro\n## 2010-11-14 Embauche\nUn développeur.\n", []entry{{"2010-11-14", "Embauche", "Un développeur."}}},
		{"colon", "## 2010-11-14: Embauche\nA\n", []entry{{"2010-11-14", "Embauche", "A"}}},
		{"colon spaced", "## 2010-11-14 : Embauche\nA\n", []entry{{"2010-11-14", "Embauche", "A"}}},
		{"dash", "## 2010-11-14 - Embauche\nA\n", []entry{{"2010-11-14", "Embauche", "A"}}},
		{"en dash", "## 2010-11-14 – Embauche\nA\n", []entry{{"2010-11-14", "Embauche", "A"}}},
		{"hyphen in title kept", "## 2010-11-14 Quatre-vingt-dix minutes\nA\n", []entry{{"2010-11-14", "Quatre-vingt-dix minutes", "A"}}},
		{"multi-line, blank ends trimmed, sub-headings kept", "## 2010-01-01 A\n\nligne 1\n### Détail\n# Titre\nligne 2\n\n\n## 2010-02-01 B\nb\n",
			[]entry{{"2010-01-01", "A", "ligne 1\n### Détail\n# Titre\nligne 2"}, {"2010-02-01", "B", "b"}}},
		{"no text takes the title", "## 2010-01-01 Seul titre\n## 2010-01-02 Autre\n   \n", []entry{{"2010-01-01", "Seul titre", "Seul titre"}, {"2010-01-02", "Autre", "Autre"}}},
		{"CRLF and BOM", "\ufeff## 2010-01-01 A\r\ntexte\r\n", []entry{{"2010-01-01", "A", "texte"}}},
		{"###  is text before the first entry too", "### 2010-01-01 pas une entrée\n## 2010-01-02 Oui\nx\n", []entry{{"2010-01-02", "Oui", "x"}}},
	} {
		ds, err := meetings.ParseWikiDecisions(strings.NewReader(c.page))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var got []entry
		for _, d := range ds {
			got = append(got, entry{d.Date, d.Title, d.Text})
			if !d.BodyUnknown() || d.Status != meetings.Active || d.ID == uuid.Nil {
				t.Errorf("%s: %+v is not an active decision of unknown body", c.name, d)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestParseWikiDecisionsErrorsNameTheLine(t *testing.T) {
	for _, c := range []struct {
		page string
		line int
		msg  string
	}{
		{"intro\n## 2010-02-30 Impossible\n", 2, "impossible date 2010-02-30"},
		{"## 2010-02-01 A\nx\n## 2010-13-01 B\n", 3, "impossible date"},
		{"## 2010-02-01\n", 1, "no title"},
		{"## 2010-02-01 :\n", 1, "no title"},
		{"## 2010-02-01 A\n##\n", 2, "does not start with a date"},
		{"## Sommaire\n", 1, "does not start with a date"},
		{"## 2010-2-1 A\n", 1, "YYYY-MM-DD"},
	} {
		_, err := meetings.ParseWikiDecisions(strings.NewReader(c.page))
		var we *meetings.WikiError
		if !errors.As(err, &we) || we.Line != c.line || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v, want line %d %q", c.page, err, c.line, c.msg)
		}
	}
}

func TestParseWikiDecisionsIDsAndTags(t *testing.T) {
	page := "## 2010-01-01 A\n#embauche et #Réunions, pas # ceci ni #1\n## 2010-01-01 A\nencore\n"
	ds, err := meetings.ParseWikiDecisions(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds[0].Tags, []string{"embauche", "réunions"}) {
		t.Errorf("tags %q", ds[0].Tags)
	}
	if ds[0].ID == ds[1].ID {
		t.Error("two entries of the same date and title share an id")
	}
	again, _ := meetings.ParseWikiDecisions(strings.NewReader(page))
	if again[0].ID != ds[0].ID || again[1].ID != ds[1].ID {
		t.Error("ids differ between two reads of the same page")
	}
}

func FuzzWikiDecisions(f *testing.F) {
	f.Add("## 2010-11-14 Embauche\ntexte\n")
	f.Add("intro\n## 2010-02-30 x\n")
	f.Add("## 2010-01-01: A\n### b\n#tag\n## 2011-01-01 - B\n")
	f.Add("\ufeff##\t2010-01-01 —\r\n")
	f.Fuzz(func(t *testing.T, page string) {
		ds, err := meetings.ParseWikiDecisions(strings.NewReader(page))
		if err != nil {
			var we *meetings.WikiError
			if !errors.As(err, &we) || we.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, d := range ds {
			if err := d.Validate(); err != nil {
				t.Fatalf("%+v: %v", d, err)
			}
			if !d.BodyUnknown() {
				t.Fatal("body known")
			}
		}
	})
}

package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// The register shows a line under a title only when it says more than
// the title: the snippet, else the start of the text.
func TestSnippetLine(t *testing.T) {
	for _, c := range []struct {
		snippet, text, title string
		want                 string // the line, bold words in **
	}{
		{"", "Budget 2011 adopted.", "Budget 2011 adopted", ""},
		{"", "  budget   2011  ADOPTED ", "Budget 2011 adopted", ""},
		{"", "", "Budget 2011 adopted", ""},
		{"", "Réviser la procédure d’évaluation.", "Réviser la procédure d'évaluation", ""},
		{"", "The budget is  adopted with a reserve.", "Budget 2011 adopted", "The budget is adopted with a reserve."},
		{"**Règlement** intérieur", "Règlement intérieur.", "Règlement intérieur", ""},
		// The snippet repeats the title: the text instead, its matched
		// words in bold.
		{"**Règlement** intérieur", "Le règlement intérieur est adopté : horaires.", "Règlement intérieur",
			"Le **règlement** intérieur est adopté : horaires."},
		{"…du **reglement** interieur…", "Long text.", "Adoption du règlement intérieur de l'atelier", "Long text."},
		{"…la **commande** de bois est passée…", "Long text.", "Commande de bois", "…la **commande** de bois est passée…"},
		{"**Embauches** saisonnières", "Deux embauches, choisies par le comité d'embauche.", "Embauches saisonnières",
			"Deux **embauches**, choisies par le comité d'embauche."},
	} {
		var b strings.Builder
		for _, sg := range snippetSegments(c.snippet, c.text, c.title) {
			ts := sg.(*widget.TextSegment)
			if ts.Style.TextStyle.Bold {
				b.WriteString("**" + ts.Text + "**")
			} else {
				b.WriteString(ts.Text)
			}
		}
		if got := b.String(); got != c.want {
			t.Errorf("snippetSegments(%q, %q, %q) = %q, want %q", c.snippet, c.text, c.title, got, c.want)
		}
		if shown := snippetShown(c.snippet, c.text, c.title); shown != (c.want != "") {
			t.Errorf("snippetShown(%q, %q, %q) = %v", c.snippet, c.text, c.title, shown)
		}
	}
}

package evaluation_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/konbit/konbit/evaluation"
)

func TestDefaultGrids(t *testing.T) {
	grids := evaluation.DefaultGrids(campaignID)
	want := map[string][]string{
		"work":        {"communication", "knowledge", "skills"},
		"involvement": {"involvement", "collaborative-spirit"},
	}
	if len(grids) != 2 {
		t.Fatalf("%d grids, want 2", len(grids))
	}
	for _, g := range grids {
		if err := g.Validate(); err != nil {
			t.Errorf("grid %s: %v", g.Session, err)
		}
		var keys []string
		for _, c := range g.Criteria {
			keys = append(keys, c.Key)
		}
		if !slices.Equal(keys, want[g.Session]) {
			t.Errorf("grid %s keys = %v, want %v", g.Session, keys, want[g.Session])
		}
		if g.ID != evaluation.GridID(campaignID, g.Session) || g.Campaign != campaignID || g.Scale != evaluation.DefaultScale() {
			t.Errorf("grid %s: id, campaign or scale wrong", g.Session)
		}
	}
	if evaluation.GridID(campaignID, "work") == evaluation.GridID(campaignID, "involvement") ||
		evaluation.GridID(campaignID, "work") == evaluation.GridID(person(1), "work") {
		t.Error("grid ids collide")
	}
}

func TestBank(t *testing.T) {
	bank := evaluation.Bank()
	if len(bank) != 20 {
		t.Errorf("bank has %d criteria, want the 20 of 2008-2009", len(bank))
	}
	g := evaluation.Grid{Session: "bank", Scale: evaluation.DefaultScale(), Criteria: bank}
	if err := g.Validate(); err != nil {
		t.Errorf("bank as a grid: %v", err)
	}
	for _, key := range []string{"reliability", "feedback", "time-stress", "constructive", "involvement"} {
		if _, ok := evaluation.BankCriterion(key); !ok {
			t.Errorf("bank lacks %s", key)
		}
	}
	if _, ok := evaluation.BankCriterion("communication"); ok {
		t.Error("communication is a 2011 criterion, not in the bank")
	}
}

// Every shipped criterion is complete in both languages, with anchors for 2
// and 4, and French texts use non-breaking spaces before ; : ? ! and inside
// guillemets.
func TestCriteriaTexts(t *testing.T) {
	all := slices.Concat(evaluation.DefaultCriteria("work"), evaluation.DefaultCriteria("involvement"), evaluation.Bank())
	for _, c := range all {
		texts := []evaluation.Text{c.Name, c.Description}
		for _, level := range []int{2, 4} {
			a, ok := c.Anchor(level)
			if !ok {
				t.Errorf("%s has no anchor for %d", c.Key, level)
			}
			texts = append(texts, a)
		}
		for _, x := range texts {
			if strings.TrimSpace(x.FR) == "" || strings.TrimSpace(x.EN) == "" {
				t.Errorf("%s: text %+v misses a language", c.Key, x)
			}
			for _, bad := range []string{" :", " ;", " ?", " !", "« ", " »", "'"} {
				if strings.Contains(x.FR, bad) {
					t.Errorf("%s: French %q contains %q", c.Key, x.FR, bad)
				}
			}
		}
	}
	for _, c := range slices.Concat(evaluation.DefaultCriteria("work"), evaluation.DefaultCriteria("involvement")) {
		for _, level := range evaluation.DefaultScale().Levels() {
			if a, ok := c.Anchor(level); !ok || a.FR == "" || a.EN == "" {
				t.Errorf("2011 criterion %s: level %d not anchored in both languages", c.Key, level)
			}
		}
	}
	if got := evaluation.DefaultCriteria("other"); got != nil {
		t.Errorf("unknown session criteria = %v", got)
	}
}

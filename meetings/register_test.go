package meetings_test

import (
	"slices"
	"testing"

	"github.com/konbit/konbit/meetings"
)

func TestSearchWords(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Règlement", []string{"reglement"}},
		{"EMBAUCHES", []string{"embauche"}},
		{"l'embauche", []string{"embauche"}},
		{"qu’il parte", []string{"parte"}},
		{"the committee's budget", []string{"committee", "budget"}},
		{"le", []string{"le"}},
		{"les", []string{"les"}},
		{`"title":budget* OR NEAR(x)`, []string{"title", "budget", "near", "x"}},
		{"process", []string{"process"}},
		{"bus", []string{"bus"}},
		{"  ", nil},
		{"Ça été", []string{"ca"}},
	} {
		if got := meetings.SearchWords(c.text); !slices.Equal(got, c.want) {
			t.Errorf("SearchWords(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestSignificantWords(t *testing.T) {
	got := meetings.SignificantWords("Proposition : embaucher un développeur pour l'été, et un développeur de plus.", 0)
	want := []string{"proposition", "embaucher", "developpeur"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := meetings.SignificantWords("alpha beta gamma delta", 2); len(got) != 2 {
		t.Errorf("max 2 gave %q", got)
	}
}

func TestReviewDue(t *testing.T) {
	if got := meetings.ReviewBy("2015-01-25", 10); got != "2015-02-04" {
		t.Errorf("ReviewBy = %s", got)
	}
	if meetings.ReviewBy("x", 1) != "" {
		t.Error("bad date accepted")
	}
	d := meetings.Decision{Status: meetings.Active, ReviewDate: "2015-02-01"}
	if !d.ReviewDue("2015-02-01") || d.ReviewDue("2015-01-31") {
		t.Error("due on the day, not before")
	}
	d.Status = meetings.Revoked
	if d.ReviewDue("2016-01-01") {
		t.Error("a revoked decision is never due")
	}
}

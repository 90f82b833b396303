package evaluation_test

import (
	"errors"
	"testing"

	"github.com/konbit/konbit/evaluation"
)

func TestScaleValidate(t *testing.T) {
	tests := []struct {
		scale evaluation.Scale
		ok    bool
	}{
		{evaluation.DefaultScale(), true},
		{evaluation.Scale{Min: 0, Max: 10}, true},
		{evaluation.Scale{Min: 1, Max: 1}, false},
		{evaluation.Scale{Min: 5, Max: 1}, false},
		{evaluation.Scale{Min: -1, Max: 3}, false},
		{evaluation.Scale{Min: 0, Max: 11}, false},
	}
	for _, tc := range tests {
		err := tc.scale.Validate()
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, evaluation.ErrInvalidScale)) {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tc.scale, err, tc.ok)
		}
	}
	if got := evaluation.DefaultScale().Levels(); len(got) != 5 || got[0] != 1 || got[4] != 5 {
		t.Errorf("default levels = %v", got)
	}
}

func TestGridValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*evaluation.Grid)
		target error
	}{
		{"default", func(*evaluation.Grid) {}, nil},
		{"no session", func(g *evaluation.Grid) { g.Session = "" }, evaluation.ErrInvalidGrid},
		{"no criteria", func(g *evaluation.Grid) { g.Criteria = nil }, evaluation.ErrInvalidGrid},
		{"bad scale", func(g *evaluation.Grid) { g.Scale.Max = 1 }, evaluation.ErrInvalidScale},
		{"key with spaces", func(g *evaluation.Grid) { g.Criteria[0].Key = "Team work" }, evaluation.ErrInvalidGrid},
		{"duplicate key", func(g *evaluation.Grid) { g.Criteria[1].Key = g.Criteria[0].Key }, evaluation.ErrInvalidGrid},
		{"reserved key", func(g *evaluation.Grid) { g.Criteria[0].Key = evaluation.OverallKey }, evaluation.ErrInvalidGrid},
		{"no name", func(g *evaluation.Grid) { g.Criteria[0].Name = evaluation.Text{} }, evaluation.ErrInvalidGrid},
		{"English name only", func(g *evaluation.Grid) { g.Criteria[0].Name.FR = "" }, nil},
		{"anchor off scale", func(g *evaluation.Grid) { g.Scale = evaluation.Scale{Min: 3, Max: 5} }, evaluation.ErrInvalidGrid},
		{"anchors out of order", func(g *evaluation.Grid) {
			a := g.Criteria[0].Anchors
			a[0], a[1] = a[1], a[0]
		}, evaluation.ErrInvalidGrid},
		{"empty anchor", func(g *evaluation.Grid) { g.Criteria[0].Anchors[0].Text = evaluation.Text{} }, evaluation.ErrInvalidGrid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := evaluation.DefaultGrids(campaignID)[0]
			tc.edit(&g)
			err := g.Validate()
			if tc.target == nil && err != nil || tc.target != nil && !errors.Is(err, tc.target) {
				t.Fatalf("Validate() = %v, want %v", err, tc.target)
			}
		})
	}
}

func TestAnswerValidate(t *testing.T) {
	c := campaign2011()
	work := evaluation.DefaultGrids(c.ID)[0]
	noCantSay := work
	noCantSay.Scale.CantSay = false
	ok := evaluation.Answer{Campaign: c.ID, Session: "work", Criterion: "skills", Evaluator: alice, Evaluated: bob, Score: 4}
	tests := []struct {
		name string
		edit func(*evaluation.Answer)
		grid evaluation.Grid
		ok   bool
	}{
		{"score", func(*evaluation.Answer) {}, work, true},
		{"self score", func(a *evaluation.Answer) { a.Evaluated = alice }, work, true},
		{"can't say", func(a *evaluation.Answer) { a.Score, a.CantSay = 0, true }, work, true},
		{"overall comment", func(a *evaluation.Answer) { a.Criterion, a.Score, a.Comment = evaluation.OverallKey, 0, "Merci !" }, work, true},
		{"score above scale", func(a *evaluation.Answer) { a.Score = 6 }, work, false},
		{"score below scale", func(a *evaluation.Answer) { a.Score = 0 }, work, false},
		{"can't say not allowed", func(a *evaluation.Answer) { a.Score, a.CantSay = 0, true }, noCantSay, false},
		{"can't say with a score", func(a *evaluation.Answer) { a.CantSay = true }, work, false},
		{"overall with a score", func(a *evaluation.Answer) { a.Criterion = evaluation.OverallKey }, work, false},
		{"unknown criterion", func(a *evaluation.Answer) { a.Criterion = "involvement" }, work, false},
		{"other campaign", func(a *evaluation.Answer) { a.Campaign = person(99) }, work, false},
		{"unknown session", func(a *evaluation.Answer) { a.Session = "fun" }, work, false},
		{"grid of another session", func(a *evaluation.Answer) { a.Session = "involvement" }, work, false},
		{"evaluator outside", func(a *evaluation.Answer) { a.Evaluator = fred }, work, false},
		{"evaluated outside", func(a *evaluation.Answer) { a.Evaluated = fred }, work, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := ok
			tc.edit(&a)
			err := a.Validate(&c, &tc.grid)
			if (err == nil) != tc.ok || err != nil && !errors.Is(err, evaluation.ErrInvalidAnswer) {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestTextIn(t *testing.T) {
	tests := []struct {
		text       evaluation.Text
		lang, want string
	}{
		{evaluation.Text{FR: "Compétences", EN: "Skills"}, "fr", "Compétences"},
		{evaluation.Text{FR: "Compétences", EN: "Skills"}, "en", "Skills"},
		{evaluation.Text{FR: "Compétences"}, "en", "Compétences"},
		{evaluation.Text{EN: "Skills"}, "fr", "Skills"},
	}
	for _, tc := range tests {
		if got := tc.text.In(tc.lang); got != tc.want {
			t.Errorf("%+v.In(%s) = %q, want %q", tc.text, tc.lang, got, tc.want)
		}
	}
}

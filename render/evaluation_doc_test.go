package render_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// The document names criteria in the reader's language, keeps the
// campaign's session order, names a rater only when the report does, puts
// the reflection's answers in the questions' order and the plan at the end.
func TestEvaluationDocument(t *testing.T) {
	c := evaluation.NewCampaign(uuid.New(), "Printemps", "2011-03-01", "2011-03-31")
	grids := evaluation.DefaultGrids(c.ID)
	rater, person := uuid.New(), uuid.New()
	rep := evaluation.Report{Person: person, Lines: []evaluation.Line{
		{Session: evaluation.SessionInvolvement, Criterion: evaluation.CriterionInvolvement, Self: 4, HasSelf: true},
		{Session: evaluation.SessionWork, Criterion: evaluation.CriterionCommunication, Self: 3, HasSelf: true},
	}, Comments: []evaluation.Comment{
		{Session: evaluation.SessionWork, Criterion: evaluation.CriterionCommunication, Text: "anonyme"},
		{Session: evaluation.SessionWork, Criterion: evaluation.OverallKey, Rater: rater, Text: "nommé"},
	}}
	ref := evaluation.Reflection{Campaign: c.ID, Session: evaluation.SessionWork, Person: person, Answers: map[string]string{
		evaluation.QuestionRelations: "dernière", evaluation.QuestionImprove: "première", evaluation.QuestionShare: " "}}
	acts := []meetings.Action{{Text: "Formation", Due: "2011-06-15"}}
	doc := render.EvaluationDocument(render.EvaluationInput{Campaign: &c, Grids: grids, Report: rep, Person: "Lydie",
		Name: func(uuid.UUID) string { return "Omar" }, Reflections: []evaluation.Reflection{ref}, Actions: acts,
		Owner: func(meetings.Action) string { return "Lydie" }, Lang: evaluation.English})
	if len(doc.Sessions) != 2 || doc.Sessions[0].Key != evaluation.SessionWork || doc.Sessions[1].Key != evaluation.SessionInvolvement {
		t.Fatalf("sessions %+v", doc.Sessions)
	}
	work := doc.Sessions[0]
	if work.Lines[0].Criterion != "Communication" {
		t.Errorf("criterion named %q", work.Lines[0].Criterion)
	}
	if work.Comments[0].Author != "" || work.Comments[1].Author != "Omar" || work.Comments[1].Criterion != "" {
		t.Errorf("comments %+v", work.Comments)
	}
	if len(work.Reflection) != 2 || work.Reflection[0].Question != evaluation.QuestionImprove || work.Reflection[1].Question != evaluation.QuestionRelations {
		t.Errorf("reflection %+v", work.Reflection)
	}
	if len(doc.Actions) != 1 || doc.Actions[0].Owner != "Lydie" || doc.Actions[0].Due != "2011-06-15" {
		t.Errorf("actions %+v", doc.Actions)
	}
}

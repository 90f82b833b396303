package render

import (
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
)

// EvaluationInput is what one person's evaluation document is made of:
// the report in the view it is handed out in, and what followed the
// grids (the group's reflections, the action plan). The app and the CLI
// build their PDFs from it, so both say the same.
type EvaluationInput struct {
	Campaign    *evaluation.Campaign
	Grids       []evaluation.Grid
	Report      evaluation.Report
	Person      string                       // the person's name
	Name        func(uuid.UUID) string       // a rater's name, when the report names raters
	Reflections []evaluation.Reflection      // about the person, any session
	Actions     []meetings.Action            // the action plan about the person
	Owner       func(meetings.Action) string // an action's owner: a member or a committee
	Lang        string
}

// EvaluationDocument turns a person's report into what the PDF shows, in
// in.Lang: criterion names from the grids, sessions in the campaign's
// order, comment authors named only when the report names them (the
// person's view keeps raters anonymous unless the campaign says
// otherwise), the reflections under their sessions with the questions in
// their order, and the action plan at the end. The report is expected in
// evaluation.PersonView when the PDF is handed to the person, so that a
// withheld aggregate stays withheld.
func EvaluationDocument(in EvaluationInput) EvaluationReport {
	c, lang := in.Campaign, in.Lang
	doc := EvaluationReport{Person: in.Person, Campaign: c.Name, Start: c.Start, End: c.End}
	gridOf := map[string]*evaluation.Grid{}
	for i := range in.Grids {
		gridOf[in.Grids[i].Session] = &in.Grids[i]
	}
	criterion := func(session, key string) string {
		if key == evaluation.OverallKey {
			return ""
		}
		if g := gridOf[session]; g != nil {
			if cr, ok := g.Criterion(key); ok {
				if n := cr.Name.In(lang); n != "" {
					return n
				}
			}
		}
		return key
	}
	index := map[string]int{}
	session := func(key string) *EvaluationSession {
		i, ok := index[key]
		if !ok {
			s := EvaluationSession{Key: key, ScaleMin: 1, ScaleMax: 5}
			if g := gridOf[key]; g != nil {
				s.ScaleMin, s.ScaleMax = g.Scale.Min, g.Scale.Max
			}
			i = len(doc.Sessions)
			index[key] = i
			doc.Sessions = append(doc.Sessions, s)
		}
		return &doc.Sessions[i]
	}
	// The campaign's sessions first, in its order, even those with no
	// line yet; then any other a report line names.
	for _, s := range c.Sessions {
		session(s)
	}
	for _, l := range in.Report.Lines {
		s := session(l.Session)
		s.Lines = append(s.Lines, EvaluationLine{
			Criterion: criterion(l.Session, l.Criterion),
			Self:      l.Self, HasSelf: l.HasSelf, SelfCantSay: l.SelfCantSay,
			PeerCount: l.Peers.Count, PeerCantSay: l.Peers.CantSay,
			PeerMean: l.Peers.Mean, PeerSD: l.Peers.SD, PeerMin: l.Peers.Min, PeerMax: l.Peers.Max,
			Gap: l.Gap, HasGap: l.HasGap, Withheld: l.Withheld, Need: l.Need,
		})
	}
	for _, cm := range in.Report.Comments {
		s := session(cm.Session)
		author := ""
		if cm.Rater != uuid.Nil && !cm.Self && in.Name != nil {
			author = in.Name(cm.Rater)
		}
		s.Comments = append(s.Comments, EvaluationComment{
			Criterion: criterion(cm.Session, cm.Criterion), Self: cm.Self, Author: author, Text: cm.Text})
	}
	for _, ref := range in.Reflections {
		s := session(ref.Session)
		for _, q := range evaluation.ReflectionQuestions() {
			if t := ref.Answers[q]; strings.TrimSpace(t) != "" {
				s.Reflection = append(s.Reflection, EvaluationAnswer{Question: q, Text: t})
			}
		}
	}
	for _, a := range in.Actions {
		owner := ""
		if in.Owner != nil {
			owner = in.Owner(a)
		}
		doc.Actions = append(doc.Actions, EvaluationAction{Text: a.Text, Owner: owner, Due: a.Due, Done: a.Done})
	}
	doc.Sessions = slices.Clip(doc.Sessions)
	return doc
}

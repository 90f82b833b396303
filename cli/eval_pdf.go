package cli

import (
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/render"
)

// pdfLang picks the language of a person's PDF: the one asked, else the
// person's first language, else French, the co-op's language.
func pdfLang(asked string, m konbit.Member) (string, error) {
	switch asked {
	case evaluation.French, evaluation.English:
		return asked, nil
	case "":
	default:
		return "", usagef("--lang %q: want fr or en", asked)
	}
	if len(m.Languages) > 0 && (m.Languages[0] == evaluation.French || m.Languages[0] == evaluation.English) {
		return m.Languages[0], nil
	}
	return evaluation.French, nil
}

// evaluationDoc turns a person's report into what the PDF shows, in lang:
// criterion names from the grids, sessions in the campaign's order,
// comment authors named only when the report names them (the person's
// view keeps raters anonymous unless the campaign says otherwise). The
// report is expected in evaluation.PersonView: the PDF is handed to the
// person, so a withheld aggregate stays withheld.
func evaluationDoc(c *evaluation.Campaign, grids []evaluation.Grid, rep evaluation.Report, person string,
	name func(uuid.UUID) string, lang string) render.EvaluationReport {
	doc := render.EvaluationReport{Person: person, Campaign: c.Name, Start: c.Start, End: c.End}
	gridOf := map[string]*evaluation.Grid{}
	for i := range grids {
		gridOf[grids[i].Session] = &grids[i]
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
	session := func(key string) *render.EvaluationSession {
		i, ok := index[key]
		if !ok {
			s := render.EvaluationSession{Key: key, ScaleMin: 1, ScaleMax: 5}
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
	for _, l := range rep.Lines {
		s := session(l.Session)
		s.Lines = append(s.Lines, render.EvaluationLine{
			Criterion: criterion(l.Session, l.Criterion),
			Self:      l.Self, HasSelf: l.HasSelf, SelfCantSay: l.SelfCantSay,
			PeerCount: l.Peers.Count, PeerCantSay: l.Peers.CantSay,
			PeerMean: l.Peers.Mean, PeerSD: l.Peers.SD, PeerMin: l.Peers.Min, PeerMax: l.Peers.Max,
			Gap: l.Gap, HasGap: l.HasGap, Withheld: l.Withheld, Need: l.Need,
		})
	}
	for _, cm := range rep.Comments {
		s := session(cm.Session)
		author := ""
		if cm.Rater != uuid.Nil && !cm.Self {
			author = name(cm.Rater)
		}
		s.Comments = append(s.Comments, render.EvaluationComment{
			Criterion: criterion(cm.Session, cm.Criterion), Self: cm.Self, Author: author, Text: cm.Text})
	}
	return doc
}

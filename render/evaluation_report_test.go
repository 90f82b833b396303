package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/konbit/konbit/render"
)

func sampleEvaluation(lang string) render.EvaluationReport {
	comm, know, inv := "Communication", "Knowledge", "Involvement"
	if lang == "fr" {
		know, inv = "Connaissances", "Implication"
	}
	return render.EvaluationReport{
		Person: "Hélène Côté", Campaign: "Évaluation 2011", Start: "2011-03-01", End: "2011-03-31",
		Sessions: []render.EvaluationSession{
			{Key: "work", ScaleMin: 1, ScaleMax: 5, Lines: []render.EvaluationLine{
				{Criterion: comm, Self: 4, HasSelf: true, PeerCount: 3, PeerMean: 11.0 / 3, PeerSD: 0.47, PeerMin: 3, PeerMax: 4,
					Gap: 4 - 11.0/3, HasGap: true, Need: 3},
				{Criterion: know, SelfCantSay: true, PeerCount: 2, Withheld: true, Need: 3},
			}, Comments: []render.EvaluationComment{
				{Criterion: comm, Text: "Explique très bien « les choses »"},
				{Self: true, Text: "Je veux progresser"},
			}, Reflection: []render.EvaluationAnswer{
				{Question: "improve", Text: "Prendre la parole « plus tôt » en réunion"},
				{Question: "org-help", Text: ""}, // left blank: not shown
				{Question: "relations", Text: "Un café par mois avec l'équipe"},
			}},
			{Key: "involvement", ScaleMin: 1, ScaleMax: 5, Lines: []render.EvaluationLine{
				{Criterion: inv, Self: 2, HasSelf: true, PeerCount: 4, PeerMean: 4.25, PeerSD: 0.43, PeerMin: 4, PeerMax: 5,
					Gap: -2.25, HasGap: true, Need: 3},
			}},
		},
		Actions: []render.EvaluationAction{
			{Text: "Suivre la formation en comptabilité", Owner: "Comité RH", Due: "2011-06-30"},
			{Text: "Présenter son atelier", Owner: "Hélène Côté", Done: true},
		},
	}
}

func evaluationPDF(t *testing.T, r render.EvaluationReport, lang string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := render.EvaluationPDF(&b, r, lang, ""); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b.Bytes()[:min(20, b.Len())])
	}
	return b.Bytes()
}

// The PDF names the person and the criteria, gives the self and peer
// numbers in the reader's language, says why an aggregate is missing, and
// has the group's reflection under the questions worded in the language
// and the action plan.
func TestEvaluationPDFText(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		want, not []string
	}{
		{"fr", []string{"Évaluation par les pairs — Hélène Côté", "Évaluation 2011", "Séance : travail", "Séance : implication",
			"Communication", "Connaissances", "Implication", "Moyenne des pairs", "3,67", "+0,33", "4,25", "-2,25", "ne sait pas",
			"masqué", "moins de 3 pairs", "Commentaires", "Explique très bien « les choses »", "vous", "Page 1 sur",
			"Réflexion collective", "Comment la personne peut-elle améliorer ses points faibles ?", "Prendre la parole « plus tôt » en réunion",
			"Comment améliorer les relations interpersonnelles ?", "Un café par mois avec l'équipe",
			"Plan d’action", "Responsable", "Échéance", "Suivre la formation en comptabilité", "Comité RH", "2011-06-30", "à faire", "faite"}, []string{"Comment l’organisation peut-elle l’y aider"}},
		{"en", []string{"Peer evaluation — Hélène Côté", "Évaluation 2011", "Session: work", "Session: involvement",
			"Communication", "Knowledge", "Involvement", "Peer mean", "3.67", "+0.33", "4.25", "-2.25", "can't say",
			"withheld", "fewer than 3 peers", "Comments", "Overall", "a peer", "Page 1 of",
			"Collective reflection", "How can the person improve their weak points?", "Prendre la parole « plus tôt » en réunion",
			"How can interpersonal relations be improved?", "Action plan", "Owner", "Due", "Suivre la formation en comptabilité",
			"to do", "done"}, []string{"How can the organisation help"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			text := strings.Join(strings.Fields(pdfToText(t, evaluationPDF(t, sampleEvaluation(tc.lang), tc.lang))), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("%s PDF lacks %q:\n%s", tc.lang, w, text)
				}
			}
			// A question left blank is not shown.
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("%s PDF shows %q", tc.lang, w)
				}
			}
		})
	}
}

// The same report gives the same bytes; another language, other bytes;
// an unknown language or paper is refused.
func TestEvaluationPDFDeterministic(t *testing.T) {
	r := sampleEvaluation("en")
	// Several times: fpdf writes images from a map, and two charts of
	// one size once came out in either order.
	a := evaluationPDF(t, r, "en")
	for range 8 {
		if !bytes.Equal(a, evaluationPDF(t, r, "en")) {
			t.Fatal("the same report gave different bytes")
		}
	}
	if bytes.Equal(a, evaluationPDF(t, r, "fr")) {
		t.Fatal("French and English gave the same bytes")
	}
	var buf bytes.Buffer
	if err := render.EvaluationPDF(&buf, r, "de", ""); err == nil {
		t.Error("German accepted")
	}
	if err := render.EvaluationPDF(&buf, r, "en", "a5"); err == nil {
		t.Error("A5 accepted")
	}
	if err := render.EvaluationPDF(&buf, render.EvaluationReport{Person: "X"}, "", "letter"); err != nil {
		t.Errorf("empty report: %v", err)
	}
}

// The chart draws bars for what there is and refuses an empty scale.
func TestScoresPNG(t *testing.T) {
	var b bytes.Buffer
	bars := []render.ScoreBar{{Label: "A", Self: 4, HasSelf: true, Peers: 3.5, HasPeer: true}, {Label: "B"}}
	if err := render.ScoresPNG(&b, bars, 1, 5, render.ScoreChartText{Title: "t", Self: "s", Peers: "p", Missing: "–"}, 600, 200); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\x89PNG")) {
		t.Fatal("not a PNG")
	}
	if err := render.ScoresPNG(&b, bars, 5, 5, render.ScoreChartText{}, 600, 200); err == nil {
		t.Error("empty scale accepted")
	}
}

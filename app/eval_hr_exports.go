package app

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// exportCSV saves the campaign's aggregates, one line per person, session
// and criterion: never an individual answer.
func (v *hrReportsView) exportCSV() {
	if !v.unlockedNow() {
		return
	}
	c := v.p.c
	reports := make([]evaluation.Report, 0, len(c.Participants))
	for _, id := range c.Participants {
		rep, err := evaluation.PersonReport(&c, v.p.grids, v.answers, id, evaluation.HRView)
		if err != nil {
			v.p.u.showError(lang.L("evalhr.export.failed"), err)
			return
		}
		reports = append(reports, rep)
	}
	v.save(hrFileName(c.Name)+".csv", func(w io.Writer) error {
		return render.EvaluationAggregatesCSV(w, v.p.name, reports, c.Visibility.Open)
	})
}

// exportAnswers saves every individual answer, which only an open
// campaign allows (its participants agreed to it).
func (v *hrReportsView) exportAnswers() {
	if !v.unlockedNow() || !v.p.c.Visibility.Open {
		return
	}
	header := []string{"session", "criterion", "evaluator", "evaluated", "score", "cant_say", "comment"}
	rows := make([][]string, 0, len(v.answers))
	for _, a := range v.answers {
		score := ""
		if a.Scored() {
			score = strconv.Itoa(a.Score)
		}
		rows = append(rows, []string{a.Session, a.Criterion, v.p.name(a.Evaluator), v.p.name(a.Evaluated), score,
			strconv.FormatBool(a.CantSay), a.Comment})
	}
	v.save(hrFileName(v.p.c.Name)+"-answers.csv", func(w io.Writer) error { return render.TableCSV(w, header, rows) })
}

// hrFileName makes a file name from a campaign or person name.
func hrFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|':
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "evaluation"
	}
	return s
}

// exportPDF saves a person's PDF, in their language and in their own view
// (what HR hands them: peer means below k withheld, raters anonymous
// unless the campaign names them).
func (v *hrReportsView) exportPDF(person uuid.UUID) {
	if !v.unlockedNow() {
		return
	}
	c := v.p.c
	// HR exporting the PDF is how it is handed out, released or not.
	c.Visibility.Released = true
	rep, err := evaluation.PersonReport(&c, v.p.grids, v.answers, person, evaluation.PersonView)
	if err != nil {
		v.p.u.showError(lang.L("evalhr.export.failed"), err)
		return
	}
	m, _ := v.p.member(person)
	language := hrPersonLanguage(m)
	// The group's reflection and the action plan go with the report.
	var refs []evaluation.Reflection
	for _, ref := range v.reflections {
		if ref.Person == person {
			refs = append(refs, ref)
		}
	}
	var acts []meetings.Action
	as, _ := v.p.u.r.PersonActions(person)
	for _, a := range as {
		if a.Campaign == c.ID {
			acts = append(acts, a)
		}
	}
	doc := render.EvaluationDocument(render.EvaluationInput{Campaign: &c, Grids: v.p.grids, Report: rep, Person: v.p.name(person),
		Name: v.p.name, Reflections: refs, Actions: acts, Owner: v.actionOwner, Lang: language})
	v.save(hrFileName(c.Name+" - "+v.p.name(person))+".pdf", func(w io.Writer) error {
		return render.EvaluationPDF(w, doc, language, "")
	})
}

// saveFile asks where to save, then writes in the background.
func (v *hrReportsView) saveFile(name string, write func(io.Writer) error) {
	u := v.p.u
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(lang.L("evalhr.export.failed"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		u.writeOr(func(ctx context.Context) error {
			if err := writeFileAtomic(path, write); err != nil {
				return failure{lang.L("evalhr.export.failed"), err}
			}
			// The report is private: readable by the user only.
			if err := os.Chmod(path, 0o600); err != nil {
				return failure{lang.L("evalhr.export.failed"), err}
			}
			return nil
		}, func() {
			u.showInfo(lang.L("evalhr.export.done"), lang.L("export.written", map[string]any{"Path": path}))
		}, nil)
	}, u.win)
	d.SetFileName(name)
	showFileDialog(d, u.win)
}

// hrPersonLanguage is the language a person's PDF is written in: their
// first language if Konbit has texts in it, else French, the co-op's.
func hrPersonLanguage(m konbit.Member) string {
	for _, l := range m.Languages {
		if l == evaluation.French || l == evaluation.English {
			return l
		}
	}
	return evaluation.French
}

package app

import (
	"bytes"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
)

// hrReportColumns: criterion, self, peers' mean, spread, raters, gap. The
// minimum widths hold a criterion's name, a spread "σ 1.0 · 2–4" and a
// raters' count with its "can't say" whole: at the largest text sizes the
// spread, then the raters, are dropped rather than cut to "σ 1,0 · …".
var hrReportColumns = &columns{
	weights: []float32{2.6, 1, 1.2, 1.8, 1.8, 1},
	minEm:   []float32{8, 3, 3, 6, 5, 3.5},
	drop:    []int{3, 4},
}

// personReport is one person's report as HR sees it: per session and
// criterion the self score beside the peers' mean, spread and count and
// the gap (peer figures never include the self score), a chart, the
// comments with their authors, the group's reflection and the action plan.
func (v *hrReportsView) personReport(person uuid.UUID) []fyne.CanvasObject {
	c := v.p.c
	l := v.p.u.language
	rep, err := evaluation.PersonReport(&c, v.p.grids, v.answers, person, evaluation.HRView)
	if err != nil {
		return []fyne.CanvasObject{paragraph(hrErrorText(err))}
	}
	v.report = rep
	name := v.p.name(person)
	pdf := widget.NewButtonWithIcon(lang.L("evalhr.export.pdf"), theme.DocumentSaveIcon(), func() { v.exportPDF(person) })
	objs := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewCenter(pdf), heading(name))}
	for _, s := range c.Sessions {
		var lines []evaluation.Line
		for _, ln := range rep.Lines {
			if ln.Session == s {
				lines = append(lines, ln)
			}
		}
		if len(lines) == 0 {
			continue
		}
		objs = append(objs, subheading(sessionLabel(s)))
		if img := v.chart(s, lines); img != nil {
			objs = append(objs, img)
		}
		objs = append(objs, row(hrReportColumns, cell(lang.L("evalhr.col.criterion"), true), cell(lang.L("evalhr.col.self"), true),
			cell(lang.L("evalhr.col.peers_mean"), true), cell(lang.L("evalhr.col.spread"), true),
			cell(lang.L("evalhr.col.raters"), true), cell(lang.L("evalhr.col.gap"), true)))
		belowK := false
		for _, ln := range lines {
			self := "–"
			switch {
			case ln.HasSelf:
				self = fmt.Sprint(ln.Self)
			case ln.SelfCantSay:
				self = lang.L("evalhr.cant_say")
			}
			mean, spread, gap := "–", "–", "–"
			if ln.Peers.Count > 0 {
				mean = hrNumber(l, ln.Peers.Mean, false)
				spread = lang.L("evalhr.spread", map[string]any{"SD": hrNumber(l, ln.Peers.SD, false), "Min": ln.Peers.Min, "Max": ln.Peers.Max})
			}
			if ln.HasGap {
				gap = hrNumber(l, ln.Gap, true)
			}
			raters := lang.L("evalhr.raters", map[string]any{"Count": ln.Peers.Count})
			if ln.Peers.CantSay > 0 {
				raters = lang.L("evalhr.raters_cant_say", map[string]any{"Count": ln.Peers.Count, "CantSay": ln.Peers.CantSay})
			}
			if ln.BelowK {
				raters += " ⚠"
				belowK = true
			}
			objs = append(objs, row(hrReportColumns, cell(v.p.criterionName(s, ln.Criterion), false), cell(self, false),
				cell(mean, true), cell(spread, false), cell(raters, false), cell(gap, false)))
		}
		if belowK {
			objs = append(objs, caption(lang.L("evalhr.below_k", map[string]any{"K": c.Visibility.MinRaters})))
		}
		objs = append(objs, v.comments(rep, s)...)
		objs = append(objs, v.reflection(person, s)...)
	}
	objs = append(objs, v.actions(person)...)
	if rep.Ignored > 0 {
		objs = append(objs, caption(lang.L("evalhr.ignored", map[string]any{"Count": rep.Ignored})))
	}
	return objs
}

// comments lists the comments of a session, each under its criterion and
// author (HR sees who wrote what; the person's view may not).
func (v *hrReportsView) comments(rep evaluation.Report, session string) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, cm := range rep.Comments {
		if cm.Session != session || strings.TrimSpace(cm.Text) == "" {
			continue
		}
		if objs == nil {
			objs = append(objs, cell(lang.L("evalhr.comments"), true))
		}
		author := lang.L("evalhr.comment.anonymous")
		switch {
		case cm.Self:
			author = lang.L("evalhr.comment.self")
		case cm.Rater != uuid.Nil:
			author = v.p.name(cm.Rater)
		}
		objs = append(objs, paragraph(lang.L("evalhr.comment", map[string]any{
			"Criterion": v.p.criterionName(session, cm.Criterion), "Author": author, "Text": cm.Text})))
	}
	return objs
}

// reflection shows what the group wrote with the person in a session.
func (v *hrReportsView) reflection(person uuid.UUID, session string) []fyne.CanvasObject {
	for _, ref := range v.reflections {
		if ref.Person != person || ref.Session != session || ref.Empty() {
			continue
		}
		objs := []fyne.CanvasObject{cell(lang.L("evalhr.reflection"), true)}
		for _, q := range evaluation.ReflectionQuestions() {
			if t := strings.TrimSpace(ref.Answers[q]); t != "" {
				objs = append(objs, caption(hrQuestion(q)), paragraph(t))
			}
		}
		return objs
	}
	return nil
}

// hrQuestion words a question of the collective reflection.
func hrQuestion(q string) string {
	switch q {
	case evaluation.QuestionImprove:
		return lang.L("evalhr.question.improve")
	case evaluation.QuestionOrgHelp:
		return lang.L("evalhr.question.org-help")
	case evaluation.QuestionShowcase:
		return lang.L("evalhr.question.showcase")
	case evaluation.QuestionShare:
		return lang.L("evalhr.question.share")
	case evaluation.QuestionRelations:
		return lang.L("evalhr.question.relations")
	}
	return q
}

// actions lists the person's action plan from their evaluations, open
// ones first, so HR sees what is still to follow up.
func (v *hrReportsView) actions(person uuid.UUID) []fyne.CanvasObject {
	as, _ := v.p.u.r.PersonActions(person)
	objs := []fyne.CanvasObject{subheading(lang.L("evalhr.actions"))}
	if len(as) == 0 {
		return append(objs, paragraph(lang.L("evalhr.actions.none")))
	}
	for _, a := range as {
		owner := v.actionOwner(a)
		due := a.Due
		if due == "" {
			due = "–"
		}
		data := map[string]any{"Text": a.Text, "Owner": owner, "Due": due}
		if a.Done {
			objs = append(objs, paragraph(lang.L("evalhr.action.done", data)))
		} else {
			objs = append(objs, paragraph(lang.L("evalhr.action.open", data)))
		}
	}
	return objs
}

// actionOwner names who owns an action: a member or a committee.
func (v *hrReportsView) actionOwner(a meetings.Action) string {
	if a.OwnerIsCommittee {
		for _, cm := range v.p.committees {
			if cm.ID == a.Owner {
				return cm.Name
			}
		}
	}
	return v.p.name(a.Owner)
}

// chart draws a session's self scores against the peers' means, as the
// PDF does (render.ScoresPNG), so that HR sees what the person will get.
func (v *hrReportsView) chart(session string, lines []evaluation.Line) fyne.CanvasObject {
	g, ok := v.p.grid(session)
	if !ok {
		return nil
	}
	bars := make([]render.ScoreBar, 0, len(lines))
	for _, ln := range lines {
		bars = append(bars, render.ScoreBar{Label: v.p.criterionName(session, ln.Criterion),
			Self: float64(ln.Self), HasSelf: ln.HasSelf, Peers: ln.Peers.Mean, HasPeer: ln.Peers.Count > 0})
	}
	text := render.ScoreChartText{Self: lang.L("evalhr.chart.self"), Peers: lang.L("evalhr.chart.peers"),
		Missing: "–", Withheld: lang.L("evalhr.chart.withheld"), Language: v.p.u.language}
	w, h := 640, 70+36*len(bars)
	var buf bytes.Buffer
	if err := render.ScoresPNG(&buf, bars, g.Scale.Min, g.Scale.Max, text, w, h); err != nil {
		return caption(err.Error())
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource("scores-"+session+".png", buf.Bytes()))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(float32(w)*0.8, float32(h)*0.8))
	return img
}

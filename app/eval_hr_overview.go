package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/konbit/konbit/evaluation"
)

// hrOverviewColumns: session, criterion, peers' mean, self mean, people,
// below k. The minimum widths hold a session, a criterion and a mean with
// its spread whole: at the largest text sizes the counts are dropped
// rather than the means cut.
var hrOverviewColumns = &columns{
	weights: []float32{1.7, 2.4, 1.6, 1, 1.3, 1.1},
	minEm:   []float32{6, 8, 6.5, 3, 4, 3.5},
	drop:    []int{5, 4, 0},
}

// overview is the campaign by session and criterion, and the rater
// patterns worth a look before the reports are handed out.
func (v *hrReportsView) overview() []fyne.CanvasObject {
	c := v.p.c
	l := v.p.u.language
	objs := []fyne.CanvasObject{heading(c.Name), subheading(lang.L("evalhr.overview.title")),
		row(hrOverviewColumns, cell(lang.L("evalhr.col.session"), true), cell(lang.L("evalhr.col.criterion"), true),
			cell(lang.L("evalhr.col.peers"), true), cell(lang.L("evalhr.col.self_mean"), true),
			cell(lang.L("evalhr.col.people"), true), cell(lang.L("evalhr.col.below_k"), true))}
	for _, o := range evaluation.Overview(&c, v.p.grids, v.answers) {
		peers, self := "–", "–"
		if o.Peers.Count > 0 {
			peers = lang.L("evalhr.mean_sd", map[string]any{"Mean": hrNumber(l, o.Peers.Mean, false), "SD": hrNumber(l, o.Peers.SD, false)})
		}
		if o.Self.Count > 0 {
			self = hrNumber(l, o.Self.Mean, false)
		}
		objs = append(objs, row(hrOverviewColumns, cell(sessionLabel(o.Session), false), cell(v.p.criterionName(o.Session, o.Criterion), false),
			cell(peers, false), cell(self, false), cell(fmt.Sprint(o.Persons), false), cell(fmt.Sprint(o.BelowK), false)))
	}
	objs = append(objs, widget.NewSeparator(), subheading(lang.L("evalhr.flags.title")))
	flags := evaluation.RaterFlags(&c, v.p.grids, v.answers, evaluation.FlagOptions{})
	if len(flags) == 0 {
		objs = append(objs, paragraph(lang.L("evalhr.flags.none")))
	}
	for _, f := range flags {
		objs = append(objs, paragraph(v.flagText(f)))
	}
	return objs
}

// flagText says one rater pattern in a sentence.
func (v *hrReportsView) flagText(f evaluation.Flag) string {
	l := v.p.u.language
	switch f.Kind {
	case evaluation.FlagStraightLining:
		return lang.L("evalhr.flag.straight", map[string]any{"Rater": v.p.name(f.Rater), "Score": f.Score,
			"Ratings": f.Ratings, "Session": sessionLabel(f.Session)})
	case evaluation.FlagLargeGap:
		data := map[string]any{"Person": v.p.name(f.Person), "Criterion": v.p.criterionName(f.Session, f.Criterion),
			"Session": sessionLabel(f.Session), "Gap": hrNumber(l, f.Gap, true)}
		if f.BelowK {
			return lang.L("evalhr.flag.gap_below_k", data)
		}
		return lang.L("evalhr.flag.gap", data)
	}
	return string(f.Kind)
}

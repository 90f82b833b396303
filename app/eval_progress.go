package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
)

// hrProgressView shows who has filled what, per session and group, from the
// answers' clear fields: no key is needed, so any HR member (or the
// facilitator of the day) can see which grids are still missing before
// the groups meet.
type hrProgressView struct {
	p       *hrPane
	summary *widget.Label
	body    *fyne.Container
	root    fyne.CanvasObject
	fills   []evaluation.GroupFill
}

func newHRProgressView(p *hrPane) *hrProgressView {
	v := &hrProgressView{p: p}
	v.summary = widget.NewLabel("")
	v.summary.TextStyle.Bold = true
	v.body = container.NewVBox()
	v.root = container.NewBorder(container.NewVBox(v.summary, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(v.body))
	return v
}

// load reads the completeness again. Answers come with any change (a
// bundle, the shared folder, a grid submitted on this laptop) and have no
// channel of their own: any change of the replica reloads it, which costs
// a pass over the campaign's answer records.
func (v *hrProgressView) load() []<-chan struct{} {
	ch := v.p.u.r.Changed()
	fills, err := v.p.u.r.Completeness(v.p.id)
	v.fills = fills
	v.body.Objects = nil
	if err != nil {
		v.summary.SetText(hrErrorText(err))
		v.body.Refresh()
		return []<-chan struct{}{ch}
	}
	if len(fills) == 0 {
		v.summary.SetText(lang.L("evalhr.progress.no_groups"))
		v.body.Refresh()
		return []<-chan struct{}{ch}
	}
	answered, total := 0, 0
	session := ""
	for _, g := range fills {
		answered += g.Answered
		total += g.Total
		if g.Session != session {
			session = g.Session
			v.body.Add(subheading(sessionLabel(session)))
		}
		v.body.Add(v.groupRow(g))
	}
	v.summary.SetText(lang.L("evalhr.progress.summary", map[string]any{
		"Answered": answered, "Total": total, "Percent": hrPercent(answered, total)}))
	v.body.Refresh()
	return []<-chan struct{}{ch}
}

// hrPercent is a whole percentage, 0 for an empty total.
func hrPercent(n, total int) int {
	if total == 0 {
		return 0
	}
	return n * 100 / total
}

// groupRow is one group: its members, a bar of the answers given, and who
// still has grids to fill (the facilitator's list before the session).
func (v *hrProgressView) groupRow(g evaluation.GroupFill) fyne.CanvasObject {
	names := make([]string, 0, len(g.Members))
	for _, m := range g.Members {
		names = append(names, v.p.name(m))
	}
	bar := widget.NewProgressBar()
	bar.Max = float64(max(g.Total, 1))
	bar.SetValue(float64(g.Answered))
	bar.TextFormatter = func() string {
		return lang.L("evalhr.progress.count", map[string]any{"Answered": g.Answered, "Total": g.Total})
	}
	title := cell(lang.L("evalhr.group", map[string]any{"N": g.Group + 1}), true)
	head := row(hrProgressColumns, title, cell(strings.Join(names, ", "), false), bar)
	// Per evaluator: how many of the group's grids they have completed.
	done := map[uuid.UUID]int{}
	for _, f := range g.Fills {
		if f.Done() {
			done[f.Evaluator]++
		}
	}
	var missing []string
	for _, m := range g.Members {
		if done[m] < len(g.Members) {
			missing = append(missing, lang.L("evalhr.progress.person", map[string]any{
				"Name": v.p.name(m), "Done": done[m], "Total": len(g.Members)}))
		}
	}
	if len(missing) == 0 {
		// The full bar says it; a line per group would only push the
		// groups still filling off the screen.
		title.SetText(lang.L("evalhr.progress.group_done", map[string]any{"N": g.Group + 1}))
		return head
	}
	return container.NewVBox(head, caption(lang.L("evalhr.progress.missing", map[string]any{"List": strings.Join(missing, " · ")})))
}

// hrProgressColumns: group, members, progress bar. The group's column
// holds "Group 12 ✓" whole at the largest text size.
var hrProgressColumns = &columns{
	weights: []float32{1.5, 4, 2},
	minEm:   []float32{6, 8, 6},
	drop:    []int{1},
}

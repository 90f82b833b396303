package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// statsColumns: name, people, time, turns, bar, share, meetings, silent.
var statsColumns = &columns{
	weights: []float32{2.4, 1, 1.3, 1, 2.6, 1.9, 1.2, 1.2},
	minEm:   []float32{6, 3, 4, 3, 5, 6, 3.5, 3.5},
	drop:    []int{1, 7, 3, 6},
}

// statsView shows speaking-time equity across meetings (DOMAIN.md,
// Speaking: "it is always the same people who speak"): per person or
// group, their share of the speaking time against the share everyone
// present speaking equally would have given them, the Gini coefficient
// and the top fifth's share, and the Gini month by month, to see whether
// rotating roles and the progressive queue change anything.
//
// The report is computed only while the view is on screen (a live meeting
// changes the replica every few seconds): when data changes meanwhile it
// is computed again once shown.
type statsView struct {
	u   *UI
	ctx context.Context

	from, to *widget.Entry
	template *templatePicker
	body     *widget.Select
	bodies   []uuid.UUID // after "all bodies"
	by       *widget.Select
	summary  *fyne.Container
	rows     *fyne.Container
	trend    *trendChart
	exports  []*widget.Button
	top      *fyne.Container // inputs and summary
	frame    *fyne.Container // top, rows and trend

	rep     meetings.StatsReport
	visible bool
	dirty   bool // data or inputs changed while not shown
	started bool // the dates were given their defaults
	root    fyne.CanvasObject
}

func newStatsView(u *UI, ctx context.Context) *statsView {
	v := &statsView{u: u, ctx: ctx, dirty: true}
	v.from = dateEntry(lang.L("register.from"), v.inputsChanged)
	v.to = dateEntry(lang.L("register.to"), v.inputsChanged)
	v.template = newTemplatePicker(v.inputsChanged)
	v.body = widget.NewSelect(nil, func(string) { v.inputsChanged() })
	var groups []string
	for _, g := range meetings.Groupings() {
		groups = append(groups, groupingLabel(g))
	}
	v.by = widget.NewSelect(groups, func(string) { v.inputsChanged() })
	v.by.SetSelectedIndex(0)
	labelled := func(label string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(caption(label), o)
	}
	inputs := container.NewGridWithColumns(5,
		labelled(lang.L("stats.from"), v.from), labelled(lang.L("stats.to"), v.to), labelled(lang.L("stats.template"), v.template.menu),
		labelled(lang.L("stats.body"), v.body), labelled(lang.L("stats.by"), v.by))

	v.summary = container.NewVBox()
	png := widget.NewButtonWithIcon(lang.L("stats.export.png"), theme.DownloadIcon(), func() { v.exportDialog("png") })
	trend := widget.NewButtonWithIcon(lang.L("stats.export.trend"), theme.DownloadIcon(), func() { v.exportDialog("trend") })
	csv := widget.NewButtonWithIcon(lang.L("stats.export.csv"), theme.DownloadIcon(), func() { v.exportDialog("csv") })
	v.exports = []*widget.Button{png, trend, csv}
	v.top = container.NewVBox(inputs, container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(png, trend, csv)), v.summary))

	header := row(statsColumns, cell(lang.L("stats.col.name"), true), cell(lang.L("stats.col.people"), true),
		cell(lang.L("stats.col.time"), true), cell(lang.L("stats.col.turns"), true), cell(lang.L("stats.col.bar"), true),
		cell(lang.L("stats.col.share"), true), cell(lang.L("stats.col.meetings"), true), cell(lang.L("stats.col.silent"), true))
	v.rows = container.NewVBox()
	v.trend = newTrendChart()
	bottom := container.NewVBox(widget.NewSeparator(), cell(lang.L("stats.trend"), true), v.trend)
	v.frame = container.NewBorder(container.NewVBox(v.top, widget.NewSeparator(), header), bottom, nil, nil,
		container.NewVScroll(v.rows))
	v.root = container.NewPadded(v.frame)
	u.watch(ctx, v.load)
	return v
}

// groupingLabel names a grouping of the rows.
func groupingLabel(g meetings.Grouping) string {
	switch g {
	case meetings.ByPerson:
		return lang.L("stats.by.person")
	case meetings.ByCategory:
		return lang.L("stats.by.category")
	case meetings.BySeniority:
		return lang.L("stats.by.seniority")
	case meetings.ByLanguage:
		return lang.L("stats.by.language")
	case meetings.ByCommittee:
		return lang.L("stats.by.committee")
	case meetings.ByGender:
		return lang.L("stats.by.gender")
	}
	return string(g)
}

// load fills the menus and, if shown, computes the report; it runs again
// when anything changes.
func (v *statsView) load() []<-chan struct{} {
	ch := v.u.r.Changed()
	v.loadMenus()
	v.dirty = true
	if v.visible {
		v.compute()
	}
	return []<-chan struct{}{ch}
}

// loadMenus fills the meeting types and bodies, keeping the choices made.
func (v *statsView) loadMenus() {
	ts, _ := v.u.r.Templates()
	v.template.set(ts, v.u.language)

	cs, _ := v.u.r.Committees()
	prev := v.body.Selected
	v.bodies = []uuid.UUID{uuid.Nil}
	opts := []string{lang.L("register.body.any"), lang.L("meetings.body.collective")}
	for _, c := range cs {
		v.bodies = append(v.bodies, c.ID)
		opts = append(opts, c.Name)
	}
	v.body.Options = opts
	v.body.Selected = opts[0]
	for _, o := range opts {
		if o == prev {
			v.body.Selected = o
		}
	}
	v.body.Refresh()
}

// setVisible tells the view whether it is on screen; shown with data
// changed meanwhile, it computes the report again.
func (v *statsView) setVisible(on bool) {
	v.visible = on
	if on && v.dirty {
		v.compute()
	}
}

// inputsChanged recomputes after a change of range, type, body or grouping.
func (v *statsView) inputsChanged() {
	v.dirty = true
	if v.visible {
		v.compute()
	}
}

// query is the selection the inputs describe.
func (v *statsView) query() replica.StatsQuery {
	q := replica.StatsQuery{From: dateOf(v.from), To: dateOf(v.to)}
	q.Templates = slices.Clone(v.template.chosen)
	if i := v.body.SelectedIndex(); i > 0 && i-1 < len(v.bodies) {
		q.Bodies = []uuid.UUID{v.bodies[i-1]}
	}
	if i := v.by.SelectedIndex(); i >= 0 && i < len(meetings.Groupings()) {
		q.By = string(meetings.Groupings()[i])
	}
	return q
}

// compute asks the replica for the report (a few tens of milliseconds
// over five years) and shows it.
func (v *statsView) compute() {
	if !v.template.loaded() || v.body.Options == nil {
		return // still being built
	}
	if !v.started {
		// The last twelve months, by the UI's clock.
		v.started = true
		now := v.u.now()
		v.to.SetText(now.Format(meetings.DateLayout))
		v.from.SetText(now.AddDate(-1, 0, 1).Format(meetings.DateLayout))
	}
	v.dirty = false
	rep, err := v.u.r.SpeakingReport(v.ctx, v.query())
	if err != nil {
		v.rep = meetings.StatsReport{}
		v.summary.Objects = []fyne.CanvasObject{cell(errorText(err), false)}
		v.summary.Refresh()
		v.rows.Objects = nil
		v.rows.Refresh()
		v.trend.set(nil)
		v.relayout()
		return
	}
	v.show(rep)
}

// show draws a report.
func (v *statsView) show(rep meetings.StatsReport) {
	v.rep = rep
	l := v.u.language
	// Two short lines that never wrap: a wrapping label beside the export
	// buttons would not know its height until laid out.
	if len(rep.Rows) == 0 {
		v.summary.Objects = []fyne.CanvasObject{cell(lang.L("stats.none"), false)}
	} else {
		gini := cell(lang.L("stats.summary", map[string]any{"Gini": decimal(l, rep.Gini), "Top": percent(l, rep.TopFifthShare)}), true)
		totals := cell(lang.L("stats.totals", map[string]any{"People": rep.People, "Meetings": len(rep.Meetings), "Time": hoursText(rep.Time)}), false)
		totals.SizeName = theme.SizeNameCaptionText
		v.summary.Objects = []fyne.CanvasObject{gini, totals}
	}
	v.summary.Refresh()
	for _, b := range v.exports {
		if len(rep.Rows) == 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	top := 0.0
	for _, r := range rep.Rows {
		top = max(top, r.Share, r.EqualShare)
	}
	objs := make([]fyne.CanvasObject, 0, len(rep.Rows))
	for _, r := range rep.Rows {
		bar := newShareBar(meetings.Share{Share: r.Share, EqualShare: r.EqualShare}, top)
		objs = append(objs, row(statsColumns,
			cell(v.rowName(r), true), cell(fmt.Sprint(r.People), false), cell(hoursText(r.Time), false),
			cell(fmt.Sprint(r.Turns), false), container.NewPadded(bar),
			cell(percent(l, r.Share)+" / "+percent(l, r.EqualShare), false),
			cell(fmt.Sprint(r.Meetings), false), cell(fmt.Sprint(r.SilentMeetings), false)))
	}
	v.rows.Objects = objs
	v.rows.Refresh()
	v.trend.language = l
	v.trend.set(rep.Months)
	v.relayout()
}

// relayout lays the view out again around a summary that changed height.
func (v *statsView) relayout() {
	v.top.Refresh()
	v.frame.Refresh()
}

// rowName is a row's label in the language shown: the report names fixed
// groups in English.
func (v *statsView) rowName(r meetings.StatsRow) string {
	switch r.Key {
	case meetings.OtherKey:
		return lang.L("stats.group.other")
	case meetings.NotGivenKey:
		return lang.L("stats.group.not_given")
	}
	switch v.rep.By {
	case meetings.ByCategory:
		return categoryLabel(konbit.Category(r.Key))
	case meetings.BySeniority:
		switch r.Key {
		case meetings.SeniorityUnder1:
			return lang.L("stats.seniority.under-1y")
		case meetings.Seniority1to3:
			return lang.L("stats.seniority.1-3y")
		case meetings.Seniority3Plus:
			return lang.L("stats.seniority.3y+")
		}
	case meetings.ByCommittee:
		if r.Key == meetings.NoCommittee {
			return lang.L("stats.group.no_committee")
		}
	case meetings.ByLanguage:
		return strings.ReplaceAll(r.Key, "+", " + ")
	}
	return r.Name
}

// decimal writes a coefficient with two decimals, with the language's
// decimal mark.
func decimal(language string, f float64) string {
	s := fmt.Sprintf("%.2f", f)
	if language == langFR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// exportDialog asks where to save the bars (png), the Gini trend (trend)
// or the rows (csv), then writes the file in the background.
func (v *statsView) exportDialog(kind string) {
	if len(v.rep.Rows) == 0 {
		return
	}
	write := v.exporter(v.rep, kind)
	name := "speaking-" + dateOf(v.from) + "-" + dateOf(v.to)
	switch kind {
	case "png":
		name += ".png"
	case "trend":
		name += "-trend.png"
	default:
		name += ".csv"
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.u.showError(lang.L("stats.export.failed"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		path := w.URI().Path()
		w.Close()
		v.u.writeOr(func(ctx context.Context) error {
			if err := writeFileAtomic(path, write); err != nil {
				return failure{lang.L("stats.export.failed"), err}
			}
			return nil
		}, func() {
			v.u.showInfo(lang.L("stats.export.done_title"), lang.L("export.written", map[string]any{"Path": path}))
		}, nil)
	}, v.u.win)
	d.SetFileName(name)
	showFileDialog(d, v.u.win)
}

// exporter returns what writes a report as the bars (png), the Gini
// trend (trend) or the rows (csv). The words are translated here, on the
// Fyne thread; the writing may run in the background.
func (v *statsView) exporter(rep meetings.StatsReport, kind string) func(io.Writer) error {
	switch kind {
	case "png":
		bars := make([]render.Bar, 0, len(rep.Rows))
		for _, r := range rep.Rows {
			bars = append(bars, render.Bar{Label: v.rowName(r), Value: r.Share, Reference: r.EqualShare})
		}
		text := render.ChartText{Title: lang.L("stats.chart.title"), Value: lang.L("stats.chart.share"), Reference: lang.L("stats.chart.equal")}
		return func(w io.Writer) error { return render.SharesPNG(w, bars, text, 1200, 200+40*len(bars)) }
	case "trend":
		var pts []render.Point
		for _, m := range rep.Months {
			pts = append(pts, render.Point{Label: m.Month, Value: m.Gini})
		}
		series, title := lang.L("stats.chart.gini"), lang.L("stats.trend")
		return func(w io.Writer) error {
			return render.TrendPNG(w, map[string][]render.Point{series: pts}, []string{series}, title, 1200, 600)
		}
	}
	return func(w io.Writer) error { return render.StatsCSV(w, rep) }
}

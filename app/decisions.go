package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// registerLimit caps the decisions listed: nobody reads more than a
// hundred hits, and a shorter list keeps each keystroke instant.
const registerLimit = 100

// reviewWithinDays is how far ahead the register looks for reviews due.
const reviewWithinDays = 30

// decisionColumns: date, title, status, body.
var decisionColumns = &columns{
	weights: []float32{1.3, 4.2, 1.4, 2},
	minEm:   []float32{5, 8, 5, 5},
	drop:    []int{3, 2},
}

// decisionsScreen is the Decisions screen: the decision register
// (DOMAIN.md, Decision register: "we make decisions, then we lose them")
// and, in a second tab, speaking-time equity over months and years. Both
// are "after the meeting" views of what meetings recorded; at 1024x768 a
// tab of its own gives the statistics the whole width their table and
// trend need, which a tab inside the Meetings screen (where a live meeting
// takes the place of the list) would not.
type decisionsScreen struct {
	u   *UI
	ctx context.Context

	tabs  *container.AppTabs
	reg   *registerView
	stats *statsView
}

func newDecisionsScreen(u *UI, ctx context.Context) *decisionsScreen {
	s := &decisionsScreen{u: u, ctx: ctx}
	s.reg = newRegisterView(u, ctx)
	s.stats = newStatsView(u, ctx)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("register.tab.register"), theme.DocumentIcon(), s.reg.root),
		container.NewTabItemWithIcon(lang.L("register.tab.speaking"), theme.VolumeUpIcon(), s.stats.root),
	)
	s.tabs.OnSelected = func(*container.TabItem) { s.shown() }
	return s
}

func (s *decisionsScreen) content() fyne.CanvasObject { return s.tabs }

// shown tells the views which of them is on screen now: the statistics
// are computed only while they are looked at.
func (s *decisionsScreen) shown() {
	s.stats.setVisible(s.u.current == screenDecisions && s.tabs.SelectedIndex() == 1)
}

// showStats switches to the speaking-time tab.
func (s *decisionsScreen) showStats() {
	s.tabs.SelectIndex(1)
	s.shown()
}

// focusSearch shows the register (its list, not a decision) and puts the
// cursor in its search box.
func (s *decisionsScreen) focusSearch() {
	s.tabs.SelectIndex(0)
	s.shown()
	s.reg.closeDetail()
	s.u.win.Canvas().Focus(s.reg.search)
}

// bodyChoice is an entry of a body filter.
type bodyChoice struct {
	label   string
	body    *uuid.UUID // nil: any body
	unknown bool       // the imported decisions whose body is unknown
}

// registerView searches the register and opens a decision. The reviews
// coming due are at the top, each offered for the next meeting of its
// body with one button.
type registerView struct {
	u   *UI
	ctx context.Context

	search *widget.Entry
	theme  *widget.Select
	themes []string // the options after "all themes"
	body   *widget.Select
	bodies []bodyChoice
	status *widget.Select
	from   *widget.Entry
	to     *widget.Entry
	sortBy *widget.Select
	total  *widget.Label
	list   *widget.List
	hits   []replica.DecisionHit
	// shownQuery describes the search hits answer (queryKey).
	shownQuery string
	names      map[uuid.UUID]string // committees
	reviews    *fyne.Container      // the banner, hidden when nothing is due
	due        []meetings.Decision
	// offered says, per decision, where its review was offered (or why it
	// could not be), until the screens are rebuilt.
	offered map[uuid.UUID]string

	main   fyne.CanvasObject
	root   *fyne.Container // main, or the open decision in its place
	detail *decisionDetail
}

// decisionStatuses are the statuses in menu order.
var decisionStatuses = []meetings.DecisionStatus{meetings.Active, meetings.Implemented, meetings.Superseded, meetings.Revoked}

// decisionStatusLabel names a decision's status.
func decisionStatusLabel(st meetings.DecisionStatus) string {
	switch st {
	case meetings.Active:
		return lang.L("register.status.active")
	case meetings.Implemented:
		return lang.L("register.status.implemented")
	case meetings.Superseded:
		return lang.L("register.status.superseded")
	case meetings.Revoked:
		return lang.L("register.status.revoked")
	}
	return string(st)
}

func newRegisterView(u *UI, ctx context.Context) *registerView {
	v := &registerView{u: u, ctx: ctx, offered: map[uuid.UUID]string{}, names: map[uuid.UUID]string{}}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder(lang.L("register.search"))
	v.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	v.search.OnChanged = func(string) { v.runSearch() }
	v.sortBy = widget.NewSelect([]string{lang.L("register.sort.relevance"), lang.L("register.sort.date")}, func(string) { v.runSearch() })
	v.sortBy.SetSelectedIndex(0)

	v.theme = widget.NewSelect(nil, func(string) { v.runSearch() })
	v.body = widget.NewSelect(nil, func(string) { v.runSearch() })
	statuses := []string{lang.L("register.status.any")}
	for _, st := range decisionStatuses {
		statuses = append(statuses, decisionStatusLabel(st))
	}
	v.status = widget.NewSelect(statuses, func(string) { v.runSearch() })
	v.status.SetSelectedIndex(0)
	v.from = dateEntry(lang.L("register.from"), v.runSearch)
	v.to = dateEntry(lang.L("register.to"), v.runSearch)

	top := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel(lang.L("register.sort")), v.sortBy), v.search)
	filters := container.NewGridWithColumns(5, v.theme, v.body, v.status, v.from, v.to)

	header := row(decisionColumns, cell(lang.L("register.col.date"), true), cell(lang.L("register.col.title"), true),
		cell(lang.L("register.col.status"), true), cell(lang.L("register.col.body"), true))
	v.list = widget.NewList(
		func() int { return len(v.hits) },
		func() fyne.CanvasObject {
			snippet := widget.NewRichText()
			snippet.Wrapping = fyne.TextWrapOff
			snippet.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(row(decisionColumns, cell("", false), cell("", true), cell("", false), cell("", false)), snippet)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(v.hits) {
				return
			}
			h := v.hits[id]
			d := h.Decision
			box := o.(*fyne.Container)
			cols := box.Objects[0].(*fyne.Container).Objects
			cols[0].(*widget.Label).SetText(d.Date)
			cols[1].(*widget.Label).SetText(d.Title)
			cols[2].(*widget.Label).SetText(decisionStatusLabel(d.Status))
			cols[3].(*widget.Label).SetText(v.bodyLabel(&d))
			rt := box.Objects[1].(*widget.RichText)
			rt.Segments = snippetSegments(h.Snippet, d.Text, d.Title)
			rt.Refresh()
		})
	v.list.OnSelected = func(id widget.ListItemID) {
		if id < len(v.hits) {
			v.openDetail(v.hits[id].Decision.ID)
		}
		v.list.UnselectAll()
	}
	v.total = caption("")
	v.reviews = container.NewVBox()
	v.main = container.NewBorder(
		container.NewVBox(v.reviews, top, filters, header, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), v.total), nil, nil, v.list)
	v.root = container.NewStack(v.main)
	u.watch(ctx, v.load)
	return v
}

// dateEntry is a YYYY-MM-DD field of a filter; changed runs when what it
// holds is a date or nothing.
func dateEntry(placeholder string, changed func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return validDate(s)
	}
	e.OnChanged = func(s string) {
		if e.Validator(s) == nil {
			changed()
		}
	}
	return e
}

// dateOf is what a date field holds, "" when it is empty or not a date.
func dateOf(e *widget.Entry) string {
	t := strings.TrimSpace(e.Text)
	if t == "" || validDate(t) != nil {
		return ""
	}
	return t
}

// load reads the committees and the themes in use, searches again and
// looks at the reviews due; it runs again when a decision changes, here
// or merged from another laptop.
func (v *registerView) load() []<-chan struct{} {
	ch := v.u.r.WatchDecisions(uuid.Nil)
	cs, cch := v.u.r.Committees()
	v.names = map[uuid.UUID]string{}
	for _, c := range cs {
		v.names[c.ID] = c.Name
	}
	v.loadBodies(cs)
	v.loadThemes()
	v.runSearch()
	v.loadReviews()
	return []<-chan struct{}{ch, cch}
}

// loadBodies fills the body filter, keeping the choice made.
func (v *registerView) loadBodies(cs []konbit.Committee) {
	prev := v.body.Selected
	collective := uuid.Nil
	v.bodies = []bodyChoice{
		{label: lang.L("register.body.any")},
		{label: lang.L("meetings.body.collective"), body: &collective},
	}
	for _, c := range cs {
		id := c.ID
		v.bodies = append(v.bodies, bodyChoice{label: c.Name, body: &id})
	}
	v.bodies = append(v.bodies, bodyChoice{label: lang.L("register.body.unknown"), unknown: true})
	opts := make([]string, len(v.bodies))
	for i, b := range v.bodies {
		opts[i] = b.label
	}
	v.body.Options = opts
	if i := slices.Index(opts, prev); i >= 0 {
		v.body.SetSelectedIndex(i)
	} else {
		v.body.SetSelectedIndex(0)
	}
	v.body.Refresh()
}

// loadThemes fills the theme filter with the tags in use, sorted without
// case or accents; two spellings of one tag are offered once.
func (v *registerView) loadThemes() {
	all, err := v.u.r.SearchDecisions(v.ctx, replica.DecisionQuery{})
	if err != nil {
		v.u.showError(lang.L("register.error.search"), err)
		return
	}
	seen := map[string]bool{}
	v.themes = v.themes[:0:0]
	for _, h := range all {
		for _, t := range h.Decision.Tags {
			if k := meetings.FoldTag(t); k != "" && !seen[k] {
				seen[k] = true
				v.themes = append(v.themes, t)
			}
		}
	}
	slices.SortFunc(v.themes, func(a, b string) int { return strings.Compare(konbit.Fold(a), konbit.Fold(b)) })
	prev := v.theme.Selected
	v.theme.Options = append([]string{lang.L("register.theme.any")}, v.themes...)
	if i := slices.Index(v.theme.Options, prev); i > 0 {
		v.theme.SetSelectedIndex(i)
	} else {
		v.theme.SetSelectedIndex(0)
	}
	v.theme.Refresh()
}

// query is the search the widgets describe.
func (v *registerView) query() replica.DecisionQuery {
	q := replica.DecisionQuery{Text: v.search.Text, From: dateOf(v.from), To: dateOf(v.to),
		ByDate: v.sortBy.SelectedIndex() == 1, Limit: registerLimit}
	if i := v.theme.SelectedIndex(); i > 0 && i-1 < len(v.themes) {
		q.Theme = v.themes[i-1]
	}
	if i := v.status.SelectedIndex(); i > 0 && i-1 < len(decisionStatuses) {
		q.Status = string(decisionStatuses[i-1])
	}
	if i := v.body.SelectedIndex(); i > 0 && i < len(v.bodies) {
		q.Body, q.Unknown = v.bodies[i].body, v.bodies[i].unknown
	}
	return q
}

// runSearch lists the decisions the widgets select. A register search
// takes a few milliseconds, so it runs as the user types.
func (v *registerView) runSearch() {
	if v.list == nil || v.total == nil || v.body.Options == nil {
		return // still being built
	}
	q := v.query()
	hits, err := v.u.r.SearchDecisions(v.ctx, q)
	if err != nil {
		v.hits = nil
		v.total.SetText(errorText(err))
		v.list.Refresh()
		return
	}
	v.hits = hits
	v.sizeRows()
	n := len(hits)
	switch {
	case n >= registerLimit:
		v.total.SetText(lang.L("register.total.limit", count(n)))
	default:
		v.total.SetText(plural(v.u.language, n, lang.L("register.total.one", count(n)), lang.L("register.total.other", count(n))))
	}
	v.list.Refresh()
	// A new search starts at the top; the same one run again because a
	// decision changed keeps the place the user scrolled to.
	if k := queryKey(q); k != v.shownQuery {
		v.shownQuery = k
		v.list.ScrollToTop()
	}
}

// queryKey tells two searches apart by what they select (the body by its
// id: the menu's choices are rebuilt with the committees).
func queryKey(q replica.DecisionQuery) string {
	body := "any"
	if q.Body != nil {
		body = q.Body.String()
	}
	return fmt.Sprintf("%q|%s|%s|%s|%v|%s|%s|%v", q.Text, q.Status, q.Theme, body, q.Unknown, q.From, q.To, q.ByDate)
}

// bodyLabel names the body that took a decision.
func (v *registerView) bodyLabel(d *meetings.Decision) string {
	return bodyName(v.names, d)
}

// bodyName names the body of a decision from the committees' names.
func bodyName(names map[uuid.UUID]string, d *meetings.Decision) string {
	switch {
	case d.BodyUnknown():
		return lang.L("register.body.unknown")
	case d.Body == uuid.Nil:
		return lang.L("meetings.body.collective")
	}
	if n, ok := names[d.Body]; ok {
		return n
	}
	return lang.L("meetings.body.unknown")
}

// loadReviews shows the active decisions whose review comes due within
// reviewWithinDays (overdue ones first), each with a button that puts it
// on the agenda of the next meeting of its body.
func (v *registerView) loadReviews() {
	today := v.u.now().Format(meetings.DateLayout)
	due, err := v.u.r.ReviewsDue(v.ctx, today, reviewWithinDays)
	if err != nil {
		v.u.showError(lang.L("register.error.search"), err)
		return
	}
	v.due = due
	v.reviews.Objects = nil
	if len(due) > 0 {
		rows := container.NewVBox()
		var rowH float32
		for _, d := range due {
			id := d.ID
			text := lang.L("register.review.line", map[string]any{"Date": d.ReviewDate, "Title": d.Title})
			label := cell(text, false)
			offer := widget.NewButtonWithIcon(lang.L("register.review.offer"), theme.ContentAddIcon(), func() { v.offer(id) })
			var right fyne.CanvasObject = offer
			if o, ok := v.offered[id]; ok {
				done := cell(o, false)
				done.Importance = widget.HighImportance
				right = container.NewHBox(done, offer)
			}
			r := container.NewBorder(nil, nil, nil, right, label)
			rowH = max(rowH, r.MinSize().Height)
			rows.Add(r)
		}
		title := cell(plural(v.u.language, len(due), lang.L("register.review.title.one", count(len(due))),
			lang.L("register.review.title.other", count(len(due)))), true)
		scroll := container.NewVScroll(rows)
		scroll.SetMinSize(fyne.NewSize(0, float32(min(len(due), 2))*(rowH+theme.Padding())))
		v.reviews.Objects = []fyne.CanvasObject{banner(theme.ColorNameWarning, theme.HistoryIcon(), container.NewVBox(title, scroll))}
	}
	v.reviews.Refresh()
}

// offer puts a decision's review on the agenda of the next planned
// meeting of its body, and says which meeting, or that there is none.
func (v *registerView) offer(id uuid.UUID) {
	today := v.u.now().Format(meetings.DateLayout)
	var outcome string
	v.u.write(func(ctx context.Context) error {
		m, _, err := v.u.r.OfferReview(ctx, id, today)
		switch {
		case errors.Is(err, replica.ErrNotFound):
			outcome = lang.L("register.review.no_meeting")
			return nil
		case err != nil:
			return err
		}
		outcome = lang.L("register.review.offered", map[string]any{"Title": m.Title, "Date": m.Date})
		return nil
	}, func() {
		v.offered[id] = outcome
		v.loadReviews()
	})
}

// openDetail shows a decision in place of the list.
func (v *registerView) openDetail(id uuid.UUID) {
	v.closeDetail()
	v.detail = newDecisionDetail(v.u, v.ctx, id, v.closeDetail)
	v.root.Objects = []fyne.CanvasObject{v.detail.root}
	v.root.Refresh()
}

// closeDetail goes back to the list.
func (v *registerView) closeDetail() {
	if v.detail == nil {
		return
	}
	v.detail.close()
	v.detail = nil
	v.root.Objects = []fyne.CanvasObject{v.main}
	v.root.Refresh()
}

package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/render"
	"github.com/konbit/konbit/replica"
)

// hrPane is the HR committee's side of one campaign on the Evaluations
// screen: its setup (the campaign and its grids), its groups, the
// completeness of the answers (no key needed) and, once unlocked with an
// HR member's passphrase, the reports.
//
// The pane keeps its own copy of what it shows of the campaign, read again
// whenever the campaign, its grids, its groups, the members or the
// committees change, here or merged from another laptop.
type hrPane struct {
	u  *UI
	id uuid.UUID
	c  evaluation.Campaign

	grids      []evaluation.Grid
	stored     []evaluation.Session // the groups as stored
	members    []konbit.Member      // by name
	names      map[uuid.UUID]string
	committees []konbit.Committee

	setup    *hrSetupView
	groups   *hrGroupsView
	progress *hrProgressView
	reports  *hrReportsView
	tabs     *container.AppTabs
	root     *hrLive
}

// evalHRPane is the HR tab of the Evaluations screen for campaign c:
// sub-tabs Setup, Groups, Progress and Reports. The reports need the
// campaign's answers, sealed to the HR members' keys: they are read only
// after the HR member types their passphrase, and kept in this pane's
// memory only (see hrLive for when they are dropped).
func (u *UI) evalHRPane(c evaluation.Campaign) fyne.CanvasObject {
	return newHRPane(u, c).root
}

// newHRPane builds the pane of evalHRPane.
func newHRPane(u *UI, c evaluation.Campaign) *hrPane {
	p := &hrPane{u: u, id: c.ID, c: c, names: map[uuid.UUID]string{}}
	p.setup = newHRSetupView(p)
	p.groups = newHRGroupsView(p)
	p.progress = newHRProgressView(p)
	p.reports = newHRReportsView(p)
	p.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("evalhr.tab.setup"), p.setup.root),
		container.NewTabItem(lang.L("evalhr.tab.groups"), p.groups.root),
		container.NewTabItem(lang.L("evalhr.tab.progress"), p.progress.root),
		container.NewTabItem(lang.L("evalhr.tab.reports"), p.reports.root),
	)
	// The pane opens on what the campaign needs next: its groups until
	// they are formed, then the progress of the answers.
	p.load()
	if len(p.stored) > 0 {
		p.tabs.SelectIndex(2)
	} else {
		p.tabs.SelectIndex(1)
	}
	p.root = newHRLive(u, p.tabs, func(ctx context.Context) {
		u.watch(ctx, p.load)
		u.watch(ctx, p.progress.load)
	}, p.reports.lock)
	return p
}

// load reads the campaign and what its views need, and refreshes them.
func (p *hrPane) load() []<-chan struct{} {
	r := p.u.r
	cs, cch := r.Campaigns()
	for _, c := range cs {
		if c.ID == p.id {
			p.c = c
		}
	}
	grids, gch, _ := r.CampaignGrids(p.id)
	p.grids = grids
	stored, sch, _ := r.Groups(p.id)
	p.stored = stored
	ms, mch := r.Members()
	p.members = slices.Clone(ms)
	slices.SortStableFunc(p.members, func(a, b konbit.Member) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	p.names = make(map[uuid.UUID]string, len(ms))
	for _, m := range ms {
		p.names[m.ID] = m.Name
	}
	coms, kch := r.Committees()
	p.committees = coms
	p.setup.load()
	p.groups.load()
	p.reports.campaignChanged()
	return []<-chan struct{}{cch, gch, sch, mch, kch}
}

// name is a member's name, or a short id for someone this laptop does not
// know (yet): a bundle may bring answers before the member records.
func (p *hrPane) name(id uuid.UUID) string {
	if n, ok := p.names[id]; ok {
		return n
	}
	return id.String()[:8]
}

// member returns a member by id.
func (p *hrPane) member(id uuid.UUID) (konbit.Member, bool) {
	for _, m := range p.members {
		if m.ID == id {
			return m, true
		}
	}
	return konbit.Member{}, false
}

// grid returns the grid of a session.
func (p *hrPane) grid(session string) (evaluation.Grid, bool) {
	for _, g := range p.grids {
		if g.Session == session {
			return g, true
		}
	}
	return evaluation.Grid{}, false
}

// criterionName is a criterion's name in the language shown.
func (p *hrPane) criterionName(session, key string) string {
	if key == evaluation.OverallKey {
		return lang.L("evalhr.overall")
	}
	if g, ok := p.grid(session); ok {
		if cr, ok := g.Criterion(key); ok {
			if n := cr.Name.In(p.u.language); n != "" {
				return n
			}
		}
	}
	return key
}

// hrSessionLabel names a session: the 2011 ones in the language shown,
// others as HR typed them.
func hrSessionLabel(key string) string {
	switch key {
	case evaluation.SessionWork:
		return lang.L("evalhr.session.work")
	case evaluation.SessionInvolvement:
		return lang.L("evalhr.session.involvement")
	}
	return key
}

// hrNumber writes a mean or a gap with one decimal, with the language's
// decimal mark; signed puts a + before a positive number (a gap).
func hrNumber(language string, f float64, signed bool) string {
	format := "%.1f"
	if signed {
		format = "%+.1f"
	}
	s := fmt.Sprintf(format, f)
	if s == "-0.0" || s == "+0.0" {
		s = "0.0"
	}
	if language == langFR {
		s = strings.Replace(s, ".", ",", 1)
		s = strings.Replace(s, "-", "−", 1)
	}
	return s
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

// hrErrorText says why reading a campaign's answers (or saving a campaign)
// failed, in the words HR knows.
func hrErrorText(err error) string {
	switch {
	case errors.Is(err, seal.ErrWrongPassphrase):
		return lang.L("evalhr.error.passphrase")
	case errors.Is(err, replica.ErrNoHRKey):
		return lang.L("evalhr.error.no_key")
	case errors.Is(err, replica.ErrNotGranted):
		return lang.L("evalhr.error.not_granted")
	case errors.Is(err, replica.ErrTooFewHRKeys):
		return lang.L("evalhr.error.too_few_keys")
	case errors.Is(err, evaluation.ErrTooFewHR):
		return lang.L("evalhr.error.too_few_hr")
	case errors.Is(err, evaluation.ErrKeepApart):
		return lang.L("evalhr.error.keep_apart") + "\n" + err.Error()
	case errors.Is(err, evaluation.ErrTooFew):
		return lang.L("evalhr.error.too_few_people")
	}
	return errorText(err)
}

// hrLive is the root of an HR pane. evalHRPane has no context: the
// Evaluations screen may build a pane each time a campaign is chosen, and
// watchers started with the screen's context would go on reloading panes
// no longer shown. Fyne creates a widget's renderer when it is first drawn
// and destroys it about a minute after it was last drawn (a pane replaced,
// or a screen left); so the watchers start with the renderer and stop with
// it, and so do the unlocked answers (onStop): a campaign's answers left
// unlocked on a screen nobody looks at are dropped from memory.
type hrLive struct {
	widget.BaseWidget
	u       *UI
	content fyne.CanvasObject
	start   func(ctx context.Context)
	onStop  func()
	cancel  context.CancelFunc
}

func newHRLive(u *UI, content fyne.CanvasObject, start func(ctx context.Context), onStop func()) *hrLive {
	l := &hrLive{u: u, content: content, start: start, onStop: onStop}
	l.ExtendBaseWidget(l)
	return l
}

func (l *hrLive) CreateRenderer() fyne.WidgetRenderer {
	if l.cancel == nil {
		var ctx context.Context
		ctx, l.cancel = context.WithCancel(l.u.ctx)
		l.start(ctx)
	}
	return &hrLiveRenderer{WidgetRenderer: widget.NewSimpleRenderer(l.content), l: l}
}

type hrLiveRenderer struct {
	fyne.WidgetRenderer
	l *hrLive
}

func (r *hrLiveRenderer) Destroy() {
	if r.l.cancel != nil {
		r.l.cancel()
		r.l.cancel = nil
	}
	if r.l.onStop != nil {
		r.l.onStop()
	}
	r.WidgetRenderer.Destroy()
}

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
			v.body.Add(subheading(hrSessionLabel(session)))
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

// hrProgressColumns: group, members, progress bar.
var hrProgressColumns = &columns{
	weights: []float32{1, 4, 2.4},
	minEm:   []float32{4, 8, 6},
	drop:    []int{1},
}

// hrReportsView is the HR committee's reading of a campaign: locked until an
// HR member types their passphrase, then the campaign overview and rater
// flags, each person's report, the exports, the groups' reveal codes and
// the release of the reports. The passphrase and the answers it opened
// stay in this view's memory only, until Lock (or the pane goes away).
type hrReportsView struct {
	p *hrPane

	pass        []byte
	answers     []evaluation.Answer
	reflections []evaluation.Reflection
	warning     string // what did not open, shown above the reports
	unlocking   bool

	// The locked face.
	locked    fyne.CanvasObject
	status    *widget.Label // why the last unlock failed
	unlockBtn *widget.Button
	spinner   *widget.ProgressBarInfinite

	// The unlocked face.
	open       fyne.CanvasObject
	warn       *widget.Label
	list       *widget.List
	entries    []uuid.UUID // uuid.Nil first: the campaign overview
	detail     *fyne.Container
	current    uuid.UUID
	report     evaluation.Report // the person's report shown, for the tests
	releaseBtn *widget.Button
	answersBtn *widget.Button // only for an open campaign
	// flagged are the people with a large self-peer gap, marked in the
	// list: the reports that most need the collective reflection.
	flagged map[uuid.UUID]bool

	// save asks where to save an export and writes it (saveFile; tests
	// replace it).
	save func(name string, write func(io.Writer) error)

	root *fyne.Container
}

func newHRReportsView(p *hrPane) *hrReportsView {
	v := &hrReportsView{p: p}
	v.save = v.saveFile
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.status.Importance = widget.DangerImportance
	v.status.Hide()
	v.unlockBtn = widget.NewButtonWithIcon(lang.L("evalhr.unlock"), theme.VisibilityIcon(), v.askPassphrase)
	v.unlockBtn.Importance = widget.HighImportance
	v.spinner = widget.NewProgressBarInfinite()
	v.spinner.Hide()
	v.locked = centered(30*theme.TextSize(), container.NewVBox(
		subheading(lang.L("evalhr.locked.title")),
		paragraph(lang.L("evalhr.locked.text")),
		container.NewHBox(v.unlockBtn), v.spinner, v.status))

	lock := widget.NewButtonWithIcon(lang.L("evalhr.lock"), theme.VisibilityOffIcon(), v.lock)
	again := widget.NewButtonWithIcon(lang.L("evalhr.read_again"), theme.ViewRefreshIcon(), func() { v.unlock(slices.Clone(v.pass)) })
	csv := widget.NewButtonWithIcon(lang.L("evalhr.export.csv"), theme.DownloadIcon(), v.exportCSV)
	v.answersBtn = widget.NewButtonWithIcon(lang.L("evalhr.export.answers"), theme.DownloadIcon(), v.exportAnswers)
	v.answersBtn.Hide()
	codes := widget.NewButtonWithIcon(lang.L("evalhr.codes"), theme.MailSendIcon(), v.showRevealCodes)
	v.releaseBtn = widget.NewButtonWithIcon(lang.L("evalhr.release"), theme.ConfirmIcon(), v.release)
	v.releaseBtn.Importance = widget.HighImportance
	v.warn = widget.NewLabel("")
	v.warn.Wrapping = fyne.TextWrapWord
	v.warn.Importance = widget.WarningImportance
	v.warn.Hide()
	bar := container.NewVBox(container.NewHBox(lock, again, csv, v.answersBtn, codes, v.releaseBtn), v.warn)

	v.list = widget.NewList(func() int { return len(v.entries) },
		func() fyne.CanvasObject { return cell("", false) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if i >= len(v.entries) {
				return
			}
			if v.entries[i] == uuid.Nil {
				l.SetText(lang.L("evalhr.overview"))
				l.TextStyle.Bold = true
				l.Refresh()
				return
			}
			l.TextStyle.Bold = false
			name := v.p.name(v.entries[i])
			if v.flagged[v.entries[i]] {
				name += " ⚠"
			}
			l.SetText(name)
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.entries) {
			v.show(v.entries[i])
		}
	}
	v.detail = container.NewVBox()
	split := container.NewHSplit(v.list, container.NewVScroll(container.NewPadded(v.detail)))
	split.Offset = 0.22
	v.open = container.NewBorder(bar, nil, nil, nil, split)
	v.open.Hide()
	v.root = container.NewStack(v.locked, v.open)
	return v
}

// askPassphrase asks for the HR member's passphrase. Enter unlocks.
func (v *hrReportsView) askPassphrase() {
	if v.unlocking {
		return
	}
	e := widget.NewPasswordEntry()
	e.SetPlaceHolder(lang.L("evalhr.unlock.placeholder"))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(lang.L("evalhr.unlock.title"), lang.L("evalhr.unlock"), lang.L("action.cancel"),
		container.NewVBox(message(lang.L("evalhr.unlock.text")), e), func(ok bool) {
			pass := []byte(e.Text)
			e.SetText("")
			if ok {
				v.unlock(pass)
			}
		}, v.p.u.win)
	e.OnSubmitted = func(string) { d.Confirm() }
	d.Show()
	v.p.u.win.Canvas().Focus(e)
}

// unlock opens the campaign's answers and reflections with pass, off the
// Fyne thread (the key's Argon2id takes a second or so, on purpose).
func (v *hrReportsView) unlock(pass []byte) {
	if v.unlocking || len(pass) == 0 {
		return
	}
	v.unlocking = true
	v.unlockBtn.Disable()
	v.spinner.Show()
	v.status.Hide()
	u, id := v.p.u, v.p.id
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		// One unlock (Argon2id) opens both the answers and the reflections.
		content, err := u.r.ReadCampaign(u.ctx, id, pass)
		answers, refl := content.Answers, content.Reflections
		warning := ""
		if errors.Is(err, seal.ErrCannotOpen) {
			// Some answers or reflections were refused (tampered, or moved
			// to another person): the others are read, and HR is told.
			warning, err = lang.L("evalhr.warning.refused", map[string]any{"Error": err.Error()}), nil
		}
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			v.unlocking = false
			v.unlockBtn.Enable()
			v.spinner.Hide()
			if v.p.root != nil && v.p.root.cancel == nil {
				// The pane went away meanwhile: what was read is dropped.
				clear(pass)
				return
			}
			if err != nil {
				v.lock()
				v.status.SetText(lang.L("evalhr.unlock.failed", map[string]any{"Error": hrErrorText(err)}))
				v.status.Show()
				return
			}
			v.pass, v.answers, v.reflections, v.warning = pass, answers, refl, warning
			v.showOpen()
		})
	}()
}

// lock forgets the passphrase and everything it opened.
func (v *hrReportsView) lock() {
	clear(v.pass)
	v.pass, v.answers, v.reflections, v.warning, v.flagged = nil, nil, nil, "", nil
	v.report = evaluation.Report{}
	v.detail.Objects = nil
	v.detail.Refresh()
	v.open.Hide()
	v.locked.Show()
	v.root.Refresh()
}

// unlockedNow reports whether the answers are open.
func (v *hrReportsView) unlockedNow() bool { return v.pass != nil }

// showOpen shows the unlocked face: the list of people and the overview.
func (v *hrReportsView) showOpen() {
	v.locked.Hide()
	v.open.Show()
	v.warn.SetText(v.warning)
	v.warn.Hidden = v.warning == ""
	v.flagged = map[uuid.UUID]bool{}
	for _, f := range evaluation.RaterFlags(&v.p.c, v.p.grids, v.answers, evaluation.FlagOptions{}) {
		if f.Kind == evaluation.FlagLargeGap {
			v.flagged[f.Person] = true
		}
	}
	v.campaignChanged()
	v.root.Refresh()
	idx := slices.Index(v.entries, v.current)
	if idx < 0 {
		idx, v.current = 0, uuid.Nil
	}
	v.list.Select(idx)
	v.show(v.current)
}

// campaignChanged refreshes the list of people and the buttons after the
// campaign (or its members) changed.
func (v *hrReportsView) campaignChanged() {
	if v.releaseBtn == nil {
		return
	}
	v.answersBtn.Hidden = !v.p.c.Visibility.Open
	v.answersBtn.Refresh()
	if v.p.c.Visibility.Released {
		v.releaseBtn.SetText(lang.L("evalhr.release.codes"))
	} else {
		v.releaseBtn.SetText(lang.L("evalhr.release"))
	}
	people := slices.Clone(v.p.c.Participants)
	slices.SortStableFunc(people, func(a, b uuid.UUID) int {
		return strings.Compare(strings.ToLower(v.p.name(a)), strings.ToLower(v.p.name(b)))
	})
	v.entries = append([]uuid.UUID{uuid.Nil}, people...)
	v.list.Refresh()
	if v.unlockedNow() {
		v.show(v.current)
	}
}

// show shows the overview (uuid.Nil) or a person's report.
func (v *hrReportsView) show(person uuid.UUID) {
	v.current = person
	if !v.unlockedNow() {
		return
	}
	if person == uuid.Nil {
		v.detail.Objects = v.overview()
	} else {
		v.detail.Objects = v.personReport(person)
	}
	v.detail.Refresh()
}

// hrOverviewColumns: session, criterion, peers' mean, self mean, people,
// below k.
var hrOverviewColumns = &columns{
	weights: []float32{1.5, 2.4, 1.5, 1, 1.3, 1.1},
	minEm:   []float32{5, 6, 4, 3, 4, 3},
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
		objs = append(objs, row(hrOverviewColumns, cell(hrSessionLabel(o.Session), false), cell(v.p.criterionName(o.Session, o.Criterion), false),
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
			"Ratings": f.Ratings, "Session": hrSessionLabel(f.Session)})
	case evaluation.FlagLargeGap:
		data := map[string]any{"Person": v.p.name(f.Person), "Criterion": v.p.criterionName(f.Session, f.Criterion),
			"Session": hrSessionLabel(f.Session), "Gap": hrNumber(l, f.Gap, true)}
		if f.BelowK {
			return lang.L("evalhr.flag.gap_below_k", data)
		}
		return lang.L("evalhr.flag.gap", data)
	}
	return string(f.Kind)
}

// hrReportColumns: criterion, self, peers' mean, spread, raters, gap.
var hrReportColumns = &columns{
	weights: []float32{2.6, 1, 1.2, 1.8, 1.8, 1},
	minEm:   []float32{6, 3, 3, 4, 4, 3},
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
		objs = append(objs, subheading(hrSessionLabel(s)))
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
	v.save(hrFileName(c.Name)+".csv", func(w io.Writer) error { return render.EvaluationAggregatesCSV(w, v.p.name, reports) })
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

// showRevealCodes reads the groups' reveal codes (they need the campaign's
// key) and shows them, one per group and session, for HR to hand to each
// group: the group types its code to reveal its answers together.
func (v *hrReportsView) showRevealCodes() {
	if !v.unlockedNow() {
		return
	}
	u, id, pass := v.p.u, v.p.id, slices.Clone(v.pass)
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		codes, err := u.r.RevealCodes(u.ctx, id, pass)
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			if err != nil {
				u.showError(lang.L("evalhr.codes.failed"), errors.New(hrErrorText(err)))
				return
			}
			var rows []fyne.CanvasObject
			session := ""
			for _, gc := range codes {
				if gc.Session != session {
					session = gc.Session
					rows = append(rows, subheading(hrSessionLabel(session)))
				}
				names := make([]string, 0, len(gc.Members))
				for _, m := range gc.Members {
					names = append(names, v.p.name(m))
				}
				rows = append(rows, v.codeRow(lang.L("evalhr.group", map[string]any{"N": gc.Group + 1})+" — "+strings.Join(names, ", "), gc.Code))
			}
			v.codesDialog(lang.L("evalhr.codes.title"), lang.L("evalhr.codes.text"), rows)
		})
	}()
}

// codeRow is a label and a code that can be selected and copied.
func (v *hrReportsView) codeRow(label, code string) fyne.CanvasObject {
	c := widget.NewLabel(code)
	c.Selectable = true
	c.TextStyle.Monospace = true
	return container.NewBorder(nil, nil, nil, c, paragraph(label))
}

// codesDialog shows codes in a dialog nearly as large as the window.
func (v *hrReportsView) codesDialog(title, text string, rows []fyne.CanvasObject) {
	content := container.NewBorder(paragraph(text), nil, nil, nil, container.NewVScroll(container.NewVBox(rows...)))
	d := dialog.NewCustom(title, lang.L("action.close"), content, v.p.u.win)
	d.Resize(v.p.u.win.Canvas().Size().Subtract(fyne.NewSize(120, 80)))
	d.Show()
}

// release publishes each person's report sealed to a code of their own,
// after a confirmation, and shows the codes to hand out; once released,
// the button shows the codes again.
func (v *hrReportsView) release() {
	if !v.unlockedNow() {
		return
	}
	if v.p.c.Visibility.Released {
		v.releaseWith(func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error) {
			return v.p.u.r.ReleaseCodes(ctx, v.p.id, pass)
		})
		return
	}
	v.p.u.confirm(lang.L("evalhr.release.confirm_title"), lang.L("evalhr.release.confirm_text", map[string]any{
		"Count": len(v.p.c.Participants)}), lang.L("evalhr.release"), func() {
		v.releaseWith(func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error) {
			return v.p.u.r.ReleaseCampaign(ctx, v.p.id, pass)
		})
	})
}

// releaseWith runs a release call off the Fyne thread and shows its codes.
func (v *hrReportsView) releaseWith(call func(ctx context.Context, pass []byte) ([]replica.ReleaseCode, error)) {
	u, pass := v.p.u, slices.Clone(v.pass)
	v.releaseBtn.Disable()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		codes, err := call(context.WithoutCancel(u.ctx), pass)
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			v.releaseBtn.Enable()
			if err != nil {
				u.showError(lang.L("evalhr.release.failed"), errors.New(hrErrorText(err)))
				return
			}
			slices.SortStableFunc(codes, func(a, b replica.ReleaseCode) int {
				return strings.Compare(strings.ToLower(v.p.name(a.Person)), strings.ToLower(v.p.name(b.Person)))
			})
			rows := make([]fyne.CanvasObject, 0, len(codes))
			for _, rc := range codes {
				rows = append(rows, v.codeRow(v.p.name(rc.Person), rc.Code))
			}
			v.codesDialog(lang.L("evalhr.release.codes_title"), lang.L("evalhr.release.codes_text"), rows)
		})
	}()
}

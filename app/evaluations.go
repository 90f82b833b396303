package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
)

// Tabs of the Evaluations screen, in order.
const (
	evalTabFill = iota
	evalTabReveal
	evalTabMine
	evalTabHR
)

// draftDelay is how long typing must pause before a draft (grid or
// reflection) is saved: often enough that a crash loses a few seconds of
// work, seldom enough not to write at every key.
const draftDelay = time.Second

// evalScreen is the Evaluations screen: a campaign picked at the top, then
// one tab per moment of the 2011 procedure as the participants live it
// (filling their grids, revealing them together and writing the collective
// reflection, reading their own report once HR released it) and the HR
// committee's own tab.
type evalScreen struct {
	u   *UI
	ctx context.Context

	campaigns  []evaluation.Campaign
	campaign   evaluation.Campaign // the one picked; ID is uuid.Nil when none
	names      map[uuid.UUID]string
	committees []konbit.Committee
	// want is a campaign to pick once listed (one just created).
	want uuid.UUID
	// campaignCtx lives while the same campaign is picked: the panes'
	// watchers of that campaign's data stop with it.
	campaignCtx    context.Context
	campaignCancel context.CancelFunc

	picker *widget.Select
	tabs   *container.AppTabs
	hr     *fyne.Container
	fill   *evalFill
	reveal *evalReveal
	mine   *evalMyReport
	main   fyne.CanvasObject
	empty  fyne.CanvasObject
	root   *fyne.Container
}

func newEvalScreen(u *UI, ctx context.Context) *evalScreen {
	s := &evalScreen{u: u, ctx: ctx, names: map[uuid.UUID]string{}}
	s.picker = widget.NewSelect(nil, func(string) { s.picked() })
	s.picker.PlaceHolder = lang.L("eval.campaign.pick")
	newCampaign := widget.NewButtonWithIcon(lang.L("eval.campaign.new"), theme.ContentAddIcon(), s.newCampaign)
	hrKey := widget.NewButtonWithIcon(lang.L("evalkey.button"), theme.LoginIcon(), s.showHRKey)
	top := container.NewBorder(nil, nil, widget.NewLabel(lang.L("eval.campaign")), container.NewHBox(hrKey, newCampaign),
		s.picker)

	s.fill = newEvalFill(s)
	s.reveal = newEvalReveal(s)
	s.mine = newEvalMyReport(s)
	s.hr = container.NewStack()
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("eval.tab.fill"), theme.DocumentCreateIcon(), s.fill.content()),
		container.NewTabItemWithIcon(lang.L("eval.tab.reveal"), theme.VisibilityIcon(), s.reveal.content()),
		container.NewTabItemWithIcon(lang.L("eval.tab.mine"), theme.AccountIcon(), s.mine.content()),
		container.NewTabItemWithIcon(lang.L("eval.tab.hr"), theme.GridIcon(), s.hr),
	)
	// A report left open is closed when its reader moves on to another
	// tab: on a laptop passed around, the next person does not find it.
	s.tabs.OnSelected = func(*container.TabItem) {
		if s.tabs.SelectedIndex() != evalTabMine {
			s.mine.hide()
		}
	}
	s.main = container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, s.tabs)

	title := heading(lang.L("eval.empty.title"))
	title.Alignment = fyne.TextAlignCenter
	what := paragraph(lang.L("soon.evaluations"))
	what.Alignment = fyne.TextAlignCenter
	text := paragraph(lang.L("eval.empty.text"))
	text.Alignment = fyne.TextAlignCenter
	create := widget.NewButtonWithIcon(lang.L("eval.campaign.new"), theme.ContentAddIcon(), s.newCampaign)
	create.Importance = widget.HighImportance
	// A campaign needs two HR members with keys: the empty screen offers
	// to make this laptop's first.
	emptyKey := widget.NewButtonWithIcon(lang.L("evalkey.button"), theme.LoginIcon(), s.showHRKey)
	s.empty = centered(34*theme.TextSize(), container.NewVBox(title, what, text, container.NewCenter(container.NewHBox(emptyKey, create))))
	s.root = container.NewStack()

	// Ctrl+S submits the grids or saves the reflection; Ctrl+Page Down and
	// Ctrl+Page Up go to the next or previous person, and Ctrl+R switches
	// between a person's results and the reflection, so that the
	// facilitator drives the reveal from the keyboard (Fyne's tabs take no
	// focus). Entries of the screen pass these on (evalEntry), the canvas
	// catches them elsewhere.
	for _, k := range evalKeys {
		sc := &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		u.win.Canvas().AddShortcut(sc, func(fyne.Shortcut) {
			if u.current == screenEvaluations && ctx.Err() == nil {
				s.shortcut(sc)
			}
		})
	}
	u.watch(ctx, s.load)
	return s
}

func (s *evalScreen) content() fyne.CanvasObject { return newEvalRoot(s) }

// evalRoot holds the screen in the window: the UI keeps no field for this
// screen, so the widget tree is how tests (and nothing else) reach it.
type evalRoot struct {
	widget.BaseWidget
	s *evalScreen
}

func newEvalRoot(s *evalScreen) *evalRoot {
	r := &evalRoot{s: s}
	r.ExtendBaseWidget(r)
	return r
}

func (r *evalRoot) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.s.root) }

// load reads the campaigns, members and committees, keeping the campaign
// picked.
func (s *evalScreen) load() []<-chan struct{} {
	cs, ch1 := s.u.r.Campaigns()
	ms, ch2 := s.u.r.Members()
	coms, ch3 := s.u.r.Committees()
	s.campaigns, s.committees = cs, coms
	s.names = map[uuid.UUID]string{}
	for _, m := range ms {
		s.names[m.ID] = m.Name
	}
	opts := make([]string, len(cs))
	for i, c := range cs {
		// The dates tell apart campaigns named alike (each year's).
		opts[i] = lang.L("eval.campaign.option", map[string]any{"Name": c.Name, "Start": c.Start, "End": c.End})
	}
	s.picker.Options = opts
	pick := s.campaign.ID
	if s.want != uuid.Nil {
		pick = s.want
	}
	i := slices.IndexFunc(cs, func(c evaluation.Campaign) bool { return c.ID == pick })
	if i >= 0 && pick == s.want {
		s.want = uuid.Nil
	}
	if i < 0 && len(cs) > 0 {
		i = 0
	}
	if i >= 0 {
		s.picker.Selected = opts[i]
		s.setCampaign(cs[i])
	} else {
		s.picker.Selected = ""
		s.setCampaign(evaluation.Campaign{})
	}
	s.picker.Refresh()
	want := s.main
	if len(cs) == 0 {
		want = s.empty
	}
	if len(s.root.Objects) != 1 || s.root.Objects[0] != want {
		s.root.Objects = []fyne.CanvasObject{want}
		s.root.Refresh()
	}
	return []<-chan struct{}{ch1, ch2, ch3}
}

// picked follows the campaign chosen in the picker.
func (s *evalScreen) picked() {
	i := s.picker.SelectedIndex()
	if i < 0 || i >= len(s.campaigns) {
		return
	}
	s.setCampaign(s.campaigns[i])
}

// setCampaign shows campaign c in every tab. The same campaign changed
// (HR released the reports, say) keeps what the panes hold: a grid being
// filled is not lost to someone else's edit.
func (s *evalScreen) setCampaign(c evaluation.Campaign) {
	same := c.ID == s.campaign.ID && s.campaignCtx != nil
	s.campaign = c
	if !same {
		if s.campaignCancel != nil {
			s.campaignCancel()
		}
		s.campaignCtx, s.campaignCancel = context.WithCancel(s.ctx)
		s.hr.Objects = nil
		if c.ID != uuid.Nil {
			s.hr.Objects = []fyne.CanvasObject{s.hrPane(c)}
		}
		s.hr.Refresh()
	}
	s.fill.setCampaign(c, same)
	s.reveal.setCampaign(c, same)
	s.mine.setCampaign(c, same)
}

// selectCampaign picks campaign id once it is listed (a campaign just
// created).
func (s *evalScreen) selectCampaign(id uuid.UUID) {
	s.want = id
	s.load()
}

// hrPane is the HR committee's pane of campaign c (eval_hr.go). It is
// built again only when another campaign is picked: it follows its own
// campaign's changes.
func (s *evalScreen) hrPane(c evaluation.Campaign) fyne.CanvasObject { return s.u.evalHRPane(c) }

// newCampaign opens the HR committee's form of a new campaign and picks
// the campaign once created.
func (s *evalScreen) newCampaign() {
	s.u.showNewCampaign(func(c evaluation.Campaign) { s.selectCampaign(c.ID) })
}

// evalKeys are the keys the screen binds with Ctrl.
var evalKeys = [...]fyne.KeyName{fyne.KeyS, fyne.KeyPageDown, fyne.KeyPageUp, fyne.KeyR}

// shortcut handles the screen's keys, from the canvas or an entry.
func (s *evalScreen) shortcut(sc *desktop.CustomShortcut) {
	step := 0
	switch sc.KeyName {
	case fyne.KeyPageDown:
		step = 1
	case fyne.KeyPageUp:
		step = -1
	case fyne.KeyR:
		if s.tabs.SelectedIndex() == evalTabReveal {
			s.reveal.switchTab()
		}
		return
	}
	switch s.tabs.SelectedIndex() {
	case evalTabFill:
		if step != 0 {
			s.fill.step(step)
		} else {
			s.fill.submit()
		}
	case evalTabReveal:
		if step != 0 {
			s.reveal.step(step)
		} else {
			s.reveal.save()
		}
	case evalTabMine:
		if step == 0 {
			s.mine.open()
		}
	}
}

// name is a person's name, for a member this laptop may not know yet.
func (s *evalScreen) name(id uuid.UUID) string {
	if n, ok := s.names[id]; ok {
		return n
	}
	return lang.L("eval.unknown_person", map[string]any{"ID": id.String()[:8]})
}

// byName sorts people by name, accents and case ignored.
func (s *evalScreen) byName(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b uuid.UUID) int {
		return strings.Compare(konbit.Fold(s.name(a)), konbit.Fold(s.name(b)))
	})
	return out
}

// labelled puts a label above a field, as the evaluation forms lay them
// out (readable on a projector, no narrow label column).
func labelled(label string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(widget.NewLabel(label), o)
}

// codeForm is the form that opens something with a code (a group's
// reveal, a person's report): a title and a hint, the choices before the
// code, the code's field, what went wrong, and the button.
type codeForm struct {
	code *evalEntry
	msg  *widget.Label
	open *widget.Button
	form fyne.CanvasObject
}

func newCodeForm(s *evalScreen, title, hint, codeLabel, openLabel string, open func(), fields ...fyne.CanvasObject) codeForm {
	f := codeForm{code: newEvalEntry(s, false), msg: problemLabel()}
	f.code.SetPlaceHolder(lang.L("eval.code.placeholder"))
	f.code.OnSubmitted = func(string) { open() }
	f.code.OnChanged = func(string) { f.msg.Hide() }
	f.open = widget.NewButtonWithIcon(openLabel, theme.VisibilityIcon(), open)
	f.open.Importance = widget.HighImportance
	box := container.NewVBox(subheading(title), paragraph(hint))
	for _, o := range fields {
		box.Add(o)
	}
	box.Add(labelled(codeLabel, f.code))
	box.Add(f.msg)
	box.Add(container.NewCenter(f.open))
	f.form = container.NewVScroll(centered(32*theme.TextSize(), box))
	return f
}

// problemLabel is an empty, hidden, wrapping label for what went wrong
// (a wrong code, a report not released yet).
func problemLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// sessionLabel is the translated name of a session; a session HR named
// otherwise is shown as named.
func sessionLabel(name string) string {
	switch name {
	case evaluation.SessionWork:
		return lang.L("eval.session.work")
	case evaluation.SessionInvolvement:
		return lang.L("eval.session.involvement")
	}
	return name
}

// groupLabel names a group of a session for the people in it.
func (s *evalScreen) groupLabel(i int, members []uuid.UUID) string {
	names := make([]string, len(members))
	for j, m := range members {
		names[j] = s.name(m)
	}
	return lang.L("eval.group", map[string]any{"N": i + 1, "Names": strings.Join(names, ", ")})
}

// formatScore writes a mean or a spread with one decimal, the way the
// language shown writes numbers.
func (u *UI) formatScore(x float64) string {
	v := strconv.FormatFloat(x, 'f', 1, 64)
	if u.language == langFR {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}

// evalEntry is a text field of the Evaluations screen that lets the
// screen's shortcuts through (a focused entry gets every shortcut and
// ignores those it does not know), and never keeps the Tab key: in a
// multi-line answer Tab moves on, as everywhere else on the screen.
type evalEntry struct {
	widget.Entry
	s *evalScreen
}

func newEvalEntry(s *evalScreen, multiLine bool) *evalEntry {
	e := &evalEntry{s: s}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.ExtendBaseWidget(e)
	return e
}

func (e *evalEntry) AcceptsTab() bool { return false }

func (e *evalEntry) TypedShortcut(sc fyne.Shortcut) {
	if cs, ok := sc.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShortcutDefault {
		if slices.Contains(evalKeys[:], cs.KeyName) {
			e.s.shortcut(cs)
			return
		}
	}
	e.Entry.TypedShortcut(sc)
}

// debouncer runs the last function handed to it once no other came for
// its delay, off the Fyne thread: drafts are saved as people type without
// a write at every key. Closing the window runs a pending one at once, so
// that a draft typed just before is not lost; u.bg counts it. The delay
// is measured on the wall clock, not u.now(): it paces writes, it stamps
// nothing, and a test's frozen clock must not stop saves.
type debouncer struct {
	u     *UI
	delay time.Duration

	mu    sync.Mutex
	fn    func(ctx context.Context) // pending; nil when none
	due   time.Time
	armed bool // a goroutine waits to run fn
	now   bool // run fn without waiting
	kick  chan struct{}
	// running is held while fn runs, so that cancel can wait for a save
	// in progress (a draft must not be written back after its deletion).
	running sync.Mutex
}

func newDebouncer(u *UI, delay time.Duration) *debouncer {
	return &debouncer{u: u, delay: delay, kick: make(chan struct{}, 1)}
}

// call makes fn the pending function, run after the delay.
func (d *debouncer) call(fn func(ctx context.Context)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fn, d.due = fn, time.Now().Add(d.delay)
	if d.armed {
		return
	}
	d.armed = true
	d.u.bg.Add(1)
	go d.loop()
}

// pending reports whether a function waits to run (not one running).
func (d *debouncer) pending() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fn != nil
}

// flush runs the pending function now (in the background).
func (d *debouncer) flush() {
	d.mu.Lock()
	d.now = true
	d.mu.Unlock()
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// cancel drops the pending function and waits for one running: after it,
// no call made before writes anything. It may block: not on the Fyne
// thread.
func (d *debouncer) cancel() {
	d.mu.Lock()
	d.fn = nil
	d.mu.Unlock()
	d.running.Lock()
	d.running.Unlock() //nolint:staticcheck // waiting for a save in progress
}

func (d *debouncer) loop() {
	defer d.u.bg.Done()
	ctx := context.WithoutCancel(d.u.ctx)
	for {
		d.mu.Lock()
		if d.fn == nil {
			d.armed, d.now = false, false
			d.mu.Unlock()
			return
		}
		wait := time.Until(d.due)
		if wait > 0 && !d.now && d.u.ctx.Err() == nil {
			d.mu.Unlock()
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-d.kick:
			case <-d.u.ctx.Done():
			}
			t.Stop()
			continue
		}
		fn := d.fn
		d.fn, d.now = nil, false
		d.running.Lock()
		d.mu.Unlock()
		fn(ctx)
		d.running.Unlock()
	}
}

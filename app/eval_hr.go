package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
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

package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
)

// memberColumns: name, category, weekly hours, languages, committees.
var memberColumns = &columns{
	weights: []float32{2.6, 2.5, 1.8, 1.7, 2.2},
	minEm:   []float32{6, 6, 3.5, 3.5, 6},
	drop:    []int{3, 4, 1, 2},
}

// membersScreen lists the members, with a search box, and shows the form
// of the selected one beside the list. With no member at all, it shows a
// welcome instead.
type membersScreen struct {
	u   *UI
	ctx context.Context

	all         []konbit.Member
	shown       []konbit.Member // all, filtered by the search
	committees  []konbit.Committee
	memberships []konbit.Membership
	counts      map[uuid.UUID]int // committees per member

	search   *widget.Entry
	total    *widget.Label
	hint     *widget.Label
	list     *widget.List
	detail   *fyne.Container // holds the open form
	panes    *fyne.Container
	form     *memberForm // nil when no member is open
	main     fyne.CanvasObject
	empty    fyne.CanvasObject
	root     *fyne.Container
	selected uuid.UUID // the open member; uuid.Nil for none or a new one
	// selecting is set while the list selection is changed by code, so
	// that OnSelected does not reopen the form.
	selecting bool
}

func newMembersScreen(u *UI, ctx context.Context) *membersScreen {
	s := &membersScreen{u: u, ctx: ctx}

	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.L("members.search"))
	s.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	s.search.OnChanged = func(string) { s.filter() }
	s.total = widget.NewLabel("")
	add := widget.NewButtonWithIcon(lang.L("members.add"), theme.ContentAddIcon(), s.openNew)
	add.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, nil, add, container.New(&minWidthLayout{width: 12 * theme.TextSize()}, s.search))

	header := row(memberColumns,
		cell(lang.L("members.col.name"), true), cell(lang.L("members.col.category"), true),
		cell(lang.L("members.col.hours"), true), cell(lang.L("members.col.languages"), true),
		cell(lang.L("members.col.committees"), true))

	s.list = widget.NewList(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			return row(memberColumns, cell("", true), cell("", false), cell("", false), cell("", false), cell("", false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.shown) {
				return
			}
			m := s.shown[id]
			objs := o.(*fyne.Container).Objects
			objs[0].(*widget.Label).SetText(m.Name)
			objs[1].(*widget.Label).SetText(categoryLabel(m.Category))
			objs[2].(*widget.Label).SetText(lang.L("members.hours_value", map[string]any{"Hours": u.formatHours(m.WeeklyHours)}))
			objs[3].(*widget.Label).SetText(strings.Join(m.Languages, ", "))
			n := s.counts[m.ID]
			objs[4].(*widget.Label).SetText(plural(u.language, n,
				lang.L("members.committees_count.one", count(n)), lang.L("members.committees_count.other", count(n))))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.selecting || id >= len(s.shown) {
			return
		}
		s.open(s.shown[id].ID)
	}

	s.detail = container.NewStack()
	s.hint = caption(lang.L("members.select_hint"))
	s.hint.Alignment = fyne.TextAlignTrailing
	left := container.NewBorder(container.NewVBox(top, header, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, s.total, nil, s.hint)), nil, nil, s.list)
	s.panes = twoPanes(0.55, func() bool { return s.form != nil }, left, s.detail)
	s.main = s.panes
	s.empty = s.emptyState()
	s.root = container.NewStack()

	u.watch(ctx, s.load)
	return s
}

func (s *membersScreen) content() fyne.CanvasObject { return s.root }

// emptyState welcomes a group that has no members yet.
func (s *membersScreen) emptyState() fyne.CanvasObject {
	img := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.AccountIcon()))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(5 * theme.TextSize()))
	title := heading(lang.L("members.empty.title"))
	title.Alignment = fyne.TextAlignCenter
	text := paragraph(lang.L("members.empty.text"))
	text.Alignment = fyne.TextAlignCenter
	sample := widget.NewButtonWithIcon(lang.L("members.empty.sample"), theme.DownloadIcon(), s.loadSample)
	sample.Importance = widget.HighImportance
	add := widget.NewButtonWithIcon(lang.L("members.empty.add"), theme.ContentAddIcon(), s.openNew)
	return centered(34*theme.TextSize(), container.NewVBox(img, title, text,
		container.NewCenter(container.NewHBox(sample, add))))
}

// load reads members, committees and memberships and refreshes the list
// and the open form.
func (s *membersScreen) load() []<-chan struct{} {
	members, ch1 := s.u.r.Members()
	committees, ch2 := s.u.r.Committees()
	memberships, ch3 := s.u.r.Memberships()
	s.all, s.committees, s.memberships = members, committees, memberships
	s.counts = map[uuid.UUID]int{}
	for _, ms := range memberships {
		s.counts[ms.Member]++
	}
	if s.form != nil && !s.form.dataChanged() {
		name := s.form.orig.Name
		s.closeForm()
		s.u.showInfo(lang.L("member.removed.title"), lang.L("member.removed.text", map[string]any{"Name": name}))
	}
	s.filter()
	s.showMainOrEmpty()
	return []<-chan struct{}{ch1, ch2, ch3}
}

// showMainOrEmpty shows the welcome when there is nothing to list.
func (s *membersScreen) showMainOrEmpty() {
	want := s.main
	if len(s.all) == 0 && s.form == nil {
		want = s.empty
	}
	if len(s.root.Objects) != 1 || s.root.Objects[0] != want {
		s.root.Objects = []fyne.CanvasObject{want}
		s.root.Refresh()
	}
}

// filter applies the search (case and accents ignored) to the list.
func (s *membersScreen) filter() {
	q := konbit.Fold(strings.TrimSpace(s.search.Text))
	s.shown = s.shown[:0:0]
	for _, m := range s.all {
		if q == "" || strings.Contains(konbit.Fold(m.Name), q) {
			s.shown = append(s.shown, m)
		}
	}
	if q == "" {
		s.total.SetText(plural(s.u.language, len(s.all),
			lang.L("members.total.one", count(len(s.all))), lang.L("members.total.other", count(len(s.all)))))
	} else {
		s.total.SetText(lang.L("members.found", map[string]any{"Shown": len(s.shown), "Total": len(s.all)}))
	}
	s.list.Refresh()
	s.syncSelection()
}

// syncSelection highlights the open member in the list, if shown.
func (s *membersScreen) syncSelection() {
	s.selecting = true
	defer func() { s.selecting = false }()
	for i, m := range s.shown {
		if m.ID == s.selected && s.selected != uuid.Nil {
			s.list.Select(i)
			return
		}
	}
	s.list.UnselectAll()
}

// open shows the form of an existing member.
func (s *membersScreen) open(id uuid.UUID) {
	m, err := s.u.r.Member(id)
	if err != nil {
		s.u.showError(lang.L("error.open_member"), err)
		return
	}
	s.selected = id
	s.setForm(newMemberForm(s, &m))
	s.syncSelection()
}

// openNew shows an empty form for a new member.
func (s *membersScreen) openNew() {
	s.selected = uuid.Nil
	s.setForm(newMemberForm(s, nil))
	s.syncSelection()
	s.u.win.Canvas().Focus(s.form.name)
}

// closeForm goes back to the hint (after a delete, say).
func (s *membersScreen) closeForm() {
	s.selected = uuid.Nil
	if s.form != nil {
		s.form.cancel()
	}
	s.form = nil
	s.hint.Show()
	s.detail.Objects = nil
	s.detail.Refresh()
	s.panes.Refresh()
	s.syncSelection()
	s.showMainOrEmpty()
}

func (s *membersScreen) setForm(f *memberForm) {
	if s.form != nil && s.form != f {
		s.form.cancel()
	}
	s.form = f
	s.hint.Hide()
	s.detail.Objects = []fyne.CanvasObject{container.NewPadded(f.content)}
	s.detail.Refresh()
	s.panes.Refresh()
	s.showMainOrEmpty()
}

// saved is called by the form after a save: it now shows member id.
func (s *membersScreen) saved(id uuid.UUID) {
	s.selected = id
	s.syncSelection()
}

// loadSample fills an empty replica with the sample organisation.
func (s *membersScreen) loadSample() {
	if err := s.u.r.LoadSample(s.ctx); err != nil {
		s.u.showError(lang.L("error.load_sample"), err)
	}
}

func (s *membersScreen) focusSearch() {
	if s.root.Objects[0] == s.main {
		s.u.win.Canvas().Focus(s.search)
	}
}

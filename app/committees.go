package app

import (
	"context"
	"errors"
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
)

// committeeColumns: name, number of members.
var committeeColumns = &columns{weights: []float32{3, 1.2}, minEm: []float32{8, 5}, drop: []int{1}}

// committeesScreen lists the committees with their number of members and
// shows the members of the selected one.
type committeesScreen struct {
	u   *UI
	ctx context.Context

	committees []konbit.Committee
	seats      map[uuid.UUID][]committeeSeat // by committee, sorted by name

	root      *fyne.Container
	list      *widget.List
	hint      *widget.Label
	left      *fyne.Container
	detail    *fyne.Container
	selected  uuid.UUID
	selecting bool
}

// committeeSeat is a member seated in a committee.
type committeeSeat struct {
	name       string
	occasional bool
}

func newCommitteesScreen(u *UI, ctx context.Context) *committeesScreen {
	s := &committeesScreen{u: u, ctx: ctx}
	add := widget.NewButtonWithIcon(lang.L("committees.add"), theme.ContentAddIcon(), s.showAdd)
	add.Importance = widget.HighImportance
	s.list = widget.NewList(
		func() int { return len(s.committees) },
		func() fyne.CanvasObject {
			return row(committeeColumns, cell("", true), cell("", false))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.committees) {
				return
			}
			c := s.committees[id]
			objs := o.(*fyne.Container).Objects
			objs[0].(*widget.Label).SetText(c.Name)
			n := len(s.seats[c.ID])
			objs[1].(*widget.Label).SetText(plural(u.language, n,
				lang.L("committees.members_count.one", count(n)), lang.L("committees.members_count.other", count(n))))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if s.selecting || id >= len(s.committees) {
			return
		}
		s.selected = s.committees[id].ID
		s.showDetail()
	}
	s.detail = container.NewStack()
	s.hint = paragraph("")
	s.left = container.NewBorder(container.NewHBox(add), s.hint, nil, nil, s.list)
	s.root = twoPanes(0.45, func() bool { return s.selected != uuid.Nil }, s.left, s.detail)
	u.watch(ctx, s.load)
	return s
}

func (s *committeesScreen) content() fyne.CanvasObject { return s.root }

func (s *committeesScreen) load() []<-chan struct{} {
	committees, ch1 := s.u.r.Committees()
	members, ch2 := s.u.r.Members()
	memberships, ch3 := s.u.r.Memberships()
	names := map[uuid.UUID]string{}
	order := map[uuid.UUID]int{}
	for i, m := range members { // sorted by name
		names[m.ID] = m.Name
		order[m.ID] = i
	}
	s.committees = committees
	s.seats = map[uuid.UUID][]committeeSeat{}
	ids := map[uuid.UUID][]uuid.UUID{}
	occasional := map[[2]uuid.UUID]bool{}
	for _, ms := range memberships {
		ids[ms.Committee] = append(ids[ms.Committee], ms.Member)
		occasional[[2]uuid.UUID{ms.Committee, ms.Member}] = ms.Occasional
	}
	for c, mids := range ids {
		slices.SortFunc(mids, func(a, b uuid.UUID) int { return order[a] - order[b] })
		for _, m := range mids {
			s.seats[c] = append(s.seats[c], committeeSeat{name: names[m], occasional: occasional[[2]uuid.UUID{c, m}]})
		}
	}
	s.list.Refresh()
	if len(s.committees) == 0 {
		s.hint.SetText(lang.L("committees.empty"))
	} else {
		s.hint.SetText(lang.L("committees.select_hint"))
	}
	s.selecting = true
	s.list.UnselectAll()
	for i, c := range s.committees {
		if c.ID == s.selected {
			s.list.Select(i)
		}
	}
	s.selecting = false
	s.showDetail()
	return []<-chan struct{}{ch1, ch2, ch3}
}

// showDetail shows the selected committee (or, under the list, a hint).
func (s *committeesScreen) showDetail() {
	var c *konbit.Committee
	for i := range s.committees {
		if s.committees[i].ID == s.selected {
			c = &s.committees[i]
		}
	}
	if c == nil {
		s.selected = uuid.Nil
		s.detail.Objects = nil
		s.detail.Refresh()
		s.hint.Show()
		s.left.Refresh()
		s.root.Refresh()
		return
	}
	s.hint.Hide()
	s.left.Refresh()
	seats := s.seats[c.ID]
	people := container.NewVBox()
	for _, st := range seats {
		text := st.name
		if st.occasional {
			text = lang.L("committees.member_occasional", map[string]any{"Name": st.name})
		}
		people.Add(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{}))
	}
	if len(seats) == 0 {
		people.Add(caption(lang.L("committees.no_members")))
	}
	remove := widget.NewButtonWithIcon(lang.L("committees.remove"), theme.DeleteIcon(), func() { s.confirmRemove(*c) })
	remove.Importance = widget.DangerImportance
	n := len(seats)
	body := container.NewVBox(paragraph(c.Description), widget.NewSeparator(),
		subheading(plural(s.u.language, n, lang.L("committees.members_count.one", count(n)),
			lang.L("committees.members_count.other", count(n)))),
		people, caption(lang.L("committees.members_hint")))
	back := widget.NewButtonWithIcon(lang.L("action.close"), theme.CancelIcon(), func() {
		s.selected = uuid.Nil
		s.list.UnselectAll()
		s.showDetail()
	})
	s.detail.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(heading(c.Name),
		container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, back, remove)), nil, nil, container.NewVScroll(body)))}
	s.detail.Refresh()
	s.root.Refresh()
}

// showAdd asks for the name and description of a new committee.
func (s *committeesScreen) showAdd() {
	name := widget.NewEntry()
	name.SetPlaceHolder(lang.L("committees.name.placeholder"))
	name.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(lang.L("error.name_required"))
		}
		return nil
	}
	desc := widget.NewMultiLineEntry()
	desc.SetPlaceHolder(lang.L("committees.description.placeholder"))
	desc.Wrapping = fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("committees.name"), name),
		widget.NewFormItem(lang.L("committees.description"), desc),
	}
	d := dialog.NewForm(lang.L("committees.add_title"), lang.L("action.add"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		c, err := s.u.r.AddCommittee(s.ctx, konbit.Committee{Name: name.Text, Description: strings.TrimSpace(desc.Text)})
		if err != nil {
			s.u.showError(lang.L("error.add_committee"), err)
			return
		}
		s.selected = c.ID
	}, s.u.win)
	d.Resize(fyne.NewSize(36*theme.TextSize(), d.MinSize().Height))
	d.Show()
	s.u.win.Canvas().Focus(name)
}

// confirmRemove asks, then removes a committee and its memberships.
func (s *committeesScreen) confirmRemove(c konbit.Committee) {
	s.u.confirm(lang.L("committees.remove_title"),
		lang.L("committees.remove_text", map[string]any{"Name": c.Name}),
		lang.L("action.remove"), func() {
			if err := s.u.r.RemoveCommittee(s.ctx, c.ID); err != nil {
				s.u.showError(lang.L("error.remove_committee"), err)
				return
			}
			if s.selected == c.ID {
				s.selected = uuid.Nil
				s.showDetail()
			}
		})
}

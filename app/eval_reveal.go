package app

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/evaluation/seal"
)

// evalReportColumns: criterion, self, peers' mean, spread, raters, gap.
var evalReportColumns = &columns{
	weights: []float32{2.4, 1, 1.4, 1.7, 2.1, 1.1},
	minEm:   []float32{7, 2.5, 3.5, 5, 3.5, 3},
	drop:    []int{3, 5, 4},
}

// evalReveal is where a group reveals its answers together (issue 8:
// answers "stay hidden from the others in the group until the group
// reveals them together"): the facilitator picks the session and the
// group, the group types the code HR gave it, and each member's results
// are shown in turn as their own report would show them (peer scores as
// aggregates of at least k raters, raters anonymous unless the campaign
// names them), beside the collective reflection about them.
type evalReveal struct {
	s *evalScreen
	c evaluation.Campaign

	session  *widget.Select
	sessions []string
	group    *widget.Select
	groups   [][]uuid.UUID // of the session picked
	code     *evalEntry
	msg      *widget.Label
	open     *widget.Button
	body     *fyne.Container
	form     fyne.CanvasObject

	// The revealed group, while shown.
	shown *evalRevealed
}

// evalRevealed is a group's answers, revealed.
type evalRevealed struct {
	ctx     context.Context
	cancel  context.CancelFunc
	session string
	group   int
	code    string
	members []uuid.UUID
	answers []evaluation.Answer
	grids   []evaluation.Grid
	person  int // index in members of the person shown
	people  *fyne.Container
	tabs    *container.AppTabs
	refl    *evalReflection
}

func newEvalReveal(s *evalScreen) *evalReveal {
	v := &evalReveal{s: s}
	v.session = widget.NewSelect(nil, func(string) { v.loadGroups() })
	v.group = widget.NewSelect(nil, func(string) { v.msg.Hide() })
	v.group.PlaceHolder = lang.L("eval.reveal.group.pick")
	f := newCodeForm(s, lang.L("eval.reveal.title"), lang.L("eval.reveal.hint"), lang.L("eval.reveal.code"), lang.L("eval.reveal.open"),
		func() { v.reveal() }, labelled(lang.L("eval.session"), v.session), labelled(lang.L("eval.reveal.group"), v.group))
	v.code, v.msg, v.open, v.form = f.code, f.msg, f.open, f.form
	v.body = container.NewStack(v.form)
	return v
}

func (v *evalReveal) content() fyne.CanvasObject { return v.body }

func (v *evalReveal) setCampaign(c evaluation.Campaign, same bool) {
	v.c = c
	if same {
		if v.shown != nil && v.shown.refl != nil {
			v.shown.refl.c = c
		}
		return
	}
	v.hide()
	v.sessions = slices.Clone(c.Sessions)
	opts := make([]string, len(v.sessions))
	for i, n := range v.sessions {
		opts[i] = sessionLabel(n)
	}
	v.session.Options = opts
	v.session.Selected = ""
	if len(opts) > 0 {
		v.session.Selected = opts[0]
	}
	v.session.Refresh()
	if c.ID != uuid.Nil {
		v.s.u.watch(v.s.campaignCtx, v.loadGroups)
	}
}

func (v *evalReveal) sessionName() string {
	i := v.session.SelectedIndex()
	if i < 0 || i >= len(v.sessions) {
		return ""
	}
	return v.sessions[i]
}

// loadGroups lists the groups of the session picked.
func (v *evalReveal) loadGroups() []<-chan struct{} {
	v.msg.Hide()
	if v.c.ID == uuid.Nil {
		return nil
	}
	sessions, ch, err := v.s.u.r.Groups(v.c.ID)
	if err != nil {
		v.s.u.showError(lang.L("eval.error.groups"), err)
		return []<-chan struct{}{ch}
	}
	name := v.sessionName()
	v.groups = nil
	for _, s := range sessions {
		if s.Name == name {
			v.groups = s.Groups
		}
	}
	prev := v.group.SelectedIndex()
	opts := make([]string, len(v.groups))
	for i, g := range v.groups {
		opts[i] = v.s.groupLabel(i, g)
	}
	v.group.Options = opts
	v.group.Selected = ""
	if prev >= 0 && prev < len(opts) {
		v.group.Selected = opts[prev]
	}
	v.group.Refresh()
	return []<-chan struct{}{ch}
}

// say shows a problem under the code.
func (v *evalReveal) say(text string) {
	v.msg.SetText(text)
	v.msg.Show()
}

// reveal opens the group's answers with the code typed, off the Fyne
// thread (decryption).
func (v *evalReveal) reveal() {
	session, gi := v.sessionName(), v.group.SelectedIndex()
	switch {
	case session == "":
		v.say(lang.L("eval.reveal.need_session"))
		return
	case gi < 0 || gi >= len(v.groups):
		v.say(lang.L("eval.reveal.need_group"))
		return
	case v.code.Text == "":
		v.say(lang.L("eval.code.empty"))
		return
	}
	c, code, members := v.c, v.code.Text, slices.Clone(v.groups[gi])
	u := v.s.u
	v.open.Disable()
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		answers, err := u.r.RevealGroup(u.ctx, c.ID, session, gi, code)
		// Answers that do not open (tampered, moved) are left out and
		// said; the others are revealed.
		var refused error
		if errors.Is(err, seal.ErrCannotOpen) {
			refused, err = err, nil
		}
		var grids []evaluation.Grid
		if err == nil {
			grids, _, err = u.r.CampaignGrids(c.ID)
		}
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			v.open.Enable()
			if v.c.ID != c.ID {
				return
			}
			switch {
			case errWrongCode(err):
				v.say(lang.L("eval.reveal.wrong_code", map[string]any{"Group": gi + 1}))
			case errors.Is(err, seal.ErrBadCode):
				v.say(lang.L("eval.code.bad"))
			case err != nil:
				u.showError(lang.L("eval.error.reveal"), err)
			default:
				v.code.SetText("")
				v.msg.Hide()
				v.show(session, gi, code, members, answers, grids)
				if refused != nil {
					u.showError(lang.L("eval.reveal.refused"), refused)
				}
			}
		})
	}()
}

// show puts the revealed group on screen, first member first.
func (v *evalReveal) show(session string, group int, code string, members []uuid.UUID, answers []evaluation.Answer, grids []evaluation.Grid) {
	v.hide()
	r := &evalRevealed{session: session, group: group, code: code, members: members, answers: answers, grids: grids}
	r.ctx, r.cancel = context.WithCancel(v.s.campaignCtx)
	v.shown = r
	r.people = container.NewVBox()
	r.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("eval.reveal.results"), theme.VisibilityIcon(), container.NewStack()),
		container.NewTabItemWithIcon(lang.L("eval.reveal.reflection"), theme.DocumentCreateIcon(), container.NewStack()),
	)
	closeBtn := widget.NewButtonWithIcon(lang.L("eval.reveal.close"), theme.VisibilityOffIcon(), func() {
		v.hide()
		v.s.u.win.Canvas().Focus(v.code) // the next group's code
	})
	head := subheading(lang.L("eval.reveal.shown", map[string]any{"Group": group + 1, "Session": sessionLabel(session)}))
	left := container.NewBorder(widget.NewLabel(lang.L("eval.reveal.people")), nil, nil, nil, container.NewVScroll(r.people))
	hint := caption(lang.L("eval.reveal.keys"))
	v.body.Objects = []fyne.CanvasObject{container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, closeBtn, head), hint, widget.NewSeparator()), nil,
		container.NewHBox(container.New(&minWidthLayout{width: 9 * theme.TextSize()}, left), widget.NewSeparator()), nil,
		r.tabs)}
	v.body.Refresh()
	v.showPerson(0)
}

// showPerson shows member i's results and reflection.
func (v *evalReveal) showPerson(i int) {
	r := v.shown
	if r == nil || i < 0 || i >= len(r.members) {
		return
	}
	r.person = i
	var buttons []fyne.CanvasObject
	for j, m := range r.members {
		b := widget.NewButton(v.s.name(m), func() { v.showPerson(j) })
		b.Alignment = widget.ButtonAlignLeading
		if j == i {
			b.Importance = widget.HighImportance
		}
		buttons = append(buttons, b)
	}
	r.people.Objects = buttons
	r.people.Refresh()

	person := r.members[i]
	results := v.results(person)
	r.tabs.Items[0].Content = results
	if r.refl != nil {
		r.refl.close()
	}
	r.refl = newEvalReflection(v.s, r.ctx, v.c, r.session, person, r.code)
	r.tabs.Items[1].Content = r.refl.content()
	r.tabs.Refresh()
	if r.tabs.SelectedIndex() == 1 {
		// Writing the reflection person after person: the cursor
		// follows.
		v.s.u.win.Canvas().Focus(r.refl.entries[0])
	}
}

// results is member person's report from the revealed answers. The person
// view needs the report released by HR; the group reveals it to itself
// here, so it is computed on a copy of the campaign marked released: the
// k threshold and the raters' anonymity still apply.
func (v *evalReveal) results(person uuid.UUID) fyne.CanvasObject {
	r := v.shown
	c := v.c
	c.Visibility.Released = true
	rep, err := evaluation.PersonReport(&c, r.grids, r.answers, person, evaluation.PersonView)
	if err != nil {
		return container.NewPadded(paragraph(lang.L("eval.error.report") + "\n" + errorText(err)))
	}
	title := subheading(lang.L("eval.report.of", map[string]any{"Name": v.s.name(person), "Session": sessionLabel(r.session)}))
	return container.NewVScroll(container.NewPadded(container.NewVBox(title,
		v.s.reportView(c, r.grids, rep, r.session, person))))
}

// step shows the next or previous member.
func (v *evalReveal) step(d int) {
	r := v.shown
	if r == nil {
		return
	}
	n := len(r.members)
	v.showPerson(((r.person+d)%n + n) % n)
}

// switchTab goes from a person's results to the reflection about them,
// its first question ready for typing, and back.
func (v *evalReveal) switchTab() {
	r := v.shown
	if r == nil {
		return
	}
	if r.tabs.SelectedIndex() == 0 {
		r.tabs.SelectIndex(1)
		if r.refl != nil {
			v.s.u.win.Canvas().Focus(r.refl.entries[0])
		}
		return
	}
	v.s.u.win.Canvas().Unfocus()
	r.tabs.SelectIndex(0)
}

// save saves the reflection shown now.
func (v *evalReveal) save() {
	if v.shown != nil && v.shown.refl != nil {
		v.shown.refl.saveNow()
	} else if v.shown == nil {
		v.reveal()
	}
}

// hide takes the revealed answers off the screen and forgets them.
func (v *evalReveal) hide() {
	if r := v.shown; r != nil {
		if r.refl != nil {
			r.refl.close()
		}
		r.cancel()
		v.shown = nil
	}
	v.body.Objects = []fyne.CanvasObject{v.form}
	v.body.Refresh()
}

// reportView shows a report's lines of a session (all sessions if
// session is empty) and its comments, as the evaluated person reads them.
func (s *evalScreen) reportView(c evaluation.Campaign, grids []evaluation.Grid, rep evaluation.Report, session string, person uuid.UUID) fyne.CanvasObject {
	u := s.u
	box := container.NewVBox()
	critName := func(sess, key string) string {
		for _, g := range grids {
			if g.Session == sess {
				if cr, ok := g.Criterion(key); ok {
					return cr.Name.In(u.language)
				}
			}
		}
		if key == evaluation.OverallKey {
			return lang.L("eval.fill.overall")
		}
		return key
	}
	header := row(evalReportColumns, cell(lang.L("eval.col.criterion"), true), cell(lang.L("eval.col.self"), true),
		cell(lang.L("eval.col.peers"), true), cell(lang.L("eval.col.spread"), true), cell(lang.L("eval.col.raters"), true),
		cell(lang.L("eval.col.gap"), true))
	last := ""
	for _, l := range rep.Lines {
		if session != "" && l.Session != session {
			continue
		}
		if l.Session != last {
			if session == "" {
				box.Add(subheading(sessionLabel(l.Session)))
			}
			box.Add(header)
			last = l.Session
		}
		self := "—"
		switch {
		case l.HasSelf:
			self = strconv.Itoa(l.Self)
		case l.SelfCantSay:
			self = lang.L("eval.cant_say.short")
		}
		mean, spread, gap := "—", "—", "—"
		raters := lang.L("eval.raters", map[string]any{"Count": l.Peers.Count})
		if l.Peers.CantSay > 0 {
			raters = lang.L("eval.raters.cant_say", map[string]any{"Count": l.Peers.Count, "CantSay": l.Peers.CantSay})
		}
		if !l.Withheld && l.Peers.Count > 0 {
			mean = u.formatScore(l.Peers.Mean)
			spread = lang.L("eval.spread", map[string]any{"SD": u.formatScore(l.Peers.SD), "Min": l.Peers.Min, "Max": l.Peers.Max})
		}
		if l.HasGap {
			gap = u.formatScore(l.Gap)
			if l.Gap > 0 {
				gap = "+" + gap
			}
		}
		box.Add(row(evalReportColumns, cell(critName(l.Session, l.Criterion), false), cell(self, false), cell(mean, true),
			cell(spread, false), cell(raters, false), cell(gap, false)))
		if l.Withheld {
			w := caption(lang.L("eval.withheld", map[string]any{"Count": l.Peers.Count, "Need": l.Need}))
			w.Importance = widget.WarningImportance
			box.Add(w)
		}
	}
	if last == "" {
		box.Add(paragraph(lang.L("eval.report.no_lines")))
	}
	var comments []fyne.CanvasObject
	for _, cm := range rep.Comments {
		if session != "" && cm.Session != session || cm.Text == "" {
			continue
		}
		who := lang.L("eval.comment.peer")
		switch {
		case cm.Self:
			who = lang.L("eval.comment.self")
		case cm.Rater != uuid.Nil:
			who = s.name(cm.Rater)
		}
		l := paragraph(lang.L("eval.comment", map[string]any{"Criterion": critName(cm.Session, cm.Criterion), "Who": who, "Text": cm.Text}))
		comments = append(comments, l)
	}
	box.Add(widget.NewSeparator())
	box.Add(subheading(lang.L("eval.comments")))
	if len(comments) == 0 {
		box.Add(paragraph(lang.L("eval.comments.none")))
	}
	for _, o := range comments {
		box.Add(o)
	}
	if !c.Visibility.RatersNamed {
		box.Add(caption(lang.L("eval.comments.anonymous")))
	}
	return box
}

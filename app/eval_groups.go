package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// hrGroupsView forms a campaign's groups for its sessions and lets the HR
// committee move people by hand. Moves change a working copy: the checks
// (repeated pairs across sessions, balance, keep-apart pairs, groups too
// small for anyone to see a peer mean) are computed again after each move,
// and nothing is stored until Save, so the committee can try a move and
// undo it.
type hrGroupsView struct {
	p *hrPane

	seed      *widget.Entry
	size      *widget.Select
	apartA    *widget.Select
	apartB    *widget.Select
	apartIDs  []uuid.UUID // the participants, in the selects' order
	apart     []evaluation.Pair
	apartList *fyne.Container
	formBtn   *widget.Button

	edited   []evaluation.Session // the working copy
	dirty    bool                 // edited differs from what is stored
	picked   uuid.UUID            // the person being moved
	pickIn   int                  // in which session of edited
	score    evaluation.Score
	scored   bool
	checkErr error
	checkGen int // the latest check asked for
	// apartLoaded: the keep-apart pairs were taken from the campaign.
	apartLoaded bool

	// buttons are the members' buttons drawn, by session and person, and
	// focus the one to give the keyboard focus after a redraw (the
	// person just picked or moved), so that moving people by keyboard
	// goes on from where it was.
	buttons     map[hrSeat]*widget.Button
	hereButtons []*widget.Button
	focus       hrSeat
	refocus     bool // focus goes to focus at the next draw (a pick or a move)

	pickLabel  *widget.Label
	saveBtn    *widget.Button
	discardBtn *widget.Button
	checks     *fyne.Container
	sessions   *fyne.Container
	leftWidth  float32 // of the column forming the groups, for the cards' columns
	root       fyne.CanvasObject
}

func newHRGroupsView(p *hrPane) *hrGroupsView {
	v := &hrGroupsView{p: p}
	v.seed = widget.NewEntry()
	v.seed.SetText("1")
	v.seed.Validator = func(s string) error {
		_, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		return err
	}
	var sizes []string
	for n := evaluation.MinGroupSize; n <= evaluation.MaxGroupSize; n++ {
		sizes = append(sizes, strconv.Itoa(n))
	}
	v.size = widget.NewSelect(sizes, nil)
	v.size.SetSelected(strconv.Itoa(evaluation.DefaultGroupSize))
	v.apartA = widget.NewSelect(nil, nil)
	v.apartA.PlaceHolder = lang.L("evalhr.groups.person")
	v.apartB = widget.NewSelect(nil, nil)
	v.apartB.PlaceHolder = lang.L("evalhr.groups.person")
	addApart := widget.NewButtonWithIcon(lang.L("evalhr.groups.apart.add"), theme.ContentAddIcon(), v.addApart)
	v.apartList = container.NewVBox()
	v.formBtn = widget.NewButtonWithIcon(lang.L("evalhr.groups.form"), theme.ViewRefreshIcon(), v.form)
	v.formBtn.Importance = widget.HighImportance

	v.pickLabel = widget.NewLabel(lang.L("evalhr.groups.pick_hint"))
	v.pickLabel.Wrapping = fyne.TextWrapWord
	v.saveBtn = widget.NewButtonWithIcon(lang.L("action.save"), theme.DocumentSaveIcon(), v.save)
	v.saveBtn.Importance = widget.HighImportance
	v.discardBtn = widget.NewButtonWithIcon(lang.L("evalhr.groups.discard"), theme.CancelIcon(), v.discard)
	v.checks = container.NewVBox()
	v.sessions = container.NewVBox()

	captioned := func(label string, o fyne.CanvasObject) fyne.CanvasObject { // small labels: the column is narrow
		return container.NewVBox(caption(label), o)
	}
	// At the largest text sizes the left column narrows (the seed above
	// the size) and the buttons go below the hint, so that the groups
	// keep room beside it in a 1024-pixel window.
	fit := hrFitWidth()
	buttons := v.discardBtn.MinSize().Width + theme.Padding() + v.saveBtn.MinSize().Width
	leftEm, seedSize := float32(17), container.NewGridWithColumns(2)
	if leftEm*theme.TextSize()+buttons+8*theme.TextSize() > fit {
		leftEm, seedSize = 13, container.NewVBox()
	}
	seedSize.Objects = []fyne.CanvasObject{captioned(lang.L("evalhr.groups.seed"), v.seed), captioned(lang.L("evalhr.groups.size"), v.size)}
	left := container.NewVBox(
		subheading(lang.L("evalhr.groups.form_title")),
		seedSize,
		caption(lang.L("evalhr.groups.apart")),
		v.apartA, v.apartB, container.NewHBox(addApart), v.apartList,
		v.formBtn,
		widget.NewSeparator(),
		subheading(lang.L("evalhr.groups.checks")),
		v.checks,
	)
	leftBox := container.NewHBox(container.New(&minWidthLayout{width: leftEm * theme.TextSize()}, container.NewVScroll(left)), widget.NewSeparator())
	// Measured once, before it is laid out: minWidthLayout's MinSize
	// resizes its content to learn its height.
	v.leftWidth = leftBox.MinSize().Width
	edit := hrRowOrStack(fit-v.leftWidth-2*theme.Padding(), v.pickLabel, v.discardBtn, v.saveBtn)
	right := container.NewBorder(container.NewVBox(edit, widget.NewSeparator()), nil, nil, nil, container.NewVScroll(v.sessions))
	v.root = container.NewBorder(nil, nil, leftBox, nil, right)
	v.updateButtons()
	return v
}

// load takes the stored groups, unless the committee is editing them:
// their moves are not thrown away by a change merged meanwhile (Save
// writes what they see).
func (v *hrGroupsView) load() {
	v.apartIDs = slices.Clone(v.p.c.Participants)
	slices.SortStableFunc(v.apartIDs, func(a, b uuid.UUID) int {
		return strings.Compare(strings.ToLower(v.p.name(a)), strings.ToLower(v.p.name(b)))
	})
	opts := make([]string, 0, len(v.apartIDs))
	for _, id := range v.apartIDs {
		opts = append(opts, v.p.name(id))
	}
	v.apartA.SetOptions(opts)
	v.apartB.SetOptions(opts)
	if !v.apartLoaded {
		v.apartLoaded = true
		v.apart = slices.Clone(v.p.c.KeepApart)
		v.drawApart()
	}
	if !v.dirty {
		v.edited = hrCloneSessions(v.p.stored)
		v.picked = uuid.Nil
		v.recheck()
	}
	v.draw()
}

// hrSeat is a person in a session.
type hrSeat struct {
	session int
	person  uuid.UUID
}

// hrCloneSessions copies groups deeply, so that moves never touch what the
// replica returned.
func hrCloneSessions(in []evaluation.Session) []evaluation.Session {
	out := make([]evaluation.Session, len(in))
	for i, s := range in {
		out[i] = evaluation.Session{Name: s.Name, Groups: make([][]uuid.UUID, len(s.Groups))}
		for j, g := range s.Groups {
			out[i].Groups[j] = slices.Clone(g)
		}
	}
	return out
}

// addApart adds the pair chosen in the two menus to the keep-apart pairs.
func (v *hrGroupsView) addApart() {
	a, b := v.apartA.SelectedIndex(), v.apartB.SelectedIndex()
	if a < 0 || b < 0 || a == b || a >= len(v.apartIDs) || b >= len(v.apartIDs) {
		return
	}
	pair := evaluation.Pair{A: v.apartIDs[a], B: v.apartIDs[b]}
	for _, p := range v.apart {
		if (p.A == pair.A && p.B == pair.B) || (p.A == pair.B && p.B == pair.A) {
			return
		}
	}
	v.apart = append(v.apart, pair)
	v.apartA.ClearSelected()
	v.apartB.ClearSelected()
	v.drawApart()
	v.recheck()
	v.draw()
}

// drawApart lists the keep-apart pairs, each with a button to remove it.
func (v *hrGroupsView) drawApart() {
	v.apartList.Objects = nil
	for i, p := range v.apart {
		rm := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			v.apart = slices.Delete(v.apart, i, i+1)
			v.drawApart()
			v.recheck()
			v.draw()
		})
		rm.Importance = widget.LowImportance
		v.apartList.Add(container.NewBorder(nil, nil, nil, rm,
			cell(lang.L("evalhr.groups.apart.pair", map[string]any{"A": v.p.name(p.A), "B": v.p.name(p.B)}), false)))
	}
	v.apartList.Refresh()
}

// form generates the groups of every session and stores them, after a
// confirmation when groups exist already (hand moves would be lost, and
// people may have started filling their grids).
func (v *hrGroupsView) form() {
	seed, err := strconv.ParseUint(strings.TrimSpace(v.seed.Text), 10, 64)
	if err != nil {
		v.p.u.showError(lang.L("evalhr.groups.form_failed"), errors.New(lang.L("evalhr.groups.bad_seed")))
		return
	}
	size, _ := strconv.Atoi(v.size.Selected)
	// Never nil: no pair typed here means none, not the campaign's.
	opt := replica.GroupOptions{Seed: seed, Size: size, KeepApart: append([]evaluation.Pair{}, v.apart...)}
	run := func() {
		var plan evaluation.Plan
		id := v.p.id
		v.formBtn.Disable()
		v.p.u.writeOr(func(ctx context.Context) error {
			var err error
			if plan, err = v.p.u.r.FormGroupsWith(ctx, id, opt); err != nil {
				return failure{lang.L("evalhr.groups.form_failed"), errors.New(hrErrorText(err))}
			}
			return nil
		}, func() {
			v.formBtn.Enable()
			v.dirty, v.picked = false, uuid.Nil
			v.edited = hrCloneSessions(plan.Sessions)
			v.recheck()
			v.draw()
		}, v.formBtn.Enable)
	}
	if len(v.p.stored) == 0 && !v.dirty {
		run()
		return
	}
	v.p.u.confirm(lang.L("evalhr.groups.replace_title"), lang.L("evalhr.groups.replace_text"), lang.L("evalhr.groups.form"), run)
}

// pick chooses the person to move (again: cancels).
func (v *hrGroupsView) pick(session int, person uuid.UUID) {
	if v.picked == person && v.pickIn == session {
		v.picked = uuid.Nil
	} else {
		v.picked, v.pickIn = person, session
	}
	v.focus, v.refocus = hrSeat{session, person}, true
	v.draw()
}

// moveTo moves the picked person to group target of their session.
func (v *hrGroupsView) moveTo(session, target int) {
	if v.picked == uuid.Nil || session != v.pickIn || session >= len(v.edited) {
		return
	}
	s := &v.edited[session]
	if target >= len(s.Groups) {
		return
	}
	for i, g := range s.Groups {
		if i != target {
			s.Groups[i] = slices.DeleteFunc(g, func(id uuid.UUID) bool { return id == v.picked })
		}
	}
	if !slices.Contains(s.Groups[target], v.picked) {
		s.Groups[target] = append(s.Groups[target], v.picked)
	}
	v.focus, v.refocus = hrSeat{session, v.picked}, true
	v.picked = uuid.Nil
	v.dirty = true
	v.recheck()
	v.draw()
}

// save stores the sessions the committee changed, one change each.
func (v *hrGroupsView) save() {
	if !v.dirty {
		return
	}
	var changed []evaluation.Session
	for _, s := range v.edited {
		i := slices.IndexFunc(v.p.stored, func(o evaluation.Session) bool { return o.Name == s.Name })
		if i < 0 || !hrSameGroups(v.p.stored[i], s) {
			changed = append(changed, s)
		}
	}
	id := v.p.id // SaveGroups drops a group emptied by moves
	v.saveBtn.Disable()
	v.p.u.writeOr(func(ctx context.Context) error {
		for _, s := range changed {
			if err := v.p.u.r.SaveGroups(ctx, id, s); err != nil {
				return failure{lang.L("evalhr.groups.save_failed"), errors.New(hrErrorText(err))}
			}
		}
		return nil
	}, func() {
		v.dirty = false
		v.p.stored, _, _ = v.p.u.r.Groups(id)
		v.load()
	}, v.updateButtons)
}

// discard throws the moves away.
func (v *hrGroupsView) discard() {
	v.dirty = false
	v.load()
}

// hrSameGroups reports whether two sessions have the same groups in order.
func hrSameGroups(a, b evaluation.Session) bool {
	return slices.EqualFunc(a.Groups, b.Groups, slices.Equal)
}

// recheck scores the working copy through the replica (the same checks as
// formed groups), against the keep-apart pairs as edited here. The replica reads the members'
// seniority from the meetings' attendance, so the check runs off the Fyne
// thread; a newer check supersedes an older one still running.
func (v *hrGroupsView) recheck() {
	v.checkGen++
	gen := v.checkGen
	v.scored = false
	if len(v.edited) == 0 {
		return
	}
	u, id := v.p.u, v.p.id
	sessions := hrCloneSessions(v.edited)
	apart := append([]evaluation.Pair{}, v.apart...) // never nil: no pair left means none
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		score, err := u.r.CheckGroupsApart(u.ctx, id, sessions, apart)
		if u.ctx.Err() != nil {
			return
		}
		u.post(func() {
			if gen != v.checkGen {
				return
			}
			v.score, v.scored, v.checkErr = score, err == nil, err
			v.draw()
		})
	}()
}

// draw shows the groups and the checks.
func (v *hrGroupsView) draw() {
	v.drawChecks()
	// The keyboard focus was on one of the buttons about to be replaced:
	// it goes to the new button of the same seat.
	cv := v.p.u.win.Canvas()
	ours := false
	if f := cv.Focused(); f != nil {
		for _, b := range v.buttons {
			if fyne.Focusable(b) == f {
				ours = true
			}
		}
		ours = ours || slices.ContainsFunc(v.hereButtons, func(b *widget.Button) bool { return fyne.Focusable(b) == f })
	}
	v.buttons = map[hrSeat]*widget.Button{}
	v.hereButtons = nil
	v.sessions.Objects = nil
	if len(v.edited) == 0 {
		v.sessions.Add(paragraph(lang.L("evalhr.groups.none")))
	}
	for si, s := range v.edited {
		v.sessions.Add(subheading(sessionLabel(s.Name)))
		// Three columns of groups, fewer if they do not fit beside the
		// left column.
		var cards []fyne.CanvasObject
		widest := float32(0)
		for gi, g := range s.Groups {
			c := v.card(si, gi, g)
			cards = append(cards, c)
			widest = max(widest, c.MinSize().Width)
		}
		room := hrFitWidth() - v.leftWidth - 2*theme.Padding()
		v.sessions.Add(container.NewGridWithColumns(hrGridColumns(room, widest, 3, 1), cards...))
	}
	v.sessions.Refresh()
	if v.picked != uuid.Nil {
		v.pickLabel.SetText(lang.L("evalhr.groups.picked", map[string]any{"Name": v.p.name(v.picked),
			"Session": sessionLabel(v.edited[v.pickIn].Name)}))
	} else if v.dirty {
		v.pickLabel.SetText(lang.L("evalhr.groups.unsaved"))
	} else {
		v.pickLabel.SetText(lang.L("evalhr.groups.pick_hint"))
	}
	v.updateButtons()
	if b := v.buttons[v.focus]; b != nil && (ours || v.refocus) {
		v.refocus = false
		cv.Focus(b)
	}
}

func (v *hrGroupsView) updateButtons() {
	if v.dirty {
		v.saveBtn.Enable()
		v.discardBtn.Enable()
	} else {
		v.saveBtn.Disable()
		v.discardBtn.Disable()
	}
}

// card is one group: its members as buttons (a tap, or Space on the
// focused button, picks the person to move) and, while someone of the
// session is picked, a button to move them here.
func (v *hrGroupsView) card(si, gi int, members []uuid.UUID) fyne.CanvasObject {
	vis := v.p.c.Visibility
	title := lang.L("evalhr.groups.card", map[string]any{"N": gi + 1, "Count": len(members)})
	head := cell(title, true)
	objs := []fyne.CanvasObject{head}
	for _, id := range members {
		b := widget.NewButton(v.p.name(id), func() { v.pick(si, id) })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		if id == v.picked && si == v.pickIn {
			b.Importance = widget.HighImportance
		}
		v.buttons[hrSeat{si, id}] = b
		objs = append(objs, b)
	}
	var notes []string
	if vis.GroupTooSmall(len(members)) && len(members) > 0 {
		notes = append(notes, lang.L("evalhr.groups.too_small_short", map[string]any{"K": vis.MinRaters}))
	}
	for _, r := range v.score.Repeats {
		if slices.Contains(members, r.Pair.A) && slices.Contains(members, r.Pair.B) {
			notes = append(notes, lang.L("evalhr.groups.repeat_short", map[string]any{"A": v.p.name(r.Pair.A), "B": v.p.name(r.Pair.B)}))
		}
	}
	for _, k := range v.score.KeepApart {
		if k.Session == si && k.Group == gi {
			notes = append(notes, lang.L("evalhr.groups.apart_short", map[string]any{"A": v.p.name(k.Pair.A), "B": v.p.name(k.Pair.B)}))
		}
	}
	for _, n := range notes {
		l := caption(n)
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	if v.picked != uuid.Nil && v.pickIn == si && !slices.Contains(members, v.picked) {
		here := widget.NewButtonWithIcon(lang.L("evalhr.groups.move_here"), theme.MoveDownIcon(), func() { v.moveTo(si, gi) })
		v.hereButtons = append(v.hereButtons, here)
		objs = append(objs, here)
	}
	bg := canvas.NewRectangle(color.Transparent)
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	if len(notes) > 0 {
		bg.StrokeColor = theme.Color(theme.ColorNameWarning)
	}
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(container.NewVBox(objs...)))
}

// drawChecks says why the groups are good or not.
func (v *hrGroupsView) drawChecks() {
	v.checks.Objects = nil
	if v.checkErr != nil {
		v.checks.Add(paragraph(hrErrorText(v.checkErr)))
	}
	if !v.scored {
		v.checks.Refresh()
		return
	}
	s := v.score
	add := func(text string, imp widget.Importance) {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		v.checks.Add(l)
	}
	name := func(i int) string {
		if i < len(v.edited) {
			return sessionLabel(v.edited[i].Name)
		}
		return fmt.Sprint(i + 1)
	}
	if s.Valid() {
		add(lang.L("evalhr.groups.valid"), widget.SuccessImportance)
	} else {
		add(lang.L("evalhr.groups.invalid"), widget.DangerImportance)
	}
	for _, k := range s.KeepApart {
		add(lang.L("evalhr.groups.apart_violation", map[string]any{"A": v.p.name(k.Pair.A), "B": v.p.name(k.Pair.B),
			"Session": name(k.Session), "N": k.Group + 1}), widget.DangerImportance)
	}
	for _, m := range s.Misplaced {
		data := map[string]any{"Name": v.p.name(m.Person), "Session": name(m.Session)}
		text := lang.L("evalhr.groups.missing", data)
		switch m.Kind {
		case evaluation.Twice:
			text = lang.L("evalhr.groups.twice", data)
		case evaluation.Unknown:
			text = lang.L("evalhr.groups.unknown", data)
		}
		add(text, widget.DangerImportance)
	}
	if s.RepeatCount == 0 {
		add(lang.L("evalhr.groups.no_repeats"), widget.SuccessImportance)
	} else {
		add(lang.L("evalhr.groups.repeats", map[string]any{"Count": s.RepeatCount}), widget.WarningImportance)
		for _, r := range s.Repeats {
			var ss []string
			for _, i := range r.Sessions {
				ss = append(ss, name(i))
			}
			add(lang.L("evalhr.groups.repeat", map[string]any{"A": v.p.name(r.Pair.A), "B": v.p.name(r.Pair.B),
				"Sessions": strings.Join(ss, ", ")}), widget.MediumImportance)
		}
	}
	for _, sz := range s.Sizes {
		parts := make([]string, 0, len(sz.Sizes))
		for _, n := range sz.Sizes {
			parts = append(parts, strconv.Itoa(n))
		}
		data := map[string]any{"Session": name(sz.Session), "Sizes": strings.Join(parts, ", ")}
		if sz.Max-sz.Min > 1 {
			add(lang.L("evalhr.groups.sizes_uneven", data), widget.WarningImportance)
		} else {
			add(lang.L("evalhr.groups.sizes", data), widget.MediumImportance)
		}
	}
	vis := v.p.c.Visibility
	for si, ses := range v.edited {
		for gi, g := range ses.Groups {
			if len(g) > 0 && vis.GroupTooSmall(len(g)) {
				add(lang.L("evalhr.groups.too_small", map[string]any{"Session": name(si), "N": gi + 1,
					"Count": len(g), "K": vis.MinRaters}), widget.WarningImportance)
			}
		}
	}
	for _, b := range s.Balance {
		add(lang.L("evalhr.groups.balance", map[string]any{"Attribute": hrAttributeLabel(b.Attribute),
			"Worst": hrNumber(v.p.u.language, b.Worst, false)}), widget.MediumImportance)
	}
	v.checks.Refresh()
}

// hrAttributeLabel names an attribute spread across groups.
func hrAttributeLabel(a string) string {
	switch a {
	case replica.AttrCategory:
		return lang.L("evalhr.attr.category")
	case replica.AttrLanguage:
		return lang.L("evalhr.attr.language")
	case replica.AttrGender:
		return lang.L("evalhr.attr.gender")
	case replica.AttrSeniority:
		return lang.L("evalhr.attr.seniority")
	}
	return a
}

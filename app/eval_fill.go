package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/replica"
)

// evalFill is where a person fills their grids: for themselves and for
// each peer of their group in a session (issue 8, "Filling"). They pick
// the session, say who they are, and fill; drafts are saved on this
// laptop as they type, so that a crash loses nothing, and reloaded when
// they come back. Answers never show anyone else's: the screen only
// ever holds what the person at the keyboard typed.
//
// On a laptop passed around the group (shared-laptop mode), submitting
// deletes the draft and clears every field, and the screen goes back to
// "who are you": what was submitted is sealed to the campaign's and the
// group's keys, and nothing on this screen opens it.
type evalFill struct {
	s *evalScreen
	c evaluation.Campaign

	session  *widget.Select
	sessions []string
	shared   *widget.Check
	body     *fyne.Container // the "who are you" list or the form

	// The open form, if any.
	form *evalForm
	// opening is a form built but not shown yet: in shared-laptop mode,
	// until its draft is read and, if there is one, the person has said
	// it is theirs.
	opening *evalForm
	// gen numbers the forms opened, so that a draft loaded for one
	// closed meanwhile is dropped.
	gen int
}

// evalForm is the grids one evaluator fills in one session.
type evalForm struct {
	f         *evalFill
	ctx       context.Context
	cancel    context.CancelFunc
	gen       int
	campaign  uuid.UUID
	session   string
	evaluator uuid.UUID
	group     int
	members   []uuid.UUID // the evaluator first, then the peers in group order
	grid      evaluation.Grid
	people    []*evalPersonGrid
	tabs      *container.AppTabs
	status    *widget.Label // how many in the group have submitted, who not yet
	problem   *widget.Label
	submitBtn *widget.Button
	saver     *debouncer
	// applying is set while a loaded draft is put into the fields, which
	// is no typing to save.
	applying bool
	// submitting is set while the grids are being submitted.
	submitting bool
}

// evalPersonGrid is the grid about one person.
type evalPersonGrid struct {
	evaluated uuid.UUID
	rows      []*evalCritRow
	overall   *evalEntry
}

// evalCritRow is one criterion: its levels, the behavioural anchor of the
// level chosen and a comment.
type evalCritRow struct {
	crit    evaluation.Criterion
	levels  *widget.RadioGroup
	cantSay *widget.Check // nil when the scale has no "can't say"
	anchor  *widget.Label
	comment *evalEntry
}

func newEvalFill(s *evalScreen) *evalFill {
	f := &evalFill{s: s}
	f.session = widget.NewSelect(nil, func(string) { f.showWho() })
	f.shared = widget.NewCheck(lang.L("eval.fill.shared"), func(bool) {})
	f.shared.SetChecked(true)
	f.body = container.NewStack()
	return f
}

func (f *evalFill) content() fyne.CanvasObject {
	top := container.NewBorder(nil, nil, widget.NewLabel(lang.L("eval.session")), f.shared, f.session)
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator()), nil, nil, nil, f.body)
}

// setCampaign shows campaign c; same is true when only its content
// changed, which keeps a form being filled.
func (f *evalFill) setCampaign(c evaluation.Campaign, same bool) {
	f.c = c
	if same {
		return
	}
	f.sessions = slices.Clone(c.Sessions)
	opts := make([]string, len(f.sessions))
	for i, n := range f.sessions {
		opts[i] = sessionLabel(n)
	}
	f.session.Options = opts
	f.session.Selected = ""
	if len(opts) > 0 {
		f.session.Selected = opts[0]
	}
	f.session.Refresh()
	f.showWho()
}

// sessionName is the session picked.
func (f *evalFill) sessionName() string {
	i := f.session.SelectedIndex()
	if i < 0 || i >= len(f.sessions) {
		return ""
	}
	return f.sessions[i]
}

// showWho closes any form and asks who is at the keyboard.
func (f *evalFill) showWho() {
	f.closeForm()
	if f.c.ID == uuid.Nil || f.sessionName() == "" {
		f.setBody(container.NewCenter(widget.NewLabel(lang.L("eval.fill.no_session"))))
		return
	}
	people := f.s.byName(f.c.Participants)
	buttons := make([]fyne.CanvasObject, len(people))
	for i, p := range people {
		buttons[i] = widget.NewButton(f.s.name(p), func() { f.open(p) })
	}
	grid := container.NewGridWithColumns(4, buttons...)
	f.setBody(container.NewBorder(
		container.NewVBox(subheading(lang.L("eval.fill.who")), paragraph(lang.L("eval.fill.who.hint")),
			caption(lang.L("eval.fill.shared.hint"))),
		nil, nil, nil, container.NewVScroll(container.NewVBox(grid))))
}

func (f *evalFill) setBody(o fyne.CanvasObject) {
	f.body.Objects = []fyne.CanvasObject{o}
	f.body.Refresh()
}

// closeForm forgets the open form and its widgets: nothing typed in it
// stays on screen. A pending draft is still saved (personal mode).
func (f *evalFill) closeForm() {
	if f.opening != nil {
		f.opening.cancel()
		f.opening = nil
	}
	if f.form == nil {
		return
	}
	f.form.saver.flush()
	f.form.cancel()
	f.form = nil
}

// open shows the grids person fills in the session picked, restoring
// their draft from this laptop.
func (f *evalFill) open(person uuid.UUID) {
	session := f.sessionName()
	group, members, ok := f.s.u.r.GroupOf(f.c.ID, session, person)
	if !ok {
		f.s.u.showInfo(lang.L("eval.fill.no_group.title"),
			lang.L("eval.fill.no_group", map[string]any{"Name": f.s.name(person), "Session": sessionLabel(session)}))
		return
	}
	grids, _, err := f.s.u.r.CampaignGrids(f.c.ID)
	if err != nil {
		f.s.u.showError(lang.L("eval.error.grids"), err)
		return
	}
	gi := slices.IndexFunc(grids, func(g evaluation.Grid) bool { return g.Session == session })
	if gi < 0 {
		f.s.u.showError(lang.L("eval.error.grids"), fmt.Errorf("no grid for session %q", session))
		return
	}
	f.closeForm()
	f.gen++
	form := &evalForm{f: f, gen: f.gen, campaign: f.c.ID, session: session, evaluator: person, group: group,
		grid: grids[gi], saver: newDebouncer(f.s.u, draftDelay)}
	form.ctx, form.cancel = context.WithCancel(f.s.campaignCtx)
	form.members = append([]uuid.UUID{person}, slices.DeleteFunc(slices.Clone(members), func(m uuid.UUID) bool { return m == person })...)
	content := form.build()
	if !f.shared.Checked {
		// Personal mode: the laptop is the person's own; their draft
		// comes back as they left it.
		f.show(form, content)
		form.loadDraft(func(d replica.Draft, ok bool) {
			if ok {
				form.apply(d.Answers)
			}
		})
		return
	}
	// Shared-laptop mode: anyone may pick this name. The list stays on
	// screen until the draft is read; a draft kept here is restored only
	// once the person confirms it is theirs.
	f.opening = form
	form.loadDraft(func(d replica.Draft, ok bool) {
		if !ok || !answered(d.Answers) {
			f.show(form, content)
			return
		}
		f.confirmDraft(form, content, d)
	})
}

// show puts form on screen, built as content.
func (f *evalFill) show(form *evalForm, content fyne.CanvasObject) {
	if f.opening == form {
		f.opening = nil
	}
	f.form = form
	f.setBody(content)
	f.s.u.watch(form.ctx, form.loadStatus)
}

// confirmDraft asks, on a shared laptop, whether the person who picked a
// name is the one whose draft is kept here, naming them and saying when
// it was saved: only then does the draft come back. They may also delete
// it and start afresh, or go back to the list.
func (f *evalFill) confirmDraft(form *evalForm, content fyne.CanvasObject, d replica.Draft) {
	u := f.s.u
	name := f.s.name(form.evaluator)
	text := lang.L("eval.fill.draft.text", map[string]any{"Name": name, "When": formatTime(d.Saved),
		"Ago": aheadText(u.language, u.now().Sub(d.Saved))})
	dlg := dialog.NewCustomWithoutButtons(lang.L("eval.fill.draft.title", map[string]any{"Name": name}), message(text), u.win)
	current := func() bool { return f.opening == form && form.ctx.Err() == nil }
	mine := widget.NewButtonWithIcon(lang.L("eval.fill.draft.mine", map[string]any{"Name": name}), theme.ConfirmIcon(), func() {
		dlg.Hide()
		if current() {
			f.show(form, content)
			form.apply(d.Answers)
		}
	})
	mine.Importance = widget.HighImportance
	del := widget.NewButtonWithIcon(lang.L("eval.fill.draft.delete"), theme.DeleteIcon(), func() {
		dlg.Hide()
		if !current() {
			return
		}
		// The empty form shows once the draft is gone, so that nothing
		// typed meanwhile is saved and then deleted.
		u.write(func(ctx context.Context) error {
			if err := u.r.DeleteDraft(ctx, form.campaign, form.session, form.evaluator); err != nil {
				return fmt.Errorf("delete the draft: %w", err)
			}
			return nil
		}, func() {
			if current() {
				f.show(form, content)
			}
		})
	})
	del.Importance = widget.DangerImportance
	notMe := widget.NewButtonWithIcon(lang.L("eval.fill.draft.not_me"), theme.CancelIcon(), func() {
		dlg.Hide()
		if f.opening == form {
			f.opening = nil
			form.cancel()
		}
	})
	dlg.SetButtons([]fyne.CanvasObject{notMe, del, mine})
	dlg.Show()
}

// build makes the form's widgets: one tab per person evaluated.
func (fm *evalForm) build() fyne.CanvasObject {
	s := fm.f.s
	fm.tabs = container.NewAppTabs()
	for _, p := range fm.members {
		pg := &evalPersonGrid{evaluated: p}
		blocks := []fyne.CanvasObject{}
		for _, c := range fm.grid.Criteria {
			row := fm.critRow(c)
			pg.rows = append(pg.rows, row)
			name := widget.NewLabel(c.Name.In(s.u.language))
			name.TextStyle.Bold = true
			blocks = append(blocks, name, caption(c.Description.In(s.u.language)), row.choices(), row.anchor, row.comment,
				widget.NewSeparator())
		}
		pg.overall = newEvalEntry(s, true)
		pg.overall.SetPlaceHolder(lang.L("eval.fill.overall.placeholder"))
		pg.overall.OnChanged = func(string) { fm.changed() }
		overall := widget.NewLabel(lang.L("eval.fill.overall"))
		overall.TextStyle.Bold = true
		blocks = append(blocks, overall, pg.overall)
		fm.people = append(fm.people, pg)
		title := s.name(p)
		if p == fm.evaluator {
			title = lang.L("eval.fill.self_tab", map[string]any{"Name": title})
		}
		fm.tabs.Append(container.NewTabItem(title, container.NewVScroll(container.NewPadded(container.NewVBox(blocks...)))))
	}
	fm.status = widget.NewLabel("")
	fm.status.Truncation = fyne.TextTruncateEllipsis
	fm.problem = widget.NewLabel("")
	fm.problem.Importance = widget.DangerImportance
	fm.problem.Wrapping = fyne.TextWrapWord
	fm.problem.Hide()
	fm.submitBtn = widget.NewButtonWithIcon(lang.L("eval.fill.submit"), theme.ConfirmIcon(), fm.f.submit)
	fm.submitBtn.Importance = widget.HighImportance
	back := widget.NewButtonWithIcon(lang.L("eval.fill.change_person"), theme.NavigateBackIcon(), fm.leave)
	head := subheading(lang.L("eval.fill.as", map[string]any{
		"Name": s.name(fm.evaluator), "Session": sessionLabel(fm.session), "Group": fm.group + 1}))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, back, head),
		fm.status,
		caption(lang.L("eval.fill.hidden")))
	hint := widget.NewLabel(lang.L("eval.fill.submit.hint"))
	hint.SizeName = theme.SizeNameCaptionText
	hint.Truncation = fyne.TextTruncateEllipsis
	bottom := container.NewVBox(fm.problem, container.NewBorder(nil, nil, nil, fm.submitBtn, hint))
	return container.NewBorder(top, bottom, nil, nil, fm.tabs)
}

// critRow builds the fields of one criterion.
func (fm *evalForm) critRow(c evaluation.Criterion) *evalCritRow {
	s := fm.f.s
	row := &evalCritRow{crit: c}
	var opts []string
	for _, l := range fm.grid.Scale.Levels() {
		opts = append(opts, strconv.Itoa(l))
	}
	row.anchor = widget.NewLabel("")
	row.anchor.Wrapping = fyne.TextWrapWord
	row.anchor.TextStyle.Italic = true
	// "Can't say" is a box beside the levels, not one more level: the
	// levels stay narrow enough for a projector's large text, and a level
	// chosen and "can't say" exclude each other.
	row.levels = widget.NewRadioGroup(opts, func(sel string) {
		if sel != "" && row.cantSay != nil && row.cantSay.Checked {
			row.cantSay.SetChecked(false)
		}
		fm.showAnchor(row)
		fm.changed()
	})
	row.levels.Horizontal = true
	// Tapping the level chosen again keeps it: an answer is changed, or
	// set to "can't say", never silently emptied.
	row.levels.Required = true
	if fm.grid.Scale.CantSay {
		row.cantSay = widget.NewCheck(lang.L("eval.fill.cant_say"), func(on bool) {
			if on && row.levels.Selected != "" {
				row.levels.SetSelected("")
			}
			fm.showAnchor(row)
			fm.changed()
		})
	}
	row.comment = newEvalEntry(s, false)
	row.comment.SetPlaceHolder(lang.L("eval.fill.comment.placeholder"))
	row.comment.OnChanged = func(string) { fm.changed() }
	fm.showAnchor(row)
	return row
}

// choice reads a criterion's answer: a level, "can't say", or nothing yet.
func (fm *evalForm) choice(row *evalCritRow) (level int, cantSay, chosen bool) {
	if row.cantSay != nil && row.cantSay.Checked {
		return 0, true, true
	}
	n, err := strconv.Atoi(row.levels.Selected)
	if err != nil {
		return 0, false, false
	}
	return n, false, true
}

// choices is the levels and "can't say" side by side.
func (row *evalCritRow) choices() fyne.CanvasObject {
	if row.cantSay == nil {
		return row.levels
	}
	return container.NewHBox(row.levels, widget.NewSeparator(), row.cantSay)
}

// showAnchor says what the level chosen looks like, so that raters share
// a meaning for "2" and "4".
func (fm *evalForm) showAnchor(row *evalCritRow) {
	lvl, cant, chosen := fm.choice(row)
	switch {
	case !chosen:
		row.anchor.SetText(lang.L("eval.fill.anchor.none"))
	case cant:
		row.anchor.SetText(lang.L("eval.fill.anchor.cant_say"))
	default:
		if t, ok := row.crit.Anchor(lvl); ok {
			row.anchor.SetText(lang.L("eval.fill.anchor", map[string]any{"Level": lvl, "Text": t.In(fm.f.s.u.language)}))
		} else {
			row.anchor.SetText(lang.L("eval.fill.anchor.between", map[string]any{"Level": lvl}))
		}
	}
}

// answers reads the fields: with complete set, only complete grids'
// answers are wanted and missing lists what is not answered yet.
func (fm *evalForm) answers() (all []evaluation.Answer, missing []string) {
	s := fm.f.s
	for _, pg := range fm.people {
		var gaps []string
		for _, row := range pg.rows {
			lvl, cant, chosen := fm.choice(row)
			if !chosen {
				gaps = append(gaps, row.crit.Name.In(s.u.language))
			}
			if !chosen && row.comment.Text == "" {
				continue
			}
			all = append(all, evaluation.Answer{Campaign: fm.campaign, Session: fm.session, Criterion: row.crit.Key,
				Evaluator: fm.evaluator, Evaluated: pg.evaluated, Score: lvl, CantSay: cant, Comment: row.comment.Text})
		}
		all = append(all, evaluation.Answer{Campaign: fm.campaign, Session: fm.session, Criterion: evaluation.OverallKey,
			Evaluator: fm.evaluator, Evaluated: pg.evaluated, Comment: pg.overall.Text})
		if len(gaps) > 0 {
			missing = append(missing, lang.L("eval.fill.missing.person",
				map[string]any{"Name": s.name(pg.evaluated), "Criteria": strings.Join(gaps, ", ")}))
		}
	}
	return all, missing
}

// changed saves a draft once typing pauses.
func (fm *evalForm) changed() {
	if fm.applying || fm.submitting || fm.f.form != fm {
		return
	}
	fm.problem.Hide()
	all, _ := fm.answers()
	d := replica.Draft{Campaign: fm.campaign, Session: fm.session, Evaluator: fm.evaluator, Answers: all, Saved: fm.f.s.u.now()}
	u := fm.f.s.u
	fm.saver.call(func(ctx context.Context) {
		if err := u.r.SaveDraft(ctx, d); err != nil && u.ctx.Err() == nil {
			u.post(func() { u.showError(lang.L("eval.error.draft"), err) })
		}
	})
}

// loadDraft reads the evaluator's draft on this laptop, off the Fyne
// thread (it is decrypted), and hands it to then on the Fyne thread while
// the form is still the one open or opening. A draft that does not open
// is reported and treated as none: the form opens empty.
func (fm *evalForm) loadDraft(then func(d replica.Draft, ok bool)) {
	u := fm.f.s.u
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		d, ok, err := u.r.LoadDraft(fm.ctx, fm.campaign, fm.session, fm.evaluator)
		if fm.ctx.Err() != nil {
			return
		}
		u.post(func() {
			if fm.ctx.Err() != nil || (fm.f.form != fm && fm.f.opening != fm) {
				return
			}
			if err != nil {
				u.showError(lang.L("eval.error.draft"), err)
				ok = false
			}
			then(d, ok)
		})
	}()
}

// apply puts answers into the fields.
func (fm *evalForm) apply(answers []evaluation.Answer) {
	fm.applying = true
	defer func() { fm.applying = false }()
	for _, a := range answers {
		i := slices.Index(fm.members, a.Evaluated)
		if i < 0 || a.Evaluator != fm.evaluator || a.Session != fm.session {
			continue
		}
		pg := fm.people[i]
		if a.Criterion == evaluation.OverallKey {
			pg.overall.SetText(a.Comment)
			continue
		}
		for _, row := range pg.rows {
			if row.crit.Key != a.Criterion {
				continue
			}
			switch {
			case a.CantSay && row.cantSay != nil:
				row.cantSay.SetChecked(true)
			case fm.grid.Scale.Has(a.Score):
				row.levels.SetSelected(strconv.Itoa(a.Score))
			}
			row.comment.SetText(a.Comment)
		}
	}
}

// loadStatus shows who in the group has submitted all their grids, from
// the answers' clear fields: never what they answered.
func (fm *evalForm) loadStatus() []<-chan struct{} {
	ch := fm.f.s.u.r.Changed()
	done := map[[2]uuid.UUID]map[string]bool{}
	for _, a := range fm.f.s.u.r.AnswerStatus(fm.campaign) {
		if a.Session != fm.session || a.Criterion == evaluation.OverallKey {
			continue
		}
		k := [2]uuid.UUID{a.Evaluator, a.Evaluated}
		if done[k] == nil {
			done[k] = map[string]bool{}
		}
		done[k][a.Criterion] = true
	}
	var waiting []string
	for _, ev := range fm.members {
		n := 0
		for _, ed := range fm.members {
			grid := true
			for _, c := range fm.grid.Criteria {
				grid = grid && done[[2]uuid.UUID{ev, ed}][c.Key]
			}
			if grid {
				n++
			}
		}
		if n < len(fm.members) {
			waiting = append(waiting, lang.L("eval.fill.status.person",
				map[string]any{"Name": fm.f.s.name(ev), "Grids": n, "Total": len(fm.members)}))
		}
	}
	total := len(fm.members)
	if len(waiting) == 0 {
		fm.status.Importance = widget.SuccessImportance
		fm.status.SetText(lang.L("eval.fill.status.all", map[string]any{"Total": total}))
	} else {
		fm.status.Importance = widget.MediumImportance
		fm.status.SetText(lang.L("eval.fill.status.some", map[string]any{
			"Done": total - len(waiting), "Total": total, "Names": strings.Join(waiting, ", ")}))
	}
	return []<-chan struct{}{ch}
}

// leave goes back to "who are you" without submitting. The draft stays
// on this laptop (it survives a crash that way), but on a shared laptop
// whoever picks the same name could open it: the person is asked whether
// to keep it.
func (fm *evalForm) leave() {
	f := fm.f
	if all, _ := fm.answers(); !f.shared.Checked || !answered(all) {
		f.showWho()
		return
	}
	u := f.s.u
	d := dialog.NewCustomConfirm(lang.L("eval.fill.leave.title"), lang.L("eval.fill.leave.delete"),
		lang.L("eval.fill.leave.keep"), message(lang.L("eval.fill.leave.text")), func(del bool) {
			if f.form != fm {
				return
			}
			if !del {
				f.showWho()
				return
			}
			// Off the screen first, then off the disk once a save in
			// progress is done.
			f.showWho()
			u.write(func(ctx context.Context) error {
				fm.saver.cancel()
				return u.r.DeleteDraft(ctx, fm.campaign, fm.session, fm.evaluator)
			}, nil)
		}, u.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// answered reports whether answers hold anything typed or chosen.
func answered(all []evaluation.Answer) bool {
	for _, a := range all {
		if a.Score != 0 || a.CantSay || a.Comment != "" {
			return true
		}
	}
	return false
}

// step shows the next or previous person's grid.
func (f *evalFill) step(d int) {
	if f.form == nil {
		return
	}
	n := len(f.form.people)
	f.form.tabs.SelectIndex(((f.form.tabs.SelectedIndex()+d)%n + n) % n)
}

// submit checks that every criterion of every grid is answered, then
// submits each person's grid. In shared-laptop mode the draft is deleted
// and the form cleared; otherwise the draft stays, to revise and submit
// again.
func (f *evalFill) submit() {
	fm := f.form
	if fm == nil || fm.submitting {
		return
	}
	all, missing := fm.answers()
	if len(missing) > 0 {
		fm.problem.SetText(lang.L("eval.fill.missing", map[string]any{"List": strings.Join(missing, " ; ")}))
		fm.problem.Show()
		for i, pg := range fm.people {
			for _, row := range pg.rows {
				if _, _, chosen := fm.choice(row); !chosen {
					fm.tabs.SelectIndex(i)
					return
				}
			}
		}
		return
	}
	fm.problem.Hide()
	shared := f.shared.Checked
	byPerson := map[uuid.UUID][]evaluation.Answer{}
	for _, a := range all {
		byPerson[a.Evaluated] = append(byPerson[a.Evaluated], a)
	}
	d := replica.Draft{Campaign: fm.campaign, Session: fm.session, Evaluator: fm.evaluator, Answers: all, Saved: f.s.u.now()}
	name := f.s.name(fm.evaluator)
	fm.submitting = true
	fm.submitBtn.Disable()
	if shared {
		// The answers leave the screen now, before the write: whoever
		// takes the laptop next sees none of them even if it is slow.
		f.showWho()
	}
	u := f.s.u
	u.writeOr(func(ctx context.Context) error {
		for _, p := range fm.members {
			if err := u.r.SubmitGrid(ctx, byPerson[p]); err != nil {
				return fmt.Errorf("submit the grid on %s: %w", f.s.name(p), err)
			}
		}
		if shared {
			fm.saver.cancel()
			if err := u.r.DeleteDraft(ctx, fm.campaign, fm.session, fm.evaluator); err != nil {
				return fmt.Errorf("delete the draft: %w", err)
			}
			return nil
		}
		fm.saver.cancel()
		return u.r.SaveDraft(ctx, d)
	}, func() {
		fm.submitting = false
		fm.submitBtn.Enable()
		if shared {
			u.showInfo(lang.L("eval.fill.sent.title"), lang.L("eval.fill.sent.shared", map[string]any{"Name": name}))
		} else {
			u.showInfo(lang.L("eval.fill.sent.title"), lang.L("eval.fill.sent.personal", map[string]any{"Name": name}))
		}
	}, func() {
		fm.submitting = false
		fm.submitBtn.Enable()
	})
}

// errWrongCode tells whether err is a code that does not open.
func errWrongCode(err error) bool { return errors.Is(err, replica.ErrWrongCode) }

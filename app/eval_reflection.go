package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
)

// evalReflection is the collective reflection about one evaluated person,
// co-written by the group on one screen after the reveal (issue 8): the
// five questions of 2011, then the action plan that follows the person up
// ("left to themselves" after feedback is what the study found). The
// answers are sealed; the group reopens them with its code. Actions are
// ordinary actions of the campaign's HR committee, in clear, listed until
// done.
type evalReflection struct {
	s       *evalScreen
	ctx     context.Context
	cancel  context.CancelFunc
	c       evaluation.Campaign
	session string
	person  uuid.UUID
	code    string

	questions []string
	entries   []*evalEntry
	status    *widget.Label
	saver     *debouncer
	loaded    bool

	// What the replica holds, question by question, as last read or
	// saved here: a field that differs from it holds typing not saved yet.
	base []string
	// past are the texts each answer had here before: another laptop's
	// save that brings one back was written without seeing the newer
	// text (the two saves crossed), and does not replace it.
	past []map[string]bool
	// sent are the versions this laptop saved lately (noted by the
	// saver's goroutine just before each save, hence the lock): read
	// back, they are this laptop's own saves, not another's.
	sentMu sync.Mutex
	sent   [][]string
	// applying is set while the fields are filled from the replica,
	// which is no typing to save.
	applying bool
	// edited is when each question was last typed in: someone typing
	// keeps their words even just after a save.
	edited     []time.Time
	reading    bool // a read of the replica's version is under way
	readAgain  bool // and another change came meanwhile
	newer      map[int]string
	newerBox   *fyne.Container
	newerLabel *widget.Label

	actions   *fyne.Container
	text      *evalEntry
	owner     *widget.Select
	owners    []evalOwner
	due       *evalEntry
	add       *widget.Button
	actionMsg *widget.Label
	root      *fyne.Container
}

// evalOwner is who may own an action of the plan: the person or a
// committee.
type evalOwner struct {
	id        uuid.UUID
	committee bool
}

func newEvalReflection(s *evalScreen, ctx context.Context, c evaluation.Campaign, session string, person uuid.UUID, code string) *evalReflection {
	f := &evalReflection{s: s, c: c, session: session, person: person, code: code, saver: newDebouncer(s.u, draftDelay)}
	f.ctx, f.cancel = context.WithCancel(ctx)
	name := s.name(person)
	box := container.NewVBox(subheading(lang.L("eval.reflection.title", map[string]any{"Name": name})))
	f.status = caption(lang.L("eval.reflection.opening"))
	box.Add(f.status)
	f.questions = evaluation.ReflectionQuestions()
	f.edited = make([]time.Time, len(f.questions))
	f.newerLabel = paragraph(lang.L("eval.reflection.newer"))
	loadNewer := widget.NewButtonWithIcon(lang.L("eval.reflection.load_newer"), theme.ViewRefreshIcon(), f.loadNewer)
	loadNewer.Importance = widget.HighImportance
	keepMine := widget.NewButton(lang.L("eval.reflection.keep_mine"), f.keepMine)
	f.newerBox = container.NewPadded(banner(theme.ColorNameWarning, theme.WarningIcon(),
		container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(keepMine, loadNewer)), f.newerLabel)))
	f.newerBox.Hide()
	for i, q := range f.questions {
		e := newEvalEntry(s, true)
		e.Disable()
		e.OnChanged = func(string) { f.changed(i) }
		f.entries = append(f.entries, e)
		l := widget.NewLabel(lang.L("eval.reflection.q", map[string]any{"N": i + 1, "Text": questionText(q, name)}))
		l.TextStyle.Bold = true
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
		box.Add(e)
	}

	box.Add(widget.NewSeparator())
	box.Add(subheading(lang.L("eval.plan.title")))
	box.Add(caption(lang.L("eval.plan.hint")))
	f.actions = container.NewVBox()
	box.Add(f.actions)
	f.text = newEvalEntry(s, false)
	f.text.SetPlaceHolder(lang.L("eval.plan.text"))
	f.text.OnSubmitted = func(string) { f.addAction() }
	// The person, then the committee running the campaign (most plans
	// ask something of it), then the other committees.
	f.owners = []evalOwner{{id: person}}
	opts := []string{name}
	coms := slices.Clone(s.committees)
	slices.SortStableFunc(coms, func(a, b konbit.Committee) int {
		return cmp.Compare(boolRank(a.ID != c.Committee), boolRank(b.ID != c.Committee))
	})
	for _, com := range coms {
		f.owners = append(f.owners, evalOwner{id: com.ID, committee: true})
		opts = append(opts, com.Name)
	}
	f.owner = widget.NewSelect(opts, nil)
	f.owner.SetSelectedIndex(0)
	f.due = newEvalEntry(s, false)
	f.due.SetPlaceHolder(lang.L("eval.plan.due"))
	f.due.OnSubmitted = func(string) { f.addAction() }
	f.add = widget.NewButtonWithIcon(lang.L("eval.plan.add"), theme.ContentAddIcon(), f.addAction)
	f.actionMsg = widget.NewLabel("")
	f.actionMsg.Importance = widget.DangerImportance
	f.actionMsg.Hide()
	// The action on its own line, then who and by when: the owner's name
	// and the date stay whole at 1024x768 in large text.
	box.Add(f.text)
	box.Add(container.NewBorder(nil, nil, nil, f.add, container.NewGridWithColumns(2, f.owner, f.due)))
	box.Add(f.actionMsg)
	// The banner stays in sight above the questions, wherever the group
	// has scrolled to.
	f.root = container.NewBorder(f.newerBox, nil, nil, nil, container.NewVScroll(container.NewPadded(box)))

	s.u.watch(f.ctx, f.loadActions)
	f.load()
	return f
}

func (f *evalReflection) content() fyne.CanvasObject { return f.root }

// boolRank orders false before true.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// questionText is a question of the reflection about the person named.
func questionText(key, name string) string {
	data := map[string]any{"Name": name}
	switch key {
	case evaluation.QuestionImprove:
		return lang.L("eval.question.improve", data)
	case evaluation.QuestionOrgHelp:
		return lang.L("eval.question.org-help", data)
	case evaluation.QuestionShowcase:
		return lang.L("eval.question.showcase", data)
	case evaluation.QuestionShare:
		return lang.L("eval.question.share", data)
	case evaluation.QuestionRelations:
		return lang.L("eval.question.relations", data)
	}
	return key // a question of a newer version
}

// load opens the reflection with the group's code, off the Fyne thread,
// then follows the saves other laptops make of it.
func (f *evalReflection) load() {
	u := f.s.u
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		ref, _, err := u.r.ReadReflection(f.ctx, f.c.ID, f.session, f.person, f.code)
		if f.ctx.Err() != nil {
			return
		}
		u.post(func() {
			if f.ctx.Err() != nil {
				return
			}
			if err != nil {
				f.status.SetText(lang.L("eval.reflection.unreadable"))
				if errWrongCode(err) {
					f.status.SetText(lang.L("eval.reflection.other_group"))
					return
				}
				u.showError(lang.L("eval.error.reflection"), err)
				return
			}
			f.base = f.textsOf(ref)
			f.past = make([]map[string]bool, len(f.questions))
			for i := range f.past {
				f.past[i] = map[string]bool{}
			}
			f.applying = true
			for i := range f.questions {
				f.entries[i].SetText(f.base[i])
				f.entries[i].Enable()
			}
			f.applying = false
			f.loaded = true
			f.status.SetText(lang.L("eval.reflection.ready"))
			first := true
			u.watch(f.ctx, func() []<-chan struct{} {
				ch := u.r.Changed()
				if !first {
					f.reread()
				}
				first = false
				return []<-chan struct{}{ch}
			})
		})
	}()
}

// textsOf is a reflection's answers in the order of the questions.
func (f *evalReflection) textsOf(ref evaluation.Reflection) []string {
	out := make([]string, len(f.questions))
	for i, q := range f.questions {
		out[i] = ref.Answers[q]
	}
	return out
}

// fields is what the fields hold, in the order of the questions, a blank
// answer as none (it is saved so).
func (f *evalReflection) fields() []string {
	out := make([]string, len(f.entries))
	for i, e := range f.entries {
		if strings.TrimSpace(e.Text) != "" {
			out[i] = e.Text
		}
	}
	return out
}

// reflection is texts (from fields) as a reflection.
func (f *evalReflection) reflection(texts []string) evaluation.Reflection {
	ref := evaluation.Reflection{Campaign: f.c.ID, Session: f.session, Person: f.person, Answers: map[string]string{}}
	for i, q := range f.questions {
		if texts[i] != "" {
			ref.Answers[q] = texts[i]
		}
	}
	return ref
}

// typingGrace is how long after a key someone counts as still typing in
// a question: another laptop's save does not replace the words under
// their cursor, even just after their own save.
const typingGrace = 10 * time.Second

// maxSent bounds the versions remembered as this laptop's own saves.
const maxSent = 8

// noteSent remembers texts as saved by this laptop.
func (f *evalReflection) noteSent(texts []string) {
	f.sentMu.Lock()
	defer f.sentMu.Unlock()
	f.sent = append(f.sent, texts)
	if len(f.sent) > maxSent {
		f.sent = f.sent[len(f.sent)-maxSent:]
	}
}

// ours reports whether texts is a version this laptop saved lately.
func (f *evalReflection) ours(texts []string) bool {
	f.sentMu.Lock()
	defer f.sentMu.Unlock()
	return slices.ContainsFunc(f.sent, func(t []string) bool { return slices.Equal(t, texts) })
}

// changed notes typing in question i and saves the reflection once
// typing pauses.
func (f *evalReflection) changed(i int) {
	if !f.loaded || f.applying || f.ctx.Err() != nil {
		return
	}
	f.edited[i] = f.s.u.now()
	f.status.SetText(lang.L("eval.reflection.unsaved"))
	f.schedule()
}

// schedule has what the fields hold saved once typing pauses.
func (f *evalReflection) schedule() {
	texts := f.fields()
	ref := f.reflection(texts)
	u := f.s.u
	f.saver.call(func(ctx context.Context) {
		f.noteSent(texts)
		err := u.r.SaveReflection(ctx, ref)
		if u.ctx.Err() != nil {
			return
		}
		at := u.now()
		u.post(func() {
			if f.ctx.Err() != nil {
				return
			}
			if err != nil {
				f.status.SetText(lang.L("eval.reflection.unsaved"))
				u.showError(lang.L("eval.error.reflection"), err)
				return
			}
			// The base moves when the save is read back (merge): a
			// newer version may have arrived meanwhile.
			f.status.SetText(lang.L("eval.reflection.saved", map[string]any{"Time": at.Format("15:04")}))
		})
	})
}

// reread reads the replica's version again after a change, off the Fyne
// thread (it is decrypted), one read at a time.
func (f *evalReflection) reread() {
	if f.reading {
		f.readAgain = true
		return
	}
	f.reading = true
	u := f.s.u
	u.bg.Add(1)
	go func() {
		defer u.bg.Done()
		ref, ok, err := u.r.ReadReflection(f.ctx, f.c.ID, f.session, f.person, f.code)
		if f.ctx.Err() != nil {
			return
		}
		u.post(func() {
			f.reading = false
			if f.ctx.Err() != nil {
				return
			}
			if err == nil && ok {
				f.merge(f.textsOf(ref))
			}
			if f.readAgain {
				f.readAgain = false
				f.reread()
			}
		})
	}()
}

// setBase records that the replica holds text as answer i.
func (f *evalReflection) setBase(i int, text string) {
	if f.base[i] != text {
		f.past[i][f.base[i]] = true
		f.base[i] = text
	}
}

// merge takes in the version the replica holds now. This laptop's own
// save only moves the base. Another laptop's save replaces each answer
// nobody here is typing in; an answer being typed keeps its words, and a
// banner says a newer version exists, with buttons to load it or keep
// what was typed. The newer text stays at hand after this laptop's next
// save replaced it in the replica: "Load it" still brings it back. An
// answer brought back to a text it had here before is a crossed save,
// not a change: it is kept (the reflection is one record, the later
// save wins whole) and saved again.
func (f *evalReflection) merge(remote []string) {
	if f.ours(remote) {
		for i, t := range remote {
			f.setBase(i, t)
		}
		if !slices.Equal(f.fields(), remote) && !f.saver.pending() {
			// Taken in from another laptop after this save left:
			// save again, so that it is not lost.
			f.schedule()
		}
		return
	}
	now := f.s.u.now()
	updated, stale := false, false
	local := f.fields()
	for i, e := range f.entries {
		switch {
		case remote[i] == f.base[i]:
		case local[i] == remote[i]:
			f.setBase(i, remote[i])
			delete(f.newer, i)
		case f.past[i][remote[i]]:
			// An older text of this answer: the other laptop saved
			// without having seen the newer one. Keep it, and save it
			// again with the rest of their version.
			stale = true
		case local[i] != f.base[i] || now.Sub(f.edited[i]) < typingGrace:
			if f.newer == nil {
				f.newer = map[int]string{}
			}
			f.newer[i] = remote[i]
		default:
			f.applying = true
			e.SetText(remote[i])
			f.applying = false
			f.setBase(i, remote[i])
			updated = true
		}
	}
	if updated {
		f.status.SetText(lang.L("eval.reflection.updated", map[string]any{"Time": now.Format("15:04")}))
	}
	if stale || (updated && f.saver.pending()) {
		// A save of this laptop's typing waits with the old texts of
		// the answers just replaced, or the replica lost an answer to a
		// crossed save: save what the fields hold now.
		f.schedule()
	}
	f.showNewer()
}

// showNewer shows the banner while answers typed here have a newer
// version saved elsewhere.
func (f *evalReflection) showNewer() {
	show := len(f.newer) > 0
	if show == f.newerBox.Visible() {
		return
	}
	if show {
		f.newerBox.Show()
	} else {
		f.newerBox.Hide()
	}
	f.root.Refresh() // lays the pane out again, with or without it
}

// loadNewer replaces the answers typed here by the newer version saved
// on another laptop, and saves that (this laptop's typing may have
// replaced it in the replica since).
func (f *evalReflection) loadNewer() {
	if len(f.newer) == 0 {
		return
	}
	f.applying = true
	for i, t := range f.newer {
		f.entries[i].SetText(t)
		f.edited[i] = time.Time{}
	}
	f.applying = false
	f.newer = nil
	f.showNewer()
	f.schedule()
	f.saver.flush()
}

// keepMine keeps what was typed here and saves it over the newer version.
func (f *evalReflection) keepMine() {
	f.newer = nil
	f.showNewer()
	f.schedule()
	f.saver.flush()
}

// saveNow saves at once (Ctrl+S).
func (f *evalReflection) saveNow() { f.saver.flush() }

// close saves what is pending and stops the pane's watchers.
func (f *evalReflection) close() {
	f.saver.flush()
	f.cancel()
}

// loadActions lists the plan's actions about the person in this campaign.
func (f *evalReflection) loadActions() []<-chan struct{} {
	all, ch := f.s.u.r.PersonActions(f.person)
	var rows []fyne.CanvasObject
	for _, a := range all {
		if a.Campaign != f.c.ID {
			continue
		}
		rows = append(rows, f.actionRow(a))
	}
	if len(rows) == 0 {
		rows = append(rows, caption(lang.L("eval.plan.none")))
	}
	f.actions.Objects = rows
	f.actions.Refresh()
	return []<-chan struct{}{ch}
}

// actionRow shows one action with its owner and due date, and a box to
// mark it done.
func (f *evalReflection) actionRow(a meetings.Action) fyne.CanvasObject {
	done := widget.NewCheck(a.Text, nil)
	done.SetChecked(a.Done)
	done.OnChanged = func(on bool) {
		b := a
		if on {
			b.MarkDone(f.s.u.now())
		} else {
			b.Done, b.DoneAt = false, time.Time{}
		}
		f.s.u.writeOr(func(ctx context.Context) error {
			if _, err := f.s.u.r.SaveEvaluationAction(ctx, b); err != nil {
				return fmt.Errorf("action plan: %w", err)
			}
			return nil
		}, nil, func() {
			// Not saved: the box shows again what the replica holds.
			h := done.OnChanged
			done.OnChanged = nil
			done.SetChecked(a.Done)
			done.OnChanged = h
		})
	}
	return container.NewBorder(nil, nil, nil, ownerDueLabel(f.s.actionOwnerDue(a)), done)
}

// ownerDueLabel shows who owns an action and by when beside it, whole: a
// wrapping caption squeezed beside the action would show two letters.
func ownerDueLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// actionOwnerDue says who owns an action and by when.
func (s *evalScreen) actionOwnerDue(a meetings.Action) string {
	owner := s.name(a.Owner)
	if a.OwnerIsCommittee {
		owner = lang.L("eval.plan.committee_unknown")
		for _, c := range s.committees {
			if c.ID == a.Owner {
				owner = c.Name
			}
		}
	}
	if a.Due == "" {
		return owner
	}
	return lang.L("eval.plan.owner_due", map[string]any{"Owner": owner, "Due": a.Due})
}

// addAction adds the action typed to the plan.
func (f *evalReflection) addAction() {
	text := strings.TrimSpace(f.text.Text)
	due := strings.TrimSpace(f.due.Text)
	if text == "" {
		f.actionMsg.SetText(lang.L("eval.plan.need_text"))
		f.actionMsg.Show()
		return
	}
	if due != "" {
		if _, err := time.Parse(meetings.DateLayout, due); err != nil {
			f.actionMsg.SetText(lang.L("eval.plan.bad_due"))
			f.actionMsg.Show()
			return
		}
	}
	i := max(f.owner.SelectedIndex(), 0)
	a := meetings.Action{Campaign: f.c.ID, About: f.person, Text: text, Owner: f.owners[i].id,
		OwnerIsCommittee: f.owners[i].committee, Due: due}
	f.actionMsg.Hide()
	f.text.SetText("")
	f.due.SetText("")
	f.s.u.writeOr(func(ctx context.Context) error {
		if _, err := f.s.u.r.SaveEvaluationAction(ctx, a); err != nil {
			return fmt.Errorf("action plan: %w", err)
		}
		return nil
	}, nil, func() {
		// Not saved: give the text back rather than lose it.
		if f.text.Text == "" {
			f.text.SetText(text)
			f.due.SetText(due)
		}
	})
	f.s.u.win.Canvas().Focus(f.text)
}

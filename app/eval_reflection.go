package app

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/google/uuid"

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

	actions   *fyne.Container
	text      *evalEntry
	owner     *widget.Select
	owners    []evalOwner
	due       *evalEntry
	add       *widget.Button
	actionMsg *widget.Label
	root      fyne.CanvasObject
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
	for i, q := range f.questions {
		e := newEvalEntry(s, true)
		e.Disable()
		e.OnChanged = func(string) { f.changed() }
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
	f.owners = []evalOwner{{id: person}}
	opts := []string{name}
	for _, com := range s.committees {
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
	dueBox := container.New(&minWidthLayout{width: 7 * theme.TextSize()}, f.due)
	box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(f.owner, dueBox, f.add), f.text))
	box.Add(f.actionMsg)
	f.root = container.NewVScroll(container.NewPadded(box))

	s.u.watch(f.ctx, f.loadActions)
	f.load()
	return f
}

func (f *evalReflection) content() fyne.CanvasObject { return f.root }

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

// load opens the reflection with the group's code, off the Fyne thread.
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
				u.showError(lang.L("eval.error.reflection"), err)
				return
			}
			for i, q := range f.questions {
				f.entries[i].SetText(ref.Answers[q])
				f.entries[i].Enable()
			}
			f.loaded = true
			f.status.SetText(lang.L("eval.reflection.ready"))
		})
	}()
}

// reflection is what the fields hold.
func (f *evalReflection) reflection() evaluation.Reflection {
	ref := evaluation.Reflection{Campaign: f.c.ID, Session: f.session, Person: f.person, Answers: map[string]string{}}
	for i, q := range f.questions {
		if t := f.entries[i].Text; strings.TrimSpace(t) != "" {
			ref.Answers[q] = t
		}
	}
	return ref
}

// changed saves the reflection once typing pauses.
func (f *evalReflection) changed() {
	if !f.loaded || f.ctx.Err() != nil {
		return
	}
	f.status.SetText(lang.L("eval.reflection.unsaved"))
	ref := f.reflection()
	ref.Answers = maps.Clone(ref.Answers)
	u := f.s.u
	f.saver.call(func(ctx context.Context) {
		err := u.r.SaveReflection(ctx, ref)
		if u.ctx.Err() != nil {
			return
		}
		at := u.now()
		u.post(func() {
			if err != nil {
				f.status.SetText(lang.L("eval.reflection.unsaved"))
				u.showError(lang.L("eval.error.reflection"), err)
				return
			}
			if f.ctx.Err() == nil {
				f.status.SetText(lang.L("eval.reflection.saved", map[string]any{"Time": at.Format("15:04")}))
			}
		})
	})
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
		f.s.u.write(func(ctx context.Context) error {
			_, err := f.s.u.r.SaveEvaluationAction(ctx, b)
			return err
		}, nil)
	}
	return container.NewBorder(nil, nil, nil, caption(f.s.actionOwnerDue(a)), done)
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

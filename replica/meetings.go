package replica

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Meetings returns every meeting, newest first (by date, then time), and a
// channel closed when the list changes.
func (r *Replica) Meetings() ([]meetings.Meeting, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeMeeting)
	out := make([]meetings.Meeting, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.MeetingFromFields(rec.ID, rec.Fields))
	}
	slices.SortStableFunc(out, func(a, b meetings.Meeting) int {
		if c := strings.Compare(b.Date, a.Date); c != 0 {
			return c
		}
		return strings.Compare(b.Time, a.Time)
	})
	return out, ch
}

// Meeting returns one meeting and a channel closed when it changes.
func (r *Replica) Meeting(id uuid.UUID) (meetings.Meeting, <-chan struct{}, error) {
	rec, ch := r.view.Get(id)
	if rec == nil || rec.Type != konbit.TypeMeeting {
		return meetings.Meeting{}, ch, fmt.Errorf("meeting %s: %w", id, ErrNotFound)
	}
	return meetings.MeetingFromFields(rec.ID, rec.Fields), ch, nil
}

// FindMeeting resolves a meeting by id, unique id prefix or exact title.
func (r *Replica) FindMeeting(ref string) (meetings.Meeting, error) {
	ms, _ := r.Meetings()
	return find(ms, ref, "meeting", func(m meetings.Meeting) (uuid.UUID, string) { return m.ID, m.Title })
}

// Templates returns the meeting templates, the defaults first in menu
// order, and a channel closed when they change. Defaults not yet written
// to the records are included as they ship.
func (r *Replica) Templates() ([]meetings.Template, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeTemplate)
	have := map[uuid.UUID]meetings.Template{}
	for _, rec := range recs {
		have[rec.ID] = meetings.TemplateFromFields(rec.ID, rec.Fields)
	}
	var out []meetings.Template
	for _, d := range meetings.DefaultTemplates() {
		if t, ok := have[d.ID]; ok {
			out = append(out, t)
			delete(have, d.ID)
		} else {
			out = append(out, d)
		}
	}
	for _, rec := range recs {
		if t, ok := have[rec.ID]; ok {
			out = append(out, t)
		}
	}
	return out, ch
}

// Template returns the template with the given key.
func (r *Replica) Template(key string) (meetings.Template, error) {
	ts, _ := r.Templates()
	for _, t := range ts {
		if t.Key == key {
			return t, nil
		}
	}
	return meetings.Template{}, fmt.Errorf("template %q: %w", key, ErrNotFound)
}

// SaveTemplate writes an edited template (the defaults are records like
// any other, with ids every laptop derives alike).
func (r *Replica) SaveTemplate(ctx context.Context, t meetings.Template) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if _, err := r.Commit(ctx, crdt.Set(t.ID, konbit.TypeTemplate, t.Fields()...)); err != nil {
		return fmt.Errorf("save template: %w", err)
	}
	return nil
}

// NewMeeting is what creating a meeting needs.
type NewMeeting struct {
	Template string    // template key
	Body     uuid.UUID // uuid.Nil: the work collective
	Date     string    // YYYY-MM-DD
	Time     string    // HH:MM, optional
	Title    string    // default: the template's name in the language
	Language string    // fr or en; default fr
}

// CreateMeeting creates a meeting and its agenda from a template, in one
// change.
func (r *Replica) CreateMeeting(ctx context.Context, spec NewMeeting) (meetings.Meeting, error) {
	key, err := meetings.ParseTemplateKey(spec.Template)
	if err != nil {
		return meetings.Meeting{}, err
	}
	t, err := r.Template(key)
	if err != nil {
		return meetings.Meeting{}, err
	}
	if spec.Body != uuid.Nil {
		if c, _ := r.view.Get(spec.Body); c == nil || c.Type != konbit.TypeCommittee {
			return meetings.Meeting{}, fmt.Errorf("body %s is not a committee", spec.Body)
		}
	}
	if spec.Language == "" {
		spec.Language = meetings.French
	}
	title := strings.TrimSpace(spec.Title)
	if title == "" {
		title = t.Name(spec.Language)
		if c, _ := r.view.Get(spec.Body); c != nil && spec.Body != uuid.Nil {
			sep := ": "
			if spec.Language == meetings.French {
				sep = "\u00a0: " // French puts a (non-breaking) space before a colon
			}
			title += sep + konbit.CommitteeFromFields(c.ID, c.Fields).Name
		}
	}
	m := meetings.NewMeeting(title, key, spec.Body, spec.Date)
	m.Time, m.Language = spec.Time, spec.Language
	if err := m.Validate(); err != nil {
		return m, err
	}
	ops := []crdt.Op{crdt.Set(m.ID, konbit.TypeMeeting, m.Fields()...)}
	for _, it := range t.Instantiate(m.ID, m.Language) {
		ops = append(ops, crdt.Set(it.ID, konbit.TypeAgendaItem, it.Fields()...))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return m, fmt.Errorf("create meeting: %w", err)
	}
	return m, nil
}

// SaveMeeting writes the fields of m that changed.
func (r *Replica) SaveMeeting(ctx context.Context, m meetings.Meeting) error {
	if err := m.Validate(); err != nil {
		return err
	}
	old, _, err := r.Meeting(m.ID)
	if err != nil {
		return err
	}
	fields := m.ChangedFields(&old)
	if len(fields) == 0 {
		return nil
	}
	ops := []crdt.Op{crdt.Set(m.ID, konbit.TypeMeeting, fields...)}
	if m.Date != old.Date {
		// Marks carry their meeting's date for range queries: move them
		// with it, in the same change.
		marks, err := r.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, mk := range marks {
			mk.Date = m.Date
			ops = append(ops, crdt.Set(mk.ID(), konbit.TypeAttendance, mk.Fields()...))
		}
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("save meeting: %w", err)
	}
	return nil
}

// StartMeeting marks the meeting live and opens its first item not done.
func (r *Replica) StartMeeting(ctx context.Context, id uuid.UUID, now time.Time) error {
	m, _, err := r.Meeting(id)
	if err != nil {
		return err
	}
	items, _ := r.Agenda(id)
	ops := []crdt.Op{}
	if m.Status != meetings.Live {
		m2 := m
		m2.Status = meetings.Live
		m2.EndedAt = time.Time{} // a finished meeting may be taken up again
		if m2.StartedAt.IsZero() {
			m2.StartedAt = now
		}
		if m2.CurrentItem == uuid.Nil {
			for _, it := range items {
				if it.EndedAt.IsZero() {
					m2.CurrentItem = it.ID
					if it.StartedAt.IsZero() {
						old := it
						it.StartedAt = now
						ops = append(ops, crdt.Set(it.ID, konbit.TypeAgendaItem, it.ChangedFields(&old)...))
					}
					break
				}
			}
		}
		ops = append(ops, crdt.Set(m.ID, konbit.TypeMeeting, m2.ChangedFields(&m)...))
	}
	if len(ops) == 0 {
		return nil
	}
	_, err = r.Commit(ctx, ops...)
	return err
}

// FinishMeeting closes the current item and marks the meeting finished.
func (r *Replica) FinishMeeting(ctx context.Context, id uuid.UUID, now time.Time) error {
	m, _, err := r.Meeting(id)
	if err != nil {
		return err
	}
	var ops []crdt.Op
	if it, err := r.Item(m.CurrentItem); err == nil && it.EndedAt.IsZero() && !it.StartedAt.IsZero() {
		old := it
		it.EndedAt = now
		ops = append(ops, crdt.Set(it.ID, konbit.TypeAgendaItem, it.ChangedFields(&old)...))
	}
	m2 := m
	m2.Status, m2.EndedAt, m2.CurrentItem = meetings.Finished, now, uuid.Nil
	ops = append(ops, crdt.Set(m.ID, konbit.TypeMeeting, m2.ChangedFields(&m)...))
	_, err = r.Commit(ctx, ops...)
	return err
}

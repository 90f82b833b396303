package replica

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Agenda returns a meeting's items in agenda order and a channel closed
// when one of them changes or one is added: it watches this meeting only.
func (r *Replica) Agenda(meeting uuid.UUID) ([]meetings.Item, <-chan struct{}) {
	recs, ch := r.view.ByScope(konbit.TypeAgendaItem, meeting.String())
	out := make([]meetings.Item, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.ItemFromFields(rec.ID, rec.Fields))
	}
	meetings.SortItems(out)
	return out, ch
}

// Item returns one agenda item.
func (r *Replica) Item(id uuid.UUID) (meetings.Item, error) {
	rec, _ := r.view.Get(id)
	if rec == nil || rec.Type != konbit.TypeAgendaItem {
		return meetings.Item{}, fmt.Errorf("agenda item %s: %w", id, ErrNotFound)
	}
	return meetings.ItemFromFields(rec.ID, rec.Fields), nil
}

// AddItem appends an item to a meeting's agenda (before, during or after
// the meeting) and returns it with its id and position.
func (r *Replica) AddItem(ctx context.Context, it meetings.Item) (meetings.Item, error) {
	if _, _, err := r.Meeting(it.Meeting); err != nil {
		return it, err
	}
	items, _ := r.Agenda(it.Meeting)
	it.ID = crdt.NewID()
	it.Position = meetings.Reorder(items, it.ID, len(items)) // at the end
	if it.Kind == "" {
		it.Kind = meetings.KindNormal
	}
	if err := it.Validate(); err != nil {
		return it, err
	}
	if _, err := r.Commit(ctx, crdt.Set(it.ID, konbit.TypeAgendaItem, it.Fields()...)); err != nil {
		return it, fmt.Errorf("add agenda item: %w", err)
	}
	return it, nil
}

// SaveItem writes the fields of an item that changed.
func (r *Replica) SaveItem(ctx context.Context, it meetings.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	old, err := r.Item(it.ID)
	if err != nil {
		return err
	}
	if it.Meeting != old.Meeting {
		return fmt.Errorf("agenda item %q belongs to another meeting: add a new item there instead", old.Title)
	}
	fields := it.ChangedFields(&old)
	if len(fields) == 0 {
		return nil
	}
	if _, err := r.Commit(ctx, crdt.Set(it.ID, konbit.TypeAgendaItem, fields...)); err != nil {
		return fmt.Errorf("save agenda item: %w", err)
	}
	return nil
}

// MoveItem moves an item to index in its meeting's agenda: one write of
// its position, which merges with edits made elsewhere meanwhile.
func (r *Replica) MoveItem(ctx context.Context, id uuid.UUID, index int) error {
	it, err := r.Item(id)
	if err != nil {
		return err
	}
	items, _ := r.Agenda(it.Meeting)
	it.Position = meetings.Reorder(items, id, index)
	return r.SaveItem(ctx, it)
}

// RemoveItem deletes an agenda item. Removing the current item of a live
// meeting leaves it with no current item, in the same change (the next
// item is then the first not yet done).
func (r *Replica) RemoveItem(ctx context.Context, id uuid.UUID) error {
	it, err := r.Item(id)
	if err != nil {
		return err
	}
	ops := []crdt.Op{crdt.Delete(id, konbit.TypeAgendaItem)}
	if m, _, err := r.Meeting(it.Meeting); err == nil && m.CurrentItem == id {
		m2 := m
		m2.CurrentItem = uuid.Nil
		ops = append(ops, crdt.Set(m.ID, konbit.TypeMeeting, m2.ChangedFields(&m)...))
	}
	_, err = r.Commit(ctx, ops...)
	return err
}

// GoToItem makes item the meeting's current one: the current item ends,
// the new one starts (unless it had already), in one change.
func (r *Replica) GoToItem(ctx context.Context, meeting, item uuid.UUID, now time.Time) error {
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return err
	}
	next, err := r.Item(item)
	if err != nil || next.Meeting != meeting {
		return fmt.Errorf("item %s is not on this meeting's agenda", item)
	}
	var ops []crdt.Op
	if cur, err := r.Item(m.CurrentItem); err == nil && cur.ID != item && cur.EndedAt.IsZero() {
		old := cur
		if cur.StartedAt.IsZero() {
			cur.StartedAt = now
		}
		cur.EndedAt = now
		ops = append(ops, crdt.Set(cur.ID, konbit.TypeAgendaItem, cur.ChangedFields(&old)...))
	}
	old := next
	if next.StartedAt.IsZero() {
		next.StartedAt = now
	}
	next.EndedAt = time.Time{}
	if f := next.ChangedFields(&old); len(f) > 0 {
		ops = append(ops, crdt.Set(next.ID, konbit.TypeAgendaItem, f...))
	}
	m2 := m
	m2.CurrentItem = item
	if m2.Status == meetings.Planned {
		m2.Status = meetings.Live
		m2.StartedAt = now
	}
	if f := m2.ChangedFields(&m); len(f) > 0 {
		ops = append(ops, crdt.Set(m.ID, konbit.TypeMeeting, f...))
	}
	if len(ops) == 0 {
		return nil
	}
	_, err = r.Commit(ctx, ops...)
	return err
}

// NextItem moves the meeting to the item after the current one; it
// reports false when the current item was the last.
func (r *Replica) NextItem(ctx context.Context, meeting uuid.UUID, now time.Time) (bool, error) {
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return false, err
	}
	items, _ := r.Agenda(meeting)
	idx := -1
	for i, it := range items {
		if it.ID == m.CurrentItem {
			idx = i
		}
	}
	if idx < 0 {
		// No current item (none yet, or it was removed): the first not
		// done.
		for _, it := range items {
			if it.EndedAt.IsZero() {
				return true, r.GoToItem(ctx, meeting, it.ID, now)
			}
		}
		return false, nil
	}
	if idx+1 >= len(items) {
		return false, nil
	}
	return true, r.GoToItem(ctx, meeting, items[idx+1].ID, now)
}

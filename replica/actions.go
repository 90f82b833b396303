package replica

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Actions returns the actions of a body (uuid.Nil: the work collective),
// open ones first by due date, and a channel closed when one changes.
func (r *Replica) Actions(body uuid.UUID) ([]meetings.Action, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeAction)
	var out []meetings.Action
	for _, rec := range recs {
		if a := meetings.ActionFromFields(rec.ID, rec.Fields); a.Body == body {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b meetings.Action) int {
		if a.Done != b.Done {
			if a.Done {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Due, b.Due)
	})
	return out, ch
}

// SaveAction creates an action (zero ID) or writes the fields that changed.
// An evaluation's action (Campaign set, or an existing one) goes through
// SaveEvaluationAction, so that marking it done works from any screen.
func (r *Replica) SaveAction(ctx context.Context, a meetings.Action) (meetings.Action, error) {
	if a.Campaign != uuid.Nil || r.isEvaluationAction(a.ID) {
		return r.SaveEvaluationAction(ctx, a)
	}
	m, _, err := r.Meeting(a.Meeting)
	if err != nil {
		return a, err
	}
	a.Body = m.Body
	return r.writeAction(ctx, a)
}

// writeAction checks an action's owner and fields and writes it: whole
// when new, the fields that changed otherwise. An action stays with the
// meeting, body, campaign and person it was created for.
func (r *Replica) writeAction(ctx context.Context, a meetings.Action) (meetings.Action, error) {
	if a.OwnerIsCommittee {
		if c, _ := r.view.Get(a.Owner); c == nil || c.Type != konbit.TypeCommittee {
			return a, fmt.Errorf("action owner %s is not a committee", a.Owner)
		}
	} else if _, err := r.Member(a.Owner); err != nil {
		return a, err
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	var fields []crdt.Field
	if a.ID == uuid.Nil {
		a.ID = crdt.NewID()
		fields = a.Fields()
	} else {
		rec, _ := r.view.Get(a.ID)
		if rec == nil || rec.Type != konbit.TypeAction {
			return a, fmt.Errorf("action %s: %w", a.ID, ErrNotFound)
		}
		old := meetings.ActionFromFields(rec.ID, rec.Fields)
		a.Meeting, a.Body, a.Campaign, a.About = old.Meeting, old.Body, old.Campaign, old.About
		fields = a.ChangedFields(&old)
	}
	if len(fields) == 0 {
		return a, nil
	}
	if _, err := r.Commit(ctx, crdt.Set(a.ID, konbit.TypeAction, fields...)); err != nil {
		return a, fmt.Errorf("save action: %w", err)
	}
	return a, nil
}

// Reports returns the round of committees of a meeting: one report per
// committee that gave one, and a channel closed when one changes.
func (r *Replica) Reports(meeting uuid.UUID) ([]meetings.Report, <-chan struct{}) {
	recs, ch := r.view.ByScope(konbit.TypeCommitteeReport, meeting.String())
	out := make([]meetings.Report, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.ReportFromFields(rec.ID, rec.Fields))
	}
	return out, ch
}

// SaveReport writes a committee's note at the round of committees.
func (r *Replica) SaveReport(ctx context.Context, rep meetings.Report) error {
	if _, _, err := r.Meeting(rep.Meeting); err != nil {
		return err
	}
	if c, _ := r.view.Get(rep.Committee); c == nil || c.Type != konbit.TypeCommittee {
		return fmt.Errorf("%s is not a committee", rep.Committee)
	}
	if err := rep.Validate(); err != nil {
		return err
	}
	_, err := r.Commit(ctx, crdt.Set(rep.ID(), konbit.TypeCommitteeReport, rep.Fields()...))
	return err
}

package replica

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
)

// SaveEvaluationAction creates or updates an item of an evaluation's
// action plan: an action with Campaign and About (the person it helps)
// set and no meeting. Its body is the campaign's HR committee, so that it
// is listed among that committee's open actions, in its meetings, until
// done; and on the person's page (PersonActions). Its text is clear, like
// every action: the group writes it for follow-up, while the reflection
// that led to it stays sealed.
func (r *Replica) SaveEvaluationAction(ctx context.Context, a meetings.Action) (meetings.Action, error) {
	if a.ID != uuid.Nil {
		return r.writeAction(ctx, a)
	}
	c, err := r.Campaign(a.Campaign)
	if err != nil {
		return a, err
	}
	if !c.HasParticipant(a.About) {
		return a, fmt.Errorf("action of campaign %q: %s is not one of its participants", c.Name, r.memberName(a.About))
	}
	a.Meeting, a.Body = uuid.Nil, c.Committee
	return r.writeAction(ctx, a)
}

// isEvaluationAction reports whether id is an existing action of an
// evaluation's plan.
func (r *Replica) isEvaluationAction(id uuid.UUID) bool {
	if id == uuid.Nil {
		return false
	}
	rec, _ := r.view.Get(id)
	return rec != nil && rec.Type == konbit.TypeAction && meetings.ActionFromFields(rec.ID, rec.Fields).Campaign != uuid.Nil
}

// PersonActions returns the evaluation actions about a person, open ones
// first by due date (none last), and a channel closed when one changes:
// what the person's page follows up.
func (r *Replica) PersonActions(person uuid.UUID) ([]meetings.Action, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeAction)
	var out []meetings.Action
	for _, rec := range recs {
		if a := meetings.ActionFromFields(rec.ID, rec.Fields); a.About == person && a.Campaign != uuid.Nil {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b meetings.Action) int {
		if a.Done != b.Done {
			if a.Done {
				return 1
			}
			return -1
		}
		if (a.Due == "") != (b.Due == "") {
			if a.Due == "" {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.Due, b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.Text, b.Text)
	})
	return out, ch
}

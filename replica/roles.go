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

// RoleSet returns the facilitation roles the organisation uses (the
// default set until someone edits it) and a channel closed when it
// changes.
func (r *Replica) RoleSet() (meetings.RoleSet, <-chan struct{}) {
	rec, ch := r.view.Get(meetings.RoleSetID())
	if rec == nil || rec.Type != konbit.TypeRoleSet {
		return meetings.DefaultRoleSet(), ch
	}
	return meetings.RoleSetFromFields(rec.ID, rec.Fields), ch
}

// SaveRoleSet writes an edited set of roles.
func (r *Replica) SaveRoleSet(ctx context.Context, s meetings.RoleSet) error {
	if err := s.Validate(); err != nil {
		return err
	}
	_, err := r.Commit(ctx, crdt.Set(meetings.RoleSetID(), konbit.TypeRoleSet, s.Fields()...))
	return err
}

// Roles returns who holds which role at a meeting, and a channel closed
// when an assignment changes.
func (r *Replica) Roles(meeting uuid.UUID) ([]meetings.Assignment, <-chan struct{}) {
	recs, ch := r.view.ByScope(konbit.TypeRole, meeting.String())
	var out []meetings.Assignment
	for _, rec := range recs {
		if a := meetings.AssignmentFromFields(rec.ID, rec.Fields); a.Meeting == meeting && a.Member != uuid.Nil {
			out = append(out, a)
		}
	}
	return out, ch
}

// AssignRoles writes role assignments, all in one change. An assignment
// with no member clears the role.
func (r *Replica) AssignRoles(ctx context.Context, as ...meetings.Assignment) error {
	var ops []crdt.Op
	set, _ := r.RoleSet()
	for _, a := range as {
		if _, _, err := r.Meeting(a.Meeting); err != nil {
			return err
		}
		if !slices.Contains(set.Keys(), a.Role) {
			return fmt.Errorf("no role %q in the role set: want one of %s", a.Role, strings.Join(set.Keys(), ", "))
		}
		if a.Member != uuid.Nil {
			if _, err := r.Member(a.Member); err != nil {
				return err
			}
		}
		if err := a.Validate(); err != nil {
			return err
		}
		ops = append(ops, crdt.Set(a.ID(), konbit.TypeRole, a.Fields()...))
	}
	if len(ops) == 0 {
		return nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("assign roles: %w", err)
	}
	return nil
}

// roleHistory is, newest first, who held which role at the past meetings
// of the meeting's body (those dated before it), and who was there.
func (r *Replica) roleHistory(ctx context.Context, m meetings.Meeting, limit int) ([]meetings.PastRoles, error) {
	all, _ := r.Meetings() // newest first
	var past []meetings.Meeting
	for _, pm := range all {
		if pm.ID != m.ID && pm.Body == m.Body && (pm.Date < m.Date || (pm.Date == m.Date && pm.Time < m.Time)) {
			past = append(past, pm)
			if limit > 0 && len(past) == limit {
				break
			}
		}
	}
	if len(past) == 0 {
		return nil, nil
	}
	ids := make([]uuid.UUID, len(past))
	hist := make([]meetings.PastRoles, len(past))
	idx := map[uuid.UUID]int{}
	for i, pm := range past {
		ids[i] = pm.ID
		idx[pm.ID] = i
		hist[i] = meetings.PastRoles{Meeting: pm.ID, Roles: map[string]uuid.UUID{}}
	}
	rows, err := r.db.AttendanceRows(ctx, "", "9999", ids...)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if mk := (meetings.Mark{Status: meetings.AttendanceStatus(row.Status)}); mk.Attended() {
			i := idx[row.Meeting]
			hist[i].Present = append(hist[i].Present, row.Member)
		}
	}
	roles, _ := r.view.ByType(konbit.TypeRole)
	for _, rec := range roles {
		a := meetings.AssignmentFromFields(rec.ID, rec.Fields)
		if i, ok := idx[a.Meeting]; ok && a.Member != uuid.Nil {
			hist[i].Roles[a.Role] = a.Member
		}
	}
	return hist, nil
}

// SuggestRoles proposes holders for every role of the role set among the
// people marked present, sharing roles fairly over the body's last
// meetings (opts.Window, 10 by default). Each suggestion says why.
func (r *Replica) SuggestRoles(ctx context.Context, meeting uuid.UUID, opts meetings.SuggestOptions) ([]meetings.Suggestion, error) {
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return nil, err
	}
	present, err := r.Present(ctx, meeting)
	if err != nil {
		return nil, err
	}
	if len(present) == 0 {
		return nil, fmt.Errorf("nobody is marked present at %q: mark attendance first", m.Title)
	}
	// The whole history, not just the window: "never held the role" looks
	// further back than fairness does.
	hist, err := r.roleHistory(ctx, m, 0)
	if err != nil {
		return nil, err
	}
	set, _ := r.RoleSet()
	return meetings.Suggest(hist, set.Keys(), present, opts), nil
}

// RoleCounts is, for the last n meetings of a body (0: all), how many
// times each person held each role: the history view.
func (r *Replica) RoleCounts(ctx context.Context, body uuid.UUID, n int) (map[uuid.UUID]map[string]int, error) {
	// A meeting far in the future stands for "now".
	hist, err := r.roleHistory(ctx, meetings.Meeting{Body: body, Date: "9999-12-31"}, n)
	if err != nil {
		return nil, err
	}
	return meetings.RoleHistory(hist), nil
}

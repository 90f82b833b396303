package replica

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
)

// MinutesOf gathers a meeting's records (agenda, attendance, roles,
// proposals, decisions, actions, committee reports, speech segments) and
// builds its synthetic minutes with meetings.BuildMinutes, names and role
// labels resolved in lang ("fr" or "en"; "" for the meeting's language).
// The minutes include the speaking-time summary (IncludeChart true); a
// caller that leaves it out clears the flag before rendering.
//
// It reads a snapshot: to refresh minutes on screen, watch the meeting,
// WatchAttendance, WatchSegments and WatchDecisions.
func (r *Replica) MinutesOf(ctx context.Context, meeting uuid.UUID, lang string) (meetings.Minutes, error) {
	switch lang {
	case "", meetings.French, meetings.English:
	default:
		return meetings.Minutes{}, fmt.Errorf("minutes: language %q: want fr or en", lang)
	}
	m, _, err := r.Meeting(meeting)
	if err != nil {
		return meetings.Minutes{}, fmt.Errorf("minutes: %w", err)
	}
	in := meetings.MinutesInput{Meeting: m, Language: lang, Names: map[uuid.UUID]string{}, Proposals: map[uuid.UUID]meetings.Proposal{}}
	if t, err := r.Template(m.Template); err == nil {
		in.Template = &t
	}
	in.Items, _ = r.Agenda(meeting)
	for _, it := range in.Items {
		if p, ok, _ := r.Proposal(it.ID); ok {
			in.Proposals[it.ID] = p
		}
	}
	if in.Marks, err = r.Attendance(ctx, meeting); err != nil {
		return meetings.Minutes{}, fmt.Errorf("minutes: %w", err)
	}
	in.Roles, _ = r.Roles(meeting)
	in.RoleSet, _ = r.RoleSet()
	if in.Decisions, err = r.Decisions(ctx, meeting); err != nil {
		return meetings.Minutes{}, fmt.Errorf("minutes: %w", err)
	}
	in.Actions, _ = r.Actions(m.Body)
	in.Reports, _ = r.Reports(meeting)
	if in.Segments, err = r.Segments(ctx, meeting); err != nil {
		return meetings.Minutes{}, fmt.Errorf("minutes: %w", err)
	}
	members, _ := r.Members()
	for _, p := range members {
		in.Names[p.ID] = p.Name
	}
	committees, _ := r.Committees()
	for _, c := range committees {
		in.Names[c.ID] = c.Name
	}
	if err := ctx.Err(); err != nil {
		return meetings.Minutes{}, err
	}
	return meetings.BuildMinutes(in), nil
}

package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// roleJSON is a role holder as `roles` and `meeting show` print it: a
// suggestion or an assignment, with why.
type roleJSON struct {
	Role     string `json:"role"`
	Member   string `json:"member"` // "" when nobody is left for the role
	Name     string `json:"name"`
	Reason   string `json:"reason"` // English; "" for a role given by hand
	CoHolder string `json:"co_holder,omitempty"`
}

func runRoles(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) < 2 {
		return usagef("roles needs a subcommand and a MEETING: suggest MEETING or assign MEETING (--suggested | ROLE MEMBER)")
	}
	sub, args := p.args[0], p.args[1:]
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	var out []roleJSON
	switch sub {
	case "suggest":
		if err := onlyFlags(p, "roles suggest", "format"); err != nil {
			return err
		}
		if len(args) != 1 {
			return usagef("roles suggest needs one MEETING")
		}
		out, err = suggestRoles(ctx, r, args[0])
	case "assign":
		out, err = assignRoles(ctx, env, r, p, args)
	default:
		return usagef("unknown roles subcommand %q", sub)
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tNAME\tWHY")
	for _, ro := range out {
		why := ro.Reason
		if why == "" {
			why = "chosen by hand"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", ro.Role, dash(ro.Name), why)
	}
	return tw.Flush()
}

// suggestions are the replica's suggestions for the meeting, with names.
func suggestions(ctx context.Context, r *replica.Replica, m meetings.Meeting) ([]meetings.Suggestion, []roleJSON, error) {
	ss, err := r.SuggestRoles(ctx, m.ID, meetings.SuggestOptions{})
	if err != nil {
		return nil, nil, err
	}
	name := names(r)
	out := make([]roleJSON, 0, len(ss))
	for _, s := range ss {
		out = append(out, roleJSON{Role: s.Role, Member: idOrEmpty(s.Member), Name: name(s.Member),
			Reason: s.Reason.String(), CoHolder: idOrEmpty(s.CoHolder)})
	}
	return ss, out, nil
}

func suggestRoles(ctx context.Context, r *replica.Replica, ref string) ([]roleJSON, error) {
	m, err := r.FindMeeting(ref)
	if err != nil {
		return nil, err
	}
	_, out, err := suggestions(ctx, r, m)
	return out, err
}

func assignRoles(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) ([]roleJSON, error) {
	if err := onlyFlags(p, "roles assign", "format", "suggested"); err != nil {
		return nil, err
	}
	suggested := p.has("suggested")
	switch {
	case suggested && len(args) != 1:
		return nil, usagef("roles assign MEETING --suggested takes no ROLE or MEMBER")
	case !suggested && len(args) != 3:
		return nil, usagef("roles assign needs MEETING and either --suggested or ROLE MEMBER")
	}
	m, err := r.FindMeeting(args[0])
	if err != nil {
		return nil, err
	}
	if suggested {
		ss, all, err := suggestions(ctx, r, m)
		if err != nil {
			return nil, err
		}
		var as []meetings.Assignment
		var out []roleJSON
		for i, s := range ss {
			if s.Member == uuid.Nil {
				continue // nobody left for it: leave whatever was set by hand
			}
			as = append(as, meetings.Assignment{Meeting: m.ID, Role: s.Role, Member: s.Member, Reason: s.Reason.String()})
			out = append(out, all[i])
		}
		if len(as) == 0 {
			return nil, fmt.Errorf("no role could be suggested at %q", m.Title)
		}
		if err := r.AssignRoles(ctx, as...); err != nil {
			return nil, err
		}
		return out, nil
	}
	role, err := roleKey(r, args[1])
	if err != nil {
		return nil, err
	}
	who, err := r.FindMember(args[2])
	if err != nil {
		return nil, err
	}
	if err := r.AssignRoles(ctx, meetings.Assignment{Meeting: m.ID, Role: role, Member: who.ID}); err != nil {
		return nil, err
	}
	if also := otherRoles(r, m.ID, who.ID, role); len(also) > 0 {
		fmt.Fprintf(env.Stderr, "note: %s also holds %s at this meeting\n", who.Name, strings.Join(also, ", "))
	}
	return []roleJSON{{Role: role, Member: who.ID.String(), Name: who.Name}}, nil
}

// otherRoles lists the roles other than role that member holds at the
// meeting: holding two is allowed when chosen, but worth saying.
func otherRoles(r *replica.Replica, meeting uuid.UUID, member uuid.UUID, role string) []string {
	as, _ := r.Roles(meeting)
	var out []string
	for _, a := range as {
		if a.Member == member && a.Role != role {
			out = append(out, a.Role)
		}
	}
	slices.Sort(out)
	return out
}

// roleKey resolves a role as typed: its key, or its English or French
// label, case ignored.
func roleKey(r *replica.Replica, typed string) (string, error) {
	set, _ := r.RoleSet()
	t := strings.TrimSpace(typed)
	for _, k := range set.Keys() {
		if strings.EqualFold(k, t) || strings.EqualFold(set.Label(k, meetings.English), t) || strings.EqualFold(set.Label(k, meetings.French), t) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: the roles are %s", typed, strings.Join(set.Keys(), ", "))
}

// rolesOut lists a meeting's assignments in the order of the role set,
// roles no longer in the set last.
func rolesOut(r *replica.Replica, meeting uuid.UUID, name func(uuid.UUID) string) []roleJSON {
	as, _ := r.Roles(meeting)
	set, _ := r.RoleSet()
	keys := set.Keys()
	rank := func(role string) int {
		if i := slices.Index(keys, role); i >= 0 {
			return i
		}
		return len(keys)
	}
	slices.SortStableFunc(as, func(a, b meetings.Assignment) int {
		if c := rank(a.Role) - rank(b.Role); c != 0 {
			return c
		}
		return strings.Compare(a.Role, b.Role)
	})
	out := make([]roleJSON, 0, len(as))
	for _, a := range as {
		out = append(out, roleJSON{Role: a.Role, Member: a.Member.String(), Name: name(a.Member), Reason: a.Reason})
	}
	return out
}

package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
)

// absenteeJSON is one line of `membership-check --format json`.
type absenteeJSON struct {
	Member       string `json:"member"`
	Name         string `json:"name"`
	LastAttended string `json:"last_attended"` // "" if never
}

// runMembershipCheck lists the members of the work collective who came to
// none of its meetings in the four weeks before the date: the monthly
// reflection meeting asks whether they are still in (DOMAIN.md, Meetings).
func runMembershipCheck(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("membership-check takes no argument (use --date YYYY-MM-DD)")
	}
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	date := today(env)
	if p.has("date") {
		if date, err = parseDate("date", p.get("date")); err != nil {
			return err
		}
	}
	abs, err := r.MembershipCheck(ctx, date)
	if err != nil {
		return err
	}
	out := make([]absenteeJSON, 0, len(abs))
	for _, a := range abs {
		out = append(out, absenteeJSON{Member: a.Member.String(), Name: a.Name, LastAttended: a.LastAttended})
	}
	if asJSON {
		return writeJSON(env.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintf(env.Stdout, "nobody to flag: no member missed every meeting of the work collective in the %d days before %s\n", meetings.MembershipWindowDays, date)
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLAST ATTENDED")
	for _, a := range out {
		last := a.LastAttended
		if last == "" {
			last = "never"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Member, a.Name, last)
	}
	return tw.Flush()
}

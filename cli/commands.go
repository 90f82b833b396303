package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
)

func runExport(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	out := p.get("out")
	if out == "" || len(p.args) > 0 {
		return usagef("export needs --out FILE and no other argument")
	}
	var since crdt.Vector
	if f := p.get("since-vector"); f != "" {
		v, err := replica.ReadVectorFile(f)
		if err != nil {
			return err
		}
		since = v
	}
	res, err := r.ExportFile(ctx, out, since, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "exported %d changes from %d devices to %s (%d bytes)\n", res.Changes, res.Devices, out, res.Bytes)
	return nil
}

func runImport(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) == 0 {
		return usagef("import needs at least one bundle file")
	}
	res, err := r.ImportFiles(ctx, p.args, nil)
	if err != nil {
		return fmt.Errorf("%w\nnothing was imported; the database is unchanged", err)
	}
	fmt.Fprintf(env.Stdout, "imported %d new changes, %d already known\n", res.New, res.Known)
	for _, d := range res.Origins() {
		st := res.ByOrigin[d]
		self := ""
		if d == r.Device() {
			self = " (this laptop)"
		}
		fmt.Fprintf(env.Stdout, "  device %s%s: %d new, %d already known\n", r.DeviceLabel(d), self, st.New, st.Known)
	}
	if res.NewerSchema {
		fmt.Fprintf(env.Stdout, "note: the bundle comes from a newer Konbit (schema %d, this one knows %d); data this version does not know was kept and will be passed on\n", res.SchemaVersion, konbit.SchemaVersion)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "warning: the import succeeded, but: %v\n", w)
	}
	for d, ahead := range res.Future {
		fmt.Fprintf(env.Stderr, "warning: the clock of device %s is %s ahead of this laptop's: its edits may win over later ones until its date is fixed\n", r.DeviceLabel(d), humanDuration(ahead))
	}
	// What was merged is said above; the devices whose changes were not
	// merged make the command fail, so scripts notice.
	return res.Problem()
}

func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	default:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
}

func runVector(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	v, err := r.Vector(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if out := p.get("out"); out != "" {
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return fmt.Errorf("write vector: %w", err)
		}
		return nil
	}
	_, err = env.Stdout.Write(b)
	return err
}

func runDump(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) > 0 {
		return usagef("dump takes no argument")
	}
	return r.Dump(ctx, env.Stdout)
}

func runDemo(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	weeks := 52
	if w := p.get("weeks"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 || n > 520 {
			return usagef("--weeks wants a number of weeks from 0 to 520, not %q", w)
		}
		weeks = n
	}
	if ms, _ := r.Members(); len(ms) > 0 {
		n := len(ms)
		return fmt.Errorf("this replica already has %d members; the sample organisation is meant for an empty one (use --data with a new directory)", n)
	}
	if err := r.LoadSample(ctx); err != nil {
		return err
	}
	ms, _ := r.Members()
	cs, _ := r.Committees()
	fmt.Fprintf(env.Stdout, "loaded the sample organisation: %d members, %d committees\n", len(ms), len(cs))
	// A year of its past meetings up to today, so that role suggestions,
	// speaking shares and the membership check have history to work on.
	// The seed is fixed: the same day gives the same demo.
	if weeks > 0 {
		n, err := r.LoadSampleHistory(ctx, replica.SampleHistory{End: today(env), Weeks: weeks, Seed: 1})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added %d weeks of meetings: %d meetings, %d attendance marks, %d role assignments, %d speech segments, %d proposals, %d decisions, %d actions\n",
			weeks, n.Meetings, n.Marks, n.Roles, n.Segments, n.Proposals, n.Decisions, n.Actions)
	}
	// --eval is what adding the campaign once took; it is the default now.
	if p.has("no-eval") {
		return nil
	}
	return demoCampaign(ctx, env, r)
}

// demoPassphrase locks the demo's HR key; the demo says so, since it
// protects nothing.
const demoPassphrase = "demo"

// demoCampaign adds the finished 2011-style evaluation, this laptop being
// an HR member's.
func demoCampaign(ctx context.Context, env *Env, r *replica.Replica) error {
	c, n, err := r.LoadSampleCampaign(ctx, []byte(demoPassphrase), env.keyParams())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "added the finished campaign %q: %d participants, %d groups, %d answers, %d reflections, %d actions; reports released\n",
		c.Name, n.Participants, n.Groups, n.Answers, n.Reflections, n.Actions)
	fmt.Fprintf(env.Stdout, "this laptop holds the HR key of %s; the demo HR passphrase is %q\n", n.HR.Name, demoPassphrase)
	return nil
}

func runMember(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) == 0 {
		return usagef("member needs a subcommand: add, set, remove or list")
	}
	sub, args := p.args[0], p.args[1:]
	switch sub {
	case "add":
		if len(args) == 0 {
			return usagef("member add needs a NAME")
		}
		m := konbit.Member{Name: strings.Join(args, " "), Category: konbit.Salaried}
		if c := p.get("category"); c != "" {
			cat, err := konbit.ParseCategory(c)
			if err != nil {
				return usagef("%v", err)
			}
			m.Category = cat
		}
		if h := p.get("hours"); h != "" {
			v, err := strconv.ParseFloat(h, 64)
			if err != nil {
				return usagef("--hours: %q is not a number", h)
			}
			m.WeeklyHours = v
		}
		m.Languages = konbit.ParseLanguages(p.get("lang"))
		m.Gender = p.get("gender")
		m, err := r.AddMember(ctx, m)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n", m.ID, m.Name)
		return nil
	case "set":
		if len(args) < 2 {
			return usagef("member set needs ID and at least one FIELD=VALUE")
		}
		m, err := r.FindMember(args[0])
		if err != nil {
			return err
		}
		for _, kv := range args[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return usagef("%q is not FIELD=VALUE (fields: %s)", kv, strings.Join(konbit.MemberFieldNames(), ", "))
			}
			if err := m.SetField(k, v); err != nil {
				return err
			}
		}
		if err := r.UpdateMember(ctx, m); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "updated %s\n", m.Name)
		return nil
	case "remove", "rm":
		if len(args) != 1 {
			return usagef("member remove needs one ID")
		}
		m, err := r.FindMember(args[0])
		if err != nil {
			return err
		}
		if err := r.RemoveMember(ctx, m.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "removed %s\n", m.Name)
		return nil
	case "list", "ls":
		return listMembers(env, r)
	}
	return usagef("unknown member subcommand %q", sub)
}

func listMembers(env *Env, r *replica.Replica) error {
	members, _ := r.Members()
	committees, _ := r.Committees()
	names := map[[16]byte]string{}
	for _, c := range committees {
		names[c.ID] = c.Name
	}
	of := map[[16]byte][]string{}
	mss, _ := r.Memberships()
	for _, ms := range mss {
		n := names[ms.Committee]
		if ms.Occasional {
			n += " (occasional)"
		}
		of[ms.Member] = append(of[ms.Member], n)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCATEGORY\tHOURS\tLANG\tCOMMITTEES")
	for _, m := range members {
		cs := of[m.ID]
		sort.Strings(cs)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%g\t%s\t%s\n", m.ID, m.Name, m.Category, m.WeeklyHours, strings.Join(m.Languages, ","), strings.Join(cs, "; "))
	}
	return tw.Flush()
}

func runCommittee(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) == 0 {
		return usagef("committee needs a subcommand: add, join, leave, remove or list")
	}
	sub, args := p.args[0], p.args[1:]
	switch sub {
	case "add":
		if len(args) == 0 {
			return usagef("committee add needs a NAME")
		}
		c, err := r.AddCommittee(ctx, konbit.Committee{Name: strings.Join(args, " "), Description: p.get("description")})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n", c.ID, c.Name)
		return nil
	case "join", "leave":
		if len(args) != 2 {
			return usagef("committee %s needs COMMITTEE and MEMBER", sub)
		}
		c, err := r.FindCommittee(args[0])
		if err != nil {
			return err
		}
		m, err := r.FindMember(args[1])
		if err != nil {
			return err
		}
		if sub == "join" {
			if err := r.Join(ctx, c.ID, m.ID, p.has("occasional")); err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s joined %s\n", m.Name, c.Name)
			return nil
		}
		if err := r.Leave(ctx, c.ID, m.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s left %s\n", m.Name, c.Name)
		return nil
	case "remove", "rm":
		if len(args) != 1 {
			return usagef("committee remove needs one COMMITTEE")
		}
		c, err := r.FindCommittee(args[0])
		if err != nil {
			return err
		}
		if err := r.RemoveCommittee(ctx, c.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "removed %s\n", c.Name)
		return nil
	case "list", "ls":
		cs, _ := r.Committees()
		mss, _ := r.Memberships()
		count := map[[16]byte]int{}
		for _, ms := range mss {
			count[ms.Committee]++
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tMEMBERS")
		for _, c := range cs {
			fmt.Fprintf(tw, "%s\t%s\t%d\n", c.ID, c.Name, count[c.ID])
		}
		return tw.Flush()
	}
	return usagef("unknown committee subcommand %q", sub)
}

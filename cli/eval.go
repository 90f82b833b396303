package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/replica"
	"github.com/konbit/konbit/sync/crdt"
)

// evalUsage is the usage line of `konbit eval`.
const evalUsage = "eval new NAME --hr MEMBER,MEMBER[,...] [--hr-laptop MEMBER=LAPTOP,...] [--participants all|MEMBER,...] [--committee COMMITTEE] [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n" +
	"       eval list [--format table|json]\n" +
	"       eval groups CAMPAIGN [--seed N] [--size N] [--keep-apart A:B[,C:D...]] [--format table|json]" + evalKeyUsage

// evalFlags are the flags of every `eval` subcommand.
func evalFlags() flagSpec {
	return evalKeyFlags(flagSpec{"hr": true, "hr-laptop": true, "participants": true, "committee": true, "start": true, "end": true,
		"seed": true, "size": true, "keep-apart": true, "format": true})
}

// groupsJSON is `eval groups --format json`, as issue 8 fixes it.
type groupsJSON struct {
	Sessions []evaluation.Session `json:"sessions"`
}

// campaignJSON is one line of `eval list --format json`.
type campaignJSON struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Start        string   `json:"start"`
	End          string   `json:"end"`
	Participants int      `json:"participants"`
	HR           []string `json:"hr"`
	Sessions     []string `json:"sessions"`
}

// evalSub is one `eval` subcommand: the flags it takes, and its run
// function given the campaign reference (campaign: exactly one argument)
// or the arguments as they are.
type evalSub struct {
	flags    []string
	campaign bool
	run      func(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error
}

// evalSubs are the `eval` subcommands, in the order the usage lists them.
func evalSubs() map[string]evalSub {
	one := func(f func(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error) func(context.Context, *Env, *replica.Replica, parsed, []string) error {
		return func(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
			return f(ctx, env, r, p, args[0])
		}
	}
	return map[string]evalSub{
		"new": {flags: []string{"hr", "hr-laptop", "participants", "committee", "start", "end"}, run: evalNew},
		"list": {flags: []string{"format"}, run: func(_ context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
			if len(args) != 0 {
				return usagef("eval list takes no argument")
			}
			return evalList(env, r, p)
		}},
		"groups": {flags: []string{"seed", "size", "keep-apart", "format"}, campaign: true, run: one(evalGroups)},
		"key": {flags: []string{"member"}, run: func(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
			if len(args) != 1 || args[0] != "init" {
				return usagef("eval key takes one subcommand: init")
			}
			return evalKeyInit(ctx, env, r, p)
		}},
		"answer": {flags: []string{"session", "criterion", "evaluator", "evaluated", "score", "cant-say", "comment"}, campaign: true,
			run: one(func(ctx context.Context, _ *Env, r *replica.Replica, p parsed, ref string) error {
				return evalAnswer(ctx, r, p, ref)
			})},
		"status": {campaign: true,
			run: one(func(_ context.Context, env *Env, r *replica.Replica, _ parsed, ref string) error {
				return evalStatus(env, r, ref)
			})},
		"report":    {flags: []string{"person", "format", "out", "lang", "paper"}, campaign: true, run: one(evalReport)},
		"grant":     {flags: []string{"member", "hr-laptop"}, campaign: true, run: one(evalGrant)},
		"codes":     {flags: []string{"format"}, campaign: true, run: one(evalCodes)},
		"release":   {flags: []string{"format"}, campaign: true, run: one(evalRelease)},
		"my-report": {flags: []string{"person", "format", "out", "lang", "paper"}, campaign: true, run: one(evalMyReport)},
	}
}

func runEval(ctx context.Context, env *Env, r *replica.Replica, p parsed) error {
	if len(p.args) < 1 {
		return usagef("eval needs a subcommand: new, list, groups, key, answer, status, report, grant, codes, release or my-report")
	}
	name, args := p.args[0], p.args[1:]
	sub, ok := evalSubs()[name]
	if !ok {
		return usagef("unknown eval subcommand %q", name)
	}
	if err := onlyFlags(p, "eval "+name, sub.flags...); err != nil {
		return err
	}
	if sub.campaign && len(args) != 1 {
		return usagef("eval %s needs one CAMPAIGN", name)
	}
	return sub.run(ctx, env, r, p, args)
}

// evalNew creates a campaign; --participants all (the default) means every
// member who works in the co-op, not the external board members;
// --committee names the HR committee whose meetings follow the action
// plans up.
func evalNew(ctx context.Context, env *Env, r *replica.Replica, p parsed, args []string) error {
	if len(args) != 1 {
		return usagef("eval new needs one NAME (quote it if it has spaces)")
	}
	if !p.has("hr") {
		return usagef("eval new needs --hr MEMBER,MEMBER: the HR committee members who run the campaign")
	}
	start := now(env).Format(meetings.DateLayout)
	if p.has("start") {
		s, err := parseDate("start", p.get("start"))
		if err != nil {
			return usageError{err.Error()}
		}
		start = s
	}
	t, _ := time.Parse(meetings.DateLayout, start)
	end := t.AddDate(0, 1, 0).Format(meetings.DateLayout)
	if p.has("end") {
		e, err := parseDate("end", p.get("end"))
		if err != nil {
			return usageError{err.Error()}
		}
		end = e
	}
	c := evaluation.NewCampaign(uuid.Nil, args[0], start, end)
	hr, err := memberList(r, p.get("hr"))
	if err != nil {
		return fmt.Errorf("--hr: %w", err)
	}
	c.HR = hr
	if p.has("committee") {
		// The action plans go to this committee's meetings until done.
		com, err := r.FindCommittee(p.get("committee"))
		if err != nil {
			return fmt.Errorf("--committee: %w", err)
		}
		c.Committee = com.ID
	}
	if ps := p.get("participants"); ps == "" || strings.EqualFold(ps, "all") {
		ms, _ := r.Members()
		for _, m := range ms {
			if m.Category != konbit.External {
				c.Participants = append(c.Participants, m.ID)
			}
		}
	} else if c.Participants, err = memberList(r, ps); err != nil {
		return fmt.Errorf("--participants: %w", err)
	}
	choice, err := hrLaptops(r, p.get("hr-laptop"))
	if err != nil {
		return err
	}
	if c, err = r.CreateCampaignWith(ctx, c, choice); err != nil {
		return withLaptopHint(err)
	}
	fmt.Fprintln(env.Stdout, c.ID)
	// Which laptops can open the campaign, for HR to check that each is
	// the member's own (any laptop can publish a key in a member's name);
	// on stderr, so that scripts read the id alone.
	name := names(r)
	for _, k := range r.SealedTo(c.ID) {
		fmt.Fprintf(env.Stderr, "sealed to %s's HR key on the laptop %s\n", name(k.Member), k.Laptop)
	}
	return nil
}

// hrLaptops reads --hr-laptop MEMBER=LAPTOP[,...]: for an HR member whose
// keys come from several laptops, the laptop that is theirs.
func hrLaptops(r *replica.Replica, list string) (replica.HRLaptops, error) {
	if list == "" {
		return nil, nil
	}
	var ids []crdt.DeviceID
	for _, k := range r.HRKeys() {
		ids = append(ids, k.Device)
	}
	out := replica.HRLaptops{}
	for _, pair := range strings.Split(list, ",") {
		who, laptop, ok := strings.Cut(pair, "=")
		if !ok {
			return nil, usagef("--hr-laptop %q: want MEMBER=LAPTOP", pair)
		}
		m, err := r.FindMember(who)
		if err != nil {
			return nil, fmt.Errorf("--hr-laptop: %w", err)
		}
		d, err := matchDevice(laptop, ids)
		if err != nil {
			return nil, fmt.Errorf("--hr-laptop: %w", err)
		}
		out[m.ID] = d
	}
	return out, nil
}

// memberList resolves a comma-separated list of member references,
// dropping repeats.
func memberList(r *replica.Replica, list string) ([]uuid.UUID, error) {
	var out []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, ref := range strings.Split(list, ",") {
		if strings.TrimSpace(ref) == "" {
			continue
		}
		m, err := r.FindMember(ref)
		if err != nil {
			return nil, err
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m.ID)
		}
	}
	return out, nil
}

func evalList(env *Env, r *replica.Replica, p parsed) error {
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	cs, _ := r.Campaigns()
	name := names(r)
	if asJSON {
		out := make([]campaignJSON, 0, len(cs))
		for _, c := range cs {
			hr := make([]string, 0, len(c.HR))
			for _, id := range c.HR {
				hr = append(hr, id.String())
			}
			out = append(out, campaignJSON{ID: c.ID.String(), Name: c.Name, Start: c.Start, End: c.End,
				Participants: len(c.Participants), HR: hr, Sessions: c.Sessions})
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tDATES\tPEOPLE\tHR")
	for _, c := range cs {
		hr := make([]string, 0, len(c.HR))
		for _, id := range c.HR {
			hr = append(hr, name(id))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s – %s\t%d\t%s\n", c.ID.String()[:8], c.Name, c.Start, c.End, len(c.Participants), strings.Join(hr, ", "))
	}
	return tw.Flush()
}

func evalGroups(ctx context.Context, env *Env, r *replica.Replica, p parsed, ref string) error {
	asJSON, err := jsonFormat(p)
	if err != nil {
		return err
	}
	c, err := r.FindCampaign(ref)
	if err != nil {
		return err
	}
	opt := replica.GroupOptions{Seed: 1}
	if p.has("seed") {
		if opt.Seed, err = strconv.ParseUint(p.get("seed"), 10, 64); err != nil {
			return usagef("--seed %q: want a whole number", p.get("seed"))
		}
	}
	if p.has("size") {
		if opt.Size, err = strconv.Atoi(p.get("size")); err != nil || opt.Size < evaluation.MinGroupSize || opt.Size > evaluation.MaxGroupSize {
			return usagef("--size %q: want %d to %d", p.get("size"), evaluation.MinGroupSize, evaluation.MaxGroupSize)
		}
	}
	if p.has("keep-apart") {
		for _, pr := range strings.Split(p.get("keep-apart"), ",") {
			a, b, ok := strings.Cut(pr, ":")
			if !ok {
				return usagef("--keep-apart %q: want MEMBER:MEMBER pairs separated by commas", pr)
			}
			ma, err := r.FindMember(a)
			if err != nil {
				return fmt.Errorf("--keep-apart: %w", err)
			}
			mb, err := r.FindMember(b)
			if err != nil {
				return fmt.Errorf("--keep-apart: %w", err)
			}
			opt.KeepApart = append(opt.KeepApart, evaluation.Pair{A: ma.ID, B: mb.ID})
		}
	}
	name := names(r)
	plan, err := r.FormGroupsWith(ctx, c.ID, opt)
	var ka *evaluation.KeepApartError
	if errors.As(err, &ka) {
		pairs := make([]string, 0, len(ka.Pairs))
		for _, pr := range ka.Pairs {
			pairs = append(pairs, name(pr.A)+" and "+name(pr.B))
		}
		return fmt.Errorf("campaign %q: cannot keep apart %s in groups of %v: %w", c.Name, strings.Join(pairs, "; "), ka.Sizes, evaluation.ErrKeepApart)
	}
	if err != nil {
		return err
	}
	// Whoever is in a group too small for k sees no peer aggregate:
	// said on stderr, so the JSON stays what scripts read.
	for _, s := range plan.Sessions {
		for i, g := range s.Groups {
			if c.Visibility.GroupTooSmall(len(g)) {
				fmt.Fprintf(env.Stderr, "warning: %s group %d has %d people: with k = %d, its members will see no peer mean\n",
					s.Name, i+1, len(g), c.Visibility.MinRaters)
			}
		}
	}
	if asJSON {
		return writeJSON(env.Stdout, groupsJSON{Sessions: plan.Sessions})
	}
	fmt.Fprintf(env.Stdout, "%s: %d people, %d repeated pairs across sessions\n", c.Name, len(c.Participants), plan.Score.RepeatCount)
	for _, s := range plan.Sessions {
		fmt.Fprintf(env.Stdout, "\n%s\n", s.Name)
		for i, g := range s.Groups {
			ns := make([]string, 0, len(g))
			for _, id := range g {
				ns = append(ns, name(id))
			}
			fmt.Fprintf(env.Stdout, "  %d. %s\n", i+1, strings.Join(ns, ", "))
		}
	}
	if len(plan.Score.Balance) > 0 {
		fmt.Fprintln(env.Stdout, "\nbalance (largest gap from an even spread, in people):")
		for _, b := range plan.Score.Balance {
			fmt.Fprintf(env.Stdout, "  %s: %.1f\n", b.Attribute, b.Worst)
		}
	}
	return nil
}

package replica

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/evaluation"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Attributes of members that FormGroups spreads across groups.
const (
	AttrCategory  = "category"
	AttrLanguage  = "language"
	AttrGender    = "gender"
	AttrSeniority = "seniority"
)

// GroupOptions tune FormGroupsWith; the zero value is the 2011 defaults
// (groups of four, seed 0).
type GroupOptions struct {
	Seed      uint64
	Size      int               // 0: evaluation.DefaultGroupSize
	KeepApart []evaluation.Pair // never in the same group
}

// CreateCampaign validates a campaign and writes it with its key, its
// grants to the HR members and its default grids in one change, so that
// no laptop ever sees a campaign without grids. The campaign's id is its
// key's fingerprint (any id given is replaced); it is returned with it.
func (r *Replica) CreateCampaign(ctx context.Context, c evaluation.Campaign) (evaluation.Campaign, error) {
	return r.CreateCampaignWith(ctx, c, nil)
}

// CreateCampaignWith is CreateCampaign with, for HR members whose keys come
// from several laptops, the laptop that is theirs (else ErrSeveralHRKeys).
func (r *Replica) CreateCampaignWith(ctx context.Context, c evaluation.Campaign, choice HRLaptops) (evaluation.Campaign, error) {
	if len(c.Sessions) == 0 {
		c.Sessions = evaluation.DefaultSessions()
	}
	if c.ID == uuid.Nil {
		c.ID = uuid.Max // for Validate; the key names it below
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	for _, id := range slices.Concat(c.Participants, c.HR) {
		if rec, _ := r.view.Get(id); rec == nil || rec.Type != konbit.TypeMember {
			return c, fmt.Errorf("campaign %q: member %s: %w", c.Name, id, ErrNotFound)
		}
	}
	if c.Committee != uuid.Nil {
		if rec, _ := r.view.Get(c.Committee); rec == nil || rec.Type != konbit.TypeCommittee {
			return c, fmt.Errorf("campaign %q: committee %s: %w", c.Name, c.Committee, ErrNotFound)
		}
	}
	keyOps, public, err := r.campaignKeyOps(&c, choice)
	if err != nil {
		return c, fmt.Errorf("create campaign %q: %w", c.Name, err)
	}
	fields := append(evaluation.CampaignFields(c), crdt.Field{Name: fieldPublic, Value: public})
	ops := append([]crdt.Op{crdt.Set(c.ID, konbit.TypeCampaign, fields...)}, keyOps...)
	for _, g := range evaluation.DefaultGrids(c.ID) {
		if c.HasSession(g.Session) {
			ops = append(ops, crdt.Set(g.ID, konbit.TypeGrid, evaluation.GridFields(g)...))
		}
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return c, fmt.Errorf("create campaign: %w", err)
	}
	return c, nil
}

// Campaigns returns the evaluation campaigns, newest start first (then by
// name), and a channel closed when they change. Records this version
// cannot read (from a newer laptop, or damaged) are left out.
func (r *Replica) Campaigns() ([]evaluation.Campaign, <-chan struct{}) {
	recs, ch := r.view.ByType(konbit.TypeCampaign)
	out := make([]evaluation.Campaign, 0, len(recs))
	for _, rec := range recs {
		if c, err := evaluation.CampaignFromFields(rec.ID, rec.Fields); err == nil {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b evaluation.Campaign) int {
		if c := strings.Compare(b.Start, a.Start); c != 0 {
			return c
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID.String(), b.ID.String())
	})
	return out, ch
}

// Campaign returns one campaign.
func (r *Replica) Campaign(id uuid.UUID) (evaluation.Campaign, error) {
	rec, _ := r.view.Get(id)
	if rec == nil || rec.Type != konbit.TypeCampaign {
		return evaluation.Campaign{}, fmt.Errorf("campaign %s: %w", id, ErrNotFound)
	}
	return evaluation.CampaignFromFields(rec.ID, rec.Fields)
}

// FindCampaign resolves a campaign by id, unique id prefix or exact name.
func (r *Replica) FindCampaign(ref string) (evaluation.Campaign, error) {
	cs, _ := r.Campaigns()
	return find(cs, ref, "campaign", func(c evaluation.Campaign) (uuid.UUID, string) { return c.ID, c.Name })
}

// CampaignGrids returns the grids of a campaign's sessions, in session
// order, and a channel closed when they change. A session whose grid is
// missing or unreadable is left out.
func (r *Replica) CampaignGrids(id uuid.UUID) ([]evaluation.Grid, <-chan struct{}, error) {
	c, err := r.Campaign(id)
	if err != nil {
		return nil, nil, err
	}
	recs, ch := r.view.ByType(konbit.TypeGrid)
	by := map[uuid.UUID]evaluation.Grid{}
	for _, rec := range recs {
		if g, err := evaluation.GridFromFields(rec.ID, rec.Fields); err == nil && g.Campaign == id {
			by[rec.ID] = g
		}
	}
	var out []evaluation.Grid
	for _, s := range c.Sessions {
		if g, ok := by[evaluation.GridID(id, s)]; ok {
			out = append(out, g)
		}
	}
	return out, ch, nil
}

// FormGroups forms, stores and returns the groups of every session of a
// campaign with the default options and the given seed.
func (r *Replica) FormGroups(ctx context.Context, campaign uuid.UUID, seed uint64) (evaluation.Plan, error) {
	return r.FormGroupsWith(ctx, campaign, GroupOptions{Seed: seed})
}

// firstAttended is the date of each member's first attended meeting, the
// start of their seniority as the speaking statistics count it.
func (r *Replica) firstAttended(ctx context.Context) (map[uuid.UUID]string, error) {
	rows, err := r.db.PresenceRows(ctx)
	if err != nil {
		return nil, fmt.Errorf("seniority: %w", err)
	}
	ms, _ := r.Meetings()
	dateOf := make(map[uuid.UUID]string, len(ms))
	for _, m := range ms {
		dateOf[m.ID] = m.Date
	}
	first := map[uuid.UUID]string{}
	for _, p := range rows {
		if d, ok := dateOf[p.Meeting]; ok {
			if f, seen := first[p.Member]; !seen || d < f {
				first[p.Member] = d
			}
		}
	}
	return first, nil
}

// seniority is the band (the speaking statistics' bands) of someone who
// first attended on first, at the campaign's start; "" (not given) for
// someone never recorded at a meeting, so that missing history is not
// mistaken for a newcomer.
func seniority(first, at string) string {
	if first == "" {
		return ""
	}
	return meetings.SeniorityBand(first, at)
}

// FormGroupsWith forms the groups of every session of a campaign, spreading
// the participants' category, languages, seniority (from their first
// recorded meeting) and self-described gender (where given), and writes
// each session's groups, their reveal keys and the keep-apart pairs in one
// change. The same campaign, members and options give the same groups on
// any laptop. Without keep-apart pairs in opt, the campaign's are used.
func (r *Replica) FormGroupsWith(ctx context.Context, campaign uuid.UUID, opt GroupOptions) (evaluation.Plan, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return evaluation.Plan{}, err
	}
	if opt.KeepApart == nil {
		opt.KeepApart = c.KeepApart
	}
	g, err := r.grouping(ctx, c, opt)
	if err != nil {
		return evaluation.Plan{}, err
	}
	plan, err := g.Form()
	if err != nil {
		return plan, fmt.Errorf("groups of campaign %q: %w", c.Name, err)
	}
	ops := make([]crdt.Op, 0, len(plan.Sessions))
	for _, s := range plan.Sessions {
		ops = append(ops, crdt.Set(evaluation.GroupsID(c.ID, s.Name), konbit.TypeEvalGroups, evaluation.GroupsFields(c.ID, s)...))
	}
	// Newly formed groups are other groups: every slot gets a new code.
	keyOps, err := r.revealKeyOps(c, plan.Sessions, func(string, int, []uuid.UUID) bool { return false })
	if err != nil {
		return plan, fmt.Errorf("groups of campaign %q: %w", c.Name, err)
	}
	ops = append(ops, keyOps...)
	if !slices.Equal(c.KeepApart, opt.KeepApart) {
		c.KeepApart = opt.KeepApart
		ops = append(ops, r.campaignOp(c))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return plan, fmt.Errorf("save groups: %w", err)
	}
	return plan, nil
}

// grouping is the campaign's participants with the attributes groups
// spread, as FormGroupsWith and CheckGroups both see them.
func (r *Replica) grouping(ctx context.Context, c evaluation.Campaign, opt GroupOptions) (evaluation.Grouping, error) {
	first, err := r.firstAttended(ctx)
	if err != nil {
		return evaluation.Grouping{}, err
	}
	people := make([]evaluation.Participant, 0, len(c.Participants))
	for _, id := range c.Participants {
		attrs := map[string]string{}
		if m, err := r.Member(id); err == nil {
			attrs[AttrCategory] = string(m.Category)
			langs := slices.Clone(m.Languages)
			slices.Sort(langs)
			attrs[AttrLanguage] = strings.Join(langs, ",")
			attrs[AttrGender] = strings.ToLower(strings.TrimSpace(m.Gender))
			attrs[AttrSeniority] = seniority(first[id], c.Start)
		}
		people = append(people, evaluation.Participant{ID: id, Attributes: attrs})
	}
	return evaluation.Grouping{People: people, Sessions: c.Sessions, Size: opt.Size, KeepApart: opt.KeepApart, Seed: opt.Seed}, nil
}

// Groups returns the stored groups of a campaign, in session order
// (sessions without groups are left out), and a channel closed when they
// change.
func (r *Replica) Groups(campaign uuid.UUID) ([]evaluation.Session, <-chan struct{}, error) {
	c, err := r.Campaign(campaign)
	if err != nil {
		return nil, nil, err
	}
	recs, ch := r.view.ByType(konbit.TypeEvalGroups)
	by := map[uuid.UUID]evaluation.Session{}
	for _, rec := range recs {
		if camp, s, err := evaluation.GroupsFromFields(rec.ID, rec.Fields); err == nil && camp == c.ID && rec.ID == evaluation.GroupsID(c.ID, s.Name) {
			by[rec.ID] = s
		}
	}
	var out []evaluation.Session
	for _, name := range c.Sessions {
		if s, ok := by[evaluation.GroupsID(c.ID, name)]; ok {
			out = append(out, s)
		}
	}
	return out, ch, nil
}

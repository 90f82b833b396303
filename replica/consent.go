package replica

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// Proposal returns the proposal of an agenda item (false if none was
// presented yet) and a channel closed when it changes.
func (r *Replica) Proposal(item uuid.UUID) (meetings.Proposal, bool, <-chan struct{}) {
	id := meetings.ProposalID(item)
	rec, ch := r.view.Get(id)
	if rec == nil || rec.Type != konbit.TypeProposal {
		return meetings.Proposal{}, false, ch
	}
	return meetings.ProposalFromFields(rec.ID, rec.Fields), true, ch
}

// checkProposal refuses a proposal that is not the one of its item, whose
// item is not on its meeting's agenda, or that would reopen a proposal
// which already has an outcome (a stale copy saved late).
func (r *Replica) checkProposal(p meetings.Proposal) (old meetings.Proposal, err error) {
	if err := p.Validate(); err != nil {
		return old, err
	}
	if p.ID != meetings.ProposalID(p.Item) {
		return old, fmt.Errorf("proposal %s is not the proposal of item %s", p.ID, p.Item)
	}
	it, err := r.Item(p.Item)
	if err != nil {
		return old, err
	}
	if it.Meeting != p.Meeting {
		return old, fmt.Errorf("proposal: item %q is not on this meeting's agenda", it.Title)
	}
	old, ok, _ := r.Proposal(p.Item)
	if ok && old.Stage.Final() && p.Stage != old.Stage {
		return old, fmt.Errorf("the proposal %q was already %s: %w", it.Title, old.Stage, meetings.ErrClosed)
	}
	return old, nil
}

// SaveProposal writes the fields of a proposal that changed after a step
// of the consent process (the domain refused illegal steps already).
func (r *Replica) SaveProposal(ctx context.Context, p meetings.Proposal) error {
	old, err := r.checkProposal(p)
	if err != nil {
		return err
	}
	fields := p.ChangedFields(&old)
	if len(fields) == 0 {
		return nil
	}
	if _, err := r.Commit(ctx, crdt.Set(p.ID, konbit.TypeProposal, fields...)); err != nil {
		return fmt.Errorf("save proposal: %w", err)
	}
	return nil
}

// Adoption is what the register needs besides the proposal itself.
type Adoption struct {
	Title      string   // default: the item's title
	Tags       []string // themes, for finding it again
	ReviewDate string   // YYYY-MM-DD, optional
}

// Adopt adopts a proposal with the people present and records the
// decision in the register, in one change: the register never misses an
// adopted proposal. The domain refuses an adoption with an objection left.
func (r *Replica) Adopt(ctx context.Context, p meetings.Proposal, present []uuid.UUID, a Adoption) (meetings.Decision, error) {
	old, err := r.checkProposal(p)
	if err != nil {
		return meetings.Decision{}, err
	}
	if err := p.Adopt(present); err != nil {
		return meetings.Decision{}, err
	}
	m, _, err := r.Meeting(p.Meeting)
	if err != nil {
		return meetings.Decision{}, err
	}
	it, err := r.Item(p.Item)
	if err != nil {
		return meetings.Decision{}, err
	}
	if a.Title == "" {
		a.Title = it.Title
	}
	d, err := meetings.DecisionFromProposal(p, a.Title, m.Body, m.Date, a.Tags, a.ReviewDate)
	if err != nil {
		return d, err
	}
	ops := []crdt.Op{crdt.Set(d.ID, konbit.TypeDecision, d.Fields()...)}
	if f := p.ChangedFields(&old); len(f) > 0 {
		ops = append(ops, crdt.Set(p.ID, konbit.TypeProposal, f...))
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return d, fmt.Errorf("adopt proposal: %w", err)
	}
	return d, nil
}

// Decisions returns the decisions taken at the given meetings (every
// decision, newest first, when none is given), from the store.
func (r *Replica) Decisions(ctx context.Context, meetingIDs ...uuid.UUID) ([]meetings.Decision, error) {
	recs, err := r.db.DecisionsOf(ctx, meetingIDs...)
	if err != nil {
		return nil, err
	}
	out := make([]meetings.Decision, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.DecisionFromFields(rec.ID, rec.Visible()))
	}
	return out, nil
}

// WatchDecisions returns a channel closed at the next decision written
// for the meeting (any meeting for uuid.Nil).
func (r *Replica) WatchDecisions(meeting uuid.UUID) <-chan struct{} {
	return r.topics.watch(konbit.TypeDecision, meeting)
}

// SaveDecision writes the fields of a decision that changed (its status,
// tags, review date, what it supersedes).
func (r *Replica) SaveDecision(ctx context.Context, d meetings.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	rec, err := r.db.Record(ctx, d.ID)
	if err != nil {
		return err
	}
	if rec == nil || rec.Deleted || rec.Type != konbit.TypeDecision {
		return fmt.Errorf("decision %s: %w", d.ID, ErrNotFound)
	}
	old := meetings.DecisionFromFields(rec.ID, rec.Visible())
	fields := d.ChangedFields(&old)
	if len(fields) == 0 {
		return nil
	}
	_, err = r.Commit(ctx, crdt.Set(d.ID, konbit.TypeDecision, fields...))
	return err
}

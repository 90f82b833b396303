package replica

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sqlite"
	"github.com/konbit/konbit/sync/crdt"
)

// The decision register (DOMAIN.md, Decision register): every decision of
// every body, found again by words, theme, body, status and dates. The
// full-text index is a projection written in the transaction of the
// records (sqlite/fts.go), so what another laptop decided is searchable
// as soon as its bundle is merged. Watch the register with
// WatchDecisions(uuid.Nil).
//
// Bodies: a decision's Body is uuid.Nil for the work collective. The
// decisions imported from the old wiki have no body known: they have no
// meeting and Body uuid.Nil (meetings.Decision.BodyUnknown); select them
// with DecisionQuery.Unknown.

// DecisionQuery selects decisions of the register. The zero query selects
// every decision, newest first.
type DecisionQuery struct {
	// Text is what the user typed. Case, accents and apostrophes do not
	// matter; each word is matched as a prefix ("embauche" finds
	// "embauches"), all words must match; French and English stop words
	// are left out. No character of it is taken as FTS5 syntax.
	Text string
	// Status: "active", "implemented", "superseded", "revoked", or "".
	Status string
	// Theme: a tag, compared without case or accents ("reunions" finds
	// "réunions"); "" for any.
	Theme string
	// Body: nil for any body; uuid.Nil for the work collective (without
	// the imported decisions whose body is unknown); else a committee id.
	Body *uuid.UUID
	// Unknown selects only the imported decisions whose body is unknown.
	// It cannot be combined with Body.
	Unknown bool
	// From and To bound the decision date, both inclusive (YYYY-MM-DD,
	// "" for no bound).
	From, To string
	// ByDate sorts newest first even when Text is given (else the best
	// match comes first).
	ByDate bool
	// Limit caps the number of hits (0: no limit).
	Limit int
}

// DecisionHit is one decision found.
type DecisionHit struct {
	Decision meetings.Decision
	// Rank is the relevance, higher is better: the negated bm25 score
	// (title weighted ten times the text). 0 when no text was searched.
	Rank float64
	// Snippet is the passage that matched, its words between "**" and
	// SnippetOpen and SnippetClose, "…" where it was cut. ""
	// when no text was searched.
	Snippet string
}

// The marks around the matched words of a DecisionHit's snippet.
const (
	SnippetOpen  = sqlite.SnippetOpen
	SnippetClose = sqlite.SnippetClose
)

// SearchDecisions returns the decisions the query selects: by relevance
// when text is given (the title counts most; ties newest first), else
// newest first. Text with no word in it (only punctuation) searches
// nothing and selects by the other filters alone.
func (r *Replica) SearchDecisions(ctx context.Context, q DecisionQuery) ([]DecisionHit, error) {
	f := sqlite.DecisionFilter{
		Words: meetings.SearchWords(q.Text), Status: q.Status, Tag: meetings.FoldTag(q.Theme),
		Body: q.Body, Unknown: q.Unknown, From: q.From, To: q.To, ByDate: q.ByDate, Limit: q.Limit,
	}
	if err := checkQuery(q); err != nil {
		return nil, err
	}
	return r.searchDecisions(ctx, f)
}

func checkQuery(q DecisionQuery) error {
	switch meetings.DecisionStatus(q.Status) {
	case "", meetings.Active, meetings.Implemented, meetings.Superseded, meetings.Revoked:
	default:
		return fmt.Errorf("decision status %q: want active, implemented, superseded or revoked", q.Status)
	}
	if q.Body != nil && q.Unknown {
		return fmt.Errorf("search decisions: choose a body or the unknown body, not both")
	}
	for _, d := range []string{q.From, q.To} {
		if d == "" {
			continue
		}
		if _, err := time.Parse(meetings.DateLayout, d); err != nil {
			return fmt.Errorf("search decisions: %q is not a date: use YYYY-MM-DD", d)
		}
	}
	return nil
}

func (r *Replica) searchDecisions(ctx context.Context, f sqlite.DecisionFilter) ([]DecisionHit, error) {
	ms, err := r.db.SearchDecisions(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]DecisionHit, 0, len(ms))
	for _, m := range ms {
		out = append(out, DecisionHit{Decision: meetings.DecisionFromFields(m.Record.ID, m.Record.Visible()), Rank: m.Rank, Snippet: m.Snippet})
	}
	return out, nil
}

// Decision returns one decision of the register (ErrNotFound if there is
// none with that id).
func (r *Replica) Decision(ctx context.Context, id uuid.UUID) (meetings.Decision, error) {
	rec, err := r.db.Record(ctx, id)
	if err != nil {
		return meetings.Decision{}, err
	}
	if rec == nil || rec.Deleted || rec.Type != konbit.TypeDecision {
		return meetings.Decision{}, fmt.Errorf("decision %s: %w", id, ErrNotFound)
	}
	return meetings.DecisionFromFields(rec.ID, rec.Visible()), nil
}

// SupersededBy returns the decisions that supersede the given one (those
// whose Supersedes names it), oldest first: what the register shows under
// a superseded decision.
func (r *Replica) SupersededBy(ctx context.Context, id uuid.UUID) ([]meetings.Decision, error) {
	recs, err := r.db.DecisionsSuperseding(ctx, id)
	if err != nil {
		return nil, err
	}
	return decodeDecisions(recs), nil
}

func decodeDecisions(recs []*crdt.Record) []meetings.Decision {
	out := make([]meetings.Decision, 0, len(recs))
	for _, rec := range recs {
		out = append(out, meetings.DecisionFromFields(rec.ID, rec.Visible()))
	}
	return out
}

// SetDecisionStatus changes a decision's status, in one change. Superseded
// needs the decision that supersedes it (supersededBy), whose Supersedes
// is set to this one in the same change; the other statuses take
// uuid.Nil. Leaving the superseded status clears the Supersedes of the
// decisions that named this one, so the register never says a decision
// in force is replaced.
func (r *Replica) SetDecisionStatus(ctx context.Context, id uuid.UUID, status meetings.DecisionStatus, supersededBy uuid.UUID) error {
	old, err := r.Decision(ctx, id)
	if err != nil {
		return err
	}
	d := old
	d.Status = status
	if err := d.Validate(); err != nil {
		return err
	}
	ops := []crdt.Op{}
	if f := d.ChangedFields(&old); len(f) > 0 {
		ops = append(ops, crdt.Set(d.ID, konbit.TypeDecision, f...))
	}
	if status == meetings.Superseded {
		if supersededBy == uuid.Nil {
			return fmt.Errorf("decision %q: say which decision supersedes it", d.Title)
		}
		if supersededBy == id {
			return fmt.Errorf("decision %q cannot supersede itself", d.Title)
		}
		oldNew, err := r.Decision(ctx, supersededBy)
		if err != nil {
			return err
		}
		if oldNew.Supersedes != uuid.Nil && oldNew.Supersedes != id {
			return fmt.Errorf("decision %q already supersedes another decision", oldNew.Title)
		}
		nd := oldNew
		nd.Supersedes = id
		if err := nd.Validate(); err != nil {
			return err
		}
		if f := nd.ChangedFields(&oldNew); len(f) > 0 {
			ops = append(ops, crdt.Set(nd.ID, konbit.TypeDecision, f...))
		}
	} else {
		if supersededBy != uuid.Nil {
			return fmt.Errorf("decision %q: only a superseded decision has a decision that supersedes it", d.Title)
		}
		if old.Status == meetings.Superseded {
			later, err := r.SupersededBy(ctx, id)
			if err != nil {
				return err
			}
			for _, l := range later {
				nl := l
				nl.Supersedes = uuid.Nil
				ops = append(ops, crdt.Set(nl.ID, konbit.TypeDecision, nl.ChangedFields(&l)...))
			}
		}
	}
	if len(ops) == 0 {
		return nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return fmt.Errorf("set decision status: %w", err)
	}
	return nil
}

// SimilarDecisions returns the past decisions closest to a draft
// proposal, best first (at most limit; 5 if limit <= 0): any of the
// draft's significant words may match (French and English stop words and
// words under three letters left out), ranked by bm25. Offline, no model:
// "you may have decided this on 2010-11-14".
func (r *Replica) SimilarDecisions(ctx context.Context, draft string, limit int) ([]DecisionHit, error) {
	if limit <= 0 {
		limit = 5
	}
	words := meetings.SignificantWords(draft, 32)
	if len(words) == 0 {
		return nil, nil
	}
	return r.searchDecisions(ctx, sqlite.DecisionFilter{Words: words, Any: true, Limit: limit})
}

// ReviewsDue returns the active decisions whose review date is on or
// before today plus withinDays (overdue ones included), the earliest
// review first.
func (r *Replica) ReviewsDue(ctx context.Context, today string, withinDays int) ([]meetings.Decision, error) {
	through := meetings.ReviewBy(today, withinDays)
	if through == "" {
		return nil, fmt.Errorf("reviews due: %q is not a date: use YYYY-MM-DD", today)
	}
	recs, err := r.db.DecisionsForReview(ctx, through)
	if err != nil {
		return nil, err
	}
	return decodeDecisions(recs), nil
}

// OfferReview puts a decision up for review at the next meeting of its
// body: the first planned meeting dated today or later (the work
// collective's for an imported decision whose body is unknown). It adds a
// proposal item "Révision : <title>" or "Review: <title>" in the meeting's
// language at the end of the agenda, and returns the meeting and the item.
// If that meeting already has the item, it is returned as it is. Without a
// planned meeting, it fails with ErrNotFound: plan one first.
func (r *Replica) OfferReview(ctx context.Context, decision uuid.UUID, today string) (meetings.Meeting, meetings.Item, error) {
	d, err := r.Decision(ctx, decision)
	if err != nil {
		return meetings.Meeting{}, meetings.Item{}, err
	}
	var next *meetings.Meeting
	all, _ := r.Meetings()
	for i := range all {
		m := &all[i]
		if m.Body != d.Body || m.Status != meetings.Planned || m.Date < today {
			continue
		}
		if next == nil || m.Date < next.Date || (m.Date == next.Date && m.Time < next.Time) {
			next = m
		}
	}
	if next == nil {
		return meetings.Meeting{}, meetings.Item{}, fmt.Errorf("review %q: no planned meeting of its body from %s on: %w", d.Title, today, ErrNotFound)
	}
	title := meetings.ReviewItemTitle(next.Language, d.Title)
	items, _ := r.Agenda(next.ID)
	for _, it := range items {
		if it.Title == title {
			return *next, it, nil
		}
	}
	it, err := r.AddItem(ctx, meetings.Item{Meeting: next.ID, Type: meetings.ProposalItem, Kind: meetings.KindNormal, Title: title})
	if err != nil {
		return *next, it, fmt.Errorf("review %q: %w", d.Title, err)
	}
	return *next, it, nil
}

// ImportWikiDecisions imports the old wiki's decision book (the format of
// meetings.ParseWikiDecisions), all or nothing, in one change: a bad entry
// and nothing is written, the error naming the file and line (a
// *meetings.WikiError inside). Imported decisions are dated, active, with
// their body unknown. Entries already imported (same date and title) are
// left as they are, edits included; the count is of decisions added. A
// page with no entry at all is refused: it is likely not the decision book.
func (r *Replica) ImportWikiDecisions(ctx context.Context, rd io.Reader, name string) (int, error) {
	ds, err := meetings.ParseWikiDecisions(rd)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(ds) == 0 {
		return 0, fmt.Errorf("%s: no decision found: each one starts with a line \"## YYYY-MM-DD Title\"", name)
	}
	ids := make([]uuid.UUID, len(ds))
	for i := range ds {
		ids[i] = ds[i].ID
	}
	existing, err := r.db.Records(ctx, ids)
	if err != nil {
		return 0, err
	}
	have := map[uuid.UUID]bool{}
	for _, rec := range existing {
		if !rec.Deleted {
			have[rec.ID] = true
		}
	}
	var ops []crdt.Op
	for i := range ds {
		if !have[ds[i].ID] {
			ops = append(ops, crdt.Set(ds[i].ID, konbit.TypeDecision, ds[i].Fields()...))
		}
	}
	if len(ops) == 0 {
		return 0, nil
	}
	if _, err := r.Commit(ctx, ops...); err != nil {
		return 0, fmt.Errorf("%s: import decisions: %w", name, err)
	}
	return len(ops), nil
}

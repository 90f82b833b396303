package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// The decision register's full-text index (DOMAIN.md, Decision register):
// an FTS5 table beside the decisions projection, written by the same
// projector in the same transaction as the records, so a decision merged
// from another laptop is searchable the moment the merge commits. Its
// rowid is the decisions row's n; the row is removed before the decisions
// row is replaced or deleted, and written again after.
//
// The unicode61 tokenizer with remove_diacritics 2 folds case and accents
// ("Règlement" and "reglement" are one word) and splits at apostrophes
// ("l'embauche" holds "embauche"). The table keeps its own copy of the
// text (a few hundred kilobytes over years), which snippet() needs.
const decisionsFTS = `CREATE VIRTUAL TABLE decisions_fts USING fts5(
	title, text, tags, amendments,
	tokenize = 'unicode61 remove_diacritics 2'
)`

// bm25 weights of title, text, tags and amendments: a word in the title
// says far more about what was decided than one in the text; earlier
// wordings and objections say less.
const decisionsRank = `bm25(decisions_fts, 10.0, 1.0, 4.0, 0.25)`

// ftsIndex is a full-text index kept beside a projection table.
type ftsIndex struct {
	table  string
	remove string                   // DELETE of the row of the record whose id is the one argument
	insert string                   // INSERT of the row: doc's arguments, then the id
	doc    func(*crdt.Record) []any // the indexed columns of a live record
}

func decisionsIndex() *ftsIndex {
	return &ftsIndex{
		table:  "decisions_fts",
		remove: `DELETE FROM decisions_fts WHERE rowid = (SELECT n FROM decisions WHERE id = ?)`,
		insert: `INSERT INTO decisions_fts (rowid, title, text, tags, amendments) SELECT n, ?, ?, ?, ? FROM decisions WHERE id = ?`,
		doc: func(rec *crdt.Record) []any {
			d := meetings.DecisionFromFields(rec.ID, rec.Visible())
			return []any{d.Title, d.Text, strings.Join(d.Tags, " "), amendments(d)}
		},
	}
}

// amendments is what the register searches besides the adopted text:
// every earlier wording, and each objection with how it was resolved.
func amendments(d meetings.Decision) string {
	var b strings.Builder
	for _, v := range d.Versions {
		if v.Text != d.Text {
			b.WriteString(v.Text)
			b.WriteByte('\n')
		}
	}
	for _, o := range d.Objections {
		b.WriteString(o.Text)
		b.WriteByte('\n')
		if o.Resolution != "" {
			b.WriteString(o.Resolution)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// foldedTags is the tags column of the decisions projection: a JSON array
// of the tags folded as meetings.FoldTag folds them, for the theme filter.
func foldedTags(tags []string) string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, meetings.FoldTag(t))
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func (p *projector) unindex(pr *projection, id uuid.UUID) error {
	if pr.fts == nil {
		return nil
	}
	st, err := p.stmt(p.del, pr.fts.table, pr.fts.remove)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(p.ctx, id[:]); err != nil {
		return fmt.Errorf("index %s: %w", pr.name, err)
	}
	return nil
}

func (p *projector) index(pr *projection, rec *crdt.Record) error {
	if pr.fts == nil {
		return nil
	}
	st, err := p.stmt(p.stmts, pr.fts.table, pr.fts.insert)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(p.ctx, append(pr.fts.doc(rec), rec.ID[:])...); err != nil {
		return fmt.Errorf("index %s: %w", pr.name, err)
	}
	return nil
}

// DecisionFilter selects decisions of the register. Words are matched as
// prefixes of indexed words, all of them (or any with Any); they should
// come from meetings.SearchWords or meetings.SignificantWords, but any
// string is quoted so that nothing in it is read as FTS5 syntax.
type DecisionFilter struct {
	Words   []string
	Any     bool
	Status  string     // "" for any
	Tag     string     // folded (meetings.FoldTag); "" for any
	Body    *uuid.UUID // nil for any; uuid.Nil: the work collective (not the unknown body)
	Unknown bool       // only decisions whose body is unknown (no meeting, no body)
	From    string     // YYYY-MM-DD, inclusive; "" for no bound
	To      string     // YYYY-MM-DD, inclusive; "" for no bound
	ByDate  bool       // newest first even when words are given
	Limit   int        // 0: no limit
}

// DecisionMatch is one decision found, with its relevance (higher is
// better, 0 without words) and the passage that matched, its words
// between SnippetOpen and SnippetClose.
type DecisionMatch struct {
	Record  *crdt.Record
	Rank    float64
	Snippet string
}

// Snippet markers around matched words.
const (
	SnippetOpen  = "**"
	SnippetClose = "**"
)

// matchExpr builds the FTS5 query of the words: each one a quoted prefix
// query ("embauche"*), joined by AND or OR.
func matchExpr(words []string, or bool) string {
	parts := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		parts = append(parts, `"`+strings.ReplaceAll(w, `"`, `""`)+`"*`)
	}
	op := " AND "
	if or {
		op = " OR "
	}
	return strings.Join(parts, op)
}

var zeroID = uuid.Nil

// SearchDecisions returns the decisions of the register that the filter
// selects, by relevance (bm25, title weighted) when words are given and
// ByDate is not set, else newest first.
func (db *DB) SearchDecisions(ctx context.Context, f DecisionFilter) ([]DecisionMatch, error) {
	var where []string
	var args []any
	match := matchExpr(f.Words, f.Any)
	q := `SELECT r.id, r.state, 0.0, '' FROM decisions d JOIN records r ON r.id = d.id`
	if match != "" {
		q = `SELECT r.id, r.state, -` + decisionsRank + `, snippet(decisions_fts, -1, '` + SnippetOpen + `', '` + SnippetClose + `', '…', 16)
			FROM decisions_fts JOIN decisions d ON d.n = decisions_fts.rowid JOIN records r ON r.id = d.id`
		where = append(where, "decisions_fts MATCH ?")
		args = append(args, match)
	}
	if f.Status != "" {
		where = append(where, "d.status = ?")
		args = append(args, f.Status)
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM json_each(d.tags) WHERE json_each.value = ?)")
		args = append(args, f.Tag)
	}
	if f.Unknown {
		where = append(where, "d.body = ? AND d.meeting = ?")
		args = append(args, zeroID[:], zeroID[:])
	}
	if f.Body != nil {
		body := *f.Body
		where = append(where, "d.body = ?")
		args = append(args, body[:])
		if body == uuid.Nil {
			where = append(where, "d.meeting != ?")
			args = append(args, zeroID[:])
		}
	}
	if f.From != "" {
		where = append(where, "d.date >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		where = append(where, "d.date <= ?")
		args = append(args, f.To)
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if match != "" && !f.ByDate {
		q += " ORDER BY " + decisionsRank + ", d.date DESC, d.id"
	} else {
		q += " ORDER BY d.date DESC, d.id"
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search decisions: %w", err)
	}
	defer rows.Close()
	var out []DecisionMatch
	for rows.Next() {
		var id, state []byte
		var m DecisionMatch
		if err := rows.Scan(&id, &state, &m.Rank, &m.Snippet); err != nil {
			return nil, fmt.Errorf("search decisions: %w", err)
		}
		if m.Record, err = decodeRecord(id, state); err != nil {
			return nil, err
		}
		if !m.Record.Deleted {
			out = append(out, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search decisions: %w", err)
	}
	return out, nil
}

// DecisionsForReview returns the active decisions whose review date is on
// or before through (YYYY-MM-DD), the earliest review first.
func (db *DB) DecisionsForReview(ctx context.Context, through string) ([]*crdt.Record, error) {
	return db.projected(ctx, `SELECT r.id, r.state FROM decisions d JOIN records r ON r.id = d.id
		WHERE d.review_date != '' AND d.review_date <= ? AND d.status = ?
		ORDER BY d.review_date, d.date, d.id`, through, string(meetings.Active))
}

// DecisionsSuperseding returns the decisions that say they supersede the
// given one, oldest first.
func (db *DB) DecisionsSuperseding(ctx context.Context, id uuid.UUID) ([]*crdt.Record, error) {
	if id == uuid.Nil {
		return nil, nil
	}
	return db.projected(ctx, `SELECT r.id, r.state FROM decisions d JOIN records r ON r.id = d.id
		WHERE d.supersedes = ? ORDER BY d.date, d.id`, id[:])
}

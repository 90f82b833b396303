package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit"
	"github.com/konbit/konbit/meetings"
	"github.com/konbit/konbit/sync/crdt"
)

// A projection is a table derived from the records of some types, kept so
// that the large record types (speech segments, attendance marks,
// decisions: tens of thousands over the years) can be queried by meeting,
// person or date range without loading them all. Projections are written
// in the transaction that writes their records, by the one applier that
// serves local commits and merged bundles alike, so they can never lag.
//
// Each projection has a version. When the version this build knows differs
// from the one the database was built with (a new projection, a fix, or
// records of a type that arrived from a newer Konbit before this one knew
// how to project them), the table is dropped and rebuilt from the records
// at open, in one transaction.
type projection struct {
	name    string
	version int
	typ     string   // the record type it projects
	create  []string // DDL: the table and its indexes
	insert  string   // INSERT OR REPLACE of one row, id first
	// row decodes a live record into the insert's arguments after the id,
	// and says which meeting the record belongs to (the topic screens
	// watch).
	row func(rec *crdt.Record) (args []any, scope uuid.UUID)
	// fts, if set, is a full-text index of the table's rows kept in the
	// same transaction (sqlite/fts.go).
	fts *ftsIndex
}

func projections() []projection {
	return []projection{
		{
			name: "segments", version: 2, typ: konbit.TypeSegment,
			create: []string{
				`CREATE TABLE segments (
					id          BLOB PRIMARY KEY,
					meeting     BLOB NOT NULL,
					item        BLOB,
					speaker     BLOB NOT NULL,
					kind        TEXT NOT NULL,
					start_ms    INTEGER NOT NULL,
					duration_ms INTEGER NOT NULL,
					lang        TEXT NOT NULL
				) WITHOUT ROWID`,
				`CREATE INDEX segments_by_meeting ON segments (meeting, start_ms)`,
				`CREATE INDEX segments_by_speaker ON segments (speaker, start_ms)`,
				`CREATE INDEX segments_by_start ON segments (start_ms)`,
				// Covers the statistics' sums per meeting and speaker
				// (version 2).
				`CREATE INDEX segments_by_meeting_speaker ON segments (meeting, speaker, duration_ms)`,
			},
			insert: `INSERT OR REPLACE INTO segments (id, meeting, item, speaker, kind, start_ms, duration_ms, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			row: func(rec *crdt.Record) ([]any, uuid.UUID) {
				s := meetings.SegmentFromFields(rec.ID, rec.Visible())
				return []any{s.Meeting[:], s.Item[:], s.Speaker[:], string(s.Kind), s.Start.UnixMilli(), s.Duration.Milliseconds(), s.Language}, s.Meeting
			},
		},
		{
			name: "attendance", version: 1, typ: konbit.TypeAttendance,
			create: []string{
				`CREATE TABLE attendance (
					id         BLOB PRIMARY KEY,
					meeting    BLOB NOT NULL,
					member     BLOB NOT NULL,
					status     TEXT NOT NULL,
					arrived_ms INTEGER NOT NULL,
					date       TEXT NOT NULL
				) WITHOUT ROWID`,
				`CREATE INDEX attendance_by_member ON attendance (member, date)`,
				`CREATE INDEX attendance_by_meeting ON attendance (meeting)`,
				`CREATE INDEX attendance_by_date ON attendance (date)`,
			},
			insert: `INSERT OR REPLACE INTO attendance (id, meeting, member, status, arrived_ms, date) VALUES (?, ?, ?, ?, ?, ?)`,
			row: func(rec *crdt.Record) ([]any, uuid.UUID) {
				m := meetings.MarkFromFields(rec.ID, rec.Visible())
				var arrived int64
				if !m.Arrived.IsZero() {
					arrived = m.Arrived.UnixMilli()
				}
				return []any{m.Meeting[:], m.Member[:], string(m.Status), arrived, m.Date}, m.Meeting
			},
		},
		{
			// Version 2: a rowid for the full-text index (sqlite/fts.go),
			// tags, review date and what it supersedes, for the register.
			name: "decisions", version: 2, typ: konbit.TypeDecision,
			create: []string{
				`DROP TABLE IF EXISTS decisions_fts`,
				`CREATE TABLE decisions (
					n           INTEGER PRIMARY KEY,
					id          BLOB NOT NULL UNIQUE,
					meeting     BLOB NOT NULL,
					body        BLOB NOT NULL,
					date        TEXT NOT NULL,
					status      TEXT NOT NULL,
					title       TEXT NOT NULL,
					tags        TEXT NOT NULL,
					review_date TEXT NOT NULL,
					supersedes  BLOB NOT NULL
				)`,
				`CREATE INDEX decisions_by_meeting ON decisions (meeting)`,
				`CREATE INDEX decisions_by_date ON decisions (date)`,
				`CREATE INDEX decisions_by_review ON decisions (review_date) WHERE review_date != ''`,
				`CREATE INDEX decisions_by_supersedes ON decisions (supersedes) WHERE supersedes != x'00000000000000000000000000000000'`,
				decisionsFTS,
			},
			insert: `INSERT OR REPLACE INTO decisions (id, meeting, body, date, status, title, tags, review_date, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			row: func(rec *crdt.Record) ([]any, uuid.UUID) {
				d := meetings.DecisionFromFields(rec.ID, rec.Visible())
				return []any{d.Meeting[:], d.Body[:], d.Date, string(d.Status), d.Title, foldedTags(d.Tags), d.ReviewDate, d.Supersedes[:]}, d.Meeting
			},
			fts: decisionsIndex(),
		},
	}
}

// Topic names what a write touched, for the screens that watch it: a
// record type and, for projected types, the meeting the record belongs to
// (uuid.Nil for the other types).
type Topic struct {
	Type  string
	Scope uuid.UUID
}

// projector writes projection rows inside one transaction.
type projector struct {
	ctx   context.Context
	tx    *sql.Tx
	byTyp map[string]*projection
	stmts map[string]*sql.Stmt
	del   map[string]*sql.Stmt
}

func newProjector(ctx context.Context, tx *sql.Tx) *projector {
	p := &projector{ctx: ctx, tx: tx, byTyp: map[string]*projection{}, stmts: map[string]*sql.Stmt{}, del: map[string]*sql.Stmt{}}
	ps := projections()
	for i := range ps {
		p.byTyp[ps[i].typ] = &ps[i]
	}
	return p
}

func (p *projector) close() {
	for _, st := range p.stmts {
		st.Close()
	}
	for _, st := range p.del {
		st.Close()
	}
}

// write brings the projection of rec up to date: a row for a live record,
// none for a deleted one. It returns the topic touched (false if rec's
// type is not projected).
func (p *projector) write(rec *crdt.Record) (Topic, bool, error) {
	pr := p.byTyp[rec.Type]
	if pr == nil {
		return Topic{}, false, nil
	}
	if rec.Deleted {
		t, err := p.forget(rec.Type, rec.ID)
		return t, true, err
	}
	if err := p.unindex(pr, rec.ID); err != nil {
		return Topic{}, false, err
	}
	st, err := p.stmt(p.stmts, pr.name, pr.insert)
	if err != nil {
		return Topic{}, false, err
	}
	args, scope := pr.row(rec)
	if _, err := st.ExecContext(p.ctx, append([]any{rec.ID[:]}, args...)...); err != nil {
		return Topic{}, false, fmt.Errorf("project %s: %w", pr.name, err)
	}
	if err := p.index(pr, rec); err != nil {
		return Topic{}, false, err
	}
	return Topic{Type: rec.Type, Scope: scope}, true, nil
}

// forget removes a record's row from the projection of type typ (if it
// has one): the record is no longer of that type.
func (p *projector) forget(typ string, id uuid.UUID) (Topic, error) {
	pr := p.byTyp[typ]
	if pr == nil {
		return Topic{Type: typ}, nil
	}
	if err := p.unindex(pr, id); err != nil {
		return Topic{}, err
	}
	st, err := p.stmt(p.del, pr.name, "DELETE FROM "+pr.name+" WHERE id = ?")
	if err != nil {
		return Topic{}, err
	}
	if _, err := st.ExecContext(p.ctx, id[:]); err != nil {
		return Topic{}, fmt.Errorf("project %s: %w", pr.name, err)
	}
	return Topic{Type: typ}, nil
}

func (p *projector) stmt(cache map[string]*sql.Stmt, name, query string) (*sql.Stmt, error) {
	if st := cache[name]; st != nil {
		return st, nil
	}
	st, err := p.tx.PrepareContext(p.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare projection %s: %w", name, err)
	}
	cache[name] = st
	return st, nil
}

// refreshProjections rebuilds, at open, every projection whose version
// differs from the one the database holds. Each rebuild is one
// transaction: a crash leaves the old projection and its old version, so
// the rebuild runs again at the next open.
func refreshProjections(ctx context.Context, db *sql.DB) error {
	for _, pr := range projections() {
		var have int
		err := db.QueryRowContext(ctx, "SELECT version FROM projections WHERE name = ?", pr.name).Scan(&have)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("read projection versions: %w", err)
		}
		if have == pr.version {
			continue
		}
		if err := rebuild(ctx, db, pr); err != nil {
			return fmt.Errorf("rebuild projection %s: %w", pr.name, err)
		}
	}
	return nil
}

func rebuild(ctx context.Context, db *sql.DB, pr projection) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have rebuilt it meanwhile: check again inside
	// the transaction, which holds the database's one writer.
	var have int
	err = tx.QueryRowContext(ctx, "SELECT version FROM projections WHERE name = ?", pr.name).Scan(&have)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if have == pr.version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+pr.name); err != nil {
		return err
	}
	for _, ddl := range pr.create {
		if _, err := tx.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(ddl)[2], err)
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, state FROM records WHERE type = ? AND deleted = 0", pr.typ)
	if err != nil {
		return err
	}
	var recs []*crdt.Record
	if err := scanRecords(rows, func(r *crdt.Record) error { recs = append(recs, r); return nil }); err != nil {
		return err
	}
	p := newProjector(ctx, tx)
	defer p.close()
	for _, r := range recs {
		if _, _, err := p.write(r); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO projections(name, version) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET version = excluded.version", pr.name, pr.version); err != nil {
		return err
	}
	return tx.Commit()
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// applier merges ops into the materialized records inside one transaction
// with crdt.Record.ApplyOp, the same rules the in-memory model and the live
// view use. Each record touched is read once (in batches, by prefetch) and
// written once (in batches, at flush).
type applier struct {
	ctx    context.Context
	tx     *sql.Tx
	stmts  []*sql.Stmt
	load   *sql.Stmt // full batch of loadBatch ids
	upsert *sql.Stmt // full batch of flushBatch records
	recs   map[uuid.UUID]*pending
	order  []*pending
	proj   *projector
	// touched lists the topics written: record types, and for projected
	// types the meeting too, so that a new speech segment wakes the live
	// meeting screen and not every list.
	touched map[Topic]bool
	// retyped lists the records whose type changed or differs from what
	// their ops named (their final state, after flush).
	retyped []*crdt.Record
}

type pending struct {
	rec    *crdt.Record
	exists bool
	dirty  bool
	// stored is the record's type as the store held it ("" if new) and
	// opTypes the types the applied ops named: a record whose type is
	// not what its ops or its stored row said has been retyped (an op
	// with an earlier stamp and another type arrived), which the
	// projections and the live view must follow.
	stored      string
	opTypes     []string
	retypedFrom string // the type it had before this transaction retyped it
}

// Batch sizes: records read per SELECT and written per upsert. SQLite
// allows 32766 bound parameters; these stay far below.
const (
	loadBatch  = 500
	flushBatch = 250
)

var (
	loadQuery  = selectQuery(loadBatch)
	flushQuery = upsertQuery(flushBatch)
)

func placeholders(rows, cols int) string {
	var b strings.Builder
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if cols == 1 {
			b.WriteByte('?')
			continue
		}
		b.WriteByte('(')
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

func selectQuery(ids int) string {
	return "SELECT id, state FROM records WHERE id IN (" + placeholders(ids, 1) + ")"
}

func upsertQuery(rows int) string {
	return "INSERT INTO records(id, type, deleted, state) VALUES " + placeholders(rows, 4) +
		" ON CONFLICT(id) DO UPDATE SET type = excluded.type, deleted = excluded.deleted, state = excluded.state"
}

// prepareApplier prepares the applier's full-batch statements on the
// write connection.
func prepareApplier(ctx context.Context, db *sql.DB) ([]*sql.Stmt, error) {
	var out []*sql.Stmt
	for _, q := range []string{loadQuery, flushQuery} {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			for _, s := range out {
				s.Close()
			}
			return nil, fmt.Errorf("prepare statement: %w", err)
		}
		out = append(out, st)
	}
	return out, nil
}

func newApplier(ctx context.Context, tx *sql.Tx, prepared []*sql.Stmt) *applier {
	a := &applier{ctx: ctx, tx: tx, recs: map[uuid.UUID]*pending{}, proj: newProjector(ctx, tx), touched: map[Topic]bool{}}
	for _, st := range prepared {
		a.stmts = append(a.stmts, tx.StmtContext(ctx, st))
	}
	a.load, a.upsert = a.stmts[0], a.stmts[1]
	return a
}

func (a *applier) close() {
	a.proj.close()
	for _, s := range a.stmts {
		s.Close()
	}
}

// prefetch reads, in batches, the records the changes will touch.
func (a *applier) prefetch(changes []*crdt.Change) error {
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, c := range changes {
		for i := range c.Ops {
			op := &c.Ops[i]
			if op.Known() && !seen[op.Record] && a.recs[op.Record] == nil {
				seen[op.Record] = true
				ids = append(ids, op.Record)
			}
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), loadBatch)
		if err := a.loadBatch(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (a *applier) loadBatch(ids []uuid.UUID) error {
	args := make([]any, len(ids))
	for i := range ids {
		args[i] = ids[i][:]
	}
	st := a.load
	if len(ids) < loadBatch {
		var err error
		st, err = a.tx.PrepareContext(a.ctx, selectQuery(len(ids)))
		if err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		defer st.Close()
	}
	rows, err := st.QueryContext(a.ctx, args...)
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	err = scanRecords(rows, func(rec *crdt.Record) error {
		p := &pending{rec: rec, exists: true, stored: rec.Type}
		a.recs[rec.ID] = p
		a.order = append(a.order, p)
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if a.recs[id] == nil {
			p := &pending{rec: &crdt.Record{ID: id}}
			a.recs[id] = p
			a.order = append(a.order, p)
		}
	}
	return nil
}

// applyChange merges every known op of c; unknown ops are only logged.
func (a *applier) applyChange(c *crdt.Change) error {
	s := c.Stamp()
	for i := range c.Ops {
		op := &c.Ops[i]
		if !op.Known() {
			continue
		}
		p := a.recs[op.Record]
		if p == nil {
			if err := a.loadBatch([]uuid.UUID{op.Record}); err != nil {
				return fmt.Errorf("apply change %s/%d op %d: %w", c.Origin.Short(), c.Seq, i, err)
			}
			p = a.recs[op.Record]
		}
		if p.rec.ApplyOp(op, s) || !p.exists {
			p.dirty = true
		}
		if !slices.Contains(p.opTypes, op.Type) {
			p.opTypes = append(p.opTypes, op.Type)
		}
	}
	return nil
}

// flush writes every record that changed, in batches.
func (a *applier) flush() error {
	var dirty []*pending
	for _, p := range a.order {
		if p.dirty {
			dirty = append(dirty, p)
		}
	}
	for len(dirty) > 0 {
		n := min(len(dirty), flushBatch)
		if err := a.flushBatch(dirty[:n]); err != nil {
			return err
		}
		dirty = dirty[n:]
	}
	// Records whose type is not what their ops named, changed or not:
	// the live view, which files records by the ops' types, must take
	// them as stored (a tombstone of one type must not come alive in
	// the view as another).
	for _, p := range a.order {
		if p.retyped() {
			a.retyped = append(a.retyped, p.rec)
		}
	}
	return nil
}

func (a *applier) flushBatch(ps []*pending) error {
	args := make([]any, 0, 4*len(ps))
	for _, p := range ps {
		r := p.rec
		args = append(args, r.ID[:], r.Type, r.Deleted, r.AppendState(nil))
	}
	st := a.upsert
	if len(ps) < flushBatch {
		var err error
		st, err = a.tx.PrepareContext(a.ctx, upsertQuery(len(ps)))
		if err != nil {
			return fmt.Errorf("write records: %w", err)
		}
		defer st.Close()
	}
	if _, err := st.ExecContext(a.ctx, args...); err != nil {
		return fmt.Errorf("write records: %w", err)
	}
	for _, p := range ps {
		p.exists, p.dirty = true, false
		if p.stored != "" && p.stored != p.rec.Type {
			t, err := a.proj.forget(p.stored, p.rec.ID)
			if err != nil {
				return err
			}
			a.touched[t] = true
			p.retypedFrom = p.stored
		}
		p.stored = p.rec.Type
		t, projected, err := a.proj.write(p.rec)
		if err != nil {
			return err
		}
		if !projected {
			t = Topic{Type: p.rec.Type}
		}
		a.touched[t] = true
	}
	return nil
}

// retyped reports whether the record's type differs from the type it was
// stored with or from the type one of the merged ops named.
func (p *pending) retyped() bool {
	if p.retypedFrom != "" {
		return true
	}
	for _, t := range p.opTypes {
		if t != p.rec.Type {
			return true
		}
	}
	return false
}

// topics lists what the transaction touched.
func (a *applier) topics() []Topic {
	out := make([]Topic, 0, len(a.touched))
	for t := range a.touched {
		out = append(out, t)
	}
	return out
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// applier merges ops into the materialized records inside one transaction
// with crdt.Record.ApplyOp, the same rules the in-memory model and the live
// view use. Each record touched is read once and written once, at flush.
type applier struct {
	ctx   context.Context
	stmts []*sql.Stmt
	get   *sql.Stmt
	ins   *sql.Stmt
	upd   *sql.Stmt
	recs  map[uuid.UUID]*pending
	order []*pending
	buf   []byte
}

type pending struct {
	rec    *crdt.Record
	exists bool
	dirty  bool
}

// applierQueries are the statements of an applier, prepared once on the
// write connection and bound to each transaction.
var applierQueries = [...]string{
	"SELECT state FROM records WHERE id = ?",
	"INSERT INTO records(id, type, deleted, state) VALUES (?, ?, ?, ?)",
	"UPDATE records SET type = ?, deleted = ?, state = ? WHERE id = ?",
}

// prepareApplier prepares the applier's statements on the write connection.
func prepareApplier(ctx context.Context, db *sql.DB) ([]*sql.Stmt, error) {
	out := make([]*sql.Stmt, 0, len(applierQueries))
	for _, q := range applierQueries {
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
	a := &applier{ctx: ctx, recs: map[uuid.UUID]*pending{}}
	for _, st := range prepared {
		a.stmts = append(a.stmts, tx.StmtContext(ctx, st))
	}
	a.get, a.ins, a.upd = a.stmts[0], a.stmts[1], a.stmts[2]
	return a
}

func (a *applier) close() {
	for _, s := range a.stmts {
		s.Close()
	}
}

// applyChange merges every known op of c; unknown ops are only logged.
func (a *applier) applyChange(c *crdt.Change) error {
	s := c.Stamp()
	for i := range c.Ops {
		op := &c.Ops[i]
		if !op.Known() {
			continue
		}
		p, err := a.load(op.Record)
		if err != nil {
			return fmt.Errorf("apply change %s/%d op %d: %w", c.Origin.Short(), c.Seq, i, err)
		}
		if p.rec.ApplyOp(op, s) || !p.exists {
			p.dirty = true
		}
	}
	return nil
}

func (a *applier) load(id uuid.UUID) (*pending, error) {
	if p := a.recs[id]; p != nil {
		return p, nil
	}
	p := &pending{rec: &crdt.Record{ID: id}}
	var state []byte
	err := a.get.QueryRowContext(a.ctx, id[:]).Scan(&state)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("read record %s: %w", id, err)
	default:
		if err := p.rec.DecodeState(state); err != nil {
			return nil, fmt.Errorf("record %s is damaged: %w", id, err)
		}
		p.exists = true
	}
	a.recs[id] = p
	a.order = append(a.order, p)
	return p, nil
}

// flush writes every record that changed.
func (a *applier) flush() error {
	for _, p := range a.order {
		if !p.dirty {
			continue
		}
		r := p.rec
		a.buf = r.AppendState(a.buf[:0])
		var err error
		if p.exists {
			_, err = a.upd.ExecContext(a.ctx, r.Type, r.Deleted, a.buf, r.ID[:])
		} else {
			_, err = a.ins.ExecContext(a.ctx, r.ID[:], r.Type, r.Deleted, a.buf)
		}
		if err != nil {
			return fmt.Errorf("write record %s: %w", r.ID, err)
		}
		p.exists, p.dirty = true, false
	}
	return nil
}

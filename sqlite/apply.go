package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// applier merges ops into the materialized tables inside one transaction,
// following the rules of crdt.Record.ApplyOp. It caches record rows for the
// duration of the transaction.
type applier struct {
	ctx     context.Context
	stmts   []*sql.Stmt
	getRec  *sql.Stmt
	insRec  *sql.Stmt
	setType *sql.Stmt
	delRec  *sql.Stmt
	delFlds *sql.Stmt
	upField *sql.Stmt
	recs    map[uuid.UUID]*recRow
}

type recRow struct {
	typ     string
	stamp   crdt.Stamp
	deleted bool
}

// applierQueries are the statements of an applier, prepared once on the
// write connection and bound to each transaction.
var applierQueries = [...]string{
	"SELECT type, type_hlc, type_origin, type_seq, deleted FROM records WHERE id = ?",
	"INSERT INTO records(id, type, type_hlc, type_origin, type_seq, deleted) VALUES (?, ?, ?, ?, ?, 0)",
	"UPDATE records SET type = ?, type_hlc = ?, type_origin = ?, type_seq = ? WHERE id = ?",
	"UPDATE records SET deleted = 1 WHERE id = ?",
	"DELETE FROM fields WHERE record = ?",
	`INSERT INTO fields(record, name, value, hlc, origin, seq) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(record, name) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, origin = excluded.origin, seq = excluded.seq
		WHERE (excluded.hlc, excluded.origin, excluded.seq) >= (fields.hlc, fields.origin, fields.seq)`,
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
	a := &applier{ctx: ctx, recs: map[uuid.UUID]*recRow{}}
	for _, st := range prepared {
		a.stmts = append(a.stmts, tx.StmtContext(ctx, st))
	}
	a.getRec, a.insRec, a.setType, a.delRec, a.delFlds, a.upField = a.stmts[0], a.stmts[1], a.stmts[2], a.stmts[3], a.stmts[4], a.stmts[5]
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
		if err := a.applyOp(op, s); err != nil {
			return fmt.Errorf("apply change %s/%d op %d: %w", c.Origin.Short(), c.Seq, i, err)
		}
	}
	return nil
}

func (a *applier) applyOp(op *crdt.Op, s crdt.Stamp) error {
	rec, err := a.record(op, s)
	if err != nil {
		return err
	}
	switch op.Kind {
	case crdt.OpDelete:
		if rec.deleted {
			return nil
		}
		rec.deleted = true
		if _, err := a.delRec.ExecContext(a.ctx, op.Record[:]); err != nil {
			return err
		}
		_, err := a.delFlds.ExecContext(a.ctx, op.Record[:])
		return err
	case crdt.OpSet:
		if rec.deleted {
			return nil // a delete is final: writes after it change nothing
		}
		for _, f := range op.Fields {
			if _, err := a.upField.ExecContext(a.ctx, op.Record[:], f.Name, f.Value, int64(s.HLC), s.Origin[:], int64(s.Seq)); err != nil {
				return err
			}
		}
	}
	return nil
}

// record loads or creates the record row and settles its type.
func (a *applier) record(op *crdt.Op, s crdt.Stamp) (*recRow, error) {
	rec := a.recs[op.Record]
	if rec == nil {
		var (
			typ     string
			hlc     int64
			origin  []byte
			seq     int64
			deleted bool
		)
		err := a.getRec.QueryRowContext(a.ctx, op.Record[:]).Scan(&typ, &hlc, &origin, &seq, &deleted)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := a.insRec.ExecContext(a.ctx, op.Record[:], op.Type, int64(s.HLC), s.Origin[:], int64(s.Seq)); err != nil {
				return nil, err
			}
			rec = &recRow{typ: op.Type, stamp: s}
			a.recs[op.Record] = rec
			return rec, nil
		case err != nil:
			return nil, err
		}
		rec = &recRow{typ: typ, deleted: deleted, stamp: crdt.Stamp{HLC: crdt.Timestamp(hlc), Seq: uint64(seq)}}
		copy(rec.stamp.Origin[:], origin)
		a.recs[op.Record] = rec
	}
	if s.Compare(rec.stamp) < 0 {
		rec.stamp = s
		rec.typ = op.Type
		if _, err := a.setType.ExecContext(a.ctx, op.Type, int64(s.HLC), s.Origin[:], int64(s.Seq), op.Record[:]); err != nil {
			return nil, err
		}
	}
	return rec, nil
}


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
	states *sql.Stmt // full batch of flushBatch states of stored records
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
	rid    int64 // the row's rowid, if it exists
	dirty  bool
	// stored is the record's type as the store held it ("" if new) and
	// opTypes the types the applied ops named: a record whose type is
	// not what its ops or its stored row said has been retyped (an op
	// with an earlier stamp and another type arrived), which the
	// projections and the live view must follow.
	stored        string
	storedDeleted bool
	state         []byte // the state encoded for writing, if done already
	ops           []opAt // for applyAll
	nops          int
	raw           []byte // the stored state, not decoded yet (applyAll)
	opTypes       []string
	retypedFrom   string // the type it had before this transaction retyped it
}

// Batch sizes: records read per SELECT and written per upsert. SQLite
// allows 32766 bound parameters; these stay far below.
const (
	loadBatch  = 500
	flushBatch = 250
)

var (
	loadQuery   = loadRowidQuery(loadBatch)
	flushQuery  = upsertQuery(flushBatch)
	statesQuery = statesUpdateQuery(flushBatch)
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

// loadRowidQuery also reads the rowid, by which flush rewrites states.
func loadRowidQuery(ids int) string {
	return "SELECT rid, id, state FROM records WHERE id IN (" + placeholders(ids, 1) + ")"
}

func upsertQuery(rows int) string {
	return "INSERT INTO records(id, type, deleted, state) VALUES " + placeholders(rows, 4) +
		" ON CONFLICT(id) DO UPDATE SET type = excluded.type, deleted = excluded.deleted, state = excluded.state"
}

// statesUpdateQuery rewrites only the state of stored records whose type
// and deletion did not change, found by rowid: a merge mostly writes
// fields of records it already holds. It leaves every index alone (SQLite
// updates only the indexes of the columns an UPDATE sets), and, unlike
// a multi-row INSERT (an upsert), an UPDATE with no trigger or foreign key
// needs no statement journal, which would copy every page it touches.
func statesUpdateQuery(rows int) string {
	return "UPDATE records SET state = v.column2 FROM (VALUES " + placeholders(rows, 2) + ") AS v WHERE records.rid = v.column1"
}

// prepareApplier prepares the applier's full-batch statements on the
// write connection.
func prepareApplier(ctx context.Context, db *sql.DB) ([]*sql.Stmt, error) {
	var out []*sql.Stmt
	for _, q := range []string{loadQuery, flushQuery, statesQuery} {
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
	a.load, a.upsert, a.states = a.stmts[0], a.stmts[1], a.stmts[2]
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
		st, err = a.tx.PrepareContext(a.ctx, loadRowidQuery(len(ids)))
		if err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		defer st.Close()
	}
	rows, err := st.QueryContext(a.ctx, args...)
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	defer rows.Close()
	var rid int64
	var id, state sql.RawBytes // decodeRecord copies what it keeps
	for rows.Next() {
		if err := rows.Scan(&rid, &id, &state); err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		rec, err := decodeRecord(id, state)
		if err != nil {
			return err
		}
		p := &pending{rec: rec, exists: true, rid: rid, stored: rec.Type, storedDeleted: rec.Deleted}
		a.recs[rec.ID] = p
		a.order = append(a.order, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read records: %w", err)
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

// flush writes every record that changed, in batches: first those whose
// state alone changed, then the others.
func (a *applier) flush() error {
	var states, full []*pending
	for _, p := range a.order {
		switch {
		case !p.dirty:
		case p.stateOnly():
			states = append(states, p)
		default:
			full = append(full, p)
		}
	}
	if err := a.writeAll(states, a.writeStates); err != nil {
		return err
	}
	if err := a.writeAll(full, a.writeFull); err != nil {
		return err
	}
	a.listRetyped()
	return nil
}

// stateOnly reports whether only the state of p's stored row changes.
func (p *pending) stateOnly() bool {
	return p.exists && p.rid != 0 && p.stored == p.rec.Type && p.storedDeleted == p.rec.Deleted
}

func (a *applier) writeAll(ps []*pending, write func([]*pending) error) error {
	for len(ps) > 0 {
		n := min(len(ps), flushBatch)
		if err := write(ps[:n]); err != nil {
			return err
		}
		ps = ps[n:]
	}
	return nil
}

// listRetyped lists the records whose type is not what their ops named,
// changed or not: the live view, which files records by the ops' types,
// must take them as stored (a tombstone of one type must not come alive
// in the view as another).
func (a *applier) listRetyped() {
	for _, p := range a.order {
		if p.retyped() {
			a.retyped = append(a.retyped, p.rec)
		}
	}
}

// writeStates rewrites the states of stored records (see stateOnly).
func (a *applier) writeStates(ps []*pending) error {
	return a.flushBatch(ps, a.states, statesUpdateQuery, 2, func(args []any, p *pending) []any {
		return append(args, p.rid, p.state)
	})
}

// writeFull writes whole rows.
func (a *applier) writeFull(ps []*pending) error {
	return a.flushBatch(ps, a.upsert, upsertQuery, 4, func(args []any, p *pending) []any {
		return append(args, p.rec.ID[:], p.rec.Type, p.rec.Deleted, p.state)
	})
}

// encodeStates sets the state encoding of the records of ps that have
// none yet, in one buffer (a slice of it each) rather than one
// allocation per record; should it grow, the slices taken so far keep
// the old array.
func encodeStates(ps []*pending) {
	var buf []byte
	for _, p := range ps {
		if p.state != nil {
			continue
		}
		if buf == nil {
			buf = make([]byte, 0, 384*len(ps))
		}
		start := len(buf)
		buf = p.rec.AppendState(buf)
		p.state = buf[start:len(buf):len(buf)]
	}
}

// flushBatch writes ps with full, a statement for flushBatch rows, or one
// prepared from query for fewer; args appends a record's cols arguments.
func (a *applier) flushBatch(ps []*pending, full *sql.Stmt, query func(int) string, cols int, args func([]any, *pending) []any) error {
	encodeStates(ps)
	list := make([]any, 0, cols*len(ps))
	for _, p := range ps {
		list = args(list, p)
	}
	st := full
	if len(ps) < flushBatch {
		var err error
		st, err = a.tx.PrepareContext(a.ctx, query(len(ps)))
		if err != nil {
			return fmt.Errorf("write records: %w", err)
		}
		defer st.Close()
	}
	if _, err := st.ExecContext(a.ctx, list...); err != nil {
		return fmt.Errorf("write records: %w", err)
	}
	for _, p := range ps {
		p.exists, p.dirty, p.state = true, false, nil
		if p.stored != "" && p.stored != p.rec.Type {
			t, err := a.proj.forget(p.stored, p.rec.ID)
			if err != nil {
				return err
			}
			a.touched[t] = true
			p.retypedFrom = p.stored
		}
		p.stored, p.storedDeleted = p.rec.Type, p.rec.Deleted
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

// opAt is an op to merge and the stamp of its change.
type opAt struct {
	op *crdt.Op
	s  crdt.Stamp
}

// applyAll merges the known ops of changes (in the order given) into the
// records and writes them, as prefetch, applyChange and flush would, but
// on two cores: while this goroutine has SQLite read the records, then
// write them, another decodes, merges and encodes them, batch by batch.
// Merging a record needs only its own ops, in order, so the records are
// independent. It is the applier's only use.
func (a *applier) applyAll(changes []*crdt.Change) error {
	if len(a.recs) > 0 {
		return fmt.Errorf("apply: the applier was used before")
	}
	// The records touched, in order of first touch, with their ops in
	// order (in one array).
	n := 0
	var ids []uuid.UUID
	for _, c := range changes {
		for i := range c.Ops {
			op := &c.Ops[i]
			if !op.Known() {
				continue
			}
			n++
			p := a.recs[op.Record]
			if p == nil {
				p = &pending{rec: &crdt.Record{ID: op.Record}}
				a.recs[op.Record] = p
				a.order = append(a.order, p)
				ids = append(ids, op.Record)
			}
			p.nops++
		}
	}
	all := make([]opAt, n)
	for _, p := range a.order {
		p.ops, all = all[:0:p.nops], all[p.nops:]
	}
	for _, c := range changes {
		s := c.Stamp()
		for i := range c.Ops {
			op := &c.Ops[i]
			if !op.Known() {
				continue
			}
			p := a.recs[op.Record]
			p.ops = append(p.ops, opAt{op, s})
			if !slices.Contains(p.opTypes, op.Type) {
				p.opTypes = append(p.opTypes, op.Type)
			}
		}
	}

	// Channels large enough that neither side ever waits to send.
	nLoads := (len(ids) + loadBatch - 1) / loadBatch
	loaded := make(chan []*pending, nLoads)
	type batch struct {
		ps    []*pending
		state bool // stateOnly records
	}
	written := make(chan batch, (len(ids)+flushBatch-1)/flushBatch+2)
	var decodeErr error
	go func() {
		defer close(written)
		var states, full []*pending
		for ps := range loaded {
			if decodeErr != nil {
				continue
			}
			for _, p := range ps {
				if p.raw != nil {
					if decodeErr = p.rec.DecodeState(p.raw); decodeErr != nil {
						decodeErr = fmt.Errorf("record %s is damaged: %w", p.rec.ID, decodeErr)
						break
					}
					p.raw = nil
					p.stored, p.storedDeleted = p.rec.Type, p.rec.Deleted
				}
				for _, o := range p.ops {
					if p.rec.ApplyOp(o.op, o.s) || !p.exists {
						p.dirty = true
					}
				}
				p.ops = nil
				if !p.dirty {
					continue
				}
				if p.stateOnly() {
					states = append(states, p)
					if len(states) == flushBatch {
						encodeStates(states)
						written <- batch{states, true}
						states = nil
					}
				} else {
					full = append(full, p)
				}
			}
		}
		if decodeErr != nil {
			return
		}
		encodeStates(states)
		written <- batch{states, true}
		encodeStates(full)
		written <- batch{full, false}
	}()
	err := a.loadRaw(ids, loaded)
	close(loaded)
	for b := range written {
		switch {
		case err != nil: // let the goroutine finish
		case b.state:
			err = a.writeAll(b.ps, a.writeStates)
		default:
			err = a.writeAll(b.ps, a.writeFull)
		}
	}
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return err
	}
	a.listRetyped()
	return nil
}

// loadRaw reads the stored rows of the records ids, in batches, and sends
// each batch's pending records to loaded, their states still encoded.
func (a *applier) loadRaw(ids []uuid.UUID, loaded chan<- []*pending) error {
	var rid int64
	var id, state sql.RawBytes
	for len(ids) > 0 {
		n := min(len(ids), loadBatch)
		args := make([]any, n)
		for i := range ids[:n] {
			args[i] = ids[i][:]
		}
		st := a.load
		if n < loadBatch {
			var err error
			if st, err = a.tx.PrepareContext(a.ctx, loadRowidQuery(n)); err != nil {
				return fmt.Errorf("read records: %w", err)
			}
			defer st.Close()
		}
		rows, err := st.QueryContext(a.ctx, args...)
		if err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		// One array holds the batch's states.
		var buf []byte
		for rows.Next() {
			if err := rows.Scan(&rid, &id, &state); err != nil {
				rows.Close()
				return fmt.Errorf("read records: %w", err)
			}
			var p *pending
			if len(id) == 16 {
				p = a.recs[uuid.UUID(id)]
			}
			if p == nil {
				rows.Close()
				return fmt.Errorf("read records: unexpected id %x", []byte(id))
			}
			if buf == nil {
				buf = make([]byte, 0, 384*n)
			}
			start := len(buf)
			buf = append(buf, state...)
			p.raw, p.rid, p.exists = buf[start:len(buf):len(buf)], rid, true
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("read records: %w", err)
		}
		rows.Close()
		ps := make([]*pending, n)
		for i, id := range ids[:n] {
			ps[i] = a.recs[id]
		}
		loaded <- ps
		ids = ids[n:]
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

package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Commit makes a local change (see CommitTopics) and returns it.
func (db *DB) Commit(ctx context.Context, ops []crdt.Op) (*crdt.Change, error) {
	c, _, err := db.CommitTopics(ctx, ops)
	return c, err
}

// Written says what a local commit wrote, for the live view and the
// watchers.
type Written struct {
	Topics  []Topic
	Retyped []*crdt.Record // see MergeResult.Retyped
}

// CommitTopics makes a local change: it stamps the ops with a new HLC timestamp
// and the next sequence number, signs them, and in one transaction appends
// the change to the log and merges it into the records. It returns the
// change and the topics it wrote (record types, and the meetings of
// projected records).
func (db *DB) CommitTopics(ctx context.Context, ops []crdt.Op) (*crdt.Change, Written, error) {
	if len(ops) == 0 {
		return nil, Written{}, fmt.Errorf("commit: no operations")
	}
	for i := range ops {
		if !ops[i].Known() || ops[i].Record == (uuid.UUID{}) || ops[i].Type == "" {
			return nil, Written{}, fmt.Errorf("commit: op %d is incomplete", i)
		}
	}
	var w Written
	db.mu.Lock()
	defer db.mu.Unlock()
	var c *crdt.Change
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// Read the sequence counter and clock inside the transaction:
		// another process (the command line while the app is open) may
		// have committed since this one last did.
		self := db.id.Device()
		var seq, last int64
		if err := tx.QueryRowContext(ctx, "SELECT max_seq FROM devices WHERE id = ?", self[:]).Scan(&seq); err != nil {
			return fmt.Errorf("read sequence counter: %w", err)
		}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE((SELECT value FROM meta WHERE key = ?), 0)", metaHLC).Scan(&last); err != nil {
			return fmt.Errorf("read clock: %w", err)
		}
		db.clock.Observe(crdt.Timestamp(last))
		c = &crdt.Change{Seq: uint64(seq) + 1, HLC: db.clock.Now(), Ops: ops}
		c.Sign(db.id)
		if _, err := tx.ExecContext(ctx, "INSERT INTO changes(origin, seq, hlc, body, sig) VALUES (?, ?, ?, ?, ?)",
			c.Origin[:], int64(c.Seq), int64(c.HLC), c.AppendBody(nil), c.Sig); err != nil {
			return fmt.Errorf("log change: %w", err)
		}
		a := newApplier(ctx, tx, db.applierStmts)
		defer a.close()
		if err := a.prefetch([]*crdt.Change{c}); err != nil {
			return err
		}
		if err := a.applyChange(c); err != nil {
			return err
		}
		if err := a.flush(); err != nil {
			return err
		}
		w.Topics, w.Retyped = a.topics(), a.retyped
		if _, err := tx.ExecContext(ctx, "UPDATE devices SET contiguous = ?, max_seq = ?, last_seen = ? WHERE id = ?",
			int64(c.Seq), int64(c.Seq), db.opts.Now().UnixMilli(), c.Origin[:]); err != nil {
			return fmt.Errorf("advance vector: %w", err)
		}
		return saveHLC(ctx, tx, c.HLC)
	})
	if err != nil {
		return nil, Written{}, fmt.Errorf("commit: %w", err)
	}
	return c, w, nil
}

func saveHLC(ctx context.Context, tx *sql.Tx, t crdt.Timestamp) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE excluded.value > meta.value`, metaHLC, int64(t))
	if err != nil {
		return fmt.Errorf("save clock: %w", err)
	}
	return nil
}

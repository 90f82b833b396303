package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"strings"

	"github.com/konbit/konbit/sync/crdt"
)

// Limits of the held changes: what an unadmitted device can make a
// replica keep. Beyond them, further changes are refused, not held.
const (
	MaxHeldChanges = 100_000
	MaxHeldBytes   = 64 << 20
)

// HeldChange is a change kept aside with its origin's key.
type HeldChange struct {
	Change crdt.Change
	Key    ed25519.PublicKey
}

// HeldTotals counts the held changes and their stored bytes (body and
// signature).
type HeldTotals struct {
	Changes int
	Bytes   int64
}

// Hold stores changes whose origin is not on the roster yet, in their own
// transaction, up to MaxHeldChanges / MaxHeldBytes in total. Changes
// already held are skipped. It returns how many were held and the
// changes it could not hold (over the limits), in the order given.
func (db *DB) Hold(ctx context.Context, changes []HeldChange) (held int, over []HeldChange, err error) {
	if len(changes) == 0 {
		return 0, nil, nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	now := db.opts.Now().UnixMilli()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		held, over = 0, nil
		var tot HeldTotals
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(LENGTH(body) + LENGTH(sig)), 0) FROM held").Scan(&tot.Changes, &tot.Bytes); err != nil {
			return fmt.Errorf("count held changes: %w", err)
		}
		ins, err := tx.PrepareContext(ctx, "INSERT INTO held(origin, seq, pubkey, body, sig, received) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer ins.Close()
		var body []byte
		for i := range changes {
			h := &changes[i]
			c := &h.Change
			if crdt.DeviceIDFromPublicKey(h.Key) != c.Origin {
				return fmt.Errorf("hold change %s/%d: the key given is not its origin's", c.Origin.Short(), c.Seq)
			}
			body = c.AppendBody(body[:0])
			size := int64(len(body) + len(c.Sig))
			if tot.Changes+1 > MaxHeldChanges || tot.Bytes+size > MaxHeldBytes {
				over = append(over, *h)
				continue
			}
			r, err := ins.ExecContext(ctx, c.Origin[:], int64(c.Seq), []byte(h.Key), body, c.Sig, now)
			if err != nil {
				return fmt.Errorf("hold change %s/%d: %w", c.Origin.Short(), c.Seq, err)
			}
			if k, _ := r.RowsAffected(); k > 0 {
				held++
				tot.Changes++
				tot.Bytes += size
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return held, over, nil
}

// Held lists the held changes of the given origins (all of them when none
// is given), by origin and sequence number.
func (db *DB) Held(ctx context.Context, origins ...crdt.DeviceID) ([]HeldChange, error) {
	query := "SELECT origin, seq, pubkey, body, sig FROM held ORDER BY origin, seq"
	var args []any
	if len(origins) > 0 {
		query = "SELECT origin, seq, pubkey, body, sig FROM held WHERE origin IN (?" + strings.Repeat(",?", len(origins)-1) + ") ORDER BY origin, seq"
		for _, o := range origins {
			args = append(args, o[:])
		}
	}
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list held changes: %w", err)
	}
	defer rows.Close()
	var out []HeldChange
	for rows.Next() {
		var origin, pub, body, sig []byte
		var seq int64
		if err := rows.Scan(&origin, &seq, &pub, &body, &sig); err != nil {
			return nil, fmt.Errorf("list held changes: %w", err)
		}
		c, err := crdt.DecodeBody(body)
		if err != nil {
			return nil, fmt.Errorf("held change %x/%d is damaged: %w", origin, seq, err)
		}
		c.Sig = sig
		out = append(out, HeldChange{Change: c, Key: ed25519.PublicKey(pub)})
	}
	return out, rows.Err()
}

// HeldOrigins counts the held changes per origin.
func (db *DB) HeldOrigins(ctx context.Context) (map[crdt.DeviceID]int, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT origin, COUNT(*) FROM held GROUP BY origin")
	if err != nil {
		return nil, fmt.Errorf("count held changes: %w", err)
	}
	defer rows.Close()
	out := map[crdt.DeviceID]int{}
	for rows.Next() {
		var origin []byte
		var n int
		if err := rows.Scan(&origin, &n); err != nil {
			return nil, fmt.Errorf("count held changes: %w", err)
		}
		var d crdt.DeviceID
		copy(d[:], origin)
		out[d] = n
	}
	return out, rows.Err()
}

// DeleteHeld drops held changes (once merged or refused), in its own
// transaction; deleting what is not held is not an error, so a crash
// between a merge and this leaves only rows that the next merge skips as
// known and deletes again.
func (db *DB) DeleteHeld(ctx context.Context, changes []*crdt.Change) error {
	if len(changes) == 0 {
		return nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		del, err := tx.PrepareContext(ctx, "DELETE FROM held WHERE origin = ? AND seq = ?")
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer del.Close()
		for _, c := range changes {
			if _, err := del.ExecContext(ctx, c.Origin[:], int64(c.Seq)); err != nil {
				return fmt.Errorf("drop held change %s/%d: %w", c.Origin.Short(), c.Seq, err)
			}
		}
		return nil
	})
}

// HeldTotal counts the held changes and their bytes.
func (db *DB) HeldTotal(ctx context.Context) (HeldTotals, error) {
	var t HeldTotals
	if err := db.read.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(LENGTH(body) + LENGTH(sig)), 0) FROM held").Scan(&t.Changes, &t.Bytes); err != nil {
		return t, fmt.Errorf("count held changes: %w", err)
	}
	return t, nil
}

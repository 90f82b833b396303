package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// OriginStats counts, for one origin device, the changes of a merge.
type OriginStats struct {
	New, Known int
}

// MergeResult says what a merge did.
type MergeResult struct {
	New, Known int
	ByOrigin   map[crdt.DeviceID]OriginStats
	// Future lists origins whose changes carried a clock reading more than
	// Options.FutureSkew ahead of this laptop's clock, and by how much.
	Future map[crdt.DeviceID]time.Duration
	// Applied lists the changes that were new, in the order they were
	// applied (pointers into the slice given to Merge).
	Applied []*crdt.Change
	// Topics lists the record types (and meetings) the merge wrote.
	Topics []Topic
	// Retyped lists the records whose type is not the one their merged
	// ops named (a peer wrote one id under two types): their final state,
	// for the live view to take as it is.
	Retyped []*crdt.Record
}

// Merge stores and applies received changes, in one transaction: either all
// of them are merged or, on error, none. Signatures must have been verified
// by the caller (sync/bundle.Verify); Merge checks that every origin's key
// is given and matches the origin id, and that a device's key never changes.
// Changes already held are counted and skipped, so merging is idempotent.
// Progress, if not nil, is called with the number of changes processed.
func (db *DB) Merge(ctx context.Context, keys map[crdt.DeviceID]ed25519.PublicKey, changes []crdt.Change, progress func(done, total int)) (MergeResult, error) {
	res := MergeResult{ByOrigin: map[crdt.DeviceID]OriginStats{}, Future: map[crdt.DeviceID]time.Duration{}}
	for i := range changes {
		pub, ok := keys[changes[i].Origin]
		if !ok || crdt.DeviceIDFromPublicKey(pub) != changes[i].Origin {
			return res, fmt.Errorf("merge: no valid public key for device %s", changes[i].Origin.Short())
		}
	}
	// Apply in a canonical order; the result does not depend on it, but the
	// row cache and the version vector update work best per origin.
	order := make([]int, len(changes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &changes[order[i]], &changes[order[j]]
		if c := a.Origin.Compare(b.Origin); c != 0 {
			return c < 0
		}
		return a.Seq < b.Seq
	})

	db.mu.Lock()
	defer db.mu.Unlock()
	now := db.opts.Now().UnixMilli()
	var maxHLC crdt.Timestamp
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := registerKeys(ctx, tx, keys, now); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, "INSERT INTO changes(origin, seq, hlc, body, sig) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer ins.Close()
		// Log the changes first, learning which are new, then merge
		// those into the records.
		var body []byte
		var ahead, fresh []*crdt.Change
		for n, i := range order {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if progress != nil {
					progress(n, len(changes))
				}
			}
			c := &changes[i]
			body = c.AppendBody(body[:0])
			r, err := ins.ExecContext(ctx, c.Origin[:], int64(c.Seq), int64(c.HLC), body, c.Sig)
			if err != nil {
				return fmt.Errorf("log change %s/%d: %w", c.Origin.Short(), c.Seq, err)
			}
			st := res.ByOrigin[c.Origin]
			if k, _ := r.RowsAffected(); k == 0 {
				st.Known++
				res.Known++
				res.ByOrigin[c.Origin] = st
				continue
			}
			st.New++
			res.New++
			res.ByOrigin[c.Origin] = st
			fresh = append(fresh, c)
			if c.HLC > maxHLC {
				maxHLC = c.HLC
			}
			if time.Duration(c.HLC.WallMillis()-now)*time.Millisecond > db.opts.FutureSkew {
				ahead = append(ahead, c)
			}
		}
		res.Applied = fresh
		if err := flagFutureClocks(ctx, tx, ahead, now, res.Future); err != nil {
			return err
		}
		a := newApplier(ctx, tx, db.applierStmts)
		defer a.close()
		if err := a.applyAll(fresh); err != nil {
			return err
		}
		res.Topics, res.Retyped = a.topics(), a.retyped
		if err := advanceVectors(ctx, tx, res.ByOrigin, now); err != nil {
			return err
		}
		if maxHLC > 0 {
			if err := saveHLC(ctx, tx, maxHLC); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return MergeResult{}, fmt.Errorf("merge: %w", err)
	}
	if maxHLC > 0 {
		db.clock.Observe(maxHLC)
	}
	if progress != nil {
		progress(len(changes), len(changes))
	}
	return res, nil
}

// contaminationSlack is how far past a flagged clock reading another
// device's changes may be stamped and still be explained by it.
const contaminationSlack = time.Second

// flagFutureClocks decides which devices to flag for changes stamped
// ahead of this laptop's clock. A laptop whose clock is wrong stamps its
// changes in the future; every laptop that merges them moves its hybrid
// clock past them (so its later edits still win), and its own changes are
// then stamped in the future too, through no fault of its clock. Such
// stamps never exceed the flagged readings they follow by more than a
// little, so, taken in clock order, a change is blamed on its origin only
// when no flagged reading explains it.
func flagFutureClocks(ctx context.Context, tx *sql.Tx, ahead []*crdt.Change, now int64, flagged map[crdt.DeviceID]time.Duration) error {
	if len(ahead) == 0 {
		return nil
	}
	var f int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(future_hlc), 0) FROM devices").Scan(&f); err != nil {
		return fmt.Errorf("read clock flags: %w", err)
	}
	explained := crdt.Timestamp(f)
	sort.Slice(ahead, func(i, j int) bool { return ahead[i].HLC < ahead[j].HLC })
	for _, c := range ahead {
		if explained != 0 && c.HLC.WallMillis() <= explained.WallMillis()+contaminationSlack.Milliseconds() {
			continue
		}
		by := time.Duration(c.HLC.WallMillis()-now) * time.Millisecond
		if by > flagged[c.Origin] {
			flagged[c.Origin] = by
		}
		explained = max(explained, c.HLC)
		if _, err := tx.ExecContext(ctx, "UPDATE devices SET future_ms = MAX(future_ms, ?), future_hlc = MAX(future_hlc, ?) WHERE id = ?",
			by.Milliseconds(), int64(c.HLC), c.Origin[:]); err != nil {
			return fmt.Errorf("flag clock of %s: %w", c.Origin.Short(), err)
		}
	}
	return nil
}

// FlagSenderClock flags device when the physical time it wrote in a
// bundle header (its clock when it exported) is ahead of this laptop's by
// more than Options.FutureSkew; it returns by how much (0 if not flagged).
func (db *DB) FlagSenderClock(ctx context.Context, device crdt.DeviceID, created time.Time) (time.Duration, error) {
	by := created.Sub(db.opts.Now())
	if by <= db.opts.FutureSkew {
		return 0, nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE devices SET future_ms = MAX(future_ms, ?) WHERE id = ?", by.Milliseconds(), device[:])
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("flag clock of %s: %w", device.Short(), err)
	}
	return by, nil
}

// registerKeys records the public keys of the devices given, refusing a
// key that differs from the one already known for a device.
func registerKeys(ctx context.Context, tx *sql.Tx, keys map[crdt.DeviceID]ed25519.PublicKey, now int64) error {
	for d, pub := range keys {
		if crdt.DeviceIDFromPublicKey(pub) != d {
			return fmt.Errorf("the key given for device %s is not its key", d.Short())
		}
		var known []byte
		err := tx.QueryRowContext(ctx, "SELECT pubkey FROM devices WHERE id = ?", d[:]).Scan(&known)
		switch {
		case err == sql.ErrNoRows:
			if _, err := tx.ExecContext(ctx, "INSERT INTO devices(id, pubkey, first_seen, last_seen) VALUES (?, ?, ?, ?)", d[:], []byte(pub), now, now); err != nil {
				return fmt.Errorf("register device %s: %w", d.Short(), err)
			}
		case err != nil:
			return fmt.Errorf("look up device %s: %w", d.Short(), err)
		case string(known) != string(pub):
			return fmt.Errorf("device %s presents a different key than before", d.Short())
		}
	}
	return nil
}

// advanceVectors raises each touched origin's contiguous sequence over the
// changes now held, and its highest sequence.
func advanceVectors(ctx context.Context, tx *sql.Tx, touched map[crdt.DeviceID]OriginStats, now int64) error {
	for d, st := range touched {
		if st.New == 0 {
			continue
		}
		var contiguous, maxSeq int64
		if err := tx.QueryRowContext(ctx, "SELECT contiguous FROM devices WHERE id = ?", d[:]).Scan(&contiguous); err != nil {
			return fmt.Errorf("read vector of %s: %w", d.Short(), err)
		}
		rows, err := tx.QueryContext(ctx, "SELECT seq FROM changes WHERE origin = ? AND seq > ? ORDER BY seq", d[:], contiguous)
		if err != nil {
			return fmt.Errorf("read log of %s: %w", d.Short(), err)
		}
		for rows.Next() {
			var s int64
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			if s == contiguous+1 {
				contiguous = s
			}
			maxSeq = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE devices SET contiguous = ?, max_seq = MAX(max_seq, ?), last_seen = ? WHERE id = ?",
			contiguous, maxSeq, now, d[:]); err != nil {
			return fmt.Errorf("advance vector of %s: %w", d.Short(), err)
		}
	}
	return nil
}

package sqlite

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
	"io"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Vector returns this replica's version vector.
func (db *DB) Vector(ctx context.Context) (crdt.Vector, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, contiguous FROM devices WHERE contiguous > 0")
	if err != nil {
		return nil, fmt.Errorf("read version vector: %w", err)
	}
	defer rows.Close()
	v := crdt.Vector{}
	for rows.Next() {
		var id []byte
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, fmt.Errorf("read version vector: %w", err)
		}
		var d crdt.DeviceID
		copy(d[:], id)
		v[d] = uint64(seq)
	}
	return v, rows.Err()
}

// ChangesSince returns the changes this replica holds that a replica at
// version vector v lacks (all of them for an empty vector), ordered by
// origin and sequence, with the public keys of their origins. It is one
// indexed query: a range scan of the log's primary key per device.
func (db *DB) ChangesSince(ctx context.Context, v crdt.Vector) ([]crdt.Change, map[crdt.DeviceID]ed25519.PublicKey, error) {
	vj, err := v.MarshalJSON()
	if err != nil {
		return nil, nil, err
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.pubkey, c.body, c.sig
		FROM devices d
		JOIN changes c ON c.origin = d.id
		 AND c.seq > COALESCE(json_extract(?1, '$."' || lower(hex(d.id)) || '"'), 0)
		ORDER BY d.id, c.seq`, string(vj))
	if err != nil {
		return nil, nil, fmt.Errorf("read changes: %w", err)
	}
	defer rows.Close()
	return scanChanges(rows, 0)
}

// scanChanges reads rows of (origin public key, body, signature) into
// changes and their origins' keys, stopping once the changes' bodies and
// signatures reach maxBytes (0: no limit).
func scanChanges(rows *sql.Rows, maxBytes int) ([]crdt.Change, map[crdt.DeviceID]ed25519.PublicKey, error) {
	var out []crdt.Change
	keys := map[crdt.DeviceID]ed25519.PublicKey{}
	size := 0
	for (maxBytes <= 0 || size < maxBytes) && rows.Next() {
		var pub, body, sig []byte
		if err := rows.Scan(&pub, &body, &sig); err != nil {
			return nil, nil, fmt.Errorf("read changes: %w", err)
		}
		c, err := crdt.DecodeBody(body)
		if err != nil {
			return nil, nil, fmt.Errorf("read changes: stored change is damaged: %w", err)
		}
		c.Sig = sig
		if _, ok := keys[c.Origin]; !ok {
			keys[c.Origin] = ed25519.PublicKey(pub)
		}
		out = append(out, c)
		size += len(body) + len(sig)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read changes: %w", err)
	}
	return out, keys, nil
}

// EachRecord calls fn for every record (tombstones included), in id
// order, with the stamps of its fields.
func (db *DB) EachRecord(ctx context.Context, fn func(*crdt.Record) error) error {
	rows, err := db.read.QueryContext(ctx, "SELECT id, state FROM records ORDER BY id")
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	return scanRecords(rows, fn)
}

// scanRecords decodes (id, state) rows and hands each record to fn.
func scanRecords(rows *sql.Rows, fn func(*crdt.Record) error) error {
	defer rows.Close()
	// The driver's bytes are decoded before the next row, so they need
	// no copy of their own (decodeRecord copies what it keeps).
	var id, state sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &state); err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		r, err := decodeRecord(id, state)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	return nil
}

// Dump writes the canonical JSON dump of the materialized state.
func (db *DB) Dump(ctx context.Context, w io.Writer) error {
	var recs []crdt.DumpRecord
	if err := db.EachRecord(ctx, func(r *crdt.Record) error {
		recs = append(recs, crdt.DumpRecord{ID: r.ID, Type: r.Type, Deleted: r.Deleted, Fields: r.Visible()})
		return nil
	}); err != nil {
		return err
	}
	return crdt.WriteDump(w, recs)
}

// DeviceInfo describes a device whose changes this replica holds.
type DeviceInfo struct {
	ID        crdt.DeviceID
	PublicKey ed25519.PublicKey
	Seq       uint64 // version vector entry
	MaxSeq    uint64 // highest held; above Seq while changes are missing
	// AheadBy is set when a change of this device carried a clock reading
	// far ahead of this laptop's clock: its clock is probably wrong.
	AheadBy   time.Duration
	FirstSeen time.Time
	LastSeen  time.Time
	Self      bool
}

// Devices lists the known devices, this one first.
func (db *DB) Devices(ctx context.Context) ([]DeviceInfo, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, pubkey, contiguous, max_seq, future_ms, first_seen, last_seen FROM devices ORDER BY first_seen, id")
	if err != nil {
		return nil, fmt.Errorf("list devices: %w", err)
	}
	defer rows.Close()
	self := db.Device()
	var out []DeviceInfo
	for rows.Next() {
		var (
			id, pub             []byte
			seq, maxSeq, future int64
			firstSeen, lastSeen int64
		)
		if err := rows.Scan(&id, &pub, &seq, &maxSeq, &future, &firstSeen, &lastSeen); err != nil {
			return nil, fmt.Errorf("list devices: %w", err)
		}
		var d DeviceInfo
		copy(d.ID[:], id)
		d.PublicKey = pub
		d.Seq, d.MaxSeq = uint64(seq), uint64(maxSeq)
		d.AheadBy = time.Duration(future) * time.Millisecond
		d.FirstSeen, d.LastSeen = time.UnixMilli(firstSeen), time.UnixMilli(lastSeen)
		d.Self = d.ID == self
		if d.Self {
			out = append([]DeviceInfo{d}, out...)
		} else {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// Setting reads a local-only setting ("" if unset).
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v []byte
	err := db.read.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", "setting."+key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return string(v), nil
}

// DeleteSetting removes a local-only setting; removing a missing one is
// not an error.
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", "setting."+key); err != nil {
			return fmt.Errorf("delete setting %s: %w", key, err)
		}
		return nil
	})
}

// SetSetting stores a local-only setting (never replicated).
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			"setting."+key, []byte(value))
		if err != nil {
			return fmt.Errorf("save setting %s: %w", key, err)
		}
		return nil
	})
}

// decodeRecord rebuilds a record from its row.
func decodeRecord(id, state []byte) (*crdt.Record, error) {
	r := &crdt.Record{}
	copy(r.ID[:], id)
	if err := r.DecodeState(state); err != nil {
		return nil, fmt.Errorf("record %s is damaged: %w", r.ID, err)
	}
	return r, nil
}

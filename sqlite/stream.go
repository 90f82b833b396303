package sqlite

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"github.com/konbit/konbit/sync/crdt"
)

// ChangesAfter returns one page of the changes a replica at vector v
// lacks: those after position (afterOrigin, afterSeq) in (origin, seq)
// order, stopping once their bodies reach maxBytes (a page holds at least
// one change), with the public keys of their origins. A network session
// reads the log page by page, so it never holds more than a batch in
// memory nor keeps a read transaction open while the peer merges.
func (db *DB) ChangesAfter(ctx context.Context, v crdt.Vector, afterOrigin crdt.DeviceID, afterSeq uint64, maxBytes int) ([]crdt.Change, map[crdt.DeviceID]ed25519.PublicKey, error) {
	vj, err := v.MarshalJSON()
	if err != nil {
		return nil, nil, err
	}
	// Walk the devices in id order from afterOrigin, and each device's
	// log from the higher of its vector entry and (for afterOrigin) the
	// cursor: a range scan of the primary key, cut short by the caller.
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.pubkey, c.body, c.sig
		FROM devices d
		JOIN changes c ON c.origin = d.id
		 AND c.seq > MAX(COALESCE(json_extract(?1, '$."' || lower(hex(d.id)) || '"'), 0),
		                 CASE WHEN d.id = ?2 THEN ?3 ELSE 0 END)
		WHERE d.id >= ?2
		ORDER BY d.id, c.seq`, string(vj), afterOrigin[:], int64(afterSeq))
	if err != nil {
		return nil, nil, fmt.Errorf("read changes: %w", err)
	}
	defer rows.Close()
	return scanChanges(rows, maxBytes)
}

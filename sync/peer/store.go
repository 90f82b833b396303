package peer

import (
	"context"

	"github.com/konbit/konbit/sync/crdt"
)

// Store is the replica side of a session. Implementations must be safe for
// concurrent use: one session reads batches to send while it merges the
// batches it receives, and several sessions may run at once.
type Store interface {
	// Device is this replica's device id.
	Device() crdt.DeviceID
	// Vector is this replica's version vector.
	Vector(ctx context.Context) (crdt.Vector, error)
	// NextBatch encodes the next batch of changes a replica at vector
	// since lacks, in (origin, seq) order, strictly after position after
	// (the zero Cursor is the start), stopping once the changes' encoded
	// size reaches maxBytes (a batch holds at least one change). Only
	// changes within until (seq <= until[origin]) are sent: what the
	// session announced at its start; what the store merges from other
	// peers meanwhile goes in the next session, so the peer can hold the
	// sender to its announcement. A nil until bounds nothing. A batch
	// with Changes == 0 means there is nothing more. The session asks for
	// one batch at a time, with since updated by the peer's
	// acknowledgements, so a store keeps nothing between calls.
	NextBatch(ctx context.Context, since, until crdt.Vector, after Cursor, maxBytes int) (Batch, error)
	// Merge decodes, verifies and merges one batch received from device
	// from, in one transaction: all of it or, on error, none.
	Merge(ctx context.Context, from crdt.DeviceID, batch []byte) (MergeStats, error)
	// Allowed says whether device d may sync with this replica: nil if
	// so, else an error saying why not (unknown, removed), which is sent
	// to the peer.
	Allowed(d crdt.DeviceID) error
}

// Cursor is a position in the (origin, seq) order of changes: the last
// change of the previous batch.
type Cursor struct {
	Origin crdt.DeviceID
	Seq    uint64
}

// Batch is one encoded batch of changes.
type Batch struct {
	Data    []byte // the bundle encoding
	Changes int    // number of changes in Data; 0: nothing more to send
	Last    Cursor // position of the batch's last change
}

// MergeStats says what merging one batch did.
type MergeStats struct {
	Changes int // changes in the batch
	New     int // merged as new
	Known   int // already held, skipped
	Held    int // set aside (origin not on the roster yet)
	// Problem, if not nil, names what was held aside or refused in an
	// otherwise successful merge; the session reports it in
	// Stats.Problems and goes on.
	Problem error
}

package replica

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"time"

	"github.com/konbit/konbit"
	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
	"github.com/konbit/konbit/sync/trust"
)

// PeerStore is the replica as a network session sees it (sync/peer):
// batches are bundles of this laptop's log read page by page, merged
// batches go through ImportBytes (verified, judged against the roster,
// merged in one transaction), and the roster decides which peers may sync.
func (r *Replica) PeerStore() peer.Store { return peerStore{r} }

type peerStore struct{ r *Replica }

func (p peerStore) Device() crdt.DeviceID { return p.r.Device() }

func (p peerStore) Vector(ctx context.Context) (crdt.Vector, error) { return p.r.db.Vector(ctx) }

// Allowed decides on the roster as the database holds it now: another
// process (`konbit device remove`, the app) may have removed d a moment ago.
func (p peerStore) Allowed(d crdt.DeviceID) error {
	if _, err := p.r.CatchUp(context.Background()); err != nil {
		return fmt.Errorf("read the roster: %w", err)
	}
	return p.r.PeerAllowed(d)
}

// NextBatch encodes the next page of the log as a signed bundle.
func (p peerStore) NextBatch(ctx context.Context, since, until crdt.Vector, after peer.Cursor, maxBytes int) (peer.Batch, error) {
	// Pages whose changes are all refused (a removed device's, after its
	// cut) are skipped: an empty batch means nothing more to send.
	ros := p.r.roster()
	var changes []crdt.Change
	var keys map[crdt.DeviceID]ed25519.PublicKey
	var last crdt.Change
	for len(changes) == 0 {
		page, pageKeys, err := p.r.db.ChangesAfter(ctx, since, after.Origin, after.Seq, maxBytes)
		if err != nil || len(page) == 0 {
			return peer.Batch{}, err
		}
		last = page[len(page)-1]
		after = peer.Cursor{Origin: last.Origin, Seq: last.Seq}
		changes, keys = withinUntil(withoutRefused(ros, page), until), pageKeys
	}
	vec, err := p.r.db.Vector(ctx)
	if err != nil {
		return peer.Batch{}, err
	}
	id := p.r.db.Identity()
	keys[id.Device()] = id.Public()
	b := &bundle.Bundle{
		Header: bundle.Header{
			FormatVersion: bundle.FormatVersion,
			SchemaVersion: konbit.SchemaVersion,
			Created:       p.r.db.Now().UTC().Truncate(time.Millisecond),
			Sender:        id.Device(),
			SenderKey:     id.Public(),
			Vector:        vec,
		},
		Keys:    keys,
		Changes: changes,
	}
	var buf bytes.Buffer
	if err := bundle.Encode(&buf, b, id.Private); err != nil {
		return peer.Batch{}, fmt.Errorf("encode batch: %w", err)
	}
	return peer.Batch{Data: buf.Bytes(), Changes: len(changes), Last: peer.Cursor{Origin: last.Origin, Seq: last.Seq}}, nil
}

// withoutRefused drops the changes every replica that knows the roster
// refuses: those a removed device made after its removal's cut. A replica
// that merged them before it learnt of the removal keeps them, but does
// not send them again in every session to peers that refuse them.
// withinUntil keeps the changes within until (all of them for nil).
func withinUntil(changes []crdt.Change, until crdt.Vector) []crdt.Change {
	if until == nil {
		return changes
	}
	out := changes[:0]
	for _, c := range changes {
		if c.Seq <= until[c.Origin] {
			out = append(out, c)
		}
	}
	return out
}

func withoutRefused(ros *trust.Roster, changes []crdt.Change) []crdt.Change {
	out := changes[:0]
	for _, c := range changes {
		if rm, removed := ros.Removal(c.Origin); removed && c.Seq > rm.Cut {
			continue
		}
		out = append(out, c)
	}
	return out
}

// Merge imports one batch from the authenticated peer from.
func (p peerStore) Merge(ctx context.Context, from crdt.DeviceID, batch []byte) (peer.MergeStats, error) {
	res, err := p.r.ImportBytes(ctx, batch, from)
	if err != nil {
		return peer.MergeStats{}, err
	}
	held := 0
	for _, n := range res.Held {
		held += n
	}
	return peer.MergeStats{
		Changes: res.New - res.Released + res.Known + held,
		New:     res.New,
		Known:   res.Known,
		Held:    held,
		Problem: res.Problem(),
	}, nil
}

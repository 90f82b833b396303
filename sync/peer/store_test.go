package peer_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
)

// fakeStore is an in-memory replica: signed changes by (origin, seq), a
// roster, and counters the tests check. Its batch encoding is JSON, so
// the session is tested apart from the bundle format.
type fakeStore struct {
	id crdt.Identity

	mu      sync.Mutex
	changes map[crdt.DeviceID]map[uint64]crdt.Change
	keys    map[crdt.DeviceID]ed25519.PublicKey
	allowed map[crdt.DeviceID]bool // nil: everyone
	merges  int                    // Merge calls
	batches int                    // NextBatch calls that returned a batch
	newIn   int                    // changes merged as new, over all merges
	seq     uint64

	// Hooks for misbehaving peers.
	batchHook func(b peer.Batch) peer.Batch
	nextHook  func(ctx context.Context)
}

type wireChange struct {
	Pub  []byte
	Body []byte
	Sig  []byte
}

func newFake(t testing.TB) *fakeStore {
	t.Helper()
	id, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return &fakeStore{
		id:      id,
		changes: map[crdt.DeviceID]map[uint64]crdt.Change{},
		keys:    map[crdt.DeviceID]ed25519.PublicKey{id.Device(): id.Public()},
	}
}

// edit commits n changes of random content.
func (s *fakeStore) edit(n int, r *rand.Rand) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.seq++
		c := crdt.Change{
			Seq: s.seq,
			HLC: crdt.MakeTimestamp(1_700_000_000_000+int64(s.seq), 0),
			Ops: []crdt.Op{crdt.Set(crdt.NewID(), "note", crdt.Field{Name: "text", Value: fmt.Appendf(nil, "%q", fmt.Sprint(r.Uint64()))})},
		}
		c.Sign(s.id)
		s.put(c)
	}
}

func (s *fakeStore) put(c crdt.Change) bool {
	m := s.changes[c.Origin]
	if m == nil {
		m = map[uint64]crdt.Change{}
		s.changes[c.Origin] = m
	}
	if _, ok := m[c.Seq]; ok {
		return false
	}
	m[c.Seq] = c
	return true
}

func (s *fakeStore) allow(ids ...crdt.DeviceID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.allowed == nil {
		s.allowed = map[crdt.DeviceID]bool{}
	}
	for _, id := range ids {
		s.allowed[id] = true
	}
}

func (s *fakeStore) Device() crdt.DeviceID { return s.id.Device() }

func (s *fakeStore) Vector(context.Context) (crdt.Vector, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vectorLocked(), nil
}

func (s *fakeStore) vectorLocked() crdt.Vector {
	v := crdt.Vector{}
	for d, m := range s.changes {
		n := uint64(0)
		for m[n+1].Sig != nil {
			n++
		}
		if n > 0 {
			v[d] = n
		}
	}
	return v
}

func (s *fakeStore) NextBatch(ctx context.Context, since, until crdt.Vector, after peer.Cursor, maxBytes int) (peer.Batch, error) {
	if s.nextHook != nil {
		s.nextHook(ctx)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	origins := make([]crdt.DeviceID, 0, len(s.changes))
	for d := range s.changes {
		if d.Compare(after.Origin) >= 0 {
			origins = append(origins, d)
		}
	}
	sort.Slice(origins, func(i, j int) bool { return origins[i].Compare(origins[j]) < 0 })
	var out []wireChange
	var b peer.Batch
	size := 0
	for _, d := range origins {
		seqs := make([]uint64, 0, len(s.changes[d]))
		for q := range s.changes[d] {
			from := since[d]
			if d == after.Origin {
				from = max(from, after.Seq)
			}
			if q > from && (until == nil || q <= until[d]) {
				seqs = append(seqs, q)
			}
		}
		sort.Slice(seqs, func(i, j int) bool { return seqs[i] < seqs[j] })
		for _, q := range seqs {
			c := s.changes[d][q]
			body := c.AppendBody(nil)
			out = append(out, wireChange{Pub: s.keys[d], Body: body, Sig: c.Sig})
			b.Last = peer.Cursor{Origin: d, Seq: q}
			size += len(body)
			if size >= maxBytes {
				break
			}
		}
		if size >= maxBytes {
			break
		}
	}
	if len(out) == 0 {
		return peer.Batch{}, nil
	}
	data, err := json.Marshal(out)
	if err != nil {
		return peer.Batch{}, err
	}
	b.Data, b.Changes = data, len(out)
	s.batches++
	if s.batchHook != nil {
		b = s.batchHook(b)
	}
	return b, nil
}

func (s *fakeStore) Merge(_ context.Context, from crdt.DeviceID, batch []byte) (peer.MergeStats, error) {
	s.mu.Lock()
	s.merges++
	s.mu.Unlock()
	dec := json.NewDecoder(bytes.NewReader(batch))
	dec.DisallowUnknownFields()
	var in []wireChange
	if err := dec.Decode(&in); err != nil {
		return peer.MergeStats{}, fmt.Errorf("undecodable batch: %w", err)
	}
	if len(in) == 0 {
		return peer.MergeStats{}, errors.New("empty batch")
	}
	cs := make([]crdt.Change, len(in))
	for i, w := range in {
		c, err := crdt.DecodeBody(w.Body)
		if err != nil {
			return peer.MergeStats{}, err
		}
		c.Sig = w.Sig
		if err := c.Verify(ed25519.PublicKey(w.Pub)); err != nil {
			return peer.MergeStats{}, fmt.Errorf("change %d: %w", i, err)
		}
		cs[i] = c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := peer.MergeStats{Changes: len(cs)}
	for i, c := range cs {
		s.keys[c.Origin] = in[i].Pub
		if s.put(c) {
			st.New++
		} else {
			st.Known++
		}
	}
	s.newIn += st.New
	return st, nil
}

func (s *fakeStore) Allowed(d crdt.DeviceID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.allowed != nil && !s.allowed[d] {
		return fmt.Errorf("device %s is not on this group's roster", d.Short())
	}
	return nil
}

// content lists every (origin, seq) held, for comparing replicas.
func (s *fakeStore) content() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for d, m := range s.changes {
		for q := range m {
			keys = append(keys, fmt.Sprintf("%s/%08d", d, q))
		}
	}
	sort.Strings(keys)
	return fmt.Sprint(keys)
}

func (s *fakeStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, m := range s.changes {
		n += len(m)
	}
	return n
}

package folder_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/folder"
	"github.com/konbit/konbit/sync/groupkey"
)

// fake is a replica reduced to a set of signed changes.
type fake struct {
	mu      sync.Mutex
	id      crdt.Identity
	changes map[crdt.DeviceID]map[uint64]crdt.Change
	keys    map[crdt.DeviceID]ed25519.PublicKey
	roster  *[]crdt.DeviceID // shared by the group
	gk      folder.Keys
	seq     uint64
}

func newFake(t *testing.T, roster *[]crdt.DeviceID, gk folder.Keys) *fake {
	t.Helper()
	id, err := crdt.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	*roster = append(*roster, id.Device())
	return &fake{id: id, changes: map[crdt.DeviceID]map[uint64]crdt.Change{},
		keys: map[crdt.DeviceID]ed25519.PublicKey{id.Device(): id.Public()}, roster: roster, gk: gk}
}

func (f *fake) put(c crdt.Change, pub ed25519.PublicKey) {
	if f.changes[c.Origin] == nil {
		f.changes[c.Origin] = map[uint64]crdt.Change{}
	}
	f.changes[c.Origin][c.Seq] = c
	f.keys[c.Origin] = pub
}

// commit writes a note record holding text.
func (f *fake) commit(text string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	c := crdt.Change{Origin: f.id.Device(), Seq: f.seq, HLC: crdt.MakeTimestamp(1_700_000_000_000+int64(f.seq), 0),
		Ops: []crdt.Op{crdt.Set(crdt.NewID(), "note", crdt.Field{Name: "text", Value: []byte(`"` + text + `"`)})}}
	c.Sign(f.id)
	f.put(c, f.id.Public())
}

func (f *fake) Identity() crdt.Identity { return f.id }

func (f *fake) Vector(context.Context) (crdt.Vector, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.vector(), nil
}

func (f *fake) vector() crdt.Vector {
	v := crdt.Vector{}
	for d, cs := range f.changes {
		n := uint64(0)
		for cs[n+1].Seq == n+1 {
			n++
		}
		if n > 0 {
			v[d] = n
		}
	}
	return v
}

func (f *fake) Export(_ context.Context, since crdt.Vector) ([]byte, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := &bundle.Bundle{Header: bundle.Header{Sender: f.id.Device(), SenderKey: f.id.Public(), Vector: f.vector()},
		Keys: map[crdt.DeviceID]ed25519.PublicKey{}}
	for d, cs := range f.changes {
		for _, c := range cs {
			if !since.Has(d, c.Seq) {
				b.Changes = append(b.Changes, c)
				b.Keys[d] = f.keys[d]
			}
		}
	}
	if len(b.Changes) == 0 {
		return nil, 0, nil
	}
	var buf bytes.Buffer
	if err := bundle.Encode(&buf, b, f.id.Private); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), len(b.Changes), nil
}

func (f *fake) Import(_ context.Context, data []byte, _ crdt.DeviceID) (folder.Imported, error) {
	b, err := bundle.Decode(bytes.NewReader(data), bundle.DecodeOptions{})
	if err != nil {
		return folder.Imported{}, err
	}
	if err := bundle.Verify(b, nil); err != nil {
		return folder.Imported{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range b.Changes {
		if _, ok := f.changes[c.Origin][c.Seq]; !ok {
			n++
		}
		f.put(c, b.Keys[c.Origin])
	}
	return folder.Imported{New: n}, nil
}

func (f *fake) Roster(context.Context) ([]crdt.DeviceID, error) { return slices.Clone(*f.roster), nil }

func (f *fake) GroupKeys(context.Context) (folder.Keys, error) { return f.gk, nil }

// notes lists the (origin, seq) pairs held, for comparison.
func (f *fake) held() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for d, cs := range f.changes {
		for s := range cs {
			out = append(out, fmt.Sprintf("%s/%d", d, s))
		}
	}
	slices.Sort(out)
	return out
}

func groupKeys(t *testing.T) folder.Keys {
	t.Helper()
	e, k, err := groupkey.NewEpoch()
	if err != nil {
		t.Fatal(err)
	}
	return folder.Keys{Current: e, HasCurrent: true, ByEpoch: map[groupkey.Epoch][]byte{e: k}}
}

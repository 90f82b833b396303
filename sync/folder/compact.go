package folder

import (
	"bytes"
	"cmp"
	"crypto/ed25519"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/konbit/konbit/sync/bundle"
	"github.com/konbit/konbit/sync/crdt"
)

// compact rewrites this device's segments that every other device of the
// roster has read into one, then removes them. Segments a compacted one
// covers (left by a crash between the two steps) are removed too. Names
// prove nothing: every segment is opened before it replaces or is
// replaced by another.
func (s *syncer) compact() error {
	spans, err := s.listOwnRaw()
	if err != nil {
		return fmt.Errorf("shared folder: %w", err)
	}
	read, err := s.readByAll()
	if err != nil {
		return err
	}
	var cand []Span
	for _, sp := range ours(spans, s.state.Wrote.Last) {
		if sp.Last <= read {
			cand = append(cand, sp)
		}
	}
	if len(redundant(cand)) == 0 && len(covering(slices.Clone(cand))) < s.opt.MinCompact {
		return nil
	}
	var valid []Span
	parts := map[Span]*bundle.Bundle{}
	for _, sp := range cand {
		plain, _, err := s.openSegment(s.me, sp.Name())
		var b *bundle.Bundle
		if err == nil {
			b, err = bundle.Decode(bytes.NewReader(plain), bundle.DecodeOptions{})
		}
		if err != nil {
			s.dropForeign(sp, err)
			continue
		}
		valid = append(valid, sp)
		parts[sp] = b
	}
	if old := redundant(valid); len(old) > 0 {
		if err := s.remove(old); err != nil {
			return err
		}
	}
	todo := covering(valid)
	if len(todo) < s.opt.MinCompact {
		return nil
	}
	s.progress("compact", 0, int64(len(todo)))
	whole := Span{First: todo[0].First, Last: todo[len(todo)-1].Last}
	var bs []*bundle.Bundle
	for _, sp := range todo {
		bs = append(bs, parts[sp])
	}
	b, err := s.union(bs)
	if err != nil {
		return fmt.Errorf("shared folder: compact: %w", err)
	}
	var buf bytes.Buffer
	if err := bundle.Encode(&buf, b, s.rep.Identity().Private); err != nil {
		return fmt.Errorf("shared folder: compact: %w", err)
	}
	if err := s.writeSealed(whole.Name(), buf.Bytes()); err != nil {
		return err
	}
	var old []Span
	for _, sp := range todo {
		if sp != whole {
			old = append(old, sp)
		}
	}
	if err := s.remove(old); err != nil {
		return err
	}
	s.res.Compacted, s.res.CompactedInto = len(todo), whole.Name()
	s.progress("compact", int64(len(todo)), int64(len(todo)))
	return nil
}

// dropForeign removes from this device's own subfolder a segment-named
// file that does not open. This device writes there only by renaming
// complete files, under keys it keeps, so such a file is not its own
// (dropped there by someone else, or damaged): left in place it would
// hide its real segments' numbers and make every reader warn on every
// pass. A range it leaves uncovered is written again (fillGaps).
func (s *syncer) dropForeign(sp Span, why error) {
	s.warn("removed %s from this laptop's subfolder: %v", sp.Name(), why)
	if err := os.Remove(filepath.Join(s.own(), sp.Name())); err != nil && !os.IsNotExist(err) {
		s.warn("remove %s: %v", sp.Name(), err)
	}
}

// readByAll is the segment number up to which every other device of the
// roster has read this device's subfolder, by their read files. A device
// whose read file is missing or does not open has read nothing.
func (s *syncer) readByAll() (uint64, error) {
	roster, err := s.rep.Roster(s.ctx)
	if err != nil {
		return 0, fmt.Errorf("shared folder: %w", err)
	}
	read := uint64(math.MaxUint64)
	for _, d := range roster {
		if d == s.me {
			continue
		}
		plain, err := s.open(d, ReadFileName)
		if err != nil {
			return 0, nil
		}
		st, err := DecodeReadState(d, plain)
		if err != nil {
			s.warn("read file of %s: %v", d, err)
			return 0, nil
		}
		read = min(read, st.Read[s.me].Last)
	}
	return read, nil
}

// union merges segment bundles into one signed by this device: every
// change once, in (origin, seq) order, the keys they need, and the widest
// vector.
func (s *syncer) union(parts []*bundle.Bundle) (*bundle.Bundle, error) {
	id := s.rep.Identity()
	b := &bundle.Bundle{
		Header: bundle.Header{
			FormatVersion: bundle.FormatVersion,
			Created:       s.opt.Now().UTC(),
			Sender:        id.Device(),
			SenderKey:     id.Public(),
			Vector:        crdt.Vector{},
		},
		Keys: map[crdt.DeviceID]ed25519.PublicKey{},
	}
	type key struct {
		origin crdt.DeviceID
		seq    uint64
	}
	seen := map[key]bool{}
	for _, p := range parts {
		b.SchemaVersion = max(b.SchemaVersion, p.SchemaVersion)
		maxInto(b.Vector, p.Vector)
		for d, k := range p.Keys {
			if old, ok := b.Keys[d]; ok && !old.Equal(k) {
				return nil, fmt.Errorf("two keys for device %s", d.Short())
			}
			b.Keys[d] = k
		}
		for _, c := range p.Changes {
			k := key{c.Origin, c.Seq}
			if !seen[k] {
				seen[k] = true
				b.Changes = append(b.Changes, c)
			}
		}
	}
	slices.SortFunc(b.Changes, func(x, y crdt.Change) int {
		if c := x.Origin.Compare(y.Origin); c != 0 {
			return c
		}
		return cmp.Compare(x.Seq, y.Seq)
	})
	return b, nil
}

// remove deletes own segments and makes the removal durable.
func (s *syncer) remove(spans []Span) error {
	for _, sp := range spans {
		if err := os.Remove(filepath.Join(s.own(), sp.Name())); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("shared folder: compact: %w", err)
		}
	}
	if err := syncDir(s.own()); err != nil {
		return fmt.Errorf("shared folder: compact: %w", err)
	}
	return nil
}

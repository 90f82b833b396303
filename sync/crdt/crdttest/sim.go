// Package crdttest simulates laptops editing shared records, for the
// property tests of the merge layer and for benchmarks.
package crdttest

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// Device is a simulated laptop: an identity, a skewed clock and the changes
// it has made.
type Device struct {
	ID    crdt.Identity
	Clock *crdt.Clock
	Seq   uint64
	skew  time.Duration
}

// Sim generates random but reproducible edits by several devices over a
// shared pool of records, so that concurrent edits of the same field, edits
// racing deletes, unknown fields and unknown op kinds all occur.
type Sim struct {
	Rng     *rand.Rand
	Devices []*Device
	Sign    bool // sign changes (slower; needed when a store verifies them)
	records []uuid.UUID
	base    time.Time
	tick    time.Duration
}

// Fields the simulation writes: few names, so edits collide.
var fieldNames = [...]string{"name", "category", "hours", "x-future-field"}

// New returns a simulation of n devices seeded with seed. Device clocks
// are skewed by up to ±2 s, one of them by 3 days ahead.
func New(seed int64, n int, sign bool) *Sim {
	s := &Sim{Rng: rand.New(rand.NewSource(seed)), Sign: sign, base: time.UnixMilli(1_760_000_000_000)}
	for i := 0; i < n; i++ {
		seedBytes := make([]byte, 32)
		s.Rng.Read(seedBytes)
		id, err := crdt.IdentityFromSeed(seedBytes)
		if err != nil {
			panic(err)
		}
		d := &Device{ID: id, skew: time.Duration(s.Rng.Intn(4000)-2000) * time.Millisecond}
		if i == n-1 && n > 2 {
			d.skew = 72 * time.Hour
		}
		dev := d
		d.Clock = crdt.NewClock(func() time.Time { return s.base.Add(s.tick + dev.skew) }, 0)
		s.Devices = append(s.Devices, d)
	}
	return s
}

// Advance moves simulated time forward.
func (s *Sim) Advance(d time.Duration) { s.tick += d }

func (s *Sim) newID() uuid.UUID {
	var b [16]byte
	s.Rng.Read(b[:])
	b[6] = b[6]&0x0f | 0x70 // version 7 bits
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b)
}

// RandomChange makes device i commit a random change of 1 to 3 ops.
func (s *Sim) RandomChange(i int) crdt.Change {
	n := 1 + s.Rng.Intn(3)
	ops := make([]crdt.Op, 0, n)
	for k := 0; k < n; k++ {
		ops = append(ops, s.randomOp())
	}
	return s.Commit(i, ops)
}

// Commit stamps, numbers and (if Sign) signs ops as device i's next change.
func (s *Sim) Commit(i int, ops []crdt.Op) crdt.Change {
	d := s.Devices[i]
	s.Advance(time.Duration(s.Rng.Intn(50)) * time.Millisecond)
	d.Seq++
	c := crdt.Change{Origin: d.ID.Device(), Seq: d.Seq, HLC: d.Clock.Now(), Ops: ops}
	if s.Sign {
		c.Sign(d.ID)
	}
	return c
}

func (s *Sim) randomOp() crdt.Op {
	r := s.Rng.Intn(100)
	switch {
	case r < 20 || len(s.records) == 0:
		id := s.newID()
		s.records = append(s.records, id)
		typ := "member"
		if s.Rng.Intn(5) == 0 {
			typ = "future-type"
		}
		return crdt.Set(id, typ, s.field(), s.field())
	case r < 85:
		return crdt.Set(s.pick(), "member", s.field())
	case r < 95:
		return crdt.Delete(s.pick(), "member")
	default:
		return crdt.Op{Kind: crdt.OpKind(100 + s.Rng.Intn(50)), Raw: []byte(fmt.Sprintf("future op %d", s.Rng.Int()))}
	}
}

func (s *Sim) pick() uuid.UUID { return s.records[s.Rng.Intn(len(s.records))] }

func (s *Sim) field() crdt.Field {
	name := fieldNames[s.Rng.Intn(len(fieldNames))]
	return crdt.Field{Name: name, Value: []byte(fmt.Sprintf("%q", fmt.Sprint(s.Rng.Intn(1000))))}
}

// Shuffled returns changes in a random order with some duplicated.
func (s *Sim) Shuffled(changes []crdt.Change) []crdt.Change {
	out := append([]crdt.Change(nil), changes...)
	for i := 0; i < len(changes)/4; i++ {
		out = append(out, changes[s.Rng.Intn(len(changes))])
	}
	s.Rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Subset returns a random subset of changes (possibly leaving gaps in an
// origin's sequence, as a partial relay would).
func (s *Sim) Subset(changes []crdt.Change) []crdt.Change {
	var out []crdt.Change
	for _, c := range changes {
		if s.Rng.Intn(3) > 0 {
			out = append(out, c)
		}
	}
	return out
}

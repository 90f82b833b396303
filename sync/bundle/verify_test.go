package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// TestForgedBodyFailsVerify alters a field value inside a valid file and
// fixes the checksum: the file decodes, but the signature no longer holds.
func TestForgedBodyFailsVerify(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	raw := inflate(t, p.body)
	i := bytes.Index(raw, []byte(`"Ana"`))
	if i < 0 {
		t.Fatal("value not found in body")
	}
	forged := bytes.Clone(raw)
	copy(forged[i:], `"Bob"`)
	b, err := decode(frame(FormatVersion, p.header, deflate(t, forged), p.sigs))
	if err != nil {
		t.Fatalf("Decode of a re-checksummed forgery: %v", err)
	}
	if string(b.Changes[0].Ops[0].Fields[0].Value) != `"Bob"` {
		t.Fatal("forgery not in place")
	}
	err = Verify(b, nil)
	if !errors.Is(err, ErrSignature) || !errors.Is(err, crdt.ErrBadSignature) {
		t.Fatalf("Verify = %v, want ErrSignature wrapping crdt.ErrBadSignature", err)
	}
	if !strings.Contains(err.Error(), "change 0 ") {
		t.Fatalf("message %q should name the bad change", err)
	}
}

// TestChangeSignedByAnotherKey: a change claiming origin A but signed with
// B's key is refused.
func TestChangeSignedByAnotherKey(t *testing.T) {
	a, other := identity(t, 0), identity(t, 5)
	b := smallBundle(t)
	c := crdt.Change{Origin: a.Device(), Seq: 3, HLC: crdt.MakeTimestamp(1_760_000_002_000, 0),
		Ops: []crdt.Op{crdt.Delete(recordID(2), "committee")}}
	c.Sig = ed25519.Sign(other.Private, c.SigningBytes())
	b.Changes = append(b.Changes, c)
	got, err := decode(encode(t, b))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if err := Verify(got, nil); !errors.Is(err, ErrSignature) || !errors.Is(err, crdt.ErrBadSignature) {
		t.Fatalf("Verify = %v, want ErrSignature wrapping crdt.ErrBadSignature", err)
	}
}

// TestVerifyKeyProblems covers bundles built in memory with a wrong or
// missing key (Decode refuses such files, but Verify checks anyway).
func TestVerifyKeyProblems(t *testing.T) {
	b := smallBundle(t)
	b.Keys[identity(t, 0).Device()] = identity(t, 1).Public()
	if err := Verify(b, nil); !errors.Is(err, ErrSignature) || !errors.Is(err, crdt.ErrWrongKey) {
		t.Fatalf("wrong key: Verify = %v, want ErrSignature wrapping crdt.ErrWrongKey", err)
	}
	delete(b.Keys, identity(t, 0).Device())
	if err := Verify(b, nil); !errors.Is(err, ErrSignature) || !strings.Contains(err.Error(), "no key") {
		t.Fatalf("missing key: Verify = %v, want ErrSignature about a missing key", err)
	}
	if err := Verify(nil, nil); !errors.Is(err, ErrSignature) {
		t.Fatalf("nil bundle: Verify = %v", err)
	}
}

// manyChanges builds a bundle of n small signed changes by four origins.
func manyChanges(t testing.TB, n, opsPerChange int) *Bundle {
	ids := []crdt.Identity{identity(t, 0), identity(t, 1), identity(t, 2), identity(t, 3)}
	b := &Bundle{
		Header: Header{Sender: ids[0].Device(), SenderKey: ids[0].Public(), Vector: crdt.Vector{}},
		Keys:   map[crdt.DeviceID]ed25519.PublicKey{},
	}
	for _, id := range ids {
		b.Keys[id.Device()] = id.Public()
	}
	b.Changes = make([]crdt.Change, n)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				ops := make([]crdt.Op, opsPerChange)
				for j := range ops {
					ops[j] = crdt.Set(v7ID(i*opsPerChange+j), "item",
						crdt.Field{Name: "f3", Value: []byte(`"some value 123"`)})
				}
				id := ids[i%len(ids)]
				b.Changes[i] = signed(id, uint64(i/len(ids)+1), 1_760_000_000_000+int64(i), ops...)
			}
		})
	}
	wg.Wait()
	for i, id := range ids {
		b.Vector[id.Device()] = uint64((n - i + len(ids) - 1) / len(ids))
	}
	return b
}

// v7ID is a reproducible record id shaped like a UUID v7 (a millisecond
// time then random bits), so compression sees realistic ids.
func v7ID(n int) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[:8], uint64(1_760_000_000_000+n/8)<<16)
	x := uint64(n) + 0x9e3779b97f4a7c15 // splitmix64
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	x ^= x >> 31
	binary.BigEndian.PutUint64(u[8:], x)
	u[6] = 0x70 | byte(x>>56)&0x0f
	u[7] = byte(x >> 48)
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// TestVerifyReportsLowestBadChange: with several bad changes spread over
// the workers' chunks, the lowest one is reported, every time.
func TestVerifyReportsLowestBadChange(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	b := manyChanges(t, 1000, 1)
	for _, i := range []int{700, 333, 999, 334} {
		b.Changes[i].Sig = bytes.Clone(b.Changes[i].Sig)
		b.Changes[i].Sig[0] ^= 1
	}
	for range 5 {
		err := Verify(b, nil)
		if !errors.Is(err, ErrSignature) || !strings.Contains(err.Error(), "(change 333 of the bundle)") {
			t.Fatalf("Verify = %v, want change 333 reported", err)
		}
	}
}

func TestVerifyProgress(t *testing.T) {
	b := manyChanges(t, 300, 1)
	var calls []int64
	if err := Verify(b, func(done, total int64) {
		if total != 300 || done < 0 || done > total {
			t.Errorf("progress(%d, %d)", done, total)
		}
		calls = append(calls, done)
	}); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != 300 {
		t.Fatalf("progress calls %v: want a last call with done = 300", calls)
	}
}

package bundle

import (
	"bytes"
	"crypto/ed25519"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
	"pgregory.net/rapid"
)

// genOp draws a set, a delete or an op of an unknown kind.
func genOp(t *rapid.T) crdt.Op {
	switch rapid.IntRange(0, 2).Draw(t, "kind") {
	case 0, 1:
		var rec uuid.UUID
		copy(rec[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "record"))
		if rec == uuid.Nil {
			rec[0] = 1
		}
		typ := rapid.StringN(1, 12, crdt.MaxNameLen).Draw(t, "type")
		if rapid.IntRange(0, 4).Draw(t, "delete") == 0 {
			return crdt.Delete(rec, typ)
		}
		fields := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) crdt.Field {
			return crdt.Field{
				Name:  rapid.StringN(0, 10, crdt.MaxNameLen).Draw(t, "name"),
				Value: rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "value"),
			}
		}), 0, 4).Draw(t, "fields")
		return crdt.Set(rec, typ, fields...)
	default:
		kind := rapid.Uint8().Filter(func(k uint8) bool { return k != 1 && k != 2 }).Draw(t, "unknown kind")
		return crdt.Op{Kind: crdt.OpKind(kind), Raw: rapid.SliceOfN(rapid.Byte(), 0, 20).Draw(t, "raw")}
	}
}

// genBundle draws a valid bundle whose devices come from ids.
func genBundle(t *rapid.T, ids []crdt.Identity) *Bundle {
	sender := ids[rapid.IntRange(0, len(ids)-1).Draw(t, "sender")]
	b := &Bundle{
		Header: Header{
			SchemaVersion: rapid.Uint16().Draw(t, "schema"),
			Created: time.UnixMilli(rapid.Int64Range(-1e14, 1e14).Draw(t, "created")).
				Add(time.Duration(rapid.IntRange(0, 999_999).Draw(t, "ns"))),
			Sender:    sender.Device(),
			SenderKey: sender.Public(),
		},
		Keys: map[crdt.DeviceID]ed25519.PublicKey{},
	}
	if rapid.Bool().Draw(t, "vector") {
		b.Vector = crdt.Vector{}
		for i := rapid.IntRange(0, 5).Draw(t, "vector size"); i > 0; i-- {
			var d crdt.DeviceID
			copy(d[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "vector device"))
			b.Vector[d] = rapid.Uint64().Draw(t, "vector seq")
		}
	}
	if rapid.Bool().Draw(t, "sender key listed") {
		b.Keys[sender.Device()] = sender.Public()
	}
	seen := map[originSeq]bool{}
	for i := rapid.IntRange(0, 12).Draw(t, "changes"); i > 0; i-- {
		id := ids[rapid.IntRange(0, len(ids)-1).Draw(t, "origin")]
		seq := rapid.Uint64Range(1, math.MaxInt64).Draw(t, "seq")
		if seen[originSeq{id.Device(), seq}] {
			continue
		}
		seen[originSeq{id.Device(), seq}] = true
		c := crdt.Change{
			Seq: seq,
			HLC: crdt.Timestamp(rapid.Uint64Range(1, math.MaxInt64).Draw(t, "hlc")),
			Ops: rapid.SliceOfN(rapid.Custom(genOp), 0, 5).Draw(t, "ops"),
		}
		c.Sign(id)
		b.Changes = append(b.Changes, c)
		b.Keys[id.Device()] = id.Public()
	}
	if rapid.Bool().Draw(t, "extra key") {
		extra := ids[rapid.IntRange(0, len(ids)-1).Draw(t, "extra")]
		b.Keys[extra.Device()] = extra.Public()
	}
	return b
}

func TestRoundTripRandom(t *testing.T) {
	ids := make([]crdt.Identity, 5)
	for i := range ids {
		ids[i] = identity(t, byte(i))
	}
	rapid.Check(t, func(rt *rapid.T) {
		b := genBundle(rt, ids)
		data := encode(t, b)
		got, err := decode(data)
		if err != nil {
			rt.Fatalf("Decode: %v", err)
		}
		assertEqual(t, got, normalize(b))
		if err := Verify(got, nil); err != nil {
			rt.Fatalf("Verify: %v", err)
		}
		// The encoding is deterministic: re-encoding gives the same bytes.
		if again := encode(t, got); !bytes.Equal(again, data) {
			rt.Fatalf("re-encoding the decoded bundle gives different bytes")
		}
		h, err := ReadHeader(bytes.NewReader(data))
		if err != nil {
			rt.Fatalf("ReadHeader: %v", err)
		}
		if !reflect.DeepEqual(h, got.Header) {
			rt.Fatalf("ReadHeader = %+v, Decode header = %+v", h, got.Header)
		}
	})
}

// TestRoundTripSimulated round-trips the changes of a simulated editing
// session: colliding fields, unknown fields, types and op kinds.
func TestRoundTripSimulated(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		sim := crdttest.New(seed, 4, true)
		b := &Bundle{Keys: map[crdt.DeviceID]ed25519.PublicKey{}, Header: Header{Vector: crdt.Vector{}}}
		for i := 0; i < 400; i++ {
			d := sim.Rng.Intn(len(sim.Devices))
			b.Changes = append(b.Changes, sim.RandomChange(d))
			dev := sim.Devices[d]
			b.Keys[dev.ID.Device()] = dev.ID.Public()
			b.Vector[dev.ID.Device()] = dev.Seq
		}
		sender := sim.Devices[0].ID
		b.Sender, b.SenderKey = sender.Device(), sender.Public()
		b.Created = time.Now()
		var progress []int64
		var buf bytes.Buffer
		if err := Encode(&buf, b, sender.Private); err != nil {
			t.Fatal(err)
		}
		got, err := Decode(bytes.NewReader(buf.Bytes()), DecodeOptions{
			Progress: func(done, total int64) {
				if total != 400 {
					t.Errorf("progress total %d, want 400", total)
				}
				progress = append(progress, done)
			},
		})
		if err != nil {
			t.Fatalf("seed %d: Decode: %v", seed, err)
		}
		assertEqual(t, got, normalize(b))
		if len(progress) == 0 || progress[len(progress)-1] != 400 {
			t.Fatalf("progress calls %v: want a last call with done = 400", progress)
		}
		if err := Verify(got, nil); err != nil {
			t.Fatalf("seed %d: Verify: %v", seed, err)
		}
	}
}

func TestEmptyBundle(t *testing.T) {
	s := identity(t, 9)
	b := &Bundle{Header: Header{Sender: s.Device(), SenderKey: s.Public()}}
	got, err := decode(encode(t, b))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, got, normalize(b))
	if err := Verify(got, nil); err != nil {
		t.Fatal(err)
	}
}

// TestReadHeaderStopsAtHeader checks that ReadHeader leaves the stream
// just after the header.
func TestReadHeaderStopsAtHeader(t *testing.T) {
	data := encode(t, smallBundle(t))
	header := parts(t, data).header
	r := bytes.NewReader(data)
	h, err := ReadHeader(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := preambleSize + len(header) + sigSize; r.Len() != len(data)-want {
		t.Fatalf("ReadHeader consumed %d bytes, want %d", len(data)-r.Len(), want)
	}
	if h.Changes != 3 || h.SchemaVersion != 3 || h.Vector[identity(t, 1).Device()] != 7 {
		t.Fatalf("unexpected header %+v", h)
	}
}

func TestEncodeRefusesInvalidBundles(t *testing.T) {
	a := identity(t, 0)
	cases := map[string]func(b *Bundle){
		"sender id of another key": func(b *Bundle) { b.Sender = a.Device() },
		"no sender key":            func(b *Bundle) { b.SenderKey = nil },
		"key under the wrong id":   func(b *Bundle) { b.Keys[a.Device()] = identity(t, 1).Public() },
		"origin without key":       func(b *Bundle) { delete(b.Keys, a.Device()) },
		"unsigned change":          func(b *Bundle) { b.Changes[0].Sig = nil },
		"duplicate change":         func(b *Bundle) { b.Changes[2] = b.Changes[0] },
		"seq zero":                 func(b *Bundle) { b.Changes[0].Seq = 0 },
		"hlc zero":                 func(b *Bundle) { b.Changes[0].HLC = 0 },
		"nil record":               func(b *Bundle) { b.Changes[0].Ops[0].Record = uuid.Nil },
		"empty type":               func(b *Bundle) { b.Changes[0].Ops[0].Type = "" },
		"delete with fields": func(b *Bundle) {
			b.Changes[1].Ops[0].Fields = []crdt.Field{{Name: "x"}}
		},
		"long field name": func(b *Bundle) {
			b.Changes[0].Ops[0].Fields[0].Name = string(make([]byte, crdt.MaxNameLen+1))
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			b := smallBundle(t)
			mutate(b)
			if err := Encode(&bytes.Buffer{}, b, identity(t, 2).Private); !isFileError(err) {
				t.Fatalf("Encode = %v, want an error", err)
			}
		})
	}
	b := smallBundle(t)
	b.FormatVersion = FormatVersion + 1
	if err := Encode(&bytes.Buffer{}, b, identity(t, 2).Private); !isFileError(err) {
		t.Fatalf("Encode of format version %d = %v, want ErrVersion", FormatVersion+1, err)
	}
	if err := Encode(&bytes.Buffer{}, smallBundle(t), identity(t, 0).Private); !isFileError(err) {
		t.Fatalf("Encode with another device's key = %v, want an error", err)
	}
}

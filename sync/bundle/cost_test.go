package bundle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"

	"github.com/konbit/konbit/sync/crdt"
)

// allocated is how many bytes f allocates.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// emptyOpsBody is a change body of n unknown ops with empty bodies: 2
// bytes each encoded, an 88-byte crdt.Op each decoded.
func emptyOpsBody(n int) []byte {
	c := crdt.Change{Seq: 1, HLC: 1, Ops: make([]crdt.Op, n)}
	for i := range c.Ops {
		c.Ops[i].Kind = 99
	}
	return c.AppendBody(nil)
}

// emptyFieldsBody is a change body of one set op with n empty fields.
func emptyFieldsBody(n int) []byte {
	c := crdt.Change{Seq: 1, HLC: 1, Ops: []crdt.Op{crdt.Set(recordID(1), "t", make([]crdt.Field, n)...)}}
	return c.AppendBody(nil)
}

func TestDecodedCostBoundsDecodeBody(t *testing.T) {
	bodies := map[string][]byte{
		"bench change":  manyChanges(t, 1, 1000).Changes[0].AppendBody(nil),
		"small change":  smallBundle(t).Changes[0].AppendBody(nil),
		"empty ops":     emptyOpsBody(20000),
		"empty fields":  emptyFieldsBody(20000),
		"bad op count":  append(emptyOpsBody(20000)[:deviceSize+2], 0xff, 0xff, 0x01),
		"truncated ops": emptyOpsBody(20000)[:30000],
	}
	for name, body := range bodies {
		var err error
		got := allocated(func() { _, err = crdt.DecodeBody(body) })
		est := decodedCost(body)
		t.Logf("%s: %d bytes encoded, DecodeBody allocates %d (err %v), estimate %d", name, len(body), got, err, est)
		if est < got {
			t.Errorf("%s: estimate %d is below the %d bytes DecodeBody allocates", name, est, got)
		}
		if name == "bench change" && est > 2*got {
			t.Errorf("%s: estimate %d is more than twice the %d bytes DecodeBody allocates", name, est, got)
		}
	}
}

// TestAmplificationRefused: a small file whose body decodes to far more
// memory than its size (a change of many empty ops) fails with
// ErrTooLarge before DecodeBody allocates.
func TestAmplificationRefused(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	raw := inflate(t, p.body)
	keys := raw[:1+3*keySize]
	a := identity(t, 0)
	body := emptyOpsBody(200_000) // 400 kB encoded, 17.6 MB decoded
	origin := a.Device()
	copy(body[:deviceSize], origin[:])
	out := binary.AppendUvarint(bytes.Clone(keys), uint64(len(body)))
	out = append(out, body...)
	header := appendHeader(nil, &smallBundle(t).Header, 1)
	file := frame(FormatVersion, header, deflate(t, out), make([]byte, sigSize))
	if _, err := Decode(bytes.NewReader(file), DecodeOptions{MaxBytes: 1 << 20}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	// With room for it, it decodes.
	if _, err := Decode(bytes.NewReader(file), DecodeOptions{MaxBytes: 4 << 20}); err != nil {
		t.Fatalf("with a larger limit: %v", err)
	}
}

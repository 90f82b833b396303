package peer_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/peer"
)

// fuzzDecoder checks that a decoder never panics, fails only with
// ErrGarbage, and accepts only canonical input (decode then encode gives
// the input back).
func fuzzDecoder(f *testing.F, name string, seeds ...[]byte) {
	dec := peer.Decoders()[name]
	if dec == nil {
		f.Fatalf("no decoder %q", name)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, p []byte) {
		out, err := dec(p)
		if err != nil {
			if !errors.Is(err, peer.ErrGarbage) {
				t.Fatalf("error %v does not wrap ErrGarbage", err)
			}
			return
		}
		if !bytes.Equal(out, p) {
			t.Fatalf("accepted a non-canonical %s: %x re-encodes as %x", name, p, out)
		}
	})
}

func seedVector() []byte {
	var a, b crdt.DeviceID
	a[0], b[0] = 1, 2
	return peer.EncodeVectorMsg(crdt.Vector{a: 5, b: 300})
}

func FuzzDecodeHello(f *testing.F) {
	var id crdt.DeviceID
	id[3] = 9
	fuzzDecoder(f, "hello", peer.EncodeHello(peer.Hello{Version: 1, Device: id, Schema: 4, Name: "Marie's laptop"}))
}

func FuzzDecodeReason(f *testing.F) { fuzzDecoder(f, "reason", []byte{0, 3, 'a', 'b', 'c'}) }

func FuzzDecodeVector(f *testing.F) { fuzzDecoder(f, "vector", seedVector(), []byte{0}) }

func FuzzDecodeAck(f *testing.F) {
	fuzzDecoder(f, "ack", append([]byte{7}, seedVector()...), []byte{0, 0})
}

func FuzzDecodeCount(f *testing.F) { fuzzDecoder(f, "count", []byte{0}, []byte{0x80, 0x01}) }

func FuzzDecodePairHello(f *testing.F) {
	fuzzDecoder(f, "pairhello", []byte{0, 1, 0, 4, 'M', 'a', 'r', 'y'})
}

func FuzzDecodeNonce(f *testing.F) { fuzzDecoder(f, "nonce", make([]byte, 32)) }

func FuzzDecodeCode(f *testing.F) { fuzzDecoder(f, "code", []byte("012345"), []byte("12a456")) }

func FuzzDecodePairResult(f *testing.F) {
	fuzzDecoder(f, "pairresult", []byte{1, 0, 0}, []byte{0, 0, 10, 'w', 'r', 'o', 'n', 'g', ' ', 'c', 'o', 'd', 'e'})
}

// FuzzReadFrame checks the framing: no panic, no payload over the limit,
// and a frame read back is the frame written.
func FuzzReadFrame(f *testing.F) {
	f.Add([]byte{4, 0, 0, 0, 3, 1, 2, 3})
	f.Add([]byte{4, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, p []byte) {
		const max = 1 << 10
		typ, payload, err := peer.ReadFrame(bytes.NewReader(p), max)
		if err != nil {
			return
		}
		if len(payload) > max {
			t.Fatalf("payload of %d bytes over the %d limit", len(payload), max)
		}
		var buf bytes.Buffer
		peer.WriteFrame(&buf, typ, payload)
		if !bytes.Equal(buf.Bytes(), p[:buf.Len()]) {
			t.Fatalf("frame %x re-encodes as %x", p[:buf.Len()], buf.Bytes())
		}
	})
}

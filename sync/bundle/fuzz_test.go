package bundle

import (
	"bytes"
	"crypto/ed25519"
	"reflect"
	"testing"
	"time"

	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
)

// seedBundles are valid bundles of several shapes for the fuzz corpora.
func seedBundles(tb testing.TB) []*Bundle {
	s := identity(tb, 9)
	empty := &Bundle{Header: Header{Sender: s.Device(), SenderKey: s.Public(), Created: time.UnixMilli(1)}}

	sim := crdttest.New(7, 3, true)
	simulated := &Bundle{Keys: map[crdt.DeviceID]ed25519.PublicKey{}, Header: Header{Vector: crdt.Vector{}}}
	for i := 0; i < 12; i++ {
		d := i % len(sim.Devices)
		simulated.Changes = append(simulated.Changes, sim.RandomChange(d))
		dev := sim.Devices[d]
		simulated.Keys[dev.ID.Device()] = dev.ID.Public()
		simulated.Vector[dev.ID.Device()] = dev.Seq
	}
	simulated.Sender, simulated.SenderKey = sim.Devices[1].ID.Device(), sim.Devices[1].ID.Public()

	// Out-of-order sequence numbers exercise the duplicate set.
	unordered := smallBundle(tb)
	unordered.Changes[0], unordered.Changes[2] = unordered.Changes[2], unordered.Changes[0]

	return []*Bundle{smallBundle(tb), empty, simulated, unordered, manyChanges(tb, 8, 2)}
}

// checkDecode is the fuzz property: Decode does not panic, fails only
// with the package's errors, and what it accepts re-encodes to a file that
// decodes to the same bundle (and re-encodes to the same bytes).
func checkDecode(t *testing.T, data []byte) {
	b, err := Decode(bytes.NewReader(data), DecodeOptions{MaxBytes: 4 << 20})
	if err != nil {
		if !isFileError(err) {
			t.Fatalf("Decode failed with an error outside the package's kinds: %v", err)
		}
		return
	}
	_ = Verify(b, nil) // must not panic; forged signatures are expected
	if b.FormatVersion >= 2 && !b.Signed {
		t.Fatalf("Decode accepted a version %d header without a valid signature", b.FormatVersion)
	}
	// Re-encode in the file's version; a signed header verified, so its
	// sender is one of the test identities whose key signerOf finds.
	reencode := func(w *bytes.Buffer, b *Bundle) error {
		if b.FormatVersion < 2 {
			return encodeVersion(w, b, b.FormatVersion, nil)
		}
		key := signerOf(t, b.SenderKey)
		if key == nil {
			t.Fatalf("a signed header from an unknown sender %s", b.Sender.Short())
		}
		return Encode(w, b, key)
	}
	var once bytes.Buffer
	if err := reencode(&once, b); err != nil {
		t.Fatalf("re-encoding a decoded bundle: %v", err)
	}
	b2, err := Decode(bytes.NewReader(once.Bytes()), DecodeOptions{})
	if err != nil {
		t.Fatalf("decoding a re-encoded bundle: %v", err)
	}
	if !reflect.DeepEqual(b, b2) {
		t.Fatalf("decode(encode(b)) != b:\n  b: %+v\n b2: %+v", b, b2)
	}
	var twice bytes.Buffer
	if err := reencode(&twice, b2); err != nil || !bytes.Equal(once.Bytes(), twice.Bytes()) {
		t.Fatalf("encoding is not deterministic (err %v)", err)
	}
}

// FuzzDecode feeds arbitrary files to Decode. Each input is also tried
// with its last 32 bytes replaced by the right checksum, so that the
// fuzzer gets past the checksum and explores the structure.
func FuzzDecode(f *testing.F) {
	for _, b := range seedBundles(f) {
		data := encode(f, b)
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(encodeV1(f, b))
	}
	v3 := encode(f, smallBundle(f))
	v3[magicSize+1] = 3
	f.Add(rehash(v3))
	f.Add([]byte{})
	f.Add([]byte(Magic))
	f.Add([]byte("KONBIT\x1aB\x00\x01\x00\x00\x00\x3c"))
	f.Add([]byte("name,hours\nAna,12\n"))
	f.Add(bytes.Repeat([]byte{0xff}, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		if len(data) >= checksumSize {
			checkDecode(t, rehash(data))
		}
	})
}

// FuzzDecodeBody fuzzes the decompressed body: the input is compressed and
// framed with a valid header announcing count changes, count signatures
// and a correct checksum, so every input reaches the body parser.
func FuzzDecodeBody(f *testing.F) {
	for _, b := range seedBundles(f) {
		p := parts(f, encode(f, b))
		f.Add(uint8(len(b.Changes)), inflate(f, p.body))
	}
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{1})
	s := smallBundle(f)
	f.Fuzz(func(t *testing.T, count uint8, raw []byte) {
		header := appendHeader(nil, &s.Header, int(count))
		sigs := make([]byte, int(count)*sigSize)
		checkDecode(t, frame(FormatVersion, header, deflate(t, raw), sigs))
	})
}

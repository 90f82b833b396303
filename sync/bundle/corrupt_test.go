package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/konbit/konbit/sync/crdt"
)

func TestEveryTruncationFails(t *testing.T) {
	data := encode(t, smallBundle(t))
	for n := 0; n < len(data); n++ {
		_, err := decode(data[:n])
		if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrMalformed) {
			t.Fatalf("truncated to %d of %d bytes: got %v, want ErrTruncated, ErrChecksum or ErrMalformed", n, len(data), err)
		}
	}
	// Cut inside the checksum: the exact number of missing bytes is known.
	_, err := decode(data[:len(data)-10])
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "expected 10 more bytes") {
		t.Fatalf("cut 10 bytes short: got %v, want ErrTruncated saying 10 bytes are missing", err)
	}
	// Cut inside the body: the body length is known, so is what is missing.
	_, err = decode(data[:len(data)-40])
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), "expected 40 more bytes") {
		t.Fatalf("cut 40 bytes short: got %v, want ErrTruncated saying 40 bytes are missing", err)
	}
}

func TestEveryByteFlipFails(t *testing.T) {
	data := encode(t, smallBundle(t))
	for i := range data {
		for _, mask := range []byte{0xff, 0x01, 0x80} {
			bad := append([]byte(nil), data...)
			bad[i] ^= mask
			if _, err := decode(bad); !isFileError(err) {
				t.Fatalf("byte %d ^ %#x: got %v, want an error", i, mask, err)
			}
		}
	}
}

// TestDamagedBodyReportsChecksum checks that damage inside the compressed
// body is reported as a checksum mismatch, not as whatever structural
// error the damage happened to cause.
func TestDamagedBodyReportsChecksum(t *testing.T) {
	data := encode(t, smallBundle(t))
	p := parts(t, data)
	sigLenAt := p.bodyStart + len(p.body)
	for i := p.bodyStart; i < len(data); i++ {
		if i >= sigLenAt && i < sigLenAt+sigLenSize {
			continue // a damaged section length hides where the checksum is
		}
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x10
		if _, err := decode(bad); !errors.Is(err, ErrChecksum) {
			t.Fatalf("byte %d damaged: got %v, want ErrChecksum", i, err)
		}
	}
}

func TestTrailingGarbage(t *testing.T) {
	data := encode(t, smallBundle(t))
	_, err := decode(append(data, 0))
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "after the end") {
		t.Fatalf("got %v, want ErrMalformed about data after the end", err)
	}
}

func TestNotABundle(t *testing.T) {
	data := encode(t, smallBundle(t))
	bad := append([]byte(nil), data...)
	bad[0] = 'k'
	for _, in := range [][]byte{bad, []byte("name,hours\nAna,12\n"), []byte("PK\x03\x04"), {0}} {
		if _, err := decode(in); !errors.Is(err, ErrNotBundle) {
			t.Errorf("Decode(%q...) = %v, want ErrNotBundle", in[:min(len(in), 8)], err)
		}
		if _, err := ReadHeader(bytes.NewReader(in)); !errors.Is(err, ErrNotBundle) {
			t.Errorf("ReadHeader(%q...) = %v, want ErrNotBundle", in[:min(len(in), 8)], err)
		}
	}
	// An empty file, or a cut magic, is a truncated bundle.
	for _, in := range [][]byte{nil, []byte("KONB")} {
		if _, err := decode(in); !errors.Is(err, ErrTruncated) {
			t.Errorf("Decode(%q) = %v, want ErrTruncated", in, err)
		}
	}
}

func TestOtherFormatVersionRefused(t *testing.T) {
	data := encode(t, smallBundle(t))
	for _, v := range []uint16{3, 0, 300} {
		bad := append([]byte(nil), data...)
		binary.BigEndian.PutUint16(bad[magicSize:], v)
		bad = rehash(bad)
		for name, err := range map[string]error{
			"Decode":     func() error { _, err := decode(bad); return err }(),
			"ReadHeader": func() error { _, err := ReadHeader(bytes.NewReader(bad)); return err }(),
		} {
			if !errors.Is(err, ErrVersion) {
				t.Fatalf("%s of version %d: got %v, want ErrVersion", name, v, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "version "+strconv.Itoa(int(v))) || !strings.Contains(msg, "reads versions 1 to 2") {
				t.Fatalf("%s: message %q must name the file's version %d and the supported versions", name, msg, v)
			}
		}
	}
}

// TestZipBomb checks that a small file whose body decompresses to far more
// than MaxBytes fails with ErrTooLarge, whatever its content.
func TestZipBomb(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	raw := inflate(t, p.body)

	zeros := make([]byte, 16<<20)
	bombs := map[string][]byte{
		"zeros":                   deflate(t, zeros),
		"valid prefix then zeros": deflate(t, append(append([]byte(nil), raw...), zeros...)),
		// A key table, then a change claiming 16 MiB of zeros.
		"one huge change": deflate(t, append(binary.AppendUvarint(raw[:1+3*keySize:1+3*keySize], 16<<20), zeros...)),
	}
	for name, z := range bombs {
		file := frame(FormatVersion, p.header, z, p.sigs)
		if len(file) > 1<<20 {
			t.Fatalf("%s: bomb of %d bytes is not small", name, len(file))
		}
		_, err := Decode(bytes.NewReader(file), DecodeOptions{MaxBytes: 1 << 20})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s: got %v, want ErrTooLarge", name, err)
		}
	}

	// Exactly MaxBytes is fine; one byte less is too little.
	if _, err := Decode(bytes.NewReader(good), DecodeOptions{MaxBytes: int64(len(raw))}); err != nil {
		t.Fatalf("MaxBytes = body size: %v", err)
	}
	if _, err := Decode(bytes.NewReader(good), DecodeOptions{MaxBytes: int64(len(raw) - 1)}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("MaxBytes = body size - 1: got %v, want ErrTooLarge", err)
	}
}

// TestStructureRules checks rules of the body that a damaged file would
// rarely break, in files with a correct checksum.
func TestStructureRules(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	header, body, sigs := p.header, p.body, p.sigs
	raw := inflate(t, body)
	keys := raw[:1+3*keySize]
	changes := raw[len(keys):]

	withCount := func(h []byte, n int) []byte {
		h = append([]byte(nil), h...)
		return append(h[:len(h)-1], byte(n)) // change count is the last byte (< 128)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	key := func(i int) []byte { return keys[1+i*keySize : 1+(i+1)*keySize] }
	cases := map[string][]byte{
		"keys out of order":                frame(FormatVersion, header, deflate(t, cat([]byte{3}, key(1), key(0), key(2), changes)), sigs),
		"key twice":                        frame(FormatVersion, header, deflate(t, cat([]byte{4}, key(0), key(0), key(1), key(2), changes)), sigs),
		"sender key missing":               frame(FormatVersion, header, deflate(t, cat([]byte{0}, changes)), sigs),
		"origin key missing":               frame(FormatVersion, header, deflate(t, cat([]byte{1}, key(senderIndex(t, keys)), changes)), sigs),
		"more data after the changes":      frame(FormatVersion, header, deflate(t, cat(raw, []byte{0})), sigs),
		"fewer changes than announced":     frame(FormatVersion, withCount(header, 4), body, cat(sigs, sigs[:sigSize])),
		"more changes than announced":      frame(FormatVersion, withCount(header, 2), body, sigs[:2*sigSize]),
		"header with trailing byte":        frame(FormatVersion, cat(header, []byte{0}), body, sigs),
		"compressed data after the stream": frame(FormatVersion, header, cat(body, []byte{0}), sigs),
		"signature missing":                frame(FormatVersion, header, body, sigs[:2*sigSize]),
		"signature section too long":       frame(FormatVersion, header, body, cat(sigs, sigs[:1])),
	}
	// The same change twice.
	first := firstChangeLen(t, changes)
	cases["duplicate change"] = frame(FormatVersion, withCount(header, 4),
		deflate(t, cat(raw, changes[:first])), cat(sigs, sigs[:sigSize]))
	for name, file := range cases {
		_, err := decode(file)
		t.Logf("%s: %v", name, err)
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

// senderIndex is the position of the sender's key in a key table.
func senderIndex(t *testing.T, keys []byte) int {
	sender := identity(t, 2).Public()
	for i := 0; i < 3; i++ {
		if bytes.Equal(keys[1+i*keySize:1+(i+1)*keySize], sender) {
			return i
		}
	}
	t.Fatal("sender key not in table")
	return 0
}

// firstChangeLen is the encoded size of the first change of a raw body.
func firstChangeLen(t *testing.T, changes []byte) int {
	n, k := binary.Uvarint(changes)
	if k <= 0 {
		t.Fatal("bad varint")
	}
	return k + int(n)
}

func TestNonCanonicalChangeRefused(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	raw := inflate(t, p.body)
	keys := raw[:1+3*keySize]
	changes := raw[len(keys):]
	n, k := binary.Uvarint(changes)
	cbody := changes[k : k+int(n)]
	// Re-encode the seq (byte 16, a one-byte varint) in two bytes: the
	// change decodes to the same value but is not canonical.
	seq := cbody[deviceSize]
	long := append(append(append([]byte(nil), cbody[:deviceSize]...), seq|0x80, 0), cbody[deviceSize+1:]...)
	var out []byte
	out = append(out, keys...)
	out = binary.AppendUvarint(out, uint64(len(long)))
	out = append(out, long...)
	out = append(out, changes[k+int(n):]...)
	_, err := decode(frame(FormatVersion, p.header, deflate(t, out), p.sigs))
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "canonical") {
		t.Fatalf("got %v, want ErrMalformed about canonical form", err)
	}
}

func TestBadChangeBodyWrapsCrdtError(t *testing.T) {
	good := encode(t, smallBundle(t))
	p := parts(t, good)
	raw := inflate(t, p.body)
	keys := raw[:1+3*keySize]
	changes := raw[len(keys):]
	n, k := binary.Uvarint(changes)
	out := append(append([]byte(nil), raw[:len(keys)+k]...), changes[k:k+int(n)]...)
	out[len(keys)+k+deviceSize] = 0 // seq 0 is out of range
	out = append(out, changes[k+int(n):]...)
	_, err := decode(frame(FormatVersion, p.header, deflate(t, out), p.sigs))
	if !errors.Is(err, ErrMalformed) || !errors.Is(err, crdt.ErrMalformed) {
		t.Fatalf("got %v, want ErrMalformed wrapping crdt.ErrMalformed", err)
	}
}

// TestSlowReader decodes through a reader that returns one byte at a time.
func TestSlowReader(t *testing.T) {
	b := smallBundle(t)
	got, err := Decode(iotest.OneByteReader(bytes.NewReader(encode(t, b))), DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, got, normalize(b))
}

// TestReadError passes on the reader's own error.
func TestReadError(t *testing.T) {
	data := encode(t, smallBundle(t))
	boom := errors.New("disk on fire")
	_, err := Decode(iotest.DataErrReader(readerWithErr{bytes.NewReader(data[:100]), boom}), DecodeOptions{})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the reader's error", err)
	}
}

type readerWithErr struct {
	r   *bytes.Reader
	err error
}

func (r readerWithErr) Read(p []byte) (int, error) {
	n, _ := r.r.Read(p)
	if n == 0 {
		return 0, r.err
	}
	return n, nil
}

// TestLayout checks a file byte by byte against the layout documented in
// doc.go.
func TestLayout(t *testing.T) {
	b := smallBundle(t)
	data := encode(t, b)
	be := binary.BigEndian
	if string(data[:8]) != "KONBIT\x1aB" || be.Uint16(data[8:]) != 2 {
		t.Fatalf("preamble % x", data[:10])
	}
	h := int(be.Uint32(data[10:]))
	hdr := data[14 : 14+h]
	if be.Uint16(hdr) != 3 || int64(be.Uint64(hdr[2:])) != b.Created.UnixMilli() ||
		!bytes.Equal(hdr[10:26], b.Sender[:]) || !bytes.Equal(hdr[26:58], b.SenderKey) {
		t.Fatalf("header fields % x", hdr[:58])
	}
	if hdr[58] != 3 || hdr[len(hdr)-1] != 3 { // vector size, change count
		t.Fatalf("vector size %d, change count %d", hdr[58], hdr[len(hdr)-1])
	}
	msg := append([]byte("konbit/bundle-header/v2\x00"), data[:14+h]...)
	if !ed25519.Verify(b.SenderKey, msg, data[14+h:78+h]) {
		t.Fatal("header signature does not verify")
	}
	bl := int(be.Uint64(data[78+h:]))
	raw := inflate(t, data[86+h:86+h+bl])
	if raw[0] != 3 || len(raw) < 1+3*keySize {
		t.Fatalf("key table")
	}
	s := int(be.Uint64(data[86+h+bl:]))
	if s != 3*64 || !bytes.Equal(data[94+h+bl:94+h+bl+64], b.Changes[0].Sig) {
		t.Fatalf("signature section of %d bytes", s)
	}
	if len(data) != 126+h+bl+s {
		t.Fatalf("file of %d bytes, layout says %d", len(data), 126+h+bl+s)
	}
	if !bytes.Equal(rehash(data), data) {
		t.Fatal("checksum is not the SHA-256 of the preceding bytes")
	}
	// A malformed header is reported by ReadHeader too.
	p := parts(t, data)
	bad := frame(FormatVersion, append(bytes.Clone(p.header), 0), p.body, p.sigs)
	if _, err := ReadHeader(bytes.NewReader(bad)); !errors.Is(err, ErrMalformed) {
		t.Fatalf("ReadHeader of a header with a trailing byte: %v", err)
	}
}

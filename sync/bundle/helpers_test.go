package bundle

import (
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
	"github.com/konbit/konbit/sync/crdt/crdttest"
)

// identity returns a reproducible identity for test device n.
func identity(t testing.TB, n byte) crdt.Identity {
	t.Helper()
	seed := bytes.Repeat([]byte{n + 1}, ed25519.SeedSize)
	id, err := crdt.IdentityFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// signed builds and signs a change of id.
func signed(id crdt.Identity, seq uint64, ms int64, ops ...crdt.Op) crdt.Change {
	c := crdt.Change{Seq: seq, HLC: crdt.MakeTimestamp(ms, 0), Ops: ops}
	c.Sign(id)
	return c
}

// recordID is a reproducible non-nil record id.
func recordID(n int) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[8:], uint64(n)+1)
	u[6] = 0x70
	return u
}

// smallBundle is a valid bundle of three changes by two origins, sent by
// a third device, with every op kind.
func smallBundle(t testing.TB) *Bundle {
	t.Helper()
	a, b, s := identity(t, 0), identity(t, 1), identity(t, 2)
	return &Bundle{
		Header: Header{
			SchemaVersion: 3,
			Created:       time.UnixMilli(1_760_000_000_123).UTC(),
			Sender:        s.Device(),
			SenderKey:     s.Public(),
			Vector:        crdt.Vector{a.Device(): 1, b.Device(): 7, s.Device(): 0},
		},
		Keys: map[crdt.DeviceID]ed25519.PublicKey{a.Device(): a.Public(), b.Device(): b.Public()},
		Changes: []crdt.Change{
			signed(a, 1, 1_760_000_000_000, crdt.Set(recordID(1), "member",
				crdt.Field{Name: "name", Value: []byte(`"Ana"`)}, crdt.Field{Name: "hours", Value: []byte(`12`)})),
			signed(b, 7, 1_760_000_000_500, crdt.Delete(recordID(1), "member"),
				crdt.Op{Kind: 42, Raw: []byte("future op")}),
			signed(a, 2, 1_760_000_001_000, crdt.Set(recordID(2), "committee",
				crdt.Field{Name: "x-new", Value: nil})),
		},
	}
}

// encode encodes b or fails the test.
func encode(t testing.TB, b *Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, b, signerOf(t, b.SenderKey)); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// encodeV1 writes b in format version 1 (unsigned header), as older
// Konbits did.
func encodeV1(t testing.TB, b *Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := encodeVersion(&buf, b, 1, nil); err != nil {
		t.Fatalf("encode v1: %v", err)
	}
	return buf.Bytes()
}

// signerOf finds the private key of a test identity (identity(n) or a
// simulated device of the fuzz seeds) from its public key, or nil.
func signerOf(t testing.TB, pub ed25519.PublicKey) ed25519.PrivateKey {
	for n := 0; n < 16; n++ {
		id, _ := crdt.IdentityFromSeed(bytes.Repeat([]byte{byte(n) + 1}, ed25519.SeedSize))
		if id.Public().Equal(pub) {
			return id.Private
		}
	}
	for _, d := range crdttest.New(7, 3, true).Devices {
		if d.ID.Public().Equal(pub) {
			return d.ID.Private
		}
	}
	return nil
}

// decode decodes data with default options.
func decode(data []byte) (*Bundle, error) {
	return Decode(bytes.NewReader(data), DecodeOptions{})
}

// normalize returns the form Decode gives of what Encode was handed:
// version set, sender key in Keys, ms UTC time, empty rather than nil
// vector, no Raw on known ops, non-nil field values, nil empty slices.
func normalize(in *Bundle) *Bundle {
	b := *in
	b.FormatVersion = FormatVersion
	b.Signed = true
	b.Changes = nil
	b.Header.Changes = len(in.Changes)
	b.Created = time.UnixMilli(in.Created.UnixMilli()).UTC()
	b.Vector = crdt.Vector{}
	for k, v := range in.Vector {
		b.Vector[k] = v
	}
	b.Keys = map[crdt.DeviceID]ed25519.PublicKey{b.Sender: b.SenderKey}
	for k, v := range in.Keys {
		b.Keys[k] = v
	}
	for _, c := range in.Changes {
		var ops []crdt.Op
		for _, op := range c.Ops {
			if op.Known() {
				op.Raw = nil
				var fs []crdt.Field
				for _, f := range op.Fields {
					fs = append(fs, crdt.Field{Name: f.Name, Value: append([]byte{}, f.Value...)})
				}
				op.Fields = fs
			} else {
				op = crdt.Op{Kind: op.Kind, Raw: append([]byte(nil), op.Raw...)}
				if len(op.Raw) == 0 {
					op.Raw = nil
				}
			}
			ops = append(ops, op)
		}
		c.Ops = ops
		b.Changes = append(b.Changes, c)
	}
	return &b
}

// assertEqual fails if two bundles differ.
func assertEqual(t testing.TB, got, want *Bundle) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("bundles differ:\n got: %+v\nwant: %+v", got, want)
	}
}

// rehash replaces the last 32 bytes of a file by the SHA-256 of the rest.
func rehash(data []byte) []byte {
	out := append([]byte(nil), data...)
	if len(out) < checksumSize {
		return out
	}
	sum := sha256.Sum256(out[:len(out)-checksumSize])
	copy(out[len(out)-checksumSize:], sum[:])
	return out
}

// deflate compresses raw at the encoder's level.
func deflate(t testing.TB, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, compressionLevel)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inflate decompresses a DEFLATE stream.
func inflate(t testing.TB, z []byte) []byte {
	t.Helper()
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// frame assembles a file from its parts, with a correct checksum. A
// version 2 header is signed when its sender is a test identity (else the
// signature is zeros).
func frame(version uint16, header, compressedBody, sigs []byte) []byte {
	var f []byte
	f = append(f, Magic...)
	f = binary.BigEndian.AppendUint16(f, version)
	f = binary.BigEndian.AppendUint32(f, uint32(len(header)))
	f = append(f, header...)
	if version >= 2 {
		sig := make([]byte, sigSize)
		if len(header) >= 2+8+deviceSize+keySize {
			if key := signerOf(nil, header[2+8+deviceSize:2+8+deviceSize+keySize]); key != nil {
				sig = ed25519.Sign(key, headerSigningBytes(version, header))
			}
		}
		f = append(f, sig...)
	}
	f = binary.BigEndian.AppendUint64(f, uint64(len(compressedBody)))
	f = append(f, compressedBody...)
	f = binary.BigEndian.AppendUint64(f, uint64(len(sigs)))
	f = append(f, sigs...)
	sum := sha256.Sum256(f)
	return append(f, sum[:]...)
}

// fileParts are the sections of a file.
type fileParts struct {
	header, body, sigs []byte
	bodyStart          int // offset of the compressed body in the file
}

// parts splits a valid file into its sections.
func parts(t testing.TB, file []byte) fileParts {
	t.Helper()
	hlen := int(binary.BigEndian.Uint32(file[magicSize+2:]))
	hsig := 0
	if binary.BigEndian.Uint16(file[magicSize:]) >= 2 {
		hsig = sigSize
	}
	p := fileParts{header: file[preambleSize : preambleSize+hlen], bodyStart: preambleSize + hlen + hsig + bodyLenSize}
	blen := int(binary.BigEndian.Uint64(file[p.bodyStart-bodyLenSize:]))
	p.body = file[p.bodyStart : p.bodyStart+blen]
	slen := int(binary.BigEndian.Uint64(file[p.bodyStart+blen:]))
	p.sigs = file[p.bodyStart+blen+sigLenSize : p.bodyStart+blen+sigLenSize+slen]
	return p
}

// isFileError reports whether err wraps one of the sentinels Decode may
// return on bytes from memory.
func isFileError(err error) bool {
	for _, e := range []error{ErrNotBundle, ErrVersion, ErrTruncated, ErrChecksum, ErrMalformed, ErrTooLarge, ErrSignature} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

package bundle

import (
	"crypto/ed25519"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// FormatVersion is the version of the file format this package writes.
// It reads it and every version from MinFormatVersion up; a file with
// another version is refused with ErrVersion. (The domain schema has its
// own version, Header.SchemaVersion.)
//
// Version 2 signs the header with the sender's key; version 1 files are
// still read, with Header.Signed false.
const FormatVersion = 2

// MinFormatVersion is the oldest format version this package reads.
const MinFormatVersion = 1

// headerSigningDomain separates header signatures from any other use of a
// device key (changes are signed under "konbit/change/v1").
const headerSigningDomain = "konbit/bundle-header/v2\x00"

// Magic is the 8 bytes every bundle file starts with. As in PNG's
// signature, the 0x1a byte (Ctrl-Z) marks the file as binary.
const Magic = "KONBIT\x1aB"

// DefaultMaxBytes is the cap on the decompressed body size that Decode
// applies when DecodeOptions.MaxBytes is zero or negative: 1 GiB.
const DefaultMaxBytes = 1 << 30

// Sizes of the fixed parts of the format.
const (
	magicSize    = 8                 // len(Magic)
	preambleSize = magicSize + 2 + 4 // magic, format version, header length
	bodyLenSize  = 8
	sigLenSize   = 8
	// minTail is the least a file holds after its header.
	minTail      = bodyLenSize + sigLenSize + checksumSize
	checksumSize = 32 // SHA-256
	keySize      = ed25519.PublicKeySize
	sigSize      = ed25519.SignatureSize
	deviceSize   = 16 // len(crdt.DeviceID{})

	// maxHeaderLen caps the header (a million-device version vector would
	// take about 20 MB; real ones hold a few dozen devices).
	maxHeaderLen = 16 << 20
	// minHeaderLen is the size of a header with an empty vector.
	minHeaderLen = 2 + 8 + deviceSize + keySize + 1 + 1
	// minChangeSize is the smallest encoded change in the body: a 1-byte
	// length and the smallest crdt body (origin, seq, hlc, op count).
	minChangeSize = 1 + deviceSize + 3
)

// Header is the uncompressed start of a bundle: who wrote it, when, what it
// had, and how many changes follow. ReadHeader reads it alone.
type Header struct {
	// FormatVersion is the file format version. Decode and ReadHeader set
	// it to the file's version; Encode accepts 0 or any version it reads
	// and always writes FormatVersion.
	FormatVersion uint16
	// Signed reports that the header (all of it: created, sender, vector,
	// change count) carries a valid signature by SenderKey, as every
	// format version 2 file does. Decode and ReadHeader set it; a version
	// 1 header is unsigned, and callers must then ignore Created and
	// Vector: anyone could have written them. Encode ignores it.
	Signed bool
	// SchemaVersion is the domain schema version of the sender. Callers
	// accept newer ones: unknown fields are stored and forwarded.
	SchemaVersion uint16
	// Created is when the bundle was written, stored at millisecond
	// precision and decoded in UTC (trust it only if Signed).
	Created time.Time
	// Sender is the device that wrote the bundle; it must be the device id
	// of SenderKey.
	Sender crdt.DeviceID
	// SenderKey is the sender's Ed25519 public key.
	SenderKey ed25519.PublicKey
	// Vector is the sender's version vector when it wrote the bundle
	// (trust it only if Signed).
	Vector crdt.Vector
	// Changes is the number of changes in the body. Encode ignores the
	// field and writes len(Bundle.Changes).
	Changes int
}

// Bundle is the content of a bundle file: a header, the public keys needed
// to check the changes' signatures, and the changes.
type Bundle struct {
	Header
	// Keys holds the public key of every origin of Changes, and of the
	// sender, by device id. Encode adds the sender's key if it is missing;
	// Decode returns exactly the file's key table (which holds it).
	Keys map[crdt.DeviceID]ed25519.PublicKey
	// Changes are the changes carried, each with Sig set, in file order.
	// No two share an (origin, seq) pair.
	Changes []crdt.Change
}

// DecodeOptions tunes Decode.
type DecodeOptions struct {
	// MaxBytes caps the decompressed body size, against zip bombs; zero
	// or negative means DefaultMaxBytes. A larger body fails with
	// ErrTooLarge. Decoded changes take 3 to 6 times their encoded size in
	// memory; Decode also fails with ErrTooLarge, before allocating, if
	// they would take more than 8 × MaxBytes, so that a crafted body
	// (say, of millions of empty ops) cannot cost much more memory than a
	// genuine one of the same size.
	MaxBytes int64
	// Progress, if set, is called on the calling goroutine while changes
	// are read: after every 1024th change and after the last one, with
	// the number of changes read and the number in the bundle.
	Progress func(done, total int64)
}

// headerSigningBytes is the message a version 2 header signature signs:
// a domain tag, the preamble (magic, format version, header length) and
// the header bytes.
func headerSigningBytes(version uint16, header []byte) []byte {
	msg := make([]byte, 0, len(headerSigningDomain)+preambleSize+len(header))
	msg = append(msg, headerSigningDomain...)
	msg = append(msg, Magic...)
	msg = binary.BigEndian.AppendUint16(msg, version)
	msg = binary.BigEndian.AppendUint32(msg, uint32(len(header)))
	return append(msg, header...)
}

// originSeq identifies a change.
type originSeq struct {
	origin crdt.DeviceID
	seq    uint64
}

// appendHeader appends the header bytes (the part counted by the header
// length): schema version, created, sender, sender key, vector, change count.
func appendHeader(b []byte, h *Header, changes int) []byte {
	b = binary.BigEndian.AppendUint16(b, h.SchemaVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(h.Created.UnixMilli()))
	b = append(b, h.Sender[:]...)
	b = append(b, h.SenderKey...)
	b = binary.AppendUvarint(b, uint64(len(h.Vector)))
	for _, d := range h.Vector.Devices() {
		b = append(b, d[:]...)
		b = binary.AppendUvarint(b, h.Vector[d])
	}
	return binary.AppendUvarint(b, uint64(changes))
}

// parseHeader parses the header bytes written by appendHeader. It accepts
// only the canonical form: sorted unique vector devices, minimal varints,
// no trailing bytes, and a sender id that matches the sender key.
func parseHeader(p []byte) (Header, error) {
	c := cursor{b: p}
	h := Header{FormatVersion: FormatVersion}
	h.SchemaVersion = binary.BigEndian.Uint16(c.fixed(2, "schema version"))
	h.Created = time.UnixMilli(int64(binary.BigEndian.Uint64(c.fixed(8, "creation time")))).UTC()
	copy(h.Sender[:], c.fixed(deviceSize, "sender device id"))
	h.SenderKey = ed25519.PublicKey(append([]byte(nil), c.fixed(keySize, "sender key")...))
	n := c.uvarint("vector size")
	if c.err == nil && n > uint64(c.left()/(deviceSize+1)) {
		c.fail("version vector claims %d devices, more than the header can hold", n)
	}
	if c.err == nil {
		h.Vector = make(crdt.Vector, n)
	}
	var prev crdt.DeviceID
	for i := uint64(0); i < n && c.err == nil; i++ {
		var d crdt.DeviceID
		copy(d[:], c.fixed(deviceSize, "vector device id"))
		seq := c.uvarint("vector sequence number")
		if c.err == nil && i > 0 && d.Compare(prev) <= 0 {
			c.fail("version vector devices are not in strictly increasing order at entry %d", i)
		}
		h.Vector[d], prev = seq, d
	}
	count := c.uvarint("change count")
	if c.err == nil && count > math.MaxInt {
		c.fail("change count %d is out of range", count)
	}
	h.Changes = int(count)
	if c.err == nil && c.left() > 0 {
		c.fail("%s too many at the end of the header", byteCount(c.left()))
	}
	if c.err != nil {
		return Header{}, malformed("header: %v", c.err)
	}
	if crdt.DeviceIDFromPublicKey(h.SenderKey) != h.Sender {
		return Header{}, malformed("header: sender device id %s does not belong to the sender key", h.Sender.Short())
	}
	return h, nil
}

// cursor is a bounds-checked reader of an in-memory byte slice; the first
// error sticks and later reads return zero values.
type cursor struct {
	b   []byte
	off int
	err error
}

func (c *cursor) left() int { return len(c.b) - c.off }

func (c *cursor) fail(format string, a ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, a...)
	}
}

// fixed returns the next n bytes (zeros after an error, so callers can
// index the result without checking).
func (c *cursor) fixed(n int, what string) []byte {
	if c.err == nil && n > c.left() {
		c.fail("%s needs %d bytes at offset %d, only %d left", what, n, c.off, c.left())
	}
	if c.err != nil {
		return make([]byte, n)
	}
	s := c.b[c.off : c.off+n]
	c.off += n
	return s
}

// uvarint reads a minimally encoded unsigned varint.
func (c *cursor) uvarint(what string) uint64 {
	if c.err != nil {
		return 0
	}
	v, n := binary.Uvarint(c.b[c.off:])
	if n <= 0 {
		c.fail("%s: bad varint at offset %d", what, c.off)
		return 0
	}
	if n != uvarintLen(v) {
		c.fail("%s: varint at offset %d is not minimally encoded", what, c.off)
		return 0
	}
	c.off += n
	return v
}

// uvarintLen is the length of the minimal varint encoding of v.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

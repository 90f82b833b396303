package bundle

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/google/uuid"
	"github.com/konbit/konbit/sync/crdt"
)

// compressionLevel is the DEFLATE level of the body. On the benchmark
// bundle (500 changes of 100 ops) BestSpeed compresses the body 3.43:1,
// within 1% of the default level (3.46:1) in about half the time, and
// BestCompression gains 3% at 12 times the cost (BenchmarkCompressionLevel):
// the random bits of record ids and the keys compress at no level.
const compressionLevel = flate.BestSpeed

// Encode writes b as a complete bundle file to w. It writes
// len(b.Changes) as the change count (b.Header.Changes is ignored), adds
// the sender's key to the key table if b.Keys lacks it, and does not
// modify b. It refuses, with ErrMalformed, a bundle that Decode would
// reject: a sender id or Keys entry that does not match its key, a change
// whose origin has no key, without a signature, duplicating another's
// (origin, seq), or that crdt.DecodeBody would not accept. The body is
// compressed in memory before anything is written.
//
// key is the sender's private key: it signs the header, so that a
// receiver can act on the header's clock and vector. It must be the key
// of b.SenderKey.
func Encode(w io.Writer, b *Bundle, key ed25519.PrivateKey) error {
	if b == nil {
		return malformed("cannot encode a nil bundle")
	}
	if len(key) != ed25519.PrivateKeySize || !key.Public().(ed25519.PublicKey).Equal(b.SenderKey) {
		return malformed("the signing key given is not the sender's key")
	}
	return encodeVersion(w, b, FormatVersion, func(msg []byte) []byte { return ed25519.Sign(key, msg) })
}

// encodeVersion writes b in the given format version; sign signs the header
// (version 2 and up).
func encodeVersion(w io.Writer, b *Bundle, version uint16, sign func(msg []byte) []byte) error {
	if b == nil {
		return malformed("cannot encode a nil bundle")
	}
	if b.FormatVersion != 0 && (b.FormatVersion < MinFormatVersion || b.FormatVersion > FormatVersion) {
		return fmt.Errorf("%w: cannot write format version %d, this build writes version %d",
			ErrVersion, b.FormatVersion, FormatVersion)
	}
	keys, err := keyTable(b)
	if err != nil {
		return err
	}
	if err := checkChanges(b); err != nil {
		return err
	}

	header := appendHeader(nil, &b.Header, len(b.Changes))
	if len(header) > maxHeaderLen {
		return fmt.Errorf("%w: header of %d bytes (version vector of %d devices) exceeds the limit of %d bytes",
			ErrTooLarge, len(header), len(b.Vector), maxHeaderLen)
	}
	body, err := compressBody(keys, b.Changes, compressionLevel)
	if err != nil {
		return err
	}

	// The whole file but the checksum goes through the hash.
	bw := bufio.NewWriterSize(w, 64<<10)
	h := sha256.New()
	hw := io.MultiWriter(bw, h)
	pre := make([]byte, 0, preambleSize+bodyLenSize)
	pre = append(pre, Magic...)
	pre = binary.BigEndian.AppendUint16(pre, version)
	pre = binary.BigEndian.AppendUint32(pre, uint32(len(header)))
	if _, err := hw.Write(pre); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if _, err := hw.Write(header); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if version >= 2 {
		if _, err := hw.Write(sign(headerSigningBytes(version, header))); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
	}
	if _, err := hw.Write(binary.BigEndian.AppendUint64(pre[:0], uint64(len(body)))); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if _, err := hw.Write(body); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if _, err := hw.Write(binary.BigEndian.AppendUint64(pre[:0], uint64(len(b.Changes))*sigSize)); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	for i := range b.Changes {
		if _, err := hw.Write(b.Changes[i].Sig); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
	}
	if _, err := bw.Write(h.Sum(nil)); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	return nil
}

// compressBody builds the DEFLATE-compressed body: the key table, then
// every change as uvarint body length and canonical body. (Signatures,
// which do not compress, go in their own section.)
func compressBody(keys []ed25519.PublicKey, changes []crdt.Change, level int) ([]byte, error) {
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, level)
	if err != nil {
		return nil, fmt.Errorf("encode bundle: %w", err)
	}
	const flushAt = 64 << 10
	buf := make([]byte, 0, flushAt+8<<10)
	buf = binary.AppendUvarint(buf, uint64(len(keys)))
	for _, k := range keys {
		buf = append(buf, k...)
	}
	var body []byte
	for i := range changes {
		c := &changes[i]
		body = c.AppendBody(body[:0])
		buf = binary.AppendUvarint(buf, uint64(len(body)))
		buf = append(buf, body...)
		if len(buf) >= flushAt {
			if _, err := fw.Write(buf); err != nil {
				return nil, fmt.Errorf("encode bundle: %w", err)
			}
			buf = buf[:0]
		}
	}
	if _, err := fw.Write(buf); err != nil {
		return nil, fmt.Errorf("encode bundle: %w", err)
	}
	if err := fw.Close(); err != nil {
		return nil, fmt.Errorf("encode bundle: %w", err)
	}
	return out.Bytes(), nil
}

// keyTable checks the sender and b.Keys and returns the key table to
// write: b.Keys plus the sender's key, sorted by device id.
func keyTable(b *Bundle) ([]ed25519.PublicKey, error) {
	if len(b.SenderKey) != keySize {
		return nil, malformed("sender key is %d bytes, want %d", len(b.SenderKey), keySize)
	}
	if crdt.DeviceIDFromPublicKey(b.SenderKey) != b.Sender {
		return nil, malformed("sender device id %s does not belong to the sender key", b.Sender.Short())
	}
	ids := make([]crdt.DeviceID, 0, len(b.Keys)+1)
	for id, k := range b.Keys {
		if len(k) != keySize {
			return nil, malformed("key of device %s is %d bytes, want %d", id.Short(), len(k), keySize)
		}
		if crdt.DeviceIDFromPublicKey(k) != id {
			return nil, malformed("key listed for device %s belongs to device %s",
				id.Short(), crdt.DeviceIDFromPublicKey(k).Short())
		}
		ids = append(ids, id)
	}
	if _, ok := b.Keys[b.Sender]; !ok {
		ids = append(ids, b.Sender)
	}
	slices.SortFunc(ids, crdt.DeviceID.Compare)
	keys := make([]ed25519.PublicKey, len(ids))
	for i, id := range ids {
		if k, ok := b.Keys[id]; ok {
			keys[i] = k
		} else {
			keys[i] = b.SenderKey
		}
	}
	return keys, nil
}

// checkChanges refuses changes that Decode would reject.
func checkChanges(b *Bundle) error {
	seen := make(map[originSeq]struct{}, len(b.Changes))
	for i := range b.Changes {
		c := &b.Changes[i]
		if err := checkChange(c); err != nil {
			return fmt.Errorf("%w: change %d (%s/%d): %v", ErrMalformed, i, c.Origin.Short(), c.Seq, err)
		}
		if _, ok := b.Keys[c.Origin]; !ok && c.Origin != b.Sender {
			return malformed("change %d (%s/%d): no key for its origin device in Keys", i, c.Origin.Short(), c.Seq)
		}
		k := originSeq{c.Origin, c.Seq}
		if _, dup := seen[k]; dup {
			return malformed("change %d (%s/%d) appears twice", i, c.Origin.Short(), c.Seq)
		}
		seen[k] = struct{}{}
	}
	return nil
}

// checkChange mirrors the rules of crdt.DecodeBody, so that Encode never
// writes a change the receiver cannot decode.
func checkChange(c *crdt.Change) error {
	if len(c.Sig) != sigSize {
		return fmt.Errorf("signature is %d bytes, want %d (is the change signed?)", len(c.Sig), sigSize)
	}
	if c.Seq == 0 || c.Seq > math.MaxInt64 {
		return fmt.Errorf("sequence number %d out of range", c.Seq)
	}
	if c.HLC == 0 || uint64(c.HLC) > math.MaxInt64 {
		return fmt.Errorf("timestamp %d out of range", uint64(c.HLC))
	}
	for j := range c.Ops {
		op := &c.Ops[j]
		if !op.Known() {
			continue
		}
		switch {
		case op.Record == uuid.Nil:
			return fmt.Errorf("op %d: nil record id", j)
		case op.Type == "":
			return fmt.Errorf("op %d: empty record type", j)
		case len(op.Type) > crdt.MaxNameLen:
			return fmt.Errorf("op %d: record type of %d bytes exceeds %d", j, len(op.Type), crdt.MaxNameLen)
		case op.Kind == crdt.OpDelete && len(op.Fields) > 0:
			return fmt.Errorf("op %d: delete carries fields", j)
		}
		for _, f := range op.Fields {
			if len(f.Name) > crdt.MaxNameLen {
				return fmt.Errorf("op %d: field name of %d bytes exceeds %d", j, len(f.Name), crdt.MaxNameLen)
			}
			if len(f.Value) > crdt.MaxValueLen {
				return fmt.Errorf("op %d: field %q: value of %d bytes exceeds %d", j, f.Name, len(f.Value), crdt.MaxValueLen)
			}
		}
	}
	return nil
}

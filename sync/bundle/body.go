package bundle

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/konbit/konbit/sync/crdt"
)

// budget caps the decompressed body at max bytes.
type budget struct {
	r    io.Reader
	left int64
	max  int64
	one  [1]byte
}

func (b *budget) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: fine if the stream ends here, too large otherwise.
		n, err := b.r.Read(b.one[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: the body decompresses to more than the limit of %d bytes", ErrTooLarge, b.max)
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// bodyReader reads the decompressed body.
type bodyReader struct {
	br  *bufio.Reader
	bud *budget
}

func newBodyReader(src *source, maxBytes int64) *bodyReader {
	bud := &budget{r: flate.NewReader(src), left: maxBytes, max: maxBytes}
	return &bodyReader{br: bufio.NewReaderSize(bud, 64<<10), bud: bud}
}

// remaining is how many more decompressed bytes the budget allows.
func (r *bodyReader) remaining() int64 { return r.bud.left + int64(r.br.Buffered()) }

// Errors of bodyReader.uvarint.
var (
	errOverlong = errors.New("varint is not minimally encoded")
	errOverflow = errors.New("varint overflows 64 bits")
)

// uvarint reads a minimally encoded varint.
func (r *bodyReader) uvarint() (uint64, error) {
	var x uint64
	for i := 0; i < binary.MaxVarintLen64; i++ {
		b, err := r.br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, errOverflow
			}
			if b == 0 && i > 0 {
				return 0, errOverlong
			}
			return x | uint64(b)<<(7*i), nil
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, errOverflow
}

// bodyErr gives context (what was being read) to an error reading the
// decompressed body.
func bodyErr(what string, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, ErrTruncated), errors.Is(err, ErrTooLarge):
		return err
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return malformed("body ends early, in the %s (its compressed data ends early or runs past its declared length)", what)
	case errors.As(err, &corrupt):
		return malformed("compressed body is corrupt at byte %d of it", int64(corrupt))
	case err == errOverlong || err == errOverflow:
		return malformed("%s: %v", what, err)
	}
	return err
}

// readN reads exactly n bytes into buf (reused when big enough). Beyond
// 1 MiB it grows the buffer only as data arrives, so a bogus length cannot
// make it allocate more than 1 MiB or twice what the input really holds.
func readN(r io.Reader, buf []byte, n int) ([]byte, error) {
	const step = 1 << 20
	if n <= cap(buf) || n <= step {
		if n > cap(buf) {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		_, err := io.ReadFull(r, buf)
		return buf, err
	}
	buf = buf[:0]
	for len(buf) < n {
		chunk := min(n-len(buf), max(len(buf), step))
		if cap(buf)-len(buf) < chunk {
			buf = append(make([]byte, 0, len(buf)+chunk), buf...)
		}
		if _, err := io.ReadFull(r, buf[len(buf):len(buf)+chunk]); err != nil {
			return nil, err
		}
		buf = buf[:len(buf)+chunk]
	}
	return buf, nil
}

// progressEvery is how many changes Decode reads between Progress calls.
const progressEvery = 1024

// originState tracks the sequence numbers of one origin's changes, to
// find duplicates without a set of every change: while an origin's
// changes come in increasing order (as writers emit them) the last one
// suffices; after a step back, a set of its sequence numbers is used.
type originState struct {
	last uint64
	seqs map[uint64]struct{} // nil while in increasing order
}

// decodeBody decompresses and parses the body (key table and change
// bodies); the changes it returns have no signatures yet. src is limited
// to the compressed body, which r decompresses.
func decodeBody(src *source, r *bodyReader, hdr Header, progress func(done, total int64)) (*Bundle, error) {
	maxBytes := r.bud.max
	if int64(hdr.Changes) > maxBytes/minChangeSize {
		return nil, fmt.Errorf("%w: the header announces %d changes, which cannot fit in the limit of %d decompressed bytes",
			ErrTooLarge, hdr.Changes, maxBytes)
	}
	keys, err := readKeys(r, hdr)
	if err != nil {
		return nil, err
	}

	b := &Bundle{Header: hdr, Keys: keys}
	n := hdr.Changes
	if n > 0 {
		// Grow from a bounded start: the count is not trusted yet.
		b.Changes = make([]crdt.Change, 0, min(n, 1<<14))
	}
	origins := make(map[crdt.DeviceID]*originState, len(keys))
	memLimit, mem := int64(math.MaxInt64), int64(0)
	if maxBytes <= math.MaxInt64/memFactor {
		memLimit = maxBytes * memFactor
	}
	var body, canon []byte
	for i := 0; i < n; i++ {
		size, err := r.uvarint()
		if err != nil {
			return nil, bodyErr(fmt.Sprintf("length of change %d", i), err)
		}
		if size > uint64(r.remaining()) {
			return nil, fmt.Errorf("%w: change %d claims %d bytes, over the limit of %d decompressed bytes",
				ErrTooLarge, i, size, maxBytes)
		}
		if body, err = readN(r.br, body, int(size)); err != nil {
			return nil, bodyErr(fmt.Sprintf("body of change %d", i), err)
		}
		if mem += decodedCost(body); mem > memLimit {
			return nil, fmt.Errorf("%w: decoded, the changes up to change %d would take more than %d bytes of memory (%d times the limit of %d bytes)",
				ErrTooLarge, i, memLimit, memFactor, maxBytes)
		}
		c, err := crdt.DecodeBody(body)
		if err != nil {
			return nil, fmt.Errorf("%w: change %d: %w", ErrMalformed, i, err)
		}
		if canon = c.AppendBody(canon[:0]); !bytes.Equal(canon, body) {
			return nil, malformed("change %d (%s/%d) is not in canonical form", i, c.Origin.Short(), c.Seq)
		}
		if err := checkNew(origins, keys, b.Changes, &c, i); err != nil {
			return nil, err
		}
		b.Changes = append(b.Changes, c)
		if progress != nil && ((i+1)%progressEvery == 0 || i+1 == n) {
			progress(int64(i+1), int64(n))
		}
	}

	// The decompressed body must end here, and the compressed data exactly
	// at the body's declared length.
	if _, err := r.br.ReadByte(); err == nil {
		return nil, malformed("the body holds more data after its %d changes", n)
	} else if err != io.EOF {
		return nil, bodyErr("end of the body", err)
	}
	if left := src.limit - src.offset(); left > 0 {
		return nil, malformed("%s of the body follow the end of its compressed data", byteCount(left))
	}
	return b, nil
}

// checkNew checks that change c, number i, has a key for its origin and is
// not a duplicate of one of the changes before it.
func checkNew(origins map[crdt.DeviceID]*originState, keys map[crdt.DeviceID]ed25519.PublicKey,
	before []crdt.Change, c *crdt.Change, i int) error {
	st := origins[c.Origin]
	if st == nil {
		if _, ok := keys[c.Origin]; !ok {
			return malformed("change %d (%s/%d): the key table lacks the key of its origin device",
				i, c.Origin.Short(), c.Seq)
		}
		st = &originState{}
		origins[c.Origin] = st
	}
	if st.seqs == nil {
		if c.Seq > st.last {
			st.last = c.Seq
			return nil
		}
		st.seqs = make(map[uint64]struct{})
		for j := range before {
			if before[j].Origin == c.Origin {
				st.seqs[before[j].Seq] = struct{}{}
			}
		}
	}
	if _, dup := st.seqs[c.Seq]; dup {
		return malformed("change %d (%s/%d) appears twice", i, c.Origin.Short(), c.Seq)
	}
	st.seqs[c.Seq] = struct{}{}
	return nil
}

// readKeys reads the key table: a count, then 32-byte keys in strictly
// increasing order of device id, including the sender's.
func readKeys(r *bodyReader, hdr Header) (map[crdt.DeviceID]ed25519.PublicKey, error) {
	n, err := r.uvarint()
	if err != nil {
		return nil, bodyErr("key count", err)
	}
	if n > uint64(r.remaining()/keySize) {
		return nil, fmt.Errorf("%w: the key table claims %d keys, over the limit of %d decompressed bytes",
			ErrTooLarge, n, r.bud.max)
	}
	keys := make(map[crdt.DeviceID]ed25519.PublicKey, min(n, 1024))
	var prev crdt.DeviceID
	for i := uint64(0); i < n; i++ {
		k := make(ed25519.PublicKey, keySize)
		if _, err := io.ReadFull(r.br, k); err != nil {
			return nil, bodyErr(fmt.Sprintf("key %d", i), err)
		}
		id := crdt.DeviceIDFromPublicKey(k)
		if i > 0 && id == prev {
			return nil, malformed("key %d of the key table appears twice", i)
		}
		if i > 0 && id.Compare(prev) < 0 {
			return nil, malformed("key table is not in increasing device id order at key %d", i)
		}
		keys[id], prev = k, id
	}
	if k, ok := keys[hdr.Sender]; !ok || !bytes.Equal(k, hdr.SenderKey) {
		return nil, malformed("the key table lacks the sender's key")
	}
	return keys, nil
}

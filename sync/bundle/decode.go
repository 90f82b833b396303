package bundle

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/konbit/konbit/sync/crdt"
)

// progressEvery is how many changes Decode reads between Progress calls.
const progressEvery = 1024

// sigArenaSize is how many signatures share one allocation.
const sigArenaSize = 1024

// ReadHeader reads and checks the magic, the format version and the
// header, and returns the header. It reads exactly that much from r, so r
// can be read on afterwards, and costs little: the header is not
// compressed. The header is not authenticated: the checksum covering it is
// at the end of the file, and only Decode checks it.
func ReadHeader(r io.Reader) (Header, error) {
	src := newSource(r, nil, 4<<10)
	h, _, err := readHeader(src)
	return h, err
}

// readHeader reads the preamble and the header. A content error of a
// completely read header is returned as hdrErr (so Decode can check the
// checksum before reporting it); anything else as err.
func readHeader(src *source) (h Header, hdrErr, err error) {
	var pre [preambleSize]byte
	src.expect(magicSize, 2+4+minHeaderLen+bodyLenSize+checksumSize, false)
	if err := src.full(pre[:magicSize]); err != nil {
		got := pre[:src.offset()]
		if errors.Is(err, ErrTruncated) && string(got) == Magic[:len(got)] {
			return Header{}, nil, err
		}
		if errors.Is(err, ErrTruncated) {
			return Header{}, nil, fmt.Errorf("%w (the file is %d bytes long and does not start with the bundle signature)",
				ErrNotBundle, len(got))
		}
		return Header{}, nil, err
	}
	if string(pre[:magicSize]) != Magic {
		return Header{}, nil, fmt.Errorf("%w (the file does not start with the bundle signature %q)", ErrNotBundle, Magic)
	}
	src.expect(2, 4+minHeaderLen+bodyLenSize+checksumSize, false)
	if err := src.full(pre[magicSize : magicSize+2]); err != nil {
		return Header{}, nil, err
	}
	if v := binary.BigEndian.Uint16(pre[magicSize:]); v != FormatVersion {
		return Header{}, nil, versionError(v)
	}
	src.expect(4, minHeaderLen+bodyLenSize+checksumSize, false)
	if err := src.full(pre[magicSize+2:]); err != nil {
		return Header{}, nil, err
	}
	hlen := binary.BigEndian.Uint32(pre[magicSize+2:])
	if hlen > maxHeaderLen {
		return Header{}, nil, fmt.Errorf("%w: header of %d bytes exceeds the limit of %d bytes", ErrTooLarge, hlen, maxHeaderLen)
	}
	if hlen < minHeaderLen {
		return Header{}, nil, malformed("header length %d is below the minimum of %d bytes", hlen, minHeaderLen)
	}
	src.expect(int64(hlen), bodyLenSize+checksumSize, false)
	p, err := readN(src, nil, int(hlen))
	if err != nil {
		return Header{}, nil, err
	}
	h, hdrErr = parseHeader(p)
	return h, hdrErr, nil
}

// Decode reads a whole bundle file from r and checks its structure and
// checksum. It does not check signatures: call Verify for that. It reads
// r up to its end and fails on any byte after the checksum. On a damaged
// file it reports ErrChecksum whenever the checksum can be read, rather
// than the first structural error the damage caused. Errors wrap
// ErrNotBundle, ErrVersion, ErrTruncated, ErrChecksum, ErrMalformed,
// ErrTooLarge, crdt.ErrMalformed (bad change body), or the reader's error.
func Decode(r io.Reader, opt DecodeOptions) (*Bundle, error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	src := newSource(r, sha256.New(), 64<<10)
	hdr, hdrErr, err := readHeader(src)
	if err != nil {
		return nil, err
	}

	var lenBuf [bodyLenSize]byte
	src.expect(bodyLenSize, checksumSize, false)
	if err := src.full(lenBuf[:]); err != nil {
		return nil, firstErr(hdrErr, err)
	}
	bodyLen := binary.BigEndian.Uint64(lenBuf[:])
	// DEFLATE grows incompressible data by 5 bytes per 64 KiB block.
	if maxCompressed := maxBytes + maxBytes/1024 + 1024; bodyLen > uint64(maxCompressed) {
		return nil, firstErr(hdrErr, fmt.Errorf("%w: compressed body of %d bytes exceeds what the limit of %d decompressed bytes allows",
			ErrTooLarge, bodyLen, maxBytes))
	}
	src.expect(int64(bodyLen), checksumSize, true)
	if hdrErr != nil {
		return nil, settle(src, nil, hdrErr)
	}

	body := newBodyReader(src, maxBytes)
	b, err := decodeBody(src, body, hdr, opt.Progress)
	if err != nil {
		return nil, settle(src, body, err)
	}
	if err := checkSum(src); err != nil {
		return nil, err
	}
	if end, err := src.atEnd(); err != nil {
		return nil, err
	} else if !end {
		return nil, malformed("unexpected data after the end of the bundle (which is %d bytes long)", src.offset())
	}
	return b, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// checkSum reads the checksum that follows the body and compares it with
// the hash of everything before it.
func checkSum(src *source) error {
	want := src.sum()
	var got [checksumSize]byte
	src.expect(checksumSize, 0, true)
	if err := src.full(got[:]); err != nil {
		return err
	}
	if !bytes.Equal(got[:], want) {
		return fmt.Errorf("%w: the file is damaged or was altered after it was written", ErrChecksum)
	}
	return nil
}

// settle reports a decoding error found in the header or (if r is not
// nil) the body. It reads on to the checksum: if the checksum can be read
// and does not match, the file is damaged and ErrChecksum says so. If the
// checksum matches but the body decompresses to more than the limit, that
// is reported as ErrTooLarge (a zip bomb need not be well formed). If the
// rest cannot be read, or neither applies, the decoding error stands.
func settle(src *source, r *bodyReader, err error) error {
	if errors.Is(err, ErrTruncated) {
		return err
	}
	var tooLarge error
	if errors.Is(err, ErrTooLarge) {
		tooLarge = err
	} else if r != nil {
		// Decompress (and drop) the rest of the body, within the limit.
		if _, derr := io.Copy(io.Discard, r.br); errors.Is(derr, ErrTooLarge) {
			tooLarge = derr
		}
	}
	if src.skip() != nil {
		return err
	}
	if cerr := checkSum(src); errors.Is(cerr, ErrChecksum) {
		return fmt.Errorf("%w: the file is damaged or was altered after it was written (decoding it failed with: %v)",
			ErrChecksum, err)
	} else if cerr != nil {
		return err
	}
	if tooLarge != nil {
		return tooLarge
	}
	return err
}

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

// readN reads exactly n bytes into buf (reused when big enough). It grows
// a large buffer only as data arrives, so a bogus length cannot make it
// allocate more than twice what the input really holds.
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

// decodeBody decompresses and parses the body: key table and changes.
// src is limited to the compressed body, which r decompresses.
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
		b.Changes = make([]crdt.Change, 0, min(n, 1<<14))
	}
	seen := make(map[originSeq]struct{}, min(n, 1<<14))
	var body, canon, sigs []byte
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
		c, err := crdt.DecodeBody(body)
		if err != nil {
			return nil, fmt.Errorf("%w: change %d: %w", ErrMalformed, i, err)
		}
		if canon = c.AppendBody(canon[:0]); !bytes.Equal(canon, body) {
			return nil, malformed("change %d (%s/%d) is not in canonical form", i, c.Origin.Short(), c.Seq)
		}
		if _, ok := keys[c.Origin]; !ok {
			return nil, malformed("change %d (%s/%d): the key table lacks the key of its origin device",
				i, c.Origin.Short(), c.Seq)
		}
		k := originSeq{c.Origin, c.Seq}
		if _, dup := seen[k]; dup {
			return nil, malformed("change %d (%s/%d) appears twice", i, c.Origin.Short(), c.Seq)
		}
		seen[k] = struct{}{}

		if len(sigs) < sigSize {
			sigs = make([]byte, sigSize*min(sigArenaSize, n-i))
		}
		c.Sig, sigs = sigs[:sigSize:sigSize], sigs[sigSize:]
		if _, err := io.ReadFull(r.br, c.Sig); err != nil {
			return nil, bodyErr(fmt.Sprintf("signature of change %d", i), err)
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
		return nil, malformed("%d bytes of the body follow the end of its compressed data", left)
	}
	return b, nil
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
		if i > 0 && id.Compare(prev) <= 0 {
			return nil, malformed("key table is not in strictly increasing device id order at key %d", i)
		}
		keys[id], prev = k, id
	}
	if k, ok := keys[hdr.Sender]; !ok || !bytes.Equal(k, hdr.SenderKey) {
		return nil, malformed("the key table lacks the sender's key")
	}
	return keys, nil
}

package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ReadHeader reads and checks the magic, the format version and the
// header, and returns the header. It reads exactly that much from r, so r
// can be read on afterwards, and costs little: the header is not
// compressed. A version 2 header's signature is checked (Header.Signed);
// a version 1 header is not authenticated at all.
func ReadHeader(r io.Reader) (Header, error) {
	src := newSource(r, nil, 4<<10)
	h, hdrErr, err := readHeader(src)
	return h, firstErr(err, hdrErr)
}

// readHeader reads the preamble and the header. A content error of a
// completely read header is returned as hdrErr (so Decode can check the
// checksum before reporting it); anything else as err.
func readHeader(src *source) (h Header, hdrErr, err error) {
	var pre [preambleSize]byte
	src.expect(magicSize, 2+4+minHeaderLen+minTail, false)
	if err := src.full(pre[:magicSize]); err != nil {
		got := pre[:src.offset()]
		if errors.Is(err, ErrTruncated) && string(got) == Magic[:len(got)] {
			return Header{}, nil, err
		}
		if errors.Is(err, ErrTruncated) {
			return Header{}, nil, fmt.Errorf("%w (the file is %s long and does not start with the bundle signature)",
				ErrNotBundle, byteCount(len(got)))
		}
		return Header{}, nil, err
	}
	if string(pre[:magicSize]) != Magic {
		return Header{}, nil, fmt.Errorf("%w (the file does not start with the bundle signature %q)", ErrNotBundle, Magic)
	}
	src.expect(2, 4+minHeaderLen+minTail, false)
	if err := src.full(pre[magicSize : magicSize+2]); err != nil {
		return Header{}, nil, err
	}
	version := binary.BigEndian.Uint16(pre[magicSize:])
	if version < MinFormatVersion || version > FormatVersion {
		return Header{}, nil, versionError(version)
	}
	sigLen := 0
	if version >= 2 {
		sigLen = sigSize
	}
	src.expect(4, minHeaderLen+minTail, false)
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
	src.expect(int64(hlen), int64(sigLen)+minTail, false)
	p, err := readN(src, nil, int(hlen))
	if err != nil {
		return Header{}, nil, err
	}
	h, hdrErr = parseHeader(p)
	h.FormatVersion = version
	if sigLen == 0 {
		return h, hdrErr, nil
	}
	src.expect(int64(sigLen), minTail, false)
	sig, err := readN(src, nil, sigLen)
	if err != nil {
		return Header{}, nil, err
	}
	if hdrErr == nil && !ed25519.Verify(h.SenderKey, headerSigningBytes(version, p), sig) {
		hdrErr = fmt.Errorf("%w: the bundle header is not signed by its sender %s: it was altered", ErrSignature, h.Sender.Short())
	}
	h.Signed = hdrErr == nil
	return h, hdrErr, nil
}

// Decode reads a whole bundle file from r and checks its structure and
// checksum. It checks the header signature but not the changes': call Verify for that. It reads
// r up to its end and fails on any byte after the checksum. On a damaged
// file it reports ErrChecksum whenever the checksum can be found, rather
// than the first structural error the damage caused. Errors wrap
// ErrNotBundle, ErrVersion, ErrTruncated, ErrChecksum, ErrSignature (a
// version 2 header its sender did not sign), ErrMalformed (and
// crdt.ErrMalformed for a bad change body), ErrTooLarge, or r's error.
func Decode(r io.Reader, opt DecodeOptions) (*Bundle, error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	d := &decoder{src: newSource(r, sha256.New(), 64<<10), maxBytes: maxBytes}
	hdr, hdrErr, err := readHeader(d.src)
	if err != nil {
		return nil, err
	}
	if err := d.enterBody(hdr, hdrErr == nil); err != nil {
		return nil, firstErr(hdrErr, err)
	}
	if hdrErr != nil {
		return nil, d.settle(hdrErr)
	}

	d.body = newBodyReader(d.src, maxBytes)
	b, err := decodeBody(d.src, d.body, hdr, opt.Progress)
	if err != nil {
		return nil, d.settle(err)
	}

	sigLen, err := d.enterSigs()
	if err != nil {
		return nil, err
	}
	if want := uint64(len(b.Changes)) * sigSize; sigLen != want {
		return nil, d.settle(malformed("signature section of %d bytes, want %d for %d changes", sigLen, want, len(b.Changes)))
	}
	sigs, err := readN(d.src, nil, int(sigLen))
	if err != nil {
		return nil, err
	}
	for i := range b.Changes {
		b.Changes[i].Sig = sigs[i*sigSize : (i+1)*sigSize : (i+1)*sigSize]
	}

	if err := checkSum(d.src); err != nil {
		return nil, err
	}
	if end, err := d.src.atEnd(); err != nil {
		return nil, err
	} else if !end {
		return nil, malformed("unexpected data after the end of the bundle (which is %d bytes long)", d.src.offset())
	}
	return b, nil
}

// decoder holds the state Decode needs to find the checksum after an
// error.
type decoder struct {
	src      *source
	maxBytes int64
	body     *bodyReader // set once the body is being read
	inSigs   bool        // the source is limited to the signature section
	changes  int64       // change count, if the header was read (else -1)
}

// enterBody reads the body length and limits the source to the body.
func (d *decoder) enterBody(hdr Header, hdrOK bool) error {
	d.changes = -1
	if hdrOK {
		d.changes = int64(hdr.Changes)
	}
	n, err := d.readLen("body length", checksumSize)
	if err != nil {
		return err
	}
	// DEFLATE grows incompressible data by 5 bytes per 64 KiB block.
	if maxCompressed := d.maxBytes + d.maxBytes/1024 + 1024; n > uint64(maxCompressed) {
		return fmt.Errorf("%w: compressed body of %d bytes exceeds what the limit of %d decompressed bytes allows",
			ErrTooLarge, n, d.maxBytes)
	}
	if d.changes >= 0 && d.changes <= d.maxBytes/minChangeSize {
		// The rest of the file's size is known: length, signatures, checksum.
		d.src.expect(int64(n), sigLenSize+d.changes*sigSize+checksumSize, true)
	} else {
		d.src.expect(int64(n), sigLenSize+checksumSize, false)
	}
	return nil
}

// enterSigs reads the signature section's length and limits the source to
// the section.
func (d *decoder) enterSigs() (uint64, error) {
	n, err := d.readLen("signature section length", checksumSize)
	if err != nil {
		return 0, err
	}
	if max := uint64(d.maxBytes/minChangeSize) * sigSize; n > max {
		return 0, fmt.Errorf("%w: signature section of %d bytes is more than the limit of %d decompressed bytes allows",
			ErrTooLarge, n, d.maxBytes)
	}
	d.src.expect(int64(n), checksumSize, true)
	d.inSigs = true
	return n, nil
}

// readLen reads a u64 length field followed by at least tail bytes.
func (d *decoder) readLen(what string, tail int64) (uint64, error) {
	var p [8]byte
	d.src.expect(8, tail, false)
	if err := d.src.full(p[:]); err != nil {
		return 0, fmt.Errorf("%w (in the %s)", err, what)
	}
	return binary.BigEndian.Uint64(p[:]), nil
}

// settle reports a decoding error found in the header, body or signature
// section. It reads on to the checksum: if the checksum can be read and
// does not match, the file is damaged and ErrChecksum says so. If the
// checksum matches but the body decompresses to more than the limit, that
// is reported as ErrTooLarge (a zip bomb need not be well formed). If the
// rest cannot be read, or neither applies, the decoding error stands.
func (d *decoder) settle(err error) error {
	if errors.Is(err, ErrTruncated) {
		return err
	}
	var tooLarge error
	if errors.Is(err, ErrTooLarge) {
		tooLarge = err
	} else if d.body != nil && !d.inSigs {
		// Decompress (and drop) the rest of the body, within the limit.
		if _, derr := io.Copy(io.Discard, d.body.br); errors.Is(derr, ErrTooLarge) {
			tooLarge = derr
		}
	}
	if !d.inSigs {
		if d.src.skip() != nil {
			return err
		}
		if _, serr := d.enterSigs(); serr != nil {
			return err
		}
	}
	if d.src.skip() != nil {
		return err
	}
	if cerr := checkSum(d.src); errors.Is(cerr, ErrChecksum) {
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

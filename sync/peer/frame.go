package peer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/konbit/konbit/sync/crdt"
)

// Frame types.
const (
	msgHello  byte = 1 // session hello
	msgRefuse byte = 2 // refusal or drop notice, with the reason
	msgVector byte = 3 // version vector
	msgBatch  byte = 4 // one batch (a bundle)
	msgAck    byte = 5 // batches merged so far and the new vector
	msgDone   byte = 6 // nothing more to send; number of batches sent

	msgPairHello    byte = 16 // pairing hello: protocol version, device name
	msgCommit       byte = 17 // SHA-256 of the joiner's nonce
	msgNonce        byte = 18 // the listener's nonce
	msgReveal       byte = 19 // the joiner's nonce
	msgCode         byte = 20 // the code the joiner's user typed
	msgCodeMismatch byte = 21 // the joiner's own check failed
	msgPairResult   byte = 22 // listener's verdict: ok byte, reason
)

// ProtocolVersion is the version of the session and pairing protocol.
const ProtocolVersion = 1

// Limits of the frames and their fields.
const (
	DefaultMaxFrame = 8 << 20 // a frame's payload, bytes
	frameHeader     = 5
	maxName         = 256  // device name, bytes
	maxReason       = 1024 // refusal reason, bytes
	maxVectorLen    = 1 << 16
)

func msgName(t byte) string {
	switch t {
	case msgHello:
		return "hello"
	case msgRefuse:
		return "refuse"
	case msgVector:
		return "vector"
	case msgBatch:
		return "batch"
	case msgAck:
		return "ack"
	case msgDone:
		return "done"
	case msgPairHello:
		return "pairing hello"
	case msgCommit:
		return "commitment"
	case msgNonce:
		return "nonce"
	case msgReveal:
		return "reveal"
	case msgCode:
		return "code"
	case msgCodeMismatch:
		return "code mismatch"
	case msgPairResult:
		return "pairing result"
	}
	return fmt.Sprintf("type %d", t)
}

// writeFrame writes one frame in one Write call.
func writeFrame(w io.Writer, t byte, payload []byte) (int, error) {
	buf := make([]byte, frameHeader+len(payload))
	buf[0] = t
	binary.BigEndian.PutUint32(buf[1:5], uint32(len(payload)))
	copy(buf[frameHeader:], payload)
	return w.Write(buf)
}

// readFrame reads one frame, refusing a payload longer than max before
// allocating it.
func readFrame(r io.Reader, max int) (byte, []byte, error) {
	var h [frameHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(h[1:5])
	if int64(n) > int64(max) {
		return h[0], nil, fmt.Errorf("%w: a %s frame of %d bytes, over the limit of %d", ErrTooMuch, msgName(h[0]), n, max)
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return h[0], nil, err
	}
	return h[0], p, nil
}

// decoder reads a payload; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrGarbage}, args...)...)
	}
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || len(d.b) < n {
		d.fail("message is truncated")
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u8() byte {
	b := d.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (d *decoder) u16() uint16 {
	b := d.bytes(2)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint16(b)
}

// uvarint reads a minimally encoded unsigned varint.
func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || n != len(binary.AppendUvarint(nil, v)) {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) str(max int) string {
	n := int(d.u16())
	if d.err == nil && n > max {
		d.fail("string of %d bytes, over %d", n, max)
		return ""
	}
	s := string(d.bytes(n))
	if d.err == nil && !utf8.ValidString(s) {
		d.fail("string is not UTF-8")
	}
	return s
}

func (d *decoder) device() crdt.DeviceID {
	var id crdt.DeviceID
	copy(id[:], d.bytes(len(id)))
	return id
}

func (d *decoder) vector() crdt.Vector {
	n := d.uvarint()
	if d.err == nil && n > maxVectorLen {
		d.fail("vector of %d devices", n)
	}
	v := crdt.Vector{}
	var prev crdt.DeviceID
	for i := uint64(0); i < n && d.err == nil; i++ {
		id := d.device()
		seq := d.uvarint()
		if d.err != nil {
			break
		}
		if i > 0 && id.Compare(prev) <= 0 {
			d.fail("vector entries out of order")
		}
		if seq == 0 {
			d.fail("vector entry with seq 0")
		}
		v[id] = seq
		prev = id
	}
	return v
}

// end checks that the whole payload was read.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d trailing bytes", len(d.b))
	}
	return d.err
}

func appendStr(b []byte, s string, max int) []byte {
	if len(s) > max {
		s = s[:max]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...)
}

func appendVector(b []byte, v crdt.Vector) []byte {
	ids := make([]crdt.DeviceID, 0, len(v))
	for _, id := range v.Devices() {
		if v[id] > 0 {
			ids = append(ids, id)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = append(b, id[:]...)
		b = binary.AppendUvarint(b, v[id])
	}
	return b
}

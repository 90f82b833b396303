package peer

import (
	"encoding/binary"

	"github.com/konbit/konbit/sync/crdt"
)

// hello opens a session.
type hello struct {
	Version uint16
	Device  crdt.DeviceID
	Schema  uint16
	Name    string
}

func (h hello) encode() []byte {
	b := binary.BigEndian.AppendUint16(nil, h.Version)
	b = append(b, h.Device[:]...)
	b = binary.BigEndian.AppendUint16(b, h.Schema)
	return appendStr(b, h.Name, maxName)
}

func decodeHello(p []byte) (hello, error) {
	d := decoder{b: p}
	h := hello{Version: d.u16(), Device: d.device(), Schema: d.u16(), Name: d.str(maxName)}
	return h, d.end()
}

func encodeReason(s string) []byte { return appendStr(nil, s, maxReason) }

func decodeReason(p []byte) (string, error) {
	d := decoder{b: p}
	s := d.str(maxReason)
	return s, d.end()
}

func encodeVector(v crdt.Vector) []byte { return appendVector(nil, v) }

func decodeVector(p []byte) (crdt.Vector, error) {
	d := decoder{b: p}
	v := d.vector()
	return v, d.end()
}

// ack acknowledges the first Batches batches received, all merged, and
// gives the receiver's vector after them.
type ack struct {
	Batches uint64
	Vector  crdt.Vector
}

func (a ack) encode() []byte {
	return appendVector(binary.AppendUvarint(nil, a.Batches), a.Vector)
}

func decodeAck(p []byte) (ack, error) {
	d := decoder{b: p}
	a := ack{Batches: d.uvarint(), Vector: d.vector()}
	return a, d.end()
}

func encodeCount(n uint64) []byte { return binary.AppendUvarint(nil, n) }

func decodeCount(p []byte) (uint64, error) {
	d := decoder{b: p}
	n := d.uvarint()
	return n, d.end()
}

// pairHello opens a pairing: the device id comes from the TLS certificate.
type pairHello struct {
	Version uint16
	Name    string
}

func (h pairHello) encode() []byte {
	return appendStr(binary.BigEndian.AppendUint16(nil, h.Version), h.Name, maxName)
}

func decodePairHello(p []byte) (pairHello, error) {
	d := decoder{b: p}
	h := pairHello{Version: d.u16(), Name: d.str(maxName)}
	return h, d.end()
}

// decode32 reads a commitment, nonce or reveal.
func decode32(p []byte) ([32]byte, error) {
	var out [32]byte
	d := decoder{b: p}
	copy(out[:], d.bytes(32))
	return out, d.end()
}

// decodeCode reads a 6-digit code.
func decodeCode(p []byte) (string, error) {
	d := decoder{b: p}
	c := d.bytes(codeDigits)
	for _, ch := range c {
		if ch < '0' || ch > '9' {
			d.fail("code is not %d digits", codeDigits)
			break
		}
	}
	return string(c), d.end()
}

// pairResult is the listener's verdict on a code.
type pairResult struct {
	OK     bool
	Reason string
}

func (r pairResult) encode() []byte {
	b := []byte{0}
	if r.OK {
		b[0] = 1
	}
	return appendStr(b, r.Reason, maxReason)
}

func decodePairResult(p []byte) (pairResult, error) {
	d := decoder{b: p}
	ok := d.u8()
	if d.err == nil && ok > 1 {
		d.fail("bad verdict %d", ok)
	}
	r := pairResult{OK: ok == 1, Reason: d.str(maxReason)}
	return r, d.end()
}

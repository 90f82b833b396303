package crdt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/google/uuid"
)

// The canonical body encoding of a change (what is signed, stored and sent):
//
//	origin   16 bytes
//	seq      uvarint
//	hlc      uvarint
//	nops     uvarint
//	ops      nops times: kind byte, body length uvarint, body
//
// An OpSet/OpDelete body is: record (16 bytes), type (uvarint length +
// bytes), nfields uvarint, then per field name (uvarint length + bytes) and
// value (uvarint length + bytes). Bodies of unknown kinds are kept verbatim.

// Limits that keep a hostile body from making the decoder allocate wildly.
const (
	MaxNameLen  = 1 << 10  // record type and field names
	MaxValueLen = 16 << 20 // one field value
)

// Counts are bounded by the bytes left (each op or field takes at least 2
// bytes), so DecodeBody allocates at most a few dozen times the size of
// its input; sync/bundle bounds the total for untrusted bundles.

// ErrMalformed is wrapped by every body decoding error.
var ErrMalformed = errors.New("malformed change")

// AppendBody appends the canonical body encoding (without signature).
func (c *Change) AppendBody(b []byte) []byte {
	b = append(b, c.Origin[:]...)
	b = binary.AppendUvarint(b, c.Seq)
	b = binary.AppendUvarint(b, uint64(c.HLC))
	b = binary.AppendUvarint(b, uint64(len(c.Ops)))
	for i := range c.Ops {
		op := &c.Ops[i]
		b = append(b, byte(op.Kind))
		if !op.Known() {
			b = binary.AppendUvarint(b, uint64(len(op.Raw)))
			b = append(b, op.Raw...)
			continue
		}
		b = binary.AppendUvarint(b, uint64(op.bodyLen()))
		b = append(b, op.Record[:]...)
		b = appendBytes(b, []byte(op.Type))
		b = binary.AppendUvarint(b, uint64(len(op.Fields)))
		for _, f := range op.Fields {
			b = appendBytes(b, []byte(f.Name))
			b = appendBytes(b, f.Value)
		}
	}
	return b
}

// bodyLen is the length of the change's body encoding (AppendBody's).
func (c *Change) bodyLen() int {
	n := 16 + uvarintLen(c.Seq) + uvarintLen(uint64(c.HLC)) + uvarintLen(uint64(len(c.Ops)))
	for i := range c.Ops {
		op := &c.Ops[i]
		size := len(op.Raw)
		if op.Known() {
			size = op.bodyLen()
		}
		n += 1 + uvarintLen(uint64(size)) + size
	}
	return n
}

func (o *Op) bodyLen() int {
	n := 16 + uvarintLen(uint64(len(o.Type))) + len(o.Type) + uvarintLen(uint64(len(o.Fields)))
	for _, f := range o.Fields {
		n += uvarintLen(uint64(len(f.Name))) + len(f.Name) + uvarintLen(uint64(len(f.Value))) + len(f.Value)
	}
	return n
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

func appendBytes(b, s []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// DecodeBody parses a canonical body (as produced by AppendBody). The
// returned change has no signature. Slices in the result do not alias body.
func DecodeBody(body []byte) (Change, error) {
	r := reader{b: body}
	var c Change
	copy(c.Origin[:], r.fixed(16))
	c.Seq = r.uvarint()
	c.HLC = Timestamp(r.uvarint())
	n := r.count(2) // an op takes at least 2 bytes
	if r.err == nil && n > 0 {
		c.Ops = make([]Op, 0, n)
	}
	var names interner
	for i := 0; i < n && r.err == nil; i++ {
		kind := OpKind(r.byte())
		size := r.count(1)
		opBody := r.fixed(size)
		if r.err != nil {
			break
		}
		op, err := decodeOp(kind, opBody, &names)
		if err != nil {
			return Change{}, fmt.Errorf("%w: op %d: %v", ErrMalformed, i, err)
		}
		c.Ops = append(c.Ops, op)
	}
	if r.err != nil {
		return Change{}, fmt.Errorf("%w: %v", ErrMalformed, r.err)
	}
	if r.off != len(body) {
		return Change{}, fmt.Errorf("%w: %d trailing bytes", ErrMalformed, len(body)-r.off)
	}
	if err := c.checkNumbers(); err != nil {
		return Change{}, err
	}
	return c, nil
}

// interner shares the strings of the record types and field names a
// change repeats (a change of a hundred ops names a few types and fields):
// one string each rather than one per op and field.
type interner struct {
	strs [16]string
	n    int
}

func (in *interner) get(b []byte) string {
	for _, s := range in.strs[:in.n] {
		if s == string(b) {
			return s
		}
	}
	s := string(b)
	if in.n < len(in.strs) {
		in.strs[in.n] = s
		in.n++
	}
	return s
}

func decodeOp(kind OpKind, body []byte, names *interner) (Op, error) {
	op := Op{Kind: kind}
	if !op.Known() {
		op.Raw = append([]byte(nil), body...)
		return op, nil
	}
	r := reader{b: body}
	copy(op.Record[:], r.fixed(16))
	op.Type = names.get(r.bytes(MaxNameLen))
	n := r.count(2)
	if r.err == nil && n > 0 {
		op.Fields = make([]Field, 0, n)
	}
	for i := 0; i < n && r.err == nil; i++ {
		name := names.get(r.bytes(MaxNameLen))
		val := r.bytes(MaxValueLen)
		if r.err == nil {
			op.Fields = append(op.Fields, Field{Name: name, Value: append([]byte{}, val...)})
		}
	}
	if r.err != nil {
		return Op{}, r.err
	}
	if r.off != len(body) {
		return Op{}, fmt.Errorf("%d trailing bytes", len(body)-r.off)
	}
	if kind == OpDelete && len(op.Fields) > 0 {
		return Op{}, errors.New("delete carries fields")
	}
	if op.Record == (uuid.UUID{}) {
		return Op{}, errors.New("nil record id")
	}
	if op.Type == "" {
		return Op{}, errors.New("empty record type")
	}
	return op, nil
}

// reader is a bounds-checked cursor; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, a...)
	}
}

func (r *reader) fixed(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.fail("need %d bytes at offset %d, have %d", n, r.off, len(r.b)-r.off)
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) byte() byte {
	s := r.fixed(1)
	if s == nil {
		return 0
	}
	return s[0]
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad varint at offset %d", r.off)
		return 0
	}
	r.off += n
	return v
}

// count reads a length or count that must fit in what remains, given that
// each counted item takes at least minSize bytes.
func (r *reader) count(minSize int) int {
	v := r.uvarint()
	if r.err != nil {
		return 0
	}
	remaining := uint64(len(r.b) - r.off)
	if v > math.MaxInt32 || v*uint64(minSize) > remaining {
		r.fail("count %d at offset %d exceeds the %d bytes left", v, r.off, remaining)
		return 0
	}
	return int(v)
}

func (r *reader) bytes(max int) []byte {
	n := r.count(1)
	if r.err == nil && n > max {
		r.fail("length %d over the limit of %d", n, max)
		return nil
	}
	return r.fixed(n)
}

// checkNumbers rejects sequence numbers and timestamps that cannot be
// stored as positive signed 64-bit integers (the store's column type).
func (c *Change) checkNumbers() error {
	if c.Seq == 0 || c.Seq > math.MaxInt64 {
		return fmt.Errorf("%w: sequence number %d out of range", ErrMalformed, c.Seq)
	}
	if c.HLC == 0 || uint64(c.HLC) > math.MaxInt64 {
		return fmt.Errorf("%w: timestamp %d out of range", ErrMalformed, uint64(c.HLC))
	}
	return nil
}

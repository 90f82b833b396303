package bundle

import (
	"encoding/binary"
	"unsafe"

	"github.com/konbit/konbit/sync/crdt"
)

// memFactor bounds the memory of decoded changes: at most memFactor times
// DecodeOptions.MaxBytes. Genuine changes take 3 to 6 times their encoded
// size once decoded; a crafted body of empty ops or fields could take 44
// times, which this bound refuses.
const memFactor = 8

// What crdt.DecodeBody allocates, for decodedCost.
const (
	changeMem = int64(unsafe.Sizeof(crdt.Change{})) + sigSize
	opMem     = int64(unsafe.Sizeof(crdt.Op{}))
	fieldMem  = int64(unsafe.Sizeof(crdt.Field{}))
	allocMem  = 16 // size-class rounding and headers, per small allocation
	// pessimisticMem bounds, per body byte, what DecodeBody may allocate
	// for any body: an op per 2 bytes, a field per 2 bytes, the bytes.
	pessimisticMem = opMem/2 + fieldMem/2 + allocMem + 1
)

// decodedCost estimates, without allocating, how many bytes of memory
// crdt.DecodeBody will allocate for a change body: it walks the op frames
// and reads each known op's field count. On a body it cannot walk it
// returns a bound valid for any body of that size (DecodeBody will then
// reject the body, but may allocate before it does).
func decodedCost(body []byte) int64 {
	pessimistic := changeMem + int64(len(body))*pessimisticMem
	p := body
	if len(p) < deviceSize {
		return pessimistic
	}
	p = p[deviceSize:]
	for range 2 { // seq, hlc
		_, n := binary.Uvarint(p)
		if n <= 0 {
			return pessimistic
		}
		p = p[n:]
	}
	nops, n := binary.Uvarint(p)
	if n <= 0 || nops > uint64(len(p)-n)/2 {
		return pessimistic
	}
	p = p[n:]
	cost := changeMem + int64(nops)*opMem + int64(len(body))
	for range nops {
		if len(p) == 0 {
			return pessimistic
		}
		known := crdt.Op{Kind: crdt.OpKind(p[0])}.Known()
		size, n := binary.Uvarint(p[1:])
		if n <= 0 || size > uint64(len(p)-1-n) {
			return pessimistic
		}
		op := p[1+n : 1+n+int(size)]
		p = p[1+n+int(size):]
		cost += allocMem // the op's type string or raw body
		if !known {
			continue
		}
		if len(op) < 16 {
			return pessimistic
		}
		op = op[16:]
		tl, n := binary.Uvarint(op)
		if n <= 0 || tl > uint64(len(op)-n) {
			return pessimistic
		}
		op = op[n+int(tl):]
		nf, n := binary.Uvarint(op)
		if n <= 0 || nf > uint64(len(op)-n)/2 {
			return pessimistic
		}
		cost += int64(nf) * (fieldMem + 2*allocMem)
	}
	return cost + cost/8 // size classes round allocations up by at most 1/8
}
